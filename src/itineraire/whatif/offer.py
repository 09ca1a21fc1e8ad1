"""What would shorten the routes of a population: changes to the offer, each re-planned.

The candidates (:mod:`itineraire.whatif.offer_candidates`) are a session more of a module, a new
equivalence, a module's prerequisites or a certification's entry requirement removed. For each,
every person whose route the change could touch is planned again on the changed catalogue; the
others keep their route, by the reuse rule of :mod:`itineraire.whatif.reach` (proved in
``docs/what-if.md``). People with the same situation (everything but their identifier) are
planned once. The answer is exact for every candidate considered: savings are differences of
optimal routes, never estimates.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import attrs

from itineraire.errors import ItineraireError
from itineraire.model.catalogue import Catalogue
from itineraire.model.learners import Learner
from itineraire.model.money import euros
from itineraire.planning import Objective, Route
from itineraire.population.outcomes import NoRoute, Status
from itineraire.population.planning import plan_population
from itineraire.whatif.offer_candidates import OfferChange, offer_candidates
from itineraire.whatif.person import Outcome, objective_value
from itineraire.whatif.reach import Reach, reach

__all__ = ["OfferAnalysis", "OfferAnswer", "offer_analysis", "persons"]

_UNITS = {Objective.DURATION: "days", Objective.COST: "euros", Objective.HOURS: "hours"}


@attrs.frozen
class OfferAnswer:
    """One change of the offer and what it does to the population's routes.

    ``saved`` is summed over the people whose route improves (``people``), in the objective's
    unit (days, euros, hours); ``new_routes`` counts people with no route who get one.
    ``plans`` and ``reused`` say how many situations were planned again or kept by the rule."""

    change: OfferChange
    people: int
    saved: int
    new_routes: int
    plans: int
    reused: int
    sentence: str


@attrs.frozen
class OfferAnalysis:
    """Every candidate's answer, largest saving first, and the work it took."""

    objective: Objective
    population: int
    situations: int
    no_route: int
    answers: tuple[OfferAnswer, ...]
    candidates: int
    baseline_plans: int
    plans: int
    reused: int

    @property
    def unit(self) -> str:
        return _UNITS[self.objective]


Profile = Learner
"""A learner without identifier or name: people with the same profile have the same route."""


def _profile(learner: Learner) -> Profile:
    return attrs.evolve(learner, id="-", name="")


def plan_each(
    catalogue: Catalogue, objective: Objective, profiles: Sequence[Profile], jobs: int = 1
) -> list[Outcome]:
    """The best route of each profile on ``catalogue``, in order: the one loop over a
    population, through population planning (``jobs`` processes; the outcomes do not depend
    on their number)."""
    planned = plan_population(catalogue, profiles, objective, jobs=jobs)
    return [_outcome(item.planned) for item in planned]


def _outcome(planned: Route | NoRoute) -> Outcome:
    """Population planning's outcome in what-if's words."""
    if isinstance(planned, Route):
        return Outcome(planned)
    if planned.status is Status.ERROR:
        # A refusal other than "no route" (the planner's own error): not an answer to weigh.
        raise ItineraireError(planned.message)
    return Outcome(None, planned.texts(), stopped=planned.status is Status.STOPPED)


def offer_analysis(
    catalogue: Catalogue,
    learners: Iterable[Learner],
    objective: Objective = Objective.DURATION,
    *,
    max_candidates: int = 10,
    candidates: Sequence[OfferChange] | None = None,
    reuse: bool = True,
    progress: Callable[[OfferAnswer, int, int], None] | None = None,
    jobs: int = 1,
) -> OfferAnalysis:
    """Which change of the offer would save the most over ``learners``.

    ``max_candidates`` bounds each family of candidates (see
    :func:`~itineraire.whatif.offer_candidates.offer_candidates`); ``candidates`` replaces them
    with a list of one's own. ``reuse=False`` re-plans everyone for every candidate (to check the
    rule). ``progress(answer, done, total)`` is called after each candidate. ``jobs``
    processes plan (see :func:`~itineraire.population.plan_population`); the answers are the
    same for any number."""
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1 (got {jobs})")
    people = [_profile(learner) for learner in learners]
    counts: dict[Profile, int] = {}
    for profile in people:
        counts[profile] = counts.get(profile, 0) + 1
    profiles = list(counts)
    base = plan_each(catalogue, objective, profiles, jobs)
    routes = {profile: outcome.route for profile, outcome in zip(profiles, base, strict=True)}
    chosen = (
        list(candidates)
        if candidates is not None
        else offer_candidates(catalogue, profiles, routes, max_candidates)
    )
    reaches = {profile: reach(catalogue, profile) for profile in profiles} if reuse else {}
    answers = []
    for done, change in enumerate(chosen, start=1):
        answer = _answer(change, catalogue, objective, profiles, counts, routes, reaches, jobs)
        answers.append(answer)
        if progress is not None:
            progress(answer, done, len(chosen))
    answers.sort(key=lambda a: (-a.saved, -a.new_routes, -a.people, a.change.key()))
    return OfferAnalysis(
        objective=objective,
        population=len(people),
        situations=len(profiles),
        no_route=sum(counts[p] for p in profiles if routes[p] is None),
        answers=tuple(answers),
        candidates=len(chosen),
        baseline_plans=len(profiles),
        plans=sum(answer.plans for answer in answers),
        reused=sum(answer.reused for answer in answers),
    )


def _answer(
    change: OfferChange,
    catalogue: Catalogue,
    objective: Objective,
    profiles: list[Profile],
    counts: dict[Profile, int],
    routes: dict[Profile, Route | None],
    reaches: dict[Profile, Reach],
    jobs: int,
) -> OfferAnswer:
    changed = change.apply(catalogue)
    touched = [
        p
        for p in profiles
        if p not in reaches
        or (change.touches(reaches[p]) and not change.out_of_time(p, routes[p], objective))
    ]
    outcomes = plan_each(changed, objective, touched, jobs)
    people = saved = new_routes = 0
    for profile, outcome in zip(touched, outcomes, strict=True):
        before = routes[profile]
        after = outcome.route
        if after is None:
            continue
        weight = counts[profile]
        if before is None:
            new_routes += weight
            continue
        gain = objective_value(before, objective) - objective_value(after, objective)
        if gain > 0:
            people += weight
            saved += gain * weight
    sentence = change.describe(catalogue) + _effect(objective, people, saved, new_routes)
    return OfferAnswer(
        change, people, saved, new_routes, len(touched), len(profiles) - len(touched), sentence
    )


def _effect(objective: Objective, people: int, saved: int, new_routes: int) -> str:
    parts = []
    if people:
        if objective is Objective.DURATION:
            amount = f"{saved / 7:,.1f} person-weeks"
        elif objective is Objective.COST:
            amount = euros(saved)
        else:
            amount = f"{saved:,} hours of training"
        parts.append(f" would save {amount} over {persons(people)}")
    if new_routes:
        parts.append(f" would give a route to {persons(new_routes)} without one")
    if not parts:
        return " would change no one's route."
    return " and".join(parts) + "."


def persons(count: int) -> str:
    """1 person, 2 people."""
    return "1 person" if count == 1 else f"{count:,} people"
