"""Work under way beside the person's next step: a VAE on the certifier's track, part-time
steps on the person's own.

A VAE's lead times (the admissibility decision, the support while the person writes the file,
the wait for the jury) do not occupy the person: training goes on meanwhile, as in the pact's
hybrid VAE. So a route has two tracks. The person's track runs modules, placements and periods
of employment one after the other; the VAE track runs the VAE files one after the other (at most
one at a time). A VAE taken after some steps starts when the person's track is free and the
previous VAE's jury is over (later only to wait for planned employment), and its blocks are
**pending** until its jury's day: a step starting on or after that day holds them (equivalences
apply then), a step starting before does not.

A route is still a sequence of actions, in the order they are decided: a VAE comes after the
steps finished by its first day (they count for its eligibility and coverage) and before the
others, so a step listed after a VAE ends after the VAE starts. This keeps one sequence per
schedule, and the search's identity of a route (its actions, the blocks its VAE covered, what is
still pending) tells apart everything that can differ.

Steps side by side on the person's track work the same way. A module whose catalogue entry
states fewer weekly hours than the person's runs part time (:class:`Running`): the next step may
start on its first day, as long as the steps running together never take more than the person's
weekly hours; what it gives is pending until its end. A route's ``day`` is then the first day
its next step may start (the last step's first day, or later while the steps running leave no
room), and :class:`Frontier` compares the steps still running as it compares pending juries.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Iterator
from typing import Protocol

import attrs

from itineraire.model.learners import VaeUnderWay
from itineraire.planning.objectives import Objective
from itineraire.validation.vae import VaePolicy

__all__ = [
    "Frontier",
    "Pending",
    "Running",
    "Timed",
    "Tracked",
    "expected_jury",
    "under_way",
    "with_rest",
]


@attrs.frozen
class Pending:
    """A VAE whose jury is still to come: its blocks are granted on ``end`` (a day number, the
    day after the jury's last day), the VAE started on ``start``."""

    action: str
    start: int
    end: int
    blocks: frozenset[str]


@attrs.frozen
class Running:
    """A part-time step of the person's track still running after the day the next step may
    start: it started on ``start``, takes ``intensity`` of the person's weekly hours until
    ``end`` (the day after its last day), and gives ``blocks`` and ``teaches`` from ``end``."""

    action: str
    start: int
    end: int
    intensity: int
    blocks: frozenset[str]
    teaches: tuple[tuple[str, int, str | None], ...]


def expected_jury(policy: VaePolicy, file: VaeUnderWay, start: dt.date) -> dt.date:
    """The day the jury of a VAE under way is expected: the day given, or else the catalogue's
    lead times from the admissibility decision (the support's weeks, then the jury's, as for a
    VAE the route plans); never before the route's ``start`` (a jury overdue and not recorded is
    taken as on the route's first day: the route cannot know its outcome earlier)."""
    if file.jury is not None:
        day = file.jury
    else:
        weeks = policy.support_weeks + policy.jury_weeks
        day = file.admissible + dt.timedelta(days=7 * weeks - 1)
    return max(day, start)


def under_way(
    policy: VaePolicy, files: tuple[VaeUnderWay, ...], start: dt.date
) -> tuple[Pending, ...]:
    """The VAE under way when a route starts, as pending juries in the order of their days:
    each started on its admissibility decision (never after ``start``), its blocks granted the
    day after its expected jury (:func:`expected_jury`)."""
    pending = (
        Pending(
            action=f"vae:{file.certification}",
            start=min(file.admissible, start).toordinal(),
            end=expected_jury(policy, file, start).toordinal() + 1,
            blocks=frozenset(file.blocks),
        )
        for file in files
    )
    return tuple(sorted(pending, key=lambda jury: (jury.end, jury.action)))


def with_rest(objective: Objective, value: float, day: float, rest: float) -> float:
    """The value of a route so far plus a lower bound ``rest`` of what remains.

    For the duration, ``value`` is the days to the route's finish so far (the later end of its
    two tracks) and ``day`` the days to the person's track being free: the rest runs on the
    person's track from ``day``, beside any VAE still pending, so the finish is at least the
    larger of the two (adding ``rest`` to ``value`` would count a pending VAE and the training
    beside it one after the other). For cost and hours, ``value + rest``."""
    if objective is Objective.DURATION:
        return max(value, day + rest)
    return value + rest


class Timed(Protocol):
    """When a route's tracks are free: what :class:`Frontier` compares."""

    @property
    def day(self) -> int: ...

    @property
    def pending(self) -> tuple[Pending, ...]: ...

    @property
    def running(self) -> tuple[Running, ...]: ...

    @property
    def planned(self) -> tuple[tuple[int, str, int], ...]: ...


class Tracked(Timed, Protocol):
    """What :class:`Frontier` reads of a route so far (the search's ``Node``)."""

    @property
    def taken(self) -> frozenset[str]: ...

    @property
    def variant(self) -> frozenset[str]: ...


class _Kept(weakref.ref[Tracked]):
    """A kept route, by when its tracks are free; the route itself only while the search still
    holds it (a route taken out of the queue and expanded is not kept alive by the frontier).

    The weak reference carries the times itself, and the routes kept with the same actions
    and VAE blocks are chained through it (most sets have one): one object per route kept, no
    list per set, fewer objects for the garbage collector to go through (the frontier outlives
    most of the routes)."""

    __slots__ = ("day", "later", "pending", "planned", "running")

    day: int
    pending: tuple[Pending, ...]
    running: tuple[Running, ...]
    planned: tuple[tuple[int, str, int], ...]
    later: _Kept | None
    """The next route kept with the same actions and VAE blocks."""

    def __new__(cls, route: Tracked, later: _Kept | None) -> _Kept:
        kept = super().__new__(cls, route)
        kept.day, kept.pending, kept.running = route.day, route.pending, route.running
        kept.planned = route.planned
        kept.later = later
        return kept


def _chain(first: _Kept | None) -> Iterator[_Kept]:
    """``first`` and the routes chained after it."""
    while first is not None:
        yield first
        first = first.later


class Frontier:
    """The routes the search keeps, per set of actions taken and blocks their VAE covered.

    Two such routes cost the same and take the same hours, and in the end hold the same things.
    One is as good as the other when its person's track is free no later, each of its
    part-time steps still running is over no later than the other's same step (or by the
    other's day), and each of its pending juries is over no later than the other's same jury
    (a jury already over is over before the other's pending one): from then on it holds at
    least as much and takes no more of the person's weekly hours on every day, so whatever
    follows the other follows it, no later. Without a VAE pending this is the search's
    old rule, "the one that ends earlier"; with one it keeps a route free earlier beside a
    later jury as well as a route free later beside an earlier one, neither better.

    ``employment``: periods of employment may be offered (the person allows them), and planned
    employment brings its experience from its end: a route free before planned employment ends
    is then not taken as good as one free after (as in :mod:`.holdings`). This rule came first,
    when periods were offered only for what a route lacked on its own day; they are now offered
    for what it lacks once each planned period is over too, so the later route is offered
    nothing the earlier one is not, and the rule may no longer be needed. It is kept: that is
    not proven."""

    def __init__(self, employment: bool = False) -> None:
        self._employment = employment
        # Per blocks covered by VAE, then per set of actions, the first route of a chain: no
        # key made for each route (most routes have no VAE, and the outer dict has few entries).
        self._kept: dict[frozenset[str], dict[frozenset[str], _Kept]] = {}

    def _first(self, taken: frozenset[str], variant: frozenset[str]) -> _Kept | None:
        """The first kept route with these actions and VAE blocks."""
        by_taken = self._kept.get(variant)
        return None if by_taken is None else by_taken.get(taken)

    def dominated(self, node: Tracked) -> bool:
        """Whether a kept route is as good as ``node``."""
        other = self._first(node.taken, node.variant)
        while other is not None:  # a loop, not any(): asked for every route made
            if _as_good(other, node, self._employment):
                return True
            other = other.later
        return False

    def add(self, node: Tracked) -> None:
        """Keep ``node`` (not dominated), dropping the kept routes it is as good as."""
        by_taken = self._kept.get(node.variant)
        if by_taken is None:
            by_taken = self._kept[node.variant] = {}
        rest = None
        for other in list(_chain(by_taken.get(node.taken))):
            if not _as_good(node, other, self._employment):
                other.later, rest = rest, other
        by_taken[node.taken] = _Kept(node, rest)

    def kept(self, node: Tracked) -> bool:
        """Whether ``node`` is still kept (no better route to the same set was found since)."""
        return any(other() is node for other in _chain(self._first(node.taken, node.variant)))

    def beaten(self, taken: frozenset[str], variant: frozenset[str], day: int) -> bool:
        """Whether a kept route with these actions and nothing pending is free by ``day``,
        every step of it over by then (a route with nothing pending or running that would be
        free on ``day`` would not be kept)."""
        return any(
            not other.pending
            and other.day <= day
            and all(r.end <= day for r in other.running)
            and not (self._employment and other.day < day and _work_to_come(other))
            for other in _chain(self._first(taken, variant))
        )


def _as_good(one: Timed, other: Timed, employment: bool) -> bool:
    """Whether ``one`` is as good as ``other`` (same actions and VAE blocks; ``employment``:
    periods of employment may be offered, see :class:`Frontier`)."""
    if one.day > other.day or not _runs_as_well(one, other):
        return False
    if employment and one.day < other.day and _work_to_come(one):
        return False
    if not one.pending:
        return True  # every jury of ``one`` is over
    juries = {jury.action: jury.end for jury in other.pending}
    return all(jury.action in juries and jury.end <= juries[jury.action] for jury in one.pending)


def _work_to_come(route: Timed) -> bool:
    """Whether planned employment of ``route`` ends on or after its day (its experience is
    still to come then)."""
    return any(end >= route.day for end, _job, _hours in route.planned)


def _runs_as_well(one: Timed, other: Timed) -> bool:
    """Whether the part-time steps ``one`` still runs after ``other``'s next step may start
    are each over no later in ``one`` (and running in ``other``): on every day from then,
    ``one`` takes no more of the person's weekly hours than ``other`` and holds at least as
    much (``one`` is free no later, and the steps of both started by ``other``'s day)."""
    if not one.running:
        return True
    ends = {running.action: running.end for running in other.running}
    return all(
        running.end <= other.day or running.end <= ends.get(running.action, -1)
        for running in one.running
    )
