"""Hypothesis strategies for catalogues, learners, targets and planning cases.

Two flavours of each: ``*_documents`` strategies draw JSON-like dicts (what a catalogue or
learner file holds: readable when a test fails, and what your own loader may take), and the
plain-named strategies draw the loaded objects (:class:`~itineraire.catalogue.Catalogue`,
:class:`~itineraire.learners.Learner`…). Every knob is keyword-only and checked when the
strategy is made: a wrong knob raises ``ValueError`` at once, not in the middle of a test.

Catalogues are valid and consistent by construction: a module only requires what modules drawn
before it teach or validate (so prerequisites are acyclic and every module can start), every
block has a module or placement that validates it, and strict loading accepts them.
:func:`corrupted_catalogues` draws the opposite: catalogues that carry one known fault each.
:func:`planning_cases` draws small catalogues and a person together, within reach of the
exhaustive reference planner.

Dates are drawn around :data:`PLANNING_DAY` (a positioning day; sessions and periods follow it),
ROME jobs among :data:`JOBS`.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Callable, Collection, Sequence
from typing import Any, NamedTuple

import attrs
from hypothesis import strategies as st

from itineraire.catalogue import Catalogue
from itineraire.certifications import Block, Certification
from itineraire.learners import Learner, Target, TargetKind
from itineraire.loading import catalogue_from_data, learner_from_data
from itineraire.modules import Placement, PlacementType
from itineraire.requirements import (
    AllOf,
    AnyOf,
    AtLeast,
    HasBlock,
    HasCompetence,
    HasExperience,
    Requirement,
)
from itineraire.scales import CEFR
from itineraire.testing.invariants import Gain

__all__ = [
    "FAULTS",
    "GAIN_KINDS",
    "JOBS",
    "PLANNING_DAY",
    "Corruption",
    "HeldItems",
    "PlanningCase",
    "block_documents",
    "blocks",
    "cases",
    "catalogue_documents",
    "catalogues",
    "certification_documents",
    "certifications",
    "corrupted_catalogues",
    "gain_options",
    "gains",
    "holdings",
    "learner_documents",
    "learners",
    "planning_cases",
    "requirements",
    "target_documents",
    "targets",
]

PLANNING_DAY = dt.date(2026, 1, 5)
"""The default positioning day of generated people; sessions and periods are drawn after it."""

JOBS = ("M1805", "K1304")
"""The ROME jobs generated catalogues and people use (web development, home help)."""

Bounds = int | tuple[int, int]
"""A count: an exact number, or an inclusive (minimum, maximum) pair."""

_HOURS = st.sampled_from([700, 300, 0, 1200]) | st.integers(0, 1500)
"""Hours of experience: mostly round figures around the VAE thresholds drawn with them."""
_CEFR = CEFR.levels


# -- knobs -----------------------------------------------------------------------------------


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
    )


# -- catalogues ------------------------------------------------------------------------------


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
      a certification's own and experience prerequisites may be drawn.

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
    )
    return documents.map(catalogue_from_data)


@attrs.define
class _Provided:
    """What the modules drawn so far provide: prerequisites may only name these."""

    competences: list[tuple[str, str | None]] = attrs.field(factory=list)
    """Competences taught, with the level (None for an unlevelled competence)."""
    blocks: list[str] = attrs.field(factory=list)


def _shorthand(competence: str, level: str | None) -> str:
    return competence if level is None else f"{competence}>={level}"


def _more(draw: st.DrawFn, index: int, low: int, high: int) -> bool:
    """Whether to draw item ``index`` (counted from 0) of a run of ``low`` to ``high`` items.

    Past the minimum, a boolean says "one more": an item is then the boolean and its own draws,
    which the shrinker deletes together (as Hypothesis's lists do), so counts shrink well."""
    if index >= high:
        return False
    return index < low or draw(st.booleans())


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
    provided.competences.append((competence["id"], level))
    return module


def _certification_document(
    draw: st.DrawFn,
    shape: _Shape,
    code: str,
    sizes: tuple[int, int],
    validator: Callable[[str], None] | None = None,
    gates: Sequence[tuple[str, str | None]] = (),
) -> dict[str, Any]:
    """A certification and its blocks (``validator`` draws each block's module right after
    it); its rules may name ``gates``, competences no gate applies to."""
    blocks: list[dict[str, Any]] = []
    while _more(draw, len(blocks), *sizes):
        block = _block_document(draw, code, len(blocks) + 1)
        blocks.append(block)
        if validator is not None:
            validator(block["code"])
    routes = ["continuing_training"]
    if shape.vae and draw(st.booleans()):
        routes.append("vae")
    certification: dict[str, Any] = {
        "code": code,
        "registry": "rncp",
        "title": f"Certification {code}",
        "level": draw(st.integers(3, 8)),
        "access_routes": routes,
        "rome": draw(st.sampled_from([[JOBS[0]], [JOBS[1]], list(JOBS)])),
        "blocks": blocks,
    }
    if not shape.rules:
        return certification
    codes = [block["code"] for block in blocks]
    if len(codes) > 1 and draw(st.integers(0, 3)) == 3:
        needed = draw(st.integers(1, len(codes) - 1))
        certification["validation"] = {"at_least": needed, "of": [f"block:{c}" for c in codes]}
    if gates and draw(st.integers(0, 3)) == 3:
        certification["entry_requirement"] = _shorthand(*draw(st.sampled_from(list(gates))))
    if "vae" in routes and draw(st.integers(0, 2)) == 2:
        experience = {"experience_hours": draw(_HOURS), "rome": [draw(st.sampled_from(JOBS))]}
        if draw(st.booleans()):
            certification["vae_eligibility"] = experience
        else:
            other = draw(st.sampled_from(codes))
            certification["vae_eligibility"] = {"any": [experience, f"block:{other}"]}
    return certification


def _block_document(draw: st.DrawFn, certification: str, index: int) -> dict[str, Any]:
    block: dict[str, Any] = {"code": f"{certification}BC{index:02d}", "title": f"Block {index}"}
    if draw(st.integers(0, 3)) == 3:
        block["experience_rome"] = [draw(st.sampled_from(JOBS))]
    return block


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


def _vae_policy() -> st.SearchStrategy[dict[str, int]]:
    """A VAE policy with lead times of at least a week each, so a VAE lasts some days."""
    return st.fixed_dictionaries(
        {
            "min_related_hours": st.sampled_from([1, 300, 800]),
            "block_coverage_hours": st.sampled_from([600, 200, 1000]),
            "admissibility_weeks": st.integers(1, 3),
            "support_weeks": st.integers(1, 3),
            "support_hours": st.integers(1, 40),
            "jury_weeks": st.integers(1, 3),
            "support_cost": st.integers(0, 3000),
            "jury_cost": st.integers(0, 1000),
        }
    )


# -- certifications and blocks alone ---------------------------------------------------------


def certification_documents(
    *, blocks: Bounds = (1, 3), vae: bool = True, code: str = "RNCP9001"
) -> st.SearchStrategy[dict[str, Any]]:
    """A certification document with its blocks (``blocks`` of them), perhaps open to VAE,
    perhaps with an n-of-m validation rule or a VAE eligibility rule of its own."""
    sizes = _bounds("blocks", blocks, 1, 9)
    _flag("vae", vae)
    if not isinstance(code, str) or not code.startswith("RNCP") or not code[4:].isdigit():
        raise ValueError(f"code must be an RNCP code such as 'RNCP9001' (got {code!r})")
    shape = _shape(1, sizes, sizes[1], 0, False, False, vae, False, False, True, PLANNING_DAY)

    @st.composite
    def draw_one(draw: st.DrawFn) -> dict[str, Any]:
        return _certification_document(draw, shape, code, sizes)

    return draw_one()


def certifications(
    *, blocks: Bounds = (1, 3), vae: bool = True, code: str = "RNCP9001"
) -> st.SearchStrategy[Certification]:
    """Loaded certifications: :func:`certification_documents` (same knobs)."""

    def load_certification(document: dict[str, Any]) -> Certification:
        return _alone(document).certifications[document["code"]]

    return certification_documents(blocks=blocks, vae=vae, code=code).map(load_certification)


def block_documents(*, certification: str = "RNCP9001") -> st.SearchStrategy[dict[str, Any]]:
    """A block document of ``certification`` (``RNCP9001BC01``…), perhaps with the ROME jobs
    whose experience relates to it."""
    if not isinstance(certification, str) or not certification:
        raise ValueError(f"certification must be a certification code (got {certification!r})")

    @st.composite
    def draw_one(draw: st.DrawFn) -> dict[str, Any]:
        return _block_document(draw, certification, draw(st.integers(1, 9)))

    return draw_one()


def blocks(*, certification: str = "RNCP9001") -> st.SearchStrategy[Block]:
    """Loaded blocks: :func:`block_documents` (same knob)."""

    def load_block(document: dict[str, Any]) -> Block:
        holder = {
            "code": certification,
            "registry": "rncp",
            "title": "Certification",
            "level": 4,
            "rome": [JOBS[0]],
            "blocks": [document],
            "provenance": {"illustrative": True},
        }
        return _alone(holder).blocks[document["code"]]

    return block_documents(certification=certification).map(load_block)


def _alone(certification: dict[str, Any]) -> Catalogue:
    """A catalogue of one certification (not strict: nothing validates its blocks)."""
    return catalogue_from_data({"name": "alone", "certifications": [certification]}, strict=False)


# -- targets and learners --------------------------------------------------------------------

_KINDS = tuple(kind.value for kind in TargetKind)


def target_documents(
    catalogue: Catalogue, *, kinds: Collection[str] = _KINDS
) -> st.SearchStrategy[dict[str, Any]]:
    """Target documents for ``catalogue``: a certification, some of its blocks, or a ROME job
    some certification leads to (``kinds`` chooses among ``certification``, ``blocks``,
    ``job``)."""
    catalogue = _loaded("target_documents", catalogue)
    chosen = tuple(kind for kind in _KINDS if kind in set(kinds))
    unknown = set(kinds) - set(_KINDS)
    if unknown or not chosen:
        raise ValueError(f"kinds must be some of {', '.join(_KINDS)} (got {sorted(kinds)!r})")
    codes = sorted(catalogue.certifications)
    every_block = sorted(catalogue.blocks)
    jobs = sorted({job for c in catalogue.certifications.values() for job in c.rome})
    options: list[st.SearchStrategy[dict[str, Any]]] = []
    if "certification" in chosen and codes:
        options.append(st.sampled_from(codes).map(lambda code: {"certification": code}))
    if "blocks" in chosen and every_block:
        picked = st.lists(st.sampled_from(every_block), min_size=1, unique=True)
        options.append(picked.map(lambda some: {"blocks": some}))
    if "job" in chosen and jobs:
        options.append(st.sampled_from(jobs).map(lambda job: {"job": job}))
    if not options:
        raise ValueError(f"the catalogue offers no target of kinds {chosen}")
    return st.one_of(options)


def targets(catalogue: Catalogue, *, kinds: Collection[str] = _KINDS) -> st.SearchStrategy[Target]:
    """Loaded targets for ``catalogue`` (see :func:`target_documents`)."""

    def load_target(document: dict[str, Any]) -> Target:
        if "certification" in document:
            return Target(TargetKind.CERTIFICATION, certification=document["certification"])
        if "blocks" in document:
            return Target(TargetKind.BLOCKS, blocks=tuple(document["blocks"]))
        return Target(TargetKind.JOB, rome=document["job"])

    return target_documents(catalogue, kinds=kinds).map(load_target)


@attrs.frozen
class _Person:
    held_blocks: bool
    levels: bool
    experience: bool
    vae_allowed: bool | None
    budget: bool
    unavailable: bool
    exclusions: bool
    placement_required: bool | None
    employment_allowed: bool
    target: st.SearchStrategy[dict[str, Any]] | None
    ids: st.SearchStrategy[str] | None
    jobs: tuple[str, ...] | None
    day: dt.date
    held_levels: int = 3


def learner_documents(
    catalogue: Catalogue,
    *,
    held_blocks: bool = True,
    levels: bool = True,
    experience: bool = True,
    vae_allowed: bool | None = None,
    budget: bool = True,
    unavailable: bool = True,
    exclusions: bool = True,
    placement_required: bool | None = None,
    employment_allowed: bool = False,
    target: st.SearchStrategy[dict[str, Any]] | None = None,
    ids: st.SearchStrategy[str] | None = None,
    jobs: Sequence[str] | None = None,
    day: dt.date = PLANNING_DAY,
) -> st.SearchStrategy[dict[str, Any]]:
    """Learner documents for ``catalogue``: a positioning on ``day``, constraints and a target.

    - ``held_blocks``: whether the positioning may hold blocks (at most half of them);
    - ``levels``: whether it may hold competences (levelled ones at a low level);
    - ``experience``: whether it may record experience (in ``jobs``: by default the
      catalogue's jobs, or :data:`JOBS`);
    - ``vae_allowed``, ``placement_required``: fixed when True or False, drawn when None;
    - ``budget``, ``unavailable``, ``exclusions``: whether a budget cap, unavailable periods
      (some of them planned employment) and an excluded module may be drawn;
    - ``employment_allowed``: whether periods of employment may be planned as steps (off by
      default: the exhaustive search does not enumerate them);
    - ``target``: a strategy of target documents (default: :func:`target_documents`);
    - ``ids``: a strategy of learner ids (default: always ``someone``).
    """
    catalogue = _loaded("learner_documents", catalogue)
    for name, flag in (
        ("held_blocks", held_blocks),
        ("levels", levels),
        ("experience", experience),
        ("budget", budget),
        ("unavailable", unavailable),
        ("exclusions", exclusions),
        ("employment_allowed", employment_allowed),
    ):
        _flag(name, flag)
    _flag("vae_allowed", vae_allowed, none=True)
    _flag("placement_required", placement_required, none=True)
    _strategy("target", target)
    _strategy("ids", ids)
    if jobs is not None and (
        isinstance(jobs, str) or not jobs or not all(isinstance(j, str) for j in jobs)
    ):
        raise ValueError(f"jobs must be a non-empty sequence of ROME codes (got {jobs!r})")
    person = _Person(
        held_blocks=held_blocks,
        levels=levels,
        experience=experience,
        vae_allowed=vae_allowed,
        budget=budget,
        unavailable=unavailable,
        exclusions=exclusions,
        placement_required=placement_required,
        employment_allowed=employment_allowed,
        target=target if target is not None else target_documents(catalogue),
        ids=ids,
        jobs=None if jobs is None else tuple(jobs),
        day=_date("day", day),
    )
    return _learner_document(catalogue, person)


def learners(
    catalogue: Catalogue,
    *,
    held_blocks: bool = True,
    levels: bool = True,
    experience: bool = True,
    vae_allowed: bool | None = None,
    budget: bool = True,
    unavailable: bool = True,
    exclusions: bool = True,
    placement_required: bool | None = None,
    employment_allowed: bool = False,
    target: st.SearchStrategy[dict[str, Any]] | None = None,
    ids: st.SearchStrategy[str] | None = None,
    jobs: Sequence[str] | None = None,
    day: dt.date = PLANNING_DAY,
) -> st.SearchStrategy[Learner]:
    """Loaded learners for ``catalogue``: :func:`learner_documents` (same knobs), loaded."""
    documents = learner_documents(
        catalogue,
        held_blocks=held_blocks,
        levels=levels,
        experience=experience,
        vae_allowed=vae_allowed,
        budget=budget,
        unavailable=unavailable,
        exclusions=exclusions,
        placement_required=placement_required,
        employment_allowed=employment_allowed,
        target=target,
        ids=ids,
        jobs=jobs,
        day=day,
    )

    def load_learner(document: dict[str, Any]) -> Learner:
        return learner_from_data(document, catalogue)

    return documents.map(load_learner)


def _jobs(catalogue: Catalogue) -> tuple[str, ...]:
    found: set[str] = set()
    for certification in catalogue.certifications.values():
        found.update(certification.rome)
    for block in catalogue.blocks.values():
        found.update(block.experience_rome)
    for module in catalogue.modules.values():
        if isinstance(module, Placement) and module.rome:
            found.add(module.rome)
    return tuple(sorted(found)) or JOBS


@st.composite
def _learner_document(draw: st.DrawFn, catalogue: Catalogue, person: _Person) -> dict[str, Any]:
    day = person.day
    jobs = person.jobs or _jobs(catalogue)
    every_block = sorted(catalogue.blocks)
    competences: list[Any] = []
    if person.levels:
        plain = sorted(c.id for c in catalogue.competences.values() if c.scale is None)
        if plain:
            competences += draw(st.lists(st.sampled_from(plain), unique=True))
        for competence in catalogue.competences.values():
            if competence.scale is not None and draw(st.booleans()):
                levels = catalogue.scales[competence.scale].levels[: person.held_levels]
                level = draw(st.sampled_from(levels))
                competences.append({"competence": competence.id, "level": level})
    held: list[str] = []
    if person.held_blocks and every_block and draw(st.integers(0, 2)) == 2:
        most = len(every_block) // 2
        held = draw(st.lists(st.sampled_from(every_block), unique=True, max_size=most))
    experience: list[dict[str, Any]] = []
    if person.experience:
        record = st.fixed_dictionaries({"rome": st.sampled_from(jobs), "hours": _HOURS})
        experience = draw(st.lists(record, max_size=2))
    constraints: dict[str, Any] = {
        "start": (day + dt.timedelta(days=draw(st.integers(0, 14)))).isoformat(),
        "weekly_hours": draw(st.integers(14, 35)),
        "vae_allowed": (
            draw(st.integers(0, 3)) != 3 if person.vae_allowed is None else person.vae_allowed
        ),
        "placement_required": (
            draw(st.integers(0, 7)) == 7
            if person.placement_required is None
            else person.placement_required
        ),
    }
    if person.employment_allowed:
        constraints["employment_allowed"] = True
    if person.budget and draw(st.booleans()):
        constraints["budget"] = draw(st.sampled_from([4000, 8000]) | st.integers(0, 20000))
    if person.exclusions and catalogue.modules and draw(st.integers(0, 4)) == 4:
        constraints["excluded_modules"] = [draw(st.sampled_from(sorted(catalogue.modules)))]
    periods = []
    if person.unavailable:
        for _ in range(draw(st.integers(0, 2))):
            first = draw(st.integers(0, 150))
            period: dict[str, Any] = {
                "start": (day + dt.timedelta(days=first)).isoformat(),
                "end": (day + dt.timedelta(days=first + draw(st.integers(0, 60)))).isoformat(),
            }
            if draw(st.booleans()):
                period.update(rome=draw(st.sampled_from(jobs)), hours=draw(_HOURS))
            periods.append(period)
    if periods:
        constraints["unavailable"] = periods
    assert person.target is not None
    return {
        "id": "someone" if person.ids is None else draw(person.ids),
        "positioning": {
            "date": day.isoformat(),
            "competences": competences,
            "blocks": [
                {"block": block, "date": (day - dt.timedelta(days=189)).isoformat()}
                for block in held
            ],
            "experience": experience,
        },
        "constraints": constraints,
        "target": draw(person.target),
    }


# -- planning cases --------------------------------------------------------------------------


@attrs.frozen
class PlanningCase:
    """A catalogue and a person, as documents (shown when a test fails) and loaded.

    ``reproduction()`` gives the two documents as JSON, to paste into a test or a file.
    """

    catalogue_document: dict[str, Any]
    learner_document: dict[str, Any]
    catalogue: Catalogue = attrs.field(repr=False, eq=False)
    learner: Learner = attrs.field(repr=False, eq=False)

    @classmethod
    def load(
        cls,
        catalogue_document: dict[str, Any],
        learner_document: dict[str, Any],
        *,
        strict: bool = True,
    ) -> PlanningCase:
        """The case of two documents, loaded (the catalogue strictly unless ``strict`` is
        false)."""
        catalogue = catalogue_from_data(catalogue_document, strict=strict)
        learner = learner_from_data(learner_document, catalogue)
        return cls(catalogue_document, learner_document, catalogue, learner)

    def reproduction(self) -> str:
        """The case as two JSON documents, one per line."""
        return (
            f"catalogue = {json.dumps(self.catalogue_document)}\n"
            f"learner = {json.dumps(self.learner_document)}"
        )


def planning_cases(
    *, max_modules: int = 5, max_certifications: int = 2
) -> st.SearchStrategy[PlanningCase]:
    """Small planning cases: a catalogue and a person, within reach of the exhaustive search.

    One or two certifications of one to three blocks, at most ``max_modules`` modules (the
    professional modules of the blocks, transversal modules teaching ``c1``, ``c2`` and German
    levels, perhaps a placement with experience), sometimes sessions, prerequisites (some that
    nothing teaches), entry requirements, "n of m blocks" validation rules, an equivalence, VAE
    with a rule of its own (experience, or experience or a block). Unlike
    :func:`catalogue_documents`, a block may have no module (VAE or an equivalence may still
    validate it) and a prerequisite may name what nothing teaches: the catalogue is loaded
    without the strict checks, as a planner must cope with it. The person holds some of it, has
    some experience, perhaps a budget and unavailable periods (some of them planned employment),
    and aims at a certification, some blocks or a job; periods of employment as steps are not
    allowed. Hours are at least 1 and VAE lead times at least a week each, so every step lasts
    at least a day.
    """
    modules = _bounds("max_modules", max_modules, 1, 9)[1]
    count = _bounds("max_certifications", max_certifications, 1, 3)[1]
    return _planning_case(modules, count)


@st.composite
def _planning_case(draw: st.DrawFn, max_modules: int, max_certifications: int) -> PlanningCase:
    document = draw(_planning_catalogue(max_modules, max_certifications))
    catalogue = catalogue_from_data(document, strict=False)
    person = _Person(
        held_blocks=True,
        levels=True,
        experience=True,
        vae_allowed=None,
        budget=True,
        unavailable=True,
        exclusions=True,
        placement_required=None,
        employment_allowed=False,
        target=_planning_target(document),
        ids=None,
        jobs=JOBS,
        day=PLANNING_DAY,
        held_levels=2,
    )
    learner = draw(_learner_document(catalogue, person))
    return PlanningCase(document, learner, catalogue, learner_from_data(learner, catalogue))


def cases(
    catalogues: st.SearchStrategy[dict[str, Any]] | None = None,
    *,
    learner: dict[str, Any] | None = None,
) -> st.SearchStrategy[PlanningCase]:
    """Planning cases from catalogue documents (default: small :func:`catalogue_documents`,
    one or two certifications and at most six modules) and a person drawn for each by
    :func:`learner_documents`, whose keyword knobs ``learner`` gives."""
    _strategy("catalogues", catalogues)
    documents = (
        catalogues
        if catalogues is not None
        else catalogue_documents(certifications=(1, 2), modules=(1, 6), sessions=True)
    )
    knobs = dict(learner or {})

    @st.composite
    def draw_one(draw: st.DrawFn) -> PlanningCase:
        document = draw(documents)
        catalogue = catalogue_from_data(document)
        person = draw(learner_documents(catalogue, **knobs))
        return PlanningCase(document, person, catalogue, learner_from_data(person, catalogue))

    return draw_one()


def _planning_target(document: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    """A certification, some blocks, or one of the jobs of a certification."""
    certifications = document["certifications"]
    codes = [block["code"] for c in certifications for block in c["blocks"]]
    return st.one_of(
        st.sampled_from(certifications).map(lambda c: {"certification": c["code"]}),
        st.sampled_from(certifications).flatmap(
            lambda c: st.sampled_from(c["rome"]).map(lambda job: {"job": job})
        ),
        st.lists(st.sampled_from(codes), min_size=1, unique=True).map(lambda b: {"blocks": b}),
    )


@st.composite
def _prerequisite(draw: st.DrawFn, competences: list[str], blocks: list[str]) -> Any:
    """A module prerequisite: a competence, a language level, a block, or a choice of two."""
    names = competences + [f"block:{block}" for block in blocks]
    if not names:
        return None
    simple = st.sampled_from(names)
    if len(names) > 1 and draw(st.integers(0, 4)) == 4:
        return {"any": draw(st.lists(simple, min_size=2, max_size=2, unique=True))}
    return draw(simple)


@st.composite
def _sessions(draw: st.DrawFn) -> list[str]:
    if draw(st.integers(0, 5)) != 5:
        return []
    offset = st.sampled_from([30, 90, 180]) | st.integers(0, 300)
    offsets = draw(st.lists(offset, min_size=1, max_size=3))
    return [(PLANNING_DAY + dt.timedelta(days=days)).isoformat() for days in offsets]


_LANGUAGE_LEVELS = ("A2", "B1")


@st.composite
def _planning_catalogue(
    draw: st.DrawFn, max_modules: int, max_certifications: int
) -> dict[str, Any]:
    competences = [
        {"id": "c1", "title": "Competence 1"},
        {"id": "c2", "title": "Competence 2"},
        {"id": "lang", "title": "German", "scale": "cefr"},
    ]
    certifications: list[dict[str, Any]] = []
    all_blocks: list[str] = []
    count = draw(st.integers(1, max_certifications))
    for number in range(1, count + 1):
        code = f"RNCP900{number}"
        blocks: list[dict[str, Any]] = []
        sizes = [2, 3, 1] if count == 1 else [2, 1]
        for index in range(1, draw(st.sampled_from(sizes)) + 1):
            block: dict[str, Any] = {"code": f"{code}BC0{index}", "title": f"Block {index}"}
            if draw(st.integers(0, 3)) == 3:
                block["experience_rome"] = [draw(st.sampled_from(JOBS))]
            blocks.append(block)
        certification: dict[str, Any] = {
            "code": code,
            "registry": "rncp",
            "title": f"Certification {number}",
            "level": 4,
            "access_routes": ["continuing_training"] + (["vae"] if draw(st.integers(0, 2)) else []),
            "rome": draw(st.sampled_from([["M1805"], ["K1304"], list(JOBS)])),
            "blocks": blocks,
        }
        if draw(st.integers(0, 3)) == 3:
            certification["entry_requirement"] = draw(st.sampled_from(["c1", "lang>=A2"]))
        codes = [block["code"] for block in blocks]
        if len(codes) > 1 and draw(st.integers(0, 3)) == 3:
            needed = draw(st.integers(1, len(codes) - 1))
            certification["validation"] = {"at_least": needed, "of": [f"block:{c}" for c in codes]}
        certifications.append(certification)
        all_blocks += codes
    for certification in certifications:
        choice = draw(st.integers(0, 5))
        hours = draw(_HOURS)
        if choice == 4:
            rule = {"experience_hours": hours, "rome": [draw(st.sampled_from(JOBS))]}
            certification["vae_eligibility"] = rule
        elif choice == 5:
            other = draw(st.sampled_from(all_blocks))
            rule = {"experience_hours": hours, "rome": [draw(st.sampled_from(JOBS))]}
            certification["vae_eligibility"] = {"any": [rule, f"block:{other}"]}

    # Teachers first, so that prerequisites mostly name something that can be learnt.
    teaching = {
        "c1": ["c1"],
        "c2": ["c2"],
        **{
            f"lang>={level}": [{"competence": "lang", "level": level}] for level in _LANGUAGE_LEVELS
        },
    }
    teachers = draw(st.lists(st.sampled_from(sorted(teaching)), unique=True, max_size=2))
    learnable = [
        name
        for name in teaching
        if name in teachers or (name == "lang>=A2" and "lang>=B1" in teachers)
    ]
    everything = sorted(teaching)
    modules: list[dict[str, Any]] = []

    def common(identifier: str, own: str | None = None) -> dict[str, Any]:
        module: dict[str, Any] = {
            "id": identifier,
            "title": f"Module {identifier}",
            "hours": draw(st.integers(1, 140)),
            "cost": draw(st.integers(0, 5000)),
        }
        if draw(st.integers(0, 2)) == 2:
            names = everything if draw(st.integers(0, 5)) == 5 else learnable
            others = [block for block in all_blocks if block != own]
            requires = draw(_prerequisite(names, others))
            if requires is not None:
                module["requires"] = requires
        sessions = draw(_sessions())
        if sessions:
            module["sessions"] = sessions
        return module

    for competence in teachers:
        teaches = teaching[competence]
        identifier = f"t-{competence.replace('>=', '-')}"
        module = common(identifier)
        if module.get("requires") == competence:
            del module["requires"]  # a module does not require what it teaches
        domain = "language" if competence.startswith("lang") else "basic_skills"
        module.update(kind="transversal", domain=domain, teaches=teaches)
        modules.append(module)
    placement = draw(st.integers(0, 2)) == 2
    room = max_modules - len(modules) - placement
    # Each block gets a module (one in eight does not: VAE or an equivalence may still do),
    # then a second one while there is room.
    for variant, chance in (("a", 7), ("b", 2)):
        for code in all_blocks:
            if room > 0 and draw(st.integers(0, 7)) < chance:
                room -= 1
                module = common(f"m-{code}-{variant}", code)
                module.update(kind="professional", block=code, validates=[code])
                if draw(st.integers(0, 4)) == 4:
                    module["teaches"] = [draw(st.sampled_from(["c1", "c2"]))]
                modules.append(module)
    if placement:
        module = common("p-company")
        module.update(kind="placement", placement_type="afest", rome=draw(st.sampled_from(JOBS)))
        if draw(st.booleans()):
            module["experience_hours"] = draw(_HOURS)
        if draw(st.booleans()):
            module["validates"] = [draw(st.sampled_from(all_blocks))]
        modules.append(module)

    equivalences: list[dict[str, Any]] = []
    if len(certifications) > 1 and draw(st.booleans()):
        first = draw(st.sampled_from(certifications[0]["blocks"]))["code"]
        second = draw(st.sampled_from(certifications[1]["blocks"]))["code"]
        equivalences.append(
            {"id": "eq-1", "from": [first], "to": [second], "mutual": draw(st.booleans())}
        )
    return {
        "name": "planning",
        "competences": competences,
        "certifications": certifications,
        "modules": modules,
        "equivalences": equivalences,
        "vae": {
            "min_related_hours": draw(st.sampled_from([1, 300, 800])),
            "block_coverage_hours": draw(st.sampled_from([600, 200, 1000])),
            "admissibility_weeks": draw(st.integers(1, 3)),
            "support_weeks": draw(st.integers(1, 3)),
            "support_hours": draw(st.integers(1, 40)),
            "jury_weeks": draw(st.integers(1, 3)),
            "support_cost": draw(st.integers(0, 3000)),
            "jury_cost": draw(st.integers(0, 1000)),
        },
    }


# -- what a person may acquire ---------------------------------------------------------------


GAIN_KINDS = ("block", "competence", "experience")
"""The kinds of :class:`~itineraire.testing.invariants.Gain`."""


def gains(
    catalogue: Catalogue, learner: Learner, *, kinds: Collection[str] = GAIN_KINDS
) -> st.SearchStrategy[Gain]:
    """Something ``learner`` does not hold yet on ``catalogue``, of one of ``kinds``: a block, a
    competence or a higher level, or hours of experience (around the VAE thresholds), for
    :func:`~itineraire.testing.invariants.assert_monotone`. Raises ``ValueError`` when nothing
    of those kinds is left to gain (experience always is)."""
    catalogue = _loaded("gains", catalogue)
    if not isinstance(learner, Learner):
        raise ValueError(f"gains needs a loaded Learner (got {type(learner).__name__})")
    unknown = sorted(set(kinds) - set(GAIN_KINDS))
    if unknown or not kinds:
        raise ValueError(f"kinds must be some of {', '.join(GAIN_KINDS)} (got {sorted(kinds)!r})")
    options = gain_options(catalogue, learner)
    chosen = [options[kind] for kind in GAIN_KINDS if kind in set(kinds) and kind in options]
    if not chosen:
        raise ValueError(f"{learner.id} already holds everything of kinds {sorted(kinds)}")
    return st.one_of(chosen)


def gain_options(catalogue: Catalogue, learner: Learner) -> dict[str, st.SearchStrategy[Gain]]:
    """For each kind of gain still possible for ``learner``, a strategy of such gains."""
    positioning = learner.positioning
    held = {block.block for block in positioning.blocks}
    options: dict[str, st.SearchStrategy[Gain]] = {}
    missing = sorted(set(catalogue.blocks) - held)
    if missing:
        options["block"] = st.sampled_from(missing).map(lambda code: Gain("block", code))
    higher: list[Gain] = []
    for competence in catalogue.competences.values():
        rank = positioning.competence_rank(competence.id)
        if competence.scale is None:
            if rank is None:
                higher.append(Gain("competence", competence.id))
            continue
        levels = catalogue.scales[competence.scale].levels
        start = 0 if rank is None else rank + 1
        higher += [Gain("competence", competence.id, level) for level in levels[start:]]
    if higher:
        options["competence"] = st.sampled_from(higher)
    policy = catalogue.vae_policy
    thresholds = sorted({policy.block_coverage_hours, policy.min_related_hours, 700})
    hours = st.sampled_from(thresholds) | st.integers(1, 2000)
    jobs = sorted(set(_jobs(catalogue)) | set(JOBS))
    options["experience"] = st.builds(
        lambda job, h: Gain("experience", job, hours=h), st.sampled_from(jobs), hours
    )
    return options


# -- rules and holdings ----------------------------------------------------------------------


@attrs.frozen
class HeldItems:
    """Holdings as plain data (blocks, competence ranks, experience hours per ROME job), for
    checking requirement rules without a catalogue; a :class:`~itineraire.requirements.Holdings`.
    """

    blocks: frozenset[str] = frozenset()
    competences: dict[str, int] = attrs.field(factory=dict)
    experience: dict[str, int] = attrs.field(factory=dict)

    def holds_block(self, block: str) -> bool:
        return block in self.blocks

    def competence_rank(self, competence: str) -> int | None:
        return self.competences.get(competence)

    def experience_hours(self, rome: frozenset[str]) -> int:
        return sum(hours for job, hours in self.experience.items() if not rome or job in rome)

    def plus(self, other: HeldItems) -> HeldItems:
        """Holding both: every block, the higher rank, the experience added up."""
        competences = dict(self.competences)
        for key, rank in other.competences.items():
            competences[key] = max(rank, competences.get(key, rank))
        experience = dict(self.experience)
        for key, hours in other.experience.items():
            experience[key] = experience.get(key, 0) + hours
        return HeldItems(self.blocks | other.blocks, competences, experience)


_RULE_BLOCKS = ("b1", "b2", "b3")
_RULE_COMPETENCES = ("c1", "c2")


def _leaves() -> st.SearchStrategy[Requirement]:
    return st.one_of(
        st.builds(HasBlock, st.sampled_from(_RULE_BLOCKS)),
        st.builds(HasCompetence, st.sampled_from(_RULE_COMPETENCES)),
        st.integers(0, 5).map(lambda rank: HasCompetence("lang", _CEFR[rank], rank)),
        st.builds(
            HasExperience,
            st.integers(0, 2000),
            st.frozensets(st.sampled_from(JOBS), max_size=2),
        ),
    )


def _combine(children: st.SearchStrategy[Requirement]) -> st.SearchStrategy[Requirement]:
    items = st.lists(children, min_size=1, max_size=3).map(tuple)
    return st.one_of(
        items.map(AllOf),
        items.map(AnyOf),
        items.flatmap(lambda its: st.integers(0, len(its)).map(lambda n: AtLeast(n, its))),
    )


def requirements(*, max_leaves: int = 8) -> st.SearchStrategy[Requirement]:
    """Requirement rules over blocks ``b1``–``b3``, competences ``c1``, ``c2`` and ``lang``
    (CEFR ranks) and experience in :data:`JOBS`, nested all / any / at-least."""
    _bounds("max_leaves", max_leaves, 1, 50)
    return st.recursive(_leaves(), _combine, max_leaves=max_leaves)


def holdings() -> st.SearchStrategy[HeldItems]:
    """What someone may hold, in the terms :func:`requirements` uses."""
    return st.builds(
        HeldItems,
        st.frozensets(st.sampled_from(_RULE_BLOCKS)),
        st.dictionaries(st.sampled_from([*_RULE_COMPETENCES, "lang"]), st.integers(0, 5)),
        st.dictionaries(st.sampled_from(JOBS), st.integers(0, 2000)),
    )


# -- corrupted catalogues --------------------------------------------------------------------

FAULTS: dict[str, str] = {
    "prerequisite-cycle": "two modules each require what the other teaches",
    "module-never-starts": "a module requires a competence nothing teaches",
    "block-not-validatable": "a block no module, equivalence or VAE validates",
    "certification-unreachable": "a validation rule that needs a competence nothing teaches",
    "dangling-reference": "a module validates a block that does not exist",
    "duplicate-identifier": "two modules with the same id",
    "level-outside-scale": "a prerequisite asks for a level the competence's scale lacks",
    "missing-field": "a module without its title",
    "negative-hours": "a module with negative hours",
    "wrong-type": "a module whose cost is a string",
    "unknown-field": "a module with a field the format does not have",
    "bad-rome-code": "a certification citing a malformed ROME code",
    "bad-identifier": "a module id with a space",
    "empty-rule": "a prerequisite that is an empty 'any'",
}
"""The faults :func:`corrupted_catalogues` plants, by label, with what each one is."""


class Corruption(NamedTuple):
    """A catalogue document with one planted fault, and the fault's label (a key of
    :data:`FAULTS`; the consistency ones are the codes of :mod:`itineraire.checks`)."""

    document: dict[str, Any]
    fault: str


def _plant(document: dict[str, Any], fault: str, module: int) -> None:
    modules = document["modules"]
    target = modules[module]
    competences = document["competences"]
    if fault == "prerequisite-cycle":
        competences += [{"id": "x.a", "title": "A"}, {"id": "x.b", "title": "B"}]
        for name, teaches, requires in (("x-1", "x.a", "x.b"), ("x-2", "x.b", "x.a")):
            modules.append(
                {
                    "kind": "transversal",
                    "domain": "basic_skills",
                    "id": name,
                    "title": name,
                    "hours": 7,
                    "cost": 0,
                    "teaches": [teaches],
                    "requires": requires,
                }
            )
    elif fault == "module-never-starts":
        competences.append({"id": "x.never", "title": "Never taught"})
        target["requires"] = "x.never"
    elif fault == "block-not-validatable":
        certification = document["certifications"][0]
        certification["blocks"].append({"code": f"{certification['code']}BC99", "title": "Orphan"})
        certification["access_routes"] = ["continuing_training"]
        certification.pop("vae_eligibility", None)
    elif fault == "certification-unreachable":
        competences.append({"id": "x.never", "title": "Never taught"})
        document["certifications"][0]["validation"] = "x.never"
    elif fault == "dangling-reference":
        target["validates"] = [*target.get("validates", []), "RNCP1BC01"]
    elif fault == "duplicate-identifier":
        modules.append(copy.deepcopy(target))
    elif fault == "level-outside-scale":
        if not any(c.get("scale") == "cefr" for c in competences):
            competences.append({"id": "lang.de", "title": "German", "scale": "cefr"})
        language = next(c["id"] for c in competences if c.get("scale") == "cefr")
        target["requires"] = f"{language}>=Z9"
    elif fault == "missing-field":
        del target["title"]
    elif fault == "negative-hours":
        target["hours"] = -35
    elif fault == "wrong-type":
        target["cost"] = "cheap"
    elif fault == "unknown-field":
        target["colour"] = "blue"
    elif fault == "bad-rome-code":
        document["certifications"][0]["rome"] = ["M18"]
    elif fault == "bad-identifier":
        target["id"] = "has space"
    elif fault == "empty-rule":
        target["requires"] = {"any": []}
    else:  # pragma: no cover - the labels are checked when the strategy is made
        raise AssertionError(fault)


def corrupted_catalogues(*, faults: Collection[str] | None = None) -> st.SearchStrategy[Corruption]:
    """Catalogue documents carrying one known fault each, with its label (see :data:`FAULTS`):
    a prerequisite cycle, a block nothing validates, a dangling reference, a malformed field…
    A strict load refuses every one of them with a ``CatalogueError``. ``faults`` restricts the
    labels drawn."""
    chosen = sorted(FAULTS) if faults is None else sorted(set(faults))
    unknown = sorted(set(chosen) - set(FAULTS))
    if unknown or not chosen:
        raise ValueError(
            f"faults must be labels among {', '.join(sorted(FAULTS))} (got {faults!r})"
        )

    @st.composite
    def draw_one(draw: st.DrawFn) -> Corruption:
        fault = draw(st.sampled_from(chosen))
        document = draw(catalogue_documents(certifications=(1, 2), blocks=(1, 2), modules=(1, 6)))
        _plant(document, fault, draw(st.integers(0, len(document["modules"]) - 1)))
        return Corruption(document, fault)

    return draw_one()
