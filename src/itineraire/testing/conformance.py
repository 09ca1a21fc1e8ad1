"""A conformance check any planner can run against itself.

:func:`check_planner` draws small planning cases
(:func:`~itineraire.testing.strategies.planning_cases`) and runs the invariants on the planner's
routes: sound, deterministic, monotone, optimal. It raises the ``AssertionError`` of the
smallest failing case Hypothesis finds, with the case as JSON in the report.
:class:`PlannerConformance` gives the same checks as one pytest test each.

>>> from itineraire.testing.conformance import LibraryPlanner, check_planner
>>> check_planner(LibraryPlanner(), max_examples=20)               # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Collection
from typing import ClassVar

from hypothesis import given, note, settings
from hypothesis import strategies as st

from itineraire.planning import Objective
from itineraire.testing.invariants import (
    MAX_ACTIONS,
    assert_deterministic,
    assert_monotone,
    assert_optimal,
    assert_route_sound,
)
from itineraire.testing.planners import LibraryPlanner, PlannerUnderTest, plan_or_none
from itineraire.testing.strategies import PlanningCase, gain_options, planning_cases

__all__ = ["CHECKS", "LibraryPlanner", "PlannerConformance", "PlannerUnderTest", "check_planner"]

CHECKS = ("sound", "deterministic", "monotone", "optimal")
"""The checks :func:`check_planner` runs, by name."""


def check_planner(
    planner: PlannerUnderTest,
    *,
    max_examples: int | None = None,
    checks: Collection[str] = CHECKS,
    objectives: Collection[Objective] = tuple(Objective),
    max_modules: int = 5,
    cases: st.SearchStrategy[PlanningCase] | None = None,
    hypothesis_settings: settings | None = None,
) -> None:
    """Run the invariants on ``planner`` over generated planning cases; raise the
    ``AssertionError`` of the smallest failing case.

    For each case (by default from :func:`~itineraire.testing.strategies.planning_cases` with
    at most ``max_modules`` modules; ``cases`` may give another strategy, such as
    :func:`~itineraire.testing.strategies.cases`) and one of ``objectives``:

    - ``optimal``: :func:`~itineraire.testing.invariants.assert_optimal` against the
      exhaustive search;
    - ``sound``: :func:`~itineraire.testing.invariants.assert_route_sound` on the route;
    - ``deterministic``: :func:`~itineraire.testing.invariants.assert_deterministic`;
    - ``monotone``: :func:`~itineraire.testing.invariants.assert_monotone` for one drawn
      block, competence level and amount of experience the person does not hold yet.

    ``max_examples`` defaults to the current Hypothesis profile's (100 by default; see the
    testing guide for the ``ci`` and ``thorough`` profiles); ``hypothesis_settings`` overrides
    any other setting (its ``max_examples`` included, unless ``max_examples`` is given). There
    is no per-example deadline: the exhaustive search may take a while on the larger cases.
    """
    chosen = set(checks)
    unknown = sorted(chosen - set(CHECKS))
    if unknown or not chosen:
        raise ValueError(f"checks must be some of {', '.join(CHECKS)} (got {sorted(checks)!r})")
    picked = [Objective(objective) for objective in objectives]
    if not picked:
        raise ValueError("objectives must name at least one objective")
    if not isinstance(planner, PlannerUnderTest):
        raise ValueError(
            "planner must have a plan(catalogue, learner, objective) method "
            f"(got {type(planner).__name__})"
        )
    if max_examples is not None and (isinstance(max_examples, bool) or max_examples < 1):
        raise ValueError(f"max_examples must be a positive int (got {max_examples!r})")
    if cases is not None and not isinstance(cases, st.SearchStrategy):
        raise ValueError(f"cases must be a Hypothesis strategy of PlanningCase (got {cases!r})")
    max_actions = max(MAX_ACTIONS, max_modules + 3)
    parent = hypothesis_settings if hypothesis_settings is not None else settings()
    chosen_settings = settings(
        parent,
        max_examples=parent.max_examples if max_examples is None else max_examples,
        deadline=None,
    )

    @chosen_settings
    @given(
        case=planning_cases(max_modules=max_modules) if cases is None else cases,
        objective=st.sampled_from(picked),
        data=st.data(),
    )
    def conforms(case: PlanningCase, objective: Objective, data: st.DataObject) -> None:
        note(case.reproduction())
        catalogue, learner = case.catalogue, case.learner
        if "optimal" in chosen:
            route = assert_optimal(planner, catalogue, learner, objective, max_actions=max_actions)
        else:
            route = plan_or_none(planner, catalogue, learner, objective)
        if route is not None and "sound" in chosen:
            assert_route_sound(catalogue, learner, route)
        if "deterministic" in chosen:
            assert_deterministic(planner, catalogue, learner, objective)
        if "monotone" in chosen and route is not None:
            for kind, options in gain_options(catalogue, learner).items():
                gain = data.draw(options, label=f"{kind} gained")
                assert_monotone(planner, catalogue, learner, gain, objective)

    conforms()


class PlannerConformance:
    """The conformance check as pytest tests: subclass it in a test module, under a name pytest
    collects (``Test…``), and set ``planner``::

        class TestMyPlanner(PlannerConformance):
            planner = MyPlanner()

    Each invariant is then its own test (``test_sound``, ``test_deterministic``,
    ``test_monotone``, ``test_optimal``); ``max_examples`` (None: the profile's) and
    ``objectives`` apply to each.
    """

    planner: ClassVar[PlannerUnderTest]
    max_examples: ClassVar[int | None] = None
    objectives: ClassVar[tuple[Objective, ...]] = tuple(Objective)

    def _check(self, name: str) -> None:
        check_planner(
            self.planner,
            max_examples=self.max_examples,
            checks=(name,),
            objectives=self.objectives,
        )

    def test_sound(self) -> None:
        """Every route the planner returns is sound."""
        self._check("sound")

    def test_deterministic(self) -> None:
        """The same input gives the same route."""
        self._check("deterministic")

    def test_monotone(self) -> None:
        """Holding more never makes the best route worse."""
        self._check("monotone")

    def test_optimal(self) -> None:
        """The route is as good as the exhaustive search's."""
        self._check("optimal")
