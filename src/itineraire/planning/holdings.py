"""Routes that hold the same: when one made by a search is as good as another, whatever
actions each took.

A search's own rule (:class:`~itineraire.planning.pending.Frontier`) compares routes of the same
actions. Many routes hold exactly the same through other actions (an alternative module for a
block, a transversal module taken before or after another step), and the later, dearer or longer
of them is worth nothing more: A* and the depth-first search cut it. A route cut for either rule
is as good as one kept, so a finished search still proves its best route.
"""

from __future__ import annotations

from collections.abc import Mapping

from itineraire.planning.actions import Action
from itineraire.planning.node import Node

__all__ = ["SameHoldings"]


class SameHoldings:
    """The routes the search has made with nothing pending or running, per what they hold:
    blocks, competences at their ranks, experience, a placement or not.

    One is as good as another holding the same when it is free no later, costs no more and
    takes no more hours, and the steps only it has taken give nothing the other could still
    gain by. Then whatever follows the other can follow it: each step starts no later (a
    step's first start, prerequisites met, moves no earlier with a later free day; a VAE waits
    for the planned employment it needs, as before), costs and takes the same, and the steps
    only it has taken are the other's to take no more than its own: they give blocks and
    competences, which the other holds already. A placement that brings experience, a VAE (one
    per certification, covering blocks by experience) or a period of employment is not such a
    step: the other could still gain by it. Nor is a route free before planned employment
    ends: what that employment brings counts from its end (a rule first written when periods
    of employment were offered only for what a route lacked on its own day; see
    :class:`.pending.Frontier`).
    ``modules``: the module actions of the problem, by id (a step not among them is a VAE or
    a period of employment)."""

    def __init__(self, modules: Mapping[str, Action]) -> None:
        self._modules = modules
        self._kept: dict[object, list[Node]] = {}

    @staticmethod
    def _holdings(node: Node) -> object:
        return (
            node.blocks,
            frozenset(node.ranks.items()),
            frozenset(node.experience.items()),
            node.placed,
        )

    def _gives_only_holdings(self, item: str) -> bool:
        """Whether step ``item`` gives only blocks and competences: a module (a VAE or a period
        of employment is not one) that brings no experience."""
        action = self._modules.get(item)
        return action is not None and action.experience is None

    def _as_good(self, one: Node, other: Node) -> bool:
        if any(end >= one.day for end, _job, _hours in one.planned):
            # Planned employment still to end: the experience it brings counts from a date
            # (see the class's docstring).
            return False
        return (
            one.day <= other.day
            and one.cost <= other.cost
            and one.hours <= other.hours
            and all(self._gives_only_holdings(item) for item in one.taken - other.taken)
        )

    def admit(self, node: Node) -> bool:
        """Whether no other route kept, holding the same, is as good as ``node``; if none is,
        ``node`` is kept for the routes looked at after it (a route may be looked at again:
        it is kept once)."""
        if node.pending or node.running:
            return True  # what it holds changes with time
        kept = self._kept.setdefault(self._holdings(node), [])
        if any(other is not node and self._as_good(other, node) for other in kept):
            return False
        if all(other is not node for other in kept):
            kept.append(node)
        return True
