"""Blocks carried from one version of a certification to the next (issue: a correspondence to
another fiche must not hide a version match), on the shapes of the real export: renumbered
block codes, a correspondence between the versions for one block, and a block that also
corresponds to an RS fiche as a whole (as RNCP36490BC04 → RS6626 in the real flux)."""

from __future__ import annotations

from pathlib import Path

from itineraire.importing.running import SourceKind, run_import
from tests.import_samples import BLOCK, export, fiche

NEW_VERSION = (
    "<NOUVELLES_CERTIFICATIONS><NOUVELLE_CERTIFICATION><ID_FICHE_NOUVELLE_CERTIFICATION>"
    "RNCP90002</ID_FICHE_NOUVELLE_CERTIFICATION></NOUVELLE_CERTIFICATION>"
    "</NOUVELLES_CERTIFICATIONS>"
)


def _correspondence(source: str, fiche_code: str, blocks: str = "") -> str:
    destination = f"<BLOC_COMPETENCES><CODE>{blocks}</CODE></BLOC_COMPETENCES>" if blocks else ""
    return (
        f"<CORRESPONDANCE><SOURCE><BLOC_COMPETENCES><CODE>{source}</CODE></BLOC_COMPETENCES>"
        f"</SOURCE><DESTINATION><NUMERO_FICHE>{fiche_code}</NUMERO_FICHE>{destination}"
        "</DESTINATION></CORRESPONDANCE>"
    )


def _versions(tmp_path: Path) -> Path:
    old = fiche(
        "RNCP90001",
        extra=NEW_VERSION,
        blocks=BLOCK.format(code="RNCP90001BC01", title="Développer une application")
        + BLOCK.format(code="RNCP90001BC02", title="Gérer un projet")
        + BLOCK.format(code="RNCP90001BC03", title="Déployer")
        + BLOCK.format(code="RNCP90001BC04", title="Maintenir un parc"),
    )
    correspondences = (
        "<CORRESPONDANCES>"
        + _correspondence("RNCP90002BC02", "RS6626")
        + _correspondence("RNCP90002BC03", "RNCP90001", "RNCP90001BC03")
        + "</CORRESPONDANCES>"
    )
    new = fiche(
        "RNCP90002",
        extra=correspondences,
        blocks=BLOCK.format(code="RNCP90002BC01", title="Gérer un projet")
        + BLOCK.format(code="RNCP90002BC02", title="Développer une application")
        + BLOCK.format(code="RNCP90002BC03", title="Mettre en production"),
    )
    path = tmp_path / "versions.xml"
    path.write_text(export(old, new), encoding="utf-8")
    return path


def test_a_correspondence_to_another_fiche_does_not_hide_a_version_match(tmp_path: Path) -> None:
    """The new block that corresponds to an RS fiche is still matched to the old block of the
    same label; the block linked by a correspondence between the versions is not matched again."""
    result = run_import(SourceKind.RNCP, [_versions(tmp_path)])
    pairs = {
        (e.id, frozenset(e.from_blocks), frozenset(e.to_blocks))
        for e in result.catalogue.equivalences
    }
    assert (
        "label.RNCP90002.2",
        frozenset({"RNCP90002BC02"}),
        frozenset({"RNCP90001BC01"}),
    ) in pairs
    assert (
        "label.RNCP90002.1",
        frozenset({"RNCP90002BC01"}),
        frozenset({"RNCP90001BC02"}),
    ) in pairs
    assert (
        "corr.RNCP90002.1",
        frozenset({"RNCP90002BC02"}),
        frozenset({"RS6626-ensemble"}),
    ) in pairs
    assert ("corr.RNCP90002.2", frozenset({"RNCP90002BC03"}), frozenset({"RNCP90001BC03"})) in pairs
    assert len(pairs) == 4


def test_the_report_says_which_old_block_carries_to_which_new_one_and_why(
    tmp_path: Path,
) -> None:
    notes = [
        note
        for note in run_import(SourceKind.RNCP, [_versions(tmp_path)]).report.notes
        if note.startswith("RNCP90001 → RNCP90002")
    ]
    assert notes == [
        "RNCP90001 → RNCP90002: block RNCP90001BC01 carries to RNCP90002BC02 (same label"
        " 'Développer une application')",
        "RNCP90001 → RNCP90002: block RNCP90001BC02 carries to RNCP90002BC01 (same label"
        " 'Gérer un projet')",
        "RNCP90001 → RNCP90002: block RNCP90001BC03 carries to RNCP90002BC03 (correspondence"
        " corr.RNCP90002.2)",
        "RNCP90001 → RNCP90002: block RNCP90001BC04 carries to no block of RNCP90002 (no"
        " correspondence, no block of the same label): its holders are not credited in the new"
        " version",
    ]
