"""What a route can be made of: the actions the planner chooses and orders.

Modules (professional, transversal, placements) are fixed actions compiled once per plan. VAE and
periods of employment depend on the person's experience at the moment they are considered, so the
stepper creates them as it goes (:mod:`itineraire.planning.stepping`).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from enum import StrEnum

import attrs

from itineraire.analysis.reachability import module_rule
from itineraire.model.catalogue import Catalogue
from itineraire.model.learners import Constraints, Learner
from itineraire.model.requirements import AllOf, Requirement
from itineraire.modules import Module, ModuleKind, Placement
from itineraire.planning.calendar import WORKING_WEEK, Length, fewest_days, track_share

__all__ = [
    "PLACEMENT_WEEKLY_HOURS",
    "PLANNING_HORIZON_DAYS",
    "Action",
    "ActionKind",
    "SessionDays",
    "employment_id",
    "employment_of",
    "module_actions",
    "undated_actions",
]

PLACEMENT_WEEKLY_HOURS = 35
"""Placements and employment run full time (7 h a day over the working week), whatever the
person's weekly training hours and training days."""

PLANNING_HORIZON_DAYS = 3_653
"""Sessions are read from the route's start for ten years: a catalogue with recurring intakes
never runs out of sessions, and no route of the pact lasts that long."""


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
    """A period of employment that brings the experience a VAE, the target or a module's
    prerequisites need."""


_KINDS = {
    ModuleKind.PROFESSIONAL: ActionKind.TRAINING,
    ModuleKind.TRANSVERSAL: ActionKind.TRANSVERSAL,
    ModuleKind.PLACEMENT: ActionKind.PLACEMENT,
}


@attrs.frozen(cache_hash=True)
class Action:
    """One choosable step: what it costs, how long it lasts, what it needs and gives.

    ``hours`` are the hours the person spends in it (training hours, the objective "hours");
    ``workdays`` the open days of its ``week`` it needs (0: it lasts ``days`` calendar days, as
    a VAE does); ``days`` the fewest calendar days it can take whatever its start day (a VAE's
    length; what the bounds count), see :mod:`itineraire.planning.calendar`; ``blocks`` and
    ``teaches`` what it validates and teaches; ``experience`` the (ROME job, hours) of work it
    adds.
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
    workdays: int = 0
    week: frozenset[int] = frozenset()
    intensity: int = 0
    """Hours a week the step takes of the person's weekly hours when it runs below them (a
    module whose catalogue entry states a lower ``weekly_hours``): steps may then run beside it.
    0: it takes the whole week, alone on the person's track (see :mod:`.pending`)."""

    @property
    def least_days(self) -> int:
        """The fewest calendar days the step itself lasts, whatever its start day: ``days``,
        except for a part-time module, whose ``days`` are only its share of the person's
        weeks (what sums of steps that may run side by side can count)."""
        return fewest_days(self.workdays, self.week) if self.intensity else self.days


class SessionDays:
    """The day numbers of each module's sessions, worked out once per module and year of a
    route's start for the whole horizon of a start that year, then read by bisection for each
    start: a planner kept for a population meets a new start with nearly every person, and
    reading recurring intakes again was a third of making a person's actions. For one
    catalogue (modules are told apart by their ids)."""

    def __init__(self) -> None:
        self._years: dict[tuple[str, int], tuple[int, ...]] = {}

    def within(self, module: Module, start: dt.date) -> tuple[int, ...]:
        """The day numbers of ``module``'s sessions from ``start`` to the end of the horizon."""
        key = (module.id, start.year)
        days = self._years.get(key)
        if days is None:
            # Every start of that year has its horizon within this span.
            first = dt.date(start.year, 1, 1)
            last = dt.date(start.year, 12, 31) + dt.timedelta(days=PLANNING_HORIZON_DAYS)
            days = tuple(day.toordinal() for day in module.session_starts(first, last))
            self._years[key] = days
        end = (start + dt.timedelta(days=PLANNING_HORIZON_DAYS)).toordinal()
        return days[bisect_left(days, start.toordinal()) : bisect_right(days, end)]


def module_actions(
    catalogue: Catalogue,
    learner: Learner,
    sessions: SessionDays | None = None,
    *,
    undated: tuple[Action, ...] | None = None,
) -> tuple[Action, ...]:
    """One action per module the person may take (excluded modules left out), in id order;
    ``sessions``: the sessions already worked out for ``catalogue``, when kept; ``undated``:
    ``undated_actions(catalogue, learner.constraints)``, when kept."""
    sessions = SessionDays() if sessions is None else sessions
    if undated is None:
        undated = undated_actions(catalogue, learner.constraints)
    start = learner.constraints.start
    return tuple(
        action
        if action.module is None or action.module.open_entry
        else attrs.evolve(action, sessions=_sessions(action.module, start, sessions))
        for action in undated
    )


def undated_actions(catalogue: Catalogue, constraints: Constraints) -> tuple[Action, ...]:
    """The module actions of :func:`module_actions` before their sessions are read: they depend
    on the person's weekly hours, training days and excluded modules, not on the day the route
    starts, so a planner keeps them for every start (a population's people and a journey's
    re-plans start on nearly as many days as there are plans). Not for planning as they are:
    a module with sessions reads here as open entry."""
    actions = []
    for module in catalogue.modules.values():
        if module.id in constraints.excluded_modules:
            continue
        placement = isinstance(module, Placement)
        experience = None
        if isinstance(module, Placement) and module.rome and module.experience_hours:
            experience = (module.rome, module.experience_hours)
        weekly = PLACEMENT_WEEKLY_HOURS if placement else constraints.weekly_hours
        week = WORKING_WEEK if placement else constraints.training_days
        intensity = _intensity(module, constraints.weekly_hours)
        length = Length.of(module.hours, intensity or weekly, week)
        # What the bounds count of a part-time module: its share of the person's weeks, not
        # its own length (two of them run side by side).
        days = track_share(module.hours, weekly, week) if intensity else length.days
        actions.append(
            Action(
                id=module.id,
                kind=_KINDS[module.kind],
                title=module.title,
                hours=module.hours,
                cost=module.cost,
                days=days,
                workdays=length.workdays,
                week=length.week,
                intensity=intensity,
                requires=module_rule(catalogue, module),
                blocks=frozenset(module.validates),
                teaches=tuple((t.competence, t.rank, t.level) for t in module.teaches),
                experience=experience,
                module=module,
            )
        )
    return tuple(actions)


def _intensity(module: Module, weekly_hours: int) -> int:
    """The module's weekly hours when they are below the person's (it runs part time); 0 when
    it runs at the person's weekly hours (no intensity stated, or one at least as high)."""
    stated = module.weekly_hours
    return stated if stated is not None and stated < weekly_hours else 0


def _sessions(module: Module, start: dt.date, known: SessionDays) -> tuple[int, ...]:
    """The day numbers of the module's sessions within the horizon (empty: open entry). A
    module with sessions but none within the horizon gets one the day before the route starts,
    which no step can use: it cannot be taken, and the diagnosis says its sessions are over."""
    if module.open_entry:
        return ()
    return known.within(module, start) or (start.toordinal() - 1,)


def employment_id(job: str, hours: int, repeat: int = 1) -> str:
    """The identifier of a period of employment of ``hours`` in ``job``:
    ``employment:ROME:HOURS``, and ``employment:ROME:HOURS:N`` for the ``N``-th period of the
    same job and hours in a route (300 h for one module's prerequisite, then 300 h more for
    another's, are two steps)."""
    identifier = f"employment:{job}:{hours}"
    return identifier if repeat == 1 else f"{identifier}:{repeat}"


def employment_of(identifier: str) -> tuple[str, int] | None:
    """The job and hours of a period of employment's identifier (:func:`employment_id`), or
    None when ``identifier`` is not one."""
    parts = identifier.split(":")
    if parts[0] != "employment" or len(parts) not in (3, 4) or not parts[1]:
        return None
    if not all(part.isdigit() for part in parts[2:]) or int(parts[2]) < 1:
        return None
    return parts[1], int(parts[2])
