"""Why no route exists: the requirement that cannot be met, and what blocks it, as
:class:`~itineraire.planning.reasons.Reason` data (the sentences are rendered from them)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from itineraire.analysis.reachability import Reach, relaxed_reach
from itineraire.model.requirements import HasBlock, Leaf, Requirement
from itineraire.modules import Module, Placement
from itineraire.planning.actions import PLANNING_HORIZON_DAYS, ActionKind
from itineraire.planning.problem import PlanningProblem
from itineraire.planning.reasons import Reason, ReasonCode

__all__ = ["explain_no_route"]


def explain_no_route(
    problem: PlanningProblem,
    reach_start: Reach,
    budget_limited: bool,
    cheapest_cost: Callable[[], int | None] | None = None,
) -> list[Reason]:
    """Why the search found no route, most specific first.

    ``cheapest_cost`` is the planner's hook for a budget refusal: the cost of the cheapest route
    without the budget (None when it is not known). When there is no route even without the
    budget, the hook raises that plan's ``NoRouteError``, whose reasons are the real cause.
    """
    catalogue = problem.catalogue
    learner = problem.learner
    allowed = [a.module for a in problem.actions if a.module is not None]
    reach = relaxed_reach(
        catalogue, start=reach_start, modules=allowed, vae=learner.constraints.vae_allowed
    )
    if not problem.goal.is_met(reach):
        reasons = [
            Reason(
                code=ReasonCode.TARGET_UNREACHABLE,
                target=learner.target,
                requirement=problem.goal,
            )
        ]
        for leaf in problem.goal.leaves():
            if isinstance(leaf, HasBlock) and not leaf.is_met(reach):
                reasons.append(_block_reason(problem, leaf.block, reach))
        return reasons
    if learner.constraints.placement_required:
        reason = _placement_reason(problem, reach)
        if reason is not None:
            return [reason]
    if budget_limited:
        cost = None if cheapest_cost is None else cheapest_cost()
        budget = learner.constraints.budget
        return [Reason(code=ReasonCode.OVER_BUDGET, budget=budget, cost=cost)]
    return _sessions_over(problem, reach_start, allowed) or [Reason(code=ReasonCode.CALENDAR)]


def _sessions_over(
    problem: PlanningProblem, reach_start: Reach, allowed: list[Module]
) -> list[Reason]:
    """The modules whose sessions are over before the start and without which the target
    cannot be reached, each with its last session; empty when the calendar fails otherwise.

    Of the modules that are over, a smallest set the target needs is named: each is dropped in
    turn (in id order) when the target stays reachable without it, so that a module giving only
    an alternative way is not blamed.
    """
    learner = problem.learner
    start = learner.constraints.start
    horizon = start + dt.timedelta(days=PLANNING_HORIZON_DAYS)
    over = sorted(
        (m for m in allowed if not m.open_entry and not m.session_starts(start, horizon)),
        key=lambda module: module.id,
    )
    over_ids = {module.id for module in over}
    rest = [module for module in allowed if module.id not in over_ids]
    if not over or _reaches(problem, reach_start, rest):
        return []
    needed = list(over)
    for module in over:
        without = [other for other in needed if other.id != module.id]
        if _reaches(problem, reach_start, rest + without):
            needed = without
    targeted = {leaf.block for leaf in problem.goal.leaves() if isinstance(leaf, HasBlock)}
    reasons = []
    for module in needed:
        past = module.session_starts(dt.date.min, start - dt.timedelta(days=1))
        block = next((b for b in module.validates if b in targeted), None)
        last = past[-1] if past else None
        reasons.append(
            Reason(code=ReasonCode.SESSIONS_OVER, module=module.id, block=block, date=last)
        )
    return reasons


def _reaches(problem: PlanningProblem, reach_start: Reach, modules: list[Module]) -> bool:
    """Whether the target is reachable, time aside, with these modules."""
    vae = problem.learner.constraints.vae_allowed
    reach = relaxed_reach(problem.catalogue, start=reach_start, modules=modules, vae=vae)
    return problem.goal.is_met(reach)


def _placement_reason(problem: PlanningProblem, reach: Reach) -> Reason | None:
    """Why no placement can meet the requirement, if none can."""
    catalogue = problem.catalogue
    placements = sorted(m.id for m in catalogue.modules.values() if isinstance(m, Placement))
    if not placements:
        return Reason(code=ReasonCode.NO_PLACEMENT)
    usable = [a for a in problem.actions if a.kind is ActionKind.PLACEMENT]
    if not usable:
        return Reason(code=ReasonCode.PLACEMENTS_EXCLUDED, modules=tuple(placements))
    if any(action.requires.is_met(reach) for action in usable):
        return None
    causes = tuple(_cannot_start(a.id, a.requires, reach) for a in usable)
    return Reason(code=ReasonCode.NO_PLACEMENT_CAN_START, causes=causes)


def _block_reason(problem: PlanningProblem, block: str, reach: Reach) -> Reason:
    catalogue = problem.catalogue
    learner = problem.learner
    validators = catalogue.modules_validating(block)
    allowed = {a.id: a for a in problem.actions}
    causes: list[Reason] = []
    if not validators:
        causes.append(Reason(code=ReasonCode.NO_VALIDATOR, block=block))
    else:
        excluded = [m.id for m in validators if m.id in learner.constraints.excluded_modules]
        usable = [allowed[m.id] for m in validators if m.id in allowed]
        if not usable and excluded:
            code = ReasonCode.VALIDATORS_EXCLUDED
            causes.append(Reason(code=code, block=block, modules=tuple(excluded)))
        else:
            causes += [_cannot_start(a.id, a.requires, reach) for a in usable]
    certification = catalogue.certifications[catalogue.blocks[block].certification]
    if not certification.vae_allowed:
        causes.append(Reason(code=ReasonCode.VAE_CLOSED, certification=certification.code))
    elif not learner.constraints.vae_allowed:
        causes.append(Reason(code=ReasonCode.VAE_NOT_ALLOWED))
    else:
        causes.append(Reason(code=ReasonCode.EXPERIENCE_NOT_COVERING, block=block))
    return Reason(code=ReasonCode.BLOCK_UNREACHABLE, block=block, causes=tuple(causes))


def _cannot_start(module: str, rule: Requirement, reach: Reach) -> Reason:
    missing: tuple[Leaf, ...] = tuple(
        dict.fromkeys(leaf for leaf in rule.leaves() if not leaf.is_met(reach))
    )
    code = ReasonCode.MODULE_CANNOT_START
    return Reason(code=code, module=module, requirement=rule, missing=missing)
