"""The committed JSON Schemas accept the files the library accepts: a program that checks its
files with ``docs/schemas/*.json`` agrees with the loader on every example shipped."""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "docs" / "schemas"
SCENARIOS = sorted(
    path
    for path in (ROOT / "examples" / "scenarios").rglob("*.toml")
    if "learners" not in path.parts
)


def _validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(json.loads((SCHEMAS / f"{name}.json").read_text("utf-8")))


def _as_json(value: Any) -> Any:
    """TOML's native dates as the strings JSON would hold."""
    if isinstance(value, dict):
        return {key: _as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_json(item) for item in value]
    return value.isoformat() if isinstance(value, dt.date) else value


def _toml(path: Path) -> Any:
    return _as_json(tomllib.loads(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda path: path.stem)
def test_example_scenarios_match_the_scenario_schema(path: Path) -> None:
    """Every example scenario is valid against the committed scenario schema."""
    _validator("scenario").validate(_toml(path))


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda path: path.stem)
def test_golden_routes_match_the_route_schema(path: Path) -> None:
    """Every route of every golden plan output is valid against the route schema."""
    validator = _validator("route")
    golden = json.loads(path.with_name(path.stem + ".plan.json").read_text(encoding="utf-8"))
    for learner in golden["learners"]:
        for route in learner["routes"]:
            validator.validate(route)


def test_learner_files_match_the_learner_schema() -> None:
    """Learner files of the examples and tests are valid learner documents."""
    validator = _validator("learner")
    validator.validate(
        _toml(ROOT / "examples" / "scenarios" / "sectors" / "learners" / "fatou.toml")
    )
    validator.validate(json.loads((ROOT / "tests" / "data" / "learners" / "ana.json").read_text()))


def test_builtin_catalogue_matches_the_catalogue_schema() -> None:
    """The built-in catalogue is a valid catalogue document."""
    data = resources.files("itineraire.data").joinpath("catalogue.json").read_text("utf-8")
    _validator("catalogue").validate(json.loads(data))


@pytest.mark.parametrize(
    "case", ["wrong-format", "misspelt-field", "no-learner-listed", "learner-not-an-object"]
)
def test_the_schema_refuses_what_the_loader_refuses(case: str) -> None:
    """Faults of shape are caught by the schema too (cross-references are the loader's alone)."""
    path = ROOT / "tests" / "data" / "scenarios" / "faults" / f"{case}.toml"
    assert not _validator("scenario").is_valid(_toml(path))
