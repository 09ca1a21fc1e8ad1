"""The planner on the built-in catalogue for all three objectives, with HiGHS alongside.

Run from the repository root: ``.venv/bin/python benchmarks/bench_builtin_objectives.py``. Every
certification of the built-in catalogue is a target for three profiles (nothing held; CléA 1, 2,
3 and 7 held; 1,200 h of related experience), planned with the default node budget. HiGHS has no
model of the duration objective. Numbers are recorded in ``docs/performance.md``.
"""

from __future__ import annotations

import contextlib
import io
import statistics
import time
from typing import Any

from itineraire import builtin_catalogue, learner_from_data
from itineraire.model.learners import Learner
from itineraire.planning import NoRouteError, Objective, Planner, Route
from itineraire.planning.highs import plan_with_highs


def profiles() -> list[Learner]:
    catalogue = builtin_catalogue()
    learners = []
    for code, certification in catalogue.certifications.items():
        experience = [{"rome": rome, "hours": 1200} for rome in certification.rome[:1]]
        for extra in (
            {},
            {"competences": ["clea.1", "clea.2", "clea.3", "clea.7"]},
            {"experience": experience},
        ):
            data: dict[str, Any] = {
                "id": "bench",
                "positioning": {"date": "2027-01-04", **extra},
                "target": {"certification": code},
            }
            learners.append(learner_from_data(data, catalogue))
    return learners


def summary(samples: list[float]) -> str:
    ordered = sorted(samples)
    p90 = ordered[int(len(ordered) * 0.9)]
    return f"median {statistics.median(ordered):.1f} ms, p90 {p90:.1f} ms, max {ordered[-1]:.1f} ms"


def value(route: Route | None, objective: Objective) -> int | None:
    if route is None:
        return None
    return route.totals.cost if objective is Objective.COST else route.totals.training_hours


def main() -> None:
    catalogue = builtin_catalogue()
    planner = Planner(catalogue)
    learners = profiles()
    for objective in Objective:
        astar: list[float] = []
        highs: list[float] = []
        agree = 0
        for learner in learners:
            start = time.perf_counter()
            try:
                route: Route | None = planner.plan(learner, objective)
            except NoRouteError:
                route = None
            astar.append((time.perf_counter() - start) * 1000)
            if objective is Objective.DURATION:
                continue
            start = time.perf_counter()
            with contextlib.redirect_stdout(io.StringIO()):
                try:
                    reference: Route | None = plan_with_highs(catalogue, learner, objective)
                except NoRouteError:
                    reference = None
            highs.append((time.perf_counter() - start) * 1000)
            agree += value(route, objective) == value(reference, objective)
        line = f"{objective.value}: A* {summary(astar)}"
        if highs:
            line += f" | HiGHS {summary(highs)} | agree {agree}/{len(learners)}"
        print(line)


if __name__ == "__main__":
    main()
