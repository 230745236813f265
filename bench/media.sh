#!/usr/bin/env bash
# make bench-media: every declared derivative of a 24-megapixel JPEG, made
# by Gazette and by Debian's vipsthumbnail from the same file in the same
# run, with the time and the peak memory of each.
#
#   (a) Gazette, one derivative after another (gazette-bench-media)
#   (b) vipsthumbnail, one run per derivative, the same sizes, crops
#       (attention), formats and encoder settings
#   (c) Gazette's job runner, two workers, everything submitted at once
#   (d) a cached derivative (the 640-wide 16x9 WebP of the same picture,
#       brought in with `gazette media import`) served by Gazette, beside
#       nginx serving the same bytes from a file: wrk -t2, BENCH_DURATION
#       seconds (10) at BENCH_CONNECTIONS (64), BENCH_MEDIA_RUNS runs
#       interleaved, medians; target at least 0.9x
#
# The picture (6000x4000, q85) is generated with the vips command: smooth
# colour fields under a fine grain, so the encoders have real work to do.
# Prints figures and the ratio (a)/(b), target within 1.2x; it never
# fails on time. Settings: BENCH_MEDIA_RUNS (1), BENCH_MEDIA_JOBS (1: run
# (c); 0: skip it).
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${BENCH_MEDIA_RUNS:-1}
with_jobs=${BENCH_MEDIA_JOBS:-1}
build=build-release
sizes=themes/default/media.ini

source bench/lib.sh
bench_build
tool=$build/bench/gazette-bench-media

duration=${BENCH_DURATION:-10}
connections=${BENCH_CONNECTIONS:-64}
threads=${BENCH_THREADS:-$(nproc)}
work=$(mktemp -d /tmp/gazette-bench-media-XXXXXX)
chmod 755 "$work"
pids=()
trap bench_cleanup EXIT

make_picture() {
    vips gaussnoise "$work/noise.v" 600 400 --sigma 60 --mean 128
    vips resize "$work/noise.v" "$work/fields.v" 10 --kernel cubic
    vips falsecolour "$work/fields.v" "$work/colour.v"
    vips gaussnoise "$work/grain.v" 6000 4000 --sigma 3 --mean 0
    vips add "$work/colour.v" "$work/grain.v" "$work/sum.v"
    vips cast "$work/sum.v" "$work/photo.v" uchar
    vips copy "$work/photo.v" "$work/photo.jpg[Q=85]"
    rm -f "$work"/*.v
}

now() { date +%s.%N; }

# The options that match Gazette's encoder settings (src/media/derivative.c).
vips_options() {
    case $1 in
    avif) echo "avif[Q=50,effort=2,compression=av1,strip]" ;;
    webp) echo "webp[Q=80,strip]" ;;
    jpeg) echo "jpg[Q=82,optimize_coding,interlace,strip]" ;;
    esac
}

# run_gazette MODE OUT: the tool's lines in OUT; prints "SECONDS PEAK_KB CPU_SECONDS".
run_gazette() {
    local started finished
    started=$(now)
    "$tool" "$work/photo.jpg" "$sizes" "$1" >"$2"
    finished=$(now)
    awk -v s="$started" -v f="$finished" '$1 == "total" { printf "%.2f %d %.2f\n", f - s, $4, $5 }' "$2"
}

# run_vipsthumbnail LIST: one vipsthumbnail per derivative line of LIST;
# prints "SECONDS PEAK_KB BYTES CPU_SECONDS".
run_vipsthumbnail() {
    local started finished peak=0 bytes=0 index=0 cpu=0 width height format usage output
    started=$(now)
    while read -r _ width height format _; do
        index=$((index + 1))
        output="$work/thumb-$index.$(vips_options "$format")"
        usage=$(/usr/bin/time -f "%M %U %S" vipsthumbnail "$work/photo.jpg" \
            --size "${width}x${height}" --smartcrop attention -o "$output" 2>&1 >/dev/null | tail -1)
        read -r memory user system <<<"$usage"
        ((memory > peak)) && peak=$memory
        cpu=$(awk -v c="$cpu" -v u="$user" -v s="$system" 'BEGIN { print c + u + s }')
        bytes=$((bytes + $(stat -c %s "${output%%\[*}")))
    done < <(grep '^derivative' "$1")
    finished=$(now)
    rm -f "$work"/thumb-*
    awk -v s="$started" -v f="$finished" -v p="$peak" -v b="$bytes" -v c="$cpu" \
        'BEGIN { printf "%.2f %d %d %.2f\n", f - s, p, b, c }'
}

bytes_of() { awk '$1 == "derivative" { sum += $5 } END { print sum }' "$1"; }

echo "bench-media: generating a 6000x4000 JPEG (q85)"
make_picture
echo "picture: $(vipsheader "$work/photo.jpg" | cut -d: -f2-), $(stat -c %s "$work/photo.jpg") bytes"

for run in $(seq "$runs"); do
    read -r gazette_seconds gazette_peak gazette_cpu < <(run_gazette sequential "$work/gazette.txt")
    count=$(grep -c '^derivative' "$work/gazette.txt")
    read -r thumb_seconds thumb_peak thumb_bytes thumb_cpu < <(run_vipsthumbnail "$work/gazette.txt")
    echo
    echo "run $run: $count derivatives ($(grep '^formats' "$work/gazette.txt" | cut -d' ' -f2-): the formats this libvips writes)"
    awk -v n="$count" -v gs="$gazette_seconds" -v gp="$gazette_peak" -v gb="$(bytes_of "$work/gazette.txt")" \
        -v gc="$gazette_cpu" -v ts="$thumb_seconds" -v tp="$thumb_peak" -v tb="$thumb_bytes" \
        -v tc="$thumb_cpu" 'BEGIN {
        row = "  %-30s %7.2f s %5.2f/s  cpu %7.2f s  peak %5.0f MB  %5.1f MB written\n"
        printf row, "Gazette (sequential)", gs, n / gs, gc, gp / 1024, gb / 1048576
        printf row, "vipsthumbnail (one run each)", ts, n / ts, tc, tp / 1024, tb / 1048576
        printf "  ratio Gazette/vipsthumbnail: time %.2fx, cpu %.2fx (target at most 1.2x)\n", gs / ts, gc / tc
    }'
    if ((with_jobs)); then
        read -r jobs_seconds jobs_peak jobs_cpu < <(run_gazette jobs "$work/jobs.txt")
        awk -v n="$count" -v s="$jobs_seconds" -v p="$jobs_peak" -v c="$jobs_cpu" 'BEGIN {
            printf "  %-30s %7.2f s %5.2f/s  cpu %7.2f s  peak %5.0f MB\n", "Gazette job runner (2 workers)", s, n / s, c, p / 1024
        }'
    fi
    echo "  load average while it ran: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews the wall times)"
    echo "  per format, Gazette's seconds:"
    awk '$1 == "derivative" { t[$4] += $6; c[$4]++ } END { for (f in t) printf "    %-5s %2d in %6.2f s\n", f, c[f], t[f] }' "$work/gazette.txt"
done

# ---- (d) a cached derivative, Gazette beside nginx -------------------------

# The picture as an upload of today, named in the legacy scheme.
stem=$(python3 -c 'import time; t = time.time(); print(time.strftime("%Y/%m/%d", time.gmtime(t)) + "/bench_%d" % (621355968000000000 + int(t * 10**7)))')
mkdir -p "$work/originals/$(dirname "$stem")"
cp "$work/photo.jpg" "$work/originals/$stem.jpg"
store="sqlite:$work/media.db"
$build/gazette init --store "$store" >/dev/null
$build/gazette media import --store "$store" "$work/originals" >/dev/null
start_gazette media "$store" --theme themes/default
derivative="/media/${stem}_640_16x9.webp"
mkdir -p "$work/nginx/root"
curl -sf "$url$derivative" -o "$work/nginx/root/derivative.webp"
start_nginx "$work/nginx" "image/webp"
nginx_url="http://127.0.0.1:$nginx_port/derivative.webp"
cmp -s <(curl -s "$nginx_url") <(curl -s "$url$derivative") ||
    { echo "bench-media: nginx and Gazette do not serve the same bytes"; exit 1; }

echo
echo "cached derivative: $derivative, $(stat -c %s "$work/nginx/root/derivative.webp") bytes, c=$connections, ${duration} s runs"
: >"$work/serve.tsv"
for run in $(seq "$runs"); do
    for name in nginx gazette; do
        target=$nginx_url
        [[ $name == gazette ]] && target=$url$derivative
        rate=$(wrk -t2 -c"$connections" -d"${duration}s" "$target" | awk '/Requests\/sec/ { print $2 }')
        printf '%s\t%s\n' "$name" "$rate" >>"$work/serve.tsv"
        echo "  run $run $name: $rate req/s"
    done
done
python3 - "$work/serve.tsv" <<'REPORT'
import statistics, sys
rates = {}
for line in open(sys.argv[1]):
    name, rate = line.split()
    rates.setdefault(name, []).append(float(rate))
nginx, gazette = statistics.median(rates["nginx"]), statistics.median(rates["gazette"])
print(f"  medians: Gazette {gazette:,.0f} req/s, nginx {nginx:,.0f} req/s, "
      f"ratio Gazette/nginx {gazette / nginx:.2f} (target at least 0.9)")
REPORT
