#!/usr/bin/env python3
"""Compare two benchmarks of one test binary by alternating paired runs.

On a shared, noisy machine a single run of each says little. This runs A
and B N times in pairs, alternating which goes first, and prints the
median of the per-pair ratios A/B with its spread.

    go test -c -o /tmp/jmzs.test .
    .ci/benchpairs.py /tmp/jmzs.test BenchmarkDo BenchmarkDoHandWritten 20 10000x
"""
import re
import statistics
import subprocess
import sys


def ns_per_op(binary, name, benchtime):
    out = subprocess.run([binary, "-test.run", "^$", "-test.bench", "^" + name + "$",
                          "-test.benchtime", benchtime, "-test.benchmem"],
                         capture_output=True, text=True, check=True).stdout
    m = re.search(r"\s([\d.]+) ns/op", out)
    if not m:
        sys.exit(f"{name}: no ns/op in:\n{out}")
    return float(m.group(1))


def main():
    if len(sys.argv) != 6:
        sys.exit("usage: benchpairs.py BINARY BENCH_A BENCH_B PAIRS BENCHTIME")
    binary, a, b, pairs, benchtime = sys.argv[1:]
    ratios, ta, tb = [], [], []
    for i in range(int(pairs)):
        if i % 2 == 0:
            x = ns_per_op(binary, a, benchtime)
            y = ns_per_op(binary, b, benchtime)
        else:
            y = ns_per_op(binary, b, benchtime)
            x = ns_per_op(binary, a, benchtime)
        ta.append(x)
        tb.append(y)
        ratios.append(x / y)
    ratios.sort()
    q = lambda p: ratios[int(p * (len(ratios) - 1))]
    print(f"{a} / {b}: median {statistics.median(ratios):.3f}, IQR {q(.25):.3f}-{q(.75):.3f}, "
          f"min {ratios[0]:.3f}, max {ratios[-1]:.3f} ({len(ratios)} pairs; "
          f"median {statistics.median(ta):.0f} vs {statistics.median(tb):.0f} ns/op)")


if __name__ == "__main__":
    main()
