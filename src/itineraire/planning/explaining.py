"""Why a step is on a route: the chain of requirements from the step to the target.

Every step of a route carries its reasons (``Step.why``): a target leaf it meets, a prerequisite
of a later step it provides, or experience a later VAE needs. Following the later steps' own
reasons, step by step, gives the chain that put the step there: "remediation-clea-1 → needed by
dwwm-front (clea.1) → target: block RNCP37674BC01".
"""

from __future__ import annotations

import re
from typing import Any

import attrs
import networkx as nx

from itineraire.planning.route import Route, Step, StepKind

__all__ = ["Explanation", "Reason", "explain", "find_step", "route_graph"]

# The reasons written by planning/building.py that point at a later step.
_NEEDED_BY = re.compile(r"^needed by (?P<action>\S+): (?P<what>.+)$")
_EXPERIENCE_FOR = re.compile(r"^experience for (?P<action>\S+)$")
_VAE_PHASES = {StepKind.VAE_ADMISSIBILITY, StepKind.VAE_SUPPORT}


@attrs.frozen
class Reason:
    """One reason of a step; ``then`` explains the later step it serves, if it serves one."""

    text: str
    then: Explanation | None = None


@attrs.frozen
class Explanation:
    """A step and its reasons, each followed to the target."""

    step: Step
    reasons: tuple[Reason, ...]

    def lines(self, indent: str = "") -> list[str]:
        """The chain as indented text, one reason a line."""
        out = [f"{indent}step {self.step.number} {self.step.action}: {self.step.title}"]
        for reason in self.reasons:
            out.append(f"{indent}  - {reason.text}")
            if reason.then is not None:
                out += reason.then.lines(indent + "    ")
        return out

    def document(self) -> dict[str, Any]:
        """The chain as JSON-like data."""
        return {
            "step": self.step.number,
            "action": self.step.action,
            "title": self.step.title,
            "kind": self.step.kind.value,
            "reasons": [
                {
                    "reason": reason.text,
                    "then": None if reason.then is None else reason.then.document(),
                }
                for reason in self.reasons
            ],
        }


def find_step(route: Route, key: str) -> Step | None:
    """The step numbered ``key``, or the first step of the action named ``key``."""
    for step in route.steps:
        if str(step.number) == key:
            return step
    return next((step for step in route.steps if step.action == key), None)


def explain(route: Route, step: Step) -> Explanation:
    """The chain of reasons from ``step`` to the route's target. Each step is explained once:
    a later step reached again (several reasons leading to it) is referred to, not repeated,
    so the explanation grows with the route, not with the number of paths through it."""
    return _explain(route, step, set())


def _explain(route: Route, step: Step, explained: set[int]) -> Explanation:
    explained.add(step.number)
    reasons = []
    for text, later in _reasons(route, step):
        if later is not None and later.number in explained:
            reasons.append(Reason(f"{text} (step {later.number}, explained above)", None))
            continue
        then = _explain(route, later, explained) if later is not None else None
        reasons.append(Reason(text, then))
    return Explanation(step, tuple(reasons))


def _reasons(route: Route, step: Step) -> list[tuple[str, Step | None]]:
    """Each reason of ``step`` with the later step it points at, if any."""
    found: list[tuple[str, Step | None]] = []
    if step.kind in _VAE_PHASES:
        # Admissibility and support say what they do; the jury step carries the VAE's reasons.
        jury = _serving(route, step.action)
        if jury is not None:
            found.append((f"a phase of the VAE whose jury is step {jury.number}", jury))
    for text in step.why:
        match = _NEEDED_BY.match(text) or _EXPERIENCE_FOR.match(text)
        found.append((text, None if match is None else _serving(route, match["action"])))
    return found


def _serving(route: Route, action: str) -> Step | None:
    # An action's reasons sit on its last step (the jury of a VAE, the only step of a module).
    steps = [step for step in route.steps if step.action == action]
    return steps[-1] if steps else None


def route_graph(route: Route) -> Any:
    """The route as a ``networkx.DiGraph``: a node per step and one for the target; ``next``
    edges in time order, ``serves`` edges from a step to the later step or target it serves."""
    graph = nx.DiGraph(name=f"route of {route.learner}")
    for step in route.steps:
        graph.add_node(
            f"step:{step.number}",
            kind=step.kind.value,
            label=f"{step.number}. {step.title}",
            start=step.start.isoformat(),
            end=step.end.isoformat(),
        )
    # The dates place each step on a timeline when the route is drawn.
    finish = route.totals.finish.isoformat()
    graph.add_node("target", kind="target", label=route.target, start=finish, end=finish)
    for before, after in zip(route.steps, route.steps[1:], strict=False):
        graph.add_edge(f"step:{before.number}", f"step:{after.number}", relation="next")
    for step in route.steps:
        for text, later in _reasons(route, step):
            if later is not None and later.number != step.number:
                graph.add_edge(f"step:{step.number}", f"step:{later.number}", relation="serves")
            elif text.startswith("target: "):
                graph.add_edge(f"step:{step.number}", "target", relation="serves")
    return graph
