"""Ordering a chosen set of actions in time: replaying an order with the A* planner's stepper,
finding the earliest-finishing order the calendar allows, dropping free steps that serve
nothing. The mixed-integer model chooses a set; these functions make it a route.
"""

from __future__ import annotations

import datetime as dt
import functools
import heapq
import itertools
from collections.abc import Callable, Iterator, Sequence

from itineraire.planning.actions import ActionKind, employment_of
from itineraire.planning.estimate import track_estimate
from itineraire.planning.stepping import Node, Stepper

__all__ = [
    "BEAM_WIDTH",
    "MAX_ORDERS",
    "OrderingStoppedError",
    "beam",
    "greedy",
    "order_set",
    "prune",
    "replay",
    "schedule",
    "sequence_of",
    "take",
    "takes",
]

MAX_ORDERS = 50_000
"""Partial orders the scheduler may try for one chosen set (only when sessions get in the way)."""

BEAM_WIDTH = 8
"""Partial orders :func:`beam` keeps at each step where the scheduler stops (measured on 1,000
random re-plans: 8 shortens 14 of the routes the scheduler stopped on, by 17 to 224 days; 16
gives about the same routes, a few days shorter or longer, for twice the work; 32 shortens ten
of them by 4 to 72 days more, for four times; 4 gains about half as much)."""


class OrderingStoppedError(ValueError):
    """The scheduler reached its limit (partial orders, or work) before it proved an order: a
    :class:`ValueError`, as the HiGHS backend's callers expect of what it cannot do, but one
    of its own, so that :func:`order_set` stands in for it and nothing else."""


def take(stepper: Stepper, node: Node, item: str) -> Node | None:
    """The first way :func:`takes` offers, or None."""
    return next(takes(stepper, node, item), None)


def takes(stepper: Stepper, node: Node, item: str) -> Iterator[Node]:
    """Every way to take ``item`` after ``node``: a module at its earliest start; a VAE on
    each day it covers other blocks (its earliest start, then once a planned period of
    employment is over: :meth:`.Stepper.vae_children`). The model counts that employment's
    experience from the start, so a set it chooses may need its VAE to wait for it."""
    if item.startswith("vae:"):
        yield from stepper.vae_children(node, only=item.removeprefix("vae:"))
        return
    work = employment_of(item) if item.startswith("employment:") else None
    child = stepper.take_module(node, item) if work is None else stepper.employment(node, *work)
    if child is not None:
        yield child


def _takes_all(node: Node, wanted: frozenset[str]) -> bool:
    """Whether ``node`` takes every action ``wanted`` (and maybe periods of employment)."""
    # The sizes first: asked of every partial order, nearly all of them short of the set.
    return len(node.taken) >= len(wanted) and wanted <= node.taken


def _next(stepper: Stepper, node: Node, wanted: frozenset[str], counted: bool) -> Iterator[Node]:
    """Every partial order one step after ``node``: each action of the set left, every way
    (:func:`takes`), and where the person may work, each period of employment the stepper
    offers for the hours a rule lacks (:meth:`.Stepper.employment_children`; the set the
    model chooses has none: it counts such a rule as met). ``counted``: each action tried
    counts as work, as in the search."""
    for item in sorted(wanted - node.taken):
        if counted:
            stepper.tried()
        if item.startswith(("vae:", "employment:")):
            yield from takes(stepper, node, item)
            continue
        # A module, most of the set: taken here rather than through takes (the scheduler's
        # hottest loop).
        child = stepper.take_module(node, item)
        if child is not None:
            yield child
    yield from _working(stepper, node)


def _working(stepper: Stepper, node: Node) -> Iterator[Node]:
    """The periods of employment the stepper offers after ``node`` (none where the person
    does not allow them)."""
    if stepper.problem.learner.constraints.employment_allowed:
        yield from stepper.employment_children(node)


def _actions(order: Sequence[str]) -> frozenset[str]:
    """The actions of ``order`` a complete order takes: its periods of employment (an order
    found before) left out, since the orderers offer those where a rule lacks hours."""
    return frozenset(item for item in order if employment_of(item) is None)


def sequence_of(node: Node) -> list[str]:
    """The actions of ``node``'s steps in the order they were taken, as
    :func:`~itineraire.planning.simulation.simulate` replays them: each VAE on its first day
    (``vae:CODE@YYYY-MM-DD``), which may be after its earliest (:func:`takes`)."""
    return [
        f"{step.action.id}@{dt.date.fromordinal(step.start).isoformat()}"
        if step.action.kind is ActionKind.VAE
        else step.action.id
        for step in node.steps
    ]


def replay(stepper: Stepper, root: Node, order: Sequence[str]) -> Node | None:
    """The best end (finish, cost, hours) of ``order`` taken step by step, each VAE on any of
    its days (:func:`takes`), waiting for planned employment when the target needs it (see
    :meth:`.Stepper.reached`); None when a step cannot be taken or the goal is not reached."""
    ends = [root]
    for item in order:
        ends = [child for node in ends for child in takes(stepper, node, item)]
        if not ends:
            return None
    reached = (stepper.reached(node) for node in ends)
    return min((end for end in reached if end is not None), key=_values, default=None)


def schedule(
    stepper: Stepper,
    root: Node,
    order: Sequence[str],
    limit: int = MAX_ORDERS,
    work_limit: int | None = None,
    estimate: Callable[[Node], int] | None = None,
) -> Node | None:
    """The earliest-finishing order of the set ``order`` that the calendar allows, or None;
    raises :class:`OrderingStoppedError` beyond ``limit`` partial orders or, when given, once the
    stepper's work (see :class:`~itineraire.planning.stepping.Stepper`) has grown by
    ``work_limit``.

    Best-first over partial orders by their finish (the later end of the person's track and the
    VAE track, which a further step never brings forward); two partial orders with the same
    actions, the same blocks and the same juries pending hold the same things, so only the one
    that is free earlier is kept (a VAE covers what the experience allows at its start, hence
    the blocks in the key).

    With ``estimate`` (a day no order of the rest of the set can end before, from a partial
    order), partial orders come out by the later of their finish and that day, as in A*, and
    the orders that end on the earliest day are told apart by cost, then hours (a VAE priced
    per block costs less when it covers fewer), so the one returned is the least on all three
    values in that order. The estimate must be no sooner from a later free day for the same
    holdings (as :func:`~itineraire.planning.estimate.track_estimate`'s is, see there): a
    partial order that finishes and is free no sooner than one queued with the same holdings
    then ranks no sooner, and is dropped before its estimate is worked out (most of a rank's
    cost), as it would be after."""
    wanted = _actions(order) | root.taken  # a VAE under way is taken from the start
    counter = itertools.count()
    rank = _ranker(estimate)
    key = _holdings if estimate is not None else _reached
    first = _completed(stepper, root, wanted)
    # Each partial order queued with its key: asked again when it comes out.
    heap: list[tuple[tuple[int, ...], int, object, Node]] = (
        [] if first is None else [(rank(first), next(counter), key(first), first)]
    )
    best: dict[object, tuple[int, ...]] = {}
    tried = 0
    start = stepper.work
    found: Node | None = None
    while heap:
        ranked, _, node_key, node = heapq.heappop(heap)
        if found is not None and ranked[0] > found.finish:
            break  # every order left ends later
        if best.get(node_key, ranked) < ranked:
            continue  # an earlier way to the same holdings was found since
        if _takes_all(node, wanted) and stepper.is_goal(node):  # see _completed
            if estimate is None:
                return node
            if found is None or (node.cost, node.hours) < (found.cost, found.hours):
                found = node
            continue
        tried += 1
        if work_limit is not None and stepper.work - start > work_limit:
            raise OrderingStoppedError(
                f"ordering {len(wanted)} actions took more than {work_limit} units of work"
            )
        if tried > limit:
            raise OrderingStoppedError(
                f"the HiGHS backend could not schedule {len(wanted)} actions within {limit}"
                " partial orders (sessions and unavailable periods); use Planner"
            )
        # Counted as the search counts its work where guided (the model's uses keep theirs).
        for taken in _next(stepper, node, wanted, estimate is not None):
            # Most are short of the set: their sizes tell, without a call.
            child = taken if len(taken.taken) < len(wanted) else _completed(stepper, taken, wanted)
            if child is None:
                continue
            child_key = key(child)
            known = best.get(child_key)
            if known is not None and _no_sooner(known, child, estimate is not None):
                continue  # ranks no sooner than the way known: dropped before its estimate
            child_rank = rank(child)
            if known is not None and known <= child_rank:
                continue
            best[child_key] = child_rank
            heapq.heappush(heap, (child_rank, next(counter), child_key, child))
    return found


def _completed(stepper: Stepper, node: Node, wanted: frozenset[str]) -> Node | None:
    """``node``, or once it takes every action ``wanted``, the route it makes to the target
    (waiting for planned employment: :meth:`.Stepper.reached`): a complete order is ranked on
    the day it reaches the target. One that does not reach it is None, unless the person may
    work for what it lacks (it goes on with periods of employment)."""
    if not _takes_all(node, wanted):
        return node
    reached = stepper.reached(node)
    if reached is None and stepper.problem.learner.constraints.employment_allowed:
        return node
    return reached


def order_set(
    stepper: Stepper,
    root: Node,
    order: Sequence[str],
    limit: int = MAX_ORDERS,
    work_limit: int | None = None,
    estimate: Callable[[Node], int] | None = None,
) -> tuple[Node | None, bool]:
    """The best order of the set ``order`` by :func:`schedule` (its arguments), and True; where
    its limits stop it, the better (finish, cost, hours) of the orders found by :func:`beam` and
    :func:`greedy` (guided by ``estimate`` or else the set's
    :func:`~itineraire.planning.estimate.track_estimate`), a route of the set but unproven, and
    False. Their work comes on top of ``work_limit``: for a set of *n* actions, at most
    :data:`BEAM_WIDTH` times n (n + 1) / 2 steps tried, and 4 n² for greedy."""
    try:
        return schedule(stepper, root, order, limit, work_limit, estimate), True
    except OrderingStoppedError:
        guide = estimate or track_estimate(stepper, root, frozenset(order))
        found = [
            node
            for node in (beam(stepper, root, order, guide), greedy(stepper, root, order, guide))
            if node is not None
        ]
        return min(found, key=_values, default=None), False


def beam(
    stepper: Stepper,
    root: Node,
    order: Sequence[str],
    estimate: Callable[[Node], int],
    width: int = BEAM_WIDTH,
) -> Node | None:
    """An order of the set ``order``, or None: step by step, every partial order kept is
    extended by every step left, and the ``width`` that rank first as :func:`schedule` ranks
    them (the later of their finish and ``estimate``, their finish, their free day; ties to the
    first in the order of their steps) are kept for the next step; the best order completed
    (finish, cost, hours) is returned. Two partial orders that hold the same things keep the
    one ranked first, as in :func:`schedule`: wide enough, it finds the scheduler's best order.

    No proof, as :func:`greedy`: it follows ``width`` partial orders where greedy follows one,
    and so finds orders that wait less for sessions (on the sets the scheduler stopped on in
    1,000 random re-plans, up to 224 days shorter than greedy's). Each step tried counts as
    one of :func:`schedule`'s."""
    wanted = _actions(order) | root.taken
    first = _completed(stepper, root, wanted)
    if first is None or (_takes_all(root, wanted) and stepper.is_goal(first)):
        return first  # nothing left to take
    layer = [first]
    best: Node | None = None
    while layer:
        kept: dict[object, tuple[tuple[tuple[int, ...], tuple[str, ...]], Node]] = {}
        for node in layer:
            for taken in _next(stepper, node, wanted, True):
                child = _completed(stepper, taken, wanted)
                if child is None:
                    continue
                if _takes_all(child, wanted) and stepper.is_goal(child):
                    if best is None or _values(child) < _values(best):
                        best = child
                    continue
                # Two partial orders holding the same things: the one ranked first is kept.
                key = _holdings(child)
                rank = (
                    _estimated_rank(child, estimate),
                    tuple(step.action.id for step in child.steps),
                )
                known = kept.get(key)
                if known is None or rank < known[0]:
                    kept[key] = (rank, child)
        ranked = sorted(kept.values(), key=lambda entry: entry[0])
        layer = [child for _rank, child in ranked[:width]]
    return best


def _estimated_rank(node: Node, estimate: Callable[[Node], int]) -> tuple[int, int, int]:
    """How :func:`schedule` and :func:`beam` rank a partial order guided by ``estimate``: the
    later of its finish and the estimate, then its finish, then its free day."""
    finish = node.finish
    later = estimate(node)
    # Compared, not max(): asked for every partial order the scheduler makes.
    return (later if later > finish else finish, finish, node.day)


def _no_sooner(known: tuple[int, ...], child: Node, estimated: bool) -> bool:
    """Whether ``child`` ranks no sooner than ``known``, the rank of a partial order queued
    with the same holdings, before ``child``'s own rank is worked out: a rank is never before
    the finish; guided by an estimate, the same holdings free no sooner are estimated no
    sooner (see :func:`schedule`), so finishing and free no sooner is ranking no sooner. Not
    with steps running beside (part time), whose blocks the estimate's check that the target
    is still reachable counts, and which the holdings leave out."""
    if known[0] < child.finish:
        return True
    return estimated and not child.running and known[1] <= child.finish and known[2] <= child.day


def _ranker(estimate: Callable[[Node], int] | None) -> Callable[[Node], tuple[int, ...]]:
    """How :func:`schedule` ranks partial orders: by :func:`_estimated_rank` with
    ``estimate``, else by their finish, then their free day."""
    if estimate is None:
        return lambda node: (node.finish, node.day)
    return functools.partial(_estimated_rank, estimate=estimate)


def _reached(node: Node) -> object:
    """What two partial orders share when one may stand for the other (no estimate): their
    actions, blocks and juries pending."""
    return (node.taken, node.blocks, node.pending)


def _holdings(node: Node) -> object:
    """What two partial orders share when one may stand for the other (guided by an
    estimate, which tells orders apart by cost and hours too): their actions, blocks, juries
    pending, cost and hours."""
    return (node.taken, node.blocks, node.pending, node.cost, node.hours)


def _values(node: Node) -> tuple[int, int, int]:
    """What the scheduler compares complete orders on: finish, then cost, then hours."""
    return (node.finish, node.cost, node.hours)


def greedy(
    stepper: Stepper, root: Node, order: Sequence[str], estimate: Callable[[Node], int]
) -> Node | None:
    """An order of the set ``order`` found depth first, or None: from each partial order, the
    step after which it ranks first as :func:`schedule` ranks partial orders (the later of its
    finish and ``estimate``, then its finish), ties to the cheaper, then the fewer hours; the
    next one when that leads to a dead end (a step whose sessions are over), within as many
    steps tried as the set has actions, squared, times four.

    No proof: a route where :func:`schedule` stops on a set too large for its limit (a set of
    24 steps, several opening once a year, whose best order took 48 million units of work),
    far shorter than an order that ignores the sessions. Each step tried counts as one of
    :func:`schedule`'s."""
    wanted = _actions(order) | root.taken
    budget = 4 * len(order) ** 2
    stack: list[list[Node]] = [[root]]
    while stack:
        if not stack[-1]:
            stack.pop()
            continue
        node = stack[-1].pop()
        complete = _completed(stepper, node, wanted)
        if complete is None:
            continue
        if _takes_all(complete, wanted) and stepper.is_goal(complete):
            return complete
        children: list[tuple[tuple[int, ...], str, int, Node]] = []
        for item in sorted(wanted - node.taken):
            if budget <= 0:
                return None
            budget -= 1
            stepper.tried()
            # A VAE's days in the order it offers them: the first of equal rank is tried first.
            for way, child in enumerate(takes(stepper, node, item)):
                rank = (max(child.finish, estimate(child)), child.finish, child.cost, child.hours)
                children.append((rank, item, -way, child))
        for way, child in enumerate(_working(stepper, node)):
            rank = (max(child.finish, estimate(child)), child.finish, child.cost, child.hours)
            children.append((rank, child.steps[-1].action.id, -way, child))
        # The best last: it is popped first.
        stack.append([child for *_rank, child in sorted(children, reverse=True)])
    return None


def prune(
    stepper: Stepper, root: Node, order: list[str], end: Node | None, weights: dict[str, int]
) -> tuple[list[str], Node | None]:
    """``order`` without the free actions the route does not need (the model may pick a free
    placement for nothing: it changes neither cost nor hours), and its end as :func:`replay`
    gives it; ``end`` is ``order``'s. A free action stays when the route without it costs more
    or takes more hours: a free module that validates a block spares a VAE priced per block
    that block."""
    for item in reversed(list(order)):
        if weights.get(item, 1) != 0:
            continue
        shorter = [other for other in order if other != item]
        found = replay(stepper, root, shorter)
        if found is not None and (end is None or _no_dearer(found, end)):
            order, end = shorter, found
    return order, end


def _no_dearer(shorter: Node, longer: Node) -> bool:
    """Whether the route ending in ``shorter`` costs and takes no more than ``longer``'s."""
    return shorter.cost <= longer.cost and shorter.hours <= longer.hours
