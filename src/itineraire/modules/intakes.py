"""Recurring intakes: sessions that come back on a rule, so that a catalogue does not expire.

A training body rarely publishes every session date years ahead; it says "a group starts every
six weeks" or "every September and January". A module's calendar is its explicit session dates
plus its intakes; the engine never reads either directly but asks
:meth:`~itineraire.modules.base.Module.session_starts` for the starts within a span of days.

>>> import datetime as dt
>>> intake = WeeklyIntake(start=dt.date(2027, 1, 4), weeks=6)
>>> [str(day) for day in intake.starts(dt.date(2027, 1, 1), dt.date(2027, 3, 31))]
['2027-01-04', '2027-02-15', '2027-03-29']
>>> intake = YearlyIntake(months=(9, 1), day=2, weekday=Weekday.MONDAY)
>>> [str(day) for day in intake.starts(dt.date(2027, 1, 1), dt.date(2027, 12, 31))]
['2027-01-04', '2027-09-06']
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Iterator
from enum import StrEnum

import attrs

__all__ = ["Intake", "Weekday", "WeeklyIntake", "YearlyIntake", "check_day_in_months"]

# February counts 28 days: a day that exists only in leap years would skip three years in four.
_SHORTEST_MONTH = {month: calendar.monthrange(2027, month)[1] for month in range(1, 13)}
_MONTH_NAMES = tuple(calendar.month_name)


class Weekday(StrEnum):
    """A day of the week, for intakes that start on a given one (most groups start on Mondays)."""

    MONDAY = "monday"
    TUESDAY = "tuesday"
    WEDNESDAY = "wednesday"
    THURSDAY = "thursday"
    FRIDAY = "friday"
    SATURDAY = "saturday"
    SUNDAY = "sunday"

    @property
    def number(self) -> int:
        """0 for Monday to 6 for Sunday, as :meth:`datetime.date.weekday` counts."""
        return list(Weekday).index(self)


def check_day_in_months(day: int, months: tuple[int, ...]) -> str | None:
    """Why ``day`` is not a day of every one of ``months`` (None when it is)."""
    short = [month for month in months if day > _SHORTEST_MONTH.get(month, 31)]
    if not short:
        return None
    names = ", ".join(_MONTH_NAMES[month] for month in short)
    return f"day {day} does not exist every year in {names}"


def _check_until(instance: WeeklyIntake | YearlyIntake, start: dt.date | None) -> None:
    if start is not None and instance.until is not None and instance.until < start:
        raise ValueError(f"an intake's end ({instance.until}) is before its start ({start})")


@attrs.frozen(kw_only=True)
class WeeklyIntake:
    """A session every ``weeks`` weeks from ``start`` (the first session), until ``until``
    (included) or for good."""

    start: dt.date
    weeks: int = attrs.field(validator=[attrs.validators.ge(1), attrs.validators.le(520)])
    until: dt.date | None = None

    def __attrs_post_init__(self) -> None:
        _check_until(self, self.start)

    def starts(self, first: dt.date, last: dt.date) -> Iterator[dt.date]:
        """The session starts from ``first`` to ``last`` (both included), in order."""
        last = min(last, self.until) if self.until is not None else last
        step = 7 * self.weeks
        # Whole steps from ``start``: the first on or after ``first`` (rounded up), the last on
        # or before ``last`` (rounded down); counted, so that no step runs off the calendar.
        since_start = (first - self.start).days
        for index in range(max(0, -(-since_start // step)), (last - self.start).days // step + 1):
            yield self.start + dt.timedelta(days=index * step)

    def __str__(self) -> str:
        every = "every week" if self.weeks == 1 else f"every {self.weeks} weeks"
        return f"{every} from {self.start}" + _until_text(self.until)


def _month_set(months: Iterable[int]) -> tuple[int, ...]:
    return tuple(sorted(set(months)))


@attrs.frozen(kw_only=True)
class YearlyIntake:
    """A session each year in each of ``months`` on ``day``, or on the first ``weekday`` on or
    after that day ("the first Monday of September" is months 9, day 1, Monday); from
    ``start`` (none: every year) until ``until`` (none: for good), both included."""

    months: tuple[int, ...] = attrs.field(converter=_month_set)
    day: int = 1
    weekday: Weekday | None = None
    start: dt.date | None = None
    until: dt.date | None = None

    def __attrs_post_init__(self) -> None:
        if not self.months:
            raise ValueError("a yearly intake needs at least one month")
        outside = [month for month in self.months if not 1 <= month <= 12]
        if outside:
            raise ValueError(f"months go from 1 to 12 (got {outside[0]})")
        if not 1 <= self.day <= 31:
            raise ValueError(f"days go from 1 to 31 (got {self.day})")
        problem = check_day_in_months(self.day, self.months)
        if problem is not None:
            raise ValueError(problem)
        _check_until(self, self.start)

    def starts(self, first: dt.date, last: dt.date) -> Iterator[dt.date]:
        """The session starts from ``first`` to ``last`` (both included), in order."""
        first = max(first, self.start) if self.start is not None else first
        last = min(last, self.until) if self.until is not None else last
        # A weekday shifts a start by at most six days: December's may fall in January. The
        # calendar's first and last years are left out, so that no shift leaves it.
        years = range(max(first.year - 1, dt.MINYEAR + 1), min(last.year, dt.MAXYEAR - 1) + 1)
        days = (self._in(year, month) for year in years for month in self.months)
        yield from sorted(day for day in days if first <= day <= last)

    def _in(self, year: int, month: int) -> dt.date:
        day = dt.date(year, month, self.day)
        if self.weekday is not None:
            day += dt.timedelta(days=(self.weekday.number - day.weekday()) % 7)
        return day

    def __str__(self) -> str:
        months = ", ".join(_MONTH_NAMES[month] for month in self.months)
        on = f"day {self.day}"
        if self.weekday is not None:
            on = f"the first {self.weekday.value.capitalize()} on or after day {self.day}"
        span = f"from {self.start}" if self.start is not None else ""
        span += _until_text(self.until)
        return f"yearly in {months} on {on}" + (f"; {span.strip()}" if span else "")


def _until_text(until: dt.date | None) -> str:
    return f" until {until}" if until is not None else ""


Intake = WeeklyIntake | YearlyIntake
"""A rule that gives a module's sessions: every N weeks, or yearly on given months."""
