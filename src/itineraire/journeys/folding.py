"""Folding events into a journey state: the one door every event goes through.

:func:`fold_event` either returns the new state or raises :class:`RefusalError` naming the event's
field at fault; the state it was given is never changed (states are values). Refusals cover what
does not fit the journey so far: a completion without a start, dates going backwards, an unknown
module, a jury without admissibility… What each kind of event does is said in
:mod:`~itineraire.journeys.effects`, the checks they share in :mod:`~itineraire.journeys.refusals`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

import attrs

from itineraire.analysis.reachability import module_rule
from itineraire.journeys.effects import HANDLERS as _HANDLERS
from itineraire.journeys.effects import competence_record
from itineraire.journeys.events import Event, EventKind
from itineraire.journeys.refusals import MAX_HOURS_A_DAY, RefusalError
from itineraire.journeys.state import JourneyState, VaeFile
from itineraire.model.catalogue import Catalogue
from itineraire.model.learners import Learner, VaeUnderWay
from itineraire.validation.equivalences import credited_blocks
from itineraire.validation.methods import ValidationMethod
from itineraire.validation.vae import AdmissibilityDecision

__all__ = [
    "MAX_HOURS_A_DAY",
    "OFF_ROUTE",
    "RefusalError",
    "fold_event",
    "initial_state",
    "startable_modules",
]

# While dropped out, only what can happen off the route is recorded.
OFF_ROUTE = frozenset(
    {
        EventKind.RESUME,
        EventKind.DROP_OUT,
        EventKind.POSITIONING,
        EventKind.EMPLOYMENT,
        EventKind.TARGET_CHANGED,
        EventKind.CERTIFICATION_REPLACED,
        EventKind.VAE_ADMISSIBILITY,
        EventKind.VAE_JURY,
        EventKind.VAE_CONFIRMATION,
    }
)


def initial_state(catalogue: Catalogue, learner: Learner) -> JourneyState:
    """The state the learner's positioning describes, before any event."""
    positioning = learner.positioning
    state = JourneyState(
        started=positioning.date,
        date=positioning.date,
        target=learner.target,
        competences=tuple(
            competence_record(held, positioning.date, ValidationMethod.PRIOR)
            for held in positioning.competences
        ),
        blocks=positioning.blocks,
        experience=positioning.experience,
        vae_files=tuple(_admissible(catalogue, file) for file in positioning.vae_under_way),
    )
    return _with_credit(catalogue, state)


def _admissible(catalogue: Catalogue, file: VaeUnderWay) -> VaeFile:
    """A VAE under way at the positioning, as the admissible file its jury is recorded against:
    for the whole certification when it is expected to award every block of it."""
    certification = catalogue.certifications.get(file.certification)
    whole = certification is not None and set(file.blocks) == set(certification.blocks)
    blocks = () if whole else file.blocks
    return VaeFile(file.certification, file.admissible, AdmissibilityDecision.ADMISSIBLE, blocks)


def startable_modules(catalogue: Catalogue, state: JourneyState) -> list[str]:
    """The modules a ``module_started`` event may name now: not under way, not passed, their
    prerequisites met (the checks :func:`fold_event` makes, as a list)."""
    return [
        module.id
        for module in catalogue.modules.values()
        if state.underway_module(module.id) is None
        and state.passed(module.id) is None
        and module_rule(catalogue, module).is_met(state)
    ]


def fold_event(catalogue: Catalogue, state: JourneyState, event: Event) -> JourneyState:
    """The state after ``event``; raises :class:`RefusalError` when the event does not fit."""
    if event.date < state.date:
        # An employment is dated by its last day, written `end` in a file.
        field = "end" if event.kind is EventKind.EMPLOYMENT else "date"
        raise RefusalError(
            field, f"{event.date} is before the journey's last date so far ({state.date})"
        )
    if state.dropped_out is not None and event.kind not in OFF_ROUTE:
        since = state.dropped_out[0]
        raise RefusalError("", f"the person dropped out on {since}: record a resume first")
    handler = cast(Callable[[Catalogue, JourneyState, Any], JourneyState], _HANDLERS[event.kind])
    state = handler(catalogue, state, event)
    return _with_credit(catalogue, attrs.evolve(state, date=event.date))


def _with_credit(catalogue: Catalogue, state: JourneyState) -> JourneyState:
    validated = [item.block for item in state.blocks]
    credited = credited_blocks(validated, catalogue.equivalences)
    with_pending = credited_blocks(
        [*validated, *(item.block for item in state.pending)], catalogue.equivalences
    )
    return attrs.evolve(
        state,
        credited=tuple(sorted(credited)),
        credited_pending=tuple(sorted(set(with_pending) - set(credited))),
    )
