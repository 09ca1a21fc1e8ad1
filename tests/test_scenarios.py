"""Scenario files through the Python API: loading, additions and changes to the base catalogue,
learner files, and the line scanner that places problems."""

from __future__ import annotations

import copy
import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from itineraire.errors import InputError, Problem, ScenarioError
from itineraire.files.loading import builtin_catalogue, catalogue_from_data, learner_from_data
from itineraire.planning import Objective, Planner
from itineraire.scenarios import load_scenario, scenario_from_data
from itineraire.scenarios.places import path_parts
from itineraire.scenarios.positions import line_of, scan_lines
from itineraire.testing import catalogue_documents, learner_documents

LEARNER: dict[str, Any] = {
    "id": "ana",
    "positioning": {"date": "2027-01-04", "competences": ["clea.1", "clea.2"]},
    "target": {"certification": "RNCP37674"},
}

TOML = """\
format = "itineraire.scenario/1"
name = "twin"
objectives = ["cost", "duration", "cost"]
alternatives = 2

[catalogue]
source = "builtin"

[[catalogue.modules]]
kind = "transversal"
id = "extra-clea-3"
title = "CléA domaine 3, en soirée"
domain = "basic_skills"
hours = 30
cost = 300
teaches = ["clea.3"]

[[catalogue.changes]]
module = "dwwm-front"
cost = 4000
sessions = [2027-02-01]

[[catalogue.changes]]
module = "dwwm-front-accelere"
remove = true

[[learners]]
id = "ana"
target = { certification = "RNCP37674" }

[learners.positioning]
date = 2027-01-04
competences = ["clea.1", "clea.2"]

[[learners]]
file = "bob.json"
target = { blocks = ["RNCP37674BC01"] }
"""


def _twin_json() -> dict[str, Any]:
    return {
        "format": "itineraire.scenario/1",
        "name": "twin",
        "objectives": ["cost", "duration", "cost"],
        "alternatives": 2,
        "catalogue": {
            "source": "builtin",
            "modules": [
                {
                    "kind": "transversal",
                    "id": "extra-clea-3",
                    "title": "CléA domaine 3, en soirée",
                    "domain": "basic_skills",
                    "hours": 30,
                    "cost": 300,
                    "teaches": ["clea.3"],
                }
            ],
            "changes": [
                {"module": "dwwm-front", "cost": 4000, "sessions": ["2027-02-01"]},
                {"module": "dwwm-front-accelere", "remove": True},
            ],
        },
        "learners": [LEARNER, {"file": "bob.json", "target": {"blocks": ["RNCP37674BC01"]}}],
    }


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    bob = {**LEARNER, "id": "bob", "name": "Bob"}
    (tmp_path / "bob.json").write_text(json.dumps(bob), encoding="utf-8")
    (tmp_path / "twin.toml").write_text(TOML, encoding="utf-8")
    (tmp_path / "twin.json").write_text(json.dumps(_twin_json()), encoding="utf-8")
    return tmp_path


def test_toml_and_json_scenarios_are_the_same(folder: Path) -> None:
    """The same scenario written in TOML and in JSON loads to equal scenarios."""
    assert load_scenario(folder / "twin.toml") == load_scenario(folder / "twin.json")


def test_additions_and_changes_reach_the_catalogue(folder: Path) -> None:
    """An added module is in the scenario's catalogue, a changed module has its new cost and
    sessions, a removed module is gone; the built-in catalogue itself is untouched."""
    catalogue = load_scenario(folder / "twin.toml").catalogue
    assert catalogue.modules["extra-clea-3"].hours == 30
    front = catalogue.modules["dwwm-front"]
    assert (front.cost, [day.isoformat() for day in front.sessions]) == (4000, ["2027-02-01"])
    assert "dwwm-front-accelere" not in catalogue.modules
    assert builtin_catalogue().modules["dwwm-front"].cost == 5040
    assert "dwwm-front-accelere" in builtin_catalogue().modules


def test_learners_objectives_and_alternatives(folder: Path) -> None:
    """Inline and file learners in order, a file learner's target replaced by the scenario's,
    objectives without repeats in the order given."""
    scenario = load_scenario(folder / "twin.toml")
    assert [learner.id for learner in scenario.learners] == ["ana", "bob"]
    assert str(scenario.learners[1].target) == "blocks RNCP37674BC01"
    assert scenario.learners[1].name == "Bob"
    assert scenario.objectives == (Objective.COST, Objective.DURATION)
    assert scenario.objective is Objective.COST
    assert scenario.alternatives == 2


def test_a_scenario_without_changes_plans_on_the_builtin_catalogue() -> None:
    """With no catalogue table, the scenario uses the shared built-in catalogue as it is."""
    scenario = scenario_from_data({"name": "plain", "learners": [LEARNER]})
    assert scenario.catalogue is builtin_catalogue()
    assert scenario.catalogue_source == "builtin"


def test_errors_carry_their_problems_as_data() -> None:
    """A ScenarioError is an InputError (and a ValueError) whose problems a program can read."""
    with pytest.raises(ScenarioError) as caught:
        scenario_from_data({"name": "x", "learners": [{**LEARNER, "target": {}}]}, source="mine")
    error = caught.value
    assert isinstance(error, InputError)
    assert isinstance(error, ValueError)
    assert error.source == "mine"
    assert error.problems == (
        Problem(
            "learners[0].target",
            "",
            "a target needs exactly one of certification, blocks, job (found: none)",
        ),
    )


def test_relative_paths_start_from_the_scenario_folder(folder: Path) -> None:
    """A learner file is found next to the scenario, whatever the current folder."""
    nested = folder / "nested"
    nested.mkdir()
    (nested / "bob.json").write_text((folder / "bob.json").read_text(), encoding="utf-8")
    (nested / "s.toml").write_text('name = "s"\n[[learners]]\nfile = "bob.json"\n', "utf-8")
    assert load_scenario(nested / "s.toml").learners[0].id == "bob"


def test_a_catalogue_file_as_base(tmp_path: Path) -> None:
    """``catalogue.source`` names a catalogue file relative to the scenario."""
    data = Path(__file__).parent / "data" / "catalogues" / "minimal.json"
    (tmp_path / "cat.json").write_text(data.read_text(encoding="utf-8"), encoding="utf-8")
    catalogue = json.loads(data.read_text(encoding="utf-8"))
    certification = catalogue["certifications"][0]["code"]
    scenario = scenario_from_data(
        {
            "name": "own",
            "catalogue": {"source": "cat.json"},
            "learners": [
                {
                    "id": "ana",
                    "positioning": {"date": "2027-01-04"},
                    "target": {"certification": certification},
                }
            ],
        },
        base=tmp_path,
    )
    assert scenario.catalogue.name == catalogue["name"]
    assert scenario.catalogue_source == "cat.json"


# -- the line scanner --------------------------------------------------------------------------


def test_toml_lines_follow_tables_arrays_and_inline_values() -> None:
    """Keys, array-of-tables items, sub-tables of the last item and inline values are placed on
    the line where they start; an unknown path falls back to its nearest ancestor."""
    lines = scan_lines(TOML)
    assert lines[("catalogue", "modules", 0, "teaches")] == 16
    assert lines[("catalogue", "changes", 1, "remove")] == 25
    assert lines[("learners", 0, "target", "certification")] == 29
    assert lines[("learners", 0, "positioning", "competences", 1)] == 33
    assert lines[("learners", 1, "file")] == 36
    assert line_of(lines, ("learners", 1, "target", "blocks", 0, "nothing")) == 37
    assert line_of(lines, ("nowhere",)) is None


def test_multiline_strings_and_comments_do_not_move_lines() -> None:
    """Keys after a multi-line string, a quoted key or a comment keep their true line."""
    text = 'a = """\none\ntwo"""\n# b = 1\n"quoted key" = 1\nc = [\n  1, # one\n  2,\n]\n'
    lines = scan_lines(text)
    assert lines[("quoted key",)] == 5
    assert (lines[("c", 0)], lines[("c", 1)]) == (7, 8)
    assert ("b",) not in lines


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=4), children, max_size=3)
    ),
    max_leaves=12,
)


def _paths(value: Any, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*path, index))
    return found


@given(st.dictionaries(st.text(max_size=4), _JSON, max_size=4), st.sampled_from([None, 1, 2]))
def test_json_lines_cover_every_path_in_document_order(
    data: dict[str, Any], indent: int | None
) -> None:
    """In any JSON document, every path is found, and lines never go back in document order."""
    lines = scan_lines(json.dumps(data, indent=indent))
    paths = _paths(data)
    assert all(path in lines for path in paths)
    found = [lines[path] for path in paths]
    assert found == sorted(found)


@given(st.text(alphabet=st.sampled_from(list("[]{}\"'=:,.#\n ab1-")), max_size=60))
def test_scanner_never_fails(text: str) -> None:
    """Whatever the text (the scanner also sees files it cannot follow), it returns lines, each
    a line of the text."""
    lines = scan_lines(text)
    assert all(1 <= line <= text.count("\n") + 1 for line in lines.values())


@given(st.data())
def test_a_scenario_of_a_catalogue_file_and_a_learner_is_that_catalogue_and_learner(
    data: st.DataObject,
) -> None:
    """For any catalogue file and any learner of it, a scenario naming the file and holding the
    learner inline loads to the very catalogue and learner the loaders give."""
    catalogue_data = data.draw(catalogue_documents())
    catalogue = catalogue_from_data(catalogue_data)
    learner_data = data.draw(learner_documents(catalogue))
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "catalogue.json").write_text(json.dumps(catalogue_data), encoding="utf-8")
        scenario = scenario_from_data(
            {
                "name": "any",
                "catalogue": {"source": "catalogue.json"},
                "learners": [learner_data],
            },
            base=Path(folder),
        )
    assert scenario.catalogue == catalogue
    assert scenario.learners == (learner_from_data(learner_data, catalogue),)


def test_added_items_can_refer_to_each_other() -> None:
    """A scenario can add a certification, a module for its block and a learner aiming at it:
    the additions form one catalogue with the base, and a route is found."""
    scenario = scenario_from_data(
        {
            "name": "new-title",
            "catalogue": {
                "certifications": [
                    {
                        "code": "LOCAL-1",
                        "registry": "rncp",
                        "level": 3,
                        "title": "A local title",
                        "entry_requirement": "clea.1",
                        "blocks": [{"code": "LOCAL-1-B1", "title": "The one block"}],
                        "provenance": {"illustrative": True},
                    }
                ],
                "modules": [
                    {
                        "kind": "professional",
                        "id": "local-b1",
                        "title": "The one block",
                        "block": "LOCAL-1-B1",
                        "validates": ["LOCAL-1-B1"],
                        "hours": 70,
                        "cost": 700,
                    }
                ],
            },
            "learners": [{**LEARNER, "target": {"certification": "LOCAL-1"}}],
        }
    )
    route = Planner(scenario.catalogue).plan(scenario.learners[0])
    assert [step.action for step in route.steps] == ["positioning", "local-b1"]
    assert "LOCAL-1" not in builtin_catalogue().certifications


def test_shared_constraints_apply_under_each_learners_own() -> None:
    """The scenario's constraints are every learner's defaults; a learner's own value wins,
    field by field."""
    scenario = scenario_from_data(
        {
            "name": "shared",
            "constraints": {"budget": 9000, "weekly_hours": 20, "vae_allowed": False},
            "learners": [
                LEARNER,
                {**LEARNER, "id": "bea", "constraints": {"weekly_hours": 30}},
            ],
        }
    )
    ana, bea = (learner.constraints for learner in scenario.learners)
    assert (ana.budget, ana.weekly_hours, ana.vae_allowed) == (9000, 20, False)
    assert (bea.budget, bea.weekly_hours, bea.vae_allowed) == (9000, 30, False)


def _valid_scenario() -> dict[str, Any]:
    # A fresh copy each time: the test changes it in place.
    return copy.deepcopy(
        {
            "name": "mutated",
            "objectives": ["cost"],
            "constraints": {"budget": 9000, "excluded_modules": ["dwwm-front"]},
            "catalogue": {
                "modules": [
                    {
                        "kind": "transversal",
                        "id": "extra",
                        "title": "Extra",
                        "domain": "basic_skills",
                        "hours": 30,
                        "cost": 300,
                        "teaches": ["clea.3"],
                        "requires": {"any": ["clea.1", {"competence": "lang.en", "level": "A1"}]},
                    }
                ],
                "changes": [{"module": "dwwm-back", "cost": 4000, "sessions": ["2027-03-01"]}],
            },
            "learners": [
                LEARNER,
                {
                    "id": "bea",
                    "positioning": {
                        "date": "2027-01-04",
                        "competences": [{"competence": "lang.en", "level": "A2"}],
                        "experience": [{"rome": "M1805", "hours": 400}],
                    },
                    "constraints": {"weekly_hours": 30, "unavailable": []},
                    "target": {"blocks": ["RNCP37674BC01"]},
                },
                {"file": "bob.json", "target": {"blocks": ["RNCP37674BC02"]}},
            ],
        }
    )


def _resolves(data: Any, path: tuple[str | int, ...]) -> bool:
    node = data
    for part in path:
        inside = part in node if isinstance(node, dict) else False
        if isinstance(node, list):
            inside = isinstance(part, int) and 0 <= part < len(node)
        if not inside:
            return False
        node = node[part]
    return True


_WRONG = st.sampled_from([None, 3.5, -1, "", "?", [], [7], {}, {"unexpected": 1}, True])


@given(st.data())
def test_every_problem_names_a_place_that_is_in_the_file(data: st.DataObject) -> None:
    """Whatever value of a valid scenario is replaced by one of a wrong kind, or whatever object
    gets an unknown key, each problem's path leads into the file: all but its last part exist
    (the last may be a missing field), and union members or tags never show in it."""
    scenario = _valid_scenario()
    path = data.draw(st.sampled_from(_paths(scenario)[1:]))
    parent: Any = scenario
    for part in path[:-1]:
        parent = parent[part]
    if data.draw(st.booleans()) and isinstance(parent, dict):
        parent["unknown_key"] = 1
    else:
        parent[path[-1]] = data.draw(_WRONG)
    try:
        with tempfile.TemporaryDirectory() as folder:
            bob = {**LEARNER, "id": "bob"}
            Path(folder, "bob.json").write_text(json.dumps(bob), encoding="utf-8")
            scenario_from_data(scenario, base=Path(folder))
    except ScenarioError as error:
        for problem in error.problems:
            place = path_parts(problem.where.split(" (line")[0].removeprefix("top level"))
            assert _resolves(scenario, place[:-1]), problem
