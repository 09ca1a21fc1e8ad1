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
    "script_journey.py": (
        "0. starting point",
        "   rest of the route: monde-du-travail, permis-b, avf-b2, avf-b1, cp-avf-b3"
        " (7\u202f060\u00a0€)",
        "1. employment from 2027-01-04: 600 h in K1304",
        "   rest of the route: monde-du-travail, permis-b, avf-b1, cp-avf-b3, avf-b2"
        " (7\u202f060\u00a0€)",
        "2. employment from 2027-05-03: 600 h in K1302",
        "   rest of the route: vae:RNCP37715, permis-b, cp-avf-b3 (3\u202f700\u00a0€)",
        "3. VAE admissibility for RNCP37715 (whole certification): admissible",
        # The file under way is continued: its cost is spent, only the rest is priced.
        "   rest of the route: vae:RNCP37715, permis-b, cp-avf-b3 (1\u202f600\u00a0€)",
        "   note: the VAE file for RNCP37715 is admissible since 2027-09-15 and awaits its jury:"
        " the route continues it, its jury expected on 2028-02-01 (expected to award"
        " RNCP37715-B1, RNCP37715-B2); record the jury to re-plan from its outcome",
        "4. VAE jury for RNCP37715: partial_certification, awarded RNCP37715-B1",
        # The new VAE file and the placement start together (the contrat runs beside the VAE).
        "   rest of the route: vae:RNCP37715, permis-b, cp-avf-b3 (3\u202f700\u00a0€)",
        "   return: a placement in a company for blocks the VAE jury of 2028-03-01 did not"
        " award: RNCP37715-B3",
        "   return: a new VAE file for blocks the VAE jury of 2028-03-01 did not award:"
        " RNCP37715-B2",
        "portfolio: RNCP37715-B1 (vae)",
        "refused: events[4] (module_completed), module: module 'avf-b2' was not started",
    ),
    "plan_and_compare.py": (
        "catalogue: 4 modules",
        "duration: clea-3 → front-intensive; finish 2027-04-26, 462 h, 6\u202f804\u00a0€",
        "cost: clea-3 → front-evening; finish 2027-05-12, 602 h, 4\u202f404\u00a0€",
        "the cheaper route saves 2\u202f400\u00a0€ and ends 16 days later",
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
