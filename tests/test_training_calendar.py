"""The training calendar: training days, public holidays, and how long a step lasts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest
from hypothesis import given, note, settings
from hypothesis import strategies as st

from itineraire.files.loading import catalogue_from_data, learner_from_data
from itineraire.model.catalogue import Catalogue
from itineraire.model.learners import HolidayZone
from itineraire.modules import Placement
from itineraire.planning import NoRouteError, Objective, Planner, Route, StepKind
from itineraire.planning import calendar as calendar_module
from itineraire.planning.calendar import (
    WORKING_WEEK,
    Calendar,
    Length,
    fewest_days,
    public_holidays,
    weekday,
)
from itineraire.planning.decomposition import open_span
from itineraire.planning.estimate import OpenDays
from itineraire.testing.invariants import PLANNED, assert_route_sound
from itineraire.testing.strategies import PlanningCase, planning_cases

FRANCE_2027 = [
    "2027-01-01",
    "2027-03-29",  # Easter Monday
    "2027-05-01",
    "2027-05-06",  # Ascension
    "2027-05-08",
    "2027-05-17",  # Whit Monday
    "2027-07-14",
    "2027-08-15",
    "2027-11-01",
    "2027-11-11",
    "2027-12-25",
]
FRANCE_2028 = [
    "2028-01-01",
    "2028-04-17",  # Easter Monday
    "2028-05-01",
    "2028-05-08",
    "2028-05-25",  # Ascension
    "2028-06-05",  # Whit Monday
    "2028-07-14",
    "2028-08-15",
    "2028-11-01",
    "2028-11-11",
    "2028-12-25",
]
ALSACE_MOSELLE_MORE = ["2027-03-26", "2027-12-26", "2028-04-14", "2028-12-26"]


def _days(texts: list[str]) -> list[int]:
    return sorted(dt.date.fromisoformat(text).toordinal() for text in texts)


def test_the_public_holidays_of_2027_and_2028() -> None:
    """The dates the calendar relies on: France's eleven a year, and in Alsace-Moselle Good
    Friday and 26 December as well."""
    assert list(public_holidays(HolidayZone.FRANCE, 2027, 2028)) == _days(FRANCE_2027 + FRANCE_2028)
    assert list(public_holidays(HolidayZone.ALSACE_MOSELLE, 2027, 2028)) == _days(
        FRANCE_2027 + FRANCE_2028 + ALSACE_MOSELLE_MORE
    )


def test_weekday_numbers_are_monday_first() -> None:
    assert weekday(dt.date(2027, 5, 1).toordinal()) == 5  # a Saturday
    assert weekday(dt.date(2028, 5, 1).toordinal()) == 0  # a Monday


# -- routes on a small catalogue -------------------------------------------------------------


def _catalogue(hours: int = 35, sessions: list[str] | None = None) -> Catalogue:
    module: dict[str, Any] = {
        "kind": "professional",
        "id": "m1",
        "title": "Block 1 module",
        "block": "RNCP9001BC01",
        "validates": ["RNCP9001BC01"],
        "hours": hours,
        "cost": 100,
    }
    if sessions is not None:
        module["sessions"] = sessions
    return catalogue_from_data(
        {
            "name": "calendar",
            "certifications": [
                {
                    "code": "RNCP9001",
                    "registry": "rncp",
                    "title": "Certification",
                    "level": 4,
                    "rome": ["M1805"],
                    "blocks": [{"code": "RNCP9001BC01", "title": "Block 1"}],
                }
            ],
            "modules": [module],
        }
    )


def _route(catalogue: Catalogue, start: str, **constraints: Any) -> Route:
    learner = learner_from_data(
        {
            "id": "someone",
            "positioning": {"date": start},
            "constraints": constraints,
            "target": {"certification": "RNCP9001"},
        },
        catalogue,
    )
    route = Planner(catalogue).plan(learner, Objective.DURATION)
    assert_route_sound(catalogue, learner, route)
    return route


def _dates(route: Route) -> tuple[str, str]:
    step = route.steps[1]
    return step.start.isoformat(), step.end.isoformat()


def test_a_step_never_starts_on_a_sunday() -> None:
    """From a Sunday, the step starts on Monday and runs its five training days."""
    assert _dates(_route(_catalogue(), "2027-01-10")) == ("2027-01-11", "2027-01-15")


def test_1_may_2027_is_skipped() -> None:
    """1 May 2027 is a Saturday: someone who trains on Saturdays starts on Monday 3 May (Sunday
    is not one of their days); Ascension (Thursday 6 May) and 8 May (a Saturday) are holidays
    too, so the six training days end on Tuesday 11 May."""
    days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]
    route = _route(_catalogue(42), "2027-05-01", training_days=days, weekly_hours=42)
    assert _dates(route) == ("2027-05-03", "2027-05-11")


def test_1_may_2028_is_skipped() -> None:
    """1 May 2028 is a Monday: the step starts on Tuesday; 8 May (a Monday) is a holiday too,
    so the fifth training day is Tuesday 9 May."""
    assert _dates(_route(_catalogue(), "2028-05-01")) == ("2028-05-02", "2028-05-09")


def test_a_session_on_a_holiday_starts_the_next_training_day() -> None:
    """A session dated 14 July 2027 (a Wednesday) starts on Thursday 15 July."""
    route = _route(_catalogue(sessions=["2027-07-14"]), "2027-07-01")
    assert _dates(route) == ("2027-07-15", "2027-07-21")
    assert (
        str(route.steps[1].why[-1]) == "waits for its session of 2027-07-14 (free from 2027-07-01)"
    )


def test_good_friday_closes_training_only_in_alsace_moselle() -> None:
    """Good Friday 2027 (26 March) is a training day in most of France; in Alsace-Moselle it is
    a holiday, and so is Easter Monday (29 March) everywhere: the step starts on Tuesday."""
    assert _dates(_route(_catalogue(7), "2027-03-26")) == ("2027-03-26", "2027-03-26")
    route = _route(_catalogue(7), "2027-03-26", holidays="alsace-moselle")
    assert _dates(route) == ("2027-03-30", "2027-03-30")


def test_26_december_closes_training_only_in_alsace_moselle() -> None:
    """26 December 2028 is a Tuesday."""
    assert _dates(_route(_catalogue(14), "2028-12-26")) == ("2028-12-26", "2028-12-27")
    route = _route(_catalogue(14), "2028-12-26", holidays="alsace-moselle")
    assert _dates(route) == ("2028-12-27", "2028-12-28")


def test_a_three_day_pattern_stretches_a_step() -> None:
    """70 h at 7 h a day are ten training days: two weeks from Monday to Friday, but three weeks
    and a day on Mondays, Wednesdays and Fridays."""
    catalogue = _catalogue(70)
    assert _dates(_route(catalogue, "2027-01-11")) == ("2027-01-11", "2027-01-22")
    route = _route(
        catalogue, "2027-01-11", training_days=["monday", "wednesday", "friday"], weekly_hours=21
    )
    assert _dates(route) == ("2027-01-11", "2027-02-01")


def test_weekly_hours_are_spread_over_the_training_days() -> None:
    """35 h a week over three days are 11⅔ h a day: 35 h take three days."""
    route = _route(_catalogue(35), "2027-01-11", training_days=["tuesday", "thursday", "friday"])
    assert _dates(route) == ("2027-01-12", "2027-01-15")


@settings(deadline=None)
@given(planning_cases(max_modules=5), st.sampled_from(list(Objective)))
def test_no_step_starts_on_a_closed_day(case: PlanningCase, objective: Objective) -> None:
    """Whatever the catalogue, the training days and the holidays: each module starts on one of
    the person's training days, each other step on a working day, and never on a public
    holiday of the person's zone."""
    note(case.reproduction())
    catalogue, learner = case.catalogue, case.learner
    try:
        route = Planner(catalogue).plan(learner, objective)
    except NoRouteError:
        return
    constraints = learner.constraints
    start = constraints.start.year
    closed = set(public_holidays(constraints.holidays, start, start + 20))
    for step in route.steps:
        if step.kind in (StepKind.POSITIONING, StepKind.UNAVAILABLE) or step.action == PLANNED:
            continue  # the person's own dates
        module = catalogue.modules.get(step.action)
        training = module is not None and not isinstance(module, Placement)
        week = constraints.training_days if training else WORKING_WEEK
        if step.kind in (StepKind.VAE_SUPPORT, StepKind.VAE_JURY):
            continue  # phases of a VAE: the certifier's weeks, from a working day
        day = step.start.toordinal()
        assert weekday(day) in week, (step.number, step.action, step.start)
        assert day not in closed, (step.number, step.action, step.start)


# -- the calendar's rules, for every calendar ------------------------------------------------


@attrs.frozen
class _Step:
    days: int
    workdays: int
    week: frozenset[int]
    sessions: tuple[int, ...]


_WEEKS = st.frozensets(st.integers(0, 6), min_size=1)
_ORIGIN = dt.date(2027, 1, 4).toordinal()  # a Monday


@st.composite
def _calendars(draw: st.DrawFn) -> Calendar:
    periods = draw(
        st.lists(
            st.tuples(st.integers(0, 80), st.integers(0, 8)).map(
                lambda p: (_ORIGIN + p[0], _ORIGIN + p[0] + p[1])
            ),
            max_size=6,
        )
    )
    closed = draw(st.lists(st.integers(0, 120).map(lambda d: _ORIGIN + d), max_size=12))
    return Calendar(tuple(periods), tuple(closed))


@st.composite
def _steps(draw: st.DrawFn) -> _Step:
    week = draw(_WEEKS)
    workdays = draw(st.integers(1, 12))
    sessions = draw(st.lists(st.integers(0, 100).map(lambda d: _ORIGIN + d), max_size=6))
    return _Step(fewest_days(workdays, week), workdays, week, tuple(sorted(set(sessions))))


def _scan_end(calendar: Calendar, start: int, step: _Step) -> int:
    day, left = start, step.workdays
    while True:
        if weekday(day) in step.week and day not in calendar.closed:
            left -= 1
            if not left:
                return day + 1
        day += 1


def _scan_start(calendar: Calendar, day: int, step: _Step) -> int | None:
    """The rule read literally: the first session dated ≥ ``day`` (any day ≥ ``day`` without
    sessions) whose first open day lets the whole step clear every unavailable period."""
    candidates = [s for s in step.sessions if s >= day] if step.sessions else range(day, day + 400)
    for candidate in candidates:
        first = candidate
        while weekday(first) not in step.week or first in calendar.closed:
            first += 1
        end = _scan_end(calendar, first, step)
        if not any(a < end and first <= b for a, b in calendar.unavailable):
            return first
    return None


@given(_calendars(), _steps(), st.integers(0, 90))
def test_the_calendar_agrees_with_a_day_by_day_scan(
    calendar: Calendar, step: _Step, offset: int
) -> None:
    """Earliest start and end, found by bisection and by weeks, are the rule's day by day."""
    day = _ORIGIN + offset
    start = calendar.earliest_start(day, step)
    assert start == _scan_start(calendar, day, step)
    if start is not None:
        assert calendar.is_open(start, step.week)
        assert calendar.end(start, step) == _scan_end(calendar, start, step)


@given(_calendars(), st.lists(st.tuples(_steps(), st.integers(0, 90)), max_size=12))
def test_a_calendar_asked_again_and_again_agrees_with_the_scan(
    calendar: Calendar, asked: list[tuple[_Step, int]]
) -> None:
    """A planner keeps a person's calendar from one plan to the next, and the calendar
    remembers first starts per step: every answer is still the rule's, for steps asked again,
    for new steps (made anew each time, as a re-plan's actions are) and once it has forgotten
    what it kept (a limit of two steps, crossed)."""
    for step, offset in asked + asked:
        fresh = attrs.evolve(step)  # equal, but another object: remembered on its own
        for each in (step, fresh):
            day = _ORIGIN + offset
            assert calendar.earliest_start(day, each) == _scan_start(calendar, day, each)


def test_a_calendar_forgets_its_first_starts_beyond_its_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Past the steps it keeps, a calendar forgets them all: it keeps no more, and answers
    the same."""
    monkeypatch.setattr(calendar_module, "_STEPS_KEPT", 2)
    calendar = Calendar((), ())
    steps = [_Step(1, 1, frozenset({0}), (_ORIGIN + 7 * n,)) for n in range(5)]
    for step in steps + steps:
        assert calendar.earliest_start(_ORIGIN, step) == step.sessions[0]
        assert len(calendar._starts) <= 2


@given(_calendars(), _steps(), st.integers(0, 90), st.integers(0, 30))
def test_starting_later_never_finishes_earlier(
    calendar: Calendar, step: _Step, offset: int, later: int
) -> None:
    """Earliest-start is monotone, and so is the end: what the planner's pruning relies on."""
    early = calendar.earliest_start(_ORIGIN + offset, step)
    late = calendar.earliest_start(_ORIGIN + offset + later, step)
    if early is None:
        assert late is None
        return
    if late is not None:
        assert early <= late
        assert calendar.end(early, step) <= calendar.end(late, step)


@given(_calendars(), _steps(), st.integers(0, 90))
def test_the_fewest_days_are_a_lower_bound(calendar: Calendar, step: _Step, offset: int) -> None:
    """Whatever the start day and the holidays, a step lasts at least its fewest days (what the
    bounds count), and some start day without holidays reaches them."""
    start = calendar.next_open(_ORIGIN + offset, step.week)
    assert calendar.end(start, step) - start >= step.days
    free = Calendar()
    assert min(free.end(_ORIGIN + d, step) - _ORIGIN - d for d in range(7)) == step.days


@pytest.mark.parametrize(
    ("hours", "weekly", "week", "expected"),
    [
        (35, 35, WORKING_WEEK, Length(5, 5, WORKING_WEEK)),
        (36, 35, WORKING_WEEK, Length(6, 8, WORKING_WEEK)),
        (70, 21, frozenset({0, 2, 4}), Length(10, 22, frozenset({0, 2, 4}))),
        (1, 35, frozenset({6}), Length(1, 1, frozenset({6}))),
        (20, 10, frozenset({5, 6}), Length(4, 9, frozenset({5, 6}))),
    ],
)
def test_lengths(hours: int, weekly: int, week: frozenset[int], expected: Length) -> None:
    """Open days are the hours at the daily rate (weekly hours over the training days)."""
    assert Length.of(hours, weekly, week) == expected


@given(
    calendar=_calendars(),
    week=_WEEKS,
    asks=st.lists(st.tuples(st.integers(0, 200), st.integers(0, 60)), min_size=1, max_size=8),
)
def test_the_listed_open_days_count_as_the_calendar_walks(
    calendar: Calendar, week: frozenset[int], asks: list[tuple[int, int]]
) -> None:
    """The scheduler's estimate counts open days from a list read by bisection: for any days
    and sums asked, in any order, the same as the decomposition's walk of the calendar."""
    days = OpenDays(calendar, week, _ORIGIN)
    for offset, workdays in asks:
        origin = _ORIGIN + offset
        assert days.span(origin, workdays) == open_span(calendar, origin, workdays, week)
