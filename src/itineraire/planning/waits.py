"""The waits for sessions, in a lower bound of the duration: steps one after the other on the
person's track, each no earlier than its release.

A **task** is something the rest of a route must do on the person's track with one of a few
full-time steps (its *alternatives*): validate a missing block, or learn a competence every
achiever of such a block needs. Each alternative has a **release**, a day before which no
route can start it (:meth:`.RelaxedProblem.earliest`: its first session after the earliest day
its prerequisites can be held). Tasks share no step, full-time steps never overlap, and a task
whose competence another task's achievers all need comes first: so a route does its tasks'
steps one after the other, in some order that respects those precedences, each at a session no
earlier than its release. The earliest day by which that can be over, in the best order, is a
lower bound of the route's end (:func:`schedule_bound`). So is, for any day *t*, *t* plus the
cheapest cover of the missing blocks that no step can validate if started before *t*
(:func:`released_bound`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

import attrs

from itineraire.planning.actions import Action
from itineraire.planning.calendar import Calendar
from itineraire.planning.relaxation import first_start

if TYPE_CHECKING:  # the bound asks this module: a type-only import avoids a cycle
    from itineraire.planning.bound import LowerBound

__all__ = ["MOST_TASKS", "Finisher", "Task", "released_bound", "schedule_bound", "tasks"]

_INFINITY = float("inf")

MOST_TASKS = 6
"""At most this many tasks are ordered (2^6 subsets): fewer only weaken the bound."""


@attrs.frozen
class Task:
    """One thing the rest of a route must do, by one of ``alternatives`` (full-time steps that
    no other task shares), after every task of ``after`` (indices into the task list)."""

    alternatives: tuple[Action, ...]
    after: frozenset[int] = frozenset()


def schedule_bound(
    tasks: Sequence[Task],
    day: int,
    finish: Callable[[Action, int], float],
    releases: Mapping[str, float],
) -> tuple[float, int]:
    """The earliest day the ``tasks`` can all be over, one after the other from ``day``, each
    by one of its alternatives started at its first session no earlier than its release and
    the previous task's end, in the best order that keeps the precedences; and the work done
    (steps weighed). ``finish(action, day)``: the end of ``action`` at its first session on
    or after ``day`` (infinite when none is left). The earliest start is monotone, so the
    earliest end of each set of tasks done first is all that matters: a dynamic programme
    over subsets."""
    count = len(tasks)
    if not count:
        return float(day), 0
    work = 0
    ends: dict[int, float] = {0: float(day)}
    masks = [sum(1 << other for other in task.after) for task in tasks]
    for subset in range(1 << count):
        end = ends.get(subset)
        if end is None or end == _INFINITY:
            continue
        for index, task in enumerate(tasks):
            bit = 1 << index
            if subset & bit or masks[index] & ~subset:
                continue
            best = _INFINITY
            for action in task.alternatives:
                work += 1
                release = releases.get(action.id, _INFINITY)
                if release == _INFINITY:
                    continue
                best = min(best, finish(action, int(max(end, release))))
            grown = subset | bit
            if best < ends.get(grown, _INFINITY):
                ends[grown] = best
    return ends.get((1 << count) - 1, _INFINITY), work


@attrs.define
class Finisher:
    """The end of a step at its first session on or after a day (:func:`.first_start`), on
    one calendar, remembered: the programme asks for the same ones again and again."""

    calendar: Calendar
    _ends: dict[tuple[str, int], float] = attrs.field(factory=dict)

    def __call__(self, action: Action, day: int) -> float:
        key = (action.id, day)
        known = self._ends.get(key)
        if known is None:
            first = first_start(self.calendar, action, day)
            end = _INFINITY if first is None else float(self.calendar.end(first, action))
            known = self._ends[key] = end
        return known


def released_bound(
    bound: LowerBound, missing: set[str], day: int, starts: Mapping[str, float]
) -> tuple[float, int]:
    """Days from ``day`` to the latest of ``t`` plus the cheapest cover of the ``missing``
    blocks whose achievers can all start no earlier than ``t`` (``starts``: the releases), over
    those days ``t``: those achievers run after ``t``, on the person's track, whatever the
    route; and the work done (achievers weighed)."""
    released: dict[str, float] = {}
    work = 0
    for block in missing:
        achievers = bound.achievers(block)
        work += len(achievers)
        released[block] = min((starts.get(a.id, _INFINITY) for a in achievers), default=_INFINITY)
    best = 0.0
    for threshold in sorted({r for r in released.values() if r < _INFINITY}):
        late = frozenset(b for b, r in released.items() if r >= threshold)
        best = max(best, threshold - day + bound.cover(late))
    return best, work


def tasks(
    bound: LowerBound,
    missing: set[str],
    ranks: dict[str, int],
    day: int,
    starts: Mapping[str, float],
) -> list[Task]:
    """The tasks of :func:`schedule_bound` for the ``missing`` blocks: blocks validated only
    by full-time steps, those with sessions and the latest releases first, each after the
    competences all its achievers need (not held at ``ranks``), taught only by full-time
    steps; no two share a step (a step validating two blocks would be counted twice), and
    each waits for something (a session, or a release after ``day``: a task that could start
    whenever the person is free is left to the other bounds, for a cheaper programme)."""
    used: set[str] = set()
    chosen: list[Task] = []
    teacher_tasks: dict[tuple[str, int], int] = {}

    def release(actions: tuple[Action, ...]) -> float:
        return min((starts.get(a.id, _INFINITY) for a in actions), default=_INFINITY)

    def fits(actions: tuple[Action, ...]) -> bool:
        return (
            bool(actions)
            and all(
                not a.intensity and (a.sessions or starts.get(a.id, day) > day) for a in actions
            )
            and not any(a.id in used for a in actions)
        )

    def order(block: str) -> tuple[bool, float, str]:
        achievers = bound.achievers(block)
        return (not all(a.sessions for a in achievers), -release(achievers), block)

    for block in sorted(missing, key=order):
        achievers = bound.achievers(block)
        if len(chosen) >= MOST_TASKS or not fits(achievers):
            continue
        used.update(a.id for a in achievers)
        after = set()
        for competence, rank in sorted(bound.block_landmarks(block).items()):
            if ranks.get(competence, -1) >= rank:
                continue
            index = teacher_tasks.get((competence, rank))
            teachers = bound.teachers(competence, rank)
            if index is None and len(chosen) + 1 < MOST_TASKS and fits(teachers):
                used.update(a.id for a in teachers)
                index = teacher_tasks[(competence, rank)] = len(chosen)
                chosen.append(Task(teachers))
            if index is not None:
                after.add(index)
        chosen.append(Task(achievers, frozenset(after)))
    return chosen
