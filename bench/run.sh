#!/usr/bin/env bash
# make bench: Gazette against nginx serving the very same bytes, measured
# side by side in one run with wrk on 127.0.0.1.
#
#   (a) Gazette, cached article page      (b) nginx, the same bytes from a file
#   (c) Gazette, page cache disabled      (d) Gazette, cached home page
#
# Each at 64 and 256 connections, BENCH_RUNS runs each (interleaved, so
# drift on a shared machine hits every contender alike); medians reported
# with the ratio Gazette/nginx. Results go to bench/RESULTS.md.
#
# Settings: BENCH_ARTICLES (100000), BENCH_DURATION seconds (10),
# BENCH_RUNS (3), BENCH_CONNECTIONS ("64 256"), BENCH_THREADS (cores).
set -euo pipefail
cd "$(dirname "$0")/.."

articles=${BENCH_ARTICLES:-100000}
duration=${BENCH_DURATION:-10}
runs=${BENCH_RUNS:-3}
connections=${BENCH_CONNECTIONS:-64 256}
threads=${BENCH_THREADS:-$(nproc)}
build=build-release
results=bench/RESULTS.md

source bench/lib.sh
bench_build

work=$(mktemp -d /tmp/gazette-bench-XXXXXX)
chmod 755 "$work"
pids=()
trap bench_cleanup EXIT

bench_archive "$articles"

start_gazette cached "sqlite:$db"
cached_url=$url; cached_pid=$pid
start_gazette uncached "sqlite:$db" --cache-mb 0
uncached_url=$url; uncached_pid=$pid

article_id=$((articles / 2))
article_path=$(curl -s -o /dev/null -w '%{redirect_url}' "$cached_url/news/$article_id" | sed 's|^http://[^/]*||')
[[ $article_path == /news/$article_id/* ]] || { echo "bench: no article at /news/$article_id"; exit 1; }

# nginx serves the exact bytes Gazette sends for the article page.
mkdir -p "$work/nginx/root"
curl -s "$cached_url$article_path" -o "$work/nginx/root/article.html"
curl -s "$cached_url/" -o /dev/null
start_nginx "$work/nginx" "text/html; charset=utf-8"
nginx_url="http://127.0.0.1:$nginx_port/article.html"
cmp -s <(curl -s "$nginx_url") <(curl -s "$cached_url$article_path") ||
    { echo "bench: nginx and Gazette do not serve the same bytes"; exit 1; }

declare -A targets=(
    [gazette-cached-article]="$cached_url$article_path"
    [nginx-same-bytes]="$nginx_url"
    [gazette-uncached-article]="$uncached_url$article_path"
    [gazette-cached-home]="$cached_url/"
)
order=(nginx-same-bytes gazette-cached-article gazette-cached-home gazette-uncached-article)

raw="$work/raw.tsv"
: >"$raw"
for c in $connections; do
    for run in $(seq "$runs"); do
        for name in "${order[@]}"; do
            out=$(wrk -t2 -c"$c" -d"${duration}s" --latency "${targets[$name]}")
            printf '%s\t%s\t%s\t%s\n' "$name" "$c" "$run" "$(echo "$out" | tr '\n' '|')" >>"$raw"
            echo "bench: $name c=$c run $run: $(echo "$out" | grep Requests/sec)"
        done
    done
done

rss_cached=$(awk '/VmHWM/ {print $2}' /proc/$cached_pid/status)
rss_uncached=$(awk '/VmHWM/ {print $2}' /proc/$uncached_pid/status)
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')
page_bytes=$(stat -c %s "$work/nginx/root/article.html")

python3 bench/report.py "$raw" "$results" "$cpu" "$(nproc)" "$threads" "$articles" \
    "$duration" "$runs" "$rss_cached" "$rss_uncached" "$page_bytes" "$(git rev-parse --short HEAD)"
