"""Shared by the benchmark reports: reading the raw wrk outputs the scripts
collect (one line per run: name, connections, run, output with | for
newlines) and replacing one section of bench/RESULTS.md."""
import re
import statistics

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}
HEADER = ("# Benchmark results\n\nWritten by the benchmark scripts; figures from one machine, "
          "compare ratios rather than absolute numbers.\n")


def latency_ms(text, percentile):
    match = re.search(r"\s%s%%\s+([\d.]+)(us|ms|s)\b" % percentile, text)
    return float(match.group(1)) * UNITS[match.group(2)] if match else float("nan")


def read_samples(raw):
    """{(name, connections): [(requests/s, p50 ms, p99 ms, non-2xx), ...]}"""
    samples = {}
    for line in open(raw):
        name, connections, _run, output = line.rstrip("\n").split("\t")
        output = output.replace("|", "\n")
        rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
        errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
        samples.setdefault((name, int(connections)), []).append(
            (rps, latency_ms(output, 50), latency_ms(output, 99),
             int(errors.group(1)) if errors else 0))
    return samples


def medians(rows):
    """(requests/s, p50, p99, failures) medians of a scenario's runs."""
    return (statistics.median(r[0] for r in rows), statistics.median(r[1] for r in rows),
            statistics.median(r[2] for r in rows), sum(r[3] for r in rows))


def write_section(results, title, section):
    """Replaces the section that starts with title (up to the next "## ") or appends it."""
    try:
        existing = open(results).read()
    except FileNotFoundError:
        existing = HEADER
    pattern = re.compile(re.escape(title) + r"\n.*?(?=\n## |\Z)", re.S)
    if pattern.search(existing):
        updated = pattern.sub(lambda _: section.rstrip("\n"), existing)
    else:
        updated = existing.rstrip("\n") + "\n\n" + section
    open(results, "w").write(updated.rstrip("\n") + "\n")
