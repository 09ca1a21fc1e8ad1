"""The ``itineraire`` command line: outputs, JSON, exit codes and error reporting."""

from __future__ import annotations

import gc
import json
from pathlib import Path
from typing import Any

import pytest

import itineraire.cli
from itineraire.cli import main

SMALL: dict[str, Any] = {
    "name": "small",
    "competences": [
        {"id": "clea.1", "title": "Communiquer en français"},
        {"id": "c.a", "title": "A"},
        {"id": "c.b", "title": "B"},
    ],
    "certifications": [
        {
            "code": "RNCP37674",
            "registry": "rncp",
            "title": "Développeur web et web mobile",
            "level": 5,
            "access_routes": ["continuing_training"],
            "rome": ["M1805"],
            "blocks": [{"code": "RNCP37674BC01", "title": "Front-end"}],
            "entry_requirement": "clea.1",
        }
    ],
    "modules": [
        {
            "kind": "transversal",
            "id": "clea-1",
            "title": "Français",
            "hours": 70,
            "cost": 700,
            "domain": "basic_skills",
            "teaches": ["clea.1"],
        },
        {
            "kind": "professional",
            "id": "front",
            "title": "Front-end",
            "hours": 300,
            "cost": 3600,
            "block": "RNCP37674BC01",
            "validates": ["RNCP37674BC01"],
        },
    ],
}


def _write(tmp_path: Path, data: dict[str, Any], name: str = "catalogue.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def _cyclic() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(json.dumps(SMALL))
    data["modules"] += [
        {
            "kind": "transversal",
            "id": "ma",
            "title": "MA",
            "hours": 1,
            "cost": 1,
            "domain": "world_of_work",
            "teaches": ["c.a"],
            "requires": "c.b",
        },
        {
            "kind": "transversal",
            "id": "mb",
            "title": "MB",
            "hours": 1,
            "cost": 1,
            "domain": "world_of_work",
            "teaches": ["c.b"],
            "requires": "c.a",
        },
    ]
    return data


def test_check_clean_catalogue(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A consistent catalogue checks clean: exit 0 and an all-clear line."""
    assert main(["check", "--catalogue", _write(tmp_path, SMALL)]) == 0
    assert "No findings: the catalogue is consistent." in capsys.readouterr().out


def test_check_findings_exit_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A catalogue with a prerequisite cycle gives exit 1 and the finding as JSON."""
    assert main(["check", "--catalogue", _write(tmp_path, _cyclic()), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["findings"] == [
        {
            "severity": "error",
            "code": "prerequisite-cycle",
            "subject": "module ma",
            "message": "ma → mb → ma: each needs what another teaches, so none can start",
        }
    ]


def test_bad_input_exit_two(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An unreadable file gives exit 2 and one error block on stderr, no traceback."""
    path = tmp_path / "broken.json"
    path.write_bytes(b'{"name": "x", "modules": [}')
    assert main(["check", "--catalogue", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        f"error: catalogue {path} has 1 problem:\n"
        "  - file, line 1, column 27: invalid JSON: Expecting value\n"
    )
    assert "Traceback" not in captured.err


def test_strict_commands_refuse_inconsistent_catalogue(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Commands other than check refuse a catalogue with error findings (exit 2)."""
    assert main(["catalogue", "--catalogue", _write(tmp_path, _cyclic())]) == 2
    assert capsys.readouterr().err.endswith(
        "has 1 problem:\n  - module ma: prerequisite-cycle: ma → mb → ma:"
        " each needs what another teaches, so none can start\n"
    )


def test_summary_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The summary counts items by kind."""
    assert main(["catalogue", "--catalogue", _write(tmp_path, SMALL), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["counts"]["certifications"] == 1
    assert summary["counts"]["professional modules"] == 1
    assert summary["certifications"][0]["code"] == "RNCP37674"


def test_show_certification(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Showing a certification lists its blocks and how each is validated."""
    assert main(["catalogue", "show", "RNCP37674", "--catalogue", _write(tmp_path, SMALL)]) == 0
    out = capsys.readouterr().out
    assert "Développeur web et web mobile" in out
    assert "RNCP37674BC01" in out
    assert "front" in out


def test_show_module_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A module shown as JSON is its file document."""
    path = _write(tmp_path, SMALL)
    assert main(["catalogue", "show", "front", "--catalogue", path, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == SMALL["modules"][1]


def test_show_unknown(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An identifier that is nowhere in the catalogue is bad input: exit 2."""
    assert main(["catalogue", "show", "nope", "--catalogue", _write(tmp_path, SMALL)]) == 2
    assert capsys.readouterr().err == (
        "error: 'nope' is not a certification, block or module of the catalogue\n"
    )


@pytest.mark.parametrize("what", ["certifications", "blocks", "modules", "competences"])
def test_list_json(what: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Every list view gives a JSON list of the items of the catalogue."""
    assert main(["catalogue", "list", what, "--catalogue", _write(tmp_path, SMALL), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    expected = {"certifications": 1, "blocks": 1, "modules": 2, "competences": 3}[what]
    assert len(rows) == expected


@pytest.mark.parametrize("file_format", ["catalogue", "learner", "route"])
def test_schema(file_format: str, capsys: pytest.CaptureFixture[str]) -> None:
    """The JSON Schema of each file format is printed as JSON."""
    assert main(["schema", file_format]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["type"] == "object"
    assert "format" in schema["properties"]


def test_no_command_prints_usage(capsys: pytest.CaptureFixture[str]) -> None:
    """Without a command, the usage goes to stderr with exit 2."""
    assert main([]) == 2
    assert "usage: itineraire" in capsys.readouterr().err


def test_toml_catalogue(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A catalogue written in TOML is read like its JSON twin."""
    path = tmp_path / "small.toml"
    path.write_text(
        'name = "toml"\n'
        '[[competences]]\nid = "c.a"\ntitle = "A"\n'
        '[[modules]]\nkind = "transversal"\nid = "m"\ntitle = "M"\nhours = 7\ncost = 70\n'
        'domain = "world_of_work"\nteaches = ["c.a"]\n',
        encoding="utf-8",
    )
    assert main(["check", "--catalogue", str(path)]) == 0


def test_plan_demonstration_learner(capsys: pytest.CaptureFixture[str]) -> None:
    """With no argument, `plan` plans for the demonstration learner on the built-in catalogue."""
    assert main(["plan"]) == 0
    out = capsys.readouterr().out
    assert "Route of demo-samira to certification RNCP37715" in out
    assert "proven optimal" in out


def _one_route(output: str) -> dict[str, Any]:
    """The one route of the one learner of a `plan --json` envelope."""
    document = json.loads(output)
    assert document["format"] == "itineraire.plan/1"
    [answer] = document["learners"]
    assert answer["status"] == "route"
    [route] = answer["routes"]
    assert isinstance(route, dict)
    return route


def test_plan_json_is_a_route_document(capsys: pytest.CaptureFixture[str]) -> None:
    """`plan --json` prints the route document in the envelope: steps, totals, validated
    blocks."""
    assert main(["plan", "--json", "--objective", "hours"]) == 0
    route = _one_route(capsys.readouterr().out)
    assert route["format"] == "itineraire.route/2"
    assert route["steps"][0]["kind"] == "positioning"
    assert route["modalities"] == ["training", "vae"]
    assert route["totals"]["cost"] == sum(step["cost"] for step in route["steps"])
    assert set(route["validated_blocks"]) >= {"RNCP37715-B1", "RNCP37715-B2", "RNCP37715-B3"}


def test_plan_alternatives_json(capsys: pytest.CaptureFixture[str]) -> None:
    """`--alternatives 3` gives three routes of different mixes."""
    assert main(["plan", "--json", "--alternatives", "3"]) == 0
    routes = json.loads(capsys.readouterr().out)["learners"][0]["routes"]
    assert len({tuple(route["modalities"]) for route in routes}) == 3


def test_plan_no_route_exit_one(capsys: pytest.CaptureFixture[str]) -> None:
    """A budget no route fits gives exit 1 and the reason on stderr."""
    assert main(["plan", "--budget", "100"]) == 1
    assert capsys.readouterr().err == (
        "no route for learner demo-samira:\n"
        "  - no route fits the budget of 100\u00a0€: the cheapest route costs 7\u202f060\u00a0€\n"
    )


def test_plan_bad_learner_exit_two(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A learner file with a fault gives exit 2 and names the field."""
    path = tmp_path / "learner.json"
    path.write_text(
        json.dumps(
            {"id": "x", "positioning": {"date": "2027-01-04"}, "target": {"certification": "NOPE"}}
        ),
        encoding="utf-8",
    )
    assert main(["plan", "--learner", str(path)]) == 2
    assert capsys.readouterr().err == (
        f"error: learner {path} has 1 problem:\n"
        "  - target, certification: unknown certification 'NOPE'\n"
    )


def test_plan_target_options(capsys: pytest.CaptureFixture[str]) -> None:
    """Target options replace the demonstration learner's target."""
    code = main(["plan", "--blocks", "RNCP37715-B1", "--start", "2027-01-04", "--json"])
    assert code == 0
    route = _one_route(capsys.readouterr().out)
    assert route["target"] == {
        "kind": "blocks",
        "blocks": ["RNCP37715-B1"],
        "text": "blocks RNCP37715-B1",
    }


def test_square_brackets_in_data_are_shown_literally(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Titles come from files: rich markup in them is shown as written, never interpreted."""
    data: dict[str, Any] = json.loads(json.dumps(SMALL))
    data["name"] = "small [red]"
    for module in data["modules"]:
        module["title"] = f"{module['title']} [/bold] soir"
    path = _write(tmp_path, data)
    arguments = ["--catalogue", path, "--certification", "RNCP37674", "--start", "2027-01-04"]
    assert main(["plan", *arguments]) == 0
    out = capsys.readouterr().out
    assert "[/bold]" in out
    assert main(["explain", "2", *arguments]) == 0
    assert "[/bold]" in capsys.readouterr().out
    assert main(["catalogue", "--catalogue", path]) == 0
    assert "small [red]" in capsys.readouterr().out
    assert main(["catalogue", "list", "modules", "--catalogue", path]) == 0
    assert "[/bold]" in capsys.readouterr().out


def test_mermaid_labels_show_hashes_quotes_and_angle_brackets_as_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data: dict[str, Any] = json.loads(json.dumps(SMALL))
    data["modules"][0]["title"] = 'Cours #1; "<b>soir</b>"'
    assert main(["graph", "--catalogue", _write(tmp_path, data), "--format", "mermaid"]) == 0
    out = capsys.readouterr().out
    assert '["Cours #35;1; #quot;#lt;b>soir#lt;/b>#quot;"]' in out


def test_explain_explains_each_step_once(capsys: pytest.CaptureFixture[str]) -> None:
    """Several reasons leading to one later step: it is explained once, then referred to."""
    scenario = Path(__file__).parent.parent / "examples" / "scenarios" / "sectors" / "industry.toml"
    assert main(["explain", "2", "--scenario", str(scenario), "--json"]) == 0
    text = capsys.readouterr().out
    data = json.loads(text)
    assert "(step 6, explained above)" in text

    def steps(node: dict[str, Any]) -> list[int]:
        found = [node["step"]]
        for reason in node["reasons"]:
            if reason["then"] is not None:
                found += steps(reason["then"])
        return found

    explained = steps(data)
    assert len(explained) == len(set(explained))


@pytest.mark.parametrize("count", ["0", "11"])
def test_alternatives_out_of_range_are_refused(
    count: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["plan", "--alternatives", count]) == 2
    assert capsys.readouterr().err == "error: --alternatives must be from 1 to 10\n"


def test_a_bad_start_date_is_named_once_as_the_option(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["plan", "--certification", "RNCP37674", "--start", "2027-13-01"])
    assert raised.value.code == 2
    err = capsys.readouterr().err
    assert err.endswith(
        "itineraire plan: error: argument --start: '2027-13-01' is not a date (YYYY-MM-DD)\n"
    )


def test_a_learner_given_by_options_is_named_so(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", "--certification", "RNCP99"]) == 2
    assert capsys.readouterr().err == (
        "error: learner given by the options has 1 problem:\n"
        "  - target, certification: unknown certification 'RNCP99'\n"
    )


def test_graph_refuses_learner_options_without_route(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["graph", "--certification", "RNCP37674", "--start", "2027-01-04"]) == 2
    assert capsys.readouterr().err == (
        "error: --start describes a learner: add --route to draw their route\n"
    )


def test_the_program_sets_what_its_imports_hold_aside_then_runs_the_command_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The ``itineraire`` program (``run``) freezes what the process holds before the command
    runs; ``main``, which an application may call, leaves the collector alone."""
    calls: list[str] = []

    def command_line() -> int:
        calls.append("main")
        return 0

    monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze"))
    monkeypatch.setattr(itineraire.cli, "main", command_line)
    assert itineraire.cli.run() == 0
    assert calls == ["freeze", "main"]
    calls.clear()
    monkeypatch.undo()
    monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze"))
    with pytest.raises(SystemExit):
        main(["--version"])
    assert calls == []
