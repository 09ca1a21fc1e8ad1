"""Two versions compared plan by plan: each plan's least CPU time over several runs.

    python benchmarks/least_of.py A1.json A2.json A3.json --vs B1.json B2.json B3.json

Reads the per-plan records of ``bench_stages.py --out`` or ``bench_sets.py`` (every run of one
version on the same plans), keeps each plan's least time over the runs (what the plan takes
when the shared machine leaves it alone), and prints for each version the total, the median,
the 90th and 99th percentiles, the maximum, the plans over 50 and 250 ms, and the median and
total per objective; with ``--vs``, also the median of the per-plan ratios B / A and the plans
whose time changed most. Run the two versions in turn (A, B, A, B…), never one after the other:
the machine's speed drifts.
"""

from __future__ import annotations

import argparse
import json
import statistics
from pathlib import Path
from typing import Any

_SHOWN = 8
"""The plans listed whose time changed most, each way."""


def least(paths: list[Path]) -> tuple[list[float], list[dict[str, Any]]]:
    """Each plan's least time over the runs in ``paths``, and the first run's records."""
    runs = [json.loads(path.read_text(encoding="utf-8")) for path in paths]
    first = runs[0]
    if any(len(run) != len(first) for run in runs):
        raise SystemExit("the runs do not have the same plans: compare runs of the same set")
    return [min(run[index]["ms"] for run in runs) for index in range(len(first))], first


def summary(name: str, times: list[float], records: list[dict[str, Any]]) -> str:
    ordered = sorted(times)
    count = len(ordered)
    parts = [
        f"{name}: {count} plans, total {sum(times) / 1000:.2f} s,"
        f" median {statistics.median(times):.2f} ms,"
        f" p90 {ordered[(9 * count) // 10 - 1]:.1f}, p99 {ordered[(99 * count) // 100 - 1]:.0f},"
        f" max {ordered[-1]:.0f}, over 50 ms {sum(t > 50 for t in times)},"
        f" over 250 ms {sum(t > 250 for t in times)}"
    ]
    for objective in sorted({record["objective"] for record in records}):
        own = [
            t for t, record in zip(times, records, strict=True) if record["objective"] == objective
        ]
        parts.append(
            f"  {objective}: median {statistics.median(own):.2f} ms, total {sum(own) / 1000:.2f} s"
        )
    return "\n".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("runs", type=Path, nargs="+", help="the runs of version A")
    parser.add_argument("--vs", type=Path, nargs="+", help="the runs of version B")
    arguments = parser.parse_args()
    times, records = least(arguments.runs)
    print(summary("A", times, records))
    if not arguments.vs:
        return
    other, other_records = least(arguments.vs)
    if len(other) != len(times):
        raise SystemExit("A and B do not have the same plans: compare runs of the same set")
    print(summary("B", other, other_records))
    ratios = [b / a for a, b in zip(times, other, strict=True) if a > 0]
    print(f"median of the per-plan ratios B / A: {statistics.median(ratios):.3f}")
    changes = sorted(range(len(times)), key=lambda index: other[index] - times[index])
    for label, chosen in (("faster", changes[:_SHOWN]), ("slower", changes[-_SHOWN:][::-1])):
        listed = ", ".join(f"{index} ({times[index]:.0f} → {other[index]:.0f})" for index in chosen)
        print(f"most {label} in B (plan: A → B ms): {listed}")


if __name__ == "__main__":
    main()
