"""Deliberately broken planners, each wrapping the real one with one plausible bug.

``tests/test_testing_kit.py`` shows that the kit's invariants catch each of them within
Hypothesis's default number of examples. Each follows the kit's ``PlannerUnderTest`` protocol.
"""

from __future__ import annotations

import datetime as dt
import random

import attrs

from itineraire.journeys import Journey, Replan, learner_at
from itineraire.model.catalogue import Catalogue
from itineraire.model.learners import Learner
from itineraire.modules import ProfessionalModule
from itineraire.planning import (
    Credit,
    NoRouteError,
    Objective,
    Planner,
    Reason,
    ReasonCode,
    Route,
    Step,
    StepKind,
)
from itineraire.planning.simulation import SequenceError, simulate
from itineraire.testing import Outcome, Reference

__all__ = [
    "CreditsTwice",
    "DropsPrerequisiteStep",
    "ExcludesStartedCertifications",
    "Greedy",
    "Nondeterministic",
    "SkipsPrerequisites",
    "WrongTotals",
    "forgets_credit",
]


def _renumbered(steps: list[Step]) -> tuple[Step, ...]:
    return tuple(attrs.evolve(step, number=number) for number, step in enumerate(steps, start=1))


class SkipsPrerequisites:
    """Forgets prerequisites and entry requirements: the steps that provide them are left out,
    and a module may start before the person can take it."""

    def plan(self, catalogue: Catalogue, learner: Learner, objective: Objective) -> Route:
        modules = {key: attrs.evolve(m, prerequisites=None) for key, m in catalogue.modules.items()}
        certifications = {
            key: attrs.evolve(c, entry_requirement=None)
            for key, c in catalogue.certifications.items()
        }
        relaxed = attrs.evolve(catalogue, modules=modules, certifications=certifications)
        return Planner(relaxed).plan(learner, objective)


class DropsPrerequisiteStep:
    """Drops from the route the first step that is there only for a later step's prerequisite
    (totals adjusted, so only the prerequisite is missing)."""

    def plan(self, catalogue: Catalogue, learner: Learner, objective: Objective) -> Route:
        route = Planner(catalogue).plan(learner, objective)
        for step in route.steps:
            if step.why and all(why.code is ReasonCode.NEEDED_BY for why in step.why):
                kept = [other for other in route.steps if other is not step]
                totals = attrs.evolve(
                    route.totals,
                    cost=route.totals.cost - step.cost,
                    training_hours=route.totals.training_hours - step.hours,
                )
                return attrs.evolve(route, steps=_renumbered(kept), totals=totals)
        return route


class Greedy:
    """Takes, at each point, the next step that looks best on its own (the one that leaves the
    best objective vector so far) instead of searching, and claims the result optimal."""

    def plan(self, catalogue: Catalogue, learner: Learner, objective: Objective) -> Route:
        reference = Reference(catalogue, learner)
        state = reference.root()
        budget = learner.constraints.budget
        while not reference.is_goal(state):
            options = [
                after
                for after in reference.next_states(state)
                if reference.gives_something(state, after)
                and (budget is None or after.cost <= budget)
            ]
            if not options:
                raise NoRouteError(learner.id, [Reason(code=ReasonCode.NO_SEQUENCE)])
            state = min(options, key=lambda after: reference.vector(after, objective))
        sequence = Outcome(reference.vector(state, objective), state.steps).sequence()
        try:
            return simulate(catalogue, learner, sequence, objective)
        except SequenceError:
            # simulate only takes VAE for certifications that serve the target.
            return Planner(catalogue).plan(learner, objective)


class Nondeterministic:
    """Lists steps whose order does not matter in random order (as if they came from a set):
    the route is the real one, or the same with two neighbouring steps swapped, when ``simulate``
    can follow that order too."""

    def plan(self, catalogue: Catalogue, learner: Learner, objective: Objective) -> Route:
        route = Planner(catalogue).plan(learner, objective)
        sequence = _sequence(route)
        orders = [sequence]
        for index in range(len(sequence) - 1):
            swapped = list(sequence)
            swapped[index], swapped[index + 1] = swapped[index + 1], swapped[index]
            orders.append(swapped)
        order = random.choice(orders)
        if order == sequence:
            return route
        try:
            return simulate(catalogue, learner, order, objective)
        except SequenceError:
            return route


def _sequence(route: Route) -> list[str]:
    """The route's actions as ``simulate`` takes them (a VAE with its first day)."""
    sequence: list[str] = []
    for step in route.steps:
        if step.kind is StepKind.POSITIONING or step.action == "planned":
            continue
        item = step.action
        if item.startswith("vae:"):
            item = f"{item}@{step.start.isoformat()}"
        if not sequence or sequence[-1].partition("@")[0] != step.action:
            sequence.append(item)
    return sequence


class CreditsTwice:
    """Credits again, on a later step, a block the person already holds or a step validated."""

    def plan(self, catalogue: Catalogue, learner: Learner, objective: Objective) -> Route:
        route = Planner(catalogue).plan(learner, objective)
        steps = list(route.steps)
        held = [block.block for block in learner.positioning.blocks]
        for index, step in enumerate(steps):
            if step.kind is StepKind.POSITIONING or step.action == "planned":
                continue
            if held and step.kind not in (StepKind.VAE_ADMISSIBILITY, StepKind.VAE_SUPPORT):
                credited = (*step.credited, Credit(held[0], "planted"))
                steps[index] = attrs.evolve(step, credited=credited)
                return attrs.evolve(route, steps=tuple(steps))
            held += step.validates
        return route


class WrongTotals:
    """Counts the finish as the day after the last step (an exclusive end), one day too many."""

    def plan(self, catalogue: Catalogue, learner: Learner, objective: Objective) -> Route:
        route = Planner(catalogue).plan(learner, objective)
        if not route.totals.duration_days:
            return route
        totals = attrs.evolve(
            route.totals,
            finish=route.totals.finish + dt.timedelta(days=1),
            duration_days=route.totals.duration_days + 1,
        )
        return attrs.evolve(route, totals=totals)


class ExcludesStartedCertifications:
    """Leaves out the modules of a certification the person has started (holds a block of), as
    if another provider had to finish it: holding a block can then make the route worse."""

    def plan(self, catalogue: Catalogue, learner: Learner, objective: Objective) -> Route:
        started = {
            catalogue.blocks[held.block].certification for held in learner.positioning.blocks
        }
        excluded = {
            module.id
            for module in catalogue.modules.values()
            if isinstance(module, ProfessionalModule) and module.certification in started
        }
        constraints = attrs.evolve(
            learner.constraints, excluded_modules=learner.constraints.excluded_modules | excluded
        )
        return Planner(catalogue).plan(attrs.evolve(learner, constraints=constraints), objective)


def forgets_credit(journey: Journey) -> Replan:
    """A re-planner that starts again from the person's first positioning on the day of the last
    event: every block the journey validated is forgotten and planned again."""
    learner = learner_at(journey)
    first = journey.learner.positioning
    forgetful = attrs.evolve(
        learner, positioning=attrs.evolve(learner.positioning, blocks=first.blocks)
    )
    route = Planner(journey.catalogue, work_limit=500_000).plan(forgetful, Objective.DURATION)
    return Replan(learner.positioning.date, route, ())
