"""Journeys in plain words: what an event says and what it changed in what the person holds.

Plain text, free of rich: the replay of a journey (:mod:`itineraire.journeys.replay`) keeps these
lines in its frames, and the rich views of :mod:`itineraire.display.journey` show them.
"""

from __future__ import annotations

from itineraire.journeys.events import (
    BlockEvaluated,
    BlockValidatedInCompany,
    CertificationReplaced,
    DroppedOut,
    EmploymentPeriod,
    Event,
    ModuleCompleted,
    ModuleStarted,
    PlacementDone,
    Positioned,
    Resumed,
    TargetChanged,
    VaeAdmissibility,
    VaeConfirmation,
    VaeJury,
)
from itineraire.journeys.state import JourneyState, Replacement

__all__ = ["carried_over", "describe_event", "state_changes"]


def describe_event(event: Event) -> str:
    """One line saying what happened."""
    match event:
        case Positioned():
            found = len(event.competences) + len(event.blocks) + len(event.experience)
            return f"new positioning ({found} items measured or found)"
        case ModuleStarted():
            return f"started {event.module}"
        case ModuleCompleted():
            outcome = "passed" if event.passed else "failed"
            score = "" if event.score is None else f", score {event.score:g}"
            return f"completed {event.module}: {outcome}{score}"
        case PlacementDone():
            where = event.placement or "placement"
            job = f" in {event.rome}" if event.rome else ""
            return f"{where} done from {event.start}: {event.hours} h{job}"
        case BlockEvaluated():
            outcome = "passed" if event.passed else "failed"
            cause = f" (lacking: {event.cause})" if event.cause else ""
            return f"evaluation of {event.block}: {outcome}{cause}"
        case BlockValidatedInCompany():
            return f"{event.block} validated in a company"
        case VaeAdmissibility():
            scope = ", ".join(event.blocks) or "whole certification"
            return f"VAE admissibility for {event.certification} ({scope}): {event.decision}"
        case VaeJury():
            awarded = f", awarded {', '.join(event.blocks)}" if event.blocks else ""
            return f"VAE jury for {event.certification}: {event.outcome}{awarded}"
        case VaeConfirmation():
            outcome = "confirmed" if event.confirmed else "not confirmed"
            return f"VAE award for {event.certification} {outcome}"
        case EmploymentPeriod():
            return f"employment from {event.start}: {event.hours} h in {event.rome}"
        case DroppedOut():
            return f"dropped out{': ' + event.reason if event.reason else ''}"
        case Resumed():
            return "resumed the route"
        case TargetChanged():
            return f"new target: {event.target}"
        case CertificationReplaced():
            return f"{event.old} replaced by {event.new}"


def state_changes(before: JourneyState, after: JourneyState) -> list[str]:
    """What an event changed in what the person holds."""
    changes = []
    gained = sorted(after.held_blocks() - before.held_blocks())
    if gained:
        changes.append(f"+ blocks {', '.join(gained)}")
    fallen = sorted(before.held_blocks() - after.held_blocks())
    if fallen:
        # Only blocks pending a jury's confirmation can fall: validated ones never do.
        changes.append(f"- blocks no longer pending {', '.join(fallen)}")
    ranks_before = {r.competence: before.competence_rank(r.competence) for r in after.competences}
    raised = sorted(
        record.competence
        for record in after.competences
        if ranks_before[record.competence] is None
        or (after.competence_rank(record.competence) or 0) > (ranks_before[record.competence] or 0)
    )
    if raised:
        changes.append(f"+ competences {', '.join(dict.fromkeys(raised))}")
    lost = sorted(
        {r.competence for r in before.competences} - {r.competence for r in after.competences}
    )
    if lost:
        changes.append(f"- levels withdrawn {', '.join(lost)}")
    hours = after.experience_hours(frozenset()) - before.experience_hours(frozenset())
    if hours:
        changes.append(f"+ {hours} h of experience")
    if after.target != before.target:
        changes.append(f"target → {after.target}")
    changes.extend(carried_over(item) for item in after.replacements[len(before.replacements) :])
    return changes


def carried_over(replacement: Replacement) -> str:
    """What a new version of a certification keeps of the old one the person held; a line that
    starts with ``!`` when blocks were held and none carries over."""
    old, new = replacement.old, replacement.new
    if replacement.carried:
        return f"carried over to {new}: {', '.join(replacement.carried)}"
    if replacement.held:
        held = ", ".join(replacement.held)
        return (
            f"! no block carries over to {new}: no equivalence maps the blocks held of {old}"
            f" ({held}) to it, so they count for {old} only"
        )
    return f"no block of {old} held: nothing to carry over to {new}"
