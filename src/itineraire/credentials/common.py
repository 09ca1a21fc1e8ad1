"""What every credential export shares: who issues, how things are named, dates as the formats
want them.

Identifiers are URNs built from the catalogue's codes (``urn:itineraire:block:RNCP37715-B2``),
so that the same portfolio always gives the same documents, byte for byte, and a reader can map
them back to the catalogue.
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import quote

import attrs

from itineraire.model.catalogue import Catalogue
from itineraire.model.certifications import Registry

__all__ = [
    "PLACEHOLDER_ISSUER",
    "Issuer",
    "certification_page",
    "timestamp",
    "urn",
]

DEFAULT_ISSUER_ID = "https://itineraire.invalid/issuer"
"""A placeholder issuer (the ``.invalid`` top-level domain never resolves): give your own."""


@attrs.frozen
class Issuer:
    """Who issues the credentials: an identifier (a URL or a DID) and a name.

    The default is a placeholder that says so; a real export names the training organisation or
    the referent's structure."""

    id: str = DEFAULT_ISSUER_ID
    name: str = "itineraire (unnamed issuer)"
    url: str = DEFAULT_ISSUER_ID


def urn(kind: str, *parts: str) -> str:
    """``urn:itineraire:<kind>:<part>:…`` with each part percent-encoded."""
    return ":".join(["urn", "itineraire", kind, *(quote(part, safe="._-") for part in parts)])


def timestamp(day: dt.date) -> str:
    """A date as the formats' date-time with a time zone (midnight UTC)."""
    return f"{day.isoformat()}T00:00:00Z"


_RNCP = re.compile(r"^(RNCP|RS)(\d+)$")


def certification_page(catalogue: Catalogue, code: str) -> str | None:
    """The certification's public page at France Compétences, for a code confirmed from a
    source; None for an illustrative entry (its code is not presented as real)."""
    certification = catalogue.certifications.get(code)
    if certification is None or certification.provenance.illustrative:
        return None
    match = _RNCP.match(code)
    if match is None:
        return None
    register = "rncp" if certification.registry is Registry.RNCP else "rs"
    return f"https://www.francecompetences.fr/recherche/{register}/{match.group(2)}/"


PLACEHOLDER_ISSUER = Issuer()
"""The issuer used when none is given (a placeholder that says so)."""
