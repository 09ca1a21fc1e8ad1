"""Rich rendering of a route: a table of steps with the why of each, then the totals."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from itineraire.display._plain import add_plain_row, plain
from itineraire.planning.route import Route, StepKind

__all__ = ["route_view"]

_STYLES = {
    StepKind.POSITIONING: "bold",
    StepKind.TRAINING: "cyan",
    StepKind.TRANSVERSAL: "blue",
    StepKind.PLACEMENT: "green",
    StepKind.VAE_ADMISSIBILITY: "magenta",
    StepKind.VAE_SUPPORT: "magenta",
    StepKind.VAE_JURY: "magenta",
    StepKind.EMPLOYMENT: "yellow",
    StepKind.UNAVAILABLE: "dim",
}


def _money(euros: int) -> str:
    return f"{euros:,} €".replace(",", " ")


def route_view(route: Route) -> RenderableType:
    """The route as a table of steps followed by its totals."""
    title = f"Route of {route.learner} to {route.target} (objective: {route.objective})"
    table = Table(title=plain(title), show_lines=True)
    for column in ("#", "kind", "step", "dates", "hours", "cost", "validates", "why"):
        table.add_column(column)
    for step in route.steps:
        validated = [*step.validates, *(str(credit) for credit in step.credited)]
        dates = step.start.isoformat()
        if step.end != step.start:
            dates += f" → {step.end.isoformat()}"
        add_plain_row(
            table,
            str(step.number),
            Text(step.kind.value, style=_STYLES[step.kind]),
            f"{step.action}\n{step.title}" if step.action != step.title else step.title,
            dates,
            str(step.hours) if step.hours else "",
            _money(step.cost) if step.cost else "",
            "\n".join(validated),
            "\n".join(str(reason) for reason in step.why),
        )
    parts: list[RenderableType] = [table, _summary(route)]
    parts += [Text(f"Caveat: {caveat}", style="dim") for caveat in route.caveats]
    return Group(*parts)


def _summary(route: Route) -> Text:
    """The totals line, or the day the target was already reached (nothing to total)."""
    reached = route.target_reached_on
    if reached is not None:
        return Text.assemble(
            ("Target reached on ", "bold"),
            (reached.isoformat(), "bold"),
            ": the person already holds what the target requires; nothing remains to plan",
        )
    totals = route.totals
    status = "proven optimal" if route.proven_optimal else f"best found (bound {route.bound})"
    return Text.assemble(
        ("Totals: ", "bold"),
        f"{totals.start.isoformat()} → {totals.finish.isoformat()} ({totals.duration_days} days), ",
        f"{totals.training_hours} h, {_money(totals.cost)}; ",
        f"modalities: {', '.join(route.modalities)}; {status}",
    )
