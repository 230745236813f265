#!/usr/bin/env bash
# make bench-flood: what a flood of made-up query strings does to the page
# cache and to a reader beside it.
#
# One Gazette (release build, the cache at its default size) over the
# bench archive. A reader reads one article with wrk; in the same time
# window a second wrk asks for the home page with 100,000 distinct random
# query strings (bench/flood.lua), and, in a third window, for searches of
# 100,000 distinct made-up words. Each flooded run is interleaved with a
# reader-only run, BENCH_RUNS times, so drift on a shared machine hits both
# alike; medians and the ratio flooded/alone are reported, with the cache's
# entries, bytes and evictions (from /metrics) before and after. Figures
# only: it never fails on time. Results go to bench/RESULTS.md.
#
# Settings: BENCH_ARTICLES (100000), BENCH_DURATION seconds (10),
# BENCH_RUNS (3), BENCH_CONNECTIONS per wrk (32), BENCH_THREADS (cores),
# BENCH_BUILD (build-release: another build folder measures other code),
# BENCH_LABEL (added to the section's title, for such a run).
set -euo pipefail
cd "$(dirname "$0")/.."

articles=${BENCH_ARTICLES:-100000}
duration=${BENCH_DURATION:-10}
runs=${BENCH_RUNS:-3}
connections=${BENCH_CONNECTIONS:-32}
threads=${BENCH_THREADS:-$(nproc)}
build=${BENCH_BUILD:-build-release}
results=${BENCH_RESULTS:-bench/RESULTS.md}

source bench/lib.sh
[[ -n ${BENCH_BUILD:-} ]] || bench_build

work=$(mktemp -d /tmp/gazette-flood-XXXXXX)
pids=()
trap bench_cleanup EXIT

bench_archive "$articles"

start_gazette flood "sqlite:$db"
article_id=$((articles / 2))
article_path=$(curl -s -o /dev/null -w '%{redirect_url}' "$url/news/$article_id" | sed 's|^http://[^/]*||')
[[ $article_path == /news/$article_id/* ]] || { echo "bench-flood: no article at /news/$article_id"; exit 1; }
curl -s -o /dev/null "$url/"
curl -s -o /dev/null "$url$article_path"

# metric NAME: one figure from /metrics.
metric() { curl -s "$url/metrics" | awk -v name="$1" '$1 == name {print $2}'; }
# snapshot LABEL: the cache's figures, one line of $work/cache.txt.
snapshot() {
    echo "$1|$(metric gazette_cache_entries) $(metric gazette_cache_bytes) $(metric gazette_cache_evictions_total) $(metric gazette_cache_hits_total) $(metric gazette_cache_misses_total) $(metric gazette_renders_total)" >>"$work/cache.txt"
}

reader() { wrk -t1 -c"$connections" -d"${duration}s" --latency "$url$article_path"; }
# flood PATH: the flood beside nothing (its output goes to $work/flood.out).
flood() {
    FLOOD_PATH=$1 FLOOD_PARAMETER=$2 wrk -t1 -c"$connections" -d"${duration}s" --latency \
        -s bench/flood.lua "$url" >"$work/flood.out"
}

raw="$work/raw.tsv"
: >"$raw"
record() { printf '%s\t%s\t%s\t%s\n' "$1" "$connections" "$2" "$(echo "$3" | tr '\n' '|')" >>"$raw"; }

: >"$work/cache.txt"
snapshot "before"
for run in $(seq "$runs"); do
    out=$(reader); record reader-alone "$run" "$out"
    echo "bench-flood: reader alone, run $run: $(echo "$out" | grep Requests/sec)"
    for kind in home search; do
        if [[ $kind == home ]]; then flood / utm_source & else flood /search q & fi
        flood_pid=$!
        out=$(reader)
        wait "$flood_pid"
        record "reader-beside-$kind-flood" "$run" "$out"
        record "$kind-flood" "$run" "$(cat "$work/flood.out")"
        echo "bench-flood: reader beside the $kind flood, run $run: $(echo "$out" | grep Requests/sec)" \
            "(flood: $(grep Requests/sec "$work/flood.out"))"
        snapshot "after the $kind flood of run $run"
    done
done

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')
commit=$(git rev-parse --short HEAD)
[[ -z ${BENCH_BUILD:-} ]] || commit="$commit, build $build"
python3 bench/flood_report.py "$raw" "$results" "$cpu" "$(nproc)" "$threads" "$articles" \
    "$duration" "$runs" "$commit" "$work/cache.txt" "$(metric gazette_cache_capacity_bytes)" \
    "${BENCH_LABEL:-}"
