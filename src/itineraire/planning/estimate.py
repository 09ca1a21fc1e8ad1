"""How soon an order of a chosen set of actions can end, from a partial order: the estimate by
which the scheduler (:func:`~itineraire.planning.ordering.schedule`) tries partial orders
best first, and by which an order is found step by step where it stops
(:func:`~itineraire.planning.ordering.greedy`)."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable

from itineraire.planning.actions import ActionKind
from itineraire.planning.calendar import Calendar
from itineraire.planning.stepping import Node, Stepper

__all__ = ["NEVER", "OpenDays", "track_estimate"]

NEVER = 10**9
"""A day after every route's end: the estimate of a partial order that no order ends."""


def track_estimate(stepper: Stepper, chosen: frozenset[str]) -> Callable[[Node], int]:
    """A day before which no order of the rest of ``chosen`` can end, from a partial order.

    The steps left run on the person's track after its free day, one after the other (a VAE
    runs on its own track: it counts none), each from its first start the calendar allows
    (its sessions, clear of unavailable periods) on that day or later. So for every day *r*
    on which some of them may first start, those that cannot start before *r* all run after
    it, and end no sooner than their open days counted from *r* (``open_span`` of
    :mod:`~itineraire.planning.decomposition`, the argument of its ``track_bound``); the
    latest of these ends is the estimate. The earliest such *r* alone gives the open days of
    every step left counted from the track's free day, the estimate before the sessions were
    counted: where a step's only sessions are a year apart, the order that misses one now
    waits for the next in the estimate, instead of when its step is reached."""
    on_track = tuple(
        action
        for action in stepper.actions
        if action.id in chosen and action.kind is not ActionKind.VAE and action.workdays
    )
    weeks = frozenset().union(*(action.week for action in on_track))
    span = OpenDays(stepper.calendar, weeks).span
    # The scheduler asks again and again for the same actions taken from the same free day,
    # and for the steps' first starts from the same day: both are remembered.
    ends: dict[tuple[frozenset[str], int], int] = {}
    releases: dict[int, tuple[tuple[int, int, str], ...]] = {}

    def released(day: int) -> tuple[tuple[int, int, str], ...]:
        """Each step's first start on ``day`` or later, its open days and its id, the latest
        start first."""
        known = releases.get(day)
        if known is None:
            starts = ((stepper.earliest_start(day, action), action) for action in on_track)
            known = releases[day] = tuple(
                sorted(
                    ((NEVER if start is None else start, a.workdays, a.id) for start, a in starts),
                    reverse=True,
                )
            )
        return known

    def released_end(node: Node) -> int:
        end = node.day
        left = 0
        for start, workdays, item in released(node.day):
            if item in node.taken:
                continue
            if start == NEVER:
                return NEVER  # a step left has no session left: no order ends
            left += workdays
            end = max(end, start + span(start, left))
        return end

    def estimate(node: Node) -> int:
        key = (node.taken, node.day)
        known = ends.get(key)
        if known is None:
            known = ends[key] = released_end(node)
        return known

    return estimate


class OpenDays:
    """The open days of ``week`` in order (a step of ``week`` runs on them), listed as far as
    asked: the decomposition's ``open_span`` by bisection, for the many days and sums the
    scheduler's estimate asks about (walking the calendar each time was most of ordering a
    set)."""

    def __init__(self, calendar: Calendar, week: frozenset[int]) -> None:
        self._calendar = calendar
        self._week = week
        self._days: list[int] = []

    def span(self, origin: int, workdays: int) -> int:
        """Days from ``origin`` to the day after ``workdays`` open days (``open_span``)."""
        if workdays <= 0 or not self._week:
            return 0
        days = self._days
        if not days or days[0] > origin:
            days[:] = [self._calendar.next_open(origin, self._week)]  # every open day from here
        while days[-1] < origin:
            days.append(self._calendar.next_open(days[-1] + 1, self._week))
        first = bisect_left(days, origin)
        while first + workdays > len(days):
            days.append(self._calendar.next_open(days[-1] + 1, self._week))
        return days[first + workdays - 1] + 1 - origin
