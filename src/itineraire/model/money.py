"""Amounts of money as a person reads them, written one way everywhere: ``1 000 €``.

The French way, as CLDR's ``fr`` locale writes it: thousands grouped by a narrow no-break space
(U+202F) and the euro sign after a no-break space (U+00A0). No-break spaces because an amount must
never be split across two lines of a message or a table cell; the narrow one because it is the
group separator of French typography. Files and JSON keep plain numbers: only text shows this.
"""

from __future__ import annotations

__all__ = ["GROUP_SEPARATOR", "euros"]

GROUP_SEPARATOR = "\u202f"
_BEFORE_SIGN = "\u00a0"


def euros(amount: int) -> str:
    """``amount`` (whole euros) as text: ``euros(12500) == "12\u202f500\u00a0€"``."""
    grouped = f"{amount:,}".replace(",", GROUP_SEPARATOR)
    return f"{grouped}{_BEFORE_SIGN}€"
