"""Rich renderings of journeys for the referent: the timeline, the portfolio, a re-planned route."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from itineraire.display._plain import add_plain_row, plain
from itineraire.display.route import route_view
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
from itineraire.journeys.journey import Journey
from itineraire.journeys.portfolio import Portfolio
from itineraire.journeys.replanning import Replan
from itineraire.journeys.state import JourneyState

__all__ = ["describe_event", "portfolio_view", "replan_view", "state_changes", "timeline_view"]


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
    return changes


def timeline_view(journey: Journey) -> RenderableType:
    """The journey's history, one row per event, with what each changed."""
    table = Table(title=plain(f"Journey of {journey.learner.name or journey.id}"), show_lines=False)
    for column in ("#", "date", "event", "changes"):
        table.add_column(column)
    states = journey.states()
    add_plain_row(table, "", states[0].date.isoformat(), "initial positioning", "")
    for index, event in enumerate(journey.events):
        changes = state_changes(states[index], states[index + 1])
        add_plain_row(
            table, str(index), event.date.isoformat(), describe_event(event), "\n".join(changes)
        )
    return table


def portfolio_view(item: Portfolio) -> RenderableType:
    """The blocks and competences held, with date, method and evidence."""
    blocks = Table(title=plain(f"Portfolio of {item.learner} on {item.date}"))
    for column in ("block", "certification", "date", "method", "evidence"):
        blocks.add_column(column)
    for block in item.blocks:
        method = f"{block.method} (pending confirmation)" if block.pending else str(block.method)
        add_plain_row(
            blocks,
            f"{block.block}\n{block.title}",
            block.certification,
            block.date.isoformat(),
            method,
            block.evidence,
        )
    competences = Table(title=plain("Competences"))
    for column in ("competence", "level", "date", "method", "evidence"):
        competences.add_column(column)
    for competence in item.competences:
        add_plain_row(
            competences,
            competence.competence,
            competence.level or "",
            competence.date.isoformat(),
            str(competence.method),
            competence.evidence,
        )
    obtained = ", ".join(item.certifications) or "none yet"
    return Group(blocks, competences, Text(f"Certifications obtained: {obtained}"))


def replan_view(replan: Replan) -> RenderableType:
    """The re-planned route, then the returns it makes to earlier steps."""
    parts: list[RenderableType] = [route_view(replan.route)]
    parts.extend(Text(f"Note: {note}", style="yellow") for note in replan.notes)
    if replan.returns:
        returns = Table(title=plain("Returns to earlier steps"))
        for column in ("step", "return", "why"):
            returns.add_column(column)
        for item in replan.returns:
            add_plain_row(returns, str(item.step), str(item.kind), item.reason)
        parts.append(returns)
    return Group(*parts)
