"""Rich renderings of journeys for the referent: the timeline, the portfolio, a re-planned route."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from itineraire.display._plain import add_plain_row, plain
from itineraire.display.route import route_view
from itineraire.journeys.describing import describe_event, state_changes
from itineraire.journeys.journey import Journey
from itineraire.journeys.portfolio import Portfolio
from itineraire.journeys.replanning import Replan

__all__ = ["portfolio_view", "replan_view", "timeline_view"]


def timeline_view(journey: Journey) -> RenderableType:
    """The journey's history, one row per event, with what each changed."""
    table = Table(title=plain(f"Journey of {journey.learner.name or journey.id}"), show_lines=False)
    for column in ("#", "date", "event", "changes"):
        table.add_column(column)
    states = journey.states()
    add_plain_row(table, "", states[0].date.isoformat(), "initial positioning", "")
    # Events are numbered from 1, as ``simulate`` numbers its frames (0 is the starting point).
    for number, event in enumerate(journey.events, start=1):
        changes = state_changes(states[number - 1], states[number])
        add_plain_row(
            table, str(number), event.date.isoformat(), describe_event(event), "\n".join(changes)
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
