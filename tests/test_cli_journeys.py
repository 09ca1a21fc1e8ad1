"""``itineraire journey`` and ``itineraire simulate`` on the example journeys."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from itineraire.cli import main

EXAMPLES = Path(__file__).parent.parent / "examples" / "journeys"
LEO = str(EXAMPLES / "leo-returns.json")
NADIA = str(EXAMPLES / "nadia-vae.json")


def test_journey_shows_the_timeline_the_portfolio_and_the_returns(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["journey", LEO]) == 0
    out = capsys.readouterr().out
    assert "Journey of Léo, 34, former shop assistant" in out
    assert "dropped out: childcare arrangement fell through" in out
    assert "Portfolio of leo on 2027-04-20" in out
    assert "Returns to earlier steps" in out
    assert "remediation" in out


def test_journey_json_holds_the_file_the_portfolio_and_the_replan(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["journey", LEO, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["journey"] == json.loads(Path(LEO).read_text(encoding="utf-8"))
    assert data["portfolio"]["format"] == "itineraire.portfolio/1"
    assert [b["block"] for b in data["portfolio"]["blocks"]] == ["RNCP37715-B1"]
    kinds = sorted({item["kind"] for item in data["replan"]["returns"]})
    assert kinds == ["back_to_block", "remediation", "resume"]


def test_journey_view_limits_the_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["journey", LEO, "--view", "portfolio", "--json"]) == 0
    assert list(json.loads(capsys.readouterr().out)) == ["portfolio"]


def test_simulate_replans_after_each_event(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["simulate", NADIA, "--objective", "cost", "--json"]) == 0
    frames = json.loads(capsys.readouterr().out)
    assert [frame["index"] for frame in frames] == [0, 1, 2, 3, 4]
    last = frames[-1]
    assert last["event"] == ("VAE jury for RNCP37715: partial_certification, awarded RNCP37715-B1")
    assert {item["kind"] for item in last["replan"]["returns"]} == {"vae_completion"}


def test_a_journey_file_with_a_refused_event_exits_2_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(Path(LEO).read_text(encoding="utf-8"))
    data["events"][1]["module"] = "avf-b9"
    data["events"][4]["date"] = "2026-01-01"
    path = tmp_path / "journey.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert main(["journey", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        f"error: journey {path} has 3 problems:\n"
        "  - events[1] (module_completed), module: unknown module 'avf-b9'\n"
        "  - events[4] (resume), date: 2026-01-01 is before the journey's last date so far"
        " (2027-03-01)\n"
        "  - events[5] (block_evaluated): the person dropped out on 2027-03-01:"
        " record a resume first\n"
    )


def test_a_journey_file_of_the_wrong_shape_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(Path(LEO).read_text(encoding="utf-8"))
    data["events"][0]["type"] = "module_begun"
    del data["events"][1]["date"]
    data["events"][2]["extra"] = 1
    path = tmp_path / "journey.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert main(["journey", str(path)]) == 2
    err = capsys.readouterr().err
    kinds = (
        "'positioning', 'module_started', 'module_completed', 'placement_done',"
        " 'block_evaluated', 'block_validated_in_company', 'vae_admissibility', 'vae_jury',"
        " 'vae_confirmation', 'employment', 'drop_out', 'resume', 'target_changed',"
        " 'certification_replaced'"
    )
    assert err == (
        f"error: journey {path} has 3 problems:\n"
        f"  - events[0], type: unknown value 'module_begun' (expected one of {kinds})\n"
        "  - events[1] (module_completed), date: is required\n"
        "  - events[2] (module_started), extra: is not a field of this item\n"
    )


def test_the_journey_and_portfolio_schemas_are_exported(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["schema", "journey"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == "JourneyDoc"
    assert main(["schema", "portfolio"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "PortfolioDoc"


SCENARIOS = Path(__file__).parent.parent / "examples" / "scenarios"


def test_a_scenarios_journey_is_shown_on_its_own_catalogue(
    capsys: pytest.CaptureFixture[str],
) -> None:
    scenario = str(SCENARIOS / "journeys" / "returns.toml")
    assert main(["journey", "--scenario", scenario, "--view", "route", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["replan"]["date"] == "2027-04-20"
    kinds = sorted({item["kind"] for item in data["replan"]["returns"]})
    assert kinds == ["back_to_block", "remediation", "resume"]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["simulate"], "error: give a journey file, or --scenario FILE\n"),
        (
            ["simulate", LEO, "--scenario", str(SCENARIOS / "journeys" / "returns.toml")],
            "error: --scenario names its own catalogue and journey: drop the other file\n",
        ),
        (
            ["journey", "--scenario", str(SCENARIOS / "route-types" / "classic.toml")],
            f"error: the scenario {SCENARIOS / 'route-types' / 'classic.toml'} scripts no"
            " journey\n",
        ),
    ],
)
def test_journey_sources_that_do_not_go_together_exit_2(
    arguments: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(arguments) == 2
    assert capsys.readouterr().err == message
