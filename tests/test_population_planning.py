"""Population planning gives every person the outcome planning them alone gives, planning each
distinct problem once, whatever the order of the people, the number of processes or the room
kept for reuse; it streams its outcomes in the people's order and reports its progress."""

from __future__ import annotations

import gc
import random
import re
import threading
from typing import Any

import attrs
import pytest

from itineraire.files.loading import builtin_catalogue
from itineraire.model.learners import Learner
from itineraire.planning import NoRouteError, Objective, Planner, Route
from itineraire.planning.reasons import Reason
from itineraire.population import (
    NoRoute,
    Person,
    Planned,
    Progress,
    Reporter,
    Status,
    backends,
    plan_population,
)
from itineraire.population.outcomes import Outcome, plan_problem
from itineraire.population.rows import person_from_row
from itineraire.population.sampling import sample_population

CATALOGUE = builtin_catalogue()


def _people(count: int, seed: int = 5) -> list[Person]:
    rows = sample_population(count, seed=seed, catalogue=CATALOGUE)
    return [person_from_row(number, row, CATALOGUE) for number, row in enumerate(rows, 1)]


PEOPLE = _people(40)


def _alone(learner: Learner, objective: Objective) -> Route | tuple[Reason, ...]:
    try:
        return Planner(CATALOGUE).plan(learner, objective)
    except NoRouteError as error:
        return error.reasons


def _as_alone(planned: Planned) -> Route | tuple[Reason, ...]:
    outcome = planned.outcome
    return outcome if isinstance(outcome, Route) else outcome.reasons


def test_every_outcome_is_the_one_planning_the_person_alone_gives() -> None:
    """Reused routes name their own person; no-route reasons are the planner's."""
    planned = list(plan_population(CATALOGUE, PEOPLE, Objective.COST, chunk_size=7))
    assert [p.person for p in planned] == PEOPLE
    assert [_as_alone(p) for p in planned] == [
        _alone(person.learner, Objective.COST) for person in PEOPLE
    ]
    assert all(p.route is None or p.route.learner == p.person.learner.id for p in planned)


def test_people_sharing_a_problem_are_planned_once() -> None:
    """Copies of a person under other ids are reused, not planned again."""
    first = PEOPLE[0].learner
    copies = [attrs.evolve(first, id=f"copy-{n}", name=f"Copy {n}") for n in range(5)]
    reporter = _Recorder()
    planned = list(plan_population(CATALOGUE, [first, *copies], reporter=reporter))
    assert reporter.last == Progress(people=6, planned=1, reused=5)
    routes = [p.route for p in planned]
    assert [r.learner for r in routes if r is not None] == [first.id] + [c.id for c in copies]
    assert len({attrs.evolve(r, learner="") for r in routes if r is not None}) == 1


def test_order_of_people_and_room_for_reuse_change_no_outcome() -> None:
    """Shuffled people, one outcome kept for reuse (the rest planned again): same outcomes."""
    objectives = (Objective.DURATION, Objective.HOURS)
    reference = {
        (p.person.learner.id, p.objective): p.outcome
        for p in plan_population(CATALOGUE, PEOPLE, objectives)
    }
    shuffled = list(PEOPLE)
    random.Random(3).shuffle(shuffled)
    again = list(
        plan_population(CATALOGUE, shuffled, objectives, cache_size=1, chunk_size=3, batch_size=2)
    )
    assert {(p.person.learner.id, p.objective): p.outcome for p in again} == reference
    assert [p.person for p in again[::2]] == shuffled


def test_local_processes_give_the_in_process_outcomes() -> None:
    """Two worker processes give the outcomes of one process, in the same order."""
    people = PEOPLE[:16]
    alone = list(plan_population(CATALOGUE, people, Objective.HOURS))
    assert list(plan_population(CATALOGUE, people, Objective.HOURS, jobs=2)) == alone


def test_a_local_worker_sets_what_it_holds_aside_from_full_collections() -> None:
    """A local worker installs its planner, then freezes what it holds (``gc.freeze()``): the
    objects that never become garbage are walked by no full collection of the garbage
    collector (the test unfreezes them after)."""
    before = gc.get_freeze_count()
    try:
        backends._start_worker("frozen-test", CATALOGUE)
        assert ("frozen-test", threading.get_ident()) in backends._PLANNERS
        assert gc.get_freeze_count() > before
    finally:
        gc.unfreeze()
        backends._PLANNERS.pop(("frozen-test", threading.get_ident()), None)


def test_each_thread_of_a_worker_plans_with_its_own_planner() -> None:
    """A worker running several threads (a Dask worker may) gives each its own planner: a
    planner is not shared between threads. Two threads plan the same batch at once and give
    the outcomes of one process."""
    people = [person.learner for person in PEOPLE[:6]]
    planner = Planner(CATALOGUE)
    alone = [plan_problem(planner, learner, Objective.HOURS) for learner in people]
    results: list[list[Outcome]] = [[], []]

    def work(slot: int) -> None:
        backends.install("threads-test", CATALOGUE)
        results[slot] = backends.plan_batch("threads-test", Objective.HOURS, people)

    threads = [threading.Thread(target=work, args=(slot,)) for slot in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    planners = [key for key in backends._PLANNERS if key[0] == "threads-test"]
    try:
        assert len(planners) == 2
        assert results == [alone, alone]
    finally:
        for key in planners:
            del backends._PLANNERS[key]


def test_a_person_without_a_route_gets_the_planners_reasons() -> None:
    """A budget no route fits: the outcome says no route, with the planner's reason."""
    poor = attrs.evolve(
        PEOPLE[0].learner,
        constraints=attrs.evolve(PEOPLE[0].learner.constraints, budget=1),
    )
    [planned] = plan_population(CATALOGUE, [poor], Objective.COST)
    assert planned.status is Status.NO_ROUTE
    assert planned.outcome == NoRoute(Status.NO_ROUTE, _reasons(poor))


def _reasons(learner: Learner) -> tuple[Reason, ...]:
    found = _alone(learner, Objective.COST)
    assert isinstance(found, tuple)
    return found


class _Recorder(Reporter):
    def __init__(self) -> None:
        self.calls: list[Any] = []
        self.last = Progress()

    def started(self, objectives: tuple[Objective, ...]) -> None:
        self.calls.append(("started", objectives))

    def progressed(self, progress: Progress) -> None:
        self.calls.append(("progressed", progress.people))

    def finished(self, progress: Progress) -> None:
        self.calls.append(("finished", progress.people))
        self.last = progress


def test_the_reporter_hears_of_each_chunk_then_of_the_end() -> None:
    """Hooks: started once, progressed after each chunk, finished with the totals."""
    reporter = _Recorder()
    list(plan_population(CATALOGUE, PEOPLE[:5], Objective.HOURS, chunk_size=2, reporter=reporter))
    assert reporter.calls == [
        ("started", (Objective.HOURS,)),
        ("progressed", 2),
        ("progressed", 4),
        ("progressed", 5),
        ("finished", 5),
    ]
    assert reporter.last.outcomes == 5


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"jobs": 0}, "jobs must be at least 1 (got 0)"),
        ({"chunk_size": 0}, "chunk_size must be at least 1 (got 0)"),
        ({"cache_size": -1}, "cache_size must be at least 1 (got -1)"),
        ({"objectives": []}, "give at least one objective"),
    ],
)
def test_wrong_options_are_refused_before_anything_runs(
    options: dict[str, Any], message: str
) -> None:
    """Options are checked when the function is called, not when outcomes are first read."""
    with pytest.raises(ValueError, match=re.escape(message)) as raised:
        plan_population(CATALOGUE, PEOPLE, **options)
    assert str(raised.value) == message
