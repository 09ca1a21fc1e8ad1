"""Checking the strategies' knobs up front: counts, flags, dates, strategies, a loaded
catalogue, and the shape of a catalogue."""

from __future__ import annotations

import datetime as dt

import attrs
from hypothesis import strategies as st

from itineraire.model.catalogue import Catalogue

__all__ = ["Bounds"]

Bounds = int | tuple[int, int]
"""A count: an exact number, or an inclusive (minimum, maximum) pair."""


def _bounds(name: str, value: object, minimum: int, maximum: int) -> tuple[int, int]:
    pair: tuple[object, ...] = value if isinstance(value, tuple) else (value, value)
    if len(pair) != 2 or not all(isinstance(v, int) and not isinstance(v, bool) for v in pair):
        raise ValueError(f"{name} must be an int or a (minimum, maximum) pair (got {value!r})")
    low, high = pair
    assert isinstance(low, int)
    assert isinstance(high, int)
    if low > high:
        raise ValueError(f"{name}={value!r}: the minimum is above the maximum")
    if low < minimum or high > maximum:
        raise ValueError(f"{name} must be between {minimum} and {maximum} (got {value!r})")
    return low, high


def _flag(name: str, value: object, *, none: bool = False) -> None:
    if not isinstance(value, bool) and not (none and value is None):
        allowed = "True, False or None" if none else "True or False"
        raise ValueError(f"{name} must be {allowed} (got {value!r})")


def _date(name: str, value: object) -> dt.date:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise ValueError(f"{name} must be a datetime.date (got {value!r})")
    return value


def _strategy(name: str, value: object) -> None:
    if value is not None and not isinstance(value, st.SearchStrategy):
        raise ValueError(f"{name} must be a Hypothesis strategy or None (got {value!r})")


def _loaded(name: str, catalogue: object) -> Catalogue:
    if not isinstance(catalogue, Catalogue):
        raise ValueError(
            f"{name} needs a loaded Catalogue (from catalogues() or catalogue_from_data), "
            f"got {type(catalogue).__name__}"
        )
    return catalogue


@attrs.frozen
class _Shape:
    certifications: tuple[int, int]
    blocks: tuple[int, int]
    modules: tuple[int, int]
    transversal_share: float
    equivalences: bool
    levelled: bool
    vae: bool
    sessions: bool
    placements: bool
    rules: bool
    day: dt.date
    part_time: bool = False


def _shape(
    certifications: object,
    blocks: object,
    modules: object,
    transversal_share: object,
    equivalences: object,
    levelled: object,
    vae: object,
    sessions: object,
    placements: object,
    rules: object,
    day: object,
    part_time: object = False,
) -> _Shape:
    counts = _bounds("certifications", certifications, 1, 9)
    sizes = _bounds("blocks", blocks, 1, 9)
    total = _bounds("modules", modules, 1, 60)
    smallest = counts[0] * sizes[0]
    if total[1] < smallest:
        raise ValueError(
            f"modules={modules!r} leaves no room for a module per block: the smallest catalogue "
            f"drawn has {counts[0]} certification(s) of {sizes[0]} block(s), so modules must "
            f"allow at least {smallest}"
        )
    if (
        isinstance(transversal_share, bool)
        or not isinstance(transversal_share, int | float)
        or not 0 <= transversal_share <= 1
    ):
        raise ValueError(
            f"transversal_share must be a number from 0 to 1 (got {transversal_share!r})"
        )
    for name, flag in (
        ("equivalences", equivalences),
        ("levelled", levelled),
        ("vae", vae),
        ("sessions", sessions),
        ("placements", placements),
        ("rules", rules),
        ("part_time", part_time),
    ):
        _flag(name, flag)
    return _Shape(
        certifications=counts,
        blocks=sizes,
        modules=total,
        transversal_share=float(transversal_share),
        equivalences=bool(equivalences),
        levelled=bool(levelled),
        vae=bool(vae),
        sessions=bool(sessions),
        placements=bool(placements),
        rules=bool(rules),
        day=_date("day", day),
        part_time=bool(part_time),
    )
