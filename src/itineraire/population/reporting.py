"""Progress of population planning, told to a reporter whose hooks do nothing by default.

The library never prints: long work reports to a :class:`Reporter`. Subclass it and override the
hooks you need (the command line draws a progress bar with them); a caller that passes nothing
gets the silent base class.
"""

from __future__ import annotations

import attrs

from itineraire.planning import Objective

__all__ = ["Progress", "Reporter"]


@attrs.frozen
class Progress:
    """How far planning has gone.

    ``people`` have their outcomes out (one per objective); ``planned`` problems were planned,
    and ``reused`` outcomes came from a problem planned for someone else (same signature)."""

    people: int = 0
    planned: int = 0
    reused: int = 0

    @property
    def outcomes(self) -> int:
        return self.planned + self.reused

    @property
    def unique_share(self) -> float:
        """The share of outcomes that needed a plan of their own (0 when nothing is out)."""
        return self.planned / self.outcomes if self.outcomes else 0.0


class Reporter:
    """Hooks called as planning goes; each does nothing unless overridden."""

    def started(self, objectives: tuple[Objective, ...]) -> None:
        """Planning starts, for these objectives (each person gets one outcome per objective)."""

    def progressed(self, progress: Progress) -> None:
        """Outcomes for more people are out (called after each chunk of people)."""

    def finished(self, progress: Progress) -> None:
        """Every person has their outcomes."""
