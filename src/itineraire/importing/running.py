"""One import run: read the sources, merge into the base catalogue, check the result.

The result is checked by building it as a catalogue
(:func:`itineraire.files.loading.catalogue_from_data`) before anything is written: what an
import writes always loads.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import attrs
from pydantic import ValidationError

from itineraire.analysis.checks import Finding, Severity, check_catalogue
from itineraire.errors import Problem
from itineraire.files.documents import CatalogueDoc
from itineraire.files.export import catalogue_document
from itineraire.files.loading import builtin_catalogue, catalogue_from_data
from itineraire.importing.fiches import FicheFilter
from itineraire.importing.lheo import import_lheo
from itineraire.importing.merging import is_reference, merge
from itineraire.importing.report import ImportReport, SourceError
from itineraire.importing.rncp import import_rncp
from itineraire.importing.rome import import_rome
from itineraire.importing.spool import BlockTexts
from itineraire.importing.stored import StoredCatalogue
from itineraire.importing.writing import Streamed, catalogue_json, with_texts, write_atomically
from itineraire.model.catalogue import Catalogue

__all__ = ["ImportResult", "SourceKind", "builtin_base", "run_import"]

Progress = Callable[[int], None]


class SourceKind(enum.Enum):
    """The kinds of source an import reads."""

    RNCP = "rncp"
    LHEO = "lheo"
    ROME = "rome"


class _InMemory:
    """A merged catalogue held in memory: its JSON data and the catalogue built from it."""

    def __init__(self, data: dict[str, Any], checked: Catalogue) -> None:
        self._data = data
        self.checked = checked

    def data(self) -> dict[str, Any]:
        return self._data

    def summary(self) -> dict[str, int]:
        return self.checked.summary()

    def close(self) -> None:
        """Nothing to release."""


@attrs.frozen
class ImportResult:
    """The merged catalogue, the report and the check findings.

    An RNCP import keeps the blocks' competences and evaluation modes on disk
    (:class:`~itineraire.importing.spool.BlockTexts`), and an RNCP import into an empty
    catalogue the whole catalogue (:class:`~itineraire.importing.stored.StoredCatalogue`):
    :meth:`write` writes the file from there, one certification at a time. :attr:`data` (the
    merged document as JSON data, without the blocks' texts), :attr:`checked` (the catalogue
    built from it), :attr:`document` and :attr:`catalogue` (the whole document and catalogue,
    texts included) are built in memory when asked for.
    """

    merged: _InMemory | StoredCatalogue
    report: ImportReport
    findings: Sequence[Finding]
    """In their order (errors first); on disk for an RNCP import into an empty catalogue."""
    texts: BlockTexts | None = None
    _built: dict[str, Any] = attrs.field(factory=dict, eq=False, repr=False, alias="built")

    @property
    def data(self) -> dict[str, Any]:
        """The merged document as JSON data, without the blocks' texts."""
        if "data" not in self._built:
            self._built["data"] = {
                key: list(value) if isinstance(value, Streamed) else value
                for key, value in self.merged.data().items()
            }
        data: dict[str, Any] = self._built["data"]
        return data

    @property
    def checked(self) -> Catalogue:
        """The catalogue built from :attr:`data` (the blocks without their texts)."""
        if isinstance(self.merged, _InMemory):
            return self.merged.checked
        if "checked" not in self._built:
            self._built["checked"] = catalogue_from_data(self.data, source=_SOURCE, strict=False)
        checked: Catalogue = self._built["checked"]
        return checked

    @property
    def outline(self) -> CatalogueDoc:
        """The merged document without the blocks' texts."""
        if "outline" not in self._built:
            self._built["outline"] = CatalogueDoc.model_validate(self.data)
        outline: CatalogueDoc = self._built["outline"]
        return outline

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    @property
    def has_errors(self) -> bool:
        """Whether a finding is an error (the errors come first: only they are read)."""
        first = next(iter(self.findings), None)
        return first is not None and first.severity is Severity.ERROR

    @property
    def document(self) -> CatalogueDoc:
        """The whole merged document, the blocks' texts included."""
        if "document" not in self._built:
            self._built["document"] = with_texts(self.outline, self.texts)
        document: CatalogueDoc = self._built["document"]
        return document

    @property
    def catalogue(self) -> Catalogue:
        """The catalogue the whole document builds (the one the written file loads to)."""
        if self.texts is None:
            return self.checked
        if "catalogue" not in self._built:
            self._built["catalogue"] = catalogue_from_data(
                self.document.model_dump(mode="json", by_alias=True, exclude_defaults=True),
                source=_SOURCE,
                strict=False,
            )
        catalogue: Catalogue = self._built["catalogue"]
        return catalogue

    def summary(self) -> dict[str, int]:
        """How many items of each kind the catalogue holds."""
        return self.merged.summary()

    def write(self, path: Path) -> None:
        """Write the catalogue file atomically (JSON, the catalogue file format), streamed:
        the certifications and the blocks' texts are read back one at a time."""
        write_atomically(path, catalogue_json(self.merged.data(), self.texts))

    def close(self) -> None:
        """Drop what the import keeps on disk (done too when the result is collected)."""
        self.merged.close()
        if self.texts is not None:
            self.texts.close()


_SOURCE = "(the catalogue after the import)"
_NAME = "Imported catalogue"


def run_import(
    kind: SourceKind,
    paths: Sequence[Path],
    base: CatalogueDoc | None = None,
    *,
    fiche_filter: FicheFilter | None = None,
    progress: Progress | None = None,
    keep_going: bool = False,
) -> ImportResult:
    """Import ``paths`` into ``base`` (an empty catalogue when None); nothing is written.

    ``keep_going`` (RNCP exports): a fiche with problems is left out and reported in
    :attr:`ImportReport.refused` instead of stopping the import. An RNCP import into an empty
    catalogue is assembled, checked and written from disk (its memory does not grow with the
    size of the export); the others merge in memory.
    """
    if kind is SourceKind.RNCP and base is None:
        return _stored(paths, fiche_filter, progress, keep_going)
    document = base if base is not None else CatalogueDoc(name=_NAME)
    try:
        document, report, texts = _merged(kind, paths, document, fiche_filter, progress, keep_going)
    except ValidationError as error:
        # The readers check every value they copy; a value they let through that a catalogue
        # document refuses is still bad input, and must not pass for a catalogue with findings.
        raise SourceError(_WHAT[kind], ", ".join(map(str, paths)), _problems(error)) from None
    # The format tag is a default, but a file must always say what it is.
    data = {"format": document.format, **document.model_dump(**_DUMP)}
    # From here on the documents are not needed: the catalogue is built from the data, so that
    # the documents and the copy the loader validates are never in memory together.
    del document
    try:
        catalogue = catalogue_from_data(data, source=_SOURCE, strict=False)
    except BaseException:
        if texts is not None:
            texts.close()
        raise
    findings = tuple(check_catalogue(catalogue))
    return ImportResult(_InMemory(data, catalogue), report, findings, texts)


def _stored(
    paths: Sequence[Path],
    fiche_filter: FicheFilter | None,
    progress: Progress | None,
    keep_going: bool,
) -> ImportResult:
    try:
        assembled, report = import_rncp(
            paths, fiche_filter, progress=progress, keep_going=keep_going
        )
    except ValidationError as error:
        raise SourceError(
            _WHAT[SourceKind.RNCP], ", ".join(map(str, paths)), _problems(error)
        ) from None
    try:
        merged = StoredCatalogue(assembled, report, _NAME)
        merged.build()
        findings = merged.findings()
    except BaseException:
        # A refused import leaves nothing behind: the store goes at once.
        assembled.close()
        raise
    return ImportResult(merged, report, findings, assembled.texts)


_DUMP: dict[str, Any] = {"mode": "json", "by_alias": True, "exclude_defaults": True}


_WHAT = {
    SourceKind.RNCP: "RNCP export",
    SourceKind.LHEO: "LHEO offer",
    SourceKind.ROME: "ROME table",
}


def _problems(error: ValidationError) -> list[Problem]:
    where = f"{error.title} built by the import"
    return [
        Problem(
            where,
            ".".join(str(part) for part in detail["loc"]),
            f"{detail['msg']} (value {_shown(detail['input'])})",
        )
        for detail in error.errors(include_url=False)
    ]


def _shown(value: object) -> str:
    # The value may be a whole document (a missing field): enough of it to recognise it.
    text = repr(value)
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


_SHOWN = 120


def _merged(
    kind: SourceKind,
    paths: Sequence[Path],
    document: CatalogueDoc,
    fiche_filter: FicheFilter | None,
    progress: Progress | None,
    keep_going: bool,
) -> tuple[CatalogueDoc, ImportReport, BlockTexts | None]:
    if kind is SourceKind.RNCP:
        assembled, report = import_rncp(
            paths, fiche_filter, progress=progress, keep_going=keep_going
        )
        try:
            document = merge(
                document,
                report,
                certifications=assembled.certifications,
                equivalences=assembled.equivalences,
            )
        except BaseException:
            assembled.close()
            raise
        # The documents are in memory now; the blocks' texts stay on disk until written.
        assembled.store.close()
        return document, report, assembled.texts
    if kind is SourceKind.LHEO:
        known = {doc.code: [block.code for block in doc.blocks] for doc in document.certifications}
        references = {doc.code for doc in document.certifications if is_reference(doc)}
        offers, report = import_lheo(paths, known, references=references, progress=progress)
        document = merge(
            document, report, certifications=offers.certifications, modules=offers.modules
        )
    else:
        rome, report = import_rome(paths)
        document = merge(document, report, rome_parents=rome.rome_parents)
        _link_jobs(document, rome.jobs, report)
    return document, report, None


def builtin_base(*, transversal_only: bool = False) -> CatalogueDoc:
    """The built-in catalogue as a base to import into; with ``transversal_only``, only what the
    imported fiches lack and any route can use: its competences, scales, transversal modules
    (basic skills, digital, languages…), VAE policy and ROME parents."""
    document = catalogue_document(builtin_catalogue())
    if not transversal_only:
        return document
    return document.model_copy(
        update={
            "name": "Imported catalogue with the built-in transversal modules",
            "certifications": [],
            "equivalences": [],
            "modules": [m for m in document.modules if m.kind == "transversal"],
        }
    )


def _link_jobs(document: CatalogueDoc, jobs: dict[str, str], report: ImportReport) -> None:
    for certification in document.certifications:
        unknown = [code for code in certification.rome if code not in jobs]
        if unknown:
            report.note(
                f"{certification.code}: ROME {', '.join(unknown)} not in the ROME tables read"
            )
        elif certification.rome:
            report.keep("certifications leading to ROME jobs")
