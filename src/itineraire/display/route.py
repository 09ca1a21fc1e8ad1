"""Rich rendering of a route: a table of steps with the why of each, then the totals.

The table fits the width it is drawn at. Wide enough (120 columns, the default off a terminal),
each fact has its column; narrower (80 columns), a compact layout keeps three columns: the
number, the step with what it validates and why, and its dates, hours and cost. In both, an
identifier is never cut: the next command a reader types (``itineraire explain MODULE``) needs it
whole, so the columns that hold identifiers are at least as wide as the longest one.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text

from itineraire.display._plain import add_plain_row, plain
from itineraire.model.money import euros
from itineraire.planning.objectives import Objective
from itineraire.planning.planner import route_values
from itineraire.planning.route import Route, Step, StepKind

__all__ = ["RouteView", "mix_name", "route_view"]

_STYLES = {
    StepKind.POSITIONING: "bold",
    StepKind.TRAINING: "cyan",
    StepKind.TRANSVERSAL: "blue",
    StepKind.PLACEMENT: "green",
    StepKind.VAE_ADMISSIBILITY: "magenta",
    StepKind.VAE_SUPPORT: "magenta",
    StepKind.VAE_JURY: "magenta",
    StepKind.VAE_UNDER_WAY: "magenta",
    StepKind.EMPLOYMENT: "yellow",
    StepKind.UNAVAILABLE: "dim",
}

_NARROWEST_WHY = 30
"""Below this width the why column of the wide table reads one word a line: the compact layout
is drawn instead."""
_NARROWEST_STEP = 16
_DATES = len("→ 2027-01-24")


def route_view(route: Route, *, alternative: tuple[int, int] | None = None) -> RenderableType:
    """The route as a table of steps followed by its totals; ``alternative`` (its number and
    how many there are) heads it with a label such as "Alternative 2 of 3: hybrid VAE"."""
    return RouteView(route, alternative)


def mix_name(modalities: tuple[str, ...] | frozenset[str]) -> str:
    """A route's mix of modalities in the words of the pact ("hybrid VAE", "training only")."""
    mix = set(modalities)
    if "vae" in mix:
        name = "hybrid VAE" if mix & {"training", "company"} else "VAE"
        if "company" in mix:
            # Two hybrid routes, one of them completing in a company, must not read the same.
            name += " and a block validated in a company"
    elif "company" in mix:
        name = "training and a block validated in a company"
    else:
        name = "training only"
    extras = [f"with {item}" for item in ("placement", "employment") if item in mix]
    return ", ".join([name, *extras])


class RouteView:
    """A route drawn at the width it is given (wide table, or compact below it)."""

    def __init__(self, route: Route, alternative: tuple[int, int] | None = None) -> None:
        self.route = route
        self.alternative = alternative

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if self.alternative is not None:
            number, count = self.alternative
            label = f"Alternative {number} of {count}: {mix_name(self.route.modalities)}"
            yield Text(label, style="bold underline")
        yield _wide_table(self.route, options.max_width) or _compact_table(self.route)
        yield from _totals(self.route)
        for caveat in self.route.caveats:
            yield Text(f"Caveat: {caveat}", style="dim")


def _title(route: Route) -> Text:
    return plain(f"Route of {route.learner} to {route.target} (objective: {route.objective})")


def _wide_table(route: Route, width: int) -> Table | None:
    """One column per fact, or None when the why column would be too narrow at ``width``."""
    fixed = {
        "#": max(len(str(step.number)) for step in route.steps),
        "kind": max(len(step.kind.value) for step in route.steps),
        "dates": _DATES if any(s.end != s.start for s in route.steps) else len("2027-01-24"),
        "hours": max(len("hours"), *(len(str(step.hours)) for step in route.steps)),
        "cost": max(len("cost"), *(len(_cost(step)) for step in route.steps)),
        "validates": max([len("validates"), *(len(code) for code in _codes(route))]),
    }
    # Eight columns, each with a border on its left and one space of padding either side.
    room = width - (3 * 8 + 1) - sum(fixed.values())
    step, why = _share(route, room)
    if why < _NARROWEST_WHY:
        return None
    widths = {"#": fixed["#"], "kind": fixed["kind"], "step": step, **fixed, "why": why}
    table = Table(title=_title(route), show_lines=True)
    for column, column_width in widths.items():
        table.add_column(column, width=column_width, overflow="fold")
    for item in route.steps:
        add_plain_row(
            table,
            str(item.number),
            Text(item.kind.value, style=_STYLES[item.kind]),
            _step_text(route, item),
            _dates(item),
            str(item.hours) if item.hours else "",
            _cost(item),
            "\n".join(_validated(item)),
            _why(item),
        )
    return table


def _share(route: Route, room: int) -> tuple[int, int]:
    """The widths of the step and why columns in ``room``: each as wide as its longest line if
    both fit, else the step column two fifths (never narrower than its longest identifier)."""
    step = max(len(line) for s in route.steps for line in _step_text(route, s).splitlines())
    why = max(len(line) for s in route.steps for line in _why(s).splitlines() or [""])
    if step + why <= room:
        return step, why
    identifier = max(_NARROWEST_STEP, *(len(s.action) for s in route.steps))
    step = min(step, max(identifier, room * 2 // 5))
    return step, room - step


def _compact_table(route: Route) -> Table:
    """Three columns: the number, the step with what it validates and why, and when and how
    much; for 80 columns."""
    table = Table(title=_title(route), show_lines=True)
    table.add_column("#", width=max(len(str(step.number)) for step in route.steps))
    longest = max(
        _NARROWEST_STEP, *(len(step.action) + len(step.kind.value) + 2 for step in route.steps)
    )
    table.add_column("step", min_width=longest, overflow="fold")
    table.add_column("dates, cost", width=_DATES, overflow="fold")
    for step in route.steps:
        heading = Text(step.kind.value, style=_STYLES[step.kind])
        if step.action != step.kind.value:
            heading.append(f"  {step.action}")
        lines = [heading]
        if step.action != step.title:
            lines.append(Text(step.title))
        if step.experience:
            lines.append(Text(_experience(step)))
        beside = _beside(route, step)
        if beside:
            lines.append(Text(beside))
        validated = _validated(step)
        if validated:
            lines.append(Text("validates " + ", ".join(validated)))
        lines.extend(Text(f"why: {reason}", style="italic") for reason in step.why)
        when = [line for line in (_dates(step), _hours(step), _cost(step)) if line]
        add_plain_row(table, str(step.number), Text("\n").join(lines), "\n".join(when))
    return table


def _totals(route: Route) -> Iterator[Text]:
    # Two short lines rather than one long one: an amount is never split by the terminal's wrap.
    reached = route.target_reached_on
    if reached is not None:
        yield Text.assemble(
            ("Target reached on ", "bold"),
            (reached.isoformat(), "bold"),
            ": the person already holds what the target requires; nothing remains to plan",
        )
        return
    totals = route.totals
    status = _proof(route)
    yield Text.assemble(
        ("Totals: ", "bold"),
        f"{totals.start.isoformat()} → {totals.finish.isoformat()} ({totals.duration_days} days),",
        f" {totals.training_hours} h, {euros(totals.cost)}",
    )
    yield Text(f"modalities: {', '.join(route.modalities)}; {status}")


def _proof(route: Route) -> str:
    """Whether the route is proven optimal, said with the bound in the objective's unit: a
    route whose objective value the bound already reaches is optimal for the objective, and
    only the tie-breaks between routes of that value are unsettled."""
    if route.proven_optimal:
        return "proven optimal"
    if route.bound is None:
        return "not proven optimal (stopped by the work limit)"
    objective = Objective(route.objective)
    # The value as the planner counts it (days from the route's start to the day after it).
    value = route_values(route, objective, route.totals.start.toordinal())[0]
    floor = {
        Objective.DURATION: _fewer_days,
        Objective.COST: _cheaper,
        Objective.HOURS: _fewer_hours,
    }[objective]
    bound = math.ceil(route.bound - 1e-9)
    if bound >= value:
        ties = " then ".join(other.value for other in objective.order()[1:])
        return f"optimal in {objective.value}: {floor(value)}; ties by {ties} not settled"
    return f"not proven optimal: {floor(bound)}"


def _fewer_days(count: int) -> str:
    return f"no route takes fewer than {count} days"


def _cheaper(amount: int) -> str:
    return f"no route costs less than {euros(amount)}"


def _fewer_hours(count: int) -> str:
    return f"no route takes fewer than {count} h"


def _step_text(route: Route, step: Step) -> str:
    lines = [step.action] if step.action != step.title else []
    lines.append(step.title)
    if step.experience:
        lines.append(_experience(step))
    beside = _beside(route, step)
    if beside:
        lines.append(beside)
    return "\n".join(lines)


def _beside(route: Route, step: Step) -> str:
    """What runs beside the step (a VAE's lead times and the training meanwhile, modules run
    part time side by side), so that overlapping dates read as intended."""
    beside = route.beside(step)
    return "beside " + ", ".join(beside) if beside else ""


def _experience(step: Step) -> str:
    return f"experience: {step.experience}"


def _dates(step: Step) -> str:
    if step.end == step.start:
        return step.start.isoformat()
    return f"{step.start.isoformat()}\n→ {step.end.isoformat()}"


def _hours(step: Step) -> str:
    if step.hours and step.weekly_hours:
        return f"{step.hours} h\n{step.weekly_hours} h a week"
    return f"{step.hours} h" if step.hours else ""


def _cost(step: Step) -> str:
    return euros(step.cost) if step.cost else ""


def _validated(step: Step) -> list[str]:
    return [*step.validates, *(str(credit) for credit in step.credited)]


def _codes(route: Route) -> list[str]:
    return [code for step in route.steps for code in _validated(step)]


def _why(step: Step) -> str:
    return "\n".join(str(reason) for reason in step.why)
