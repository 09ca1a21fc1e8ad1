"""How soon an order of a chosen set of actions can end, from a partial order: the estimate by
which the scheduler (:func:`~itineraire.planning.ordering.schedule`) tries partial orders
best first, and by which orders are found where it stops
(:func:`~itineraire.planning.ordering.greedy`, :func:`~itineraire.planning.ordering.beam`)."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable

from itineraire.planning.actions import ActionKind
from itineraire.planning.calendar import Calendar
from itineraire.planning.stepping import Node, Stepper

__all__ = ["OpenDays", "track_estimate"]

_NEVER = 10**9
"""A day after every route's end: the estimate of a partial order that no order ends."""

_Released = tuple[frozenset[str], tuple[tuple[int, int, int, str, int], ...]]
"""The steps released from a day (see ``released`` in :func:`track_estimate`)."""


def track_estimate(stepper: Stepper, root: Node, chosen: frozenset[str]) -> Callable[[Node], int]:
    """A day before which no order of the rest of ``chosen`` can end, from a partial order.

    The steps left run on the person's track after its free day, one after the other (a VAE
    runs on its own track: it counts none), each from its first start the calendar allows
    (its sessions, clear of unavailable periods) on that day or later. So for every day *r*
    on which some of them may first start, those that cannot start before *r* all run after
    it, and end no sooner than their open days counted from *r* (``open_span`` of
    :mod:`~itineraire.planning.decomposition`, the argument of its ``track_bound``), and no
    sooner than *r* plus the fewest calendar days each of them takes in its own week (a
    placement runs five days a week, training on the person's training days: open days of
    all the weeks together undercount the training); the latest of these ends is the
    estimate. The earliest such *r* alone gives the open days of
    every step left counted from that start, no less than the estimate before the sessions
    were counted (from the track's free day): where a step's only sessions are a year apart,
    the order that misses one now waits for the next in the estimate, instead of when its
    step is reached.

    A lower bound for full-time steps only: a part-time step may run beside another, so its
    open days would not add up on the track. The sets it is asked about are the mixed-integer
    model's, which refuses part-time modules (the depth-first search and A* plan those).

    No sooner from a later free day with the same steps left (what the scheduler relies on to
    drop a partial order before its estimate). A step's first start from a later day is no
    sooner (:meth:`~itineraire.planning.calendar.Calendar.earliest_start` gives the first
    start that fits among the sessions dated on that day or later: fewer of them), and none
    when none was left from the earlier day. Each later start moves its step to a later day
    *r*, or keeps it: the ends of the days it left behind are still counted from the next day
    some step left starts on, later, with as many steps after it (the same open days and
    calendar days added up from a later day end no sooner), and the days it joins count it
    on top. The free day itself is no sooner either, and whether the target is still
    reachable depends on what the partial order holds, not on its day."""
    on_track = tuple(
        action
        for action in stepper.actions
        if action.id in chosen and action.kind is not ActionKind.VAE and action.workdays
    )
    weeks = frozenset().union(*(action.week for action in on_track))
    open_days = OpenDays(stepper.calendar, weeks, root.day)
    days = open_days.days  # extended in place: the same list throughout
    # The scheduler asks again and again for the same actions taken from the same free day,
    # and for the steps' first starts from the same day: both are remembered.
    ends: dict[tuple[frozenset[str], int], int] = {}
    releases: dict[int, _Released] = {}

    def released(day: int) -> _Released:
        """The steps with no session left from ``day`` on, and for the others, each one's
        first open day on its first start from ``day`` (its place in ``days``, and that day),
        its open days, the fewest calendar days it takes in its own week (none for a
        part-time step) and its id, the latest first."""
        known = releases.get(day)
        if known is None:
            never: set[str] = set()
            entries = []
            for action in on_track:
                start = stepper.earliest_start(day, action)
                if start is None:
                    never.add(action.id)
                    continue
                place = open_days.place(start)
                least = 0 if action.intensity else action.least_days
                entries.append((place, action.workdays, least, action.id, days[place]))
            entries.sort(reverse=True)
            known = releases[day] = (frozenset(never), tuple(entries))
        return known

    def released_end(node: Node) -> int:
        never, entries = released(node.day)
        taken = node.taken
        if never and not never <= taken:
            return _NEVER  # a step left has no session left: no order ends
        end = node.day
        left = 0
        lasting = 0
        # Compared, not max(): this loop is most of the scheduler's estimate.
        for place, workdays, least, item, first in entries:
            if item in taken:
                continue
            left += workdays
            last = place + left - 1  # the last of ``left`` open days from that start
            if last >= len(days):
                open_days.extend(last)
            day = days[last] + 1
            if day > end:
                end = day
            # The same steps one after the other, each in its own week: a placement runs five
            # days a week, training on the person's days, and the open days above count them
            # all as if each ran on every day of any of the weeks.
            lasting += least
            day = first + lasting
            if day > end:
                end = day
        return end

    def estimate(node: Node) -> int:
        key = (node.taken, node.day)
        known = ends.get(key)
        if known is None:
            known = ends[key] = released_end(node)
        return known

    reachable = _reachability(stepper, root, chosen)
    if reachable is None:
        return estimate  # no partial order of the set is a dead end for want of blocks

    def reachable_estimate(node: Node) -> int:
        return estimate(node) if reachable(node) else _NEVER

    return reachable_estimate


def _reachability(
    stepper: Stepper, root: Node, chosen: frozenset[str]
) -> Callable[[Node], bool] | None:
    """Whether the rest of ``chosen`` could still bring a partial order to the target.

    A VAE covers the blocks its candidate has the experience for when it starts: taken too
    early (before the placements that bring that experience), it leaves blocks that no step
    left gives, and no order of the rest reaches the target. Each step left is counted as
    giving every block it may give (a VAE left: every block of its certification), so a
    partial order found unable to is one no order completes. Only a VAE the set takes makes
    such partial orders: a set without one is not checked (None: every partial order may)."""
    vae_left = [item for item in chosen - root.taken if item.startswith("vae:")]
    if not vae_left:
        return None
    modules = stepper.modules
    blocks_of = {
        f"vae:{certification.code}": frozenset(certification.blocks)
        for certification in stepper.vae_certifications
    }
    gives = {
        item: modules[item].blocks if item in modules else blocks_of.get(item, frozenset())
        for item in chosen
    }

    def reachable(node: Node) -> bool:
        if not any(item in node.taken for item in vae_left):
            return True  # every VAE of the set still to come may cover what is missing
        held = node.blocks
        for jury in node.pending:
            held = held | jury.blocks
        for running in node.running:
            held = held | running.blocks
        for item in chosen - node.taken:
            held = held | gives[item]
        return stepper.could_meet_goal(held)

    return reachable


class OpenDays:
    """The open days of ``week`` from ``first`` on, in order (a step of ``week`` runs on
    them), listed as far as asked: the decomposition's ``open_span`` by counting places in
    the list, for the many days and sums the scheduler's estimate asks about (walking the
    calendar each time was most of ordering a set)."""

    def __init__(self, calendar: Calendar, week: frozenset[int], first: int) -> None:
        self._calendar = calendar
        self._week = week
        self._first = first
        self.days = [calendar.next_open(first, week)]
        """The open days listed so far, from ``first`` on."""

    def place(self, day: int) -> int:
        """The place in :attr:`days` of the first open day on ``day`` (not before ``first``)
        or later."""
        if day < self._first:
            raise ValueError(f"day {day} is before the first day listed ({self._first})")
        while self.days[-1] < day:
            self.extend(len(self.days))
        return bisect_left(self.days, day)

    def extend(self, place: int) -> None:
        """List the open days up to ``place`` at least."""
        days, calendar, week = self.days, self._calendar, self._week
        while len(days) <= place:
            days.append(calendar.next_open(days[-1] + 1, week))

    def span(self, origin: int, workdays: int) -> int:
        """Days from ``origin`` to the day after ``workdays`` open days (``open_span``)."""
        if workdays <= 0 or not self._week:
            return 0
        last = self.place(origin) + workdays - 1
        self.extend(last)
        return self.days[last] + 1 - origin
