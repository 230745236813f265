#!/usr/bin/env bash
# make bench-search: full-text search on a large archive.
#
# Generates BENCH_SEARCH_ARTICLES (1,000,000) articles into a store
# (bench/search_bench.c: store_article_put each, 50,000 per transaction,
# indexed by the schema's triggers as a publish is), rebuilds the index
# with `gazette reindex search` and times it, reports the index size
# (read from SQLite's dbstat table with python3's sqlite3), then runs
# BENCH_SEARCH_QUERIES (2,000) queries through store_search: a fixed mix of
# one-, two- and three-word queries and two-word phrases from the headlines
# of random articles, each with the total count, the first page of 20 and
# its snippets. Reports p50/p95/p99 and writes the "Search" section of
# bench/RESULTS.md. Never part of `make check`; it never fails on time.
#
# The generated archive is kept in var/bench/ between runs (it takes
# minutes to make); delete it to start again. BENCH_BUILD picks the build
# folder (build-release).
set -euo pipefail
cd "$(dirname "$0")/.."

articles=${BENCH_SEARCH_ARTICLES:-1000000}
queries=${BENCH_SEARCH_QUERIES:-2000}
build=${BENCH_BUILD:-build-release}
results=bench/RESULTS.md

source bench/lib.sh
bench_build
tool=$build/bench/gazette-bench-search

# Seconds since a `date +%s.%N` reading.
elapsed() { awk -v now="$(date +%s.%N)" -v then="$1" 'BEGIN { print now - then }'; }

mkdir -p var/bench
db=var/bench/search-$articles.db
load_line=""
if [[ ! -f $db ]]; then
    echo "bench-search: generating $articles articles into $db"
    rm -f "$db.tmp" "$db.tmp-wal" "$db.tmp-shm"
    $build/gazette init --store "sqlite:$db.tmp" >/dev/null
    started=$(date +%s.%N)
    $tool generate "sqlite:$db.tmp" "$articles"
    load=$(elapsed "$started")
    mv "$db.tmp" "$db"; rm -f "$db.tmp-wal" "$db.tmp-shm"
    printf '%.0f\n' "$load" > "$db.put-seconds"
    echo "bench-search: generated and indexed in $(printf '%.0f' "$load") s"
fi
# (An archive from before generation went through store_article_put has a
# .load-seconds file instead: its time is not comparable, so it is not shown.)
if [[ -f $db.put-seconds ]]; then
    load_line="Loading them (store_article_put each, indexed by the triggers as they went, 50,000 per transaction) took $(cat "$db.put-seconds") s."
fi

echo "bench-search: rebuilding the index"
started=$(date +%s.%N)
$build/gazette reindex --store "sqlite:$db" search >/dev/null
build_seconds=$(elapsed "$started")
echo "bench-search: index rebuilt in $(printf '%.1f' "$build_seconds") s"

# Page sizes by table from SQLite's dbstat virtual table, which the store's
# API does not expose; without dbstat only the file's size is known.
sizes=$(python3 - "$db" <<'PYTHON'
import sqlite3, sys
db = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
one = lambda sql: db.execute(sql).fetchone()[0] or 0
print("indexed_articles=%d" % one("SELECT count(*) FROM search_documents"))
print("database_bytes=%d" % one("SELECT page_count * page_size FROM pragma_page_count, pragma_page_size"))
try:
    print("index_bytes=%d" % one("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'search_index%'"
                                 " OR name LIKE 'search_documents%'"))
    print("articles_table_bytes=%d" % one("SELECT sum(pgsize) FROM dbstat WHERE name = 'articles'"))
    print("related_queue_bytes=%d" % one("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'related_pending%'"))
except sqlite3.OperationalError:  # this SQLite was built without dbstat
    pass
PYTHON
)
value() { echo "$sizes" | sed -n "s/^$1=//p"; }
mb() { [[ -n $1 ]] && awk -v bytes="$1" 'BEGIN { printf "%d", bytes / 1048576 }' || echo "n/a"; }
indexed=$(value indexed_articles)
index_mb=$(mb "$(value index_bytes)")
text_mb=$(mb "$(value articles_table_bytes)")
total_mb=$(mb "$(value database_bytes)")
queue_mb=$(mb "$(value related_queue_bytes)")
echo "bench-search: $indexed articles indexed; index $index_mb MB (articles table $text_mb MB, database $total_mb MB, of which the related-list queue $queue_mb MB)"

echo "bench-search: running $queries queries (a warm-up pass, then each query's best of three)"
report=$($tool query "sqlite:$db" "$queries")
echo "$report"

table=$(echo "$report" | sed -n 's/^latency \(.*\): n=\([0-9]*\) p50=\([0-9.]*\) p95=\([0-9.]*\) p99=\([0-9.]*\) max=\([0-9.]*\) mean_total=\([0-9]*\)$/| \1 | \2 | \3 | \4 | \5 | \6 | \7 |/p')
p95=$(echo "$report" | sed -n 's/^latency all: .* p95=\([0-9.]*\) .*/\1/p')
verdict=$(awk -v p="$p95" 'BEGIN { print (p < 10) ? 1 : 0 }')
examples=$(echo "$report" | sed -n 's/^example: /- `/p' | sed 's/ (\([0-9+]*\) matches, \([0-9.]*\) ms)$/`: \1 matches, \2 ms/')
slowest=$(echo "$report" | sed -n 's/^slowest: /- `/p' | sed 's/ (\([0-9+]*\) matches, \([0-9.]*\) ms)$/`: \1 matches, \2 ms/')

section=$(cat <<SECTION
## Search (\`make bench-search\`)

Measured $(date -u '+%Y-%m-%d %H:%M') UTC at commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown) on $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores; SQLite $(sqlite3 --version | cut -d' ' -f1) with FTS5, the "gazette" tokenizer (utf8proc, Snowball).

Archive: $indexed generated articles (9-word headline, 28-word summary, 150-word body; Zipf vocabulary with English stop words on top, one article in ten in Arabic). $load_line

| what | figure |
| --- | ---: |
| index build (\`gazette reindex search\`, one transaction, then optimize) | $(printf '%.1f' "$build_seconds") s |
| index size (FTS5 tables and search_documents) | $index_mb MB |
| articles table (text) | $text_mb MB |
| whole database (with the queue of related lists left by the bulk load: $queue_mb MB) | $total_mb MB |

Latency of \`store_search\` (total, first page of 20, highlighted headline and snippet), $queries queries, each query's best of three runs after a warm-up pass, in ms (load average $(cut -d' ' -f1 /proc/loadavg) when the queries ran: other work on the machine shows in the tail):

| queries | n | p50 | p95 | p99 | max | mean matches |
| --- | ---: | ---: | ---: | ---: | ---: | ---: |
$table

Target p95 < 10 ms: $([[ $verdict == 1 ]] && echo "met" || echo "NOT met") (p95 $p95 ms). "mean matches" is the total a search reports, which counts up to 2,000 (beyond, the page says "More than 2,000 results"). Examples from the mix:

$examples

The slowest: phrases of two common words that seldom stand together, where FTS5 walks both position lists to the end:

$slowest
SECTION
)

# Replace the Search section (up to the next "## ") or append it.
tmp=$(mktemp)
if [[ -f $results ]]; then
    awk '/^## Search/ { skip = 1; next } /^## / { skip = 0 } !skip' "$results" > "$tmp"
else
    printf '# Benchmark results\n\nWritten by the benchmark scripts; figures from one machine, compare ratios rather than absolute numbers.\n' > "$tmp"
fi
{ sed -e :a -e '/^\n*$/{$d;N;ba' -e '}' "$tmp"; printf '\n%s\n' "$section"; } > "$results"
rm -f "$tmp"
echo "bench-search: wrote $results"
