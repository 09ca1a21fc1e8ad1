"""Population planning on a terminal: the progress bar, the summary of a run, the indicators."""

from __future__ import annotations

from collections import Counter
from typing import Any

from rich.console import Console, Group, RenderableType
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from itineraire.display._plain import add_plain_row
from itineraire.model.money import GROUP_SEPARATOR, euros
from itineraire.planning import Objective
from itineraire.population import Progress as Advance
from itineraire.population import Reporter

__all__ = ["ProgressBar", "indicators_view", "summary_view"]


class ProgressBar(Reporter):
    """A reporter drawing a rich progress bar of the people planned (on stderr)."""

    def __init__(self, console: Console, total: int | None) -> None:
        self._bar = Progress(
            TextColumn("planning"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("people · {task.fields[unique]} unique problems"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=True,
        )
        self._task = self._bar.add_task("planning", total=total, unique="0")

    def started(self, objectives: tuple[Objective, ...]) -> None:
        self._bar.start()

    def progressed(self, progress: Advance) -> None:
        self._bar.update(self._task, completed=progress.people, unique=_count(progress.planned))

    def finished(self, progress: Advance) -> None:
        self._bar.update(self._task, completed=progress.people)
        self._bar.stop()


def summary_view(
    statuses: Counter[tuple[str, str]], progress: Advance, refused: int, seconds: float
) -> RenderableType:
    """The end of a run: outcomes by objective and status, then the work it took."""
    outcomes = Table(title="Population planned")
    for column in ("objective", "people", "route", "no_route", "stopped", "error"):
        outcomes.add_column(column, justify="left" if column == "objective" else "right")
    for objective in sorted({objective for objective, _ in statuses}):
        counts = [statuses[(objective, status)] for status in ("route", "no_route", "stopped")]
        error = statuses[(objective, "error")]
        add_plain_row(
            outcomes,
            objective,
            _count(sum(counts) + error),
            *(_count(c) for c in counts),
            _count(error),
        )
    work = Table(show_header=False, box=None)
    work.add_column()
    work.add_column(justify="right")
    rate = progress.people / seconds if seconds > 0 else 0.0
    for label, value in (
        ("rows refused", _count(refused)),
        ("problems planned", _count(progress.planned)),
        ("outcomes reused", _count(progress.reused)),
        ("unique share", f"{progress.unique_share:.1%}"),
        ("time", f"{seconds:.1f} s"),
        ("throughput", f"{_count(rate)} people/s"),
    ):
        add_plain_row(work, label, value)
    return Group(outcomes, work)


def indicators_view(tables: dict[str, list[dict[str, Any]]], top: int) -> RenderableType:
    """The indicator tables, the demand cut to its ``top`` largest rows."""
    synthetic = any(row.get("synthetic") for rows in tables.values() for row in rows)
    mark = " — synthetic population" if synthetic else ""
    demand = sorted(tables["demand"], key=lambda row: (-row["people"], row["module"], row["month"]))
    views = [
        _table(f"Totals{mark}", tables["totals"], _TOTALS),
        _table(f"Routes using…{mark}", tables["shares"], _SHARES),
        _table(f"Certifications{mark}", tables["certifications"], _CERTIFICATIONS),
        _table(f"Module demand by month (top {top}){mark}", demand[:top], _DEMAND),
        _table(f"People without a route{mark}", tables["no_route"], _NO_ROUTE),
    ]
    return Group(*views)


_TOTALS = ("objective", "people", "routes", "no_route", "total_cost", "mean_cost")
_SHARES = ("objective", "use", "routes", "share")
_CERTIFICATIONS = (
    "objective",
    "target",
    "people",
    "routes",
    "duration_median",
    "cost_median",
    "hours_median",
    "cost_p10",
    "cost_p90",
)
_DEMAND = ("objective", "module", "month", "people")
_NO_ROUTE = ("objective", "status", "people", "reason")


def _table(title: str, rows: list[dict[str, Any]], columns: tuple[str, ...]) -> Table:
    table = Table(title=title)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        add_plain_row(table, *(_cell(column, row.get(column)) for column in columns))
    return table


def _cell(column: str, value: Any) -> str:
    if value is None:
        return ""
    if column == "share":
        return f"{value:.1%}"
    if isinstance(value, int | float) and not isinstance(value, bool):
        # Amounts as money is written everywhere; counts grouped the same way.
        if "cost" in column:
            return euros(round(value))
        return _count(value)
    return str(value)


def _count(value: float) -> str:
    """A count (or a rate) grouped by thousands as amounts are: ``12 500``."""
    return f"{round(value):,}".replace(",", GROUP_SEPARATOR)
