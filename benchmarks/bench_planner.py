"""Benchmark of the route planner: the A* planner and the HiGHS backend on the same instances.

Run from the repository root: ``.venv/bin/python benchmarks/bench_planner.py`` (``--quick`` for a
smoke run, ``--help`` for the knobs). For the built-in catalogue (every certification as target,
seven learner profiles each) and for generated catalogues of growing size (profiles for the first
and the last certification of each), it plans every instance for the objectives ``cost`` and
``hours`` with both planners, in one process, and prints per catalogue and planner the median
and 99th percentile wall time of a plan, the peak memory of a plan (``tracemalloc``, on a
separate run of a sample of the instances so that tracing does not slow the timed run), and
whether the optimal values agree. The A* planner runs with a node budget (2,000 by default); a
plan that exhausts it is counted as not proven. The numbers are recorded in
``docs/performance.md``. Timings are never asserted in tests.

Generated catalogues (:func:`planner_catalogue`) have, for each certification of five blocks: a
CléA remediation gate (all of, or any of), professional modules that need an earlier block,
an English level (a chain A1 → B2 with an intensive shortcut) or either of two things, several
alternative modules per block, a module validating two blocks at once, a placement validating a
block in a company and bringing experience for VAE, an "n of m" validation rule for some, and
equivalences between the blocks of neighbouring certifications (one for one, two for one).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import platform
import random
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

import attrs

from itineraire import builtin_catalogue, catalogue_from_data
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
from itineraire.planning import NoRouteError, Objective, Planner, ReasonCode, Route
from itineraire.planning.highs import plan_with_highs

OBJECTIVES = (Objective.COST, Objective.HOURS)
SIZES = ((5, 20), (10, 60), (20, 150), (40, 400))
"""(blocks, modules) of the generated catalogues."""

START = dt.date(2026, 12, 1)
LEVELS = ("A1", "A2", "B1", "B2")


def planner_catalogue(blocks: int, modules: int, seed: int = 0) -> dict[str, Any]:
    """A consistent catalogue of about ``blocks`` blocks and ``modules`` modules (see the
    module's documentation); the same arguments always give the same catalogue."""
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
            "blocks": [{"code": block, "title": block} for block in codes[c]],
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
    """One plan: its value (None: no route), whether proven, or the error it raised."""

    value: int | None
    proven: bool = True
    error: str = ""


def value_of(route: Route, objective: Objective) -> int:
    return route.totals.cost if objective is Objective.COST else route.totals.training_hours


def run(plan: Callable[[], Route], objective: Objective) -> Outcome:
    try:
        route = plan()
    except NoRouteError as error:
        stopped = any(reason.code is ReasonCode.SEARCH_STOPPED for reason in error.reasons)
        return Outcome(None, proven=not stopped)
    except ValueError as error:
        return Outcome(None, error=str(error))
    return Outcome(value_of(route, objective), proven=route.proven_optimal)


def peak_kib(plan: Callable[[], object]) -> float:
    gc.collect()
    tracemalloc.start()
    plan()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1024


def quantiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


@attrs.define
class Tally:
    """What one planner did on one catalogue."""

    times: list[float] = attrs.field(factory=list)
    memory: list[float] = attrs.field(factory=list)
    outcomes: list[Outcome] = attrs.field(factory=list)


def safely(plan: Callable[[], Route]) -> Callable[[], object]:
    def call() -> object:
        try:
            return plan()
        except (NoRouteError, ValueError):
            return None

    return call


def bench(
    name: str, catalogue: Catalogue, learners: list[Learner], max_nodes: int, memory_runs: int
) -> list[str]:
    """Plan every learner with both planners (timed), then again under ``tracemalloc`` for
    about ``memory_runs`` of the instances; print and return the table rows."""
    planner = Planner(catalogue, max_nodes=max_nodes)
    instances = [(learner, objective) for learner in learners for objective in OBJECTIVES]

    def plans(learner: Learner, objective: Objective) -> dict[str, Callable[[], Route]]:
        return {
            "A*": partial(planner.plan, learner, objective),
            "HiGHS": partial(plan_with_highs, catalogue, learner, objective),
        }

    tallies = {"A*": Tally(), "HiGHS": Tally()}
    for learner, objective in instances:
        for label, plan in plans(learner, objective).items():
            start = time.perf_counter()
            outcome = run(plan, objective)
            tallies[label].times.append((time.perf_counter() - start) * 1000)
            tallies[label].outcomes.append(outcome)
    stride = max(1, len(instances) // memory_runs)
    for learner, objective in instances[::stride]:
        for label, plan in plans(learner, objective).items():
            tallies[label].memory.append(peak_kib(safely(plan)))
    rows = []
    for label, tally in tallies.items():
        median, p99 = quantiles(tally.times)
        memory = sorted(tally.memory)
        if label == "A*":
            caveat = f"{sum(not o.proven for o in tally.outcomes)} not proven within the budget"
        else:
            caveat = f"{sum(bool(o.error) for o in tally.outcomes)} refused"
        rows.append(
            f"| {name} | {len(instances)} | {label} | {median:.1f} ms | {p99:.1f} ms"
            f" | {statistics.median(memory):,.0f} KiB | {memory[-1]:,.0f} KiB | {caveat} |"
        )
    agree = compared = better = equal = none = 0
    disagreements: list[str] = []
    for (learner, objective), star, highs in zip(
        instances, tallies["A*"].outcomes, tallies["HiGHS"].outcomes, strict=True
    ):
        if highs.error:
            continue
        if not star.proven:
            # The budget ran out: the A* route (if any) is the best seen, not proven.
            if highs.value is None:
                none += 1
            elif star.value is None or highs.value < star.value:
                better += 1
            elif star.value == highs.value:
                equal += 1
            else:
                disagreements.append(f"{learner.id} {objective.value}: A* {star} HiGHS {highs}")
            continue
        compared += 1
        if star.value == highs.value:
            agree += 1
        else:
            disagreements.append(f"{learner.id} {objective.value}: A* {star} HiGHS {highs}")
    rows.append(
        f"| {name} | | agreement | {agree} of {compared} proven A* optima equal | | |"
        f" | A* not proven: HiGHS equal {equal}, better {better}, no route {none} |"
    )
    for row in rows:
        print(row, flush=True)
    for line in disagreements:
        print(f"  DISAGREEMENT {line}", flush=True)
    return rows


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
    parser.add_argument("--quick", action="store_true", help="only the two smallest catalogues")
    parser.add_argument(
        "--max-nodes", type=int, default=2_000, help="node budget of the A* planner (2,000)"
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
    arguments = parser.parse_args()
    import highspy  # noqa: F401  (fail early, and print HiGHS's banner before the table)

    print(
        f"Python {sys.version.split()[0]}, {platform.machine()}, {platform.system()},"
        f" {os.cpu_count()} cores, HiGHS {_highs_version()},"
        f" A* node budget {arguments.max_nodes:,}"
    )
    print(
        "| catalogue | plans | planner | median | p99 | peak memory (median) | peak memory (max)"
        " | notes |"
    )
    print("|---|---|---|---|---|---|---|---|")
    started = time.perf_counter()
    builtin = builtin_catalogue()
    bench("built-in", builtin, list(profiles(builtin)), arguments.max_nodes, arguments.memory_runs)
    for blocks, modules in SIZES[:2] if arguments.quick else SIZES:
        catalogue = catalogue_from_data(planner_catalogue(blocks, modules))
        label = f"generated {len(catalogue.blocks)}/{len(catalogue.modules)}"
        learners = spread(list(profiles(catalogue)), catalogue, arguments.targets)
        bench(label, catalogue, learners, arguments.max_nodes, arguments.memory_runs)
    print(f"total {time.perf_counter() - started:.0f} s")


def _highs_version() -> str:
    import highspy

    solver = highspy.Highs()
    return f"{solver.versionMajor()}.{solver.versionMinor()}.{solver.versionPatch()}"


if __name__ == "__main__":
    main()
