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
lower bound of the route's end (:func:`schedule_bound`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import attrs

from itineraire.planning.actions import Action

__all__ = ["MOST_TASKS", "Task", "schedule_bound"]

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
