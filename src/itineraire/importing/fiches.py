"""A fiche as read from an RNCP export, whatever its format (XML flux or CSV zip).

The readers of :mod:`~itineraire.importing.rncp_xml` and :mod:`~itineraire.importing.rncp_csv`
both produce :class:`Fiche` values; :mod:`~itineraire.importing.assembling` turns the fiches kept
into catalogue documents. A fiche holds only what the catalogue uses, so the long texts of the
export (activities, partners, statistics) are never kept in memory.
"""

from __future__ import annotations

import datetime as dt

import attrs

from itineraire.model.certifications import AccessRoute, Registry

__all__ = ["RNCP_SOURCE", "Correspondence", "Fiche", "FicheBlock", "FicheFilter"]

RNCP_SOURCE = "France Compétences, RNCP export"
"""How the provenance of an imported fiche starts."""


@attrs.frozen
class FicheBlock:
    """A ``BLOC_COMPETENCES``: code, label, competences and evaluation modes."""

    code: str
    title: str
    competences: tuple[str, ...] = ()
    evaluation_modes: tuple[str, ...] = ()


@attrs.frozen
class Correspondence:
    """A ``CORRESPONDANCE`` of a fiche: its ``source_blocks`` correspond to ``blocks`` of
    ``fiche``. No source block means the whole fiche; no destination block means the whole
    destination fiche (an RS fiche has none)."""

    source_blocks: tuple[str, ...]
    fiche: str
    blocks: tuple[str, ...]


@attrs.frozen(kw_only=True)
class Fiche:
    """One fiche of the RNCP or the RS, as far as the catalogue needs it."""

    code: str
    registry: Registry
    title: str
    active: bool
    level: int | None = None
    certifier: str = ""
    access_routes: tuple[AccessRoute, ...] = ()
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    rome: tuple[str, ...] = ()
    blocks: tuple[FicheBlock, ...] = ()
    older: tuple[str, ...] = ()
    newer: tuple[str, ...] = ()
    correspondences: tuple[Correspondence, ...] = ()
    origin: str = ""
    """Where the fiche was read (``export.xml, fiche 12``), for errors found after reading."""


@attrs.frozen(kw_only=True)
class FicheFilter:
    """Which fiches an import keeps; an empty criterion keeps everything."""

    active_only: bool = False
    levels: frozenset[int] = frozenset()
    rome: frozenset[str] = frozenset()
    codes: frozenset[str] = frozenset()

    def reason_to_skip(self, fiche: Fiche) -> str | None:
        """Why ``fiche`` is filtered out, or None when it is kept."""
        if self.codes and fiche.code not in self.codes:
            return "not in the requested codes"
        if self.active_only and not fiche.active:
            return "inactive"
        if self.levels and fiche.level not in self.levels:
            return "level not requested"
        if self.rome and not self.rome.intersection(fiche.rome):
            return "no requested ROME code"
        return None
