"""Who the commands that plan plan for: the options naming the learners, and the planning.

A command plans either for one learner (a learner file, or the demonstration learner, with
options on top, on ``--catalogue``) or for the learners of a scenario file (``--scenario``), which
names its own catalogue, learners and objectives. ``explain`` and ``graph --route`` need exactly
one learner: :func:`one_route`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from importlib import resources
from typing import Any

import attrs

from itineraire.cli.output import EXIT_FINDINGS, catalogue_option, fail, load, source
from itineraire.files.loading import learner_from_data, read_learner
from itineraire.model.catalogue import Catalogue
from itineraire.model.learners import HolidayZone, Learner
from itineraire.planning import NoRouteError, Objective, Planner, PlanningLimitError, Route
from itineraire.planning.documents import route_document
from itineraire.planning.planner import DEFAULT_WORK_LIMIT
from itineraire.scenarios import load_scenario

__all__ = [
    "DEMO_LEARNER",
    "PLANNING_FAILURES",
    "Subjects",
    "UsageError",
    "catalogue_of",
    "learner_data",
    "one_route",
    "plain_route",
    "plan_for",
    "route_options",
    "subjects",
]

DEMO_LEARNER = "demonstration learner"
_LEARNER_OPTIONS = (
    "learner",
    "certification",
    "blocks",
    "job",
    "start",
    "weekly_hours",
    "training_days",
    "holidays",
    "budget",
    "no_vae",
    "allow_employment",
    "placement_required",
    "exclude",
)


class UsageError(Exception):
    """Options that do not go together; the command reports it as bad usage (exit 2)."""


@attrs.frozen
class Subjects:
    """Who to plan for, on which catalogue, for which objectives."""

    catalogue: Catalogue
    catalogue_source: str
    learners: tuple[Learner, ...]
    objectives: tuple[Objective, ...]
    scenario: str | None = None
    alternatives: int = 1
    work_limit: int = DEFAULT_WORK_LIMIT


def route_options(parser: argparse.ArgumentParser, *, several_objectives: bool = False) -> None:
    """The options naming the learner, the target, the constraints and the objective."""
    catalogue_option(parser)
    parser.add_argument(
        "--scenario",
        metavar="FILE",
        help="a scenario file (TOML or JSON): its catalogue, learners and objectives",
    )
    parser.add_argument(
        "--learner-id", metavar="ID", help="with --scenario: only this learner of the scenario"
    )
    parser.add_argument("--learner", metavar="FILE", help="a learner file (JSON or TOML)")
    target = parser.add_mutually_exclusive_group()
    target.add_argument("--certification", metavar="CODE", help="target a full certification")
    target.add_argument("--blocks", metavar="CODE,CODE", help="target a set of blocks")
    target.add_argument("--job", metavar="ROME", help="target a ROME job")
    parser.add_argument("--start", type=_day, metavar="YYYY-MM-DD", help="the route's start date")
    parser.add_argument("--weekly-hours", type=int, metavar="H", help="training hours a week")
    parser.add_argument(
        "--training-days",
        metavar="DAY,DAY",
        help="the weekdays the person trains, e.g. monday,tuesday,thursday (default: Monday to"
        " Friday)",
    )
    parser.add_argument(
        "--holidays",
        choices=[zone.value for zone in HolidayZone],
        help="the public holidays that close training (default: france; alsace-moselle adds"
        " Good Friday and 26 December)",
    )
    parser.add_argument("--budget", type=int, metavar="EUROS", help="the most the route may cost")
    parser.add_argument(
        "--exclude", action="append", default=[], metavar="MODULE", help="a module not to use"
    )
    parser.add_argument("--no-vae", action="store_true", help="do not use VAE")
    parser.add_argument(
        "--allow-employment",
        action="store_true",
        help="allow periods of employment as steps (work, then VAE)",
    )
    parser.add_argument(
        "--placement-required", action="store_true", help="the route must include a placement"
    )
    parser.add_argument(
        "--work-limit",
        type=_positive,
        default=DEFAULT_WORK_LIMIT,
        metavar="N",
        help=f"the work a plan may do before it gives its best route, unproven"
        f" (default {DEFAULT_WORK_LIMIT:,})",
    )
    choices = [objective.value for objective in Objective]
    if several_objectives:
        parser.add_argument(
            "--objective",
            action="append",
            choices=choices,
            help="an objective to compare (repeat it; default: the scenario's, or duration)",
        )
    else:
        parser.add_argument(
            "--objective",
            choices=choices,
            help="what to minimise first (default: the scenario's first objective, or duration)",
        )


def _positive(text: str) -> int:
    """``--work-limit``: a positive whole number, checked when read."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, got {text!r}")
    return value


def _day(text: str) -> str:
    """``--start``: checked when read, so that a bad date is named once, as the option."""
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def learner_source(arguments: argparse.Namespace) -> str:
    """How problems name the learner: the file, the options, or the demonstration learner."""
    if arguments.learner:
        return str(arguments.learner)
    if arguments.certification or arguments.blocks or arguments.job:
        return "given by the options"
    return DEMO_LEARNER


def subjects(arguments: argparse.Namespace) -> Subjects:
    """Who the options name; raises ``UsageError`` for options that do not go together."""
    objectives = _objectives(arguments)
    if arguments.scenario is None:
        if arguments.learner_id is not None:
            raise UsageError("--learner-id needs --scenario")
        catalogue = load(arguments)
        learner = learner_from_data(
            learner_data(arguments), catalogue, source=learner_source(arguments)
        )
        return Subjects(
            catalogue,
            source(arguments),
            (learner,),
            objectives or (Objective.DURATION,),
            work_limit=arguments.work_limit,
        )
    clashing = [name for name in _LEARNER_OPTIONS if getattr(arguments, name)]
    if hasattr(arguments, "catalogue"):
        clashing.insert(0, "catalogue")
    if clashing:
        names = ", ".join("--" + name.replace("_", "-") for name in clashing)
        raise UsageError(f"--scenario names its own catalogue and learners: drop {names}")
    scenario = load_scenario(arguments.scenario)
    learners = scenario.learners
    if arguments.learner_id is not None:
        learners = tuple(learner for learner in learners if learner.id == arguments.learner_id)
        if not learners:
            known = ", ".join(learner.id for learner in scenario.learners)
            raise UsageError(
                f"no learner {arguments.learner_id!r} in the scenario (it has {known})"
            )
    return Subjects(
        scenario.catalogue,
        scenario.catalogue_source,
        learners,
        objectives or scenario.objectives,
        scenario=scenario.name,
        alternatives=scenario.alternatives,
        work_limit=arguments.work_limit,
    )


def catalogue_of(arguments: argparse.Namespace) -> Catalogue:
    """The catalogue the options name (a scenario's, with its changes, or ``--catalogue``),
    for commands that need no learner."""
    if arguments.scenario is None:
        return load(arguments)
    if hasattr(arguments, "catalogue"):
        raise UsageError("--scenario names its own catalogue: drop --catalogue")
    return load_scenario(arguments.scenario).catalogue


def _objectives(arguments: argparse.Namespace) -> tuple[Objective, ...]:
    chosen = arguments.objective
    if chosen is None:
        return ()
    values = chosen if isinstance(chosen, list) else [chosen]
    return tuple(dict.fromkeys(Objective(value) for value in values))


PLANNING_FAILURES = (NoRouteError, PlanningLimitError)
"""The two ways a plan ends without a route: none exists, or none was found within the limit."""


def plan_for(
    chosen: Subjects, learner: Learner, objective: Objective, count: int = 1
) -> tuple[Route, ...] | NoRouteError | PlanningLimitError:
    """The ``count`` best routes of ``learner``, or the error saying why there is none."""
    try:
        planner = Planner(chosen.catalogue, work_limit=chosen.work_limit)
        return planner.alternatives(learner, count, objective)
    except PLANNING_FAILURES as error:
        return error


def one_route(arguments: argparse.Namespace) -> Route | int:
    """The route of the one learner the options name, or the exit code once the command line
    was told why there is none (bad usage, several learners, no route)."""
    try:
        chosen = subjects(arguments)
    except UsageError as error:
        return fail(str(error))
    if len(chosen.learners) > 1:
        names = ", ".join(learner.id for learner in chosen.learners)
        return fail(f"the scenario has several learners ({names}): choose one with --learner-id")
    result = plan_for(chosen, chosen.learners[0], chosen.objectives[0])
    if isinstance(result, PLANNING_FAILURES):
        sys.stderr.write(f"{result}\n")
        return EXIT_FINDINGS
    return result[0]


def plain_route(route: Route) -> dict[str, Any]:
    """The route document as JSON-like data; a field that does not apply is absent."""
    return route_document(route).model_dump(mode="json", exclude_none=True)


def _days(text: str | None) -> list[str] | None:
    """``--training-days``: the named days, checked with the learner file's own rule."""
    return None if text is None else [day.strip().lower() for day in text.split(",")]


def learner_data(arguments: argparse.Namespace) -> dict[str, Any]:
    """The learner as data: the file (or the demonstration learner), then the options on top."""
    if arguments.learner:
        data = read_learner(arguments.learner)
    elif arguments.certification or arguments.blocks or arguments.job:
        data = {
            "id": "cli",
            "positioning": {"date": arguments.start or dt.date.today().isoformat()},
        }
    else:
        demo = resources.files("itineraire.data").joinpath("demo_learner.json").read_bytes()
        data = read_learner(demo, name=DEMO_LEARNER)
    if arguments.certification:
        data["target"] = {"certification": arguments.certification}
    elif arguments.blocks:
        data["target"] = {"blocks": [code.strip() for code in arguments.blocks.split(",")]}
    elif arguments.job:
        data["target"] = {"job": arguments.job}
    constraints = dict(data.get("constraints") or {})
    overrides = {
        "start": arguments.start,
        "weekly_hours": arguments.weekly_hours,
        "training_days": _days(arguments.training_days),
        "holidays": arguments.holidays,
        "budget": arguments.budget,
        "vae_allowed": False if arguments.no_vae else None,
        "employment_allowed": True if arguments.allow_employment else None,
        "placement_required": True if arguments.placement_required else None,
    }
    constraints.update({key: value for key, value in overrides.items() if value is not None})
    if arguments.exclude:
        constraints["excluded_modules"] = [
            *constraints.get("excluded_modules", []),
            *arguments.exclude,
        ]
    data["constraints"] = constraints
    return data
