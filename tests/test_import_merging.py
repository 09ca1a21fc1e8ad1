"""Merging an import into a catalogue that a person edited, or that earlier imports built:
nothing hand-written is lost, and what a module validates is never widened."""

from __future__ import annotations

from pathlib import Path

from itineraire.files.documents import BlockDoc, CatalogueDoc, EquivalenceDoc, ProfessionalModuleDoc
from itineraire.importing.running import SourceKind, run_import
from tests.import_samples import BLOCK, export, fiche

_OLDER = (
    "<ANCIENNES_CERTIFICATIONS><ANCIENNE_CERTIFICATION><ID_FICHE_ANCIENNE_CERTIFICATION>RNCP24998"
    "</ID_FICHE_ANCIENNE_CERTIFICATION></ANCIENNE_CERTIFICATION></ANCIENNES_CERTIFICATIONS>"
)
_NOTE = "Vérifié auprès du certificateur le 3 mars"


def _fiches(path: Path, *fiches: str) -> Path:
    path.write_text(export(*fiches), encoding="utf-8")
    return path


def _edited(base: CatalogueDoc, *, note: str | None = None) -> CatalogueDoc:
    """``base`` with a hand-written block RNCP90001-X on RNCP90001 and a module validating it."""
    certification = next(doc for doc in base.certifications if doc.code == "RNCP90001")
    update: dict[str, object] = {
        "blocks": [*certification.blocks, BlockDoc(code="RNCP90001-X", title="Atelier local")]
    }
    if note is not None:
        update["provenance"] = certification.provenance.model_copy(update={"note": note})
    module = ProfessionalModuleDoc(
        kind="professional",
        id="atelier",
        title="Atelier",
        block="RNCP90001-X",
        hours=35,
        cost=0,
        validates=["RNCP90001-X"],
    )
    return base.model_copy(
        update={
            "certifications": [
                certification.model_copy(update=update) if doc is certification else doc
                for doc in base.certifications
            ],
            "modules": [*base.modules, module],
        }
    )


def test_hand_written_blocks_survive_a_re_import(tmp_path: Path) -> None:
    """The block stays (flagged in the note and the report), the module still validates that
    block only, and importing once more changes nothing."""
    source = _fiches(tmp_path / "fiches.xml", fiche())
    base = _edited(run_import(SourceKind.RNCP, [source]).document)
    result = run_import(SourceKind.RNCP, [source], base)
    certification = result.catalogue.certifications["RNCP90001"]
    assert certification.blocks == ("RNCP90001BC01", "RNCP90001-X")
    assert result.catalogue.modules["atelier"].validates == ("RNCP90001-X",)
    assert certification.provenance.note == (
        "blocks not in the import, kept from the catalogue: RNCP90001-X"
    )
    assert "RNCP90001: blocks RNCP90001-X not in the import, kept from the catalogue" in (
        result.report.notes
    )
    again = run_import(SourceKind.RNCP, [source], result.document)
    assert again.document == result.document
    # The fiche cites its jobs for the whole fiche, never per block: only that is pointed out.
    assert [f.code for f in result.findings] == ["vae-blocks-without-jobs"]


def test_a_module_is_never_widened_to_every_block(tmp_path: Path) -> None:
    """A fiche that dropped the block a module validated alongside another: the module keeps
    the other block only, it does not come to validate every block of the fiche."""
    two = BLOCK.format(code="RNCP90001BC01", title="A") + BLOCK.format(
        code="RNCP90001BC02", title="B"
    )
    base = run_import(SourceKind.RNCP, [_fiches(tmp_path / "v1.xml", fiche(blocks=two))]).document
    module = ProfessionalModuleDoc(
        kind="professional",
        id="m",
        title="M",
        block="RNCP90001BC02",
        hours=35,
        cost=0,
        validates=["RNCP90001BC02", "RNCP90001BC03"],
    )
    base = base.model_copy(update={"modules": [module]})
    # RNCP90001BC03 is in no certification: the base was edited wrongly, or the block is gone.
    result = run_import(SourceKind.RNCP, [_fiches(tmp_path / "v2.xml", fiche(blocks=two))], base)
    assert result.document.modules[0].validates == ["RNCP90001BC02"]
    assert "module m: block RNCP90001BC03 no longer in the catalogue" in result.report.notes


def test_a_hand_written_note_on_an_imported_certification_is_kept(tmp_path: Path) -> None:
    """A note a person put in place of the importer's is kept as an earlier note, once."""
    source = _fiches(tmp_path / "fiches.xml", fiche(extra=_OLDER))
    first = run_import(SourceKind.RNCP, [source]).document
    generated = first.certifications[0].provenance.note
    assert (
        generated
    )  # the importer's own note (an absent former version) is rewritten, not kept twice
    result = run_import(SourceKind.RNCP, [source], _edited(first, note=_NOTE))
    note = result.catalogue.certifications["RNCP90001"].provenance.note
    assert note == (
        f"{generated}; blocks not in the import, kept from the catalogue: RNCP90001-X;"
        f" earlier note: {_NOTE}"
    )
    again = run_import(SourceKind.RNCP, [source], result.document)
    assert again.catalogue.certifications["RNCP90001"].provenance.note == note


def _correspondence(source: str, fiche_code: str, destination: str) -> str:
    return (
        f"<CORRESPONDANCES><CORRESPONDANCE><SOURCE><BLOC_COMPETENCES><CODE>{source}</CODE>"
        f"</BLOC_COMPETENCES></SOURCE><DESTINATION><NUMERO_FICHE>{fiche_code}</NUMERO_FICHE>"
        f"<BLOC_COMPETENCES><CODE>{destination}</CODE></BLOC_COMPETENCES></DESTINATION>"
        "</CORRESPONDANCE></CORRESPONDANCES>"
    )


def test_a_correspondence_removed_from_a_fiche_goes_on_re_import(tmp_path: Path) -> None:
    """RNCP90002 lost its correspondence: its equivalence from the earlier import goes (said in
    the report); an equivalence written by hand between the same fiches stays."""
    linked = fiche(
        "RNCP90002", extra=_correspondence("RNCP90002BC01", "RNCP90001", "RNCP90001BC01")
    )
    first = run_import(SourceKind.RNCP, [_fiches(tmp_path / "v1.xml", fiche(), linked)]).document
    assert [doc.id for doc in first.equivalences] == ["corr.RNCP90002.1"]
    hand = EquivalenceDoc(id="hand.1", from_=["RNCP90001BC01"], to=["RNCP90002BC01"])
    base = first.model_copy(update={"equivalences": [*first.equivalences, hand]})
    again = _fiches(tmp_path / "v2.xml", fiche(), fiche("RNCP90002"))
    result = run_import(SourceKind.RNCP, [again], base)
    assert [doc.id for doc in result.catalogue.equivalences] == ["hand.1"]
    assert "equivalence corr.RNCP90002.1: no longer in fiche RNCP90002, removed" in (
        result.report.notes
    )


def test_equivalences_of_fiches_not_imported_again_stay(tmp_path: Path) -> None:
    """Importing RNCP90001 alone leaves the equivalences taken from RNCP90002 as they were."""
    linked = fiche(
        "RNCP90002", extra=_correspondence("RNCP90002BC01", "RNCP90001", "RNCP90001BC01")
    )
    first = run_import(SourceKind.RNCP, [_fiches(tmp_path / "v1.xml", fiche(), linked)]).document
    result = run_import(SourceKind.RNCP, [_fiches(tmp_path / "v2.xml", fiche())], first)
    assert [doc.id for doc in result.catalogue.equivalences] == ["corr.RNCP90002.1"]


def test_an_incremental_import_adds_blocks_to_a_reference(tmp_path: Path) -> None:
    """RNCP90001 then RNCP90002 imported one at a time, each naming another block of the absent
    RNCP90009: its reference holds both blocks, both equivalences load, and importing the
    second again changes nothing."""
    one = fiche(extra=_correspondence("RNCP90001BC01", "RNCP90009", "RNCP90009BC01"))
    two = fiche("RNCP90002", extra=_correspondence("RNCP90002BC01", "RNCP90009", "RNCP90009BC02"))
    first = run_import(SourceKind.RNCP, [_fiches(tmp_path / "one.xml", one)]).document
    second_file = _fiches(tmp_path / "two.xml", two)
    result = run_import(SourceKind.RNCP, [second_file], first)
    assert result.catalogue.certifications["RNCP90009"].blocks == (
        "RNCP90009BC01",
        "RNCP90009BC02",
    )
    assert [doc.id for doc in result.catalogue.equivalences] == [
        "corr.RNCP90001.1",
        "corr.RNCP90002.1",
    ]
    assert "RNCP90009: reference already in the catalogue, blocks RNCP90009BC02 added" in (
        result.report.notes
    )
    assert run_import(SourceKind.RNCP, [second_file], result.document).document == result.document


def test_a_block_now_in_another_imported_fiche_is_not_kept_twice(tmp_path: Path) -> None:
    """RNCP90001 lost RNCP90001BC02 to RNCP90002 (the export has such codes): the block is the
    new fiche's, not kept on the old one as well (a code is unique in a catalogue)."""
    two = BLOCK.format(code="RNCP90001BC01", title="A") + BLOCK.format(
        code="RNCP90001BC02", title="B"
    )
    base = run_import(SourceKind.RNCP, [_fiches(tmp_path / "v1.xml", fiche(blocks=two))]).document
    moved = fiche("RNCP90002", blocks=BLOCK.format(code="RNCP90001BC02", title="B"))
    source = _fiches(tmp_path / "v2.xml", fiche(), moved)
    catalogue = run_import(SourceKind.RNCP, [source], base).catalogue
    assert catalogue.certifications["RNCP90001"].blocks == ("RNCP90001BC01",)
    assert catalogue.certifications["RNCP90002"].blocks == ("RNCP90001BC02",)
