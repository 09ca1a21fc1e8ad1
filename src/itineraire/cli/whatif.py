"""``itineraire what-if``: the changes to a person's situation that would improve their route,
each re-planned, best first, with the threshold answers."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text

from itineraire.cli.output import EXIT_FINDINGS, EXIT_OK, fail, show, show_json, wants_json
from itineraire.cli.subjects import UsageError, plain_route, route_options, subjects
from itineraire.model.catalogue import Catalogue
from itineraire.model.learners import Learner
from itineraire.model.money import euros
from itineraire.planning import Objective, Totals
from itineraire.planning.documents import totals_document
from itineraire.whatif import Change, ChangeKind, WhatIf, what_if
from itineraire.whatif.offer import OfferAnalysis, offer_analysis, persons
from itineraire.whatif.wording import long_date

__all__ = ["offer_data", "register", "run", "what_if_data"]


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "what-if",
        help="what would shorten a learner's route: each change re-planned, best first",
    )
    route_options(parser)
    parser.add_argument(
        "--finish-by",
        type=_day,
        metavar="YYYY-MM-DD",
        help="the date for the latest-start answer (default: the present route's finish)",
    )
    parser.add_argument(
        "--offer",
        action="store_true",
        help="for the offer instead: which session, equivalence or removed requirement would"
        " save the most over the learners (of the scenario)",
    )
    parser.add_argument(
        "--max-candidates",
        type=int,
        default=10,
        metavar="N",
        help="with --offer: candidates kept of each kind (default 10)",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=1,
        metavar="N",
        help="with --offer: processes that plan (default 1; the answers do not depend on it)",
    )
    parser.set_defaults(command=run)


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def run(arguments: argparse.Namespace) -> int:
    try:
        chosen = subjects(arguments)
    except UsageError as error:
        return fail(str(error))
    objective = chosen.objectives[0]
    if arguments.offer:
        if arguments.max_candidates < 1:
            return fail("--max-candidates must be at least 1")
        if arguments.jobs < 1:
            return fail(f"--jobs must be at least 1 (got {arguments.jobs})")
        analysis = offer_analysis(
            chosen.catalogue,
            chosen.learners,
            objective,
            max_candidates=arguments.max_candidates,
            jobs=arguments.jobs,
        )
        if wants_json(arguments):
            show_json(offer_data(analysis))
        else:
            show(_offer_view(analysis))
        return EXIT_OK
    results = [
        what_if(chosen.catalogue, learner, objective, finish_by=arguments.finish_by)
        for learner in chosen.learners
    ]
    if wants_json(arguments):
        documents = [what_if_data(result) for result in results]
        show_json(documents[0] if len(documents) == 1 else documents)
    else:
        for learner, result in zip(chosen.learners, results, strict=True):
            show(_view(chosen.catalogue, learner, result))
    if any(result.baseline is None and not result.answers for result in results):
        for result in results:
            if result.baseline is None and not result.answers:
                sys.stderr.write(f"no change considered gives {result.learner} a route\n")
        return EXIT_FINDINGS
    return EXIT_OK


def what_if_data(result: WhatIf) -> dict[str, Any]:
    """The answers as JSON data: the present route's totals, each answer and each threshold."""
    return {
        "learner": result.learner,
        "objective": result.objective.value,
        "route": None if result.baseline is None else _totals(result.baseline.totals),
        "no_route": list(result.no_route),
        "considered": result.considered,
        "plans": result.plans,
        "answers": [
            {
                "change": _change(answer.change),
                "gain": answer.gain,
                "unit": _UNITS[result.objective],
                "totals": _totals(answer.route.totals),
                "exact": answer.exact,
                "sentence": answer.sentence,
                "route": plain_route(answer.route),
            }
            for answer in result.answers
        ],
        "thresholds": [
            {
                "kind": threshold.kind.value,
                "value": threshold.value
                if isinstance(threshold.value, int)
                else threshold.value.isoformat(),
                "subject": threshold.subject,
                "totals": None if threshold.route is None else _totals(threshold.route.totals),
                "sentence": threshold.sentence,
            }
            for threshold in result.thresholds
        ],
    }


_UNITS = {Objective.DURATION: "days", Objective.COST: "euros", Objective.HOURS: "hours"}


def _change(change: Change) -> dict[str, Any]:
    data: dict[str, Any] = {"kind": change.kind.value}
    for field in ("subject", "level", "hours", "covers"):
        value = getattr(change, field)
        if value:
            data[field] = value
    if change.day is not None:
        data["start"] = change.day.isoformat()
    if change.kind is ChangeKind.BUDGET:
        data["budget"] = change.euros
    return data


def _totals(totals: Totals) -> dict[str, Any]:
    return totals_document(totals).model_dump(mode="json")


def _view(catalogue: Catalogue, learner: Learner, result: WhatIf) -> RenderableType:
    lines: list[RenderableType] = [
        Text(f"What would improve the route of {learner.name or learner.id}", style="bold")
    ]
    if result.baseline is None:
        lines.append(Text("Today there is no route:"))
        lines.extend(Text(f"  - {reason}") for reason in result.no_route)
    else:
        totals = result.baseline.totals
        lines.append(
            Text(
                f"Today: the route ends on {long_date(totals.finish)}, takes"
                f" {totals.training_hours:,} h of training and costs {euros(totals.cost)}"
                f" (objective: {result.objective.value})."
            )
        )
    if result.answers:
        lines.extend(
            Text(f"{number}. {answer.sentence}" + ("" if answer.exact else " (not proven)"))
            for number, answer in enumerate(result.answers, start=1)
        )
    else:
        lines.append(Text("No change considered improves the route."))
    lines.extend(Text(f"· {threshold.sentence}") for threshold in result.thresholds)
    lines.append(
        Text(
            f"{result.considered} changes considered, {result.plans} plans made.",
            style="dim",
        )
    )
    return Group(*lines)


def offer_data(analysis: OfferAnalysis) -> dict[str, Any]:
    """The offer analysis as JSON data: each candidate's saving and the work done."""
    return {
        "objective": analysis.objective.value,
        "unit": analysis.unit,
        "population": analysis.population,
        "situations": analysis.situations,
        "no_route": analysis.no_route,
        "candidates": analysis.candidates,
        "baseline_plans": analysis.baseline_plans,
        "plans": analysis.plans,
        "reused": analysis.reused,
        "answers": [
            {
                "change": {
                    key: value
                    for key, value in (
                        ("kind", answer.change.kind.value),
                        ("subject", answer.change.subject),
                        ("source", answer.change.source),
                        (
                            "start",
                            None if answer.change.day is None else answer.change.day.isoformat(),
                        ),
                        ("place", answer.change.place),
                    )
                    if value
                },
                "people": answer.people,
                "saved": answer.saved,
                "new_routes": answer.new_routes,
                "plans": answer.plans,
                "reused": answer.reused,
                "sentence": answer.sentence,
            }
            for answer in analysis.answers
        ],
    }


def _offer_view(analysis: OfferAnalysis) -> RenderableType:
    lines: list[RenderableType] = [
        Text(
            f"What would shorten the routes of {persons(analysis.population)}"
            f" (objective: {analysis.objective.value})",
            style="bold",
        )
    ]
    lines.extend(
        Text(f"{number}. {answer.sentence}")
        for number, answer in enumerate(analysis.answers, start=1)
    )
    lines.append(
        Text(
            f"{analysis.candidates} changes considered; {analysis.situations} situations planned,"
            f" then {analysis.plans} plans again and {analysis.reused} routes reused.",
            style="dim",
        )
    )
    return Group(*lines)
