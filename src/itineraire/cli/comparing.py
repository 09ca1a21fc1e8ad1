"""``itineraire compare``: several learners or several objectives side by side."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from rich.console import RenderableType

from itineraire.cli.output import EXIT_FINDINGS, EXIT_OK, fail, show, show_json, wants_json
from itineraire.cli.subjects import PLANNING_FAILURES, UsageError, plan_for, route_options, subjects
from itineraire.display._fitting import Field, FittedList
from itineraire.model.money import euros
from itineraire.planning.documents import reason_data

_COLUMNS = (
    "learner",
    "target",
    "objective",
    "start",
    "finish",
    "days",
    "hours",
    "cost",
    "steps",
    "modalities",
)


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "compare",
        help="several learners or objectives side by side: duration, cost, hours, modalities",
    )
    route_options(parser, several_objectives=True)
    parser.set_defaults(command=run)


def run(arguments: argparse.Namespace) -> int:
    try:
        chosen = subjects(arguments)
    except UsageError as error:
        return fail(str(error))
    rows = [
        _row(learner.id, str(learner.target), objective.value, result)
        for learner in chosen.learners
        for objective in chosen.objectives
        for result in [plan_for(chosen, learner, objective)]
    ]
    if wants_json(arguments):
        show_json({"scenario": chosen.scenario, "catalogue": chosen.catalogue_source, "rows": rows})
    else:
        show(_table(rows, chosen.scenario))
        for row in rows:
            for reason in row["no_route"]:
                where = f"{row['learner']} ({row['objective']})"
                sys.stderr.write(f"no route for {where}: {reason['text']}\n")
    return EXIT_FINDINGS if any(row["no_route"] for row in rows) else EXIT_OK


def _row(learner: str, target: str, objective: str, result: Any) -> dict[str, Any]:
    row: dict[str, Any] = {"learner": learner, "target": target, "objective": objective}
    if isinstance(result, PLANNING_FAILURES):
        # The same keys as a planned row, so that programs read every row alike.
        empty = dict.fromkeys(("start", "finish", "days", "hours", "cost", "steps"))
        return {
            **row,
            **empty,
            "modalities": [],
            "proven_optimal": None,
            "no_route": [reason_data(reason) for reason in result.reasons],
        }
    route = result[0]
    totals = route.totals
    return {
        **row,
        "start": totals.start.isoformat(),
        "finish": totals.finish.isoformat(),
        "days": totals.duration_days,
        "hours": totals.training_hours,
        "cost": totals.cost,
        "steps": len(route.steps),
        "modalities": list(route.modalities),
        "proven_optimal": route.proven_optimal,
        "no_route": [],
    }


def _table(rows: list[dict[str, Any]], scenario: str | None) -> RenderableType:
    numbers = {"days", "hours", "cost", "steps"}
    identifiers = {"learner", "start", "finish"}
    columns = [
        (
            column,
            Field.NUMBER
            if column in numbers
            else Field.IDENTIFIER
            if column in identifiers
            else Field.TEXT,
        )
        for column in _COLUMNS
    ]
    cells = [
        (row["learner"], row["target"], row["objective"], "no route", *[""] * 6)
        if row["no_route"]
        else (
            *(str(row[c]) for c in _COLUMNS[:6]),
            str(row["hours"]),
            euros(row["cost"]),
            str(row["steps"]),
            ", ".join(row["modalities"]),
        )
        for row in rows
    ]
    title = "Comparison" + (f" of scenario {scenario}" if scenario else "")
    return FittedList(title, columns, cells)
