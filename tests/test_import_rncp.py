"""Importing the real RNCP exports: the XML flux (12 RNCP and 8 RS fiches) and the CSV zip.

Real data: ``tests/data/rncp/export_fiches_RNCP_fixture.xml`` and ``tests/data/import/`` (see the
PROVENANCE.md files there). The counts below were read from the files themselves.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from itineraire.files.loading import builtin_catalogue, load_catalogue
from itineraire.importing.fiches import FicheFilter
from itineraire.importing.rncp import import_rncp
from itineraire.importing.running import SourceKind, run_import
from itineraire.importing.values import competence_items, french_date
from itineraire.model.certifications import AccessRoute, Registry
from tests.import_samples import BLOCK, CSV_ZIP, RNCP_XML, RS_XML, STANDARD, csv_zip, export, fiche

RNCP_CODES = {
    "RNCP34762", "RNCP35809", "RNCP35625", "RNCP35419", "RNCP37488", "RNCP40344",
    "RNCP36612", "RNCP37674", "RNCP36490", "RNCP35959", "RNCP37873", "RNCP39568",
}  # fmt: skip
RS_CODES = {"RS6232", "RS5719", "RS6547", "RS5000", "RS5568", "RS6604", "RS7485", "RS7423"}
BOTH = [RNCP_XML, RS_XML]


def test_the_real_fiches_and_correspondences_load(tmp_path: Path) -> None:
    """12 RNCP and 8 RS fiches; the 47 correspondences become 47 equivalences (the 2 towards RS
    fiches through the block that stands for each whole RS certification); the file written
    loads strictly."""
    result = run_import(SourceKind.RNCP, BOTH)
    catalogue = result.catalogue
    report = result.report
    assert report.read["fiches"] == 20
    assert report.read["correspondences of the fiches kept"] == 47
    assert report.kept["certifications"] == 20
    assert len(catalogue.equivalences) == 47
    assert not report.skipped
    real = {code for code, c in catalogue.certifications.items() if not c.provenance.illustrative}
    assert real == RNCP_CODES | RS_CODES
    assert {c.registry for c in catalogue.certifications.values() if c.code in RS_CODES} == {
        Registry.RS
    }
    # RNCP fiches cite jobs for the whole fiche, never per block: only that is pointed out.
    assert {f.code for f in result.findings} == {"vae-blocks-without-jobs"}
    result.write(tmp_path / "catalogue.json")
    assert load_catalogue(tmp_path / "catalogue.json").summary() == catalogue.summary()


def test_many_to_many_correspondences_become_equivalences() -> None:
    """2 → 1, 3 → 2 and 1 → 4 correspondences keep their sets of blocks, read both ways."""
    catalogue = run_import(SourceKind.RNCP, BOTH).catalogue
    by_id = {equivalence.id: equivalence for equivalence in catalogue.equivalences}
    two_to_one = by_id["corr.RNCP36490.5"]
    assert two_to_one.from_blocks == {"RNCP36490BC02", "RNCP36490BC03"}
    assert two_to_one.to_blocks == {"RNCP35419BC04"}
    assert two_to_one.mutual
    assert by_id["corr.RNCP36490.11"].to_blocks == {"RNCP37778BC01", "RNCP37778BC02"}
    assert len(by_id["corr.RNCP36490.11"].from_blocks) == 3
    assert len(by_id["corr.RNCP35959.4"].to_blocks) == 4


def test_a_whole_fiche_correspondence_links_every_block() -> None:
    """RNCP37674's correspondence without SOURCE links all its blocks to all of RNCP31114's."""
    catalogue = run_import(SourceKind.RNCP, BOTH).catalogue
    whole = next(e for e in catalogue.equivalences if e.id == "corr.RNCP37674.1")
    assert whole.from_blocks == {"RNCP37674BC01", "RNCP37674BC02"}
    assert whole.to_blocks == {"RNCP31114BC01", "RNCP31114BC02"}


def test_fiches_absent_from_the_file_are_kept_as_references() -> None:
    """RNCP31114 is not in the file: an illustrative reference holding the blocks the
    correspondences name, linked to its successor, and reported."""
    result = run_import(SourceKind.RNCP, BOTH)
    stub = result.catalogue.certifications["RNCP31114"]
    assert stub.provenance.illustrative
    assert stub.blocks == ("RNCP31114BC01", "RNCP31114BC02")
    assert stub.replaced_by == ("RNCP37674",)
    assert result.catalogue.certifications["RNCP37674"].replaces == ("RNCP31114",)
    assert (
        "RNCP31114: absent from the import, kept as a reference (named by RNCP37674)"
        in result.report.notes
    )


def test_references_to_rs_fiches_and_absent_versions_are_reported() -> None:
    """A block mapped to an RS fiche becomes an equivalence with the block standing for the
    whole RS certification (reported); a former version absent from the file stays visible in
    the report and in the fiche's provenance note."""
    result = run_import(SourceKind.RNCP, BOTH)
    notes = result.report.notes
    assert (
        "RS6626: RS fiche named by a block correspondence; its one block RS6626-ensemble stands for"
        " the whole certification" in notes
    )
    by_id = {equivalence.id: equivalence for equivalence in result.catalogue.equivalences}
    to_rs = by_id["corr.RNCP36490.19"]
    assert (to_rs.from_blocks, to_rs.to_blocks) == (
        frozenset({"RNCP36490BC04"}),
        frozenset({"RS6626-ensemble"}),
    )
    assert result.catalogue.certifications["RS6626"].blocks == ("RS6626-ensemble",)
    assert (
        "RNCP34762: former version RNCP24998 (absent from the import) kept as a reference" in notes
    )
    note = result.catalogue.certifications["RNCP34762"].provenance.note
    assert note == "not in this catalogue: former version RNCP24998 (absent from the import)"
    assert result.catalogue.certifications["RS6626"].registry is Registry.RS


def test_version_chains_inside_the_file_link_both_ways() -> None:
    """RNCP34762 → RNCP39568 are both in the file: replaces and replaced_by agree."""
    catalogue = run_import(SourceKind.RNCP, BOTH).catalogue
    assert catalogue.certifications["RNCP34762"].replaced_by == ("RNCP39568",)
    assert catalogue.certifications["RNCP39568"].replaces == ("RNCP34762",)


def test_fiche_contents_follow_the_export() -> None:
    """Level, dates, ROME codes, access routes from SI_JURY_*, and competences from the bullets."""
    catalogue = run_import(SourceKind.RNCP, BOTH).catalogue
    web = catalogue.certifications["RNCP37674"]
    assert (web.level, web.valid_from, web.valid_until) == (
        5,
        dt.date(2023, 9, 1),
        dt.date(2028, 9, 1),
    )
    assert web.rome == ("M1805",)
    assert web.access_routes == {
        AccessRoute.APPRENTICESHIP,
        AccessRoute.CONTINUING_TRAINING,
        AccessRoute.PROFESSIONALISATION_CONTRACT,
        AccessRoute.VAE,
    }
    assert not catalogue.certifications["RS7423"].vae_allowed
    assert catalogue.blocks["RNCP37488BC01"].competences == (
        "Valider le fonctionnement d’un réseau",
        "Coder",
        "Installer une infrastructure réseau",
        "Exploiter une installation réseau",
        "Maintenir un réseau",
    )


def test_competences_agree_with_the_built_in_catalogue() -> None:
    """The built-in catalogue's RNCP37674 was written by hand from the same fiche (its RNCP37873
    drops a final full stop, so it is not compared)."""
    imported = run_import(SourceKind.RNCP, [RNCP_XML]).catalogue
    builtin = builtin_catalogue()
    for code in ("RNCP37674BC01", "RNCP37674BC02"):
        assert imported.blocks[code].competences == builtin.blocks[code].competences


@pytest.mark.parametrize(
    ("fiche_filter", "expected"),
    [
        (FicheFilter(codes=frozenset({"RNCP37674", "RS5000"})), {"RNCP37674", "RS5000"}),
        (
            FicheFilter(rome=frozenset({"M1805"})),
            {"RNCP35419", "RNCP36490", "RNCP37674", "RNCP37873"},
        ),
        (FicheFilter(levels=frozenset({4})), {"RNCP37488", "RNCP40344"}),
        (
            FicheFilter(active_only=True, levels=frozenset({7})),
            {"RNCP39568"},
        ),
    ],
)
def test_filters_choose_the_fiches(fiche_filter: FicheFilter, expected: set[str]) -> None:
    """Filters by code, ROME, level and activity; the others are counted as skipped."""
    assembled, report = import_rncp(BOTH, fiche_filter)
    kept = {doc.code for doc in assembled.certifications if not doc.provenance.illustrative}
    assert kept == expected
    assert sum(report.skipped[r] for r in report.skipped if r.startswith("fiche:")) == 20 - len(
        expected
    )


def test_the_real_csv_export_zip() -> None:
    """The CSV zip: member names re-decoded (VoixdAccès is read), TAB-prefixed SIRETs ignored,
    fiches without level or blocks skipped with the reason."""
    result = run_import(SourceKind.RNCP, [CSV_ZIP])
    catalogue = result.catalogue
    assert set(catalogue.certifications) == {"RNCP509", "RS5000", "RS6117"}
    cap = catalogue.certifications["RNCP509"]
    assert cap.level == 3
    assert len(cap.blocks) == 6
    assert catalogue.blocks["RNCP509BC06"].title == "UG3 : Éducation physique et sportive"
    assert cap.access_routes == set(AccessRoute)
    assert cap.rome == ("I1203",)
    assert not cap.provenance.illustrative
    assert catalogue.certifications["RS5000"].certifier == "SIMPLON.CO"
    assert result.report.read["fiches"] == 9
    assert result.report.skipped["fiche: RNCP fiche without blocks"] == 5
    assert result.report.skipped["fiche: RNCP fiche without a level (AUCUN or REPRISE)"] == 1
    assert (
        result.report.skipped[
            "CSV table export_fiches_CSV_Nsf_2024_02_22.csv: not used by the catalogue"
        ]
        == 1
    )


def test_blocks_of_two_versions_are_matched_by_label(tmp_path: Path) -> None:
    """Renumbered blocks of two versions, with no correspondence, are matched by their label
    (case and accents aside), and the match is reported."""
    old = fiche(
        "RNCP90001",
        extra="<NOUVELLES_CERTIFICATIONS><NOUVELLE_CERTIFICATION><ID_FICHE_NOUVELLE_CERTIFICATION>"
        "RNCP90002</ID_FICHE_NOUVELLE_CERTIFICATION></NOUVELLE_CERTIFICATION>"
        "</NOUVELLES_CERTIFICATIONS>",
        blocks=BLOCK.format(code="RNCP90001BC03", title="Développer une application")
        + BLOCK.format(code="RNCP90001BC04", title="Gérer un projet"),
    )
    new = fiche(
        "RNCP90002",
        blocks=BLOCK.format(code="RNCP90002BC01", title="DEVELOPPER une application.")
        + BLOCK.format(code="RNCP90002BC02", title="Piloter un projet"),
    )
    path = tmp_path / "versions.xml"
    path.write_text(export(old, new), encoding="utf-8")
    result = run_import(SourceKind.RNCP, [path])
    (equivalence,) = result.catalogue.equivalences
    assert equivalence.from_blocks == {"RNCP90002BC01"}
    assert equivalence.to_blocks == {"RNCP90001BC03"}
    assert (
        "RNCP90001 → RNCP90002: block RNCP90001BC03 carries to RNCP90002BC01 (same label"
        " 'DEVELOPPER une application.')"
    ) in result.report.notes
    assert result.catalogue.certifications["RNCP90002"].replaces == ("RNCP90001",)


def test_a_block_code_given_twice_in_a_fiche_keeps_the_first(tmp_path: Path) -> None:
    """The export has duplicate block codes: the first is kept and the duplicate reported."""
    blocks = BLOCK.format(code="RNCP90001BC01", title="A") + BLOCK.format(
        code="RNCP90001BC01", title="B"
    )
    path = tmp_path / "twice.xml"
    path.write_text(export(fiche(blocks=blocks)), encoding="utf-8")
    result = run_import(SourceKind.RNCP, [path])
    assert result.catalogue.blocks["RNCP90001BC01"].title == "A"
    assert result.report.skipped["block: code given twice in its fiche, first kept"] == 1


def test_a_block_code_given_twice_in_a_csv_fiche_keeps_the_first(tmp_path: Path) -> None:
    """The CSV export repeats block codes too: the first is kept, the duplicate reported (and
    not mistaken for a block of another fiche)."""
    blocks = (
        '"Numero_Fiche";"Bloc_Competences_Code";"Bloc_Competences_Libelle"\r\n'
        '"RNCP90001";"RNCP90001BC01";"A"\r\n"RNCP90001";"RNCP90001BC01";"B"\r\n'
    )
    row = '"1";"RNCP90001";"Titre";"";"NIV5";"01/09/2028";"01/09/2023";"ACTIVE"\r\n'
    path = tmp_path / "twice.zip"
    path.write_bytes(csv_zip({"Standard": STANDARD + row, "Blocs_De_Compétences": blocks}))
    result = run_import(SourceKind.RNCP, [path])
    assert result.catalogue.blocks["RNCP90001BC01"].title == "A"
    assert result.report.skipped["block: code given twice in its fiche, first kept"] == 1
    assert "RNCP90001: block RNCP90001BC01 given twice, first kept" in result.report.notes


def test_imports_are_deterministic(tmp_path: Path) -> None:
    """The same files give the same catalogue file, byte for byte."""
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    run_import(SourceKind.RNCP, BOTH).write(first)
    run_import(SourceKind.RNCP, list(reversed(BOTH))).write(second)
    assert first.read_bytes() == second.read_bytes()


_WORDS = st.text(alphabet=st.characters(whitelist_categories=("L", "N")), min_size=1, max_size=12)
_ITEM = st.lists(_WORDS, min_size=1, max_size=5).map(" ".join).filter(lambda s: s[0] != "o")


@given(st.lists(_ITEM, min_size=1, max_size=8), st.sampled_from(["*", "-", "•"]), st.integers(2, 9))
def test_bulleted_competence_lists_split_into_their_items(
    items: list[str], bullet: str, spaces: int
) -> None:
    """A LISTE_COMPETENCES written as bullets separated by runs of spaces gives back its items."""
    text = (" " * spaces).join(f"{bullet} {item}" for item in items)
    assert competence_items(text) == items


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2999, 12, 31)))
def test_french_dates_read_back(day: dt.date) -> None:
    """JJ/MM/AAAA dates of the export read back to the same day."""
    assert french_date(day.strftime("%d/%m/%Y")) == day


def test_a_correspondence_naming_another_fiches_block_is_kept_as_a_reference(
    tmp_path: Path,
) -> None:
    """A destination block that belongs to another fiche of the import (bad data) gives no
    equivalence and no duplicate block: the correspondence is noted on its fiche."""
    wrong = (
        "<CORRESPONDANCES><CORRESPONDANCE><SOURCE><BLOC_COMPETENCES><CODE>RNCP90001BC01</CODE>"
        "</BLOC_COMPETENCES></SOURCE><DESTINATION><NUMERO_FICHE>RNCP80000</NUMERO_FICHE>"
        "<BLOC_COMPETENCES><CODE>RNCP90002BC01</CODE></BLOC_COMPETENCES></DESTINATION>"
        "</CORRESPONDANCE></CORRESPONDANCES>"
    )
    path = tmp_path / "wrong.xml"
    path.write_text(export(fiche("RNCP90001", extra=wrong), fiche("RNCP90002")), "utf-8")
    result = run_import(SourceKind.RNCP, [path])
    assert result.catalogue.equivalences == ()
    assert "RNCP80000" not in result.catalogue.certifications
    assert result.catalogue.certifications["RNCP90001"].provenance.note == (
        "not in this catalogue: correspondence RNCP90001BC01 → RNCP80000 RNCP90002BC01"
        " (unknown blocks: RNCP90002BC01)"
    )


def test_fiches_the_catalogue_cannot_hold_are_named(tmp_path: Path) -> None:
    """A fiche without a level, at level 2 or without blocks is skipped and named in the notes;
    a fiche a filter leaves out is only counted (the national export has ~100,000)."""
    path = tmp_path / "export.xml"
    fiches = [
        fiche("RNCP90001", level="AUCUN"),
        fiche("RNCP90004", level="REPRISE"),
        fiche("RNCP90002", level="NIV2"),
        fiche("RNCP90003", blocks=""),
        fiche("RNCP90005", active="Non"),
    ]
    path.write_text(export(*fiches), encoding="utf-8")
    result = run_import(SourceKind.RNCP, [path], fiche_filter=FicheFilter(active_only=True))
    skipped = [note for note in result.report.notes if note.startswith("fiches skipped")]
    assert skipped == [
        "fiches skipped, RNCP fiche at level 1 or 2 (the catalogue holds levels 3 to 8): RNCP90002",
        "fiches skipped, RNCP fiche without a level (AUCUN or REPRISE): RNCP90001, RNCP90004",
        "fiches skipped, RNCP fiche without blocks: RNCP90003",
    ]
    assert result.report.skipped["fiche: inactive"] == 1


def test_csv_rows_of_a_fiche_missing_from_the_standard_table_are_reported(
    tmp_path: Path,
) -> None:
    """Blocks of a fiche the Standard table lacks cannot be imported: said, not dropped quietly."""
    blocks = (
        '"Numero_Fiche";"Bloc_Competences_Code";"Bloc_Competences_Libelle"\r\n'
        '"RNCP90001";"RNCP90001BC01";"A"\r\n"RNCP90009";"RNCP90009BC01";"B"\r\n'
        '"RNCP90009";"RNCP90009BC02";"C"\r\n'
    )
    row = '"1";"RNCP90001";"Titre";"";"NIV5";"01/09/2028";"01/09/2023";"ACTIVE"\r\n'
    path = tmp_path / "orphan.zip"
    path.write_bytes(csv_zip({"Standard": STANDARD + row, "Blocs_De_Compétences": blocks}))
    result = run_import(SourceKind.RNCP, [path])
    assert result.catalogue.certifications["RNCP90001"].blocks == ("RNCP90001BC01",)
    assert (
        result.report.skipped["CSV Blocs_De_Compétences rows: fiche not in the Standard table"] == 2
    )
    assert (
        "CSV Blocs_De_Compétences: rows for fiches not in Standard, left out: RNCP90009"
        in result.report.notes
    )
