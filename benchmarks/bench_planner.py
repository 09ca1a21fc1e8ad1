"""Benchmark of the route planner: the planner and the HiGHS backend on the same instances.

Run from the repository root: ``.venv/bin/python benchmarks/bench_planner.py`` (``--quick`` for a
smoke run, ``--help`` for the knobs). One process pinned to one core. For the built-in catalogue
(every certification as target, seven learner profiles each) and for generated catalogues of
growing size, in two shapes (profiles for the first and the last certification of each), it
plans every instance for the three objectives with the planner (``Planner``, its default work
limit) and for ``cost`` and ``hours`` with the HiGHS backend alone, and prints per catalogue,
objective and planner the median, 99th percentile and maximum wall time of a plan, the plans
over 2 s, those not proven optimal (and those stopped without a route), the peak memory of a
plan (``tracemalloc``, on a separate run of a sample of the instances so that tracing does not
slow the timed run), the ratio of the whole time to the time inside HiGHS (the library's
overhead over the bare solve), and whether the two planners' optima agree. Then it re-plans
1,000 random journeys of the built-in catalogue (the same ones on every run) and counts those
over 250 ms (``--replans-only``: only these). The numbers are recorded in
``docs/performance.md``; timings are never asserted in tests. The machine may be shared: read
medians and ratios, and the load average printed first.

Generated catalogues (:func:`planner_catalogue`) have, for each certification of five blocks: a
CléA remediation gate (all of, or any of), professional modules that need an earlier block,
an English level (a chain A1 → B2 with an intensive shortcut) or either of two things, several
alternative modules per block, a module validating two blocks at once, a placement validating a
block in a company and bringing experience for VAE, an "n of m" validation rule for some, and
equivalences between the blocks of neighbouring certifications (one for one, two for one). The
harder shape adds layered any-of prerequisites (any block of the layer below, or English B2) to
most modules, VAE that covers only some blocks, and sessions for one module in three.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import pickle
import platform
import random
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any
from unittest import mock

import attrs
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from itineraire import builtin_catalogue, catalogue_from_data
from itineraire.journeys import Journey, learner_at
from itineraire.model.catalogue import Catalogue
from itineraire.model.competences import HeldCompetence
from itineraire.model.learners import (
    Constraints,
    ExperienceRecord,
    HeldBlock,
    Learner,
    Positioning,
    Target,
    TargetKind,
)
from itineraire.planning import NoRouteError, Objective, Planner, PlanningLimitError, Route
from itineraire.planning.highs import plan_with_highs
from itineraire.planning.milp import Milp
from itineraire.planning.planner import DEFAULT_WORK_LIMIT
from itineraire.testing import journeys, learners

SIZES = ((5, 20), (10, 60), (20, 150), (40, 400))
"""(blocks, modules) of the generated catalogues."""

START = dt.date(2026, 12, 1)
LEVELS = ("A1", "A2", "B1", "B2")


def planner_catalogue(
    blocks: int, modules: int, seed: int = 0, *, hard: bool = False
) -> dict[str, Any]:
    """A consistent catalogue of about ``blocks`` blocks and ``modules`` modules (see the
    module's documentation); the same arguments always give the same catalogue. ``hard``: the
    harder shape (layered any-of prerequisites in most modules, VAE covering only the blocks
    of even rank, sessions for one module in three)."""
    rng = random.Random(seed)
    competences: list[dict[str, Any]] = [
        {"id": f"clea.{n}", "title": f"CléA {n}"} for n in range(1, 5)
    ]
    competences.append({"id": "lang.en", "title": "Anglais", "scale": "cefr"})
    transversal: list[dict[str, Any]] = [
        _transversal(f"clea-{n}", 35, 400 + 50 * n, "basic_skills", [f"clea.{n}"])
        for n in range(1, 5)
    ]
    transversal.append(_transversal("clea-socle", 60, 750, "basic_skills", ["clea.1", "clea.2"]))
    for rank, level in enumerate(LEVELS):
        language = _transversal(
            f"en-{level}", 60, 700, "language", [{"competence": "lang.en", "level": level}]
        )
        if rank:
            language["requires"] = f"lang.en>={LEVELS[rank - 1]}"
        transversal.append(language)
    transversal.append(
        _transversal(
            "en-intensif-B1", 150, 1900, "language", [{"competence": "lang.en", "level": "B1"}]
        )
    )
    certifications: list[dict[str, Any]] = []
    per_certification = 5
    count = max(1, blocks // per_certification)
    codes = [[f"RNCP{20000 + c}BC{b:02d}" for b in range(1, 6)] for c in range(count)]
    placements = max(1, count)
    professional = max(count * per_certification, modules - len(transversal) - placements)
    own: list[dict[str, Any]] = []
    for c in range(count):
        code = f"RNCP{20000 + c}"
        gate: Any = ["clea.1", "clea.2"] if c % 2 == 0 else {"any": ["clea.3", "clea.socle"]}
        if c % 2:
            gate = {"all": ["clea.1", {"any": ["clea.3", "clea.4"]}]}
        certification: dict[str, Any] = {
            "code": code,
            "registry": "rncp",
            "title": f"Titre {code}",
            "level": 3 + c % 3,
            "access_routes": ["continuing_training", *(["vae"] if c % 3 != 2 else [])],
            "rome": [f"M{1800 + c:04d}"],
            "entry_requirement": gate,
            "blocks": [
                {"code": block, "title": block, **_vae_scope(hard, b, f"M{1800 + c:04d}")}
                for b, block in enumerate(codes[c])
            ],
        }
        if c % 4 == 3:
            certification["validation"] = {
                "at_least": 4,
                "of": [f"block:{block}" for block in codes[c]],
            }
        certifications.append(certification)
    # Professional modules: one per block first, then alternatives spread over the blocks.
    flat = [(c, b) for c in range(count) for b in range(per_certification)]
    for index in range(professional):
        c, b = flat[index % len(flat)]
        alternative = index // len(flat)
        block = codes[c][b]
        module: dict[str, Any] = {
            "kind": "professional",
            "id": f"{block}-m{alternative}",
            "title": f"{block} module {alternative}",
            "hours": rng.choice((70, 105, 140, 175, 210)),
            "cost": rng.randrange(900, 3200, 50),
            "block": block,
            "validates": [block],
        }
        rules: list[Any] = []
        if b >= 2:
            rules.append(f"block:{codes[c][b - 2]}")
        if b == 3 and alternative % 3 == 0:
            rules.append("lang.en>=A2")
        if b == 4 and alternative % 2 == 1:
            rules.append({"any": [f"block:{codes[c][0]}", "lang.en>=B1"]})
        if alternative == 1 and b + 1 < per_certification:
            # A module validating two blocks at once, dearer than one but cheaper than two.
            module["validates"] = [block, codes[c][b + 1]]
            module["cost"] += 1200
            module["hours"] += 70
        if hard and b >= 1:
            # Layered: any block of the layer below, or a language level.
            layer = [f"block:{codes[c][b - 1]}", f"block:{codes[c][max(0, b - 2)]}"]
            rules = [{"any": [*dict.fromkeys(layer), "lang.en>=B2"]}, *rules[1:]]
        if hard and index % 3 == 1:
            module["sessions"] = [
                (START + dt.timedelta(days=28 * n + 7 * (index % 4))).isoformat() for n in range(24)
            ]
        if rules:
            module["requires"] = rules[0] if len(rules) == 1 else rules
        own.append(module)
    for c in range(placements):
        block = codes[c % count][2]
        own.append(
            {
                "kind": "placement",
                "id": f"cp-{block}",
                "title": f"Contrat de professionnalisation {block}",
                "placement_type": "professionalisation_contract",
                "hours": 420,
                "cost": 0 if c % 2 == 0 else 600,
                "rome": f"M{1800 + c % count:04d}",
                "experience_hours": 700,
                "validates": [block],
                "requires": f"block:{codes[c % count][0]}",
            }
        )
    equivalences: list[dict[str, Any]] = []
    for c in range(count - 1):
        equivalences.append(
            {"id": f"eq-{c}-one", "from": [codes[c][0]], "to": [codes[c + 1][0]], "mutual": True}
        )
        equivalences.append(
            {
                "id": f"eq-{c}-two",
                "from": [codes[c][1], codes[c][3]],
                "to": [codes[c + 1][1]],
                "mutual": False,
            }
        )
    return {
        "name": f"generated-{blocks}-{modules}",
        "competences": competences,
        "certifications": certifications,
        "modules": transversal + own,
        "equivalences": equivalences,
    }


def _vae_scope(hard: bool, rank: int, rome: str) -> dict[str, Any]:
    """In the harder shape, experience of the certification's job covers only the blocks of
    even rank (the others ask for experience of another job)."""
    if not hard:
        return {}
    return {"experience_rome": [rome if rank % 2 == 0 else "N4199"]}


def _transversal(
    identifier: str, hours: int, cost: int, domain: str, teaches: list[Any]
) -> dict[str, Any]:
    return {
        "kind": "transversal",
        "id": identifier,
        "title": identifier,
        "hours": hours,
        "cost": cost,
        "domain": domain,
        "teaches": teaches,
    }


def profiles(catalogue: Catalogue, seed: int = 0) -> Iterator[Learner]:
    """Learners for every certification as target: from scratch, with the remediation gate,
    with related experience (VAE), with a block held, on a budget, half the blocks as target,
    and without VAE."""
    rng = random.Random(seed)
    competences = tuple(sorted(c for c, d in catalogue.competences.items() if d.scale is None))
    for code, certification in catalogue.certifications.items():
        blocks = certification.blocks
        rome = certification.rome[0] if certification.rome else "M1805"
        gate = tuple(HeldCompetence(c) for c in rng.sample(competences, min(4, len(competences))))
        variants: list[tuple[str, dict[str, Any]]] = [
            ("scratch", {}),
            ("gate", {"competences": gate}),
            ("experience", {"experience": (ExperienceRecord(rome, 1300),)}),
            ("blocks", {"blocks": tuple(HeldBlock(b, START) for b in blocks[:1])}),
            ("budget", {"budget": 9000}),
            ("some-blocks", {"target": blocks[: max(1, len(blocks) // 2)]}),
            ("no-vae", {"vae_allowed": False, "experience": (ExperienceRecord(rome, 900),)}),
        ]
        for name, options in variants:
            target = (
                Target(TargetKind.BLOCKS, blocks=options["target"])
                if "target" in options
                else Target(TargetKind.CERTIFICATION, certification=code)
            )
            yield Learner(
                id=f"{code}-{name}",
                positioning=Positioning(
                    date=START,
                    competences=options.get("competences", ()),
                    blocks=options.get("blocks", ()),
                    experience=options.get("experience", ()),
                ),
                constraints=Constraints(
                    start=START,
                    budget=options.get("budget"),
                    placement_required=options.get("placement_required", False),
                    vae_allowed=options.get("vae_allowed", True),
                ),
                target=target,
            )


@attrs.frozen
class Outcome:
    """One plan: its values (None: no route), whether proven, or the error it raised."""

    values: tuple[int, int, int] | None
    proven: bool = True
    error: str = ""


def values_of(route: Route) -> tuple[int, int, int]:
    totals = route.totals
    return (totals.duration_days, totals.cost, totals.training_hours)


def run(plan: Callable[[], Route]) -> Outcome:
    try:
        route = plan()
    except NoRouteError:
        return Outcome(None)
    except PlanningLimitError as error:
        return Outcome(None, proven=False, error=str(error))
    except ValueError as error:
        return Outcome(None, error=str(error))
    return Outcome(values_of(route), proven=route.proven_optimal)


def peak_kib(plan: Callable[[], object]) -> float:
    gc.collect()
    tracemalloc.start()
    plan()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1024


def quantiles(samples: list[float]) -> tuple[float, float, float]:
    """Median, 99th percentile and maximum."""
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return statistics.median(ordered), p99, ordered[-1]


@attrs.define
class Tally:
    """What one planner did on one catalogue for one objective."""

    times: list[float] = attrs.field(factory=list)
    solving: list[float] = attrs.field(factory=list)
    memory: list[float] = attrs.field(factory=list)
    outcomes: list[Outcome] = attrs.field(factory=list)


class SolveClock:
    """Time spent inside HiGHS (building its model from arrays and solving it): the bare
    solve, against which the library's overhead is measured."""

    def __init__(self) -> None:
        self.spent = 0.0
        original = Milp.solve

        def timed(milp: Any, *arguments: Any) -> Any:
            start = time.perf_counter()
            try:
                return original(milp, *arguments)
            finally:
                self.spent += time.perf_counter() - start

        mock.patch.object(Milp, "solve", timed).start()


def safely(plan: Callable[[], Route]) -> Callable[[], object]:
    def call() -> object:
        try:
            return plan()
        except (NoRouteError, PlanningLimitError, ValueError):
            return None

    return call


def bench(
    name: str,
    catalogue: Catalogue,
    learners: list[Learner],
    work_limit: int,
    memory_runs: int,
    clock: SolveClock,
) -> None:
    """Plan every learner for every objective with the planner, and for cost and hours with
    the HiGHS backend alone (timed, the same instances in the same process), then again under
    ``tracemalloc`` for about ``memory_runs`` of the instances; print the table rows."""
    planner = Planner(catalogue, work_limit=work_limit)
    for objective in Objective:
        plans: dict[str, Callable[[Learner], Route]] = {
            "Planner": partial(_plan, planner, objective=objective)
        }
        if objective is not Objective.DURATION:
            plans["HiGHS backend"] = partial(_highs, catalogue, objective=objective)
        tallies = {label: Tally() for label in plans}
        for learner in learners:
            for label, plan in plans.items():
                clock.spent = 0.0
                start = time.perf_counter()
                outcome = run(partial(plan, learner))
                tallies[label].times.append((time.perf_counter() - start) * 1000)
                tallies[label].solving.append(clock.spent * 1000)
                tallies[label].outcomes.append(outcome)
        stride = max(1, len(learners) // memory_runs)
        for learner in learners[::stride]:
            for label, plan in plans.items():
                tallies[label].memory.append(peak_kib(safely(partial(plan, learner))))
        for label, tally in tallies.items():
            median, p99, most = quantiles(tally.times)
            memory = sorted(tally.memory)
            unproven = sum(not o.proven for o in tally.outcomes)
            stopped = sum(o.values is None and not o.proven for o in tally.outcomes)
            refused = sum(bool(o.error) and o.proven for o in tally.outcomes)
            over = sum(t > 2000 for t in tally.times)
            solving = sum(tally.solving)
            overhead = f"{sum(tally.times) / solving:.1f}×" if solving else "–"
            print(
                f"| {name} | {objective.value} | {label} | {len(learners)}"
                f" | {median:.1f} | {p99:.1f} | {most:.1f} | {over}"
                f" | {unproven} ({stopped} without a route) | {refused}"
                f" | {statistics.median(memory) / 1024:.1f} / {memory[-1] / 1024:.1f}"
                f" | {overhead} |",
                flush=True,
            )
        if len(tallies) == 2:
            _agreement(name, objective, learners, *tallies.values())


def _plan(planner: Planner, learner: Learner, objective: Objective) -> Route:
    return planner.plan(learner, objective)


def _highs(catalogue: Catalogue, learner: Learner, objective: Objective) -> Route:
    return plan_with_highs(catalogue, learner, objective)


def _agreement(
    name: str, objective: Objective, learners: list[Learner], ours: Tally, backend: Tally
) -> None:
    """Where both are proven, the planner's and the backend's optima of the objective agree."""
    index = 1 if objective is Objective.COST else 2
    compared = agree = 0
    for learner, mine, theirs in zip(learners, ours.outcomes, backend.outcomes, strict=True):
        if theirs.error or not mine.proven or not theirs.proven:
            continue
        compared += 1
        same = (mine.values is None) == (theirs.values is None) and (
            mine.values is None
            or theirs.values is None
            or mine.values[index] == theirs.values[index]
        )
        agree += same
        if not same:
            print(f"  DISAGREEMENT {name} {learner.id} {objective.value}: {mine} {theirs}")
    print(f"| {name} | {objective.value} | agreement | {agree} of {compared} optima equal |")


def random_replans(catalogue: Catalogue, count: int) -> list[tuple[Learner, Objective]]:
    """The learners of ``count`` random journeys on ``catalogue`` as of their last event, each
    with a random objective: the same on every run (derandomised Hypothesis draws)."""
    drawn: list[tuple[Learner, Objective]] = []

    @settings(
        max_examples=count,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(
        journeys(catalogue, learners(catalogue, unavailable=False), max_events=8),
        st.sampled_from(list(Objective)),
    )
    def collect(journey: Journey, objective: Objective) -> None:
        if len(drawn) < count:
            drawn.append((learner_at(journey), objective))

    collect()
    return drawn


def kept_replans(
    catalogue: Catalogue, count: int, draw: Path | None
) -> list[tuple[Learner, Objective]]:
    """The re-plans of :func:`random_replans`, kept in the file ``draw`` when given: drawn and
    written on the first run, read on the next ones. Hypothesis's derandomised draws also read
    constants of the modules imported, the project's among them, so two versions of the code may
    draw other learners from the same seed: a draw kept in a file compares them on the same
    ones. The file is a pickle: read only the files this script wrote."""
    if draw is not None and draw.exists():
        with draw.open("rb") as file:
            kept: list[tuple[Learner, Objective]] = pickle.load(file)
        return kept[:count]
    drawn = random_replans(catalogue, count)
    if draw is not None:
        with draw.open("wb") as file:
            pickle.dump(drawn, file)
    return drawn


def replans(catalogue: Catalogue, count: int, work_limit: int) -> None:
    """Re-plans of ``count`` random journeys on the built-in catalogue (see
    :func:`random_replans`)."""
    drawn = random_replans(catalogue, count)
    planner = Planner(catalogue, work_limit=work_limit)
    times = []
    unproven = 0
    for learner, objective in drawn:
        start = time.perf_counter()
        outcome = run(partial(planner.plan, learner, objective))
        times.append((time.perf_counter() - start) * 1000)
        unproven += not outcome.proven
    median, p99, most = quantiles(times)
    over = sum(t > 250 for t in times)
    print(
        f"| built-in re-plans | random | Planner | {len(drawn)} | {median:.1f} | {p99:.1f}"
        f" | {most:.1f} | {over} over 250 ms | {unproven} | | | |",
        flush=True,
    )


def spread(learners: list[Learner], catalogue: Catalogue, count: int) -> list[Learner]:
    """The learners of ``count`` certifications spread over the catalogue (first, ..., last)."""
    codes = list(catalogue.certifications)
    if len(codes) > count:
        step = (len(codes) - 1) / max(1, count - 1)
        codes = [codes[round(i * step)] for i in range(count)]
    chosen = {f"{code}-" for code in codes}
    return [learner for learner in learners if learner.id.startswith(tuple(chosen))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a smoke run: the two smallest catalogues, fewer re-plans",
    )
    parser.add_argument(
        "--work-limit",
        type=int,
        default=DEFAULT_WORK_LIMIT,
        help=f"the planner's work limit ({DEFAULT_WORK_LIMIT:,})",
    )
    parser.add_argument(
        "--targets",
        type=int,
        default=2,
        help="certifications used as targets in each generated catalogue (2: first and last)",
    )
    parser.add_argument(
        "--memory-runs", type=int, default=12, help="instances re-run under tracemalloc (12)"
    )
    parser.add_argument(
        "--replans", type=int, default=1000, help="random re-plans on the built-in catalogue"
    )
    parser.add_argument(
        "--replans-only",
        action="store_true",
        help="only the random re-plans (--replans of them, 1,000 by default)",
    )
    arguments = parser.parse_args()
    _one_core()
    print(
        f"Python {sys.version.split()[0]}, {platform.machine()}, {platform.system()},"
        f" {os.cpu_count()} cores (pinned to one), HiGHS {_highs_version()},"
        f" work limit {arguments.work_limit:,}, load average {os.getloadavg()[0]:.1f}"
    )
    print(
        "| catalogue | objective | planner | plans | median ms | p99 ms | max ms | over 2 s"
        " | not proven | refused | peak MiB (median / max) | time / bare solve |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    started = time.perf_counter()
    clock = SolveClock()
    builtin = builtin_catalogue()
    if arguments.replans_only:
        replans(builtin, arguments.replans, arguments.work_limit)
        print(f"total {time.perf_counter() - started:.0f} s")
        return
    memory = arguments.memory_runs
    bench("built-in", builtin, list(profiles(builtin)), arguments.work_limit, memory, clock)
    replans(builtin, 100 if arguments.quick else arguments.replans, arguments.work_limit)
    for hard in (False, True):
        for blocks, modules in SIZES[:2] if arguments.quick else SIZES:
            catalogue = catalogue_from_data(planner_catalogue(blocks, modules, hard=hard))
            shape = "harder" if hard else "generated"
            label = f"{shape} {len(catalogue.blocks)}/{len(catalogue.modules)}"
            learners = spread(list(profiles(catalogue)), catalogue, arguments.targets)
            bench(label, catalogue, learners, arguments.work_limit, memory, clock)
    print(f"total {time.perf_counter() - started:.0f} s")


def _one_core() -> None:
    """Pin the process to one core where the system allows it (Linux)."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def _highs_version() -> str:
    from importlib.metadata import version

    return version("highspy")


if __name__ == "__main__":
    main()
