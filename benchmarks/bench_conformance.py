"""How long the testing kit's conformance checks for catalogue providers and re-planners take.

Run: ``.venv/bin/python benchmarks/bench_conformance.py``. Times are wall-clock on one process:
the median of 5 runs of each provider check on the built-in catalogue, and one run of each
re-planner check over Hypothesis's default 100 journeys, without an example database (each run
starts afresh, as in CI).
"""

from __future__ import annotations

import functools
import statistics
import time
from collections.abc import Callable

from hypothesis import settings

from itineraire.files.loading import builtin_catalogue
from itineraire.journeys import replan
from itineraire.testing import (
    PROVIDER_CHECKS,
    REPLANNER_CHECKS,
    check_catalogue_provider,
    check_replanner,
)


def _seconds(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    print("catalogue provider (built-in catalogue, three objectives), median of 5:")
    for check in PROVIDER_CHECKS:
        took = _seconds(
            functools.partial(check_catalogue_provider, builtin_catalogue, checks=[check]), 5
        )
        print(f"  {check:<22} {took * 1000:8.1f} ms")
    fresh = settings(settings.get_profile("default"), database=None)
    print("re-planner (itineraire.journeys.replan), 100 journeys, one run:")
    for check in REPLANNER_CHECKS:
        run = functools.partial(check_replanner, replan, checks=[check], hypothesis_settings=fresh)
        took = _seconds(run, 1)
        print(f"  {check:<22} {took:8.2f} s")


if __name__ == "__main__":
    main()
