"""``itineraire journey`` and ``itineraire simulate``: a journey's history, portfolio and the
rest of its route; or its replay with re-planning after each event."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text

from itineraire.cli.output import (
    EXIT_FINDINGS,
    EXIT_OK,
    catalogue_option,
    fail,
    load,
    show,
    show_json,
    wants_json,
)
from itineraire.cli.subjects import UsageError, plain_route
from itineraire.display.journey import portfolio_view, replan_view, timeline_view
from itineraire.files.export import to_json
from itineraire.journeys import (
    Journey,
    Replan,
    journey_document,
    load_journey,
    portfolio,
    portfolio_document,
    replan,
)
from itineraire.journeys.replay import Frame, frames
from itineraire.planning import NoRouteError, Objective, PlanningLimitError, Reason
from itineraire.planning.documents import reason_data
from itineraire.scenarios import load_scenario

_VIEWS = ("timeline", "portfolio", "route")


def register(commands: Any) -> None:
    journey = commands.add_parser(
        "journey",
        help="a journey's history, the person's portfolio and the rest of their route",
    )
    _source_options(journey)
    journey.add_argument(
        "--view",
        action="append",
        choices=_VIEWS,
        help="show only this part (repeatable); all three by default",
    )
    journey.set_defaults(command=run_journey)

    simulate = commands.add_parser(
        "simulate", help="replay a journey, re-planning the route after each event"
    )
    _source_options(simulate)
    simulate.set_defaults(command=run_simulate)


def _source_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", nargs="?", help="a journey file (JSON or TOML)")
    parser.add_argument(
        "--scenario", metavar="FILE", help="instead of a journey file: a scenario with a journey"
    )
    catalogue_option(parser)
    parser.add_argument(
        "--objective",
        choices=[objective.value for objective in Objective],
        help="what re-planning minimises first (default: the scenario's first objective, or"
        " duration)",
    )


def _journey(arguments: argparse.Namespace) -> tuple[Journey, Objective]:
    """The journey to show, and the objective to re-plan for; raises ``UsageError``."""
    chosen = Objective(arguments.objective) if arguments.objective else None
    if arguments.scenario is None:
        if arguments.file is None:
            raise UsageError("give a journey file, or --scenario FILE")
        return load_journey(arguments.file, load(arguments)), chosen or Objective.DURATION
    if arguments.file is not None or hasattr(arguments, "catalogue"):
        raise UsageError("--scenario names its own catalogue and journey: drop the other file")
    scenario = load_scenario(arguments.scenario)
    if scenario.journey is None:
        raise UsageError(f"the scenario {arguments.scenario} scripts no journey")
    return scenario.journey, chosen or scenario.objective


def run_journey(arguments: argparse.Namespace) -> int:
    try:
        journey, objective = _journey(arguments)
    except UsageError as error:
        return fail(str(error))
    views = arguments.view or list(_VIEWS)
    replanned: Replan | None = None
    no_route = ""
    reasons: tuple[Reason, ...] = ()
    if "route" in views:
        try:
            replanned = replan(journey, objective)
        except (NoRouteError, PlanningLimitError) as error:
            no_route, reasons = str(error), error.reasons
    if wants_json(arguments):
        data: dict[str, Any] = {}
        if "timeline" in views:
            # Exactly the journey file (with its format tag), as `to_json` writes it.
            data["journey"] = json.loads(to_json(journey_document(journey)))
        if "portfolio" in views:
            data["portfolio"] = portfolio_document(portfolio(journey)).model_dump(mode="json")
        if "route" in views:
            data["replan"] = _replan_data(replanned, no_route, reasons)
        show_json(data)
    else:
        # Each part is made only when asked for: the timeline and the portfolio refold the events.
        parts: dict[str, Callable[[], RenderableType | None]] = {
            "timeline": lambda: timeline_view(journey),
            "portfolio": lambda: portfolio_view(portfolio(journey)),
            "route": lambda: None if replanned is None else replan_view(replanned),
        }
        for view in views:
            part = parts[view]()
            if part is not None:
                show(part)
    if no_route:
        sys.stderr.write(f"{no_route}\n")
        return EXIT_FINDINGS
    return EXIT_OK


def run_simulate(arguments: argparse.Namespace) -> int:
    try:
        journey, objective = _journey(arguments)
    except UsageError as error:
        return fail(str(error))
    replayed = frames(journey, objective)
    if wants_json(arguments):
        show_json([_frame_data(frame) for frame in replayed])
    else:
        for frame in replayed:
            show(_frame_view(frame))
    return EXIT_OK


def _replan_data(
    replanned: Replan | None, no_route: str, reasons: tuple[Reason, ...] = ()
) -> dict[str, Any]:
    if replanned is None:
        return {
            "route": None,
            "returns": [],
            "no_route": no_route,
            "reasons": [reason_data(reason) for reason in reasons],
        }
    return {
        "date": replanned.date.isoformat(),
        "route": plain_route(replanned.route),
        "returns": [
            {"step": item.step, "kind": item.kind.value, "reason": item.reason}
            for item in replanned.returns
        ],
        "notes": list(replanned.notes),
    }


def _frame_data(frame: Frame) -> dict[str, Any]:
    return {
        "index": frame.index,
        "date": None if frame.event is None else frame.event.date.isoformat(),
        "event": frame.description,
        "changes": list(frame.changes),
        "route_changes": list(frame.route_changes),
        "replan": _replan_data(frame.replan, frame.no_route, frame.reasons),
    }


def _frame_view(frame: Frame) -> RenderableType:
    when = "" if frame.event is None else f"{frame.event.date} "
    heading = Text(f"— {frame.index}. {when}{frame.description}", style="bold")
    lines = [heading]
    lines.extend(Text(f"  {change}") for change in frame.changes)
    lines.extend(Text(f"  route: {change}", style="italic") for change in frame.route_changes)
    if frame.replan is None:
        lines.append(Text(f"  no route: {frame.no_route}", style="red"))
        return Group(*lines)
    return Group(*lines, replan_view(frame.replan))
