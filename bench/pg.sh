#!/usr/bin/env bash
# make bench-pg: the same archive on SQLite and on PostgreSQL, measured side
# by side in one run on this machine.
#
# The archive is the search benchmark's (bench/search_bench.c generate:
# BENCH_PG_ARTICLES articles, 100,000 by default, kept in var/bench/), moved
# to a throwaway PostgreSQL cluster with `gazette db copy`, which also
# rebuilds PostgreSQL's search index. Then, interleaved run by run so drift
# on a shared machine hits both alike:
#
#   the article page with the page cache disabled (every request reads the
#   store and renders), and with it on, on each backend: wrk -t2, BENCH_RUNS
#   runs of BENCH_DURATION seconds at BENCH_CONNECTIONS, medians;
#   the search mix of bench-search (BENCH_SEARCH_QUERIES queries from the
#   headlines, each query's best of three) through store_search on each.
#
# Prints the figures with PostgreSQL/SQLite ratios and writes the
# "PostgreSQL" section of bench/RESULTS.md. Never part of `make check`.
set -euo pipefail
cd "$(dirname "$0")/.."

articles=${BENCH_PG_ARTICLES:-100000}
duration=${BENCH_DURATION:-10}
runs=${BENCH_RUNS:-3}
connections=${BENCH_CONNECTIONS:-64 256}
queries=${BENCH_SEARCH_QUERIES:-1000}
threads=${BENCH_THREADS:-$(nproc)}
build=${BENCH_BUILD:-build-release}
results=bench/RESULTS.md

source bench/lib.sh
bench_build
tool=$build/bench/gazette-bench-search

work=$(mktemp -d /tmp/gz-bench-pg-XXXXXX)
chmod 755 "$work"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    bash scripts/pg-cluster.sh stop "$work/pg" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

mkdir -p var/bench
db=var/bench/search-$articles.db
if [[ ! -f $db ]]; then
    echo "bench-pg: generating $articles articles into $db"
    rm -f "$db.tmp" "$db.tmp-wal" "$db.tmp-shm"
    $build/gazette init --store "sqlite:$db.tmp" >/dev/null
    $tool generate "sqlite:$db.tmp" "$articles"
    mv "$db.tmp" "$db"; rm -f "$db.tmp-wal" "$db.tmp-shm"
fi
sqlite_url="sqlite:$db"

# A durable cluster (fsync on), as in production; reads do not depend on it.
pg_url=$(bash scripts/pg-cluster.sh start "$work/pg")
echo "bench-pg: copying the archive to PostgreSQL"
started=$(date +%s.%N)
$build/gazette db copy --from "$sqlite_url" --to "$pg_url" >"$work/copy.log" 2>&1 ||
    { cat "$work/copy.log"; exit 1; }
copy_seconds=$(awk -v now="$(date +%s.%N)" -v then="$started" 'BEGIN { printf "%.0f", now - then }')
echo "bench-pg: copied (rows, then the search index rebuilt) in $copy_seconds s"
psql "$pg_url" -qc 'VACUUM ANALYZE' >/dev/null

declare -A base
start_gazette sqlite-uncached "$sqlite_url" --cache-mb 0; base[sqlite-uncached]=$url
start_gazette pg-uncached "$pg_url" --cache-mb 0; base[pg-uncached]=$url; pg_uncached_pid=$pid
start_gazette sqlite-cached "$sqlite_url"; base[sqlite-cached]=$url
start_gazette pg-cached "$pg_url"; base[pg-cached]=$url

article_id=$((articles / 2))
article_path=$(curl -s -o /dev/null -w '%{redirect_url}' "${base[sqlite-cached]}/news/$article_id" |
    sed 's|^http://[^/]*||')
[[ $article_path == /news/$article_id/* ]] || { echo "bench-pg: no article at /news/$article_id"; exit 1; }
cmp -s <(curl -s "${base[sqlite-uncached]}$article_path") <(curl -s "${base[pg-uncached]}$article_path") ||
    { echo "bench-pg: the two backends do not serve the same page"; exit 1; }

# Where the time of an uncached PostgreSQL page goes: CPU ticks of the
# Gazette process and of PostgreSQL's processes (the children of its
# postmaster) while wrk runs against it, out of all the machine's ticks.
ticks_of() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
cpu_split() {
    local postmaster backends=0
    postmaster=$(head -n 1 "$work/pg/data/postmaster.pid")
    for child in $(ps -o pid= --ppid "$postmaster"); do
        backends=$((backends + $(ticks_of "$child")))
    done
    echo "$(ticks_of "$pg_uncached_pid") $backends $(awk '/^cpu / { print $2 + $3 + $4 + $5 + $6 + $7 + $8 }' /proc/stat)"
}
gazette_ticks=0 postgres_ticks=0 all_ticks=0
add_cpu_split() {
    read -r g0 p0 a0 <<<"$1"
    read -r g1 p1 a1 <<<"$2"
    gazette_ticks=$((gazette_ticks + g1 - g0))
    postgres_ticks=$((postgres_ticks + p1 - p0))
    all_ticks=$((all_ticks + a1 - a0))
}

order=(sqlite-uncached pg-uncached sqlite-cached pg-cached)
raw="$work/raw.tsv"
: >"$raw"
for c in $connections; do
    for run in $(seq "$runs"); do
        for name in "${order[@]}"; do
            [[ $name == pg-uncached ]] && cpu_before=$(cpu_split)
            out=$(wrk -t2 -c"$c" -d"${duration}s" --latency "${base[$name]}$article_path")
            [[ $name == pg-uncached ]] && add_cpu_split "$cpu_before" "$(cpu_split)"
            printf '%s\t%s\t%s\t%s\n' "$name" "$c" "$run" "$(echo "$out" | tr '\n' '|')" >>"$raw"
            echo "bench-pg: $name c=$c run $run: $(echo "$out" | grep Requests/sec)"
        done
    done
done

echo "bench-pg: search mix, $queries queries on each backend"
$tool query "$sqlite_url" "$queries" >"$work/search-sqlite.txt"
$tool query "$pg_url" "$queries" "$sqlite_url" >"$work/search-pg.txt"

pg_version=$(psql "$pg_url" -tAc 'SHOW server_version')
index_mb=$(psql "$pg_url" -tAc "SELECT pg_total_relation_size('search_documents') / 1048576")
database_mb=$(psql "$pg_url" -tAc "SELECT pg_database_size(current_database()) / 1048576")
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')
python3 bench/pg_report.py "$raw" "$work/search-sqlite.txt" "$work/search-pg.txt" "$results" \
    "$cpu" "$(nproc)" "$threads" "$articles" "$duration" "$runs" "$queries" "$copy_seconds" \
    "$pg_version" "$index_mb" "$database_mb" "$gazette_ticks" "$postgres_ticks" "$all_ticks" \
    "$(git rev-parse --short HEAD)"
