"""The scheduler alone on the sets the ties stage asks it to order: where the tail of cost and
hours plans goes, and the instrument for any change to the scheduler's estimate.

    python benchmarks/bench_ordering.py PLAN [PLAN ...] [--draw DRAW.pickle] [--factor N]

Plans the given random re-plans of ``bench_planner.py`` (numbers as in ``bench_stages.py``) and
keeps each set of actions that :mod:`itineraire.planning.settling` orders (the sets the model
offers one by one: of the proven optimum for cost and hours, within the proven bound for
duration). Then orders each set again alone, with ``N`` times the work it was given in the
plan (1: the same), and prints per set: its actions, those with sessions, the estimate at its
start and the best order's end (days from the person's start), whether the order is proven,
the work and the CPU time. The gap between the estimate at the start and the end is a first
sign of how much a stronger estimate could save; the work is the measure (a set whose estimate
is short at its start is not always one the scheduler struggles with, and the reverse). The
set is ordered with the plan's own stepper, whose calendar remembers what the plan asked: its
work may come out a little below the plan's.
"""

from __future__ import annotations

import argparse
import contextlib
import time
from collections.abc import Callable
from pathlib import Path

from bench_planner import kept_replans

from itineraire import builtin_catalogue
from itineraire.planning import NoRouteError, Planner, PlanningLimitError
from itineraire.planning import settling as settling_module
from itineraire.planning.estimate import track_estimate
from itineraire.planning.ordering import MAX_ORDERS, OrderingStoppedError, schedule
from itineraire.planning.stepping import Node, Stepper

ORDER_SET = "order_set"
"""The scheduler's entry point as the ties stage imports it: replaced, to keep each set."""

Asked = tuple[Stepper, Node, tuple[str, ...], int, int]
"""A set the ties stage asked to order: the stepper, the root, the set, the limit of partial
orders and the work limit it was given."""


def keeping(asked: list[Asked]) -> Callable[..., tuple[Node | None, bool]]:
    """``settling.order_set``, keeping each set it is asked in ``asked``."""
    order_set: Callable[..., tuple[Node | None, bool]] = getattr(settling_module, ORDER_SET)

    def kept(
        stepper: Stepper,
        root: Node,
        order: tuple[str, ...],
        limit: int = MAX_ORDERS,
        work_limit: int | None = None,
        estimate: Callable[[Node], int] | None = None,
    ) -> tuple[Node | None, bool]:
        asked.append((stepper, root, tuple(order), limit, work_limit or 0))
        return order_set(stepper, root, order, limit, work_limit, estimate)

    return kept


Ordered = tuple[str, int | None, float, int, int]
"""A set ordered alone: "proven" or "stopped", the best order's end (days from the person's
start; None: no order), the CPU time (ms), the work, and the estimate at the set's start
(days)."""


def ordered_alone(asked: Asked, factor: int = 1) -> Ordered:
    """The set ``asked`` ordered alone by the scheduler, with ``factor`` times its work."""
    stepper, root, order, limit, work_limit = asked
    estimate = track_estimate(stepper, root, frozenset(order))
    start, work = time.process_time(), stepper.work
    try:
        found = schedule(stepper, root, order, limit, max(1, work_limit * factor), estimate)
        status = "proven"
    except OrderingStoppedError:
        found, status = None, "stopped"
    spent = (time.process_time() - start) * 1000
    work = stepper.work - work
    end = None if found is None else found.finish - root.day
    return status, end, spent, work, estimate(root) - root.day


def _ordered_again(asked: Asked, factor: int) -> str:
    """One set ordered alone with ``factor`` times its work, as a line of the report."""
    stepper, _root, order, _limit, _work_limit = asked
    chosen = frozenset(order)
    sessions = sum(1 for a in stepper.actions if a.id in chosen and a.sessions)
    status, end, spent, work, at_start = ordered_alone(asked, factor)
    shown = "-" if end is None else str(end)
    return (
        f"  {len(order):3} actions, {sessions:2} with sessions: estimate"
        f" {at_start:5}, end {shown:>5}, {status:7}"
        f" work {work:9,} in {spent:7.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("plans", type=int, nargs="+", help="re-plans by number (see bench_stages)")
    parser.add_argument("--replans", type=int, default=1000, help="random re-plans drawn (1,000)")
    parser.add_argument("--draw", type=Path, help="the draw's file, as for bench_stages.py")
    parser.add_argument(
        "--factor", type=int, default=1, help="times the work each set got in the plan (1)"
    )
    arguments = parser.parse_args()
    catalogue = builtin_catalogue()
    drawn = kept_replans(catalogue, arguments.replans, arguments.draw)
    asked: list[Asked] = []
    setattr(settling_module, ORDER_SET, keeping(asked))
    planner = Planner(catalogue)
    for number in arguments.plans:
        asked.clear()
        learner, objective = drawn[number]
        with contextlib.suppress(NoRouteError, PlanningLimitError):
            planner.plan(learner, objective)
        print(f"re-plan {number} ({objective.value}): {len(asked)} sets ordered")
        for one in asked:
            print(_ordered_again(one, arguments.factor))


if __name__ == "__main__":
    main()
