"""Re-planning a set of journeys gives each journey what re-planning it alone gives."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

from itineraire.files.loading import builtin_catalogue
from itineraire.journeys import Replan, load_journey, replan
from itineraire.planning import Objective
from itineraire.population import replan_population

JOURNEYS = Path(__file__).resolve().parent.parent / "examples" / "journeys"


def test_each_journey_is_replanned_as_alone_with_its_returns() -> None:
    """The example journeys, twice each: the routes and returns of ``replan`` one by one."""
    catalogue = builtin_catalogue()
    journeys = [load_journey(path, catalogue) for path in sorted(JOURNEYS.glob("*.json"))] * 2
    found = list(replan_population(catalogue, journeys, Objective.COST))
    assert [item.journey for item in found] == journeys
    alone = [replan(journey, Objective.COST) for journey in journeys]
    assert [item.outcome for item in found] == alone
    assert all(isinstance(item.outcome, Replan) for item in found)


def test_a_journey_on_another_catalogue_is_refused() -> None:
    """Journeys are planned on the catalogue given: another one is an error, not a guess."""
    catalogue = builtin_catalogue()
    journey = load_journey(JOURNEYS / "leo-returns.json", catalogue)
    other = attrs.evolve(catalogue, name="other")
    with pytest.raises(ValueError, match="journey of 'leo' is on another catalogue"):
        list(replan_population(other, [journey]))
