"""What would shorten a person's route: each candidate change re-planned, ranked by gain.

>>> from itineraire.whatif import what_if                     # doctest: +SKIP
>>> answers = what_if(catalogue, learner, Objective.DURATION)  # doctest: +SKIP
>>> print(answers.answers[0].sentence)                         # doctest: +SKIP
With CléA domain 3 held before the start (4 January 2027), the route ends 2 weeks earlier …

Every answer is a plan of the changed person by the same planner, never an estimate. The
threshold answers (the smallest budget that admits a route, the fewest experience hours that let
VAE cover a block, the latest start that still finishes by a date) are found by re-planning too:
once, or by bisection where the answer is monotone (see ``docs/what-if.md``).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

import attrs

from itineraire.model.catalogue import Catalogue
from itineraire.model.learners import Learner
from itineraire.model.money import euros
from itineraire.planning import NoRouteError, Objective, Planner, PlanningLimitError, Route
from itineraire.planning.planner import route_values
from itineraire.whatif.candidates import person_candidates
from itineraire.whatif.changes import Change, ChangeKind
from itineraire.whatif.wording import change_phrase, effect_phrase, long_date

__all__ = [
    "Answer",
    "Outcome",
    "Replanner",
    "Threshold",
    "ThresholdKind",
    "WhatIf",
    "objective_value",
    "what_if",
]


@attrs.frozen
class Outcome:
    """What the planner said for one learner: a route, or why there is none.

    ``stopped`` is true when the planner gave up before proving anything (a limit, not a proof
    that no route exists)."""

    route: Route | None
    reasons: tuple[str, ...] = ()
    stopped: bool = False


class Replanner:
    """The planner behind every what-if answer, counting the plans it makes and never making
    the same one twice (a learner is a value, so equal learners share their plan)."""

    def __init__(self, planner: Planner, objective: Objective) -> None:
        self.planner = planner
        self.objective = objective
        self.plans = 0
        self._known: dict[tuple[Learner, Objective], Outcome] = {}

    def outcome(self, learner: Learner, objective: Objective | None = None) -> Outcome:
        chosen = objective or self.objective
        key = (learner, chosen)
        known = self._known.get(key)
        if known is None:
            known = self._known[key] = self._plan(learner, chosen)
        return known

    def _plan(self, learner: Learner, objective: Objective) -> Outcome:
        self.plans += 1
        try:
            return Outcome(self.planner.plan(learner, objective))
        except NoRouteError as error:
            return Outcome(None, tuple(str(reason) for reason in error.reasons))
        except PlanningLimitError as error:
            # Stopped before finding a route: none is known, and none is disproved.
            return Outcome(None, tuple(str(reason) for reason in error.reasons), stopped=True)


# Routes of a what-if may start on different days (a later start is a change): their durations
# are counted from one day common to all, the calendar's first, so that a finish day is compared.
_COMMON_ORIGIN = dt.date.min.toordinal()


def objective_value(route: Route, objective: Objective) -> int:
    """The quantity the objective minimises: the finish day, the cost or the training hours."""
    return _rank(route, objective)[0]


def _rank(route: Route, objective: Objective) -> tuple[int, ...]:
    return route_values(route, objective, _COMMON_ORIGIN)


@attrs.frozen
class Answer:
    """One change and the route the person would have with it.

    ``gain`` is in the objective's unit (days, euros, hours), None when the person has no
    route today (the change makes one exist). ``exact`` is false only when a plan was stopped by
    the engine's budget instead of proven optimal."""

    change: Change
    route: Route
    gain: int | None
    sentence: str
    exact: bool = True


class ThresholdKind(StrEnum):
    """The threshold answers."""

    CHEAPEST_ROUTE = "cheapest_route"
    """The smallest budget that admits a route: the cost of the cheapest route."""
    BUDGET_FOR_BEST = "budget_for_best"
    """The smallest budget that gives the best route the objective has without a cap."""
    EXPERIENCE_FOR_BLOCK = "experience_for_block"
    """The fewest extra experience hours that let VAE cover a block (or admit the person)."""
    LATEST_START = "latest_start"
    """The latest start that still finishes by a date."""


@attrs.frozen
class Threshold:
    """A threshold answer: the value, what it is about, and the route at the threshold."""

    kind: ThresholdKind
    value: int | dt.date
    subject: str
    route: Route | None
    sentence: str


@attrs.frozen
class WhatIf:
    """Every improving change for one person, best first, with the threshold answers.

    ``considered`` is the number of candidate changes re-planned, ``plans`` the number of plans
    made in all (thresholds included)."""

    learner: str
    objective: Objective
    baseline: Route | None
    no_route: tuple[str, ...]
    answers: tuple[Answer, ...]
    thresholds: tuple[Threshold, ...]
    considered: int
    plans: int


def what_if(
    catalogue: Catalogue,
    learner: Learner,
    objective: Objective = Objective.DURATION,
    *,
    planner: Planner | None = None,
    finish_by: dt.date | None = None,
) -> WhatIf:
    """The changes to ``learner``'s situation that improve their route for ``objective``.

    ``finish_by`` is the date for the latest-start threshold (by default the present route's
    finish). A ``planner`` may be given to share its caches between calls."""
    replanner = Replanner(planner or Planner(catalogue), objective)
    base = replanner.outcome(learner)
    baseline = base.route
    answers: list[Answer] = []
    candidates = person_candidates(catalogue, learner, baseline)
    for change in candidates:
        found = replanner.outcome(change.apply(learner)).route
        if found is None:
            continue
        gain = None if baseline is None else _gain(baseline, found, objective)
        if gain is not None and gain <= 0:
            continue
        before = None if baseline is None else baseline.totals
        sentence = (
            f"{change_phrase(change, catalogue, learner)},"
            f" {effect_phrase(objective, before, found.totals)}."
        )
        exact = found.proven_optimal and (baseline is None or baseline.proven_optimal)
        answers.append(Answer(change, found, gain, sentence, exact))
    answers.sort(key=lambda answer: _order(answer, objective))
    thresholds = _thresholds(catalogue, learner, replanner, candidates, finish_by)
    return WhatIf(
        learner=learner.id,
        objective=objective,
        baseline=baseline,
        no_route=base.reasons,
        answers=tuple(answers),
        thresholds=tuple(thresholds),
        considered=len(candidates),
        plans=replanner.plans,
    )


def _gain(before: Route, after: Route, objective: Objective) -> int:
    return objective_value(before, objective) - objective_value(after, objective)


def _order(answer: Answer, objective: Objective) -> tuple[object, ...]:
    # Largest gain first; with no route today, the best new route first. Then the other
    # objectives, then the change itself: the ranking is total, so always the same.
    return (
        -(answer.gain or 0),
        _rank(answer.route, objective),
        answer.change.key(),
    )


def _thresholds(
    catalogue: Catalogue,
    learner: Learner,
    replanner: Replanner,
    candidates: list[Change],
    finish_by: dt.date | None,
) -> list[Threshold]:
    found = [*_budget_thresholds(learner, replanner)]
    found += _experience_thresholds(learner, replanner, candidates)
    latest = _latest_start(learner, replanner, finish_by)
    if latest is not None:
        found.append(latest)
    return found


def _budget_thresholds(learner: Learner, replanner: Replanner) -> list[Threshold]:
    uncapped = attrs.evolve(learner, constraints=attrs.evolve(learner.constraints, budget=None))
    cheapest = replanner.outcome(uncapped, Objective.COST).route
    if cheapest is None:
        return []
    cost = cheapest.totals.cost
    found = [
        Threshold(
            ThresholdKind.CHEAPEST_ROUTE,
            cost,
            "",
            cheapest,
            f"The smallest budget that admits a route is {euros(cost)} (the cheapest route).",
        )
    ]
    budget = learner.constraints.budget
    best = replanner.outcome(uncapped).route
    if budget is None or best is None or best.totals.cost <= budget:
        return found
    objective = replanner.objective
    target = objective_value(best, objective)
    here = replanner.outcome(learner).route
    if here is not None and objective_value(here, objective) <= target:
        return found
    # More budget never makes the best route worse: bisect on whole euros between the present
    # budget (not enough) and the cost of the uncapped best route (enough).
    low, high = max(budget, cost - 1), best.totals.cost
    while high - low > 1:
        middle = (low + high) // 2
        route = replanner.outcome(_with_budget(learner, middle)).route
        if route is not None and objective_value(route, objective) <= target:
            high = middle
        else:
            low = middle
    if high == cost:
        return found  # the cheapest route is the best one: said already
    route = replanner.outcome(_with_budget(learner, high)).route
    found.append(
        Threshold(
            ThresholdKind.BUDGET_FOR_BEST,
            high,
            "",
            route,
            f"The smallest budget that gives the best route without a cap is {euros(high)}"
            f" (the budget is {euros(budget)}).",
        )
    )
    return found


def _with_budget(learner: Learner, budget: int) -> Learner:
    return attrs.evolve(learner, constraints=attrs.evolve(learner.constraints, budget=budget))


def _experience_thresholds(
    learner: Learner, replanner: Replanner, candidates: list[Change]
) -> list[Threshold]:
    found = []
    for change in candidates:
        if change.kind is not ChangeKind.EXPERIENCE:
            continue
        route = replanner.outcome(change.apply(learner)).route
        what = f"VAE to cover block {change.covers}" if change.covers else "admissibility to VAE"
        found.append(
            Threshold(
                ThresholdKind.EXPERIENCE_FOR_BLOCK,
                change.hours,
                change.covers or change.subject,
                route,
                f"The fewest extra hours of work for {what} are {change.hours:,} h in"
                f" {change.subject}.",
            )
        )
    return found


def _latest_start(
    learner: Learner, replanner: Replanner, finish_by: dt.date | None
) -> Threshold | None:
    """The latest start whose route still finishes by ``finish_by`` (by default the present
    route's finish). A later start never finishes earlier (sessions only drop out and the
    calendar is the same), so the answer is found by bisection over the days."""
    base = replanner.outcome(learner).route
    deadline = finish_by or (None if base is None else base.totals.finish)
    if deadline is None:
        return None
    start = learner.constraints.start

    def finishes(day: dt.date) -> Route | None:
        moved = attrs.evolve(learner, constraints=attrs.evolve(learner.constraints, start=day))
        route = replanner.outcome(moved).route
        return route if route is not None and route.totals.finish <= deadline else None

    if finishes(start) is None:
        return None
    low, high = start.toordinal(), deadline.toordinal() + 1
    while high - low > 1:
        middle = (low + high) // 2
        if finishes(dt.date.fromordinal(middle)) is not None:
            low = middle
        else:
            high = middle
    latest = dt.date.fromordinal(low)
    return Threshold(
        ThresholdKind.LATEST_START,
        latest,
        deadline.isoformat(),
        finishes(latest),
        f"The latest start that still finishes by {long_date(deadline)} is {long_date(latest)}.",
    )
