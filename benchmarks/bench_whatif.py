"""What-if benchmark: a person's answers on the built-in catalogue, and the offer analysis over a
synthetic population.

    .venv/bin/python benchmarks/bench_whatif.py                 # both parts
    .venv/bin/python benchmarks/bench_whatif.py --people 10000  # the population size
    .venv/bin/python benchmarks/bench_whatif.py --part person   # only the person's answers

The person part runs ``what_if`` for every certification of the built-in catalogue as the target
of the demonstration learner and of a learner holding nothing, for each objective, and reports
the median and the slowest time, the candidates considered and the plans made (every candidate
is a plan: all answers are exact).

The population is drawn here, simply (a seeded generator, not the population helper's sampler):
a target among the catalogue's RNCP certifications, the first k CléA domains held (k from 0 to
7: basic skills tend to be held in that order), related experience of 0, 300, 700 or 1,200
hours in one of the target's jobs, 21, 28 or 35 h of training a week, a start 3, 6 or 9 weeks
after a positioning on 14 December 2026, and one person in five holding a block of another
certification (a partial validation from an earlier route). People with the same situation are
planned once (their routes are the same). The offer analysis then reports its time, the plans
it made and the routes it reused by the reuse rule, against the plans a full re-planning would
make (every situation, for every candidate).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import time
from typing import Any

from itineraire import builtin_catalogue, learner_from_data
from itineraire.model.catalogue import Catalogue
from itineraire.model.certifications import Registry
from itineraire.model.learners import Learner
from itineraire.planning import Objective, Planner
from itineraire.whatif import what_if
from itineraire.whatif.offer import OfferAnswer, offer_analysis

POSITIONING = dt.date(2026, 12, 14)


def synthetic_learners(catalogue: Catalogue, count: int, seed: int = 2026) -> list[Learner]:
    """``count`` learners drawn as the module's doc says (the same for the same seed)."""
    rng = random.Random(seed)
    targets = [
        c for c in catalogue.certifications.values() if c.registry is Registry.RNCP and c.blocks
    ]
    learners = []
    for index in range(count):
        target = rng.choice(targets)
        competences = [f"clea.{d}" for d in range(1, 1 + rng.randrange(8))]
        hours = rng.choice((0, 300, 700, 1200))
        experience = (
            [{"rome": rng.choice(sorted(target.rome)), "hours": hours}]
            if hours and target.rome
            else []
        )
        start = POSITIONING + dt.timedelta(weeks=rng.choice((3, 6, 9)))
        blocks = []
        if rng.random() < 0.2:
            other = rng.choice([c for c in targets if c.code != target.code])
            blocks = [{"block": rng.choice(other.blocks), "date": "2025-06-30"}]
        data: dict[str, Any] = {
            "id": f"p{index:05d}",
            "positioning": {
                "date": POSITIONING.isoformat(),
                "competences": competences,
                "experience": experience,
                "blocks": blocks,
            },
            "constraints": {"start": start.isoformat(), "weekly_hours": rng.choice((21, 28, 35))},
            "target": {"certification": target.code},
        }
        learners.append(learner_from_data(data, catalogue))
    return learners


def person_part(catalogue: Catalogue) -> None:
    planner = Planner(catalogue)
    times: list[float] = []
    plans: list[int] = []
    considered: list[int] = []
    targets = [c.code for c in catalogue.certifications.values() if c.blocks]
    for code in targets:
        for competences in ([], ["clea.1", "clea.2"]):
            data = {
                "id": f"bench-{code}",
                "positioning": {"date": POSITIONING.isoformat(), "competences": competences},
                "constraints": {"start": "2027-01-04"},
                "target": {"certification": code},
            }
            learner = learner_from_data(data, catalogue)
            for objective in Objective:
                began = time.perf_counter()
                result = what_if(catalogue, learner, objective, planner=planner)
                times.append(time.perf_counter() - began)
                plans.append(result.plans)
                considered.append(result.considered)
    print(
        f"person what-if: {len(times)} calls; median {statistics.median(times):.3f} s,"
        f" slowest {max(times):.3f} s; candidates median {statistics.median(considered)}"
        f" (max {max(considered)}); plans median {statistics.median(plans)} (max {max(plans)})"
    )


def _progress(answer: OfferAnswer, done: int, total: int) -> None:
    print(
        f"  candidate {done}/{total}: {answer.plans} re-plans, {answer.reused} reused;"
        f" {answer.sentence}",
        file=sys.stderr,
        flush=True,
    )


def population_part(catalogue: Catalogue, people: int, max_candidates: int, jobs: int) -> None:
    learners = synthetic_learners(catalogue, people)
    began = time.perf_counter()
    print(f"population of {people} drawn; planning", file=sys.stderr, flush=True)
    analysis = offer_analysis(
        catalogue,
        learners,
        Objective.DURATION,
        max_candidates=max_candidates,
        progress=_progress,
        jobs=jobs,
    )
    elapsed = time.perf_counter() - began
    full = analysis.candidates * analysis.situations
    print(
        f"offer analysis: {analysis.population} people, {analysis.situations} distinct"
        f" situations, {analysis.no_route} without a route; {analysis.candidates} candidates;"
        f" {elapsed:.1f} s; {analysis.baseline_plans} baseline plans + {analysis.plans}"
        f" re-plans, {analysis.reused} reused by the rule (full re-planning: {full} re-plans,"
        f" {100 * analysis.reused / full if full else 0:.0f} % saved)"
    )
    for answer in analysis.answers[:5]:
        print(f"  {answer.sentence}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--part", choices=("person", "population", "both"), default="both")
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--max-candidates", type=int, default=4)
    parser.add_argument("--jobs", type=int, default=1, help="processes planning the offer")
    arguments = parser.parse_args()
    catalogue = builtin_catalogue()
    if arguments.part in ("person", "both"):
        person_part(catalogue)
    if arguments.part in ("population", "both"):
        population_part(catalogue, arguments.people, arguments.max_candidates, arguments.jobs)


if __name__ == "__main__":
    main()
