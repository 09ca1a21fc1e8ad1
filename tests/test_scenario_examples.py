"""The example scenarios of ``examples/scenarios/`` and the committed JSON Schemas match what the
code produces now, byte for byte (regenerate both with ``python examples/scenarios/regenerate.py``
after a change that is meant to alter them)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from itineraire.cli.schemas import SCHEMAS
from itineraire.model.sectors import Sector

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "scenarios"
HINT = "run `python examples/scenarios/regenerate.py` if the change is intended"


def _regenerate() -> ModuleType:
    spec = importlib.util.spec_from_file_location("regenerate", EXAMPLES / "regenerate.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


REGENERATE = _regenerate()
SCENARIOS: list[Path] = REGENERATE.scenarios()


def test_one_scenario_per_route_type_and_per_sector() -> None:
    """Five route types of the seed and the ten sectors of the pact each have a scenario (and
    a feature or two of the planner one of its own)."""
    names = {path.relative_to(EXAMPLES).as_posix() for path in SCENARIOS}
    route_types = {"classic", "partial", "company", "hybrid-vae", "round-trip"}
    sectors = {sector.value.replace("_", "-") for sector in Sector}
    assert names == {f"route-types/{name}.toml" for name in route_types} | {
        f"sectors/{name}.toml" for name in sectors
    } | {"journeys/returns.toml", "features/part-time.toml"}


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda path: path.stem)
def test_scenario_matches_its_golden_outputs(scenario: Path) -> None:
    """Planning the scenario prints exactly its committed JSON route, text route and comparison."""
    for path, expected in REGENERATE.goldens(scenario).items():
        assert path.exists(), f"{path.name} is missing: {HINT}"
        assert path.read_text(encoding="utf-8") == expected, f"{path.name} differs: {HINT}"


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda path: path.stem)
def test_scenario_finds_a_proven_route(scenario: Path) -> None:
    """Every example plans to exit code 0 with a proven-optimal route for each learner."""
    code, _ = REGENERATE.command_output(["plan", "--scenario", str(scenario), "--json"])
    assert code == 0
    golden = scenario.with_name(scenario.stem + ".plan.json").read_text(encoding="utf-8")
    assert '"no_route"' not in golden
    assert '"proven_optimal": false' not in golden


def test_no_stray_golden_files() -> None:
    """Every golden file belongs to a scenario (a renamed scenario leaves none behind)."""
    expected = {path for scenario in SCENARIOS for path in REGENERATE.goldens(scenario)}
    found = {
        path
        for pattern in ("*.plan.json", "*.plan.txt", "*.compare.json", "*.simulate.json")
        for path in EXAMPLES.rglob(pattern)
    }
    assert found == expected


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_committed_schema_is_up_to_date(name: str) -> None:
    """docs/schemas/<format>.json is what ``itineraire schema <format>`` prints."""
    path = REGENERATE.SCHEMA_FOLDER / f"{name}.json"
    assert path.read_text(encoding="utf-8") == REGENERATE.schemas()[path], HINT


def test_no_stray_schema_files() -> None:
    """Every committed schema is the schema of a format the command line knows."""
    assert {path.stem for path in REGENERATE.SCHEMA_FOLDER.glob("*.json")} == set(SCHEMAS)


def test_the_scripted_journey_replays_with_its_returns() -> None:
    """The journey example re-plans after each event and shows the seed's returns."""
    golden = (EXAMPLES / "journeys" / "returns.simulate.json").read_text(encoding="utf-8")
    for kind in ("resume", "remediation", "back_to_block"):
        assert f'"kind": "{kind}"' in golden
