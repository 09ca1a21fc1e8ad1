"""The front of the command line: how it is started, its help, and the LICENSE it ships under."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest

from itineraire import __version__
from itineraire.cli import _parser, main

ROOT = Path(__file__).resolve().parent.parent


def _arguments_without_help(parser: argparse.ArgumentParser, path: str) -> list[str]:
    missing = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                missing += _arguments_without_help(sub, f"{path} {name}")
        elif not action.help:
            missing.append(f"{path}: {'/'.join(action.option_strings) or action.dest}")
    return missing


def test_every_argument_of_every_command_has_help() -> None:
    """``import`` and ``schema`` included: no argument is listed in ``--help`` without a word."""
    assert _arguments_without_help(_parser(), "itineraire") == []


def test_python_dash_m_runs_the_command_line() -> None:
    """``python -m itineraire`` is the ``itineraire`` command (for a venv not on the path)."""
    result = subprocess.run(
        [sys.executable, "-m", "itineraire", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout == f"itineraire {__version__}\n"


def test_the_declared_licence_ships_as_a_file() -> None:
    """pyproject declares MIT; the LICENSE file carries the MIT text and the copyright holder."""
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert 'license = "MIT"' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n\nCopyright (c) 2026 itineraire developers\n")
    assert 'THE SOFTWARE IS PROVIDED "AS IS"' in text


def test_the_timeline_numbers_events_from_1(capsys: pytest.CaptureFixture[str]) -> None:
    """As ``simulate`` does: the first event is 1, the initial positioning has no number."""
    assert (
        main(["journey", str(ROOT / "examples/journeys/leo-returns.json"), "--view", "timeline"])
        == 0
    )
    rows = [line for line in capsys.readouterr().out.splitlines() if "2027-" in line]
    assert [row.split("│")[1].strip() for row in rows] == ["", "1", "2", "3", "4", "5", "6"]
    assert "started avf-b1" in rows[1]
