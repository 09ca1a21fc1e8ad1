"""Importing LHEO training offers as modules and ROME 4.0 tables as job parents.

Real data: ``tests/data/import/lheo/exemple-bts-onisep.xml`` (LHEO 2.2, Onisep) and the ROME 4.0
v460 tables of ``tests/data/import/rome4_v460/`` (see PROVENANCE.md there).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from itineraire import learner_from_data
from itineraire.files.documents import CatalogueDoc
from itineraire.importing.report import SourceError
from itineraire.importing.running import SourceKind, run_import
from itineraire.model.requirements import AllOf, HasBlock
from itineraire.modules import ProfessionalModule
from itineraire.planning import Planner
from tests.import_samples import (
    BLOCK,
    LHEO_XML,
    RNCP_XML,
    ROME_CODES,
    ROME_DIR,
    export,
    fiche,
    formation,
    lheo,
)


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_the_real_lheo_offer_becomes_a_module_of_its_certification() -> None:
    """The BTS offer: one module, linked to RNCP474 (absent from the catalogue, so kept as an
    illustrative reference at level 5, LHEO's exit level 6 being the old level III), with its
    session, its training body, and hours and cost marked as not given."""
    result = run_import(SourceKind.LHEO, [LHEO_XML])
    catalogue = result.catalogue
    module = catalogue.modules["lheo.9436_18706"]
    assert isinstance(module, ProfessionalModule)
    assert module.title == "BTS négociation et relation client"
    assert module.certification == "RNCP474"
    assert module.validates == ("RNCP474-ensemble",)
    assert module.sessions == (dt.date(2015, 9, 1),)
    assert module.provider == "Lycée Kerneuzec"
    assert (module.hours, module.cost, module.provenance.estimate) == (0, 0, True)
    reference = catalogue.certifications["RNCP474"]
    assert reference.provenance.illustrative
    assert reference.level == 5
    assert result.report.skipped["offer hours: not given, set to 0 and marked as an estimate"] == 1
    assert result.findings == ()


def test_an_offer_validates_every_block_of_a_known_certification(tmp_path: Path) -> None:
    """Merged into a catalogue that has the certification, a 2.2 offer (no blocks named)
    validates all its blocks and creates no reference."""
    base = run_import(SourceKind.RNCP, [RNCP_XML]).document
    offer = _write(tmp_path / "offer.xml", lheo(formation(rncp="37674"), version="2.2"))
    result = run_import(SourceKind.LHEO, [offer], base)
    module = result.catalogue.modules["lheo.F1-A"]
    assert module.validates == ("RNCP37674BC01", "RNCP37674BC02")
    assert (module.hours, module.cost) == (400, 4800)
    assert module.sessions == (dt.date(2027, 1, 4),)
    assert "RNCP474" not in result.catalogue.certifications


def test_lheo_2_3_blocks_and_prerequisites(tmp_path: Path) -> None:
    """2.3 ``blocs-competences`` name the blocks a session validates; ``modules-prerequis`` and
    ``sous-modules`` become requirements on the blocks of the modules referred to."""
    base = run_import(SourceKind.RNCP, [RNCP_XML]).document
    block = (
        "<blocs-competences><validation-blocs>1</validation-blocs><bloc-competences>"
        "<code-bloc>{}</code-bloc><libelle-bloc>x</libelle-bloc></bloc-competences>"
        "</blocs-competences>"
    )
    front = formation(
        "FRONT",
        blocks=block.format("RNCP37674BC01"),
        rncp="37674",
        extra="<identifiant-module>M-FRONT</identifiant-module>",
    )
    back = formation(
        "BACK",
        blocks=block.format("RNCP37674BC02"),
        rncp="37674",
        extra="<identifiant-module>M-BACK</identifiant-module><modules-prerequis>"
        "<reference-module>M-FRONT</reference-module></modules-prerequis>",
    )
    offer = _write(tmp_path / "offer.xml", lheo(front + back))
    catalogue = run_import(SourceKind.LHEO, [offer], base).catalogue
    assert catalogue.modules["lheo.FRONT-A"].validates == ("RNCP37674BC01",)
    back_module = catalogue.modules["lheo.BACK-A"]
    assert back_module.validates == ("RNCP37674BC02",)
    assert back_module.prerequisites == AllOf((HasBlock("RNCP37674BC01"),))


def test_a_reference_is_replaced_when_the_fiche_is_imported(tmp_path: Path) -> None:
    """Offers first, fiches later: the module moves from the placeholder block to the real ones."""
    offer = _write(tmp_path / "offer.xml", lheo(formation(rncp="90001")))
    first = run_import(SourceKind.LHEO, [offer])
    assert first.catalogue.modules["lheo.F1-A"].validates == ("RNCP90001-ensemble",)
    blocks = BLOCK.format(code="RNCP90001BC01", title="A") + BLOCK.format(
        code="RNCP90001BC02", title="B"
    )
    fiches = _write(tmp_path / "fiches.xml", export(fiche(blocks=blocks)))
    second = run_import(SourceKind.RNCP, [fiches], first.document)
    module = second.catalogue.modules["lheo.F1-A"]
    assert module.validates == ("RNCP90001BC01", "RNCP90001BC02")
    assert not second.catalogue.certifications["RNCP90001"].provenance.illustrative
    # The fiche cites its jobs for the whole fiche, never per block: only that is pointed out.
    assert [f.code for f in second.findings] == ["vae-blocks-without-jobs"]


@pytest.mark.parametrize(("code", "level"), [("11", 1), ("12", 2)])
def test_an_exit_level_below_the_catalogues_is_not_kept(
    tmp_path: Path, code: str, level: int
) -> None:
    """New levels 1–2 name no certification of the catalogue: the offer of an absent
    certification is skipped with the reason, not a crash on the placeholder's level."""
    text = formation(rncp="90001").replace(
        "<code-niveau-sortie>15<", f"<code-niveau-sortie>{code}<"
    )
    result = run_import(SourceKind.LHEO, [_write(tmp_path / "offer.xml", lheo(text))])
    assert result.catalogue.modules == {}
    assert "RNCP90001" not in result.catalogue.certifications
    assert result.report.skipped == {"offer: certification unknown and no level to describe it": 1}
    assert result.report.notes == (
        f"formation 1 'F1': exit level {code} is level {level}, below the catalogue's levels"
        " (3–8), not kept",
    )


def test_an_offer_at_level_2_still_links_to_a_known_certification(tmp_path: Path) -> None:
    """The exit level only describes an absent certification: a known one keeps its module."""
    base = run_import(SourceKind.RNCP, [RNCP_XML]).document
    text = formation(rncp="37674").replace("<code-niveau-sortie>15<", "<code-niveau-sortie>12<")
    result = run_import(SourceKind.LHEO, [_write(tmp_path / "offer.xml", lheo(text))], base)
    module = result.catalogue.modules["lheo.F1-A"]
    assert isinstance(module, ProfessionalModule)
    assert module.certification == "RNCP37674"


_BLOCKS_23 = (
    "<blocs-competences><validation-blocs>1</validation-blocs><bloc-competences>"
    "<code-bloc>{}</code-bloc><libelle-bloc>x</libelle-bloc></bloc-competences>"
    "</blocs-competences>"
)


def test_an_offer_naming_only_unknown_blocks_is_skipped_not_widened(tmp_path: Path) -> None:
    """RNCP37674 has BC01 and BC02: an offer naming BC09 validates nothing (skipped, said why),
    never the whole certification; one naming BC09 and BC01 validates BC01 only."""
    base = run_import(SourceKind.RNCP, [RNCP_XML]).document
    unknown = formation("UNK", rncp="37674", blocks=_BLOCKS_23.format("RNCP37674BC09"))
    both = formation(
        "BOTH",
        rncp="37674",
        blocks=_BLOCKS_23.format("RNCP37674BC09").replace(
            "</blocs-competences>",
            "<bloc-competences><code-bloc>RNCP37674BC01</code-bloc></bloc-competences>"
            "</blocs-competences>",
        ),
    )
    offer = _write(tmp_path / "offer.xml", lheo(unknown + both))
    result = run_import(SourceKind.LHEO, [offer], base)
    assert "lheo.UNK-A" not in result.catalogue.modules
    assert result.catalogue.modules["lheo.BOTH-A"].validates == ("RNCP37674BC01",)
    assert result.report.skipped == {"offer: names only blocks its certification does not have": 1}
    assert result.report.notes == (
        "module lheo.BOTH-A: blocks RNCP37674BC09 not in RNCP37674, left out",
        "module lheo.UNK-A: blocks RNCP37674BC09 not in RNCP37674, skipped",
    )


def test_a_placeholder_holds_every_block_its_offers_name(tmp_path: Path) -> None:
    """Two offers of one absent certification naming different blocks: its placeholder has both
    blocks and each module validates its own (the first offer no longer decides)."""
    first = formation("A", rncp="99999", blocks=_BLOCKS_23.format("RNCP99999BC01"))
    second = formation("B", rncp="99999", blocks=_BLOCKS_23.format("RNCP99999BC02"))
    whole = formation("C", rncp="99999")
    offer = _write(tmp_path / "offer.xml", lheo(first + second + whole))
    catalogue = run_import(SourceKind.LHEO, [offer]).catalogue
    assert catalogue.certifications["RNCP99999"].blocks == (
        "RNCP99999BC01",
        "RNCP99999BC02",
        "RNCP99999-ensemble",
    )
    assert catalogue.modules["lheo.A-A"].validates == ("RNCP99999BC01",)
    assert catalogue.modules["lheo.B-A"].validates == ("RNCP99999BC02",)
    assert catalogue.modules["lheo.C-A"].validates == (
        "RNCP99999BC01",
        "RNCP99999BC02",
        "RNCP99999-ensemble",
    )


def test_later_offers_add_blocks_to_a_reference_in_the_catalogue(tmp_path: Path) -> None:
    """Offers imported in two runs, naming two blocks of the absent RNCP99999: the reference
    of the first run gains the second block, and the second module validates it alone."""
    first_file = lheo(formation("A", rncp="99999", blocks=_BLOCKS_23.format("RNCP99999BC01")))
    second_file = lheo(formation("B", rncp="99999", blocks=_BLOCKS_23.format("RNCP99999BC02")))
    first = run_import(SourceKind.LHEO, [_write(tmp_path / "one.xml", first_file)])
    second = run_import(
        SourceKind.LHEO, [_write(tmp_path / "two.xml", second_file)], first.document
    )
    catalogue = second.catalogue
    assert catalogue.certifications["RNCP99999"].blocks == ("RNCP99999BC01", "RNCP99999BC02")
    assert catalogue.modules["lheo.A-A"].validates == ("RNCP99999BC01",)
    assert catalogue.modules["lheo.B-A"].validates == ("RNCP99999BC02",)
    assert "RNCP99999: reference already in the catalogue, blocks RNCP99999BC02 added" in (
        second.report.notes
    )


def test_the_real_rome_tables_give_parents_and_jobs_lead_to_certifications() -> None:
    """ROME 4.0: 1,584 codes, 1,052 sub-codes with a parent; a job target given as a sub-code
    (M1813, parent M1805) reaches the certifications whose fiches cite the parent."""
    base = run_import(SourceKind.RNCP, [RNCP_XML]).document
    result = run_import(SourceKind.ROME, sorted(ROME_DIR.glob("*.csv")), base)
    catalogue = result.catalogue
    assert len(catalogue.rome_parents) == 1052
    assert catalogue.rome_parents["M1813"] == "M1805"
    assert {c.code for c in catalogue.certifications_for_job("M1813")} == {
        "RNCP35419",
        "RNCP36490",
        "RNCP37674",
        "RNCP37873",
    }
    assert result.report.read["ROME codes"] == 1584
    # RNCP40344 also cites A1500, which is not a code of ROME v460: reported, not dropped.
    assert result.report.kept["certifications leading to ROME jobs"] == 11
    assert "RNCP40344: ROME A1500 not in the ROME tables read" in result.report.notes
    assert "A1500" in catalogue.certifications["RNCP40344"].rome


def test_rome_tables_without_the_table_of_codes_are_refused() -> None:
    """Only the table of ROME codes gives parents: the other tables alone are refused."""
    others = [ROME_DIR / "unix_grand_domaine_v460_utf8.csv"]
    with pytest.raises(SourceError) as caught:
        run_import(SourceKind.ROME, others, CatalogueDoc(name="jobs"))
    assert str(caught.value) == (
        "ROME table unix_grand_domaine_v460_utf8.csv has 1 problem:\n"
        "  - files: none is the table of ROME codes (columns code_rome, code_rome_parent)"
    )


def test_a_job_target_is_planned_on_an_imported_catalogue() -> None:
    """Imported fiches + ROME parents: a learner aiming at a ROME sub-code gets a route."""
    base = run_import(SourceKind.RNCP, [RNCP_XML]).document
    catalogue = run_import(SourceKind.ROME, [ROME_CODES], base).catalogue
    learner = learner_from_data(
        {
            "id": "dev",
            "positioning": {"date": "2027-01-04", "experience": [{"rome": "M1805", "hours": 1200}]},
            "target": {"job": "M1813"},
        },
        catalogue,
    )
    route = Planner(catalogue).plan(learner)
    assert route.steps[-1].validates


def test_progress_counts_every_byte_of_the_file() -> None:
    """The progress callback (the command line's bar) is told each read: they add up to the file."""
    seen: list[int] = []
    run_import(SourceKind.RNCP, [RNCP_XML], progress=seen.append)
    assert sum(seen) == RNCP_XML.stat().st_size
    assert len(seen) > 1
    seen.clear()
    run_import(SourceKind.LHEO, [LHEO_XML], progress=seen.append)
    assert sum(seen) == LHEO_XML.stat().st_size
