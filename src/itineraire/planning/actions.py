"""What a route can be made of: the actions the planner chooses and orders.

Modules (professional, transversal, placements) are fixed actions compiled once per plan. VAE and
periods of employment depend on the person's experience at the moment they are considered, so the
search creates them as it goes (:mod:`itineraire.planning.search`).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

import attrs

from itineraire.analysis.reachability import module_rule
from itineraire.model.catalogue import Catalogue
from itineraire.model.learners import Learner
from itineraire.model.requirements import AllOf, Requirement
from itineraire.modules import Module, ModuleKind, Placement
from itineraire.planning.calendar import duration_days

__all__ = [
    "PLACEMENT_WEEKLY_HOURS",
    "SESSION_HORIZON_YEARS",
    "Action",
    "ActionKind",
    "module_actions",
]

PLACEMENT_WEEKLY_HOURS = 35
"""Placements and employment run full time, whatever the person's weekly training hours."""

SESSION_HORIZON_YEARS = 6
"""How far before and after the route's start the sessions of a module are read (recurring
intakes never end): longer than any route a person would follow, so a later session changes no
route; the earlier ones only say that a module's sessions are over."""


class ActionKind(StrEnum):
    """The kinds of step a route is made of (besides the positioning that opens it)."""

    TRAINING = "training"
    """A professional module."""
    TRANSVERSAL = "transversal"
    """A transversal module: basic skills, digital, languages, world of work, mobility."""
    PLACEMENT = "placement"
    """A period in a company: PMSMP, AFEST, contrat de professionnalisation…"""
    VAE = "vae"
    """A VAE (admissibility, support, jury) for the blocks the person's experience covers."""
    EMPLOYMENT = "employment"
    """A period of employment that brings the experience a VAE needs."""


_KINDS = {
    ModuleKind.PROFESSIONAL: ActionKind.TRAINING,
    ModuleKind.TRANSVERSAL: ActionKind.TRANSVERSAL,
    ModuleKind.PLACEMENT: ActionKind.PLACEMENT,
}


@attrs.frozen
class Action:
    """One choosable step: what it costs, how long it lasts, what it needs and gives.

    ``hours`` are the hours the person spends in it (training hours, the objective "hours");
    ``days`` its calendar length; ``blocks`` and ``teaches`` what it validates and teaches;
    ``experience`` the (ROME job, hours) of work it adds.
    """

    id: str
    kind: ActionKind
    title: str
    hours: int
    cost: int
    days: int
    requires: Requirement = AllOf(())
    blocks: frozenset[str] = frozenset()
    teaches: tuple[tuple[str, int, str | None], ...] = ()
    experience: tuple[str, int] | None = None
    sessions: tuple[int, ...] = ()
    module: Module | None = None
    certification: str | None = None


def module_actions(catalogue: Catalogue, learner: Learner) -> tuple[Action, ...]:
    """One action per module the person may take (excluded modules left out), in id order."""
    weekly = learner.constraints.weekly_hours
    horizon = dt.timedelta(days=366 * SESSION_HORIZON_YEARS)
    first, last = learner.constraints.start - horizon, learner.constraints.start + horizon
    actions = []
    for module in catalogue.modules.values():
        if module.id in learner.constraints.excluded_modules:
            continue
        placement = isinstance(module, Placement)
        experience = None
        if isinstance(module, Placement) and module.rome and module.experience_hours:
            experience = (module.rome, module.experience_hours)
        actions.append(
            Action(
                id=module.id,
                kind=_KINDS[module.kind],
                title=module.title,
                hours=module.hours,
                cost=module.cost,
                days=duration_days(module.hours, PLACEMENT_WEEKLY_HOURS if placement else weekly),
                requires=module_rule(catalogue, module),
                blocks=frozenset(module.validates),
                teaches=tuple((t.competence, t.rank, t.level) for t in module.teaches),
                experience=experience,
                sessions=_sessions(module, first, last),
                module=module,
            )
        )
    return tuple(actions)


def _sessions(module: Module, first: dt.date, last: dt.date) -> tuple[int, ...]:
    """The module's session days from ``first`` to ``last``; empty for open entry. A module
    with no session in that span gets the day before it, so that it reads as "sessions over"
    rather than as open entry."""
    if module.open_entry:
        return ()
    days = module.session_starts(first, last)
    return tuple(day.toordinal() for day in days) or (first.toordinal() - 1,)
