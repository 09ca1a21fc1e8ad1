"""Re-planning around planned employment: a period under way or over is presumed worked as the
learner file plans it, unless the journey recorded the work of its days (a small catalogue whose
certification asks for 500 h in K1304, which the planned period brings)."""

from __future__ import annotations

import datetime as dt

import pytest

from itineraire.files.export import learner_document
from itineraire.files.loading import catalogue_from_data, learner_from_data
from itineraire.journeys import (
    EmploymentPeriod,
    Journey,
    ModuleCompleted,
    ModuleStarted,
    learner_at,
    replan,
)
from itineraire.planning import NoRouteError, Objective, Planner
from itineraire.planning.estimate import track_estimate
from itineraire.planning.highs import model_problem
from itineraire.planning.ordering import beam, greedy, replay, schedule
from itineraire.planning.stepping import Node

D = dt.date
JOB = "K1304"
CATALOGUE = catalogue_from_data(
    {
        "name": "waits",
        "certifications": [
            {
                "code": "ILLUSTR-WAIT",
                "registry": "rncp",
                "title": "Agent",
                "level": 4,
                "rome": [JOB],
                "blocks": [{"code": "ILLUSTR-WAIT-A", "title": "Accueil"}],
                "validation": {
                    "all": ["block:ILLUSTR-WAIT-A", {"experience_hours": 500, "rome": [JOB]}]
                },
                "provenance": {"illustrative": True},
            }
        ],
        "modules": [
            {
                "kind": "professional",
                "id": "accueil",
                "title": "Accueil",
                "block": "ILLUSTR-WAIT-A",
                "hours": 70,
                "cost": 1000,
                "validates": ["ILLUSTR-WAIT-A"],
            }
        ],
    }
)
# The seasonal job: 600 h from 23 February to 27 March, 33 days.
FIRST, LAST, HOURS = D(2026, 2, 23), D(2026, 3, 27), 600
LEARNER = learner_from_data(
    {
        "id": "sam",
        "positioning": {"date": "2026-01-05"},
        "constraints": {
            "unavailable": [
                {
                    "start": str(FIRST),
                    "end": str(LAST),
                    "label": "season",
                    "rome": JOB,
                    "hours": 600,
                }
            ]
        },
        "target": {"certification": "ILLUSTR-WAIT"},
    },
    CATALOGUE,
)
# The module as the start plan has it, 5 to 16 January.
TRAINED = Journey.start(CATALOGUE, LEARNER).extend(
    [
        ModuleStarted(date=D(2026, 1, 5), module="accueil"),
        ModuleCompleted(date=D(2026, 1, 16), module="accueil"),
    ]
)


@pytest.mark.parametrize(
    "day",
    [D(2026, 2, 1), FIRST, D(2026, 3, 1), LAST],
    ids=["before", "first-day", "during", "last-day"],
)
def test_replanning_while_nothing_else_happened_keeps_the_start_plans_finish(day: dt.date) -> None:
    """Found by a review: re-planned inside the period, the route lost the hours of its past
    days and found no route, though the person was at work as planned."""
    planned = Planner(CATALOGUE).plan(LEARNER)
    assert (planned.sequence(), planned.totals.finish) == (("accueil",), LAST)
    route = replan(TRAINED, date=day).route
    assert route.totals.finish == planned.totals.finish
    assert route.steps[-1].action == "planned"


def test_replanning_after_the_period_counts_it_as_worked() -> None:
    learner = learner_at(TRAINED, D(2026, 3, 30))
    assert learner.constraints.unavailable == ()
    assert [(r.rome, r.hours, r.start, r.end) for r in learner.positioning.experience] == [
        (JOB, HOURS, FIRST, LAST)
    ]
    route = replan(TRAINED, date=D(2026, 3, 30)).route
    assert route.totals.finish == D(2026, 3, 30)


def test_replanning_during_the_period_before_the_module_trains_after_it() -> None:
    """Nothing recorded yet: the module waits for the period's end, and the target is reached
    with it, the period's experience counted whole."""
    route = replan(Journey.start(CATALOGUE, LEARNER), date=D(2026, 3, 1)).route
    assert route.sequence() == ("accueil",)
    assert route.steps[-1].action == "accueil"
    assert route.steps[-1].start > LAST


def test_a_period_under_way_brings_its_whole_hours_on_its_last_day() -> None:
    (period,) = learner_at(TRAINED, D(2026, 3, 1)).constraints.unavailable
    assert (period.start, period.end, period.hours, period.rome) == (D(2026, 3, 1), LAST, 600, JOB)


# The first six days recorded as worked, at 7 h a day.
RECORDED = EmploymentPeriod(date=D(2026, 2, 28), start=FIRST, hours=42, rome=JOB)


def test_employment_recorded_over_planned_days_takes_their_place() -> None:
    """The days recorded bring what was recorded, the others what was planned for them (27 of
    33 days: 490 h), not the whole period's hours again; a period recorded in full brings only
    what was recorded, and 500 h are then out of reach."""
    journey = TRAINED.append(RECORDED)
    (period,) = learner_at(journey, D(2026, 3, 2)).constraints.unavailable
    assert (period.start, period.hours) == (D(2026, 3, 2), 490)
    assert replan(journey, date=D(2026, 3, 2)).route.totals.finish == LAST
    after = learner_at(journey, D(2026, 3, 30)).positioning.experience
    assert [(record.hours, record.description) for record in after] == [
        (42, "employment"),
        (490, "planned employment"),
    ]
    # Recorded over the whole season, 200 h: the plan's 600 h no longer count at all.
    journey = TRAINED.append(EmploymentPeriod(date=LAST, start=FIRST, hours=200, rome=JOB))
    assert [r.hours for r in learner_at(journey, D(2026, 3, 30)).positioning.experience] == [200]
    with pytest.raises(NoRouteError):
        replan(journey, date=D(2026, 3, 30))


def test_work_recorded_in_another_job_leaves_the_planned_days_as_they_were() -> None:
    """A few hours a week in another job, recorded over the whole season, take none of the
    planned days: the season's 600 h in K1304 still count (they were all dropped, and the
    target lost with them)."""
    beside = EmploymentPeriod(date=LAST, start=FIRST, hours=25, rome="M1805")
    journey = TRAINED.append(beside)
    after = learner_at(journey, D(2026, 3, 30)).positioning.experience
    assert sorted((record.rome, record.hours) for record in after) == [(JOB, 600), ("M1805", 25)]
    assert replan(journey, date=D(2026, 3, 30)).route.totals.finish == D(2026, 3, 30)


def test_the_notes_say_the_planned_employment_is_counted_as_worked() -> None:
    (note,) = replan(TRAINED, date=D(2026, 3, 1)).notes
    assert note == (
        "the planned employment in K1304 from 2026-02-23 to 2026-03-27 is under way: counted"
        " as worked until its end (600 h of experience on 2026-03-27); if the person does not"
        " work as planned, record the employment worked and change the period in the learner"
        " file"
    )
    (over,) = replan(TRAINED.append(RECORDED), date=D(2026, 3, 30)).notes
    assert over.startswith(
        "the planned employment in K1304 from 2026-02-23 to 2026-03-27 is over: counted as"
        " worked on the days no work is recorded (490 h of experience); if the person did not"
    )
    assert replan(TRAINED, date=D(2026, 2, 1)).notes == ()


def test_the_periods_a_replan_cuts_are_in_a_learner_file_s_order() -> None:
    """A period under way is cut to start on the re-planning day: it then comes after a period
    starting that same day and ending sooner, as a learner file is read (by first, then last
    day), so the learner a re-plan starts from reads back from its file as it is (found by the
    journeys' round-trip property)."""
    document = learner_document(LEARNER).model_dump(mode="json", exclude_none=True)
    document["constraints"]["unavailable"].append({"start": "2026-03-01", "end": "2026-03-02"})
    journey = Journey.start(CATALOGUE, learner_from_data(document, CATALOGUE))
    learner = learner_at(journey, D(2026, 3, 1))
    periods = [(period.start, period.end) for period in learner.constraints.unavailable]
    assert periods == [(D(2026, 3, 1), D(2026, 3, 2)), (D(2026, 3, 1), LAST)]
    written = learner_document(learner).model_dump(mode="json", exclude_none=True)
    assert learner_from_data(written, CATALOGUE) == learner


def _ordered(orderer: str) -> Node | None:
    """The module ordered by one of the model's orderers, for the target that waits for the
    season's experience."""
    modelled = model_problem(CATALOGUE, LEARNER, Objective.COST)
    stepper, root = modelled.stepper, modelled.root
    estimate = track_estimate(stepper, root, frozenset({"accueil"}))
    if orderer == "schedule":
        return schedule(stepper, root, ["accueil"], estimate=estimate)
    if orderer == "greedy":
        return greedy(stepper, root, ["accueil"], estimate)
    if orderer == "beam":
        return beam(stepper, root, ["accueil"], estimate)
    return replay(stepper, root, ["accueil"])


@pytest.mark.parametrize("orderer", ["schedule", "greedy", "beam", "replay"])
def test_the_model_s_orderers_wait_for_the_season_the_target_needs(orderer: str) -> None:
    """The set the model chooses (the module) reaches the target once the season's 600 h are
    over: each orderer gives that route, ending on the season's last day (the scheduler, greedy
    and the beam took the set for no route: the target is not met when the module ends)."""
    found = _ordered(orderer)
    assert found is not None
    assert found.finish == LAST.toordinal() + 1  # the day after the route's last day
    assert Planner(CATALOGUE).plan(LEARNER, Objective.COST).totals.finish == LAST
