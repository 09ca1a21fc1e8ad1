"""Why no route exists: the requirement that cannot be met, and what blocks it."""

from __future__ import annotations

from itineraire.analysis.reachability import Reach, relaxed_reach
from itineraire.model.money import euros
from itineraire.model.requirements import HasBlock, Requirement
from itineraire.modules import Placement
from itineraire.planning.actions import ActionKind
from itineraire.planning.problem import Problem

__all__ = ["explain_no_route"]


def explain_no_route(problem: Problem, reach_start: Reach, budget_limited: bool) -> list[str]:
    """Readable reasons why the search found no route, most specific first."""
    catalogue = problem.catalogue
    learner = problem.learner
    allowed = [a.module for a in problem.actions if a.module is not None]
    reach = relaxed_reach(
        catalogue, start=reach_start, modules=allowed, vae=learner.constraints.vae_allowed
    )
    if not problem.goal.is_met(reach):
        reasons = [f"the target ({learner.target}) cannot be reached: {problem.goal} is not met"]
        for leaf in problem.goal.leaves():
            if isinstance(leaf, HasBlock) and not leaf.is_met(reach):
                reasons.append(_block_reason(problem, leaf.block, reach))
        return reasons
    if learner.constraints.placement_required:
        reason = _placement_reason(problem, reach)
        if reason is not None:
            return [reason]
    if budget_limited and learner.constraints.budget is not None:
        return [f"no route fits the budget of {euros(learner.constraints.budget)}"]
    return [
        "every requirement can be met in principle, but not within the calendar: a module's"
        " sessions are over or unavailable periods leave no room",
    ]


def _placement_reason(problem: Problem, reach: Reach) -> str | None:
    """Why no placement can meet the requirement, if none can."""
    catalogue = problem.catalogue
    placements = sorted(m.id for m in catalogue.modules.values() if isinstance(m, Placement))
    if not placements:
        return "a placement is required, and the catalogue has none"
    usable = [a for a in problem.actions if a.kind is ActionKind.PLACEMENT]
    if not usable:
        return f"a placement is required, and every placement is excluded ({', '.join(placements)})"
    if any(action.requires.is_met(reach) for action in usable):
        return None
    unmet = "; ".join(f"{a.id} needs {_unmet(a.requires, reach)}" for a in usable)
    return f"a placement is required, and none can start: {unmet}"


def _block_reason(problem: Problem, block: str, reach: Reach) -> str:
    catalogue = problem.catalogue
    learner = problem.learner
    validators = catalogue.modules_validating(block)
    allowed = {a.id: a for a in problem.actions}
    prefix = f"block {block}"
    if not validators:
        ways = "no module or placement validates it"
    else:
        excluded = [m.id for m in validators if m.id in learner.constraints.excluded_modules]
        usable = [allowed[m.id] for m in validators if m.id in allowed]
        if not usable and excluded:
            ways = f"the modules that validate it are excluded ({', '.join(excluded)})"
        else:
            ways = "its modules cannot start: " + "; ".join(
                f"{action.id} needs {_unmet(action.requires, reach)}" for action in usable
            )
    certification = catalogue.certifications[catalogue.blocks[block].certification]
    if not certification.vae_allowed:
        vae = f"{certification.code} is not open to VAE"
    elif not learner.constraints.vae_allowed:
        vae = "VAE is not allowed for this person"
    else:
        vae = "the person's experience does not cover it for VAE"
    return f"{prefix}: {ways}; {vae}"


def _unmet(rule: Requirement, reach: Reach) -> str:
    missing = [str(leaf) for leaf in rule.leaves() if not leaf.is_met(reach)]
    return ", ".join(dict.fromkeys(missing)) or str(rule)
