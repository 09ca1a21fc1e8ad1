"""Equivalences between blocks of different certifications (many-to-many).

RNCP fiches declare correspondences between *sets* of blocks: one block for one, one for two, two
for one, three for two… An :class:`Equivalence` says that holding every block of ``from_blocks``
grants every block of ``to_blocks``; a mutual one also works the other way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import attrs

from itineraire.model.provenance import Provenance

__all__ = ["Direction", "Equivalence", "credited_blocks", "directions_by_block"]


@attrs.frozen
class Equivalence:
    """Holding all ``from_blocks`` grants all ``to_blocks`` (and back when ``mutual``)."""

    id: str
    from_blocks: frozenset[str]
    to_blocks: frozenset[str]
    mutual: bool = True
    provenance: Provenance = Provenance()

    def directions(self) -> tuple[tuple[frozenset[str], frozenset[str]], ...]:
        """The (needed, granted) pairs this equivalence provides."""
        forward = (self.from_blocks, self.to_blocks)
        if self.mutual:
            return (forward, (self.to_blocks, self.from_blocks))
        return (forward,)


Direction = tuple[str, int, frozenset[str], frozenset[str]]
"""One way an equivalence works: its id, the direction's place among its directions, the
blocks it needs and the blocks it grants."""


def directions_by_block(equivalences: Iterable[Equivalence]) -> dict[str, list[Direction]]:
    """For each block, the directions that grant it, in the order of ``equivalences`` (the
    planner asks this of each block it follows back: an index instead of a scan of every
    equivalence each time)."""
    giving: dict[str, list[Direction]] = {}
    for equivalence in equivalences:
        for index, (needed, granted) in enumerate(equivalence.directions()):
            for block in granted:
                giving.setdefault(block, []).append((equivalence.id, index, needed, granted))
    return giving


def credited_blocks(held: Iterable[str], equivalences: Iterable[Equivalence]) -> Mapping[str, str]:
    """Blocks granted by equivalence from ``held``, each with the id of the equivalence used.

    Credit chains (A grants B, B with C grants D) are followed to a fixpoint. Equivalences are
    tried in id order so the equivalence named for a block is always the same.
    """
    holding = set(held)
    granted: dict[str, str] = {}
    ordered = sorted(equivalences, key=lambda equivalence: equivalence.id)
    changed = True
    while changed:
        changed = False
        for equivalence in ordered:
            for needed, gained in equivalence.directions():
                if needed <= holding and not gained <= holding:
                    for block in sorted(gained - holding):
                        granted[block] = equivalence.id
                    holding |= gained
                    changed = True
    return granted
