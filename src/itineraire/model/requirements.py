"""Requirement rules: composable conditions on what a person holds.

The same small algebra serves module prerequisites, the remediation gate of a certification,
block validation, certification validation and VAE eligibility:

- leaves: :class:`HasCompetence` (optionally at a minimum level), :class:`HasBlock`,
  :class:`HasExperience` (hours of work in given ROME jobs);
- combinators: :class:`AllOf`, :class:`AnyOf`, :class:`AtLeast` (n of m).

A rule is checked against anything that implements :class:`Holdings`, so the engine, a learner's
positioning and a test double can all be asked the same question.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol, TypeAlias

import attrs

__all__ = [
    "AllOf",
    "AnyOf",
    "AtLeast",
    "HasBlock",
    "HasCompetence",
    "HasExperience",
    "Holdings",
    "Leaf",
    "Requirement",
    "all_of",
]


class Holdings(Protocol):
    """What a person holds at some moment, as the requirement rules see it."""

    def holds_block(self, block: str) -> bool:
        """Whether the block is validated."""
        ...

    def competence_rank(self, competence: str) -> int | None:
        """The rank of the level held (0 for an unlevelled competence), or None if not held."""
        ...

    def experience_hours(self, rome: frozenset[str]) -> int:
        """Hours of work experience in any of these ROME jobs (any job when empty)."""
        ...


@attrs.frozen
class HasCompetence:
    """The competence is held, at ``level`` or above when the competence is levelled.

    ``rank`` is the level's position on the competence's scale, resolved when the catalogue is
    built, so checking needs no catalogue.
    """

    competence: str
    level: str | None = None
    rank: int = 0

    def is_met(self, holdings: Holdings) -> bool:
        held = holdings.competence_rank(self.competence)
        return held is not None and held >= self.rank

    def leaves(self) -> Iterator[Leaf]:
        yield self

    def __str__(self) -> str:
        return self.competence if self.level is None else f"{self.competence} ≥ {self.level}"


@attrs.frozen
class HasBlock:
    """The skill block is validated (by any means: training, VAE, company, equivalence)."""

    block: str

    def is_met(self, holdings: Holdings) -> bool:
        return holdings.holds_block(self.block)

    def leaves(self) -> Iterator[Leaf]:
        yield self

    def __str__(self) -> str:
        return f"block {self.block}"


@attrs.frozen
class HasExperience:
    """At least ``hours`` of work experience in one of the ``rome`` jobs (any job when empty)."""

    hours: int
    rome: frozenset[str] = frozenset()

    def is_met(self, holdings: Holdings) -> bool:
        return holdings.experience_hours(self.rome) >= self.hours

    def leaves(self) -> Iterator[Leaf]:
        yield self

    def __str__(self) -> str:
        where = f" in {', '.join(sorted(self.rome))}" if self.rome else ""
        return f"{self.hours} h of experience{where}"


@attrs.frozen
class AllOf:
    """Every item holds. ``AllOf(())`` always holds."""

    items: tuple[Requirement, ...]

    def is_met(self, holdings: Holdings) -> bool:
        # A plain loop: all() over a generator took twice as long, and the planner asks this
        # for every step it tries after every route.
        for item in self.items:
            if not item.is_met(holdings):
                break
        else:
            return True
        return False

    def leaves(self) -> Iterator[Leaf]:
        for item in self.items:
            yield from item.leaves()

    def __str__(self) -> str:
        return _join("all of", self.items)


@attrs.frozen
class AnyOf:
    """At least one item holds. ``AnyOf(())`` never holds."""

    items: tuple[Requirement, ...]

    def is_met(self, holdings: Holdings) -> bool:
        for item in self.items:  # a plain loop, as in AllOf.is_met
            if item.is_met(holdings):
                break
        else:
            return False
        return True

    def leaves(self) -> Iterator[Leaf]:
        for item in self.items:
            yield from item.leaves()

    def __str__(self) -> str:
        return _join("any of", self.items)


def _check_count(instance: AtLeast, attribute: attrs.Attribute[int], value: int) -> None:
    # An "n of m" rule with n outside 0..m is a data error, not a rule that never holds.
    if not 0 <= value <= len(instance.items):
        raise ValueError(f"at least {value} of {len(instance.items)} items cannot be satisfied")


@attrs.frozen
class AtLeast:
    """At least ``count`` of the items hold (n of m optional blocks, for instance)."""

    count: int = attrs.field(validator=_check_count)
    items: tuple[Requirement, ...] = ()

    def is_met(self, holdings: Holdings) -> bool:
        return sum(1 for item in self.items if item.is_met(holdings)) >= self.count

    def leaves(self) -> Iterator[Leaf]:
        for item in self.items:
            yield from item.leaves()

    def __str__(self) -> str:
        return _join(f"at least {self.count} of", self.items)


def _join(head: str, items: tuple[Requirement, ...]) -> str:
    return f"{head} ({'; '.join(str(item) for item in items)})"


Leaf: TypeAlias = HasCompetence | HasBlock | HasExperience
Requirement: TypeAlias = HasCompetence | HasBlock | HasExperience | AllOf | AnyOf | AtLeast


def all_of(items: tuple[Requirement, ...]) -> Requirement:
    """``AllOf(items)``, or the single item itself when there is only one (readable output)."""
    return items[0] if len(items) == 1 else AllOf(items)
