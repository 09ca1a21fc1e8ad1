"""The route's calendar: how long a step lasts and when it can start.

Dates are handled as day numbers (``date.toordinal()``) inside the search. A step of ``hours`` at
``weekly_hours`` a week lasts ``ceil(hours × 7 / weekly_hours)`` days. A step waits for the next
session of its module, and never runs inside a period when the person is unavailable (planned
employment, seasonal work): it starts after it. Earliest-start is monotone (starting later never
lets a step finish earlier), which is what makes the planner's pruning exact.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Iterable, Sequence

import attrs

__all__ = ["Calendar", "duration_days"]


def duration_days(hours: int, weekly_hours: int) -> int:
    """Calendar days for ``hours`` of activity at ``weekly_hours`` a week (at least one day)."""
    return max(1, math.ceil(hours * 7 / weekly_hours))


def _merged(periods: Iterable[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """``periods`` sorted, with those that overlap or touch made one."""
    merged: list[tuple[int, int]] = []
    for first, last in sorted(periods):
        if merged and first <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return tuple(merged)


@attrs.frozen
class Calendar:
    """The periods a person cannot attend, as sorted, disjoint (first day, last day) day
    numbers: overlapping or touching periods are merged when the calendar is made, so that a
    step's clash is found by bisection whatever the number of periods (a learner may list
    thousands of single days)."""

    unavailable: tuple[tuple[int, int], ...] = attrs.field(default=(), converter=_merged)
    _lasts: tuple[int, ...] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_lasts", tuple(last for _, last in self.unavailable))

    def earliest_start(self, day: int, days: int, sessions: Sequence[int] = ()) -> int | None:
        """The first day ≥ ``day`` when a step of ``days`` can start; None when no session is
        left. ``sessions`` are the sorted start days of the module's sessions (empty: any day)."""
        while True:
            if sessions:
                index = bisect_left(sessions, day)
                if index == len(sessions):
                    return None
                day = sessions[index]
            clash = self._clash(day, day + days)
            if clash is None:
                return day
            day = clash + 1

    def _clash(self, first: int, end: int) -> int | None:
        """The last day of the first unavailable period meeting [first, end), if any."""
        index = bisect_left(self._lasts, first)
        if index < len(self.unavailable) and self.unavailable[index][0] < end:
            return self._lasts[index]
        return None
