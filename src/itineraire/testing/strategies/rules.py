"""Requirement rules and what someone may hold, to test the rules without a catalogue."""

from __future__ import annotations

import attrs
from hypothesis import strategies as st

from itineraire.model.requirements import (
    AllOf,
    AnyOf,
    AtLeast,
    HasBlock,
    HasCompetence,
    HasExperience,
    Requirement,
)
from itineraire.testing.strategies._checks import (
    _bounds,
)
from itineraire.testing.strategies._shared import (
    _CEFR,
    JOBS,
)

__all__ = [
    "HeldItems",
    "holdings",
    "requirements",
]


@attrs.frozen
class HeldItems:
    """Holdings as plain data (blocks, competence ranks, experience hours per ROME job), for
    checking requirement rules without a catalogue; a
    :class:`~itineraire.model.requirements.Holdings`.
    """

    blocks: frozenset[str] = frozenset()
    competences: dict[str, int] = attrs.field(factory=dict)
    experience: dict[str, int] = attrs.field(factory=dict)

    def holds_block(self, block: str) -> bool:
        return block in self.blocks

    def competence_rank(self, competence: str) -> int | None:
        return self.competences.get(competence)

    def experience_hours(self, rome: frozenset[str]) -> int:
        return sum(hours for job, hours in self.experience.items() if not rome or job in rome)

    def plus(self, other: HeldItems) -> HeldItems:
        """Holding both: every block, the higher rank, the experience added up."""
        competences = dict(self.competences)
        for key, rank in other.competences.items():
            competences[key] = max(rank, competences.get(key, rank))
        experience = dict(self.experience)
        for key, hours in other.experience.items():
            experience[key] = experience.get(key, 0) + hours
        return HeldItems(self.blocks | other.blocks, competences, experience)


_RULE_BLOCKS = ("b1", "b2", "b3")
_RULE_COMPETENCES = ("c1", "c2")


def _leaves() -> st.SearchStrategy[Requirement]:
    return st.one_of(
        st.builds(HasBlock, st.sampled_from(_RULE_BLOCKS)),
        st.builds(HasCompetence, st.sampled_from(_RULE_COMPETENCES)),
        st.integers(0, 5).map(lambda rank: HasCompetence("lang", _CEFR[rank], rank)),
        st.builds(
            HasExperience,
            st.integers(0, 2000),
            st.frozensets(st.sampled_from(JOBS), max_size=2),
        ),
    )


def _combine(children: st.SearchStrategy[Requirement]) -> st.SearchStrategy[Requirement]:
    items = st.lists(children, min_size=1, max_size=3).map(tuple)
    return st.one_of(
        items.map(AllOf),
        items.map(AnyOf),
        items.flatmap(lambda its: st.integers(0, len(its)).map(lambda n: AtLeast(n, its))),
    )


def requirements(*, max_leaves: int = 8) -> st.SearchStrategy[Requirement]:
    """Requirement rules over blocks ``b1``–``b3``, competences ``c1``, ``c2`` and ``lang``
    (CEFR ranks) and experience in :data:`JOBS`, nested all / any / at-least."""
    _bounds("max_leaves", max_leaves, 1, 50)
    return st.recursive(_leaves(), _combine, max_leaves=max_leaves)


def holdings() -> st.SearchStrategy[HeldItems]:
    """What someone may hold, in the terms :func:`requirements` uses."""
    return st.builds(
        HeldItems,
        st.frozensets(st.sampled_from(_RULE_BLOCKS)),
        st.dictionaries(st.sampled_from([*_RULE_COMPETENCES, "lang"]), st.integers(0, 5)),
        st.dictionaries(st.sampled_from(JOBS), st.integers(0, 2000)),
    )
