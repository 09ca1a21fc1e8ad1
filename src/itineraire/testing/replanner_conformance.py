"""A conformance check any re-planner can run against itself.

A *re-planner* (:data:`~itineraire.testing.journey_invariants.Replanner`) gives the rest of a
person's route from a journey: :func:`itineraire.journeys.replan`, or an application's own (a
wrapper adding its rules, another objective). :func:`check_replanner` draws journeys on small
generated catalogues and runs the journey invariants and a determinism check on it, raising the
``AssertionError`` of the smallest failing journey Hypothesis finds.
:class:`ReplannerConformance` gives the same checks as one pytest test each.

>>> from itineraire.journeys import replan
>>> check_replanner(replan, max_examples=20)                        # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Collection
from typing import ClassVar

from hypothesis import given, note, settings
from hypothesis import strategies as st

from itineraire.files.export import to_json
from itineraire.journeys import Journey, Replan, journey_document
from itineraire.planning import NoRouteError
from itineraire.testing.invariants import describe_route
from itineraire.testing.journey_invariants import (
    Replanner,
    assert_credit_kept,
    assert_replan_keeps_credit,
    assert_replan_sound,
)
from itineraire.testing.journeys import journeys as journeys_on
from itineraire.testing.strategies import planning_cases

__all__ = [
    "REPLANNER_CHECKS",
    "ReplannerConformance",
    "assert_replan_deterministic",
    "check_replanner",
]

REPLANNER_CHECKS = ("credit_kept", "replan_keeps_credit", "replan_sound", "deterministic")
"""The checks :func:`check_replanner` runs, by name."""

_ON_A_ROUTE = frozenset({"replan_keeps_credit", "replan_sound"})
"""The checks that need a re-planned route: a journey with none is left out of them."""


def check_replanner(
    replanner: Replanner,
    *,
    max_examples: int | None = None,
    checks: Collection[str] = REPLANNER_CHECKS,
    max_modules: int = 5,
    journeys: st.SearchStrategy[Journey] | None = None,
    hypothesis_settings: settings | None = None,
) -> None:
    """Run the journey invariants on ``replanner`` over generated journeys; raise the
    ``AssertionError`` of the smallest failing journey.

    Journeys are drawn by :func:`~itineraire.testing.journeys.journeys` for the person of a
    :func:`~itineraire.testing.strategies.planning_cases` case (at most ``max_modules``
    modules), or by the ``journeys`` strategy given. For each, the ``checks`` chosen among:

    - ``credit_kept``: :func:`~itineraire.testing.journey_invariants.assert_credit_kept`, the
      journey itself never loses what it validated (what any re-planner starts from);
    - ``replan_keeps_credit``:
      :func:`~itineraire.testing.journey_invariants.assert_replan_keeps_credit`;
    - ``replan_sound``: :func:`~itineraire.testing.journey_invariants.assert_replan_sound`;
    - ``deterministic``: :func:`assert_replan_deterministic`.

    A journey the re-planner finds no route for (it raises
    :class:`~itineraire.planning.NoRouteError`) is checked for determinism only.
    ``max_examples`` defaults to the current Hypothesis profile's; ``hypothesis_settings``
    overrides any other setting. There is no per-example deadline.
    """
    chosen = set(checks)
    if not chosen or chosen - set(REPLANNER_CHECKS):
        raise ValueError(
            f"checks must be some of {', '.join(REPLANNER_CHECKS)} (got {sorted(checks)!r})"
        )
    if not callable(replanner):
        raise ValueError(
            "replanner must be a callable taking a Journey and giving a Replan"
            f" (got {type(replanner).__name__})"
        )
    if max_examples is not None and (isinstance(max_examples, bool) or max_examples < 1):
        raise ValueError(f"max_examples must be a positive int (got {max_examples!r})")
    if journeys is not None and not isinstance(journeys, st.SearchStrategy):
        raise ValueError(f"journeys must be a Hypothesis strategy of Journey (got {journeys!r})")
    drawn = _case_journeys(max_modules) if journeys is None else journeys
    parent = hypothesis_settings if hypothesis_settings is not None else settings()
    chosen_settings = settings(
        parent,
        max_examples=parent.max_examples if max_examples is None else max_examples,
        deadline=None,
    )

    @chosen_settings
    @given(journey=drawn)
    def conforms(journey: Journey) -> None:
        note(f"journey = {to_json(journey_document(journey)).strip()}")
        if "credit_kept" in chosen:
            assert_credit_kept(journey)
        if "deterministic" in chosen:
            replanned = assert_replan_deterministic(journey, replanner)
        elif chosen & _ON_A_ROUTE:
            replanned = _replan_or_none(journey, replanner)
        else:
            return
        if replanned is None:
            return
        if "replan_keeps_credit" in chosen:
            assert_replan_keeps_credit(journey, replanner)
        if "replan_sound" in chosen:
            assert_replan_sound(journey, replanner)

    conforms()


def _case_journeys(max_modules: int) -> st.SearchStrategy[Journey]:
    """Journeys of the person of a small planning case, the case shown when a test fails."""
    cases = planning_cases(max_modules=max_modules)

    @st.composite
    def draw_one(draw: st.DrawFn) -> Journey:
        case = draw(cases)
        note(case.reproduction())
        return draw(journeys_on(case.catalogue, case.learner))

    return draw_one()


def _replan_or_none(journey: Journey, replanner: Replanner) -> Replan | None:
    try:
        return replanner(journey)
    except NoRouteError:
        return None


def assert_replan_deterministic(journey: Journey, replanner: Replanner) -> Replan | None:
    """Raise unless re-planning ``journey`` twice, and re-planning a replayed copy of it (equal,
    not the same object), give the same :class:`~itineraire.journeys.Replan`, or no route each
    time; return that re-plan (None for no route)."""
    first = _replan_or_none(journey, replanner)
    again = _replan_or_none(journey, replanner)
    if again != first:
        raise _differs("the same journey again", first, again)
    copy = Journey.replay(journey.catalogue, journey.learner, journey.events)
    on_copy = _replan_or_none(copy, replanner)
    if on_copy != first:
        raise _differs("a replayed copy of the journey", first, on_copy)
    return first


def _differs(what: str, first: Replan | None, then: Replan | None) -> AssertionError:
    return AssertionError(
        f"re-planning {what} gives another result: first {_describe(first)}, then {_describe(then)}"
    )


def _describe(replanned: Replan | None) -> str:
    if replanned is None:
        return "no route"
    returns = ", ".join(f"step {r.step} {r.kind}" for r in replanned.returns) or "no return"
    return f"on {replanned.date}: {describe_route(replanned.route)} ({returns})"


class ReplannerConformance:
    """The re-planner checks as pytest tests: subclass it in a test module, under a name pytest
    collects (``Test…``), and set ``replanner``::

        class TestMyReplanner(ReplannerConformance):
            replanner = my_replan        # a function of a Journey giving a Replan

    Each check is then its own test (``test_credit_kept``, ``test_replan_keeps_credit``,
    ``test_replan_sound``, ``test_deterministic``); ``max_examples`` (None: the profile's)
    applies to each. The re-planner is read from the class, so a plain function stays a plain
    function (it is not bound to the test instance).
    """

    replanner: ClassVar[Replanner]
    max_examples: ClassVar[int | None] = None

    def _check(self, name: str) -> None:
        # Read from the class: a plain function set as a class attribute would otherwise be
        # bound to the test instance and called with it.
        replanner = type(self).replanner
        check_replanner(replanner, max_examples=self.max_examples, checks=(name,))

    def test_credit_kept(self) -> None:
        """Along every journey, nothing validated is lost."""
        self._check("credit_kept")

    def test_replan_keeps_credit(self) -> None:
        """The re-planned route never validates again what the person holds."""
        self._check("replan_keeps_credit")

    def test_replan_sound(self) -> None:
        """The re-planned route can be followed from the journey's state."""
        self._check("replan_sound")

    def test_deterministic(self) -> None:
        """The same journey gives the same re-planned route."""
        self._check("deterministic")
