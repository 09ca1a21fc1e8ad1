"""The layers stay apart: rich output is reached only by the command line and lazily by
``__rich__``, so a library caller never loads rich nor the display layer."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "itineraire"
RICH_LAYERS = ("cli", "display")


def _top_level_imports(path: Path) -> set[str]:
    """The modules a file imports at its top level (not inside functions)."""
    names: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_nothing_below_the_front_imports_rich_at_module_level() -> None:
    """Only ``cli`` and ``display`` import rich or the display layer when they are loaded."""
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] in RICH_LAYERS:
            continue
        for name in _top_level_imports(path):
            if name == "rich" or name.startswith(("rich.", "itineraire.display")):
                offenders.append(f"{relative}: {name}")
    assert offenders == []


def test_planning_and_replaying_a_journey_load_no_rich() -> None:
    """A fresh interpreter that plans a route and replays a journey never loads rich."""
    code = (
        "import sys, itineraire\n"
        "from itineraire.planning import Planner\n"
        "from itineraire.journeys import replay\n"
        "from itineraire.scenarios import load_scenario\n"
        "from itineraire.importing import merge\n"
        "catalogue = itineraire.builtin_catalogue()\n"
        "learner = itineraire.learner_from_data({'id': 'a', 'positioning': {'date': '2027-01-04'},"
        " 'target': {'certification': 'RNCP37674'}}, catalogue)\n"
        "Planner(catalogue).plan(learner)\n"
        "print(sorted(m for m in sys.modules if m == 'rich' or m.startswith(('rich.',"
        " 'itineraire.display', 'itineraire.cli'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
