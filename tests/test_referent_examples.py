"""The built-in examples a referent questioned, and what the data now says (example tests)."""

from __future__ import annotations

from pathlib import Path

from itineraire import builtin_catalogue
from itineraire.modules import ProfessionalModule
from itineraire.planning import Objective, Planner
from itineraire.planning.planner import root_node
from itineraire.scenarios import load_scenario

SECTORS = Path(__file__).resolve().parents[1] / "examples" / "scenarios" / "sectors"


def test_the_sawmill_afest_comes_after_the_sawing_block() -> None:
    """The AFEST for grading and maintenance (block 2) is learnt on a line the person already
    runs: it requires the sawing block, so every route takes block 1 first."""
    scenario = load_scenario(SECTORS / "wood.toml")
    route = Planner(scenario.catalogue).plan(scenario.learners[0], Objective.COST)
    order = [step.action for step in route.steps]
    assert order == ["positioning", "scierie-apprenante-b1", "afest-scierie-b2"]
    afest, sawing = route.steps[2], route.steps[1]
    assert afest.start > sawing.end


def test_a_shortened_block_is_priced_at_its_hourly_rate() -> None:
    """The building scenario's 105-hour third block costs what the catalogue's 140-hour one
    costs per hour (16 €/h), not the full price."""
    base = builtin_catalogue().modules["pb-b3"]
    changed = load_scenario(SECTORS / "building.toml").catalogue.modules["pb-b3"]
    assert (base.hours, base.cost) == (140, 2240)
    assert (changed.hours, changed.cost) == (105, 1680)
    assert changed.cost * base.hours == base.cost * changed.hours


def test_the_personal_services_gateway_is_credited_and_compared() -> None:
    """Fatou's two level 3 blocks grant the bac pro's daily-support block at positioning (the
    gateway the scenario is about); the same profile without them trains for it, 51 days (seven
    weeks of training days, and Ascension and Whit Monday 2027 on the way) and 245 hours
    longer."""
    scenario = load_scenario(SECTORS / "personal-services.toml")
    catalogue = scenario.catalogue
    fatou, without = scenario.learners
    assert "RNCP37231-B1" in root_node(catalogue, fatou).blocks
    assert "RNCP37231-B1" not in root_node(catalogue, without).blocks
    planner = Planner(catalogue)
    with_gateway, no_gateway = planner.plan(fatou), planner.plan(without)
    trained = [step.action for step in no_gateway.steps]
    assert "assp-b1" in trained
    assert "assp-b1" not in [step.action for step in with_gateway.steps]
    assert (no_gateway.totals.duration_days - with_gateway.totals.duration_days) == 51
    gateway_block = catalogue.modules["assp-b1"]
    assert isinstance(gateway_block, ProfessionalModule)
    assert (
        no_gateway.totals.training_hours - with_gateway.totals.training_hours == gateway_block.hours
    )
