"""Importing LHEO 2.2 / 2.3 training offers as modules.

Each ``action`` of a ``formation`` becomes a professional module: the formation's title, the
action's hours (``nombre-heures-total``, else centre + company hours) and cost (``prix-total-TTC``,
else the hourly price times the hours), the start dates of its sessions and the training body.
``certification/code-RNCP`` (a bare number) links it to a certification of the catalogue; LHEO 2.3
``blocs-competences`` say which blocks it validates, otherwise it validates every block of the
certification. A certification absent from the catalogue becomes an illustrative reference with
one block standing for the whole certification, replaced when the RNCP fiche is imported.
``modules-prerequis`` and ``sous-modules`` become prerequisites: a module requires the blocks its
prerequisite modules (or its sub-modules) validate.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence, Set
from decimal import Decimal, InvalidOperation
from pathlib import Path
from xml.etree.ElementTree import Element

import attrs

from itineraire.errors import Problem
from itineraire.files.documents import (
    BlockDoc,
    CertificationDoc,
    ProfessionalModuleDoc,
    ProvenanceDoc,
)
from itineraire.importing.report import ImportReport, SourceError
from itineraire.importing.values import shortened, whole_certification_block
from itineraire.importing.xmlstream import (
    MarkupInValueError,
    UnreadableXmlError,
    local_name,
    stream_records,
    text_of,
)
from itineraire.model.certifications import Registry

__all__ = ["LheoImport", "import_lheo", "whole_certification_block"]

_WHAT = "LHEO offer"
_SOURCE = "LHEO offer"
_NUMBER = re.compile(r"^[0-9]{1,10}$")
_UNKNOWN_DATES = {"00000000", "99999999"}
# dict-niveaux of LHEO: the old levels VI … I (codes 2 … 8) and the new levels 1 … 8 (11 … 18).
# The catalogue's certification levels (new levels 1–2 have no certification in it).
_MIN_LEVEL, _MAX_LEVEL = 3, 8
_LEVELS = {4: 3, 5: 4, 6: 5, 7: 6, 8: 7, **{10 + n: n for n in range(1, 9)}}
_UNSAFE_ID = re.compile(r"[^A-Za-z0-9._:+-]+")


@attrs.frozen
class LheoImport:
    """The modules of the offers, and the reference certifications they needed."""

    modules: tuple[ProfessionalModuleDoc, ...]
    certifications: tuple[CertificationDoc, ...]


@attrs.define
class _Action:
    """What an ``action`` says about the module: duration, price, sessions."""

    hours: int
    cost: int
    sessions: list[dt.date]
    estimate: bool
    note: str


@attrs.define
class _Offer:
    module_id: str
    title: str
    provider: str
    reference: str
    certification: str
    level: int | None
    action: _Action
    validates: list[str]
    prerequisites: list[str]


def import_lheo(
    paths: Sequence[Path],
    known_blocks: Mapping[str, Sequence[str]],
    *,
    references: Set[str] = frozenset(),
    progress: Callable[[int], None] | None = None,
) -> tuple[LheoImport, ImportReport]:
    """Read LHEO offers; ``known_blocks`` maps the catalogue's certifications to their blocks,
    ``references`` names those that are placeholders (offers may name more of their blocks)."""
    report = ImportReport()
    offers: list[_Offer] = []
    seen: dict[str, str] = {}
    for path in paths:
        problems: list[Problem] = []
        try:
            records = stream_records(path, "formation", "lheo", progress, LHEO_NAMESPACES)
            for index, formation in enumerate(records, start=1):
                report.count_read("formations")
                for offer in _offers(_Formation(formation, index, problems, report)):
                    if offer.module_id in seen:
                        where = f"formation {index}"
                        message = f"action number gives the module id {offer.module_id!r} again"
                        problems.append(
                            Problem(where, "action", f"{message} ({seen[offer.module_id]})")
                        )
                        continue
                    seen[offer.module_id] = f"{path.name}, formation {index}"
                    offers.append(offer)
        except UnreadableXmlError as error:
            problems.insert(0, error.problem)
        if problems:
            raise SourceError(_WHAT, str(path), problems)
    source = ", ".join(p.name for p in paths)
    return _assemble(offers, known_blocks, references, report, source), report


LHEO_NAMESPACES = (
    "http://www.lheo.org/2.2",
    "http://www.lheo.org/2.3",
    "http://lheo.gouv.fr/2.2",
    "http://lheo.gouv.fr/2.3",
    "",
)
"""The namespaces an LHEO offer is read in: those of versions 2.2 and 2.3, or none."""


def _offers(formation: _Formation) -> list[_Offer]:
    try:
        return formation.offers()
    except MarkupInValueError as error:
        formation.problem(error.tag, str(error))
        return []


def _children(element: Element | None, name: str) -> list[Element]:
    """Children by local name: LHEO 2.2 and 2.3 use different namespaces."""
    if element is None:
        return []
    return [child for child in element if local_name(child.tag) == name]


def _find(element: Element | None, path: str) -> Element | None:
    for name in path.split("/"):
        found = _children(element, name)
        element = found[0] if found else None
    return element


def _find_all(element: Element | None, path: str) -> list[Element]:
    *parents, last = path.split("/")
    current = [element] if element is not None else []
    for name in parents:
        current = [child for parent in current for child in _children(parent, name)]
    return [child for parent in current for child in _children(parent, last)]


class _Formation:
    """Reads one ``formation``: one offer per ``action``."""

    def __init__(
        self, element: Element, index: int, problems: list[Problem], report: ImportReport
    ) -> None:
        self.element = element
        self.problems = problems
        self.report = report
        number = element.get("numero", "")
        self.where = f"formation {index} {number!r}" if number else f"formation {index}"
        self.number = number or str(index)

    def problem(self, field: str, message: str) -> None:
        self.problems.append(Problem(self.where, field, message))

    def offers(self) -> list[_Offer]:
        title = text_of(_find(self.element, "intitule-formation"))
        if not title:
            self.problem("intitule-formation", "is missing or empty")
        certifications = self._certifications()
        if not certifications:
            self.report.skip("formation: no RNCP certification, no block to validate")
            return []
        level = self._level()
        reference = text_of(_find(self.element, "identifiant-module")) or self.number
        prerequisites = [
            text_of(e) for e in _find_all(self.element, "modules-prerequis/reference-module")
        ] + [
            text_of(e) for e in _find_all(self.element, "sous-modules/sous-module/reference-module")
        ]
        provider = text_of(
            _find(self.element, "organisme-formation-responsable/nom-organisme")
        ) or text_of(_find(self.element, "organisme-formation-responsable/raison-sociale"))
        offers = []
        actions = _children(self.element, "action")
        for position, action in enumerate(actions, start=1):
            number = action.get("numero") or f"{self.number}.{position}"
            fields = self._action_fields(action, position)
            if fields is None or not title:
                continue
            offers.append(
                _Offer(
                    module_id=_identifier(f"lheo.{number}"),
                    title=shortened(title),
                    provider=provider,
                    reference=reference,
                    certification=certifications[0],
                    level=level,
                    action=fields,
                    validates=self._blocks(action),
                    prerequisites=[p for p in prerequisites if p],
                )
            )
        if not actions:
            self.problem("action", "a formation needs at least one action")
        if len(certifications) > 1:
            others = ", ".join(certifications[1:])
            self.report.note(f"{self.where}: linked to {certifications[0]} only, not {others}")
        return offers

    def _certifications(self) -> list[str]:
        codes = []
        for element in _find_all(self.element, "certification/code-RNCP"):
            number = text_of(element)
            if _NUMBER.match(number) is None:
                self.problem("certification/code-RNCP", f"{number!r} is not an RNCP number")
            else:
                codes.append(f"RNCP{int(number)}")
        return codes

    def _level(self) -> int | None:
        text = text_of(_find(self.element, "code-niveau-sortie"))
        found = _LEVELS.get(int(text)) if text.isdigit() else None
        if found is not None and found < _MIN_LEVEL:
            # New levels 1–2 exist in LHEO but no certification of the catalogue is below 3:
            # the offer keeps no level (so cannot describe an absent certification).
            self.report.note(
                f"{self.where}: exit level {text} is level {found}, below the catalogue's"
                f" levels ({_MIN_LEVEL}–{_MAX_LEVEL}), not kept"
            )
            return None
        return found

    def _action_fields(self, action: Element, position: int) -> _Action | None:
        field = f"action[{position}]"
        hours = self._number(action, "nombre-heures-total", field)
        if hours is None:
            centre = self._number(action, "nombre-heures-centre", field)
            company = self._number(action, "nombre-heures-entreprise", field)
            hours = (
                None
                if centre is None and company is None
                else (centre or Decimal(0)) + (company or Decimal(0))
            )
        cost = self._number(action, "prix-total-TTC", field)
        hourly = self._number(action, "prix-horaire-TTC", field)
        if cost is None and hourly is not None and hours is not None:
            cost = hourly * hours
        sessions = self._sessions(action, field)
        if sessions is None:
            return None
        missing = [name for name, value in (("hours", hours), ("cost", cost)) if value is None]
        for name in missing:
            self.report.skip(f"offer {name}: not given, set to 0 and marked as an estimate")
        note = f"{', '.join(missing)} not given by the offer; 0 is a placeholder" if missing else ""
        duration = text_of(_find(action, "duree-indicative"))
        if missing and duration:
            note += f" (duree-indicative: {duration})"
        return _Action(round(hours or 0), round(cost or 0), sessions, bool(missing), note)

    def _number(self, action: Element, name: str, field: str) -> Decimal | None:
        text = text_of(_find(action, name)).replace(",", ".")
        if not text:
            return None
        try:
            value = Decimal(text)
        except InvalidOperation:
            self.problem(f"{field}/{name}", f"{text!r} is not a number")
            return None
        if not value.is_finite() or value < 0 or value > 10_000_000:
            self.problem(f"{field}/{name}", f"{text!r} is out of range")
            return None
        return value

    def _sessions(self, action: Element, field: str) -> list[dt.date] | None:
        dates = []
        failed = False
        for position, session in enumerate(_children(action, "session"), start=1):
            text = text_of(_find(session, "periode/debut"))
            if not text or text in _UNKNOWN_DATES:
                continue
            try:
                dates.append(dt.datetime.strptime(text, "%Y%m%d").date())
            except ValueError:
                failed = True
                self.problem(
                    f"{field}/session[{position}]/periode/debut", f"{text!r} is not a date AAAAMMJJ"
                )
        return None if failed else sorted(set(dates))

    def _blocks(self, action: Element) -> list[str]:
        # LHEO 2.3: the blocks may be given for a session, an action or the whole formation.
        for scope in (*_children(action, "session"), action, self.element):
            codes = [
                text_of(e) for e in _find_all(scope, "blocs-competences/bloc-competences/code-bloc")
            ]
            if codes:
                return list(dict.fromkeys(code for code in codes if code))
        return []


def _identifier(text: str) -> str:
    return _UNSAFE_ID.sub("-", text)[:80]


def _assemble(
    offers: list[_Offer],
    known_blocks: Mapping[str, Sequence[str]],
    placeholders: Set[str],
    report: ImportReport,
    source: str,
) -> LheoImport:
    blocks_of = {code: list(blocks) for code, blocks in known_blocks.items()}
    references = _references(offers, blocks_of, placeholders, report, source)
    for code, doc in references.items():
        # A placeholder already in the catalogue gains these blocks when merged.
        added = [block.code for block in doc.blocks]
        blocks_of[code] = list(dict.fromkeys([*blocks_of.get(code, []), *added]))
    validated_by_reference: dict[str, list[str]] = {}
    modules = []
    for offer in offers:
        blocks = blocks_of.get(offer.certification)
        if not blocks:
            report.skip("offer: certification unknown and no level to describe it")
            continue
        validates = _validated(offer, blocks, report)
        if not validates:
            continue
        validated_by_reference.setdefault(offer.reference, []).extend(validates)
        modules.append((offer, validates))
    result = []
    for offer, validates in modules:
        requires = []
        for reference in offer.prerequisites:
            blocks = validated_by_reference.get(reference)
            if not blocks:
                report.note(
                    f"module {offer.module_id}: prerequisite module {reference!r}"
                    " not in the offers, left out"
                )
                continue
            requires += [f"block:{code}" for code in dict.fromkeys(blocks) if code not in validates]
        action = offer.action
        result.append(
            ProfessionalModuleDoc(
                kind="professional",
                id=offer.module_id,
                title=offer.title,
                block=validates[0],
                hours=action.hours,
                cost=action.cost,
                requires=list(dict.fromkeys(requires)) or None,
                validates=validates,
                sessions=action.sessions,
                provider=offer.provider,
                provenance=ProvenanceDoc(
                    source=f"{_SOURCE} {source}: action {offer.module_id.removeprefix('lheo.')}",
                    estimate=action.estimate,
                    note=action.note,
                ),
            )
        )
        report.keep("modules")
    return LheoImport(
        tuple(sorted(result, key=lambda doc: doc.id)),
        tuple(sorted(references.values(), key=lambda doc: doc.code)),
    )


def _references(
    offers: list[_Offer],
    blocks_of: Mapping[str, Sequence[str]],
    placeholders: Set[str],
    report: ImportReport,
    source: str,
) -> dict[str, CertificationDoc]:
    """The placeholders of the certifications the offers name but the catalogue lacks, each with
    every block any of its offers names (the first offer alone would miss the others'); for a
    placeholder already in the catalogue, the blocks the offers name that it lacks."""
    named: dict[str, list[str]] = {}
    described_by: dict[str, _Offer] = {}
    for offer in offers:
        known = blocks_of.get(offer.certification)
        if known is None:
            # An offer naming no block validates the whole certification: it needs that block.
            codes = offer.validates or [whole_certification_block(offer.certification)]
        elif offer.certification in placeholders:
            codes = [code for code in offer.validates if code not in known]
        else:
            continue
        if codes:
            named.setdefault(offer.certification, []).extend(codes)
            if offer.level is not None:
                described_by.setdefault(offer.certification, offer)
    references = {}
    for code, offer in described_by.items():
        references[code] = _reference(offer, list(dict.fromkeys(named[code])), source)
        if code not in blocks_of:
            report.note(f"{code}: absent from the catalogue, kept as a reference")
    return references


def _validated(offer: _Offer, blocks: Sequence[str], report: ImportReport) -> list[str]:
    """The blocks ``offer`` validates: those it names that its certification has (all of them
    when it names none). A block it names that the certification lacks is never widened to the
    whole certification: with none left, the offer is skipped."""
    if not offer.validates:
        return list(blocks)
    validates = [code for code in offer.validates if code in blocks]
    unknown = ", ".join(code for code in offer.validates if code not in blocks)
    if not validates:
        report.skip("offer: names only blocks its certification does not have")
        report.note(
            f"module {offer.module_id}: blocks {unknown} not in {offer.certification}, skipped"
        )
    elif unknown:
        report.note(
            f"module {offer.module_id}: blocks {unknown} not in {offer.certification}, left out"
        )
    return validates


def _reference(offer: _Offer, blocks: list[str], source: str) -> CertificationDoc:
    note = (
        f"Certification named by the LHEO offer ({source}) but absent from the catalogue: the"
        " title is a placeholder, the level is the offer's exit level, and the block"
        " stands for the whole certification until the RNCP fiche is imported."
    )
    return CertificationDoc(
        code=offer.certification,
        registry=Registry.RNCP,
        title=f"Fiche {offer.certification} (absente de l'import)",
        level=offer.level,
        blocks=[BlockDoc(code=code, title=f"Bloc {code} (absent de l'import)") for code in blocks],
        provenance=ProvenanceDoc(source=f"{_SOURCE} {source}", illustrative=True, note=note),
    )
