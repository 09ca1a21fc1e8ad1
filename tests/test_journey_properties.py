"""Rules that hold for every valid journey: on random catalogues and on the built-in one."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from itineraire.exporting import to_json
from itineraire.journeys import (
    EventKind,
    Journey,
    Replan,
    journey_document,
    journey_from_data,
    learner_at,
    replan,
)
from itineraire.learners import HeldBlock
from itineraire.loading import builtin_catalogue
from itineraire.planning import NoRouteError, Objective, Planner
from itineraire.testing import (
    PlanningCase,
    assert_credit_kept,
    assert_replan_keeps_credit,
    assert_replan_sound,
    journeys,
    learners,
    planning_cases,
)
from itineraire.testing.exhaustive import route_vector
from itineraire.validation import ValidationMethod
from tests import broken_planners as broken

BUILTIN = builtin_catalogue()
# A small node budget: a stopped search still gives a route to check, or none, quickly.
PLANNER = Planner(BUILTIN, max_nodes=2_000)


@st.composite
def _random_journeys(draw: st.DrawFn) -> Journey:
    case: PlanningCase = draw(planning_cases())
    return draw(journeys(case.catalogue, case.learner))


def _builtin_journeys(max_events: int = 8) -> st.SearchStrategy[Journey]:
    return journeys(BUILTIN, learners(BUILTIN, unavailable=False), max_events=max_events)


def _replan_or_none(journey: Journey, objective: Objective = Objective.DURATION) -> Replan | None:
    try:
        return replan(journey, objective, planner=Planner(journey.catalogue, max_nodes=5_000))
    except NoRouteError:
        return None


@given(_random_journeys())
def test_validated_blocks_are_never_lost(journey: Journey) -> None:
    assert_credit_kept(journey)


@given(_builtin_journeys(max_events=12))
def test_validated_blocks_are_never_lost_on_the_builtin_catalogue(journey: Journey) -> None:
    assert_credit_kept(journey)


@given(_random_journeys())
def test_replay_is_deterministic_and_files_round_trip(journey: Journey) -> None:
    again = Journey.replay(journey.catalogue, journey.learner, journey.events)
    assert again.state == journey.state
    text = to_json(journey_document(journey))
    loaded = journey_from_data(json.loads(text), journey.catalogue)
    assert loaded == journey
    assert loaded.state == journey.state
    assert to_json(journey_document(loaded)) == text


@given(_random_journeys())
def test_replanning_an_unchanged_state_gives_the_same_route(journey: Journey) -> None:
    first = _replan_or_none(journey)
    again = Journey.replay(journey.catalogue, journey.learner, journey.events)
    assert _replan_or_none(again) == first


@given(_random_journeys())
def test_every_replanned_step_can_be_followed_and_credit_is_never_redone(
    journey: Journey,
) -> None:
    found = _replan_or_none(journey)
    if found is None:
        return

    def replanner(item: Journey) -> Replan:
        assert item is journey
        return found

    assert_replan_sound(journey, replanner)
    assert_replan_keeps_credit(journey, replanner)


@given(_builtin_journeys(), st.sampled_from(list(Objective)))
def test_builtin_replans_are_sound(journey: Journey, objective: Objective) -> None:
    try:
        found = replan(journey, objective, planner=PLANNER)
    except NoRouteError:
        return

    def replanner(item: Journey) -> Replan:
        return found

    assert_replan_sound(journey, replanner)
    assert_replan_keeps_credit(journey, replanner)


@given(_random_journeys(), st.data())
def test_acquiring_a_block_never_makes_the_replanned_route_worse(
    journey: Journey, data: st.DataObject
) -> None:
    missing = sorted(set(journey.catalogue.blocks) - journey.state.held_blocks())
    if not missing:
        return
    objective = data.draw(st.sampled_from(list(Objective)))
    before = _replan_or_none(journey, objective)
    if before is None or not before.route.proven_optimal:
        return
    block = data.draw(st.sampled_from(missing))
    learner = learner_at(journey)
    held = HeldBlock(block, learner.positioning.date, ValidationMethod.PRIOR)
    richer = _with_block(learner, held)
    planner = Planner(journey.catalogue, max_nodes=5_000)
    try:
        after = planner.plan(richer, objective)
    except NoRouteError:
        pytest.fail(f"holding {block} leaves no route; before: {before.route}")
    if after.proven_optimal:
        assert route_vector(after, objective) <= route_vector(before.route, objective)


def _with_block(learner: Any, held: HeldBlock) -> Any:
    import attrs

    positioning = attrs.evolve(learner.positioning, blocks=(*learner.positioning.blocks, held))
    return attrs.evolve(learner, positioning=positioning)


def test_the_kit_refuses_bad_knobs() -> None:
    with pytest.raises(ValueError, match="max_events must be a non-negative integer"):
        journeys(BUILTIN, learners(BUILTIN), max_events=-1)
    with pytest.raises(ValueError, match="kinds: cannot draw positioning"):
        journeys(BUILTIN, learners(BUILTIN), kinds={EventKind.POSITIONING})
    with pytest.raises(TypeError, match="catalogue must be a loaded Catalogue"):
        journeys(object(), learners(BUILTIN))  # type: ignore[arg-type]


def test_a_replanner_that_forgets_credit_is_caught() -> None:
    """The planted bug is found within Hypothesis's default number of examples."""

    @settings(
        settings.get_profile("default"), database=None, deadline=None, phases=(Phase.generate,)
    )
    @given(_random_journeys())
    def hunt(journey: Journey) -> None:
        try:
            broken.forgets_credit(journey)
        except NoRouteError:
            return
        assert_replan_keeps_credit(journey, broken.forgets_credit)

    with pytest.raises(AssertionError, match="the re-planned route validates again"):
        hunt()
