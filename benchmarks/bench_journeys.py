"""Benchmark of journeys: appending events, replaying them, files, the portfolio, re-planning.

Run from the repository root: ``.venv/bin/python benchmarks/bench_journeys.py``. On the built-in
catalogue it builds a long journey (a person taking every module they can, failing some,
dropping out and resuming, working between modules) and reports, for journeys of growing
length, the median time of each operation and the peak memory of a replay. The numbers are
recorded in ``docs/performance.md``. Timings are never asserted in tests.
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

from itineraire import builtin_catalogue, learner_from_data
from itineraire.files.export import to_json
from itineraire.journeys import (
    DroppedOut,
    EmploymentPeriod,
    Event,
    Journey,
    ModuleCompleted,
    ModuleStarted,
    Resumed,
    journey_document,
    journey_from_data,
    portfolio,
    replan,
)
from itineraire.journeys.folding import startable_modules
from itineraire.journeys.replay import frames
from itineraire.planning import NoRouteError

START = dt.date(2027, 1, 4)


def long_journey(events: int) -> Journey:
    """A deterministic journey of about ``events`` events on the built-in catalogue."""
    catalogue = builtin_catalogue()
    learner = learner_from_data(
        {
            "id": "bench",
            "positioning": {"date": START.isoformat(), "competences": ["clea.1", "clea.2"]},
            "target": {"certification": "RNCP37715"},
        },
        catalogue,
    )
    journey = Journey.start(catalogue, learner)
    day = START
    turn = 0
    while len(journey.events) < events:
        turn += 1
        day += dt.timedelta(days=7)
        state = journey.state
        startable = startable_modules(catalogue, state)
        step: list[Event]
        if turn % 11 == 0:
            step = [DroppedOut(date=day, reason="bench"), Resumed(date=day + dt.timedelta(days=3))]
        elif turn % 5 == 0 or not startable:
            step = [
                EmploymentPeriod(date=day + dt.timedelta(days=6), start=day, hours=35, rome="K1304")
            ]
        else:
            module = startable[turn % len(startable)]
            step = [
                ModuleStarted(date=day, module=module),
                ModuleCompleted(
                    date=day + dt.timedelta(days=6), module=module, passed=turn % 4 != 0
                ),
            ]
        journey = journey.extend(step)
        day = journey.state.date
    return journey


def _median_ms(action: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _peak_kib(action: Callable[[], Any]) -> float:
    tracemalloc.start()
    action()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1024


def _replan_or_none(journey: Journey) -> object:
    try:
        return replan(journey)
    except NoRouteError:  # the long journeys go past the last sessions: proving it is timed too
        return None


def measure(size: int) -> list[object]:
    """One row of the table for a journey of about ``size`` events."""
    journey = long_journey(size)
    catalogue, learner, events = journey.catalogue, journey.learner, journey.events
    last = events[-1]
    before = Journey.replay(catalogue, learner, events[:-1])

    def round_trip() -> Journey:
        return journey_from_data(json.loads(to_json(journey_document(journey))), catalogue)

    return [
        len(events),
        _median_ms(lambda: before.append(last), 50),
        _median_ms(lambda: Journey.replay(catalogue, learner, events), 10),
        _median_ms(round_trip, 10),
        _median_ms(lambda: portfolio(journey), 10),
        _median_ms(lambda: _replan_or_none(journey), 5),
        "route" if _replan_or_none(journey) is not None else "no route",
        _peak_kib(lambda: Journey.replay(catalogue, learner, events)),
    ]


def main() -> None:
    print(
        "events | append one (ms) | replay (ms) | JSON out+in (ms) | portfolio (ms) |"
        " replan (ms) | outcome | replay peak (KiB)"
    )
    for size in (10, 50, 200):
        row = measure(size)
        print(" | ".join(f"{v:.2f}" if isinstance(v, float) else str(v) for v in row))
    example = long_journey(12)
    elapsed = _median_ms(lambda: frames(example), 3)
    print(f"simulate (re-planning after each of {len(example.events)} events): {elapsed:.0f} ms")


if __name__ == "__main__":
    main()
