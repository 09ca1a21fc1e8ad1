"""Shared fixtures: the small valid catalogue of ``tests/data/catalogues/minimal.json``.

The catalogue has two competences (``clea.1`` unlevelled, ``lang.de`` on CEFR), one RNCP
certification ``RNCP37674`` open to VAE with blocks ``RNCP37674BC01`` and ``RNCP37674BC02`` and
the entry requirement ``clea.1``, and three modules: ``clea-fr`` (teaches ``clea.1``), ``front``
(professional, validates ``RNCP37674BC01``, requires ``lang.de>=B1``) and ``de-b1`` (teaches
``lang.de`` B1). ``minimal.toml`` is the same catalogue in TOML.

Also the built-in catalogue with its transversal modules run part time, and a person for it
whose plan stops before any route with almost no work allowed (the tests of a stopped plan).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from itineraire.files.export import catalogue_document, to_json
from itineraire.files.loading import (
    builtin_catalogue,
    catalogue_from_data,
    learner_from_data,
    load_catalogue,
)
from itineraire.model.catalogue import Catalogue
from itineraire.model.learners import Learner

# Hypothesis profiles: "dev" (the default) explores more, with new examples at every run; "ci"
# (set by .ci/run through HYPOTHESIS_PROFILE) keeps the suite within CI's time on two cores and
# draws the same examples at every run (derandomized), so that a CI run judges the change, not
# the draw: new examples are the other profiles' job; "thorough" is for long hunts.
# See docs/testing.md.
# No profile has a deadline or the health check on generation speed: no test depends on the
# machine's speed (the README's plain `pytest` must pass on a loaded two-core machine).
settings.register_profile(
    "dev", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "ci",
    max_examples=60,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "thorough", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

MINIMAL_CATALOGUE = Path(__file__).parent / "data" / "catalogues" / "minimal.json"


@pytest.fixture(autouse=True)
def _default_width(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tables drawn at the default width whatever the terminal the tests run from: outputs
    compared with text are the same on every machine (tests of the width set COLUMNS)."""
    monkeypatch.delenv("COLUMNS", raising=False)


@pytest.fixture
def minimal_catalogue_path() -> Path:
    """The path of the minimal catalogue in JSON (``minimal.toml`` sits next to it)."""
    return MINIMAL_CATALOGUE


@pytest.fixture
def minimal_catalogue_data() -> dict[str, Any]:
    """A fresh JSON-like copy of the minimal catalogue, for a test to change as it likes."""
    data: dict[str, Any] = json.loads(MINIMAL_CATALOGUE.read_text(encoding="utf-8"))
    return data


@pytest.fixture
def minimal_catalogue() -> Catalogue:
    """The minimal catalogue, loaded."""
    return load_catalogue(MINIMAL_CATALOGUE)


@pytest.fixture(scope="session")
def part_time_catalogue() -> Catalogue:
    """The built-in catalogue with every transversal module run 10 h a week, beside other
    steps: beyond the mixed-integer model, whose schedule is one step after the other (a plan
    with almost no work allowed finds nothing, where the model would find a route)."""
    data = catalogue_document(builtin_catalogue()).model_dump(
        mode="json", by_alias=True, exclude_none=True
    )
    for module in data["modules"]:
        if module["kind"] == "transversal":
            module["weekly_hours"] = 10
    return catalogue_from_data(data)


@pytest.fixture(scope="session")
def part_time_learner(part_time_catalogue: Catalogue) -> Learner:
    """A person aiming at RNCP37715 in :func:`part_time_catalogue`, who may work for
    experience: with a work limit of 1, the planner stops before any route."""
    return learner_from_data(
        {
            "id": "stopped",
            "positioning": {"date": "2027-01-04"},
            "constraints": {"employment_allowed": True},
            "target": {"certification": "RNCP37715"},
        },
        part_time_catalogue,
    )


@pytest.fixture
def part_time_catalogue_path(part_time_catalogue: Catalogue, tmp_path: Path) -> Path:
    """:func:`part_time_catalogue` written as a JSON catalogue file."""
    path = tmp_path / "part-time.json"
    path.write_text(to_json(catalogue_document(part_time_catalogue)), encoding="utf-8")
    return path
