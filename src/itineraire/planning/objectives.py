"""What "best" means for a route: the objective and its tie-breaks."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["Objective"]


class Objective(StrEnum):
    """The quantity a route minimises first; the other two break ties, in the order below."""

    DURATION = "duration"
    """Earliest finish date."""
    COST = "cost"
    """Lowest cost in euros."""
    HOURS = "hours"
    """Fewest hours spent in modules and VAE support."""

    def order(self) -> tuple[Objective, ...]:
        """This objective first, then the others in a fixed order (duration, cost, hours)."""
        return (self, *(other for other in Objective if other is not self))
