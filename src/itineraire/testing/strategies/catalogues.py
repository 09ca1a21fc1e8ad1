"""Catalogues valid and consistent by construction.

A module only requires what modules drawn before it teach or validate (so prerequisites are
acyclic and every module can start), every block has a module or placement that validates it,
and strict loading accepts them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
from hypothesis import strategies as st

from itineraire.files.loading import catalogue_from_data
from itineraire.model.catalogue import Catalogue
from itineraire.modules import PlacementType
from itineraire.testing.strategies._checks import (
    Bounds,
    _Shape,
    _shape,
)
from itineraire.testing.strategies._shared import (
    _CEFR,
    _HOURS,
    JOBS,
    PLANNING_DAY,
    _more,
    _shorthand,
    _vae_policy,
    _weekly_hours,
)
from itineraire.testing.strategies.certifications import _certification_document

__all__ = [
    "catalogue_documents",
    "catalogues",
]


def catalogue_documents(
    *,
    certifications: Bounds = (1, 3),
    blocks: Bounds = (1, 3),
    modules: Bounds = (1, 12),
    transversal_share: float = 0.3,
    equivalences: bool = True,
    levelled: bool = True,
    vae: bool = True,
    sessions: bool = False,
    placements: bool = True,
    rules: bool = True,
    day: dt.date = PLANNING_DAY,
    part_time: bool = False,
) -> st.SearchStrategy[dict[str, Any]]:
    """Catalogue documents, valid and consistent by construction (a strict load accepts them).

    - ``certifications``: how many RNCP certifications (``RNCP9001``, ``RNCP9002``…);
    - ``blocks``: how many blocks each has (``RNCP9001BC01``…);
    - ``modules``: how many modules in all; each block gets one that validates it, so the
      maximum must allow one per block of the smallest catalogue;
    - ``transversal_share``: the share of modules that are transversal (``t-1``…, teaching
      ``c1``… or German on CEFR), as far as one module per block leaves room;
    - ``equivalences``: whether blocks of two certifications may be equivalent;
    - ``levelled``: whether a levelled competence (``lang.de`` on CEFR) is part of it;
    - ``vae``: whether certifications may be open to VAE (with a VAE policy drawn);
    - ``sessions``: whether modules may have session dates (after ``day``);
    - ``placements``: whether placements (``p-1``…) may be drawn, some validating a block;
    - ``rules``: whether n-of-m validation rules, entry requirements, VAE eligibility rules of
      a certification's own and experience prerequisites may be drawn;
    - ``part_time``: whether professional and transversal modules may state a weekly intensity
      (``weekly_hours``, one time in two), so that steps run side by side.

    Every count is an int or an inclusive (minimum, maximum) pair.
    """
    shape = _shape(
        certifications,
        blocks,
        modules,
        transversal_share,
        equivalences,
        levelled,
        vae,
        sessions,
        placements,
        rules,
        day,
        part_time,
    )
    return _catalogue_document(shape)


def catalogues(
    *,
    certifications: Bounds = (1, 3),
    blocks: Bounds = (1, 3),
    modules: Bounds = (1, 12),
    transversal_share: float = 0.3,
    equivalences: bool = True,
    levelled: bool = True,
    vae: bool = True,
    sessions: bool = False,
    placements: bool = True,
    rules: bool = True,
    day: dt.date = PLANNING_DAY,
    part_time: bool = False,
) -> st.SearchStrategy[Catalogue]:
    """Loaded catalogues: :func:`catalogue_documents` (same knobs) through a strict load."""
    documents = catalogue_documents(
        certifications=certifications,
        blocks=blocks,
        modules=modules,
        transversal_share=transversal_share,
        equivalences=equivalences,
        levelled=levelled,
        vae=vae,
        sessions=sessions,
        placements=placements,
        rules=rules,
        day=day,
        part_time=part_time,
    )
    return documents.map(catalogue_from_data)


@attrs.define
class _Provided:
    """What the modules drawn so far provide: prerequisites may only name these."""

    competences: list[tuple[str, str | None]] = attrs.field(factory=list)
    """Competences taught, with the level (None for an unlevelled competence)."""
    blocks: list[str] = attrs.field(factory=list)


@st.composite
def _catalogue_document(draw: st.DrawFn, shape: _Shape) -> dict[str, Any]:
    competences: list[dict[str, Any]] = [
        {"id": f"c{index}", "title": f"Competence {index}"}
        for index in range(1, draw(st.integers(1, 3)) + 1)
    ]
    if shape.levelled:
        competences.append({"id": "lang.de", "title": "German", "scale": "cefr"})
    low, high = shape.certifications
    smallest, largest = shape.blocks
    room = shape.modules[1]
    spare = room - low * smallest  # modules beyond one per block of the smallest catalogue
    provided = _Provided()
    modules: list[dict[str, Any]] = []

    # Transversal modules first (what they teach may then be required), up to their share.
    while _more(draw, len(modules), 0, round(shape.transversal_share * spare)):
        modules.append(_transversal(draw, shape, f"t-{len(modules) + 1}", competences, provided))
        room -= 1
    gates = list(dict.fromkeys(provided.competences))  # taught by modules no gate applies to

    # Certifications one after the other, each with its blocks and a module (rarely a
    # placement) validating each block; the room left keeps a block for each certification
    # still due. Each certification is drawn in one piece, so that the shrinker removes it whole.
    certifications: list[dict[str, Any]] = []
    placements = 0

    def validator(code: str) -> None:
        nonlocal placements
        if shape.placements and draw(st.integers(0, 5)) == 5:
            placements += 1
            module = _placement(draw, shape, f"p-{placements}", provided)
            module["validates"] = [code]
        else:
            module = _professional(draw, shape, f"m-{code}", code, provided)
        modules.append(module)
        provided.blocks.append(code)

    while room >= smallest and _more(draw, len(certifications), low, high):
        reserve = max(low - len(certifications) - 1, 0) * smallest
        code = f"RNCP{9001 + len(certifications)}"
        sizes = (smallest, min(largest, room - reserve))
        certification = _certification_document(draw, shape, code, sizes, validator, gates)
        certifications.append(certification)
        room -= len(certification["blocks"])
    every_block = list(provided.blocks)

    # Then more modules while there is room: transversal ones when the share is 1, else
    # professional modules and placements.
    extra_low = max(shape.modules[0] - len(modules), 0)
    extras = 0
    while _more(draw, extras, extra_low, room):
        extras += 1
        if shape.transversal_share == 1:
            module = _transversal(draw, shape, f"t-{len(modules) + 1}", competences, provided)
        elif shape.placements and draw(st.booleans()):
            placements += 1
            module = _placement(draw, shape, f"p-{placements}", provided)
            if draw(st.booleans()):
                module["validates"] = [draw(st.sampled_from(every_block))]
        else:
            code = draw(st.sampled_from(every_block))
            module = _professional(draw, shape, f"m-{code}-{extras + 1}", code, provided)
        modules.append(module)

    document: dict[str, Any] = {
        "name": "generated",
        "competences": competences,
        "certifications": certifications,
        "modules": modules,
        "equivalences": _equivalences(draw, shape, certifications),
    }
    if shape.vae:
        document["vae"] = draw(_vae_policy())
    return document


def _transversal(
    draw: st.DrawFn,
    shape: _Shape,
    identifier: str,
    competences: list[dict[str, Any]],
    provided: _Provided,
) -> dict[str, Any]:
    """A transversal module teaching one competence (a level of a levelled one); it may require
    only what earlier transversal modules teach, so gates on it never make a cycle."""
    competence = draw(st.sampled_from(competences))
    level = draw(st.sampled_from(_CEFR[:5])) if competence.get("scale") else None
    module = _module(draw, shape, identifier, provided, own=competence["id"], blocks=False)
    domain = "language" if level is not None else "basic_skills"
    taught: Any = (
        competence["id"] if level is None else {"competence": competence["id"], "level": level}
    )
    module.update(kind="transversal", domain=domain, teaches=[taught])
    if shape.part_time:
        module.update(_weekly_hours(draw))
    provided.competences.append((competence["id"], level))
    return module


def _module(
    draw: st.DrawFn,
    shape: _Shape,
    identifier: str,
    provided: _Provided,
    *,
    own: str | None = None,
    blocks: bool = True,
) -> dict[str, Any]:
    """What every module has: id, title, hours, cost, and perhaps a prerequisite naming only
    what earlier modules provide (never ``own``, the competence or block it provides itself)."""
    module: dict[str, Any] = {
        "id": identifier,
        "title": f"Module {identifier}",
        "hours": draw(st.integers(1, 400)),
        "cost": draw(st.integers(0, 6000)),
    }
    names = [_shorthand(c, level) for c, level in provided.competences if c != own]
    if blocks:
        names += [f"block:{code}" for code in provided.blocks if code != own]
    names = list(dict.fromkeys(names))
    if names and draw(st.integers(0, 2)) == 2:
        simple = st.sampled_from(names)
        if len(names) > 1 and draw(st.integers(0, 4)) == 4:
            module["requires"] = {
                "any": draw(st.lists(simple, min_size=2, max_size=2, unique=True))
            }
        else:
            module["requires"] = draw(simple)
    elif shape.rules and blocks and draw(st.integers(0, 9)) == 9:
        module["requires"] = {
            "experience_hours": draw(_HOURS),
            "rome": [draw(st.sampled_from(JOBS))],
        }
    if shape.sessions and draw(st.integers(0, 3)) == 3:
        offset = st.sampled_from([30, 90, 180]) | st.integers(0, 300)
        offsets = draw(st.lists(offset, min_size=1, max_size=3, unique=True))
        module["sessions"] = [
            (shape.day + dt.timedelta(days=days)).isoformat() for days in sorted(offsets)
        ]
    return module


def _professional(
    draw: st.DrawFn, shape: _Shape, identifier: str, code: str, provided: _Provided
) -> dict[str, Any]:
    module = _module(draw, shape, identifier, provided, own=code)
    module.update(kind="professional", block=code, validates=[code])
    if shape.part_time:
        module.update(_weekly_hours(draw))
    if provided.competences and draw(st.integers(0, 4)) == 4:
        competence, level = draw(st.sampled_from(provided.competences))
        if level is None:
            module["teaches"] = [competence]
            provided.competences.append((competence, None))
    return module


def _placement(
    draw: st.DrawFn, shape: _Shape, identifier: str, provided: _Provided
) -> dict[str, Any]:
    module = _module(draw, shape, identifier, provided)
    module.update(
        kind="placement",
        placement_type=draw(st.sampled_from([p.value for p in PlacementType])),
        rome=draw(st.sampled_from(JOBS)),
    )
    if draw(st.booleans()):
        module["experience_hours"] = draw(_HOURS)
    return module


def _equivalences(
    draw: st.DrawFn, shape: _Shape, certifications: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    if not shape.equivalences or len(certifications) < 2:
        return []
    equivalences = []
    for number in range(1, draw(st.integers(0, 2)) + 1):
        first, second = draw(
            st.lists(
                st.sampled_from(certifications),
                min_size=2,
                max_size=2,
                unique_by=lambda c: c["code"],
            )
        )
        equivalences.append(
            {
                "id": f"eq-{number}",
                "from": [draw(st.sampled_from(first["blocks"]))["code"]],
                "to": [draw(st.sampled_from(second["blocks"]))["code"]],
                "mutual": draw(st.booleans()),
            }
        )
    return equivalences
