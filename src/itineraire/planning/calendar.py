"""The route's calendar: when a step can start and when it ends.

Dates are handled as day numbers (``date.toordinal()``) inside the search. A step runs on the
days of its *week* (the person's training days for a module; the working week, Monday to
Friday, for a placement, a period of employment or a VAE) that are not public holidays: those
are its *open* days. It starts on an open day: a session dated on a closed day starts on the
next open day. A module or a placement needs a number of open days (its hours at the daily rate
of its week) and ends on the last of them; a VAE lasts its policy's weeks in calendar days (the
certifier's lead times, not the person's days). A step never runs inside a period when the
person is unavailable (planned employment, seasonal work): it starts after it.

Earliest-start is monotone (starting later never lets a step finish earlier): the first usable
session from a later day is never an earlier one, and the end of a step is a non-decreasing
function of its start. The planner's pruning and bounds are exact because of it; their lengths
are the fewest calendar days a step can take over every start day (:func:`fewest_days`).
"""

from __future__ import annotations

import functools
import math
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from typing import Protocol

import attrs
import holidays

from itineraire.model.learners import WORKING_DAYS, Constraints, HolidayZone

__all__ = [
    "WORKING_WEEK",
    "Calendar",
    "Length",
    "Timed",
    "fewest_days",
    "open_days_needed",
    "public_holidays",
    "track_share",
    "weekday",
]

WORKING_WEEK = WORKING_DAYS
"""Monday to Friday (weekday numbers, Monday = 0): the week of placements, employment and VAE,
and the default training week."""

HOLIDAY_YEARS = 21
"""Public holidays are read for this many years from the route's start: the planning horizon
(ten years of sessions) and the longest steps that may start near its end."""


_STEPS_KEPT = 1024
"""Steps whose first starts a calendar remembers (all are forgotten at once beyond): a planner
keeps its calendars from one plan to the next (see :class:`~.memory.PlanMemory`), and each new
start of a route makes new actions."""

_ENDS_KEPT = 65_536
"""Ends a calendar remembers per week (all of that week's are forgotten at once beyond): one
per start day and number of open days tried, a few hundred thousand at most over a ten-year
horizon, kept well below."""

_UNKNOWN = -1
"""Not worked out yet (a first start is a day number, or None when no session is left)."""


def weekday(day: int) -> int:
    """The weekday of day number ``day`` (Monday = 0): day 1 (1 January of year 1) is a
    Monday."""
    return (day - 1) % 7


def open_days_needed(hours: int, weekly_hours: int, week: frozenset[int]) -> int:
    """Open days for ``hours`` of activity when ``weekly_hours`` are spread evenly over the days
    of ``week`` (at least one day)."""
    return max(1, math.ceil(hours * len(week) / weekly_hours))


@functools.cache
def _offsets(first: int, week: frozenset[int]) -> tuple[int, ...]:
    """How many days after a day of weekday ``first`` each day of ``week`` comes, in order."""
    return tuple(sorted((other - first) % 7 for other in week))


def fewest_days(workdays: int, week: frozenset[int]) -> int:
    """The fewest calendar days ``workdays`` open days of ``week`` can take, over every start
    day (no public holiday in the way): what the bounds count, so that they stay lower bounds."""
    weeks, rest = divmod(workdays - 1, len(week))
    return min(7 * weeks + _offsets(first, week)[rest] + 1 for first in week)


def open_day_rate(week: frozenset[int]) -> tuple[float, float]:
    """(rate, slack) such that *n* open days of ``week`` take at least ``rate * n - slack``
    calendar days, whatever the start day: 7/5 and 2 for Monday to Friday. Steps one after the
    other on one week hold their open days together: a sum of their open days at that rate
    loses the slack once, where each step's own fewest days lose up to it each (a step of five
    open days may run Monday to Friday, but two of them take twelve days)."""
    rate = 7 / len(week)
    # fewest_days grows by 7 every len(week) open days, as rate * n does: one week suffices.
    slack = max(rate * workdays - fewest_days(workdays, week) for workdays in range(1, 8))
    return rate, slack


def track_share(hours: int, weekly_hours: int, week: frozenset[int]) -> int:
    """What the bounds count for a part-time step of ``hours``: the open days its hours fill at
    the person's ``weekly_hours`` (rounded down). Steps beside each other never take more than
    the person's weekly hours on a day, so the days of the person's track hold at least the
    shares of the part-time steps on it, besides the whole lengths of the full-time ones."""
    return hours * len(week) // weekly_hours


@attrs.frozen
class Length:
    """How long a step of some hours runs: ``workdays`` open days of ``week``, which take at
    least ``days`` calendar days."""

    workdays: int
    days: int
    week: frozenset[int]

    @classmethod
    def of(cls, hours: int, weekly_hours: int, week: frozenset[int]) -> Length:
        """The length of ``hours`` at ``weekly_hours`` a week spread over ``week``: the one
        place where a step's open days are decided."""
        workdays = open_days_needed(hours, weekly_hours, week)
        return cls(workdays, fewest_days(workdays, week), week)


@functools.cache
def public_holidays(zone: HolidayZone, first_year: int, last_year: int) -> tuple[int, ...]:
    """The day numbers of the public holidays of ``zone`` from ``first_year`` to ``last_year``,
    sorted: France's eleven, and for Alsace-Moselle also Good Friday and 26 December."""
    years = range(first_year, last_year + 1)
    if zone is HolidayZone.ALSACE_MOSELLE:
        days = holidays.country_holidays("FR", subdiv="57", years=years)
    else:
        days = holidays.country_holidays("FR", years=years)
    return tuple(sorted(day.toordinal() for day in days))


class Timed(Protocol):
    """What the calendar needs of a step: ``days`` (calendar length of a step counted in
    calendar days; for the others the fewest calendar days they can take), ``workdays`` (open
    days needed; 0: the step lasts ``days`` calendar days), ``week`` (the weekdays it runs on)
    and ``sessions`` (sorted start days of its sessions; empty: any day)."""

    @property
    def days(self) -> int: ...

    @property
    def workdays(self) -> int: ...

    @property
    def week(self) -> frozenset[int]: ...

    @property
    def sessions(self) -> tuple[int, ...]: ...


def _merged(periods: Iterable[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """``periods`` sorted, with those that overlap or touch made one."""
    merged: list[tuple[int, int]] = []
    for first, last in sorted(periods):
        if merged and first <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return tuple(merged)


def _sorted_days(days: Iterable[int]) -> tuple[int, ...]:
    return tuple(sorted(set(days)))


@attrs.frozen
class Calendar:
    """The periods a person cannot attend, as sorted, disjoint (first day, last day) day
    numbers, and the public holidays (``closed``) that close every step's days.

    Overlapping or touching periods are merged when the calendar is made, so that a step's
    clash is found by bisection whatever the number of periods (a learner may list thousands of
    single days)."""

    unavailable: tuple[tuple[int, int], ...] = attrs.field(default=(), converter=_merged)
    closed: tuple[int, ...] = attrs.field(default=(), converter=_sorted_days)
    _lasts: tuple[int, ...] = attrs.field(init=False, repr=False, eq=False)
    _holidays: frozenset[int] = attrs.field(init=False, repr=False, eq=False)
    _ends: dict[frozenset[int], dict[tuple[int, int], int]] = attrs.field(
        init=False, factory=dict, repr=False, eq=False
    )
    """Ends already worked out, per week, then per start and open days: the search and its
    bounds ask for the same ones again and again. A key of two numbers is soon left alone by
    the garbage collector (one holding the week never would be)."""

    _starts: dict[int, tuple[Timed, dict[int, int | None]]] = attrs.field(
        init=False, factory=dict, repr=False, eq=False
    )
    """First starts already worked out, per step (by identity: the step is kept with them, so
    that its number is not another's), then per day: the search, its bounds and the scheduler
    ask for the same ones again and again, and a planner's next plans too."""

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_lasts", tuple(last for _, last in self.unavailable))
        object.__setattr__(self, "_holidays", frozenset(self.closed))

    @classmethod
    def of(cls, constraints: Constraints) -> Calendar:
        """The calendar of a person: their unavailable periods and their zone's holidays."""
        year = constraints.start.year
        return cls(
            tuple((p.start.toordinal(), p.end.toordinal()) for p in constraints.unavailable),
            public_holidays(constraints.holidays, year, year + HOLIDAY_YEARS - 1),
        )

    def is_open(self, day: int, week: frozenset[int]) -> bool:
        """Whether a step of ``week`` can run on ``day`` (any day when ``week`` is empty)."""
        if not week:
            return True
        return weekday(day) in week and day not in self._holidays

    def next_open(self, day: int, week: frozenset[int]) -> int:
        """The first open day ≥ ``day`` for a step of ``week``."""
        while not self.is_open(day, week):
            day += 1
        return day

    def end(self, start: int, step: Timed) -> int:
        """The day after the last day of ``step`` started on ``start`` (an open day)."""
        if not step.workdays:
            return start + step.days
        ends = self._ends.get(step.week)
        if ends is None or len(ends) >= _ENDS_KEPT:
            ends = self._ends[step.week] = {}
        key = (start, step.workdays)
        known = ends.get(key)
        if known is None:
            known = ends[key] = self._walk(start, step.workdays, step.week)
        return known

    def _walk(self, first: int, left: int, week: frozenset[int]) -> int:
        """The day after ``left`` open days of ``week`` from ``first``: whole weeks at once,
        then again for as many days as holidays fell on days of the week."""
        while True:
            weeks, rest = divmod(left - 1, len(week))
            last = first + 7 * weeks + _offsets(weekday(first), week)[rest]
            low, high = bisect_left(self.closed, first), bisect_right(self.closed, last)
            missed = sum(1 for day in self.closed[low:high] if weekday(day) in week)
            if not missed:
                return last + 1
            # The holidays in the way: as many open days more, from the next day of the week.
            first = last + 1 + _offsets(weekday(last + 1), week)[0]
            left = missed

    def earliest_start(self, day: int, step: Timed) -> int | None:
        """The first day ≥ ``day`` when ``step`` can start: an open day, on a session dated on
        or after ``day`` (or the next open day after it), clear of unavailable periods for the
        whole step; None when no session is left."""
        known = self._starts.get(id(step))
        if known is None:
            if len(self._starts) >= _STEPS_KEPT:
                self._starts.clear()
            # The step is kept with its starts: no other object has its number meanwhile.
            known = self._starts[id(step)] = (step, {})
        starts = known[1]
        start = starts.get(day, _UNKNOWN)
        if start == _UNKNOWN:
            start = starts[day] = self._earliest_start(day, step)
        return start

    def _earliest_start(self, day: int, step: Timed) -> int | None:
        sessions, week = step.sessions, step.week
        index = bisect_left(sessions, day)
        while True:
            if sessions:
                if index == len(sessions):
                    return None
                first = self.next_open(sessions[index], week)
            else:
                first = self.next_open(day, week)
            clash = self._clash(first, self.end(first, step))
            if clash is None:
                return first
            day = clash + 1
            if sessions:
                # The next session whose first open day is after the clash (a session dated
                # before it may open after it, when the days between are closed).
                later = bisect_left(sessions, day)
                while later > index + 1 and self.next_open(sessions[later - 1], week) >= day:
                    later -= 1
                index = max(later, index + 1)

    def _clash(self, first: int, end: int) -> int | None:
        """The last day of the first unavailable period meeting [first, end), if any."""
        index = bisect_left(self._lasts, first)
        if index < len(self.unavailable) and self.unavailable[index][0] < end:
            return self._lasts[index]
        return None
