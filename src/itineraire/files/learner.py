"""Turning a learner document into a :class:`~itineraire.model.learners.Learner` for a catalogue.

Every reference is checked against the catalogue (competences and their levels, blocks, modules,
the target), and every problem is reported at once in a :class:`~itineraire.errors.LearnerError`.
"""

from __future__ import annotations

import datetime as dt

import attrs

from itineraire.errors import LearnerError, Problem
from itineraire.files.documents import (
    LearnerDoc,
    PeriodDoc,
    TargetDoc,
    TeachingDoc,
    VaeUnderWayDoc,
)
from itineraire.files.limits import UNAVAILABLE_PERIODS
from itineraire.model.catalogue import Catalogue
from itineraire.model.competences import HeldCompetence
from itineraire.model.learners import (
    Constraints,
    ExperienceRecord,
    HeldBlock,
    Learner,
    Period,
    Positioning,
    Target,
    VaeUnderWay,
)

__all__ = ["build_learner"]


def build_learner(document: LearnerDoc, catalogue: Catalogue, source: str) -> Learner:
    """The learner described by ``document``; raises ``LearnerError`` listing every problem."""
    problems: list[Problem] = []
    positioning = _positioning(document, catalogue, problems)
    constraints = _constraints(document, catalogue, problems)
    files = document.positioning.vae_under_way
    under_way = _vae_under_way(files, catalogue, positioning.date, constraints.start, problems)
    positioning = attrs.evolve(positioning, vae_under_way=under_way)
    target = _target(document.target, catalogue, problems)
    if problems:
        raise LearnerError(source, problems)
    return Learner(
        id=document.id,
        name=document.name,
        positioning=positioning,
        constraints=constraints,
        target=target,
    )


def _positioning(
    document: LearnerDoc, catalogue: Catalogue, problems: list[Problem]
) -> Positioning:
    doc = document.positioning
    competences: list[HeldCompetence] = []
    for index, item in enumerate(doc.competences):
        held = TeachingDoc(competence=item) if isinstance(item, str) else item
        where = f"positioning.competences[{index}] {held.competence!r}"
        if any(known.competence == held.competence for known in competences):
            problems.append(Problem(where, "competence", "is listed twice"))
            continue
        rank = held_rank(held, catalogue, where, problems)
        if rank is not None:
            competences.append(HeldCompetence(held.competence, held.level, rank))
    blocks: list[HeldBlock] = []
    for index, block in enumerate(doc.blocks):
        where = f"positioning.blocks[{index}] {block.block!r}"
        if any(known.block == block.block for known in blocks):
            problems.append(Problem(where, "block", "is listed twice"))
        elif block.block not in catalogue.blocks:
            problems.append(Problem(where, "block", f"unknown block {block.block!r}"))
        elif block.date > doc.date:
            problems.append(Problem(where, "date", "is after the positioning date"))
        blocks.append(HeldBlock(block.block, block.date, block.method, block.evidence))
    experience = []
    for index, record in enumerate(doc.experience):
        where = f"positioning.experience[{index}]"
        if record.start and record.end and record.end < record.start:
            problems.append(Problem(where, "end", "is before start"))
        for field, day in (("start", record.start), ("end", record.end)):
            if day is not None and day > doc.date:
                # Experience counts once it is done; planned work is a constraint, not a record.
                problems.append(Problem(where, field, "is after the positioning date"))
        experience.append(
            ExperienceRecord(
                record.rome, record.hours, record.start, record.end, record.description
            )
        )
    return Positioning(doc.date, tuple(competences), tuple(blocks), tuple(experience))


def _vae_under_way(
    docs: list[VaeUnderWayDoc],
    catalogue: Catalogue,
    positioned: dt.date,
    start: dt.date,
    problems: list[Problem],
) -> tuple[VaeUnderWay, ...]:
    """The VAE files under way, each checked against the catalogue: a certification open to
    VAE, one file per certification, blocks of that certification, an admissibility decision
    by the positioning and a jury after it, not before the route's start."""
    files: list[VaeUnderWay] = []
    seen: set[str] = set()
    for index, doc in enumerate(docs):
        where = f"positioning.vae_under_way[{index}] {doc.certification!r}"
        certification = catalogue.certifications.get(doc.certification)
        if doc.certification in seen:
            message = "has a second file under way (one VAE file per certification)"
            problems.append(Problem(where, "certification", message))
        elif certification is None:
            message = f"unknown certification {doc.certification!r}"
            problems.append(Problem(where, "certification", message))
        elif not certification.vae_allowed:
            message = f"certification {doc.certification!r} is not open to VAE in the catalogue"
            problems.append(Problem(where, "certification", message))
        seen.add(doc.certification)
        own = () if certification is None else certification.blocks
        named = [] if doc.blocks is None else doc.blocks
        for number, block in enumerate(named):
            field = f"blocks[{number}]"
            if block in named[:number]:
                problems.append(Problem(where, field, f"block {block!r} is listed twice"))
            elif block not in catalogue.blocks:
                problems.append(Problem(where, field, f"unknown block {block!r}"))
            elif certification is not None and block not in own:
                message = f"block {block!r} is not a block of {doc.certification!r}"
                problems.append(Problem(where, field, message))
        if doc.admissible > positioned:
            problems.append(Problem(where, "admissible", "is after the positioning date"))
        if doc.jury is not None and doc.jury <= doc.admissible:
            message = f"is not after the admissibility decision ({doc.admissible})"
            problems.append(Problem(where, "jury", message))
        elif doc.jury is not None and doc.jury < start:
            message = (
                f"is before the route's start ({start}): a jury held is recorded by its"
                " outcome (the blocks it awarded are held blocks), not planned"
            )
            problems.append(Problem(where, "jury", message))
        # Absent: every block; an empty list: none (a file whose experience covers nothing the
        # person lacks is still under way: no second VAE of that certification before its jury).
        blocks = tuple(own) if doc.blocks is None else tuple(dict.fromkeys(doc.blocks))
        files.append(VaeUnderWay(doc.certification, doc.admissible, blocks, doc.jury))
    return tuple(files)


def held_rank(
    held: TeachingDoc, catalogue: Catalogue, where: str, problems: list[Problem]
) -> int | None:
    """The rank of a held competence's level, or None after recording a problem."""
    competence = catalogue.competences.get(held.competence)
    if competence is None:
        problems.append(Problem(where, "competence", f"unknown competence {held.competence!r}"))
        return None
    if competence.scale is None:
        if held.level is not None:
            message = f"competence {held.competence!r} has no levels (got {held.level!r})"
            problems.append(Problem(where, "level", message))
            return None
        return 0
    if held.level is None:
        message = (
            f"competence {held.competence!r} is levelled on {competence.scale!r}: give a level"
        )
        problems.append(Problem(where, "level", message))
        return None
    try:
        return catalogue.scales[competence.scale].rank(held.level)
    except ValueError as error:
        problems.append(Problem(where, "level", str(error)))
        return None


def _constraints(
    document: LearnerDoc, catalogue: Catalogue, problems: list[Problem]
) -> Constraints:
    doc = document.constraints
    start = doc.start or document.positioning.date
    if start < document.positioning.date:
        problems.append(Problem("constraints", "start", "is before the positioning date"))
    for index, module in enumerate(doc.excluded_modules):
        if module not in catalogue.modules:
            field = f"excluded_modules[{index}]"
            problems.append(Problem("constraints", field, f"unknown module {module!r}"))
    return Constraints(
        start=start,
        weekly_hours=doc.weekly_hours,
        budget=doc.budget,
        excluded_modules=frozenset(doc.excluded_modules),
        vae_allowed=doc.vae_allowed,
        placement_required=doc.placement_required,
        employment_allowed=doc.employment_allowed,
        unavailable=_periods(doc.unavailable, start, problems),
        training_days=frozenset(day.number for day in doc.training_days),
        holidays=doc.holidays,
    )


def _periods(docs: list[PeriodDoc], start: dt.date, problems: list[Problem]) -> tuple[Period, ...]:
    if len(docs) > UNAVAILABLE_PERIODS.value:
        message = f"has {UNAVAILABLE_PERIODS.exceeded(len(docs))}"
        problems.append(Problem("constraints", "unavailable", message))
        return ()
    periods = []
    for index, doc in enumerate(docs):
        where = f"constraints.unavailable[{index}]"
        if doc.end < doc.start:
            problems.append(Problem(where, "end", "is before start"))
        elif doc.start < start:
            # A route cannot show a period before its own start; work already done is
            # experience at the positioning, the rest a period from the start on.
            message = (
                f"is before the route's start ({start}): record what is done as experience"
                " and the rest as a period from the start"
            )
            problems.append(Problem(where, "start", message))
        periods.append(Period(doc.start, doc.end, doc.label, doc.rome, doc.hours))
    return _merged(sorted(periods, key=lambda period: (period.start, period.end)))


def _merged(periods: list[Period]) -> tuple[Period, ...]:
    """Plain unavailable periods (no job) of the same label that overlap or touch become one:
    the planner's calendar then grows with the spans a person is away, not with how they were
    written (a year of one-day periods is one period). Periods of employment are kept as given:
    each brings its own experience."""
    merged: list[Period] = []
    last: dict[str, int] = {}  # label → index in merged of its latest plain period
    for period in periods:
        if period.rome is None and not period.hours and period.label in last:
            previous = merged[last[period.label]]
            if period.start <= previous.end + dt.timedelta(days=1):
                if period.end > previous.end:
                    merged[last[period.label]] = attrs.evolve(previous, end=period.end)
                continue
        if period.rome is None and not period.hours:
            last[period.label] = len(merged)
        merged.append(period)
    return tuple(merged)


def _target(doc: TargetDoc, catalogue: Catalogue, problems: list[Problem]) -> Target:
    if doc.certification is not None:
        if doc.certification not in catalogue.certifications:
            message = f"unknown certification {doc.certification!r}"
            problems.append(Problem("target", "certification", message))
        return Target(doc.kind, certification=doc.certification)
    if doc.blocks:
        for index, block in enumerate(doc.blocks):
            if block not in catalogue.blocks:
                problems.append(Problem("target", f"blocks[{index}]", f"unknown block {block!r}"))
        return Target(doc.kind, blocks=tuple(dict.fromkeys(doc.blocks)))
    if doc.job and not catalogue.certifications_for_job(doc.job):
        message = f"no certification of the catalogue leads to job {doc.job!r}"
        problems.append(Problem("target", "job", message))
    return Target(doc.kind, rome=doc.job)
