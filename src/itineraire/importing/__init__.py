"""Importing real data into catalogues: RNCP exports, LHEO offers, ROME 4.0 tables.

One module per source (:mod:`.rncp_xml`, :mod:`.rncp_csv`, :mod:`.lheo`, :mod:`.rome`), one that
turns fiches into documents (:mod:`.assembling`, with what it leaves on disk in
:mod:`.assembled`), one that merges into an existing catalogue (:mod:`.merging`) and one that
writes the file atomically (:mod:`.writing`).
:func:`run_import` ties them together; ``itineraire import`` is its command line. See
``docs/importing.md``.
"""

from __future__ import annotations

from itineraire.importing.fiches import FicheFilter
from itineraire.importing.lheo import import_lheo
from itineraire.importing.merging import merge
from itineraire.importing.report import ImportReport, SourceError
from itineraire.importing.rncp import import_rncp
from itineraire.importing.rome import import_rome
from itineraire.importing.running import ImportResult, SourceKind, builtin_base, run_import
from itineraire.importing.writing import write_atomically

__all__ = [
    "FicheFilter",
    "ImportReport",
    "ImportResult",
    "SourceError",
    "SourceKind",
    "builtin_base",
    "import_lheo",
    "import_rncp",
    "import_rome",
    "merge",
    "run_import",
    "write_atomically",
]
