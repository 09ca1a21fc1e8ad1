"""Reading the RNCP XML flux (V4.1): ``FICHES/FICHE`` elements, one at a time.

Every problem of a fiche is collected with the fiche's position and number and the element at
fault; a fiche with problems is not yielded, and the reading goes on so that all problems of the
file are found in one pass.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, MutableMapping
from pathlib import Path
from typing import TypeVar
from xml.etree.ElementTree import Element

import attrs

from itineraire.errors import Problem
from itineraire.importing.fiches import Correspondence, Fiche, FicheBlock
from itineraire.importing.report import ImportReport
from itineraire.importing.values import (
    block_code,
    competence_items,
    fiche_registry_code,
    french_date,
    level,
    oui_non,
    rome_code,
    shortened,
)
from itineraire.importing.xmlstream import MarkupInValueError, stream_records, text_of
from itineraire.model.certifications import AccessRoute, Registry

__all__ = ["JURY_ROUTES", "read_xml_fiches"]

JURY_ROUTES = {
    "SI_JURY_FI": AccessRoute.STUDENT,
    "SI_JURY_CA": AccessRoute.APPRENTICESHIP,
    "SI_JURY_FC": AccessRoute.CONTINUING_TRAINING,
    "SI_JURY_CQ": AccessRoute.PROFESSIONALISATION_CONTRACT,
    "SI_JURY_CL": AccessRoute.INDIVIDUAL_APPLICATION,
    "SI_JURY_VAE": AccessRoute.VAE,
}
"""The six ``SI_JURY_*`` elements and the access route each opens when its ``ACTIF`` is Oui."""

_T = TypeVar("_T")


def read_xml_fiches(
    path: Path,
    problems: list[Problem],
    report: ImportReport,
    progress: Callable[[int], None] | None = None,
    seen: MutableMapping[str, str] | None = None,
) -> Iterator[Fiche]:
    """Yield the fiches of an XML export; problems are appended to ``problems``.

    Raises :class:`~itineraire.importing.xmlstream.UnreadableXmlError` when the file itself
    cannot be read on (malformed, unsafe). ``seen`` maps the fiche numbers already read (in
    this file or others) to their file's name, to find duplicates.
    """
    # The one thing kept per fiche: its number, to find duplicates (about 90 bytes a fiche).
    seen = {} if seen is None else seen
    for index, element in enumerate(stream_records(path, "FICHE", "FICHES", progress), start=1):
        report.count_read("fiches")
        fiche = _read_fiche(element, index, problems, report)
        if fiche is None:
            continue
        if fiche.code in seen:
            where = f"fiche {index} {fiche.code!r}"
            message = f"duplicate fiche number (also in {seen[fiche.code]})"
            problems.append(Problem(where, "NUMERO_FICHE", message))
            continue
        seen[fiche.code] = path.name
        yield attrs.evolve(fiche, origin=f"{path.name}, fiche {index}")


def _read_fiche(
    element: Element, index: int, problems: list[Problem], report: ImportReport
) -> Fiche | None:
    try:
        return _Reader(element, index, problems, report).fiche()
    except MarkupInValueError as error:
        code = element.findtext("NUMERO_FICHE") or ""
        where = f"fiche {index} {code.strip()!r}" if code.strip() else f"fiche {index}"
        problems.append(Problem(where, error.tag, str(error)))
        return None


class _Reader:
    """Reads one ``FICHE`` element, collecting its problems."""

    def __init__(
        self, element: Element, index: int, problems: list[Problem], report: ImportReport
    ) -> None:
        self.element = element
        self.problems = problems
        self.import_report = report
        self.failed = False
        self.code = text_of(element.find("NUMERO_FICHE"))
        self.where = f"fiche {index} {self.code!r}" if self.code else f"fiche {index}"

    def report(self, field: str, message: str) -> None:
        self.failed = True
        self.problems.append(Problem(self.where, field, message))

    def fiche(self) -> Fiche | None:
        code = self._required("NUMERO_FICHE", fiche_registry_code)
        title = self._required("INTITULE", shortened)
        active = self._required("ACTIF", oui_non)
        fiche_level = self._optional("NOMENCLATURE_EUROPE/NIVEAU", level)
        valid_from = self._optional("DATE_EFFET", french_date)
        valid_until = self._optional("DATE_FIN_ENREGISTREMENT", french_date)
        if valid_from and valid_until and valid_until < valid_from:
            self.report("DATE_FIN_ENREGISTREMENT", "is before DATE_EFFET")
        fiche = Fiche(
            code=code or "",
            registry=Registry.RS if (code or "").startswith("RS") else Registry.RNCP,
            title=title or "",
            active=bool(active),
            level=fiche_level,
            certifier=self._certifier(),
            access_routes=self._access_routes(),
            valid_from=valid_from,
            valid_until=valid_until,
            rome=self._rome(),
            blocks=self._blocks(),
            older=self._fiche_list("ANCIENNES_CERTIFICATIONS", "ID_FICHE_ANCIENNE_CERTIFICATION"),
            newer=self._fiche_list("NOUVELLES_CERTIFICATIONS", "ID_FICHE_NOUVELLE_CERTIFICATION"),
            correspondences=self._correspondences(),
        )
        return None if self.failed else fiche

    def _value(self, path: str, read: Callable[[str], _T], text: str) -> _T | None:
        try:
            return read(text)
        except ValueError as error:
            self.report(path, str(error))
            return None

    def _required(self, path: str, read: Callable[[str], _T]) -> _T | None:
        text = text_of(self.element.find(path))
        if not text:
            self.report(path, "is missing or empty")
            return None
        return self._value(path, read, text)

    def _optional(self, path: str, read: Callable[[str], _T]) -> _T | None:
        text = text_of(self.element.find(path))
        return self._value(path, read, text) if text else None

    def _certifier(self) -> str:
        certifiers = self.element.iterfind("CERTIFICATEURS/CERTIFICATEUR")
        names = [text_of(certifier.find("NOM_CERTIFICATEUR")) for certifier in certifiers]
        # The same certifier can be listed twice (two establishments of one body).
        return " ; ".join(dict.fromkeys(name for name in names if name))

    def _access_routes(self) -> tuple[AccessRoute, ...]:
        routes = []
        for tag, route in JURY_ROUTES.items():
            if self.element.find(tag) is not None and self._optional(f"{tag}/ACTIF", oui_non):
                routes.append(route)
        return tuple(routes)

    def _rome(self) -> tuple[str, ...]:
        codes: list[str] = []
        for position, element in enumerate(self.element.iterfind("CODES_ROME/ROME"), start=1):
            field = f"CODES_ROME/ROME[{position}]/CODE"
            code = self._value(field, rome_code, text_of(element.find("CODE")))
            if code is not None and code not in codes:
                codes.append(code)
        return tuple(codes)

    def _blocks(self) -> tuple[FicheBlock, ...]:
        blocks: dict[str, FicheBlock] = {}
        path = "BLOCS_COMPETENCES/BLOC_COMPETENCES"
        for position, element in enumerate(self.element.iterfind(path), start=1):
            field = f"{path}[{position}]"
            code = text_of(element.find("CODE"))
            title = text_of(element.find("LIBELLE"))
            if not code:
                self.report(f"{field}/CODE", "is missing or empty")
            elif self._value(f"{field}/CODE", block_code, code) is None:
                continue
            if not title:
                self.report(f"{field}/LIBELLE", "is missing or empty")
            if code in blocks:
                # A code given twice in one fiche occurs in the real export: the first wins.
                self.import_report.skip("block: code given twice in its fiche, first kept")
                self.import_report.note(f"{self.code}: block {code} given twice, first kept")
                continue
            if not code or not title:
                continue
            modes = text_of(element.find("MODALITES_EVALUATION"))
            blocks[code] = FicheBlock(
                code=code,
                title=shortened(title),
                competences=tuple(competence_items(_raw_text(element, "LISTE_COMPETENCES"))),
                evaluation_modes=(shortened(modes),) if modes else (),
            )
        return tuple(blocks.values())

    def _fiche_list(self, path: str, tag: str) -> tuple[str, ...]:
        codes: list[str] = []
        for position, element in enumerate(self.element.iterfind(f"{path}/*/{tag}"), start=1):
            code = self._value(f"{path}[{position}]/{tag}", fiche_registry_code, text_of(element))
            if code is not None and code not in codes:
                codes.append(code)
        return tuple(codes)

    def _block_codes(self, element: Element, field: str) -> tuple[str, ...]:
        """The block codes at ``field`` (a path below the fiche), each checked and kept once."""
        relative = field.split("]/", 1)[1]
        codes = [
            self._value(field, block_code, text_of(code))
            for code in element.iterfind(relative)
            if text_of(code)
        ]
        return tuple(dict.fromkeys(code for code in codes if code is not None))

    def _correspondences(self) -> tuple[Correspondence, ...]:
        found = []
        path = "CORRESPONDANCES/CORRESPONDANCE"
        for position, element in enumerate(self.element.iterfind(path), start=1):
            field = f"{path}[{position}]/DESTINATION/NUMERO_FICHE"
            destination = text_of(element.find("DESTINATION/NUMERO_FICHE"))
            if not destination:
                self.report(field, "is missing or empty")
                continue
            fiche = self._value(field, fiche_registry_code, destination)
            if fiche is None:
                continue
            field = f"{path}[{position}]"
            source = self._block_codes(element, f"{field}/SOURCE/BLOC_COMPETENCES/CODE")
            target = self._block_codes(element, f"{field}/DESTINATION/BLOC_COMPETENCES/CODE")
            found.append(Correspondence(source_blocks=source, fiche=fiche, blocks=target))
        return tuple(found)


def _raw_text(element: Element, path: str) -> str:
    """The text of a child as written: the runs of spaces of ``LISTE_COMPETENCES`` separate its
    items, so they must not be collapsed."""
    child = element.find(path)
    return "" if child is None or child.text is None else child.text
