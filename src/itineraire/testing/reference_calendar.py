"""The exhaustive reference's calendar: which days a step runs on (its week, public holidays of
the person's zone excepted), the day its open days end, and the first day a step of the person's
track may start (out of the unavailable periods, from a session when the module has some, with
room within the person's weekly hours beside the steps running then).
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import holidays

from itineraire.model.learners import HolidayZone
from itineraire.testing.reference_state import State

__all__ = [
    "HOLIDAY_YEARS",
    "PLACEMENT_WEEKLY_HOURS",
    "WORKING_WEEK",
    "ReferenceCalendar",
    "public_holidays",
    "workdays",
]

PLACEMENT_WEEKLY_HOURS = 35

WORKING_WEEK = frozenset(range(5))
HOLIDAY_YEARS = 21


def workdays(hours: int, weekly_hours: int, week: frozenset[int]) -> int:
    """The open days ``hours`` take at ``weekly_hours`` a week over ``week``: at least one."""
    return max(1, math.ceil(hours * len(week) / weekly_hours))


def public_holidays(zone: HolidayZone, first_year: int) -> frozenset[int]:
    """The public holidays of ``zone`` (as ordinals) for twenty-one years from ``first_year``."""
    years = range(first_year, first_year + HOLIDAY_YEARS)
    subdivision = "57" if zone is HolidayZone.ALSACE_MOSELLE else None
    return frozenset(
        day.toordinal() for day in holidays.country_holidays("FR", subdiv=subdivision, years=years)
    )


@dataclass(frozen=True)
class ReferenceCalendar:
    """The days one person's steps may run on: ``closed`` (public holidays, as ordinals), the
    ``unavailable`` periods (first and last day, as ordinals) and the person's ``weekly_hours``."""

    closed: frozenset[int]
    unavailable: tuple[tuple[int, int], ...]
    weekly_hours: int

    def is_open(self, day: int, week: frozenset[int]) -> bool:
        """Whether a step of ``week`` runs on ``day``."""
        return dt.date.fromordinal(day).weekday() in week and day not in self.closed

    def last_day(self, first: int, workdays: int, week: frozenset[int]) -> int:
        """The day of the ``workdays``-th open day from ``first`` on."""
        day, left = first, workdays
        while True:
            if self.is_open(day, week):
                left -= 1
                if left == 0:
                    return day
            day += 1

    def crowded(self, state: State, first: int, last: int, load: int) -> int | None:
        """The first day from ``first`` to ``last`` on which the steps of the person's track
        running that day leave less than ``load`` of the weekly hours, if any."""
        track = [
            (step.first.toordinal(), step.last.toordinal(), step.load)
            for step in state.steps
            if step.load
        ]
        for day in range(first, last + 1):
            used = sum(taken for begin, end, taken in track if begin <= day <= end)
            if used + load > self.weekly_hours:
                return day
        return None

    def first_free_day(
        self,
        day: int,
        length: tuple[int, frozenset[int]],
        sessions: Sequence[dt.date] | None,
        state: State | None = None,
        load: int = 0,
    ) -> int | None:
        """The first open day ≥ ``day`` (the first open day from a session dated ≥ ``day``
        unless ``sessions`` is None: open entry) from which a step of ``length`` (open days,
        week) does not meet an unavailable period and, taking ``load`` hours a week, has room
        beside the steps of ``state`` until its last day (from the session's date on, for a
        session); None when no session is left."""
        workdays, week = length
        candidates: Iterable[int]
        if sessions is not None:
            candidates = sorted(s.toordinal() for s in sessions if s.toordinal() >= day)
        else:
            candidates = itertools.count(day)
        after = day
        for candidate in candidates:
            first = candidate if sessions is not None else max(candidate, after)
            while not self.is_open(first, week):
                first += 1
            if first < after:
                continue  # a start up to a crowded day runs through it
            last = self.last_day(first, workdays, week)
            if any(start <= last and first <= end for start, end in self.unavailable):
                if sessions is None:
                    after = first + 1
                continue
            # A session is joined only if it is dated on a day the step has room (as a step
            # joins a session dated on or after the day it may start), even when its first open
            # day comes later.
            since = candidate if sessions is not None else first
            crowded = None if state is None else self.crowded(state, since, last, load)
            if crowded is None:
                return first
            after = crowded + 1
        return None
