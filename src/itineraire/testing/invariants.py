"""Invariants of routes and planners: plain functions that raise an ``AssertionError`` saying
what is breached.

- :func:`assert_route_sound`: a route can be followed, as ``docs/planner.md`` defines it;
- :func:`assert_deterministic`: the same input gives the same route;
- :func:`assert_monotone`: acquiring a block, a level or experience never makes the best route
  worse;
- :func:`assert_optimal`: on a small instance, the route is as good as the exhaustive search's.

They work in any test (Hypothesis-driven or not) and never depend on ``assert`` statements, so
they also check under ``python -O``.
"""

from __future__ import annotations

import copy
import itertools
from typing import Literal

import attrs

from itineraire.model.catalogue import Catalogue
from itineraire.model.competences import HeldCompetence
from itineraire.model.learners import ExperienceRecord, HeldBlock, Learner
from itineraire.planning import Objective, Route, Step
from itineraire.testing.exhaustive import Reference, route_vector
from itineraire.testing.planners import PlannerUnderTest, plan_or_none
from itineraire.testing.schedules import PLANNED as PLANNED
from itineraire.testing.schedules import describe_route, failure
from itineraire.testing.soundness import assert_route_sound

__all__ = [
    "Gain",
    "assert_deterministic",
    "assert_monotone",
    "assert_optimal",
    "assert_route_sound",
    "describe_route",
]

# -- determinism -----------------------------------------------------------------------------


def _difference(first: Route, second: Route) -> str:
    """Where two routes differ first."""
    for one, other in itertools.zip_longest(first.steps, second.steps):
        if one != other:
            if one is None or other is None:
                return "one route has more steps"
            for field in attrs.fields(Step):
                a, b = getattr(one, field.name), getattr(other, field.name)
                if a != b:
                    return f"step {one.number} differs in {field.name}: {a!r} / {b!r}"
    for field in attrs.fields(Route):
        a, b = getattr(first, field.name), getattr(second, field.name)
        if a != b:
            return f"{field.name} differs: {a!r} / {b!r}"
    return "the routes are equal"  # pragma: no cover - only called on different routes


def assert_deterministic(
    planner: PlannerUnderTest,
    catalogue: Catalogue,
    learner: Learner,
    objective: Objective = Objective.DURATION,
    *,
    runs: int = 3,
) -> Route | None:
    """Raise ``AssertionError`` unless planning ``runs`` times gives the same route (equal in
    every field, reasons and numbering included), or no route each time.

    The last run plans on copies of ``catalogue`` and ``learner``: equal inputs, not the same
    objects (a planner that caches by identity shows there). Returns the route (None when there
    is no route). Nondeterminism that depends on the process (string hashing,
    ``PYTHONHASHSEED``) needs runs in separate processes, which this check does not do.
    """
    if runs < 2:
        raise ValueError(f"runs must be at least 2 to compare anything (got {runs})")
    first = plan_or_none(planner, catalogue, learner, objective)
    for run in range(2, runs + 1):
        inputs = (catalogue, learner)
        if run == runs:
            inputs = (copy.copy(catalogue), copy.copy(learner))
        again = plan_or_none(planner, *inputs, objective)
        if again == first:
            continue
        copies = " (on copies of the inputs)" if run == runs else ""
        detail = "" if first is None or again is None else f"\n  {_difference(first, again)}"
        raise AssertionError(
            f"same input, different route ({objective.value}): run 1 gives "
            f"{describe_route(first)}; run {run}{copies} gives {describe_route(again)}{detail}"
        )
    return first


# -- monotonicity ----------------------------------------------------------------------------


@attrs.frozen
class Gain:
    """Something a person acquires: a block, a competence (at a level when it is levelled), or
    hours of experience in a ROME job. :meth:`apply` gives the person holding it."""

    kind: Literal["block", "competence", "experience"]
    item: str
    """The block code, the competence id, or the ROME job."""
    level: str | None = None
    """The level of a levelled competence."""
    hours: int = 0
    """Hours of experience."""

    def __str__(self) -> str:
        if self.kind == "block":
            return f"holding block {self.item}"
        if self.kind == "competence":
            return f"holding {self.item}" + ("" if self.level is None else f" at {self.level}")
        return f"{self.hours} more hours of experience in {self.item}"

    def apply(self, catalogue: Catalogue, learner: Learner) -> Learner:
        """``learner`` with this gain recorded in their positioning."""
        positioning = learner.positioning
        if self.kind == "block":
            held = HeldBlock(self.item, positioning.date)
            others = tuple(b for b in positioning.blocks if b.block != self.item)
            blocks = (*others, held)
            positioning = attrs.evolve(positioning, blocks=blocks)
        elif self.kind == "competence":
            competence = catalogue.competences[self.item]
            rank = 0
            if competence.scale is not None:
                if self.level is None:
                    raise ValueError(f"{self.item} is levelled: a gain needs a level")
                rank = catalogue.scales[competence.scale].rank(self.level)
            current = positioning.competence_rank(self.item)
            if current is None or rank > current:
                kept = tuple(c for c in positioning.competences if c.competence != self.item)
                gained = HeldCompetence(self.item, self.level, rank)
                positioning = attrs.evolve(positioning, competences=(*kept, gained))
        else:
            record = ExperienceRecord(self.item, self.hours)
            positioning = attrs.evolve(positioning, experience=(*positioning.experience, record))
        return attrs.evolve(learner, positioning=positioning)


def assert_monotone(
    planner: PlannerUnderTest,
    catalogue: Catalogue,
    learner: Learner,
    gain: Gain,
    objective: Objective = Objective.DURATION,
) -> None:
    """Raise ``AssertionError`` if, after ``gain``, the person's best route is worse than
    before (its objective vector compared lexicographically: the objective, then duration, cost,
    hours), or if there was a route before and there is none after.

    Holding more never removes a way to the target: the same steps, less the ones that became
    useless, can still be taken, no later and for no more. Routes a planner could not prove
    optimal are not compared (a heuristic is not expected to be monotone). Nor is experience
    gained where the catalogue prices VAE per block: a VAE covers every block the experience
    covers, so with more experience it may cover, and pay for, one more (cost is the objective
    or a tie-break of every objective; see the catalogue format's ``vae.block_cost``).
    """
    if gain.kind == "experience" and catalogue.vae_policy.block_cost > 0:
        return
    before = plan_or_none(planner, catalogue, learner, objective)
    if before is None:
        return
    richer = gain.apply(catalogue, learner)
    after = plan_or_none(planner, catalogue, richer, objective)
    if after is None:
        raise AssertionError(
            f"{gain} leaves no route ({objective.value}); without it: {describe_route(before)}"
        )
    if not (before.proven_optimal and after.proven_optimal):
        return
    worse, better = route_vector(after, objective), route_vector(before, objective)
    if worse > better:
        raise AssertionError(
            f"{gain} makes the best route worse ({objective.value}): {better} before, "
            f"{worse} after\n  before: {describe_route(before)}\n  after: {describe_route(after)}"
        )


# -- optimality ------------------------------------------------------------------------------

MAX_ACTIONS = 10
"""The most actions (modules and VAE) :func:`assert_optimal` enumerates by default."""


def assert_optimal(
    planner: PlannerUnderTest,
    catalogue: Catalogue,
    learner: Learner,
    objective: Objective = Objective.DURATION,
    *,
    max_actions: int = MAX_ACTIONS,
) -> Route | None:
    """Raise ``AssertionError`` unless the planner's route has the best objective vector of all
    sequences of actions, found by the exhaustive search of :mod:`itineraire.testing.exhaustive`
    (or there is no route and the planner says so).

    A route marked not proven optimal must be no better than the optimum and its bound no
    higher. Returns the route. The search is exponential: it refuses (``ValueError``) more than
    ``max_actions`` actions, and learners who allow periods of employment (which it does not
    enumerate).
    """
    if learner.constraints.employment_allowed:
        raise ValueError(
            "the exhaustive search enumerates only some periods of employment (see "
            "Reference's target_work): use learners with employment_allowed false"
        )
    reference = Reference(catalogue, learner)
    if reference.actions > max_actions:
        raise ValueError(
            f"{reference.actions} actions to enumerate, more than max_actions={max_actions}: "
            "the exhaustive search is for small instances"
        )
    best = reference.best(objective)
    route = plan_or_none(planner, catalogue, learner, objective)
    if best is None:
        if route is not None:
            raise failure(
                route,
                f"the planner finds a route ({objective.value}) where no sequence of actions "
                "reaches the target (check it with assert_route_sound)",
            )
        return None
    expected = best.vector
    optimum = best.describe()
    if route is None:
        raise AssertionError(
            f"the planner finds no route ({objective.value}); the exhaustive search finds "
            f"{expected}: {optimum}"
        )
    found = route_vector(route, objective)
    if route.proven_optimal and found != expected:
        verdict = "worse than" if found > expected else "better than (is it sound?)"
        raise failure(
            route,
            f"the route, marked optimal, is {verdict} the optimum ({objective.value}): "
            f"{found} against {expected}: {optimum}",
        )
    if not route.proven_optimal:
        if found < expected:
            raise failure(route, f"the route beats the optimum {expected}: is it sound?")
        if route.bound is not None and route.bound > expected[0]:
            raise failure(
                route, f"the route's bound {route.bound} exceeds the optimum {expected[0]}"
            )
    return route
