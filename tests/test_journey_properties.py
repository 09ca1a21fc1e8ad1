"""Rules that hold for every valid journey: on random catalogues and on the built-in one."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter

import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from itineraire.files.export import learner_document, to_json
from itineraire.files.loading import builtin_catalogue, learner_from_data
from itineraire.journeys import (
    BlockValidatedInCompany,
    EventKind,
    Journey,
    Replan,
    journey_document,
    journey_from_data,
    learner_at,
    replan,
)
from itineraire.model.learners import Learner
from itineraire.planning import NoRouteError, Objective, Planner, PlanningLimitError
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
from tests import broken_planners as broken

BUILTIN = builtin_catalogue()
# A small work limit: a stopped search still gives a route to check, or none, quickly.
PLANNER = Planner(BUILTIN, work_limit=200_000)


@st.composite
def _random_journeys(draw: st.DrawFn) -> Journey:
    case: PlanningCase = draw(planning_cases())
    return draw(journeys(case.catalogue, case.learner))


def _builtin_journeys(max_events: int = 8) -> st.SearchStrategy[Journey]:
    return journeys(BUILTIN, learners(BUILTIN, unavailable=False), max_events=max_events)


def _replan_or_none(journey: Journey, objective: Objective = Objective.DURATION) -> Replan | None:
    try:
        return replan(journey, objective, planner=Planner(journey.catalogue, work_limit=500_000))
    except (NoRouteError, PlanningLimitError):
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


def _check_learner_round_trips(journey: Journey) -> None:
    learner = learner_at(journey)
    document = learner_document(learner).model_dump(mode="json", exclude_none=True)
    assert learner_from_data(document, journey.catalogue) == learner


@given(_random_journeys())
def test_the_learner_a_journey_replans_reads_back_from_its_file(journey: Journey) -> None:
    """The learner a re-plan starts from (``learner_at``) is written to a learner file and read
    back as it is: a VAE file under way whose experience covers no block the person lacks is
    written ``blocks: []`` and read back as awarding none (it read back as every block of the
    certification)."""
    _check_learner_round_trips(journey)


@given(_builtin_journeys())
def test_the_learner_a_journey_replans_reads_back_on_the_builtin_catalogue(
    journey: Journey,
) -> None:
    """The same on the built-in catalogue, where such files come up more often."""
    _check_learner_round_trips(journey)


@given(_random_journeys())
def test_replanning_an_unchanged_state_gives_the_same_route(journey: Journey) -> None:
    first = _replan_or_none(journey)
    again = Journey.replay(journey.catalogue, journey.learner, journey.events)
    assert _replan_or_none(again) == first


def _experience_in_the_end(learner: Learner) -> Counter[str]:
    """The learner's hours of experience per job once every planned period is over."""
    hours = Counter[str]()
    for record in learner.positioning.experience:
        hours[record.rome] += record.hours
    for period in learner.constraints.unavailable:
        if period.rome is not None:
            hours[period.rome] += period.hours
    return hours


@given(planning_cases(), st.integers(0, 300))
def test_replanning_before_any_event_keeps_the_experience_of_planned_employment(
    case: PlanningCase, days: int
) -> None:
    """Found by a review: re-planned inside a period of planned employment, the learner lost
    the hours of its past days (all of them once it was over), so a target waiting for the
    period found no route though the person was at work as planned."""
    journey = Journey.start(case.catalogue, case.learner)
    later = learner_at(journey, journey.state.date + dt.timedelta(days=days))
    assert _experience_in_the_end(later) == _experience_in_the_end(case.learner)


@given(_random_journeys(), st.integers(0, 300))
def test_the_day_of_a_replan_never_changes_the_experience_of_planned_employment(
    journey: Journey, days: int
) -> None:
    """Whatever the events recorded, re-planning later, inside a planned period or after it,
    counts the same experience in the end as re-planning on the last event's day."""
    later = learner_at(journey, journey.state.date + dt.timedelta(days=days))
    assert _experience_in_the_end(later) == _experience_in_the_end(learner_at(journey))


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
    except (NoRouteError, PlanningLimitError):
        return  # a small work limit may stop before any route: nothing to check

    def replanner(item: Journey) -> Replan:
        return found

    assert_replan_sound(journey, replanner)
    assert_replan_keeps_credit(journey, replanner)


@given(_random_journeys(), st.data())
def test_acquiring_a_block_never_makes_the_replanned_route_worse(
    journey: Journey, data: st.DataObject
) -> None:
    """A block validated by an event (in a company, on the day of the last event) never makes
    the optimal rest of the route worse for the objective."""
    missing = sorted(set(journey.catalogue.blocks) - journey.state.held_blocks())
    if not missing or journey.state.dropped_out is not None:
        return
    objective = data.draw(st.sampled_from(list(Objective)))
    before = _replan_or_none(journey, objective)
    if before is None or not before.route.proven_optimal:
        return
    block = data.draw(st.sampled_from(missing))
    richer = journey.append(BlockValidatedInCompany(date=journey.state.date, block=block))
    after = _replan_or_none(richer, objective)
    if after is None:
        pytest.fail(f"validating {block} leaves no route; before: {before.route}")
    if after.route.proven_optimal:
        assert route_vector(after.route, objective) <= route_vector(before.route, objective)


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
