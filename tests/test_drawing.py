"""Pictures as DOT text: a route reads as a timeline, a catalogue is grouped by certification
and sector and can be narrowed to one certification. Checked on the text, without Graphviz."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from itineraire.cli import main

ROOT = Path(__file__).resolve().parent.parent
INDUSTRY = str(ROOT / "examples/scenarios/sectors/industry.toml")
LABEL = re.compile(
    r'^\s*"(?P<node>[^"]+)" \[label="(?P<label>(?:[^"\\]|\\.)*)", shape=\w+'
    r'(?:, style=filled, fillcolor="#[0-9a-f]{6}")?\];$'
)


def _dot(capsys: pytest.CaptureFixture[str], *arguments: str) -> str:
    assert main(["graph", *arguments]) == 0
    return capsys.readouterr().out


def _labels(dot: str) -> dict[str, list[str]]:
    """Each node's label, line by line."""
    found = {}
    for line in dot.splitlines():
        match = LABEL.match(line)
        if match:
            found[match["node"]] = match["label"].split("\\n")
    return found


def test_a_route_is_a_timeline_read_downwards(capsys: pytest.CaptureFixture[str]) -> None:
    """Each step sits on the row of its start date; the dates run down the left."""
    dot = _dot(capsys, "--route", "--scenario", INDUSTRY)
    assert "  rankdir=TB;" in dot
    rows = re.findall(r"\{ rank=same; (.*); \}", dot)
    days = [row.split("; ")[0] for row in rows]
    assert days == sorted(days)
    assert rows[0] == '"date:2026-12-07"; "step:1"'
    assert rows[-1].endswith('"target"')
    assert '"date:2026-12-07" [label="2026-12-07", shape=plaintext];' in dot


def test_route_labels_are_wrapped_and_dated(capsys: pytest.CaptureFixture[str]) -> None:
    labels = _labels(_dot(capsys, "--route", "--scenario", INDUSTRY))
    steps = {node: lines for node, lines in labels.items() if node.startswith("step:")}
    assert steps
    for lines in steps.values():
        assert re.fullmatch(r"\d{4}-\d\d-\d\d( → \d{4}-\d\d-\d\d)?", lines[-1])
        assert all(len(line) <= 28 for line in lines[:-1])
    assert steps["step:3"][0].startswith("3. ")
    assert labels["target"] == ["certification RNCP38561", "2027-09-01"]


def test_route_edges_time_order_straight_serving_dashed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    dot = _dot(capsys, "--route", "--scenario", INDUSTRY)
    assert '  "step:1" -> "step:2" [weight=4];' in dot
    assert '  "step:6" -> "target" [style=dashed];' in dot
    assert "serves" not in dot
    # Steps are tinted by kind: training blue, the positioning plain.
    assert re.search(
        r'"step:5" \[label="5\. [^"]*", shape=box, style=filled, fillcolor="#dbeafe"\];', dot
    )
    assert re.search(r'"step:1" \[label="[^"]*", shape=box\];', dot)


def test_a_vae_track_is_never_drawn_broken(capsys: pytest.CaptureFixture[str]) -> None:
    """Josiane's VAE support (step 4) serves its jury (step 5), which follows it on the VAE
    track: the time order is kept, solid, and the graph says it also serves."""
    hybrid = str(ROOT / "examples/scenarios/route-types/hybrid-vae.toml")
    dot = _dot(capsys, "--route", "--scenario", hybrid)
    assert '  "step:4" -> "step:5" [weight=4];\n  "step:4" -> "step:5" [style=dashed];' in dot
    assert main(["graph", "--route", "--scenario", hybrid, "--format", "json"]) == 0
    edges = json.loads(capsys.readouterr().out)["edges"]
    [edge] = [e for e in edges if (e["source"], e["target"]) == ("step:4", "step:5")]
    assert (edge["relation"], edge["serves"]) == ("next", True)
    # The jury serves the target twice over (two blocks): one dashed edge, no time order.
    assert [e for e in edges if (e["source"], e["target"]) == ("step:5", "target")] == [
        {"source": "step:5", "target": "target", "relation": "serves"}
    ]


def test_a_catalogue_is_grouped_by_sector_then_certification(
    capsys: pytest.CaptureFixture[str],
) -> None:
    dot = _dot(capsys)
    assert "  rankdir=LR;" in dot
    industry = dot.index('subgraph "cluster_sector:industry" {')
    assert dot[industry:].startswith(
        'subgraph "cluster_sector:industry" {\n    label="Industry"; style=rounded;\n'
        '    subgraph "cluster_certification:RNCP38561" {\n'
        '      label="RNCP38561"; style=dashed;\n'
        '      "certification:RNCP38561" [label='
    )
    # Competences and transversal modules belong to no certification: outside every box.
    assert '\n  "competence:clea.1" [label=' in dot
    assert dot.count("subgraph") == 10 + 14


def test_a_catalogue_narrowed_to_one_certification(capsys: pytest.CaptureFixture[str]) -> None:
    """Its blocks, the modules and placements that validate them, and what those require."""
    dot = _dot(capsys, "--certification", "RNCP38561")
    labels = _labels(dot)
    assert dot.count("subgraph") == 2
    assert {node for node in labels if node.startswith(("block:", "certification:"))} == {
        "certification:RNCP38561",
        "block:RNCP38561-B1",
        "block:RNCP38561-B2",
    }
    assert {"module:eimsa-b1", "module:eimsa-b2", "placement:cp-eimsa-b2"} <= set(labels)
    assert "competence:industry.electrical_clearance" in labels
    assert not any(node.startswith("module:avf") for node in labels)


def test_narrowing_to_an_unknown_certification_is_bad_usage(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["graph", "--certification", "RNCP0"]) == 2
    assert capsys.readouterr().err == (
        "error: unknown certification 'RNCP0': see itineraire catalogue\n"
    )
