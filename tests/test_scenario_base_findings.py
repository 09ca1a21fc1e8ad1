"""A scenario on a catalogue file with check errors (an import whose certifications have no
modules yet): the catalogue the scenario produces is what is checked, and the errors of the
base that the scenario leaves are reported as the base's."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from itineraire.errors import ScenarioError
from itineraire.scenarios import load_scenario

# Two certifications as an import gives them: blocks, no module, not open to VAE.
BASE: dict[str, Any] = {
    "name": "imported",
    "certifications": [
        {
            "code": code,
            "registry": "rncp",
            "title": code,
            "level": 3,
            "blocks": [{"code": f"{code}-B1", "title": "Bloc 1"}],
            "provenance": {"illustrative": True},
        }
        for code in ("ILLUSTR-ONE", "ILLUSTR-TWO")
    ],
}


def _module(certification: str) -> str:
    block = f"{certification}-B1"
    return (
        '[[catalogue.modules]]\nkind = "professional"\n'
        f'id = "{certification.lower()}"\ntitle = "Bloc 1"\nblock = "{block}"\n'
        f'hours = 70\ncost = 700\nvalidates = ["{block}"]\n'
    )


def _scenario(folder: Path, *certifications: str) -> Path:
    (folder / "imported.json").write_text(json.dumps(BASE), encoding="utf-8")
    text = 'name = "on-import"\n\n[catalogue]\nsource = "imported.json"\n\n'
    text += "\n".join(_module(code) for code in certifications)
    text += (
        '\n[[learners]]\nid = "ana"\n[learners.positioning]\ndate = 2027-01-04\n'
        '[learners.target]\ncertification = "ILLUSTR-ONE"\n'
    )
    path = folder / "scenario.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_scenario_may_add_the_modules_its_imported_base_lacks(tmp_path: Path) -> None:
    """The base alone would be refused; with the scenario's modules it is consistent."""
    scenario = load_scenario(_scenario(tmp_path, "ILLUSTR-ONE", "ILLUSTR-TWO"))
    assert sorted(scenario.catalogue.modules) == ["illustr-one", "illustr-two"]


def test_errors_the_scenario_leaves_are_reported_as_the_base_s(tmp_path: Path) -> None:
    """Errors of the base that the scenario does not fix are placed on ``catalogue.source`` and
    said to be the base's; the certification the scenario completes is no longer named."""
    path = _scenario(tmp_path, "ILLUSTR-ONE")
    with pytest.raises(ScenarioError) as raised:
        load_scenario(path)
    base = "catalogue.source (line 4): catalogue file 'imported.json' (not fixed by the scenario's"
    assert str(raised.value) == "\n".join(
        [
            f"scenario {path} has 2 problems:",
            f"  - {base} changes): block ILLUSTR-TWO-B1: block-not-validatable: no module or"
            " placement validates it, no equivalence grants it and its certification is not"
            " open to VAE",
            f"  - {base} changes): certification ILLUSTR-TWO: certification-unreachable: its"
            " validation rule can never be met: block ILLUSTR-TWO-B1",
        ]
    )


def test_a_scenario_that_changes_nothing_still_refuses_a_broken_base(tmp_path: Path) -> None:
    """Without additions or changes, the base is the scenario's catalogue: its errors stop it."""
    path = _scenario(tmp_path)
    with pytest.raises(ScenarioError) as raised:
        load_scenario(path)
    assert str(raised.value).splitlines()[1:] == [
        "  - catalogue.source (line 4): catalogue file 'imported.json': block ILLUSTR-ONE-B1:"
        " block-not-validatable: no module or placement validates it, no equivalence grants it"
        " and its certification is not open to VAE",
        "  - catalogue.source (line 4): catalogue file 'imported.json': block ILLUSTR-TWO-B1:"
        " block-not-validatable: no module or placement validates it, no equivalence grants it"
        " and its certification is not open to VAE",
        "  - catalogue.source (line 4): catalogue file 'imported.json': certification"
        " ILLUSTR-ONE: certification-unreachable: its validation rule can never be met: block"
        " ILLUSTR-ONE-B1",
        "  - catalogue.source (line 4): catalogue file 'imported.json': certification"
        " ILLUSTR-TWO: certification-unreachable: its validation rule can never be met: block"
        " ILLUSTR-TWO-B1",
    ]
