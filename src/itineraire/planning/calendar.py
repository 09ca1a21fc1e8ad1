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
from collections.abc import Sequence

import attrs

__all__ = ["Calendar", "duration_days"]


def duration_days(hours: int, weekly_hours: int) -> int:
    """Calendar days for ``hours`` of activity at ``weekly_hours`` a week (at least one day)."""
    return max(1, math.ceil(hours * 7 / weekly_hours))


@attrs.frozen
class Calendar:
    """The periods a person cannot attend, as sorted (first day, last day) day numbers."""

    unavailable: tuple[tuple[int, int], ...] = ()

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
        for start, last in self.unavailable:
            if start < end and first <= last:
                return last
        return None
