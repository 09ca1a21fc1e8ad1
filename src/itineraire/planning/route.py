"""Routes: the ordered steps a person follows, each with its dates, cost and reason.

A :class:`Route` opens with the positioning, then lists its steps in time order. Each step says
what it validates and **why it is there** (:class:`~itineraire.planning.reasons.Reason`, data
with a code): the target block it validates, or the later step whose prerequisite it provides.
Blocks validated along the way are visible, so a partial exit (validation partielle) can be read
off the route; blocks credited by equivalence are shown on the step after which they are granted
(the positioning for credit the person already had), when they matter to the target.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

import attrs

from itineraire.model.learners import Target
from itineraire.planning.reasons import Caveat, Credit, Reason, ReasonCode

__all__ = ["Route", "Step", "StepKind", "Totals"]


class StepKind(StrEnum):
    """The kinds of step of a route."""

    POSITIONING = "positioning"
    TRAINING = "training"
    TRANSVERSAL = "transversal"
    PLACEMENT = "placement"
    VAE_ADMISSIBILITY = "vae_admissibility"
    VAE_SUPPORT = "vae_support"
    VAE_JURY = "vae_jury"
    VAE_UNDER_WAY = "vae_under_way"
    """A VAE file under way when the route starts (admissible, awaiting its jury): from the
    route's start to its jury's expected day, validating its blocks; not a decision of the route
    (its cost and hours were spent before it)."""
    EMPLOYMENT = "employment"
    UNAVAILABLE = "unavailable"


_VAE_PHASES = frozenset({StepKind.VAE_ADMISSIBILITY, StepKind.VAE_SUPPORT, StepKind.VAE_JURY})
_VAE_TRACK = _VAE_PHASES | {StepKind.VAE_UNDER_WAY}
# Steps that no sequence of actions decides: the positioning, the person's own periods, a VAE
# under way when the route starts.
_NOT_DECIDED = frozenset({StepKind.POSITIONING, StepKind.UNAVAILABLE, StepKind.VAE_UNDER_WAY})


def _track(step: Step) -> str | None:
    """The track a step is on: the VAE's, the person's, or none (positioning, planned)."""
    if step.kind in _VAE_TRACK:
        return "vae"
    if step.kind in (StepKind.POSITIONING, StepKind.UNAVAILABLE) or step.action == "planned":
        return None
    return "person"


# Steps that are not work towards the target: a route made of them only has nothing to do. (A
# chosen period of employment always serves a later VAE, so it never stands alone.)
_NOTHING_TO_DO = frozenset({StepKind.POSITIONING, StepKind.UNAVAILABLE, StepKind.EMPLOYMENT})


@attrs.frozen
class Step:
    """One step. ``end`` is the last day of the step (inclusive); ``why`` its reasons, as data
    (``str(reason)`` is the sentence); ``credited`` the blocks credited by equivalence once it is
    done; ``weekly_hours`` the hours a week of a module run part time (below the person's weekly
    hours, so that other steps may run beside it), None for a step at the person's pace."""

    number: int
    kind: StepKind
    action: str
    title: str
    start: dt.date
    end: dt.date
    hours: int = 0
    cost: int = 0
    validates: tuple[str, ...] = ()
    credited: tuple[Credit, ...] = ()
    teaches: tuple[str, ...] = ()
    experience: str = ""
    why: tuple[Reason, ...] = ()
    weekly_hours: int | None = None


@attrs.frozen
class Totals:
    """What the whole route takes: calendar span, training hours, cost."""

    start: dt.date
    finish: dt.date
    duration_days: int
    training_hours: int
    cost: int


@attrs.frozen
class Route:
    """A planned route, with its totals and whether it is proven optimal.

    ``proven_optimal`` is false only when the planner reached its work limit
    (``Planner.work_limit``), or the HiGHS backend its time limit, before proving the route: the
    route is then the best found, and ``bound`` a lower bound of the optimum for the objective.
    ``caveats`` say what must not be shown as a fact (illustrative entries, estimated figures).
    """

    learner: str
    target: Target
    objective: str
    steps: tuple[Step, ...]
    totals: Totals
    modalities: tuple[str, ...]
    proven_optimal: bool = True
    bound: float | None = None
    caveats: tuple[Caveat, ...] = ()

    @property
    def target_reached_on(self) -> dt.date | None:
        """The positioning's day when the person already meets the target there (the route has
        nothing to do but the person's own planned periods), else None (also when the target
        is reached only once planned employment is over, with nothing else to do)."""
        if any(step.kind not in _NOTHING_TO_DO for step in self.steps):
            return None
        if not any(reason.code is ReasonCode.TARGET_REACHED for reason in self.steps[0].why):
            return None
        return self.steps[0].start

    def sequence(self) -> tuple[str, ...]:
        """The sequence of actions that :func:`~itineraire.planning.simulation.simulate`
        replays into this route: the person's track in time order, each VAE (as
        ``vae:CODE@YYYY-MM-DD``, on its first day) after the steps over before that day and
        before the others (``docs/planner.md``, "VAE beside training"). A VAE under way when
        the route starts is not in it: it is the learner's, not a step to take."""
        track: list[tuple[str, dt.date]] = []
        files: dict[str, dt.date] = {}
        for step in self.steps:
            if step.kind in _VAE_PHASES:
                files.setdefault(step.action, step.start)
            elif step.kind not in _NOT_DECIDED and step.action != "planned":
                track.append((step.action, step.end))
        waiting = sorted(files.items(), key=lambda item: item[1])
        sequence: list[str] = []
        for action, last in track:
            while waiting and waiting[0][1] <= last:
                code, first = waiting.pop(0)
                sequence.append(f"{code}@{first.isoformat()}")
            sequence.append(action)
        sequence += [f"{code}@{first.isoformat()}" for code, first in waiting]
        return tuple(sequence)

    def beside(self, step: Step) -> tuple[str, ...]:
        """The actions whose steps run on some day of ``step`` beside it: on the other track,
        the VAE a step of the person's track runs beside, or the steps that run beside a VAE's
        phase; on the person's track, the steps run part time side by side with it (none for
        the positioning and planned periods)."""
        own = _track(step)
        if own is None:
            return ()
        found = (
            other.action
            for other in self.steps
            if _track(other) is not None
            and (_track(other) != own or (own == "person" and other.action != step.action))
            and other.start <= step.end
            and step.start <= other.end
        )
        return tuple(dict.fromkeys(found))

    def validated_blocks(self) -> dict[str, int]:
        """Each block validated on the route, with the number of the step that validates it."""
        found: dict[str, int] = {}
        for step in self.steps:
            for block in (*step.validates, *(credit.block for credit in step.credited)):
                found.setdefault(block, step.number)
        return found

    def __rich__(self) -> object:
        from itineraire.display.route import route_view

        return route_view(self)
