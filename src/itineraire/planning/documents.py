"""The route as JSON: pydantic models for other applications, with a JSON Schema.

Two formats: ``itineraire.route/2``, one route; and ``itineraire.plan/1``, the answer to a
planning request (every learner asked for, each with a status: a route, the target already
reached, no route, or the search stopped). Reasons and caveats are objects with a stable
``code`` and the fields the code uses, plus ``text``, the English sentence rendered from them
(codes and fields: ``docs/route-json.md``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from enum import StrEnum
from typing import Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field

from itineraire.model.learners import Learner, Target, TargetKind
from itineraire.model.requirements import (
    AllOf,
    AnyOf,
    AtLeast,
    HasBlock,
    HasCompetence,
    HasExperience,
    Requirement,
)
from itineraire.planning.planner import NoRouteError, PlanningLimitError
from itineraire.planning.reasons import Caveat, CaveatCode, Reason, ReasonCode
from itineraire.planning.route import Route, StepKind, Totals

__all__ = [
    "PLAN_FORMAT",
    "ROUTE_FORMAT",
    "CaveatDoc",
    "CreditDoc",
    "LearnerPlanDoc",
    "PlanDoc",
    "PlanStatus",
    "ReasonDoc",
    "RequirementDoc",
    "RouteDoc",
    "StepDoc",
    "TargetDoc",
    "TotalsDoc",
    "plan_document",
    "plan_status",
    "reason_data",
    "reason_document",
    "route_document",
    "target_document",
    "totals_document",
]

ROUTE_FORMAT: Final = "itineraire.route/2"
PLAN_FORMAT: Final = "itineraire.plan/1"


class _Document(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RequirementDoc(_Document):
    """A requirement rule: a leaf (``block``, ``competence`` with an optional ``level``,
    ``experience`` hours in ``jobs``) or a combination of ``items`` (``all_of``, ``any_of``,
    ``at_least`` ``count`` of them)."""

    kind: Literal["block", "competence", "experience", "all_of", "any_of", "at_least"]
    block: str | None = None
    competence: str | None = None
    level: str | None = None
    hours: int | None = None
    jobs: list[str] | None = Field(None, description="ROME codes; absent: any job")
    count: int | None = None
    items: list[RequirementDoc] | None = None


class TargetDoc(_Document):
    """What the person aims at: a certification, a set of blocks, or a ROME job; ``text`` says it
    in words."""

    kind: TargetKind
    certification: str | None = None
    blocks: list[str] | None = None
    job: str | None = None
    text: str


class ReasonDoc(_Document):
    """A reason: its ``code`` (stable), the fields that code uses, and ``text``, the sentence
    rendered from them."""

    code: ReasonCode
    text: str
    requirement: RequirementDoc | None = None
    target: TargetDoc | None = None
    block: str | None = None
    module: str | None = None
    modules: list[str] | None = None
    certification: str | None = None
    missing: list[RequirementDoc] | None = None
    date: dt.date | None = None
    free_from: dt.date | None = None
    budget: int | None = None
    cost: int | None = None
    limit: int | None = None
    bound: float | None = None
    causes: list[ReasonDoc] | None = None


class CaveatDoc(_Document):
    """Something not to present as a fact; ``text`` says it in words."""

    code: CaveatCode
    text: str
    certifications: list[str] | None = None
    modules: list[str] | None = None


class CreditDoc(_Document):
    """A block credited by equivalence, and the equivalence that grants it."""

    block: str
    equivalence: str


class StepDoc(_Document):
    """One step; ``end`` is its last day (inclusive)."""

    number: int
    kind: StepKind
    action: str
    title: str
    start: dt.date
    end: dt.date
    hours: int = 0
    cost: int = 0
    validates: list[str] = []
    credited: list[CreditDoc] = []
    teaches: list[str] = []
    experience: str = ""
    why: list[ReasonDoc] = []
    weekly_hours: int | None = Field(
        None,
        description=(
            "hours a week of a module run part time, below the person's weekly hours;"
            " absent: at the person's pace"
        ),
    )
    beside: list[str] | None = Field(
        None,
        description=(
            "the actions running on some day of this step beside it: a VAE beside training, the"
            " training beside a VAE's phase, modules run part time side by side; absent: none"
        ),
    )


class TotalsDoc(_Document):
    """Calendar span (both ends included), training hours and cost of the whole route."""

    start: dt.date
    finish: dt.date
    duration_days: int
    training_hours: int
    cost: int


class RouteDoc(_Document):
    """A planned route. When the person already meets the target at the positioning,
    ``target_reached_on`` is its day and ``totals`` is absent: there is nothing to do."""

    format: Literal["itineraire.route/2"] = ROUTE_FORMAT
    learner: str
    target: TargetDoc
    objective: str
    proven_optimal: bool
    bound: float | None = None
    target_reached_on: dt.date | None = None
    modalities: list[str]
    totals: TotalsDoc | None = None
    caveats: list[CaveatDoc] = []
    validated_blocks: dict[str, int]
    steps: list[StepDoc]


class PlanStatus(StrEnum):
    """The outcome of planning for one learner."""

    ROUTE = "route"
    """One route or more (``routes``)."""
    TARGET_REACHED = "target_reached"
    """The person already meets the target: ``routes`` holds the one route with nothing to do."""
    NO_ROUTE = "no_route"
    """Proven: no route reaches the target (``reasons`` say why)."""
    STOPPED = "stopped"
    """The search stopped at its limit before finding a route: not a proof (``reasons``)."""


class LearnerPlanDoc(_Document):
    """The answer for one learner."""

    learner: str
    target: TargetDoc
    status: PlanStatus
    routes: list[RouteDoc] = []
    reasons: list[ReasonDoc] = []


class PlanDoc(_Document):
    """The answer to ``itineraire plan --json``: the same envelope for one learner or many, for
    one route or alternatives, with a route or without."""

    format: Literal["itineraire.plan/1"] = PLAN_FORMAT
    scenario: str | None = None
    catalogue: str
    objective: str
    learners: list[LearnerPlanDoc]


def requirement_document(rule: Requirement) -> RequirementDoc:
    """The document of a requirement rule."""
    if isinstance(rule, HasBlock):
        return RequirementDoc(kind="block", block=rule.block)
    if isinstance(rule, HasCompetence):
        return RequirementDoc(kind="competence", competence=rule.competence, level=rule.level)
    if isinstance(rule, HasExperience):
        jobs = sorted(rule.rome) or None
        return RequirementDoc(kind="experience", hours=rule.hours, jobs=jobs)
    items = [requirement_document(item) for item in rule.items]
    if isinstance(rule, AllOf):
        return RequirementDoc(kind="all_of", items=items)
    if isinstance(rule, AnyOf):
        return RequirementDoc(kind="any_of", items=items)
    assert isinstance(rule, AtLeast)
    return RequirementDoc(kind="at_least", count=rule.count, items=items)


def target_document(target: Target) -> TargetDoc:
    """The document of a target."""
    return TargetDoc(
        kind=target.kind,
        certification=target.certification,
        blocks=list(target.blocks) or None,
        job=target.rome,
        text=str(target),
    )


def reason_document(reason: Reason) -> ReasonDoc:
    """The document of a reason (its causes included)."""
    return ReasonDoc(
        code=reason.code,
        text=str(reason),
        requirement=None
        if reason.requirement is None
        else requirement_document(reason.requirement),
        target=None if reason.target is None else target_document(reason.target),
        block=reason.block,
        module=reason.module,
        modules=list(reason.modules) or None,
        certification=reason.certification,
        missing=[requirement_document(leaf) for leaf in reason.missing] or None,
        date=reason.date,
        free_from=reason.free_from,
        budget=reason.budget,
        cost=reason.cost,
        limit=reason.limit,
        bound=reason.bound,
        causes=[reason_document(cause) for cause in reason.causes] or None,
    )


def reason_data(reason: Reason) -> dict[str, Any]:
    """A reason as JSON-like data: only the fields its code uses."""
    return reason_document(reason).model_dump(mode="json", exclude_none=True)


def _caveat_document(caveat: Caveat) -> CaveatDoc:
    return CaveatDoc(
        code=caveat.code,
        text=str(caveat),
        certifications=list(caveat.certifications) or None,
        modules=list(caveat.modules) or None,
    )


def totals_document(totals: Totals) -> TotalsDoc:
    """A route's totals as their document (also what other answers show of a route)."""
    return TotalsDoc(
        start=totals.start,
        finish=totals.finish,
        duration_days=totals.duration_days,
        training_hours=totals.training_hours,
        cost=totals.cost,
    )


def route_document(route: Route) -> RouteDoc:
    """The document of ``route``."""
    totals = route.totals
    reached = route.target_reached_on
    return RouteDoc(
        learner=route.learner,
        target=target_document(route.target),
        objective=route.objective,
        proven_optimal=route.proven_optimal,
        bound=route.bound,
        target_reached_on=reached,
        modalities=list(route.modalities),
        totals=None if reached is not None else totals_document(totals),
        caveats=[_caveat_document(caveat) for caveat in route.caveats],
        validated_blocks=route.validated_blocks(),
        steps=[
            StepDoc(
                number=step.number,
                kind=step.kind,
                action=step.action,
                title=step.title,
                start=step.start,
                end=step.end,
                hours=step.hours,
                cost=step.cost,
                validates=list(step.validates),
                credited=[
                    CreditDoc(block=c.block, equivalence=c.equivalence) for c in step.credited
                ],
                teaches=list(step.teaches),
                experience=step.experience,
                why=[reason_document(reason) for reason in step.why],
                weekly_hours=step.weekly_hours,
                beside=list(route.beside(step)) or None,
            )
            for step in route.steps
        ],
    )


Answer = Sequence[Route] | NoRouteError | PlanningLimitError
"""One learner's answer: the routes, or the error saying why there is none."""


def plan_status(result: Answer) -> PlanStatus:
    """The status of one learner's answer."""
    if isinstance(result, PlanningLimitError):
        return PlanStatus.STOPPED
    if isinstance(result, NoRouteError):
        return PlanStatus.NO_ROUTE
    reached = bool(result) and result[0].target_reached_on is not None
    return PlanStatus.TARGET_REACHED if reached else PlanStatus.ROUTE


def learner_plan_document(learner: Learner, result: Answer) -> LearnerPlanDoc:
    """The answer for one learner: its routes, or the reasons there is none."""
    target = target_document(learner.target)
    status = plan_status(result)
    if isinstance(result, (NoRouteError, PlanningLimitError)):
        reasons = [reason_document(reason) for reason in result.reasons]
        return LearnerPlanDoc(learner=learner.id, target=target, status=status, reasons=reasons)
    routes = [route_document(route) for route in result]
    return LearnerPlanDoc(learner=learner.id, target=target, status=status, routes=routes)


def plan_document(
    results: Sequence[tuple[Learner, Answer]],
    *,
    catalogue: str,
    objective: str,
    scenario: str | None = None,
) -> PlanDoc:
    """The envelope of a planning request: each learner's answer, in the order asked."""
    return PlanDoc(
        scenario=scenario,
        catalogue=catalogue,
        objective=objective,
        learners=[learner_plan_document(learner, result) for learner, result in results],
    )
