"""Benchmark of scenario files: loading, the line scanner, and planning every example.

Run from the repository root: ``.venv/bin/python benchmarks/bench_scenarios.py``. It prints the
median time of loading each kind of example scenario (no change to the built-in catalogue, or
with additions and changes, which rebuild and re-check it), of scanning lines in a scenario and
in the built-in catalogue's JSON, and of planning and comparing all example scenarios. The
numbers are recorded in ``docs/performance.md``. Timings are never asserted in tests.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from itineraire.files.loading import builtin_catalogue
from itineraire.planning import Planner
from itineraire.scenarios import load_scenario
from itineraire.scenarios.positions import scan_lines

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "scenarios"


def median_ms(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def plan_all(scenarios: list[Path]) -> None:
    for path in scenarios:
        scenario = load_scenario(path)
        planner = Planner(scenario.catalogue)
        for learner in scenario.learners:
            for objective in scenario.objectives:
                planner.plan(learner, objective)


def main() -> None:
    builtin_catalogue()  # read once, as a long-running program would
    scenarios = sorted(p for p in EXAMPLES.rglob("*.toml") if "learners" not in p.parts)
    plain = EXAMPLES / "route-types" / "classic.toml"
    changed = EXAMPLES / "sectors" / "agriculture.toml"
    text = changed.read_text(encoding="utf-8")
    catalogue = resources.files("itineraire.data").joinpath("catalogue.json").read_text("utf-8")
    rows = {
        "load, built-in catalogue unchanged": median_ms(lambda: load_scenario(plain), 50),
        "load, one module added": median_ms(lambda: load_scenario(changed), 50),
        f"scan lines, {len(text.splitlines())}-line scenario": median_ms(
            lambda: scan_lines(text), 200
        ),
        f"scan lines, built-in catalogue ({len(catalogue.splitlines())} lines)": median_ms(
            lambda: scan_lines(catalogue), 10
        ),
        f"plan every learner x objective of the {len(scenarios)} examples": median_ms(
            lambda: plan_all(scenarios), 5
        ),
    }
    for name, milliseconds in rows.items():
        print(f"{name}: {milliseconds:.2f} ms")


if __name__ == "__main__":
    main()
