"""Level scales: the ordered levels on which a competence can be held.

A scale is an ordered tuple of level labels; comparing levels means comparing their ranks.
Competences without a scale are simply held or not held.
"""

from __future__ import annotations

import attrs

__all__ = ["BUILTIN_SCALES", "CEFR", "PIX", "Scale"]


@attrs.frozen
class Scale:
    """An ordered scale of levels, lowest first (CEFR: A1 < A2 < … < C2)."""

    name: str
    title: str
    levels: tuple[str, ...]

    def rank(self, level: str) -> int:
        """The position of ``level`` on the scale (0 for the lowest).

        Raises ``ValueError`` naming the scale's levels when ``level`` is not one of them.
        """
        try:
            return self.levels.index(level)
        except ValueError:
            allowed = ", ".join(self.levels)
            raise ValueError(f"level {level!r} is not on scale {self.name!r} ({allowed})") from None

    def __contains__(self, level: object) -> bool:
        return level in self.levels


CEFR = Scale(
    name="cefr",
    title="Common European Framework of Reference for Languages",
    levels=("A1", "A2", "B1", "B2", "C1", "C2"),
)
"""Language levels; the DCL diploma awards one level from A2 to C1."""

PIX = Scale(
    name="pix",
    title="Pix levels of the CRCN digital competence framework",
    levels=tuple(str(level) for level in range(1, 9)),
)
"""Digital competence levels 1 to 8 of the CRCN framework, as measured by Pix."""

BUILTIN_SCALES: dict[str, Scale] = {scale.name: scale for scale in (CEFR, PIX)}
"""Scales every catalogue knows without declaring them."""
