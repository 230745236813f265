"""Turns the raw wrk outputs of bench/run.sh into medians, ratios and the
"Delivery" section of bench/RESULTS.md (other sections are kept)."""
import statistics
import sys
from datetime import datetime, timezone

from wrk import medians, read_samples, write_section

(raw, results, cpu, cores, threads, articles, duration, runs, rss_cached, rss_uncached,
 page_bytes, commit) = sys.argv[1:]

samples = read_samples(raw)

names = ["gazette-cached-article", "nginx-same-bytes", "gazette-uncached-article",
         "gazette-cached-home"]
lines = []
title = f"## Delivery, {int(articles):,} articles (`make bench`)"
lines.append(title + "\n")
lines.append(f"Measured {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC at commit {commit} on "
             f"{cpu}, {cores} cores; Gazette with {threads} threads, nginx with {threads} "
             f"workers; {articles} articles; article page {page_bytes} bytes; wrk -t2, "
             f"{duration} s per run, median of {runs} runs.\n")
lines.append("| scenario | connections | requests/s | p50 ms | p99 ms | vs nginx |")
lines.append("| --- | ---: | ---: | ---: | ---: | ---: |")
for connections in sorted({c for _, c in samples}):
    nginx = statistics.median(s[0] for s in samples[("nginx-same-bytes", connections)])
    for name in names:
        rows = samples.get((name, connections), [])
        if not rows:
            continue
        rps, p50, p99, failed = medians(rows)
        note = f" ({failed} non-2xx)" if failed else ""
        lines.append(f"| {name}{note} | {connections} | {rps:,.0f} | {p50:.2f} | {p99:.2f} | "
                     f"{rps / nginx:.2f} |")
lines.append("")
lines.append(f"Peak resident memory: cached server {int(rss_cached) / 1024:.1f} MB, "
             f"cache-disabled server {int(rss_uncached) / 1024:.1f} MB.\n")
section = "\n".join(lines)
print(section)

write_section(results, title, section)
