"""Recurring intakes: the rules, their file format and errors, a catalogue that does not expire."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from itineraire import builtin_catalogue, learner_from_data
from itineraire.errors import CatalogueError
from itineraire.files.export import catalogue_document, to_json
from itineraire.files.loading import catalogue_from_data
from itineraire.modules import (
    TransversalDomain,
    TransversalModule,
    Weekday,
    WeeklyIntake,
    YearlyIntake,
)
from itineraire.planning import NoRouteError, Planner
from itineraire.planning.actions import PLANNING_HORIZON_DAYS, SessionDays, module_actions
from itineraire.planning.reasons import ReasonCode
from itineraire.scenarios import scenario_from_data
from itineraire.testing import PlanningCase, planning_cases

DAY = dt.date(2027, 1, 4)


def _module(**calendar: Any) -> TransversalModule:
    return TransversalModule(
        id="m", title="M", hours=7, cost=0, domain=TransversalDomain.DIGITAL, **calendar
    )


def _catalogue(intakes: list[dict[str, Any]], sessions: list[str] | None = None) -> dict[str, Any]:
    module: dict[str, Any] = {
        "kind": "transversal",
        "domain": "digital",
        "id": "pix",
        "title": "Pix",
        "hours": 35,
        "cost": 0,
        "teaches": ["digital"],
        "intakes": intakes,
    }
    if sessions is not None:
        module["sessions"] = sessions
    return {
        "name": "intakes",
        "competences": [{"id": "digital", "title": "Digital"}],
        "modules": [module],
    }


def test_every_n_weeks_from_the_first_session() -> None:
    """A weekly intake gives its first session, then one every N weeks, never before ``first``."""
    intake = WeeklyIntake(start=DAY, weeks=6, until=dt.date(2027, 6, 30))
    got = list(intake.starts(dt.date(2027, 2, 1), dt.date(2027, 12, 31)))
    assert got == [
        dt.date(2027, 2, 15),
        dt.date(2027, 3, 29),
        dt.date(2027, 5, 10),
        dt.date(2027, 6, 21),
    ]
    assert list(intake.starts(dt.date(2026, 1, 1), dt.date(2027, 1, 4))) == [DAY]
    assert str(intake) == "every 6 weeks from 2027-01-04 until 2027-06-30"


def test_yearly_on_the_first_monday_from_a_day() -> None:
    """A yearly intake with a weekday starts on the first such day on or after its day."""
    intake = YearlyIntake(months=(9, 1), day=2, weekday=Weekday.MONDAY, start=dt.date(2027, 1, 1))
    got = list(intake.starts(dt.date(2026, 1, 1), dt.date(2029, 12, 31)))
    assert got == [
        dt.date(2027, 1, 4),
        dt.date(2027, 9, 6),
        dt.date(2028, 1, 3),
        dt.date(2028, 9, 4),
        dt.date(2029, 1, 8),  # 2029-01-01 is a Monday, but the intake starts from day 2
        dt.date(2029, 9, 3),
    ]
    assert str(intake) == (
        "yearly in January, September on the first Monday on or after day 2; from 2027-01-01"
    )


def test_a_december_intake_shifted_into_january_is_in_order() -> None:
    """The first Sunday from 31 December can fall in January of the next year: still in order."""
    intake = YearlyIntake(months=(1,), day=1)
    late = YearlyIntake(months=(12,), day=31, weekday=Weekday.SUNDAY)
    assert list(late.starts(dt.date(2027, 1, 1), dt.date(2027, 1, 31))) == [dt.date(2027, 1, 3)]
    module = _module(intakes=(intake, late))
    assert module.session_starts(dt.date(2027, 1, 1), dt.date(2027, 1, 31)) == (
        dt.date(2027, 1, 1),
        dt.date(2027, 1, 3),
    )


def test_the_whole_calendar_can_be_asked() -> None:
    """Asking for every session from the first to the last day Python knows gives the intake's
    sessions, without running off the calendar."""
    weekly = WeeklyIntake(start=DAY, weeks=52, until=dt.date(2029, 12, 31))
    yearly = YearlyIntake(months=(12,), day=31, weekday=Weekday.SUNDAY, until=dt.date(2028, 1, 31))
    module = _module(intakes=(weekly, yearly))
    assert module.session_starts(dt.date.min, dt.date.max)[-4:] == (
        dt.date(2028, 1, 2),  # 31 December 2027 was a Friday
        dt.date(2028, 1, 3),
        dt.date(2029, 1, 1),
        dt.date(2029, 12, 31),
    )
    assert list(WeeklyIntake(start=dt.date(9999, 1, 4), weeks=1).starts(DAY, dt.date.max))[-1] == (
        dt.date(9999, 12, 27)
    )


def test_session_starts_joins_dates_and_intakes() -> None:
    """A module's sessions are its dates and its intakes' starts, sorted, each once."""
    module = _module(
        sessions=(dt.date(2027, 1, 18), DAY),
        intakes=(WeeklyIntake(start=DAY, weeks=2),),
    )
    assert not module.open_entry
    assert module.session_starts(DAY, dt.date(2027, 2, 1)) == (
        DAY,
        dt.date(2027, 1, 18),
        dt.date(2027, 2, 1),
    )
    assert _module().open_entry
    assert _module().session_starts(DAY, dt.date(2030, 1, 1)) == ()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: WeeklyIntake(start=DAY, weeks=0), "'weeks' must be >= 1: 0"),
        (
            lambda: WeeklyIntake(start=DAY, weeks=1, until=dt.date(2027, 1, 3)),
            "an intake's end (2027-01-03) is before its start (2027-01-04)",
        ),
        (lambda: YearlyIntake(months=()), "a yearly intake needs at least one month"),
        (lambda: YearlyIntake(months=(0, 3)), "months go from 1 to 12 (got 0)"),
        (lambda: YearlyIntake(months=(4,), day=32), "days go from 1 to 31 (got 32)"),
        (
            lambda: YearlyIntake(months=(2, 4, 9), day=30),
            "day 30 does not exist every year in February",
        ),
        (
            lambda: YearlyIntake(months=(2, 4, 9), day=31),
            "day 31 does not exist every year in February, April, September",
        ),
    ],
)
def test_intakes_built_in_code_are_checked(make: Any, message: str) -> None:
    """An intake made in code is refused with the same clear reasons as one read from a file."""
    with pytest.raises(ValueError, match=r".") as raised:
        make()
    assert str(raised.value) == message


def test_intakes_in_a_file_are_checked_all_at_once() -> None:
    """Every faulty intake of a file is reported, with its place and what is wrong."""
    data = _catalogue(
        [
            {"every_weeks": 0, "from": "2027-01-04"},
            {"months": [13]},
            {"months": [2], "day": 30},
            {"every_weeks": 2, "from": "2027-01-04", "until": "2026-01-01"},
            {"every_weeks": 2},
            {"months": [1], "every_weeks": 3, "from": "2027-01-01"},
            {"months": [3, 3]},
            {"every_weeks": 2, "from": "2027-01-04", "weekday": "monday"},
        ]
    )
    with pytest.raises(CatalogueError) as raised:
        catalogue_from_data(data)
    assert str(raised.value) == "\n".join(
        [
            "catalogue <data> has 8 problems:",
            "  - modules[0] 'pix' intakes[0], every_weeks: input should be greater than or equal"
            " to 1 (got 0)",
            "  - modules[0] 'pix' intakes[1], months[0]: input should be less than or equal to 12"
            " (got 13)",
            "  - modules[0] 'pix' intakes[2]: day 30 does not exist every year in February",
            "  - modules[0] 'pix' intakes[3]: until (2026-01-01) is before from (2027-01-04)",
            "  - modules[0] 'pix' intakes[4]: every_weeks needs from (the date of the first"
            " session)",
            "  - modules[0] 'pix' intakes[5]: an intake needs exactly one of every_weeks, months",
            "  - modules[0] 'pix' intakes[6]: month 3 is listed twice",
            "  - modules[0] 'pix' intakes[7]: day and weekday go with months, not every_weeks",
        ]
    )


def test_intakes_survive_export_and_loading() -> None:
    """Exporting a catalogue with intakes and loading it back gives the same catalogue."""
    data = _catalogue(
        [
            {"every_weeks": 6, "from": "2027-01-04", "until": "2030-12-31"},
            {"months": [9, 1], "day": 2, "weekday": "monday", "from": "2027-01-01"},
            {"months": [3]},
        ],
        sessions=["2027-02-01"],
    )
    catalogue = catalogue_from_data(data)
    exported = json.loads(to_json(catalogue_document(catalogue)))
    assert exported["modules"][0]["intakes"][1] == {
        "months": [1, 9],
        "day": 2,
        "weekday": "monday",
        "from": "2027-01-01",
    }
    assert catalogue_from_data(exported) == catalogue


@given(
    start=st.dates(dt.date(2020, 1, 1), dt.date(2035, 12, 31)),
    weeks=st.integers(1, 60),
    first=st.dates(dt.date(2018, 1, 1), dt.date(2040, 12, 31)),
    span=st.integers(0, 800),
)
def test_weekly_starts_are_every_session_in_the_span(
    start: dt.date, weeks: int, first: dt.date, span: int
) -> None:
    """Whatever the span, a weekly intake gives exactly the days of the span that are a whole
    number of steps after its first session (counted day by day here)."""
    last = first + dt.timedelta(days=span)
    intake = WeeklyIntake(start=start, weeks=weeks)
    expected = [
        first + dt.timedelta(days=offset)
        for offset in range(span + 1)
        if (first + dt.timedelta(days=offset) - start).days % (7 * weeks) == 0
        and first + dt.timedelta(days=offset) >= start
    ]
    assert list(intake.starts(first, last)) == expected


@given(
    months=st.sets(st.integers(1, 12), min_size=1).map(tuple),
    day=st.integers(1, 28),
    weekday=st.none() | st.sampled_from(Weekday),
    first=st.dates(dt.date(2020, 1, 1), dt.date(2035, 12, 31)),
    span=st.integers(0, 1200),
)
def test_yearly_starts_are_in_order_in_the_span_and_in_their_months(
    months: tuple[int, ...], day: int, weekday: Weekday | None, first: dt.date, span: int
) -> None:
    """A yearly intake's starts lie in the span, in order, once a year per month, on the
    weekday asked, at most six days after the intake's day."""
    last = first + dt.timedelta(days=span)
    starts = list(YearlyIntake(months=months, day=day, weekday=weekday).starts(first, last))
    assert starts == sorted(set(starts))
    assert all(first <= start <= last for start in starts)
    for start in starts:
        nominal = [
            dt.date(year, month, day)
            for year in (start.year - 1, start.year)
            for month in months
            if 0 <= (start - dt.date(year, month, day)).days <= (6 if weekday else 0)
        ]
        assert nominal, f"{start} is not within a week after day {day} of {months}"
        if weekday is not None:
            assert start.weekday() == weekday.number
    if span >= 366:
        assert len(starts) >= len(months)  # a whole year holds one start per month


def test_the_built_in_catalogue_does_not_expire() -> None:
    """Every module of the built-in catalogue that has a calendar has sessions in 2035 too."""
    catalogue = builtin_catalogue()
    timed = [module for module in catalogue.modules.values() if not module.open_entry]
    assert len(timed) == 16
    for module in timed:
        assert module.session_starts(dt.date(2035, 1, 1), dt.date(2035, 12, 31)), module.id
        assert not module.sessions, f"{module.id} still lists dates that will expire"


def test_home_help_title_is_reachable_after_2027() -> None:
    """Starting on 2028-01-10, the home-help title (RNCP37715) has a route; its block 2 starts
    from a session of its intakes (the first Monday of May 2028, 8 May, a public holiday: so on
    the next training day)."""
    catalogue = builtin_catalogue()
    learner = learner_from_data(
        {
            "id": "late",
            "positioning": {"date": "2028-01-10"},
            "target": {"certification": "RNCP37715"},
        },
        catalogue,
    )
    route = Planner(catalogue).plan(learner)
    starts = {step.action: step.start for step in route.steps}
    assert dt.date(2028, 5, 8) in catalogue.modules["avf-b2"].session_starts(
        dt.date(2028, 1, 10), dt.date(2028, 12, 31)
    )
    assert starts["avf-b2"] == dt.date(2028, 5, 9)


def _scenario(change: dict[str, Any]) -> dict[str, Any]:
    return {
        "format": "itineraire.scenario/1",
        "name": "calendar",
        "catalogue": {"changes": [{"module": "dwwm-front", **change}]},
        "learners": [
            {
                "id": "ana",
                "positioning": {"date": "2027-01-04"},
                "target": {"certification": "RNCP37674"},
            }
        ],
    }


def test_a_scenario_replaces_a_module_s_whole_calendar() -> None:
    """A scenario's ``intakes`` (or ``sessions``) replace the module's whole calendar: the
    built-in intakes are gone, and ``sessions = []`` alone still means any time."""
    span = (dt.date(2027, 1, 1), dt.date(2027, 12, 31))
    weekly = scenario_from_data(_scenario({"intakes": [{"every_weeks": 4, "from": "2027-02-01"}]}))
    front = weekly.catalogue.modules["dwwm-front"]
    assert front.intakes == (WeeklyIntake(start=dt.date(2027, 2, 1), weeks=4),)
    assert front.session_starts(*span)[:2] == (dt.date(2027, 2, 1), dt.date(2027, 3, 1))
    anytime = scenario_from_data(_scenario({"sessions": []}))
    assert anytime.catalogue.modules["dwwm-front"].open_entry


def test_a_module_whose_intakes_are_over_cannot_be_taken() -> None:
    """Sessions that ended years before the start leave the module closed, not open to entry
    at any time (an empty list of session days would mean any time to the planner)."""
    data = {
        "name": "over",
        "certifications": [
            {
                "code": "ILLUSTR-X",
                "registry": "rncp",
                "title": "X",
                "level": 3,
                "blocks": [{"code": "ILLUSTR-X-B1", "title": "B1"}],
                "provenance": {"illustrative": True},
            }
        ],
        "modules": [
            {
                "kind": "professional",
                "id": "x-b1",
                "title": "X B1",
                "block": "ILLUSTR-X-B1",
                "hours": 35,
                "cost": 100,
                "validates": ["ILLUSTR-X-B1"],
                "intakes": [{"every_weeks": 4, "from": "2012-01-02", "until": "2015-12-31"}],
            }
        ],
    }
    catalogue = catalogue_from_data(data)
    learner = learner_from_data(
        {"id": "p", "positioning": {"date": "2027-01-04"}, "target": {"blocks": ["ILLUSTR-X-B1"]}},
        catalogue,
    )
    with pytest.raises(NoRouteError) as raised:
        Planner(catalogue).plan(learner)
    [reason] = raised.value.reasons
    assert (reason.code, reason.module, reason.date) == (
        ReasonCode.SESSIONS_OVER,
        "x-b1",
        dt.date(2015, 12, 28),
    )
    assert str(raised.value).endswith("its last session started on 2015-12-28")


def test_hotel_restaurant_title_is_reachable_long_after_2027() -> None:
    """Starting in March 2029, Agent de restauration has a route: its common core and
    specialisations start on their yearly intakes (first Monday of February, April, October; the
    first Monday of April 2029 is Easter Monday, so that intake starts on Tuesday 3 April)."""
    catalogue = builtin_catalogue()
    learner = learner_from_data(
        {
            "id": "late",
            "positioning": {"date": "2029-03-05", "competences": ["clea.1", "clea.7"]},
            "constraints": {"vae_allowed": False},
            "target": {"certification": "ILLUSTR-TP-ADR"},
        },
        catalogue,
    )
    route = Planner(catalogue).plan(learner)
    core = next(step for step in route.steps if step.action == "hrt-socle-commun")
    assert core.start == dt.date(2029, 4, 3)


_WITH_SESSIONS = sorted(
    module.id for module in builtin_catalogue().modules.values() if not module.open_entry
)


@given(
    modules=st.lists(st.sampled_from(_WITH_SESSIONS), min_size=1, max_size=4),
    starts=st.lists(st.dates(dt.date(2024, 1, 1), dt.date(2036, 12, 31)), min_size=1, max_size=6),
)
def test_sessions_kept_per_year_are_the_sessions_of_each_start(
    modules: list[str], starts: list[dt.date]
) -> None:
    """A planner reads each module's sessions once per year of a start, for the whole horizon of
    a start that year, then keeps them: for any starts, in any order, what it reads for a start
    is the module's sessions from that start to the end of its horizon."""
    catalogue = builtin_catalogue()
    kept = SessionDays()
    for start in starts:
        for identifier in modules:
            module = catalogue.modules[identifier]
            last = start + dt.timedelta(days=PLANNING_HORIZON_DAYS)
            expected = tuple(day.toordinal() for day in module.session_starts(start, last))
            assert kept.within(module, start) == expected


_CONSTRAINTS = st.fixed_dictionaries(
    {
        "weekly_hours": st.sampled_from([12, 19, 35]),
        "training_days": st.sampled_from(
            [
                ["monday", "tuesday", "wednesday", "thursday", "friday"],
                ["monday", "wednesday", "friday"],
                ["tuesday", "thursday"],
            ]
        ),
        "excluded_modules": st.lists(st.sampled_from(_WITH_SESSIONS), max_size=2, unique=True),
    }
)


@given(
    constraints=st.lists(_CONSTRAINTS, min_size=1, max_size=3),
    plans=st.lists(
        st.tuples(st.integers(0, 2), st.dates(dt.date(2025, 1, 1), dt.date(2034, 12, 31))),
        min_size=1,
        max_size=8,
    ),
)
def test_a_planner_dates_its_kept_actions_as_if_made_afresh(
    constraints: list[dict[str, Any]], plans: list[tuple[int, dt.date]]
) -> None:
    """A planner keeps a person's module actions before their sessions are read (they do not
    depend on the start) and reads the sessions of each start: for any constraints and starts,
    in any order, what it plans with are the actions made afresh for that person. Reading the
    sessions of the start the actions were first made for, or keeping them per person without
    the weekly hours, the training days or the excluded modules, fails it."""
    catalogue = builtin_catalogue()
    planner = Planner(catalogue)
    for which, start in plans:
        chosen = constraints[which % len(constraints)]
        learner = learner_from_data(
            {
                "id": "someone",
                "positioning": {"date": start.isoformat()},
                "constraints": chosen,
                "target": {"certification": "ILLUSTR-TP-ADR"},
            },
            catalogue,
        )
        assert planner._module_actions(learner) == module_actions(catalogue, learner)


@given(
    case=planning_cases(part_time=True, max_modules=7),
    changes=st.lists(
        st.tuples(
            st.sampled_from([5, 12, 20, 35, 40]),
            st.frozensets(st.integers(0, 6), min_size=1),
            st.integers(-400, 8000),
        ),
        min_size=1,
        max_size=6,
    ),
)
def test_a_planner_dates_its_kept_actions_on_any_catalogue(
    case: PlanningCase, changes: list[tuple[int, frozenset[int], int]]
) -> None:
    """The same on the testing kit's catalogues (modules with dated sessions, intakes, part-time
    intensities, starts whose horizon holds no session): one planner, the person's weekly
    hours, training days and start changed from plan to plan."""
    planner = Planner(case.catalogue)
    for weekly_hours, training_days, shift in changes:
        constraints = attrs.evolve(
            case.learner.constraints,
            weekly_hours=weekly_hours,
            training_days=training_days,
            start=case.learner.constraints.start + dt.timedelta(days=shift),
        )
        learner = attrs.evolve(case.learner, constraints=constraints)
        assert planner._module_actions(learner) == module_actions(case.catalogue, learner)
