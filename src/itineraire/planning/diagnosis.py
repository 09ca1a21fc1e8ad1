"""Why no route exists: the requirement that cannot be met, and what blocks it, as
:class:`~itineraire.planning.reasons.Reason` data (the sentences are rendered from them)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from itineraire.analysis.reachability import Reach, relaxed_reach
from itineraire.model.requirements import HasBlock, Leaf, Requirement
from itineraire.modules import Module, Placement
from itineraire.planning.actions import ActionKind
from itineraire.planning.problem import Problem
from itineraire.planning.reasons import Reason, ReasonCode
from itineraire.planning.route import Route

__all__ = ["SESSION_HORIZON_YEARS", "explain_no_route"]

SESSION_HORIZON_YEARS = 10
"""How far after the start a module's sessions are looked for before they count as over."""


def explain_no_route(
    problem: Problem,
    reach_start: Reach,
    budget_limited: bool,
    cheapest_route: Callable[[], Route | None] | None = None,
) -> list[Reason]:
    """Why the search found no route, most specific first.

    ``cheapest_route`` is the planner's hook for a budget refusal: the cheapest route without the
    budget, None when there is none (then the budget is not the cause). Its cost is named when it
    is proven cheapest.
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
        cheapest = None if cheapest_route is None else cheapest_route()
        if cheapest_route is None or cheapest is not None:
            proven = cheapest is not None and cheapest.proven_optimal
            cost = cheapest.totals.cost if proven and cheapest is not None else None
            budget = learner.constraints.budget
            return [Reason(code=ReasonCode.OVER_BUDGET, budget=budget, cost=cost)]
    return _sessions_over(problem, reach_start, allowed) or [Reason(code=ReasonCode.CALENDAR)]


def _sessions_over(problem: Problem, reach_start: Reach, allowed: list[Module]) -> list[Reason]:
    """The modules whose sessions are over before the start and without which the target
    cannot be reached, each with its last session; empty when the calendar fails otherwise."""
    learner = problem.learner
    start = learner.constraints.start
    horizon = start + dt.timedelta(days=366 * SESSION_HORIZON_YEARS)
    over = {
        module.id: module
        for module in allowed
        if not module.open_entry and not module.session_starts(start, horizon)
    }
    if not over:
        return []
    rest = [module for module in allowed if module.id not in over]
    vae = learner.constraints.vae_allowed
    reach = relaxed_reach(problem.catalogue, start=reach_start, modules=rest, vae=vae)
    if problem.goal.is_met(reach):
        return []
    reasons = []
    for module in sorted(over.values(), key=lambda module: module.id):
        past = module.session_starts(dt.date.min, start - dt.timedelta(days=1))
        if not past or not _brings(module, reach):
            continue
        block = next((b for b in module.validates if b not in reach.blocks), None)
        code = ReasonCode.SESSIONS_OVER
        reasons.append(Reason(code=code, module=module.id, block=block, date=past[-1]))
    return reasons


def _brings(module: Module, reach: Reach) -> bool:
    """Whether ``module`` gives something ``reach`` lacks (a block, a competence or its level)."""
    if any(block not in reach.blocks for block in module.validates):
        return True
    return any(
        reach.competences.get(taught.competence, -1) < taught.rank for taught in module.teaches
    )


def _placement_reason(problem: Problem, reach: Reach) -> Reason | None:
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


def _block_reason(problem: Problem, block: str, reach: Reach) -> Reason:
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
