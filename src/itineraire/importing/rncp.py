"""Importing RNCP exports: the XML flux (``.xml``) or the CSV export (``.zip``), one or more files.

Several files are read as one export (the RNCP and RS files of a day, for instance): fiches,
correspondences and version links are assembled across them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, MutableMapping, Sequence
from pathlib import Path

import attrs

from itineraire.errors import Problem
from itineraire.importing.assembling import Assembled, assemble
from itineraire.importing.fiches import RNCP_SOURCE, Fiche, FicheFilter
from itineraire.importing.report import (
    ImportReport,
    SourceError,
    StoredNotes,
    UnreadableSourceError,
)
from itineraire.importing.rncp_csv import read_csv_fiches
from itineraire.importing.rncp_xml import read_xml_fiches
from itineraire.importing.spool import BlockTexts
from itineraire.importing.store import StoredMapping
from itineraire.importing.xmlstream import UnreadableXmlError

__all__ = ["RNCP_SOURCE", "import_rncp"]

_WHAT = "RNCP export"


def import_rncp(
    paths: Sequence[Path],
    fiche_filter: FicheFilter | None = None,
    *,
    progress: Callable[[int], None] | None = None,
    keep_going: bool = False,
) -> tuple[Assembled, ImportReport]:
    """Read RNCP export files into certification and equivalence documents; the blocks'
    competences and evaluation modes are in :attr:`Assembled.texts`, not in the documents.

    Raises :class:`SourceError` naming the first file with problems, with all of its problems.
    With ``keep_going``, a fiche with problems is left out and reported
    (:attr:`ImportReport.refused`) and the rest is imported; a file that cannot be read on (not
    XML, not a zip, a table without its columns) still stops the import.
    """
    report = ImportReport(notes=StoredNotes())
    names = ", ".join(sorted(path.name for path in paths))
    chosen = fiche_filter if fiche_filter is not None else FicheFilter()
    fiches = _fiches(paths, report, progress, keep_going)
    source = f"{RNCP_SOURCE} {names}"
    assembled = assemble(fiches, chosen, report, source, keep_going=keep_going, texts=BlockTexts())
    return assembled, report


def _fiches(
    paths: Sequence[Path],
    report: ImportReport,
    progress: Callable[[int], None] | None,
    keep_going: bool,
) -> Iterator[Fiche]:
    # The fiche numbers read, and in which file (to find duplicates): on disk, like the fiches.
    seen = StoredMapping()
    for path in paths:
        problems: list[Problem] = []
        try:
            yield from _read(path, problems, report, progress, seen)
        except UnreadableXmlError as error:
            raise SourceError(_WHAT, str(path), [error.problem, *problems]) from None
        except UnreadableSourceError as error:
            raise SourceError(_WHAT, str(path), error.problems) from None
        if problems and not keep_going:
            raise SourceError(_WHAT, str(path), problems)
        for problem in problems:
            report.refuse(attrs.evolve(problem, where=f"{path.name}, {problem.where}"))


def _read(
    path: Path,
    problems: list[Problem],
    report: ImportReport,
    progress: Callable[[int], None] | None,
    seen: MutableMapping[str, str],
) -> Iterator[Fiche]:
    if path.suffix.lower() == ".zip":
        return read_csv_fiches(path, problems, report, seen)
    if path.suffix.lower() == ".csv":
        message = "a table of the CSV export: give the export's .zip, its tables are read together"
        raise UnreadableSourceError([Problem("file", "", message)])
    return read_xml_fiches(path, problems, report, progress, seen)
