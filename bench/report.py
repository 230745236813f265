"""Turns the raw wrk outputs of bench/run.sh into medians, ratios and the
"Delivery" section of bench/RESULTS.md (other sections are kept)."""
import re
import statistics
import sys
from datetime import datetime, timezone

(raw, results, cpu, cores, threads, articles, duration, runs, rss_cached, rss_uncached,
 page_bytes, commit) = sys.argv[1:]

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def latency_ms(text, percentile):
    match = re.search(r"\s%s%%\s+([\d.]+)(us|ms|s)\b" % percentile, text)
    return float(match.group(1)) * UNITS[match.group(2)] if match else float("nan")


samples = {}
for line in open(raw):
    name, connections, _run, output = line.rstrip("\n").split("\t")
    output = output.replace("|", "\n")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    samples.setdefault((name, int(connections)), []).append(
        (rps, latency_ms(output, 50), latency_ms(output, 99), int(errors.group(1)) if errors else 0))

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
        rps = statistics.median(r[0] for r in rows)
        p50 = statistics.median(r[1] for r in rows)
        p99 = statistics.median(r[2] for r in rows)
        failed = sum(r[3] for r in rows)
        note = f" ({failed} non-2xx)" if failed else ""
        lines.append(f"| {name}{note} | {connections} | {rps:,.0f} | {p50:.2f} | {p99:.2f} | "
                     f"{rps / nginx:.2f} |")
lines.append("")
lines.append(f"Peak resident memory: cached server {int(rss_cached) / 1024:.1f} MB, "
             f"cache-disabled server {int(rss_uncached) / 1024:.1f} MB.\n")
section = "\n".join(lines)
print(section)

try:
    existing = open(results).read()
except FileNotFoundError:
    existing = "# Benchmark results\n\nWritten by the benchmark scripts; figures from one machine, " \
               "compare ratios rather than absolute numbers.\n"
pattern = re.compile(re.escape(title) + r"\n.*?(?=\n## |\Z)", re.S)
if pattern.search(existing):
    updated = pattern.sub(section.rstrip("\n"), existing)
else:
    updated = existing.rstrip("\n") + "\n\n" + section
open(results, "w").write(updated.rstrip("\n") + "\n")
