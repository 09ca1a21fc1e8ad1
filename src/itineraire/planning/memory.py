"""What a planner remembers from one plan to the next: values of its bounds that depend only on
a problem's structure, each with the work it took.

The plans of one planner come back to the same problems more often than not: the re-plans of a
journey, the people of a population who aim at the same certification. Of 3,499 relaxed
problems compiled for 1,000 random re-plans, 491 differed, and 78 % of the LM-cut values they
computed had been computed by an earlier plan. A value read back counts the work it took again,
so that what a plan finds within its work limit, and so its answer, never depends on the plans
made before it.

Only the LM-cut values are kept: they are the costliest part of a bound and the most often
asked again. The waits for sessions were kept too, keyed by the problem's actions and the
person's calendar; 59 % were asked again, but the plans were no faster (1 to 3 %), and they
were dropped.
"""

from __future__ import annotations

from typing import TypeVar

__all__ = ["LmCutKey", "PlanMemory"]

LmCutKey = tuple[frozenset[int], bool]
"""The facts a rest of a route starts from, and whether it must still take a placement."""

_Key = TypeVar("_Key")
_Value = TypeVar("_Value")


class PlanMemory:
    """The values a planner's plans computed, per problem structure (its ``signature``): those
    of the ``kept`` latest structures, and at most about ``most`` values in all (the least
    recently used structures go first; a plan may add its own before the next is counted).
    A value takes a few hundred bytes: a planner kept for a whole population keeps a few
    megabytes of them at most."""

    def __init__(self, kept: int = 64, most: int = 50_000) -> None:
        self.kept = kept
        self.most = most
        self._lm_cut: dict[object, dict[LmCutKey, tuple[float, int]]] = {}

    def lm_cut(self, signature: object) -> dict[LmCutKey, tuple[float, int]]:
        """The LM-cut values (and their work) of the compiled relaxed problem ``signature``
        identifies: its operators, their costs, its goals."""
        return _recent(self._lm_cut, signature, self.kept, self.most)

    def __len__(self) -> int:
        """How many values are kept."""
        return sum(map(len, self._lm_cut.values()))


def _recent(
    table: dict[object, dict[_Key, _Value]], signature: object, kept: int, most: int
) -> dict[_Key, _Value]:
    """The values of ``signature`` in ``table`` (made empty on first use), now the most
    recently used; the least recently used go while more than ``kept`` structures or ``most``
    values are kept (all of its own when one structure alone has more)."""
    known = table.pop(signature, None)
    if known is None:
        known = {}
    total = sum(map(len, table.values())) + len(known)
    while table and (len(table) >= kept or total > most):
        total -= len(table.pop(next(iter(table))))  # the least recently used
    if total > most:
        known.clear()
    table[signature] = known  # last: the most recently used
    return known
