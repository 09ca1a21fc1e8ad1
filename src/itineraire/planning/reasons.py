"""Reasons as data: why a step is on a route, why no route exists, and what a route warns of.

A :class:`Reason` carries a stable :class:`ReasonCode` and the objects involved (the requirement,
the block, the module, the date…), so that another application can act on it; its English
sentence is rendered from those fields by ``str(reason)``, never stored. A :class:`Caveat` says
what a reader must not take as a fact (an illustrative certification, an estimated cost). The
codes are listed, with their fields, in ``docs/route-json.md``; they are stable: a code is never
renamed or given another meaning, new ones may be added.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import StrEnum

import attrs

from itineraire.model.learners import Target
from itineraire.model.money import euros
from itineraire.model.requirements import Leaf, Requirement

__all__ = ["Caveat", "CaveatCode", "Credit", "Reason", "ReasonCode"]


class ReasonCode(StrEnum):
    """What a reason says. Step reasons first, then the reasons of a refusal."""

    # Why a step is on the route.
    POSITIONING = "positioning"
    """The mandatory first step (``date``: the positioning's day when it is a re-plan's)."""
    TARGET_REACHED = "target_reached"
    """The person already meets the target on ``date``: nothing remains to plan."""
    TARGET = "target"
    """The step meets ``requirement``, a requirement of the target."""
    NEEDED_BY = "needed_by"
    """The step provides ``requirement`` to the later step that takes ``module``."""
    EXPERIENCE_FOR = "experience_for"
    """The step brings experience the later VAE ``module`` needs."""
    SPARES_VAE_BLOCK = "spares_vae_block"
    """The step validates a block the later VAE ``module`` would otherwise cover: a VAE priced
    per block covered then costs less."""
    PLACEMENT_REQUIRED = "placement_required"
    """The person's constraints require a placement in a company: this is the route's first."""
    VAE_ADMISSIBILITY = "vae_admissibility"
    """A VAE's first phase: the certifier decides whether the experience is related."""
    VAE_SUPPORT = "vae_support"
    """A VAE's second phase: the validation file is prepared (beside training)."""
    VAE_UNDER_WAY = "vae_under_way"
    """The VAE file for ``certification`` was under way when the route started (admissible,
    awaiting its jury, expected on ``date``): the route continues it, without its cost and
    hours, spent before the route."""
    VAE_PHASE = "vae_phase"
    """In an explanation: the step is a phase of the VAE ``module``, whose jury step carries the
    reasons."""
    PLANNED_PERIOD = "planned_period"
    """A period the person planned (employment, unavailability)."""
    NO_USE = "no_use"
    """No use of the step was found (a planner defect if it is ever seen)."""
    # Why a step starts when it does.
    WAITS_FOR_SESSION = "waits_for_session"
    """The step waits for its session of ``date``; the person is free from ``free_from``."""
    WAITS_FOR_EXPERIENCE = "waits_for_experience"
    """The VAE starts once the experience is there; the person is free from ``free_from``."""
    WAITS_FOR_AVAILABILITY = "waits_for_availability"
    """The step starts after a period of unavailability; free from ``free_from``."""
    WAITS_FOR_JURY = "waits_for_jury"
    """The step waits for the jury of the VAE ``module``, over on ``date``: a module for the
    blocks that jury grants, a VAE for the previous one to end (one VAE at a time); the person
    is free from ``free_from``."""
    # Why no route exists (or none was found).
    TARGET_UNREACHABLE = "target_unreachable"
    """``target``'s rule ``requirement`` cannot be met whatever the calendar; ``causes``."""
    BLOCK_UNREACHABLE = "block_unreachable"
    """``block`` cannot be validated; ``causes`` say why for each way of validating it."""
    NO_VALIDATOR = "no_validator"
    """No module or placement validates ``block``."""
    VALIDATORS_EXCLUDED = "validators_excluded"
    """The ``modules`` that validate ``block`` are excluded by the person's constraints."""
    MODULE_CANNOT_START = "module_cannot_start"
    """``module`` cannot start: of its rule ``requirement``, the leaves ``missing`` cannot be
    met."""
    VAE_CLOSED = "vae_closed"
    """``certification`` is not open to VAE."""
    VAE_NOT_ALLOWED = "vae_not_allowed"
    """VAE is not allowed for this person."""
    EXPERIENCE_NOT_COVERING = "experience_not_covering"
    """The person's experience does not cover ``block`` for VAE."""
    NO_PLACEMENT = "no_placement"
    """A placement is required and the catalogue has none."""
    PLACEMENTS_EXCLUDED = "placements_excluded"
    """A placement is required and every placement (``modules``) is excluded."""
    NO_PLACEMENT_CAN_START = "no_placement_can_start"
    """A placement is required and none can start; ``causes`` say why for each."""
    OVER_BUDGET = "over_budget"
    """No route fits ``budget``; ``cost`` is what the cheapest route costs, when known."""
    SESSIONS_OVER = "sessions_over"
    """The target needs ``module`` (which validates the target's ``block``, if it does) and its
    sessions are over: ``date`` is the last one (absent when none is found before the start
    either: then none comes within years)."""
    CALENDAR = "calendar"
    """Every requirement can be met in principle, but not within the calendar."""
    SEARCH_STOPPED = "search_stopped"
    """The search reached its ``limit`` (of work) without finding a route: not a proof; ``bound``
    is a lower bound of the best route's value for the objective, when known."""
    NO_SEQUENCE = "no_sequence"
    """An exhaustive enumeration found no sequence of actions reaching the target."""


@attrs.frozen
class Credit:
    """A block credited by equivalence, with the id of the equivalence that grants it."""

    block: str
    equivalence: str

    def __str__(self) -> str:
        return f"{self.block} (equivalence {self.equivalence})"


@attrs.frozen(kw_only=True, repr=False)
class Reason:
    """One reason, as data. Only the fields its code uses are set (see :class:`ReasonCode`).

    ``requirement`` is the rule met or not met; ``missing`` the requirements a module lacks;
    ``causes`` the reasons under this one (why a block cannot be validated, for instance).
    """

    code: ReasonCode
    requirement: Requirement | None = None
    target: Target | None = None
    block: str | None = None
    module: str | None = None
    modules: tuple[str, ...] = ()
    certification: str | None = None
    missing: tuple[Leaf, ...] = ()
    date: dt.date | None = None
    free_from: dt.date | None = None
    budget: int | None = None
    cost: int | None = None
    limit: int | None = None
    bound: float | None = None
    causes: tuple[Reason, ...] = ()

    def __str__(self) -> str:
        return _TEXTS[self.code](self)

    def __repr__(self) -> str:
        # Only the fields the code uses: a counterexample or a log line stays readable.
        fields = [f"code={self.code.value!r}"]
        for field in attrs.fields(Reason)[1:]:
            value = getattr(self, field.name)
            if value is not None and value != ():
                fields.append(f"{field.name}={value!r}")
        return f"Reason({', '.join(fields)})"


def _missing(reason: Reason) -> str:
    # A rule with no unmet leaf (an empty any-of) is shown whole.
    return ", ".join(dict.fromkeys(str(leaf) for leaf in reason.missing)) or str(reason.requirement)


def _block_causes(reason: Reason) -> str:
    parts = []
    starting = [c for c in reason.causes if c.code is ReasonCode.MODULE_CANNOT_START]
    if starting:
        parts.append("its modules cannot start: " + "; ".join(str(c) for c in starting))
    parts += [str(c) for c in reason.causes if c.code is not ReasonCode.MODULE_CANNOT_START]
    return f"block {reason.block}: " + "; ".join(parts)


def _target_unreachable(reason: Reason) -> str:
    return f"the target ({reason.target}) cannot be reached: {reason.requirement} is not met"


def _over_budget(reason: Reason) -> str:
    budget = "" if reason.budget is None else f" of {euros(reason.budget)}"
    text = f"no route fits the budget{budget}"
    if reason.cost is not None:
        text += f": the cheapest route costs {euros(reason.cost)}"
    return text


def _stopped(reason: Reason) -> str:
    limit = "its work limit" if reason.limit is None else f"the work limit of {reason.limit:,}"
    text = f"stopped at {limit} before finding a route"
    if reason.bound is not None:
        text += f" (a route, if any, is at least {reason.bound:g})"
    return text + ": raise the work limit to search further"


def _positioning(reason: Reason) -> str:
    if reason.date is None:
        return "the one mandatory step: what the person holds and what remains to acquire"
    return (
        f"positioning on {reason.date} from what the journey recorded: what the person holds"
        " and what remains to acquire"
    )


def _sessions_over(reason: Reason) -> str:
    needed = f" (it validates block {reason.block} of the target)" if reason.block else ""
    if reason.date is None:  # sessions only beyond the horizon looked at
        return f"{reason.module}{needed} has no session in the years after the start"
    return (
        f"the sessions of {reason.module}{needed} are over: its last session started on"
        f" {reason.date}"
    )


_TEXTS: dict[ReasonCode, Callable[[Reason], str]] = {
    ReasonCode.POSITIONING: _positioning,
    ReasonCode.TARGET_REACHED: lambda r: f"target reached on {r.date}: nothing remains to acquire",
    ReasonCode.TARGET: lambda r: f"target: {r.requirement}",
    ReasonCode.NEEDED_BY: lambda r: f"needed by {r.module}: {r.requirement}",
    ReasonCode.EXPERIENCE_FOR: lambda r: f"experience for {r.module}",
    ReasonCode.SPARES_VAE_BLOCK: lambda r: (
        f"a block fewer for {r.module} to cover (priced per block)"
    ),
    ReasonCode.PLACEMENT_REQUIRED: lambda r: "a placement in a company is required",
    ReasonCode.VAE_ADMISSIBILITY: lambda r: (
        "the certifier decides whether the experience is related"
    ),
    ReasonCode.VAE_SUPPORT: lambda r: "preparing the file on the blocks experience covers",
    ReasonCode.VAE_UNDER_WAY: lambda r: (
        f"VAE file for {r.certification} under way (admissible): continued, jury expected on"
        f" {r.date}"
    ),
    ReasonCode.VAE_PHASE: lambda r: (
        f"a phase of the VAE {r.module}, whose jury step carries its reasons"
    ),
    ReasonCode.PLANNED_PERIOD: lambda r: "planned by the person: no training runs inside it",
    ReasonCode.NO_USE: lambda r: "no direct use found",
    ReasonCode.WAITS_FOR_SESSION: lambda r: (
        f"waits for its session of {r.date} (free from {r.free_from})"
    ),
    ReasonCode.WAITS_FOR_EXPERIENCE: lambda r: (
        f"starts once the experience is there (free from {r.free_from})"
    ),
    ReasonCode.WAITS_FOR_AVAILABILITY: lambda r: (
        f"starts after a period of unavailability (free from {r.free_from})"
    ),
    ReasonCode.WAITS_FOR_JURY: lambda r: (
        f"waits for the jury of {r.module}, over on {r.date} (free from {r.free_from})"
    ),
    ReasonCode.TARGET_UNREACHABLE: _target_unreachable,
    ReasonCode.BLOCK_UNREACHABLE: _block_causes,
    ReasonCode.NO_VALIDATOR: lambda r: "no module or placement validates it",
    ReasonCode.VALIDATORS_EXCLUDED: lambda r: (
        f"the modules that validate it are excluded ({', '.join(r.modules)})"
    ),
    ReasonCode.MODULE_CANNOT_START: lambda r: f"{r.module} needs {_missing(r)}",
    ReasonCode.VAE_CLOSED: lambda r: f"{r.certification} is not open to VAE",
    ReasonCode.VAE_NOT_ALLOWED: lambda r: "VAE is not allowed for this person",
    ReasonCode.EXPERIENCE_NOT_COVERING: lambda r: (
        "the person's experience does not cover it for VAE"
    ),
    ReasonCode.NO_PLACEMENT: lambda r: "a placement is required, and the catalogue has none",
    ReasonCode.PLACEMENTS_EXCLUDED: lambda r: (
        f"a placement is required, and every placement is excluded ({', '.join(r.modules)})"
    ),
    ReasonCode.NO_PLACEMENT_CAN_START: lambda r: (
        "a placement is required, and none can start: "
        + "; ".join(str(cause) for cause in r.causes)
    ),
    ReasonCode.OVER_BUDGET: _over_budget,
    ReasonCode.SESSIONS_OVER: _sessions_over,
    ReasonCode.CALENDAR: lambda r: (
        "every requirement can be met in principle, but not within"
        " the calendar: a module's sessions are over or unavailable periods leave no room"
    ),
    ReasonCode.SEARCH_STOPPED: _stopped,
    ReasonCode.NO_SEQUENCE: lambda r: "no sequence of actions reaches the target",
}


class CaveatCode(StrEnum):
    """What a route warns its reader of (one caveat per code, listing what it concerns)."""

    ILLUSTRATIVE_CERTIFICATIONS = "illustrative_certifications"
    """The ``certifications`` (the target's, or those the route validates blocks of) are
    illustrative: a code, title or figure could not be confirmed from a source."""
    ILLUSTRATIVE_MODULES = "illustrative_modules"
    """The ``modules`` are illustrative: example offers, not ones that can be bought as such."""
    ESTIMATED_FIGURES = "estimated_figures"
    """The hours or costs of the ``modules`` are estimates, not published values: so are the
    route's totals."""
    ESTIMATED_VAE_COSTS = "estimated_vae_costs"
    """The route has a VAE: its lead times and costs are the catalogue's VAE policy, estimates."""


@attrs.frozen(kw_only=True)
class Caveat:
    """Something a reader of the route must not take as a fact; ``str()`` says it in English."""

    code: CaveatCode
    certifications: tuple[str, ...] = ()
    modules: tuple[str, ...] = ()

    def __str__(self) -> str:
        if self.code is CaveatCode.ILLUSTRATIVE_CERTIFICATIONS:
            return f"illustrative (not confirmed): {', '.join(self.certifications)}"
        if self.code is CaveatCode.ILLUSTRATIVE_MODULES:
            return f"illustrative offers: {', '.join(self.modules)}"
        if self.code is CaveatCode.ESTIMATED_FIGURES:
            return f"estimated hours and costs: {', '.join(self.modules)}"
        return "VAE lead times and costs are estimates (the catalogue's VAE policy)"
