"""The commands that look at routes: ``plan --scenario``, ``explain``, ``compare`` and ``graph``."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import networkx as nx
import pytest

from itineraire.cli import main

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "scenarios"
DIGITAL = str(EXAMPLES / "sectors" / "digital.toml")
RETAIL_CRAFTS = str(EXAMPLES / "sectors" / "retail-crafts.toml")
HYBRID = str(EXAMPLES / "route-types" / "hybrid-vae.toml")


def _run(capsys: pytest.CaptureFixture[str], *arguments: str) -> tuple[int, str, str]:
    code = main(list(arguments))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _json(capsys: pytest.CaptureFixture[str], *arguments: str) -> Any:
    code, out, err = _run(capsys, *arguments, "--json")
    assert (code, err) == (0, "")
    return json.loads(out)


# -- plan --scenario ---------------------------------------------------------------------------


def test_plan_scenario_with_no_route_for_one_learner(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A learner without a route is listed with the reasons; the others still get their route,
    and the exit code is 1."""
    scenario = tmp_path / "s.toml"
    scenario.write_text(
        'name = "s"\n'
        "[[learners]]\n"
        'id = "rich"\npositioning.date = 2027-01-04\ntarget.blocks = ["RNCP37099BC01"]\n'
        "[[learners]]\n"
        'id = "poor"\npositioning.date = 2027-01-04\ntarget.blocks = ["RNCP37099BC01"]\n'
        "constraints.budget = 10\n",
        encoding="utf-8",
    )
    code, out, _err = _run(capsys, "plan", "--scenario", str(scenario), "--json")
    assert code == 1
    learners = json.loads(out)["learners"]
    assert [entry["learner"] for entry in learners] == ["rich", "poor"]
    assert learners[0]["routes"][0]["steps"][-1]["validates"] == ["RNCP37099BC01"]
    assert learners[1]["status"] == "no_route"
    assert learners[1]["routes"] == []
    assert [reason["code"] for reason in learners[1]["reasons"]] == ["over_budget"]


def test_plan_learner_id_and_alternatives(capsys: pytest.CaptureFixture[str]) -> None:
    """--learner-id keeps one learner of the scenario; --alternatives overrides the scenario."""
    data = _json(
        capsys, "plan", "--scenario", RETAIL_CRAFTS, "--learner-id", "hugo", "--alternatives", "2"
    )
    assert [entry["learner"] for entry in data["learners"]] == ["hugo"]
    assert 1 <= len(data["learners"][0]["routes"]) <= 2


def test_plan_unknown_learner_id(capsys: pytest.CaptureFixture[str]) -> None:
    """An id that is not in the scenario is bad usage, and the known ids are listed."""
    code, _out, err = _run(capsys, "plan", "--scenario", RETAIL_CRAFTS, "--learner-id", "zoe")
    assert code == 2
    assert err == "error: no learner 'zoe' in the scenario (it has camille, hugo)\n"


def test_plan_objective_option_overrides_the_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    """The scenario's first objective is the default; --objective replaces it."""
    assert _json(capsys, "plan", "--scenario", DIGITAL)["objective"] == "duration"
    data = _json(capsys, "plan", "--scenario", DIGITAL, "--objective", "cost")
    assert data["objective"] == "cost"
    assert data["learners"][0]["routes"][0]["objective"] == "cost"


# -- explain -----------------------------------------------------------------------------------


def test_explain_follows_the_chain_to_the_target(capsys: pytest.CaptureFixture[str]) -> None:
    """A remediation step is explained by the module that needs it, and that module by the
    target block it validates."""
    data = _json(capsys, "explain", "monde-du-travail")
    assert data["action"] == "monde-du-travail"
    reason = data["reasons"][0]
    assert reason["text"] == "needed by avf-b2: clea.4"
    assert (reason["code"], reason["module"]) == ("needed_by", "avf-b2")
    assert reason["requirement"] == {"kind": "competence", "competence": "clea.4"}
    assert reason["then"]["action"] == "avf-b2"
    assert "target: block RNCP37715-B2" in [r["text"] for r in reason["then"]["reasons"]]


def test_explain_a_vae_phase_leads_to_its_jury(capsys: pytest.CaptureFixture[str]) -> None:
    """Admissibility is explained as a phase of the VAE, whose jury validates target blocks."""
    data = _json(capsys, "explain", "2", "--scenario", HYBRID)
    assert data["kind"] == "vae_admissibility"
    phase = data["reasons"][0]
    # The training beside the VAE (step 3) comes between its phases: the jury is step 5.
    assert phase["text"] == "a phase of the VAE whose jury is step 5"
    assert (phase["code"], phase["serves"]) == ("vae_phase", 5)
    assert phase["then"]["kind"] == "vae_jury"
    assert "target: block RNCP37715-B1" in [r["text"] for r in phase["then"]["reasons"]]


def test_explain_text(capsys: pytest.CaptureFixture[str]) -> None:
    """The rich view is a tree from the step to the target."""
    code, out, _err = _run(capsys, "explain", "2")
    assert code == 0
    assert "step 2 monde-du-travail" in out
    assert "needed by avf-b2: clea.4" in out
    assert "target: block RNCP37715-B2" in out


def test_explain_unknown_step(capsys: pytest.CaptureFixture[str]) -> None:
    """A step that is not on the route is bad usage; the route's steps are listed."""
    code, _out, err = _run(capsys, "explain", "99", "--scenario", HYBRID)
    assert code == 2
    assert err == (
        "error: the route has no step '99' (its steps: 1 positioning, 2 vae:RNCP37715,"
        " 3 avf-b3, 4 vae:RNCP37715, 5 vae:RNCP37715)\n"
    )


def test_explain_needs_one_learner(capsys: pytest.CaptureFixture[str]) -> None:
    """A scenario of several learners needs --learner-id to explain one route."""
    code, _out, err = _run(capsys, "explain", "2", "--scenario", RETAIL_CRAFTS)
    assert code == 2
    assert err == (
        "error: the scenario has several learners (camille, hugo): choose one with --learner-id\n"
    )


# -- compare -----------------------------------------------------------------------------------


def test_compare_learners_by_objectives(capsys: pytest.CaptureFixture[str]) -> None:
    """One row per learner and objective, in that order, with the route's totals."""
    rows = _json(capsys, "compare", "--scenario", RETAIL_CRAFTS)["rows"]
    assert [(row["learner"], row["objective"]) for row in rows] == [
        ("camille", "duration"),
        ("camille", "cost"),
        ("hugo", "duration"),
        ("hugo", "cost"),
    ]
    assert all(row["days"] > 0 and row["cost"] > 0 and row["hours"] > 0 for row in rows)


def test_compare_objectives_given_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    """Each objective finds the route best for it: no other row beats it on its own measure."""
    rows = _json(
        capsys, "compare", "--objective", "duration", "--objective", "cost", "--objective", "hours"
    )["rows"]
    measure = {"duration": "finish", "cost": "cost", "hours": "hours"}
    for row in rows:
        key = measure[row["objective"]]
        assert row[key] == min(other[key] for other in rows)


def test_compare_table(capsys: pytest.CaptureFixture[str]) -> None:
    """The rich table has a column per measure and a row per learner and objective."""
    code, out, _err = _run(capsys, "compare", "--scenario", DIGITAL)
    assert code == 0
    for column in ("learner", "objective", "finish", "days", "hours", "cost", "modalities"):
        assert column in out
    assert "company" in out


# -- graph -------------------------------------------------------------------------------------


def test_graph_dot_quotes_labels(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Labels with quotes and backslashes are escaped in DOT, and as entities in Mermaid."""
    scenario = tmp_path / "s.toml"
    scenario.write_text(
        'name = "s"\n[[catalogue.modules]]\nkind = "transversal"\nid = "q"\n'
        'title = \'Le "bon" geste \\ sécurité\'\ndomain = "world_of_work"\nhours = 7\ncost = 0\n'
        'teaches = ["clea.7"]\n[[learners]]\nid = "a"\npositioning.date = 2027-01-04\n'
        'target.blocks = ["RNCP37099BC01"]\n',
        encoding="utf-8",
    )
    _code, dot, _err = _run(capsys, "graph", "--scenario", str(scenario))
    assert '"module:q" [label="Le \\"bon\\" geste \\\\ sécurité", shape=component];' in dot
    _code, mermaid, _err = _run(capsys, "graph", "--scenario", str(scenario), "--format", "mermaid")
    assert '["Le #quot;bon#quot; geste \\ sécurité"]' in mermaid


def test_graph_graphml_reads_back(capsys: pytest.CaptureFixture[str]) -> None:
    """The GraphML of a sector parses back to a graph with the same nodes as its DOT text."""
    _code, graphml, _err = _run(capsys, "graph", "--sector", "wood", "--format", "graphml")
    graph = nx.parse_graphml(graphml)
    _code, dot, _err = _run(capsys, "graph", "--sector", "wood")
    assert graph.number_of_nodes() == dot.count("shape=")
    assert "certification:ILLUSTR-CAP-COS" in graph
    assert "certification:RNCP37674" not in graph


def test_graph_of_a_route(capsys: pytest.CaptureFixture[str]) -> None:
    """A route's graph has a node per step and the target, steps linked in time order along
    each track (the VAE's phases, the training beside them) and to the steps they serve."""
    code, out, _err = _run(capsys, "graph", "--route", "--scenario", HYBRID, "--format", "graphml")
    assert code == 0
    root = ElementTree.fromstring(out)
    namespace = "{http://graphml.graphdrawing.org/xmlns}"
    nodes = [node.get("id") for node in root.iter(f"{namespace}node")]
    assert nodes == [f"step:{n}" for n in range(1, 6)] + ["target"]
    graph = nx.parse_graphml(out)
    assert graph.has_edge("step:3", "target")
    assert graph.has_edge("step:5", "target")
    # Admissibility (2), support (4) and jury (5) on one branch; avf-b3 (3) on the other.
    assert graph.has_edge("step:1", "step:2")
    assert graph.has_edge("step:1", "step:3")
    assert graph.has_edge("step:2", "step:4")
    assert graph.has_edge("step:4", "step:5")
    assert not graph.has_edge("step:3", "step:4")


def test_graph_is_deterministic(capsys: pytest.CaptureFixture[str]) -> None:
    """Two runs write the same text, for every format."""
    for form in ("dot", "mermaid", "graphml"):
        first = _run(capsys, "graph", "--sector", "digital", "--format", form)[1]
        assert _run(capsys, "graph", "--sector", "digital", "--format", form)[1] == first


def test_graph_sector_of_a_route_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    """--sector filters a catalogue; with --route it is bad usage."""
    code, _out, err = _run(capsys, "graph", "--route", "--sector", "wood")
    assert code == 2
    assert err == "error: --sector draws a catalogue, not a route\n"


def test_graph_of_a_catalogue_needs_no_learner(capsys: pytest.CaptureFixture[str]) -> None:
    """Drawing a catalogue plans nothing, so a catalogue without the demonstration learner's
    target draws fine."""
    catalogue = str(Path(__file__).parent / "data" / "catalogues" / "minimal.json")
    code, out, err = _run(capsys, "graph", "--catalogue", catalogue, "--format", "mermaid")
    assert (code, err) == (0, "")
    assert out.startswith("flowchart LR\n")


def test_graph_json(capsys: pytest.CaptureFixture[str]) -> None:
    """--json is --format json: the nodes and edges of the GraphML, with their attributes."""
    _code, as_json, _err = _run(capsys, "graph", "--sector", "retail", "--json")
    assert _run(capsys, "graph", "--sector", "retail", "--format", "json")[1] == as_json
    document = json.loads(as_json)
    graphml = nx.parse_graphml(
        _run(capsys, "graph", "--sector", "retail", "--format", "graphml")[1]
    )
    assert [node["id"] for node in document["nodes"]] == list(graphml.nodes)
    assert len(document["edges"]) == graphml.number_of_edges()
    assert {"source": "block:RNCP37098BC01", "target": "certification:RNCP37098"} | {
        "relation": "part_of"
    } in document["edges"]


def test_compare_without_a_route(capsys: pytest.CaptureFixture[str]) -> None:
    """A row without a route keeps every key (empty), carries the reasons, and exits 1; the text
    output prints the reasons on stderr."""
    code, out, _err = _run(capsys, "compare", "--budget", "100", "--json")
    assert code == 1
    (row,) = json.loads(out)["rows"]
    assert row["no_route"] == [
        {
            "code": "over_budget",
            "text": "no route fits the budget of 100\u00a0€:"
            " the cheapest route costs 7\u202f060\u00a0€",
            "budget": 100,
            "cost": 7060,
        }
    ]
    assert (row["finish"], row["cost"], row["modalities"]) == (None, None, [])
    code, out, err = _run(capsys, "compare", "--budget", "100")
    assert code == 1
    assert "no route" in out
    assert err == (
        "no route for demo-samira (duration): no route fits the budget of 100\u00a0€:"
        " the cheapest route costs 7\u202f060\u00a0€\n"
    )


# -- the work limit --------------------------------------------------------------------------


def test_plan_stopped_by_the_work_limit_says_so(
    capsys: pytest.CaptureFixture[str], part_time_catalogue_path: Path
) -> None:
    """Modules run part time are beyond the mixed-integer model: with almost no work allowed,
    the plan finds nothing and says it stopped."""
    code, out, err = _run(
        capsys,
        "plan",
        "--catalogue",
        str(part_time_catalogue_path),
        "--certification",
        "RNCP37715",
        "--allow-employment",
        "--work-limit",
        "1",
    )
    assert (code, out) == (1, "")
    assert err.startswith(
        "planning for learner cli stopped at the work limit of 1 before finding a route"
    )
    assert err.endswith("raise the work limit to search further\n")


def test_plan_work_limit_must_be_positive(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["plan", "--work-limit", "0"])
    assert "--work-limit: expected a positive whole number, got '0'" in capsys.readouterr().err


# -- the training calendar from options -----------------------------------------------------------


def test_training_days_and_holidays_are_options(capsys: pytest.CaptureFixture[str]) -> None:
    """`--training-days` and `--holidays` reach the learner: every training step starts on one
    of the days given; a day that is not a weekday is bad usage naming the item."""
    document = _json(
        capsys,
        "plan",
        "--certification",
        "RNCP37715",
        "--start",
        "2027-03-01",
        "--training-days",
        "Tuesday, thursday",
        "--holidays",
        "alsace-moselle",
    )
    [answer] = document["learners"]
    steps = [s for s in answer["routes"][0]["steps"] if s["kind"] in ("training", "transversal")]
    assert steps
    assert {dt.date.fromisoformat(step["start"]).weekday() for step in steps} <= {1, 3}
    code, out, err = _run(capsys, "plan", "--certification", "RNCP37715", "--training-days", "x")
    assert (code, out) == (2, "")
    assert "constraints, training_days[0]: input should be 'monday'" in err
