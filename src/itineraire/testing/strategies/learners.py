"""Targets and learners for a loaded catalogue."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from typing import Any

import attrs
from hypothesis import strategies as st

from itineraire.files.loading import learner_from_data
from itineraire.model.catalogue import Catalogue
from itineraire.model.learners import Learner, Target, TargetKind
from itineraire.modules import Placement
from itineraire.testing.strategies._checks import (
    _date,
    _flag,
    _loaded,
    _strategy,
)
from itineraire.testing.strategies._shared import (
    _HOURS,
    JOBS,
    PLANNING_DAY,
    Shown,
    shown_catalogue,
)

__all__ = [
    "learner_documents",
    "learners",
    "target_documents",
    "targets",
]


_KINDS = tuple(kind.value for kind in TargetKind)


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


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
      default: the exhaustive search enumerates only some of them);
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
    return _learner_document(shown_catalogue(catalogue), person)


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
def _learner_document(draw: st.DrawFn, shown: Shown[Catalogue], person: _Person) -> dict[str, Any]:
    catalogue = shown.value
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
    start = day + dt.timedelta(days=draw(st.integers(0, 14)))
    constraints: dict[str, Any] = {
        "start": start.isoformat(),
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
    if draw(st.integers(0, 3)) == 3:
        # A weekly pattern: some weekdays, now and then a weekend day among them.
        days = draw(st.lists(st.sampled_from(_WEEKDAYS), min_size=1, max_size=7, unique=True))
        constraints["training_days"] = sorted(days, key=_WEEKDAYS.index)
    if draw(st.integers(0, 3)) == 3:
        constraints["holidays"] = "alsace-moselle"
    periods = []
    if person.unavailable:
        for _ in range(draw(st.integers(0, 2))):
            # From the route's start on: a period before it is refused (it would be past).
            first = draw(st.integers(0, 150))
            period: dict[str, Any] = {
                "start": (start + dt.timedelta(days=first)).isoformat(),
                "end": (start + dt.timedelta(days=first + draw(st.integers(0, 60)))).isoformat(),
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
