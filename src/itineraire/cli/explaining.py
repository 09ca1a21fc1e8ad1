"""``itineraire explain``: for one step of a route, the chain of requirements that put it there."""

from __future__ import annotations

import argparse
from typing import Any

from rich.text import Text
from rich.tree import Tree

from itineraire.cli.output import EXIT_OK, fail, show, show_json, wants_json
from itineraire.cli.subjects import one_route, route_options
from itineraire.planning.documents import target_document
from itineraire.planning.explaining import Explanation, explain, find_step


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "explain", help="why one step of a route is there: the chain of requirements to the target"
    )
    parser.add_argument("step", help="the step's number, or the module (action) it takes")
    route_options(parser)
    parser.set_defaults(command=run)


def run(arguments: argparse.Namespace) -> int:
    route = one_route(arguments)
    if isinstance(route, int):
        return route
    step = find_step(route, arguments.step)
    if step is None:
        steps = ", ".join(f"{s.number} {s.action}" for s in route.steps)
        return fail(f"the route has no step {arguments.step!r} (its steps: {steps})")
    explanation = explain(route, step)
    if wants_json(arguments):
        target = target_document(route.target).model_dump(mode="json", exclude_none=True)
        show_json({"learner": route.learner, "target": target, **explanation.document()})
    else:
        title = Text(f"Route of {route.learner} to {route.target}", style="bold")
        show(_tree(explanation, Tree(title)))
    return EXIT_OK


def _tree(explanation: Explanation, parent: Tree) -> Tree:
    step = explanation.step
    # Titles and reasons come from files: Text shows them literally, never as rich markup.
    label = Text.assemble((f"step {step.number}", "bold"), f" {step.action}: {step.title}")
    branch = parent.add(label)
    for link in explanation.reasons:
        node = branch.add(Text(link.text), highlight=False)
        if link.then is not None:
            _tree(link.then, node)
    return parent
