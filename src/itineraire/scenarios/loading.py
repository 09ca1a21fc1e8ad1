"""Loading a scenario file (TOML, or JSON) into a :class:`Scenario`.

Three stages, each reporting every problem it finds before stopping: the file's shape (pydantic),
the catalogue with the scenario's additions and changes, then the learners against that
catalogue. Every problem names its place in the scenario file.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from itineraire.errors import ScenarioError
from itineraire.files._reading import UnreadableError, read_document
from itineraire.scenarios.documents import ScenarioDoc
from itineraire.scenarios.extending import scenario_catalogue
from itineraire.scenarios.people import scenario_learners
from itineraire.scenarios.places import problems_at
from itineraire.scenarios.positions import Lines, lazy_lines
from itineraire.scenarios.scenario import Scenario
from itineraire.scenarios.scripting import scenario_journey

__all__ = ["load_scenario", "scenario_from_data"]


def load_scenario(path: Path | str) -> Scenario:
    """Load a scenario file; paths inside it are relative to the file's folder."""
    path = Path(path)
    try:
        data, text = read_document(path, "file")
    except UnreadableError as error:
        raise ScenarioError(str(path), [error.problem]) from None
    lines = lazy_lines(text)
    return scenario_from_data(data, base=path.parent, source=str(path), lines=lines)


def scenario_from_data(
    data: Mapping[str, Any],
    *,
    base: Path | None = None,
    source: str = "<data>",
    lines: Lines | None = None,
) -> Scenario:
    """A scenario from JSON-like data; ``base`` is the folder relative paths start from (the
    current folder by default), ``lines`` where each path starts in the text, when known."""
    lines = lines if lines is not None else {}
    base = base if base is not None else Path()
    try:
        document = ScenarioDoc.model_validate(data)
    except ValidationError as error:
        raise ScenarioError(source, problems_at(error, data, lines)) from None
    try:
        catalogue = scenario_catalogue(document.catalogue, data.get("catalogue", {}), base, lines)
        learners = scenario_learners(data, catalogue, base, lines)
        journey = scenario_journey(document.journey, learners, catalogue, lines)
    except ScenarioError as error:
        raise ScenarioError(source, error.problems) from None
    return Scenario(
        name=document.name,
        description=document.description,
        catalogue_source=document.catalogue.source,
        catalogue=catalogue,
        learners=learners,
        objectives=tuple(dict.fromkeys(document.objectives)),
        alternatives=document.alternatives,
        journey=journey,
    )
