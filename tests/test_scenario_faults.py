"""Malformed scenario files: exit code 2 and one block of problems, each naming its place in the
file (JSON path and line). Each case is a file of ``tests/data/scenarios/faults/`` with the exact
standard error expected next to it (``<case>.expected``); the other files there (``ana.json``,
``broken-*.json``) are what the cases refer to."""

from __future__ import annotations

from pathlib import Path

import pytest

from itineraire.cli import main

FAULTS = Path(__file__).resolve().parent / "data" / "scenarios" / "faults"
CASES = sorted(
    path
    for path in FAULTS.iterdir()
    if path.suffix != ".expected" and path.with_suffix(".expected").exists()
)


def test_at_least_twenty_kinds_of_fault() -> None:
    """The issue asks for at least twenty kinds of malformed scenario."""
    assert len(CASES) >= 20


@pytest.mark.parametrize("case", CASES, ids=lambda path: path.stem)
@pytest.mark.parametrize("command", ["plan", "compare", "explain"])
def test_fault_is_reported_with_its_place(
    case: Path, command: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every command that reads scenarios exits 2, prints nothing on stdout and the exact
    problems on stderr, with no traceback."""
    monkeypatch.chdir(FAULTS)
    arguments = [command, "--scenario", case.name]
    if command == "explain":
        arguments.insert(1, "2")
    assert main(arguments) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == case.with_suffix(".expected").read_text(encoding="utf-8")


def test_missing_scenario_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A scenario path that does not exist is bad input, not a crash."""
    monkeypatch.chdir(tmp_path)
    assert main(["plan", "--scenario", "nowhere.toml"]) == 2
    assert capsys.readouterr().err == (
        "error: scenario nowhere.toml has 1 problem:\n  - file: no such file\n"
    )


def test_scenario_with_other_learner_options_is_refused(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A scenario names its own catalogue and learners: mixing in --catalogue or --learner is
    a usage error that names the options to drop."""
    scenario = str(FAULTS / "ana.json")
    arguments = ["plan", "--scenario", scenario, "--catalogue", "x.toml", "--no-vae"]
    assert main(arguments) == 2
    assert capsys.readouterr().err == (
        "error: --scenario names its own catalogue and learners: drop --catalogue, --no-vae\n"
    )


def test_learner_id_needs_a_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    """--learner-id chooses among a scenario's learners, so it needs --scenario."""
    assert main(["plan", "--learner-id", "ana"]) == 2
    assert capsys.readouterr().err == "error: --learner-id needs --scenario\n"
