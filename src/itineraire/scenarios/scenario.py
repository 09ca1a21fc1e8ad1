"""A loaded scenario: the catalogue it plans on, its learners, objectives and alternatives."""

from __future__ import annotations

import attrs

from itineraire.journeys import Journey
from itineraire.model.catalogue import Catalogue
from itineraire.model.learners import Learner
from itineraire.planning.objectives import Objective

__all__ = ["Scenario"]


@attrs.frozen
class Scenario:
    """What a scenario file describes, checked and ready to plan.

    ``catalogue_source`` names the base catalogue (``builtin`` or the file's path as written in
    the scenario); ``catalogue`` already holds the scenario's additions and changes.
    """

    name: str
    description: str
    catalogue_source: str
    catalogue: Catalogue
    learners: tuple[Learner, ...]
    objectives: tuple[Objective, ...]
    alternatives: int = 1
    journey: Journey | None = None
    """The scripted journey of one of the learners, when the scenario has one."""

    @property
    def objective(self) -> Objective:
        """The objective ``plan`` uses: the first one listed."""
        return self.objectives[0]
