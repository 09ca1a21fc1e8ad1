"""The runnable examples in ``examples/``: each one runs to the end and prints what it promises."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

# What each example must print (one line each, in this order); a new example needs an entry.
EXPECTED: dict[str, tuple[str, ...]] = {
    "build_catalogue.py": (
        "findings: 0",
        "  professional modules: 3",
        "  RNCP37674BC02: cpro-web-back, web-back, VAE",
        "graph: 16 nodes, 28 edges",
        "learner-1: german-b1 needs lang.de ≥ A2: can start",
        "learner-1: web-front needs all of (clea.1; clea.2): cannot start yet",
        "broken-references: 3 problems",
        "  modules[6] 'support-users' | requires | unknown competence 'lang.it'",
        "no-remediation: refused with 5 problems",
        "  error: module-never-starts: module support-users:"
        " nothing in the catalogue provides clea.1",
    ),
    "plan_and_compare.py": (
        "catalogue: 4 modules",
        "duration: clea-3 → front-intensive; finish 2027-04-25, 462 h, 6804 €",
        "cost: clea-3 → front-evening; finish 2027-05-11, 602 h, 4404 €",
        "the cheaper route saves 2400 € and ends 16 days later",
        "why clea-3: needed by front-intensive: clea.3",
    ),
}


def _run(script: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=120,
    )


def test_every_example_has_expectations() -> None:
    """Each script in examples/ is listed in EXPECTED, and each listed script exists."""
    assert sorted(path.name for path in EXAMPLES.glob("*.py")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_runs(name: str) -> None:
    """The example exits 0, writes nothing to stderr and prints its expected lines in order."""
    result = _run(EXAMPLES / name)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    position = 0
    for expected in EXPECTED[name]:
        assert expected in lines[position:], f"{expected!r} missing (or out of order)"
        position = lines.index(expected, position) + 1


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_is_deterministic(name: str) -> None:
    """Two runs of the example print exactly the same text."""
    assert _run(EXAMPLES / name).stdout == _run(EXAMPLES / name).stdout
