"""Scenario files: a catalogue (built in or a file, extended or changed), learners, objectives.

>>> from itineraire.scenarios import load_scenario
>>> scenario = load_scenario("examples/scenarios/classic.toml")   # doctest: +SKIP
>>> [learner.id for learner in scenario.learners]                  # doctest: +SKIP
"""

from __future__ import annotations

from itineraire.scenarios.documents import SCENARIO_FORMAT, ScenarioDoc
from itineraire.scenarios.loading import load_scenario, scenario_from_data
from itineraire.scenarios.scenario import Scenario

__all__ = ["SCENARIO_FORMAT", "Scenario", "ScenarioDoc", "load_scenario", "scenario_from_data"]
