"""The built-in catalogue: it loads cleanly, covers the pact, and agrees with real RNCP data.

Real data: ``tests/data/rncp/export_fiches_RNCP_fixture.xml``, 12 fiches of the France
Compétences XML export of 2026-08-16 (see ``PROVENANCE.md`` beside it).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest

from itineraire import (
    Catalogue,
    Placement,
    Registry,
    builtin_catalogue,
    check_catalogue,
)
from itineraire.model.sectors import Sector

RNCP_XML = Path(__file__).parent / "data" / "rncp" / "export_fiches_RNCP_fixture.xml"
RNCP_CODE = re.compile(r"^RNCP[0-9]+$")


@dataclass(frozen=True)
class XmlFiche:
    """What the tests compare of one fiche of the XML export."""

    code: str
    title: str
    level: int | None
    blocks: dict[str, str]
    """Block code → block title, in the order of the fiche."""
    correspondences: tuple[tuple[frozenset[str], frozenset[str]], ...]
    """(source blocks, destination blocks) of each block-to-block correspondence."""


def _text(element: ET.Element, path: str) -> str:
    return (element.findtext(path) or "").strip()


def _fiche(element: ET.Element) -> XmlFiche:
    level_text = _text(element, "NOMENCLATURE_EUROPE/NIVEAU")
    level = int(level_text[3:]) if re.fullmatch(r"NIV[0-9]", level_text) else None
    blocks = {
        _text(block, "CODE"): _text(block, "LIBELLE")
        for block in element.findall("BLOCS_COMPETENCES/BLOC_COMPETENCES")
    }
    correspondences = []
    for item in element.findall("CORRESPONDANCES/CORRESPONDANCE"):
        source = frozenset(
            _text(code, ".") for code in item.findall("SOURCE/BLOC_COMPETENCES/CODE")
        )
        target = frozenset(
            _text(code, ".") for code in item.findall("DESTINATION/BLOC_COMPETENCES/CODE")
        )
        if source and target:
            correspondences.append((source, target))
    return XmlFiche(
        code=_text(element, "NUMERO_FICHE"),
        title=_text(element, "INTITULE"),
        level=level,
        blocks=blocks,
        correspondences=tuple(correspondences),
    )


@pytest.fixture(scope="module")
def xml_fiches() -> dict[str, XmlFiche]:
    """The fiches of the XML fixture, by code (trusted test data, parsed with ElementTree)."""
    root = ET.parse(RNCP_XML).getroot()
    fiches = (_fiche(element) for element in root.findall("FICHE"))
    return {fiche.code: fiche for fiche in fiches}


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    """The built-in catalogue, as the package ships it."""
    return builtin_catalogue()


def test_builtin_catalogue_loads_without_findings(catalogue: Catalogue) -> None:
    """The built-in catalogue loads strictly and the consistency checks find nothing at all."""
    assert catalogue.certifications
    assert check_catalogue(catalogue) == ()


def test_every_sector_of_the_pact_has_a_certification(catalogue: Catalogue) -> None:
    """Each of the ten modular sectors has at least one certification."""
    covered = {c.sector for c in catalogue.certifications.values()}
    assert set(Sector) <= covered


def test_the_fixture_holds_the_digital_fiches(xml_fiches: dict[str, XmlFiche]) -> None:
    """The fixture has the fiches the digital sector is built from (guards the comparisons)."""
    assert {"RNCP37674", "RNCP37873"} <= xml_fiches.keys()
    assert xml_fiches["RNCP37674"].level == 5
    assert list(xml_fiches["RNCP37674"].blocks) == ["RNCP37674BC01", "RNCP37674BC02"]


def test_real_certifications_match_the_rncp_export(
    catalogue: Catalogue, xml_fiches: dict[str, XmlFiche]
) -> None:
    """A non-illustrative RNCP certification found in the export has its title, level and
    blocks (codes, titles, order)."""
    compared = []
    for certification in catalogue.certifications.values():
        fiche = xml_fiches.get(certification.code)
        if certification.provenance.illustrative or fiche is None:
            continue
        compared.append(certification.code)
        assert certification.title == fiche.title, certification.code
        assert certification.level == fiche.level, certification.code
        assert list(certification.blocks) == list(fiche.blocks), certification.code
        for code, title in fiche.blocks.items():
            assert catalogue.blocks[code].title == title, code
    assert "RNCP37674" in compared


def test_real_certifications_outside_the_export_name_a_source(
    catalogue: Catalogue, xml_fiches: dict[str, XmlFiche]
) -> None:
    """A non-illustrative certification with an RNCP-looking code that is not in the export
    names the source it was taken from."""
    for certification in catalogue.certifications.values():
        if (
            RNCP_CODE.match(certification.code)
            and certification.code not in xml_fiches
            and not certification.provenance.illustrative
        ):
            assert certification.provenance.source.strip(), certification.code


def test_every_certification_names_a_source_and_invented_codes_are_illustrative(
    catalogue: Catalogue,
) -> None:
    """Every certification names its source; one whose code is not a real RNCP or RS code is
    marked illustrative and cannot be mistaken for a real code."""
    for certification in catalogue.certifications.values():
        assert certification.provenance.source.strip(), certification.code
        real_pattern = re.compile(
            r"^RS[0-9]+$" if certification.registry is Registry.RS else r"^RNCP[0-9]+$"
        )
        if not real_pattern.match(certification.code):
            assert certification.provenance.illustrative, certification.code
            assert certification.code.startswith("ILLUSTR-"), certification.code
        if certification.provenance.illustrative:
            assert certification.provenance.note.strip(), certification.code


def test_former_version_equivalences_follow_the_export(
    catalogue: Catalogue, xml_fiches: dict[str, XmlFiche]
) -> None:
    """RNCP31114 is replaced by RNCP37674, and the catalogue's equivalences between their blocks
    are exactly the fiche's block correspondences."""
    assert catalogue.certifications["RNCP37674"].replaces == ("RNCP31114",)
    assert catalogue.certifications["RNCP31114"].replaced_by == ("RNCP37674",)
    expected = {
        (source, target)
        for source, target in xml_fiches["RNCP37674"].correspondences
        if all(code.startswith("RNCP31114") for code in target)
    }
    found = {
        (equivalence.from_blocks, equivalence.to_blocks)
        for equivalence in catalogue.equivalences
        if any(code.startswith("RNCP31114") for code in equivalence.to_blocks)
    }
    assert expected
    assert found == expected


def test_clea_pix_and_languages(catalogue: Catalogue) -> None:
    """CléA has its 7 domains (plus CléA numérique), Pix its 16 CRCN competences on the Pix
    scale, and the four languages are on the CEFR scale."""
    competences = catalogue.competences
    clea_domains = {c for c in competences if re.fullmatch(r"clea\.[0-9]+", c)}
    assert clea_domains == {f"clea.{n}" for n in range(1, 8)}
    assert all(competences[c].scale is None for c in clea_domains)
    assert "clea.numerique" in competences
    pix = {c.id for c in competences.values() if c.framework == "pix"}
    assert len(pix) == 16
    assert all(competences[c].scale == "pix" for c in pix)
    assert {"pix.1.1", "pix.3.4", "pix.5.2"} <= pix
    for language in ("lang.de", "lang.en", "lang.lb", "lang.fle"):
        assert competences[language].scale == "cefr", language


def test_every_competence_is_taught_by_a_module(catalogue: Catalogue) -> None:
    """Each competence of the catalogue is taught by at least one module."""
    for competence in catalogue.competences:
        assert catalogue.modules_teaching(competence), competence


def test_placements_of_every_kind_the_seed_names(catalogue: Catalogue) -> None:
    """There are immersions (PMSMP), training in the workplace (AFEST or learning company) and
    contrats de professionnalisation, one of which validates a block in the company."""
    placements = [m for m in catalogue.modules.values() if isinstance(m, Placement)]
    types = {p.placement_type.value for p in placements}
    assert "pmsmp" in types
    assert types & {"afest", "learning_company"}
    assert "professionalisation_contract" in types
    contracts = [p for p in placements if p.placement_type.value == "professionalisation_contract"]
    assert any(p.validates for p in contracts)


def test_module_figures_are_marked_as_estimates(catalogue: Catalogue) -> None:
    """Hours and costs are estimates, so every module says so in its provenance."""
    for module in catalogue.modules.values():
        assert module.provenance.estimate, module.id
        assert module.provenance.note.strip(), module.id
