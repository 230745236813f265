"""Turns the raw wrk outputs of bench/flood.sh into medians, the reader's
ratio flooded/alone and the cache's figures, and writes the "Flood" section
of bench/RESULTS.md (other sections are kept)."""
import sys
from datetime import datetime, timezone

from wrk import medians, read_samples, write_section

(raw, results, cpu, cores, threads, articles, duration, runs, commit, cache, capacity,
 label) = sys.argv[1:]

samples = read_samples(raw)
alone = {c: medians(rows) for (name, c), rows in samples.items() if name == "reader-alone"}
title = "## Flood of made-up query strings (`make bench-flood`)" + (f", {label}" if label else "")
lines = [title + "\n",
         f"Measured {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC at commit {commit} on {cpu}, "
         f"{cores} cores; Gazette with {threads} threads, page cache {int(capacity) >> 20} MB; "
         f"{int(articles):,} articles. A reader (wrk -t1) reads one article while a second wrk "
         f"asks for the home page with 100,000 distinct query strings (`?utm_source=floodN&rN=N`), "
         f"or for /search with 100,000 distinct made-up words, in the same {duration} s window; "
         f"reader-alone runs interleaved; medians of {runs} runs.\n",
         "| scenario | connections | requests/s | p50 ms | p99 ms | reader vs alone |",
         "| --- | ---: | ---: | ---: | ---: | ---: |"]
order = ["reader-alone", "reader-beside-home-flood", "home-flood", "reader-beside-search-flood",
         "search-flood"]
for name in order:
    for (sample_name, connections), rows in sorted(samples.items()):
        if sample_name != name:
            continue
        rps, p50, p99, failed = medians(rows)
        note = f" ({failed} non-2xx)" if failed else ""
        ratio = f"{rps / alone[connections][0]:.2f}" if name.startswith("reader") else ""
        lines.append(f"| {name}{note} | {connections} | {rps:,.0f} | {p50:.2f} | {p99:.2f} | "
                     f"{ratio} |")
lines += ["", "The cache (`/metrics`, counters since the server started) before the first "
          "run and after each flood:", "",
          "| when | entries | bytes | evictions | hits | misses | renders |",
          "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
for line in open(cache):
    when, figures = line.rstrip("\n").split("|")
    lines.append(f"| {when} | " + " | ".join(f"{int(f):,}" for f in figures.split()) + " |")
lines.append("")
section = "\n".join(lines)
print(section)
write_section(results, title, section)
