"""The value formats of the RNCP exports: dates JJ/MM/AAAA, Oui/Non flags, NIVn levels, bullets.

Each reader returns the value or raises :class:`ValueError` with a message that says what was
expected; the callers turn it into a problem naming the fiche and the element.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

__all__ = [
    "MAX_TEXT",
    "block_code",
    "competence_items",
    "fiche_registry_code",
    "french_date",
    "level",
    "normalised_label",
    "oui_non",
    "rome_code",
    "shortened",
]

MAX_TEXT = 2000
"""The longest text a catalogue accepts (the ``Text`` type of the file format)."""

# [0-9], not \d: \d takes every Unicode digit (fullwidth "１２"), which no export writes and the
# catalogue's identifiers refuse.
_DATE = re.compile(r"^([0-9]{2})/([0-9]{2})/([0-9]{4})$")
_LEVEL = re.compile(r"^NIV([1-8])$")
# Real numbers have up to six digits; a little room is left for the years to come.
_FICHE = re.compile(r"^(RNCP|RS)[0-9]{1,9}$")
_ROME = re.compile(r"^[A-N][0-9]{4}$")
_IDENTIFIER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:+-]{0,79}$")
# Two or more spaces end an item; a bullet (* - • or a lone o for a sub-skill) may follow.
_ITEM_BREAK = re.compile(r"\s{2,}")
_BULLETED = re.compile(r"(?:^|\s{2,})[*•-](?:\s|$)")
_BULLET = re.compile(r"^(?:[*•-]|o(?=\s))\s*")
_SUB_SKILL = re.compile(r"^o\s")
_HAS_SUB_SKILL = re.compile(r"\s{2,}o\s")


def french_date(text: str) -> dt.date:
    """A date written JJ/MM/AAAA, as the exports write them."""
    found = _DATE.match(text)
    if found is None:
        raise ValueError(f"{text!r} is not a date JJ/MM/AAAA")
    day, month, year = (int(part) for part in found.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"{text!r} is not a date of the calendar") from None


def oui_non(text: str) -> bool:
    """``Oui`` or ``Non`` (the exports' booleans); anything else is refused."""
    if text == "Oui":
        return True
    if text == "Non":
        return False
    raise ValueError(f"{text!r} is neither Oui nor Non")


def level(text: str) -> int | None:
    """The level of ``NIV3`` … ``NIV8``; None for a fiche without level (``AUCUN``, ``REPRISE``,
    empty). Levels 1 and 2 exist in the national framework but not in the RNCP's titles."""
    found = _LEVEL.match(text)
    if found is not None:
        return int(found.group(1))
    if text in ("", "AUCUN", "REPRISE"):
        return None
    raise ValueError(f"{text!r} is not a level NIV1 … NIV8, AUCUN or REPRISE")


def fiche_registry_code(text: str) -> str:
    """A fiche number such as ``RNCP37674`` or ``RS5000``, checked."""
    if _FICHE.match(text) is None:
        raise ValueError(f"{text!r} is not a fiche number (RNCP or RS followed by digits 0-9)")
    return text


def rome_code(text: str) -> str:
    """A ROME 4.0 job code such as ``M1805``, checked."""
    if _ROME.match(text) is None:
        raise ValueError(f"{text!r} is not a ROME code (a letter A to N and four digits)")
    return text


def block_code(text: str) -> str:
    """A block code usable as a catalogue identifier (``RNCP37674BC01``), checked."""
    if _IDENTIFIER.match(text) is None:
        raise ValueError(
            f"{text!r} is not a block code (letters, digits and . _ : + -, at most 80)"
        )
    return text


def shortened(text: str) -> str:
    """``text`` cut to the catalogue's longest text, with an ellipsis when cut."""
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def competence_items(text: str) -> list[str]:
    """The competences of a ``LISTE_COMPETENCES``, which has no line breaks.

    Items are separated by runs of spaces; when the list uses bullets (``*``, ``-``, ``•``),
    only a bullet starts an item, so that a double space inside an item does not split it. A
    sub-skill (``o`` bullet) is attached to the competence before it, in parentheses.
    """
    if not text.strip():
        return []
    pieces = _BULLETED.split(text) if _BULLETED.search(text) else _ITEM_BREAK.split(text)
    items: list[str] = []
    for piece in pieces:
        for part in _ITEM_BREAK.split(piece) if _HAS_SUB_SKILL.search(piece) else [piece]:
            _add_item(items, part)
    return [shortened(item) for item in items]


def _add_item(items: list[str], piece: str) -> None:
    stripped = piece.strip()
    words = " ".join(_BULLET.sub("", stripped).split())
    if not words:
        return
    if _SUB_SKILL.match(stripped) and items:
        previous = items[-1]
        items[-1] = (
            previous[:-1] + f" ; {words})" if previous.endswith(")") else f"{previous} ({words})"
        )
        return
    items.append(words)


def normalised_label(text: str) -> str:
    """A block label reduced for matching across versions: case, accents and punctuation gone."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", letters).split())


def whole_certification_block(certification: str) -> str:
    """The one block standing for a whole certification: an RS certification (awarded as a
    whole), or a certification whose blocks are not known yet (an LHEO offer's reference)."""
    return f"{certification}-ensemble"
