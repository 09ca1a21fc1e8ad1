"""Why a step is on a route: the chain of requirements from the step to the target.

Every step of a route carries its reasons (``Step.why``, data with a code): a target leaf it
meets, a prerequisite of a later step it provides, or experience a later VAE needs. Following the
later steps' own reasons, step by step, gives the chain that put the step there:
"remediation-clea-1 → needed by dwwm-front (clea.1) → target: block RNCP37674BC01".
"""

from __future__ import annotations

from typing import Any

import attrs
import networkx as nx

from itineraire.planning.documents import reason_data
from itineraire.planning.reasons import Reason, ReasonCode
from itineraire.planning.route import Route, Step, StepKind

__all__ = ["Explanation", "Link", "explain", "find_step", "route_graph"]

# The reasons that point at a later step (its ``module``).
_POINTING = frozenset({ReasonCode.NEEDED_BY, ReasonCode.EXPERIENCE_FOR, ReasonCode.VAE_PHASE})
_VAE_PHASES = {StepKind.VAE_ADMISSIBILITY, StepKind.VAE_SUPPORT}
_VAE_TRACK = {*_VAE_PHASES, StepKind.VAE_JURY, StepKind.VAE_UNDER_WAY}


@attrs.frozen
class Link:
    """One reason of a step and, when it serves a later step, that step's explanation.

    ``serves`` is the number of the later step served (also when it was explained above, then
    ``then`` is None).
    """

    reason: Reason
    serves: int | None = None
    then: Explanation | None = None

    @property
    def text(self) -> str:
        if self.reason.code is ReasonCode.VAE_PHASE:
            text = f"a phase of the VAE whose jury is step {self.serves}"
        else:
            text = str(self.reason)
        if self.then is None and self.serves is not None:
            text += f" (step {self.serves}, explained above)"
        return text


@attrs.frozen
class Explanation:
    """A step and its reasons, each followed to the target."""

    step: Step
    reasons: tuple[Link, ...]

    def lines(self, indent: str = "") -> list[str]:
        """The chain as indented text, one reason a line."""
        out = [f"{indent}step {self.step.number} {self.step.action}: {self.step.title}"]
        for link in self.reasons:
            out.append(f"{indent}  - {link.text}")
            if link.then is not None:
                out += link.then.lines(indent + "    ")
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
                    **reason_data(link.reason),
                    "text": link.text,
                    "serves": link.serves,
                    "then": None if link.then is None else link.then.document(),
                }
                for link in self.reasons
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
    links = []
    for reason, later in _reasons(route, step):
        if later is None:
            links.append(Link(reason))
        elif later.number in explained:
            links.append(Link(reason, later.number))
        else:
            links.append(Link(reason, later.number, _explain(route, later, explained)))
    return Explanation(step, tuple(links))


def _reasons(route: Route, step: Step) -> list[tuple[Reason, Step | None]]:
    """Each reason of ``step`` with the later step it points at, if any (read from the
    reasons' codes and modules, never from their sentences)."""
    reasons = step.why
    if step.kind in _VAE_PHASES:
        # Admissibility and support say what they do; the jury step carries the VAE's reasons.
        reasons = (Reason(code=ReasonCode.VAE_PHASE, module=step.action), *reasons)
    found: list[tuple[Reason, Step | None]] = []
    for reason in reasons:
        pointing = reason.code in _POINTING and reason.module is not None
        found.append((reason, _serving(route, reason.module or "") if pointing else None))
    return found


def _serving(route: Route, action: str) -> Step | None:
    # An action's reasons sit on its last step (the jury of a VAE, the only step of a module).
    steps = [step for step in route.steps if step.action == action]
    return steps[-1] if steps else None


def _next_pairs(route: Route) -> list[tuple[Step, Step]]:
    """Each step and the next one on its track, in time order: the person's steps (and planned
    periods) follow one another, a VAE's phases and the next VAE too; the positioning leads to
    the first step of each track. Modules run part time side by side are branches of the
    person's track: a step follows the last one before it that it does not run beside."""
    opening, rest = route.steps[0], route.steps[1:]
    tracks: dict[bool, list[Step]] = {}
    for step in rest:
        tracks.setdefault(step.kind in _VAE_TRACK, []).append(step)
    pairs = []
    for steps in tracks.values():
        chain = [opening, *steps]
        pairs += [(_follows(chain, index), chain[index]) for index in range(1, len(chain))]
    return sorted(pairs, key=lambda pair: (pair[1].number, pair[0].number))


def _follows(chain: list[Step], index: int) -> Step:
    """The step ``chain[index]`` follows: the one before it, or, past the part-time steps it
    runs beside, the last one before those (the opening at the latest)."""
    step = chain[index]
    for earlier in reversed(chain[1:index]):
        beside = earlier.end >= step.start and (earlier.weekly_hours or step.weekly_hours)
        if not beside:
            return earlier
    return chain[0]


def route_graph(route: Route) -> Any:
    """The route as a ``networkx.DiGraph``: a node per step and one for the target; ``next``
    edges in time order along each track (a VAE beside training is a branch of its own),
    ``serves`` edges from a step to the later step or target it serves (a ``next`` edge whose
    later step the earlier one also serves carries ``serves=True``)."""
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
    finish = (route.target_reached_on or route.totals.finish).isoformat()
    graph.add_node("target", kind="target", label=str(route.target), start=finish, end=finish)
    for before, after in _next_pairs(route):
        graph.add_edge(f"step:{before.number}", f"step:{after.number}", relation="next")
    for step in route.steps:
        for reason, later in _reasons(route, step):
            if later is not None and later.number != step.number:
                _serves(graph, f"step:{step.number}", f"step:{later.number}")
            elif reason.code is ReasonCode.TARGET:
                _serves(graph, f"step:{step.number}", "target")
    return graph


def _serves(graph: Any, source: str, served: str) -> None:
    """A ``serves`` edge, unless the two steps already follow each other on a track: a graph
    holds one edge per pair, and the time order is kept (with ``serves`` set on it) so that a
    track is never drawn broken."""
    if not graph.has_edge(source, served):
        graph.add_edge(source, served, relation="serves")
    elif graph.edges[source, served]["relation"] == "next":
        graph.edges[source, served]["serves"] = True
