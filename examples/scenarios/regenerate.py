"""Regenerate every golden output of the example scenarios, and the committed JSON Schemas.

Run it from anywhere after a change that legitimately changes routes (the planner, the built-in
catalogue, the route's rendering) or a file format:

    python examples/scenarios/regenerate.py

For each scenario ``X.toml`` under ``examples/scenarios/`` (learner files in ``learners/``
folders are not scenarios) it writes ``X.plan.json`` (``itineraire plan --scenario X --json``)
``X.plan.txt`` (the same route as the command line prints it) and ``X.compare.json``
(``itineraire compare --scenario X --json``: every learner under every objective), and for a
scenario that scripts a journey ``X.simulate.json`` (``itineraire simulate --scenario X
--json``: the route re-planned after each event), then writes
``docs/schemas/<format>.json`` for every format of ``itineraire schema``. The tests compare
these files with fresh output, byte for byte.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from itineraire.cli import main
from itineraire.cli.schemas import SCHEMAS

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SCHEMA_FOLDER = ROOT / "docs" / "schemas"


def scenarios() -> list[Path]:
    """Every example scenario, in a stable order."""
    return sorted(path for path in HERE.rglob("*.toml") if "learners" not in path.parts)


# Variables that make rich write colours even into a file, and COLUMNS, which sets the width of
# tables: golden text must not depend on them (it is drawn at the default width, 120 columns).
_OUTPUT_VARIABLES = ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "COLUMNS")


@contextlib.contextmanager
def _plain_output() -> Iterator[None]:
    saved = {name: os.environ.pop(name) for name in _OUTPUT_VARIABLES if name in os.environ}
    try:
        yield
    finally:
        os.environ.update(saved)


def command_output(arguments: list[str]) -> tuple[int, str]:
    """The exit code and standard output of ``itineraire`` run with ``arguments``."""
    buffer = io.StringIO()
    with _plain_output(), contextlib.redirect_stdout(buffer):
        code = main(arguments)
    return code, buffer.getvalue()


def goldens(scenario: Path) -> dict[Path, str]:
    """The golden files of ``scenario`` and what they must hold."""
    stem = scenario.with_suffix("")
    _, as_json = command_output(["plan", "--scenario", str(scenario), "--json"])
    _, as_text = command_output(["plan", "--scenario", str(scenario)])
    _, compared = command_output(["compare", "--scenario", str(scenario), "--json"])
    files = {
        stem.with_name(stem.name + ".plan.json"): as_json,
        stem.with_name(stem.name + ".plan.txt"): as_text,
        stem.with_name(stem.name + ".compare.json"): compared,
    }
    if "[journey]" in scenario.read_text(encoding="utf-8"):
        # A scripted journey: its replay, re-planned after each event.
        _, simulated = command_output(["simulate", "--scenario", str(scenario), "--json"])
        files[stem.with_name(stem.name + ".simulate.json")] = simulated
    return files


def schemas() -> dict[Path, str]:
    """The committed JSON Schema files and what they must hold."""
    return {SCHEMA_FOLDER / f"{name}.json": command_output(["schema", name])[1] for name in SCHEMAS}


def main_script() -> int:
    written = 0
    files = {**schemas()}
    for scenario in scenarios():
        files.update(goldens(scenario))
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written += 1
            print(f"wrote {path.relative_to(ROOT)}")
    print(f"{len(files)} files checked, {written} rewritten")
    return 0


if __name__ == "__main__":
    sys.exit(main_script())
