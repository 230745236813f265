"""Turns bench/pg.sh's raw wrk outputs and the two search reports into the
"PostgreSQL" section of bench/RESULTS.md, with PostgreSQL/SQLite ratios."""
import re
import sys
from datetime import datetime, timezone

from wrk import medians, read_samples, write_section

(raw, search_sqlite, search_pg, results, cpu, cores, threads, articles, duration, runs, queries,
 copy_seconds, pg_version, index_mb, database_mb, gazette_ticks, postgres_ticks, all_ticks,
 commit) = sys.argv[1:]


def search_latencies(path):
    """{kind: (p50, p95, p99)} from gazette-bench-search's report."""
    found = {}
    for line in open(path):
        match = re.match(r"latency (.+?): n=\d+ p50=([\d.]+) p95=([\d.]+) p99=([\d.]+)", line)
        if match:
            found[match.group(1)] = tuple(float(match.group(i)) for i in (2, 3, 4))
    return found


samples = read_samples(raw)
title = "## PostgreSQL beside SQLite (`make bench-pg`)"
lines = [title + "\n",
         f"Measured {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC at commit {commit} on {cpu}, "
         f"{cores} cores, everything on this one machine (PostgreSQL {pg_version} over a Unix "
         f"socket, fsync on); Gazette with {threads} threads; the same {int(articles):,} articles "
         f"on both (the search benchmark's archive, moved with `gazette db copy` in "
         f"{copy_seconds} s, the rebuild of the search index included); wrk -t2, {duration} s "
         f"per run, median of {runs} runs, the backends interleaved run by run.\n",
         "| article page | connections | SQLite req/s | PostgreSQL req/s | PG/SQLite | "
         "SQLite p99 ms | PG p99 ms |",
         "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
for connections in sorted({c for _, c in samples}):
    for kind in ("uncached", "cached"):
        lite = samples.get((f"sqlite-{kind}", connections))
        pg = samples.get((f"pg-{kind}", connections))
        if not lite or not pg:
            continue
        lite_rps, _, lite_p99, lite_failed = medians(lite)
        pg_rps, _, pg_p99, pg_failed = medians(pg)
        note = f" ({lite_failed + pg_failed} non-2xx)" if lite_failed + pg_failed else ""
        lines.append(f"| {kind}{note} | {connections} | {lite_rps:,.0f} | {pg_rps:,.0f} | "
                     f"{pg_rps / lite_rps:.2f} | {lite_p99:.2f} | {pg_p99:.2f} |")
if int(all_ticks) > 0:
    share = lambda ticks: 100.0 * int(ticks) / int(all_ticks)
    lines += ["", f"Where an uncached page's time goes on PostgreSQL: while wrk ran against it, "
              f"Gazette's process used {share(gazette_ticks):.0f}% of the machine's CPU time "
              f"(rendering, and libpq with its socket calls: two statements per article page) "
              f"and PostgreSQL's processes {share(postgres_ticks):.0f}% (parsing nothing, since "
              f"the statements are prepared, but executing them and the context switches of two "
              f"round trips); wrk had the rest. On SQLite the same reads are function calls "
              f"inside Gazette's process."]
lines += ["", f"Search through `store_search` ({queries} queries from headlines, the same on "
          "both, each query's best of three; total, first page of 20 with snippets), in ms:\n",
          "| queries | SQLite p50 | SQLite p95 | PG p50 | PG p95 | PG p99 | PG/SQLite p95 |",
          "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
lite_search = search_latencies(search_sqlite)
pg_search = search_latencies(search_pg)
for kind, (lite50, lite95, _) in lite_search.items():
    if kind in pg_search:
        pg50, pg95, pg99 = pg_search[kind]
        lines.append(f"| {kind} | {lite50:.2f} | {lite95:.2f} | {pg50:.2f} | {pg95:.2f} | "
                     f"{pg99:.2f} | {pg95 / lite95 if lite95 else float('nan'):.2f} |")
lines += ["", "Where search's time goes on PostgreSQL (EXPLAIN ANALYZE of the slow cases): the "
          "GIN index names the matching articles, then each match's row is read and tested "
          "(about 2.5 µs each) and, for the newest 2,001, the query words' positions are taken "
          "out of its tsvector for BM25 (2 to 3 µs each); FTS5 reads compact position lists "
          "from its index instead. So a word or a pair of words with a few thousand matches is "
          "the slow case; phrases and rare words are fetched from the GIN index, very common "
          "words by walking the newest articles first.",
          "", f"PostgreSQL's search table with its GIN index: {index_mb} MB; database "
          f"{database_mb} MB.\n"]
section = "\n".join(lines)
print(section)
write_section(results, title, section)
