"""``itineraire import``: the summary, merging without losing hand-written additions, and routes
planned on imported catalogues (the issue's "done when")."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from itineraire import learner_from_data, load_catalogue
from itineraire.cli import main
from itineraire.files.documents import CertificationDoc
from itineraire.planning import Planner, StepKind
from tests.import_samples import LHEO_XML, RNCP_XML, ROME_CODES, RS_XML

_WEB_DEV = {
    "id": "web",
    "positioning": {"date": "2027-01-04", "competences": ["clea.1", "clea.2", "clea.3"]},
    "target": {"certification": "RNCP37674"},
}


def _import(*arguments: str) -> int:
    return main(["import", *arguments])


def test_import_writes_a_catalogue_and_a_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Exit 0, a file that loads strictly, a summary that starts with what was written."""
    output = tmp_path / "catalogue.json"
    assert _import("rncp", str(RNCP_XML), str(RS_XML), "--output", str(output)) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[:4] == [
        f"wrote {output}: 47 certifications, 105 blocks, 0 competences, 47 equivalences,"
        " 0 professional modules, 0 transversal modules, 0 placement modules",
        "read: 47 correspondences of the fiches kept, 20 fiches",
        "kept: 53 blocks, 20 certifications, 47 equivalences, 27 reference certifications",
        "notes:",
    ]
    assert load_catalogue(output).summary()["certifications"] == 47
    assert output.stat().st_mode & 0o777 != 0o600


def test_json_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``--json`` gives the report as data."""
    output = tmp_path / "catalogue.json"
    assert _import("rome", str(ROME_CODES), "--output", str(output), "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["report"]["kept"] == {"ROME jobs": 1584, "ROME sub-codes with a parent": 1052}
    assert data["findings"] == []


def test_filters_on_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``--active-only --level 5 --rome M1805`` keeps RNCP37674 only (and its reference)."""
    output = tmp_path / "catalogue.json"
    arguments = ["--active-only", "--level", "5", "--rome", "M1805"]
    assert _import("rncp", str(RNCP_XML), "--output", str(output), *arguments) == 0
    assert set(load_catalogue(output).certifications) == {"RNCP37674", "RNCP31114"}
    lines = capsys.readouterr().out.splitlines()
    assert lines[3:7] == [
        "skipped:",
        "  3 × fiche: inactive",
        "  5 × fiche: level not requested",
        "  3 × fiche: no requested ROME code",
    ]


def test_merging_keeps_hand_written_additions(tmp_path: Path) -> None:
    """Merged into the built-in catalogue, the imported RNCP37674 keeps its sector, its gate and
    its note; the built-in modules and equivalences stay; the built-in RNCP31114 is not replaced
    by a reference; re-importing changes nothing."""
    output = tmp_path / "catalogue.json"
    assert _import("rncp", str(RNCP_XML), "--output", str(output), "--merge", "builtin") == 0
    catalogue = load_catalogue(output)
    web = catalogue.certifications["RNCP37674"]
    assert web.sector is not None
    assert web.sector.value == "digital"
    assert str(web.entry_requirement) != "None"
    assert "earlier note: Title, level (NIV5)" in web.provenance.note
    assert "dwwm-front" in catalogue.modules
    assert not catalogue.certifications["RNCP31114"].title.endswith("(absente de l'import)")
    ids = {equivalence.id for equivalence in catalogue.equivalences}
    assert {"rncp37674-rncp31114-bc01", "corr.RNCP37674.1"} <= ids
    assert "corr.RNCP37674.2" not in ids  # the same link as rncp37674-rncp31114-bc01
    before = output.read_bytes()
    assert _import("rncp", str(RNCP_XML), "--output", str(output), "--merge", str(output)) == 0
    assert output.read_bytes() == before


def _plan(path: Path, learner: dict[str, Any]) -> list[StepKind]:
    catalogue = load_catalogue(path)
    route = Planner(catalogue).plan(learner_from_data(learner, catalogue))
    assert set(route.validated_blocks()) >= {"RNCP37674BC01", "RNCP37674BC02"}
    return [step.kind for step in route.steps]


def test_a_route_to_rncp37674_from_imported_fiches_and_builtin_transversal_modules(
    tmp_path: Path,
) -> None:
    """Imported fiches + the built-in transversal modules: a developer with 1,200 hours of
    experience in M1805 gets RNCP37674 by VAE (the fiche's SI_JURY_VAE is Oui)."""
    output = tmp_path / "catalogue.json"
    base = ["--merge", "builtin-transversal"]
    assert _import("rncp", str(RNCP_XML), str(RS_XML), "--output", str(output), *base) == 0
    positioning = {"date": "2027-01-04", "experience": [{"rome": "M1805", "hours": 1200}]}
    learner = {**_WEB_DEV, "positioning": positioning}
    kinds = _plan(output, learner)
    assert kinds[0] is StepKind.POSITIONING
    assert StepKind.VAE_JURY in kinds


def test_a_route_to_rncp37674_with_the_builtin_modules(tmp_path: Path) -> None:
    """Imported into the built-in catalogue, RNCP37674 is reached by its training modules by a
    person without experience."""
    output = tmp_path / "catalogue.json"
    assert _import("rncp", str(RNCP_XML), "--output", str(output), "--merge", "builtin") == 0
    kinds = _plan(output, _WEB_DEV)
    assert StepKind.TRAINING in kinds


def test_lheo_then_rncp_then_rome(tmp_path: Path) -> None:
    """The three sources one after another into one file, each merged into the previous."""
    output = tmp_path / "catalogue.json"
    # The first import may already name its output as the catalogue to merge into.
    assert _import("lheo", str(LHEO_XML), "--output", str(output), "--merge", str(output)) == 0
    assert _import("rncp", str(RNCP_XML), "-o", str(output), "--merge", str(output)) == 0
    assert _import("rome", str(ROME_CODES), "-o", str(output), "--merge", str(output)) == 0
    catalogue = load_catalogue(output)
    assert "lheo.9436_18706" in catalogue.modules
    assert "RNCP37674" in catalogue.certifications
    assert catalogue.rome_parents["M1813"] == "M1805"


def test_a_bad_merge_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The catalogue to merge into is checked like any catalogue file."""
    base = tmp_path / "base.json"
    base.write_text('{"name": "x", "modules": 3}', encoding="utf-8")
    output = tmp_path / "catalogue.json"
    assert _import("rncp", str(RNCP_XML), "-o", str(output), "--merge", str(base)) == 2
    assert capsys.readouterr().err.startswith(f"error: catalogue {base} has 1 problem:")
    assert not output.exists()


def test_a_value_a_reader_lets_through_is_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A catalogue document refusing what a reader built is exit 2 with the field, not a
    traceback and exit 1 (which would say a catalogue was written)."""

    def faulty_reader(*_: object, **__: object) -> object:
        return CertificationDoc(code="RNCP1", registry="rncp", title="T", level=2, blocks=[])

    monkeypatch.setattr("itineraire.importing.running.import_lheo", faulty_reader)
    output = tmp_path / "catalogue.json"
    assert _import("lheo", str(LHEO_XML), "-o", str(output)) == 2
    assert capsys.readouterr().err == (
        f"error: LHEO offer {LHEO_XML} has 1 problem:\n"
        "  - CertificationDoc built by the import, level: Input should be greater than or equal"
        " to 3 (value 2)\n"
    )
    assert not output.exists()


@pytest.mark.parametrize("kind", ["lheo", "rome"])
def test_rncp_filters_are_refused_for_other_sources(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    """The filters choose fiches: given to another source they would be silently ignored."""
    output = tmp_path / "catalogue.json"
    source = LHEO_XML if kind == "lheo" else ROME_CODES
    arguments = [kind, str(source), "-o", str(output), "--level", "5", "--code", "RNCP1"]
    assert _import(*arguments) == 2
    assert capsys.readouterr().err == (
        f"error: --level, --code: RNCP options, they choose fiches and do not apply to"
        f" 'import {kind}'; nothing was written\n"
    )
    assert not output.exists()


def test_a_refused_document_is_shown_in_part(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A missing field shows the whole document as its value: cut to 120 characters."""
    data = {"code": "RNCP1", "title": "T" * 200, "level": 5, "blocks": []}

    def faulty_reader(*_: object, **__: object) -> object:
        return CertificationDoc.model_validate(data)

    monkeypatch.setattr("itineraire.importing.running.import_lheo", faulty_reader)
    assert _import("lheo", str(LHEO_XML), "-o", str(tmp_path / "catalogue.json")) == 2
    assert capsys.readouterr().err == (
        f"error: LHEO offer {LHEO_XML} has 1 problem:\n"
        f"  - CertificationDoc built by the import, registry: Field required"
        f" (value {repr(data)[:119]}…)\n"
    )
