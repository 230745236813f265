#!/usr/bin/env bash
# make bench-media: every declared derivative of a 24-megapixel JPEG, made
# by Gazette and by Debian's vipsthumbnail from the same file in the same
# run, with the time and the peak memory of each.
#
#   (a) Gazette, one derivative after another (gazette-bench-media)
#   (b) vipsthumbnail, one run per derivative, the same sizes, crops
#       (attention), formats and encoder settings
#   (c) Gazette's job runner, two workers, everything submitted at once
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

work=$(mktemp -d /tmp/gazette-bench-media-XXXXXX)
trap 'rm -rf "$work"' EXIT

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

# run_gazette MODE OUT: the tool's lines in OUT; prints "SECONDS PEAK_KB".
run_gazette() {
    local started finished
    started=$(now)
    "$tool" "$work/photo.jpg" "$sizes" "$1" >"$2"
    finished=$(now)
    awk -v s="$started" -v f="$finished" '$1 == "total" { printf "%.2f %d\n", f - s, $4 }' "$2"
}

# run_vipsthumbnail LIST: one vipsthumbnail per derivative line of LIST;
# prints "SECONDS PEAK_KB BYTES".
run_vipsthumbnail() {
    local started finished peak=0 bytes=0 index=0 width height format memory output
    started=$(now)
    while read -r _ width height format _; do
        index=$((index + 1))
        output="$work/thumb-$index.$(vips_options "$format")"
        memory=$(/usr/bin/time -f %M vipsthumbnail "$work/photo.jpg" --size "${width}x${height}" \
            --smartcrop attention -o "$output" 2>&1 >/dev/null | tail -1)
        ((memory > peak)) && peak=$memory
        bytes=$((bytes + $(stat -c %s "${output%%\[*}")))
    done < <(grep '^derivative' "$1")
    finished=$(now)
    rm -f "$work"/thumb-*
    awk -v s="$started" -v f="$finished" -v p="$peak" -v b="$bytes" \
        'BEGIN { printf "%.2f %d %d\n", f - s, p, b }'
}

bytes_of() { awk '$1 == "derivative" { sum += $5 } END { print sum }' "$1"; }

echo "bench-media: generating a 6000x4000 JPEG (q85)"
make_picture
echo "picture: $(vipsheader "$work/photo.jpg" | cut -d: -f2-), $(stat -c %s "$work/photo.jpg") bytes"

for run in $(seq "$runs"); do
    read -r gazette_seconds gazette_peak < <(run_gazette sequential "$work/gazette.txt")
    count=$(grep -c '^derivative' "$work/gazette.txt")
    read -r thumb_seconds thumb_peak thumb_bytes < <(run_vipsthumbnail "$work/gazette.txt")
    echo
    echo "run $run: $count derivatives ($(grep '^formats' "$work/gazette.txt" | cut -d' ' -f2-): the formats this libvips writes)"
    awk -v n="$count" -v gs="$gazette_seconds" -v gp="$gazette_peak" -v gb="$(bytes_of "$work/gazette.txt")" \
        -v ts="$thumb_seconds" -v tp="$thumb_peak" -v tb="$thumb_bytes" 'BEGIN {
        printf "  %-34s %8.2f s %7.2f/s  peak %6.0f MB  %6.1f MB written\n", "Gazette (sequential)", gs, n / gs, gp / 1024, gb / 1048576
        printf "  %-34s %8.2f s %7.2f/s  peak %6.0f MB  %6.1f MB written\n", "vipsthumbnail (one run each)", ts, n / ts, tp / 1024, tb / 1048576
        printf "  time ratio Gazette/vipsthumbnail: %.2fx (target at most 1.2x)\n", gs / ts
    }'
    if ((with_jobs)); then
        read -r jobs_seconds jobs_peak < <(run_gazette jobs "$work/jobs.txt")
        awk -v n="$count" -v s="$jobs_seconds" -v p="$jobs_peak" 'BEGIN {
            printf "  %-34s %8.2f s %7.2f/s  peak %6.0f MB\n", "Gazette job runner (2 workers)", s, n / s, p / 1024
        }'
    fi
    echo "  per format, Gazette's seconds:"
    awk '$1 == "derivative" { t[$4] += $6; c[$4]++ } END { for (f in t) printf "    %-5s %2d in %6.2f s\n", f, c[f], t[f] }' "$work/gazette.txt"
done
