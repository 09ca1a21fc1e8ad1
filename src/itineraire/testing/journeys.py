"""Hypothesis strategies for journeys: streams of events valid by construction.

Each event is drawn among those the journey so far admits (a completion only for a module under
way, a jury only for an admissible file, a resume only after a drop-out…), then appended through
:meth:`Journey.append`, so a stream the folding rules refused would fail loudly, not silently.
Streams shrink towards fewer, earlier and simpler events.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from hypothesis import strategies as st

from itineraire.journeys import (
    BlockEvaluated,
    BlockValidatedInCompany,
    CertificationReplaced,
    DroppedOut,
    EmploymentPeriod,
    Event,
    EventKind,
    Journey,
    ModuleCompleted,
    ModuleStarted,
    PlacementDone,
    Resumed,
    TargetChanged,
    VaeAdmissibility,
    VaeConfirmation,
    VaeJury,
)
from itineraire.journeys.events import EVENT_CLASSES
from itineraire.journeys.folding import MAX_HOURS_A_DAY, OFF_ROUTE, startable_modules
from itineraire.journeys.state import JourneyState
from itineraire.model.catalogue import Catalogue
from itineraire.model.learners import Learner, Target, TargetKind
from itineraire.testing.strategies import JOBS
from itineraire.testing.strategies._shared import Shown, shown_catalogue
from itineraire.validation.vae import AdmissibilityDecision, JuryOutcome

__all__ = ["EVENT_KINDS", "journeys"]

EVENT_KINDS = frozenset(EVENT_CLASSES) - {EventKind.POSITIONING}
"""The kinds a stream draws by default (a new positioning is left to example tests)."""

_Draw = Callable[[st.DrawFn, Catalogue, JourneyState, dt.date], Event]


def journeys(
    catalogue: Catalogue,
    learner: Learner | st.SearchStrategy[Learner],
    *,
    max_events: int = 10,
    kinds: frozenset[EventKind] | set[EventKind] = EVENT_KINDS,
    max_gap_days: int = 60,
) -> st.SearchStrategy[Journey]:
    """Journeys of ``learner`` (a learner or a strategy of learners) on ``catalogue``, with up to
    ``max_events`` events of the given ``kinds``, each at most ``max_gap_days`` after the one
    before. Failures, drop-outs, employment periods and VAE juries are all included by default.
    """
    if not isinstance(catalogue, Catalogue):
        raise TypeError(f"catalogue must be a loaded Catalogue (got {type(catalogue).__name__})")
    if isinstance(max_events, bool) or not isinstance(max_events, int) or max_events < 0:
        raise ValueError(f"max_events must be a non-negative integer (got {max_events!r})")
    if isinstance(max_gap_days, bool) or not isinstance(max_gap_days, int) or max_gap_days < 0:
        raise ValueError(f"max_gap_days must be a non-negative integer (got {max_gap_days!r})")
    unknown = set(kinds) - EVENT_KINDS
    if unknown:
        names = ", ".join(sorted(str(kind) for kind in unknown))
        raise ValueError(f"kinds: cannot draw {names} (choose among {sorted(EVENT_KINDS)})")
    learners = learner if isinstance(learner, st.SearchStrategy) else st.just(learner)
    return _journey(
        shown_catalogue(catalogue), learners, max_events, frozenset(kinds), max_gap_days
    )


@st.composite
def _journey(
    draw: st.DrawFn,
    shown: Shown[Catalogue],
    learners: st.SearchStrategy[Learner],
    max_events: int,
    kinds: frozenset[EventKind],
    max_gap_days: int,
) -> Journey:
    catalogue = shown.value
    journey = Journey.start(catalogue, draw(learners))
    count = draw(st.integers(0, max_events))
    for _ in range(count):
        day = journey.state.date + dt.timedelta(days=draw(st.integers(0, max_gap_days)))
        possible = [
            kind for kind in _ORDER if kind in kinds and _admits(catalogue, journey.state, kind)
        ]
        if not possible:
            break
        kind = draw(st.sampled_from(possible))
        journey = journey.append(_DRAWS[kind](draw, catalogue, journey.state, day))
    return journey


# -- What the state admits ------------------------------------------------------------------------


def _open_to_files(catalogue: Catalogue, state: JourneyState) -> list[str]:
    return [
        code
        for code, certification in catalogue.certifications.items()
        if certification.vae_allowed
        and code not in _open_files(state)
        and not all(state.holds_block(block) for block in certification.blocks)
    ]


def _open_files(state: JourneyState) -> list[str]:
    return sorted({file.certification for file in state.vae_files if file.open})


def _pending(catalogue: Catalogue, state: JourneyState) -> list[str]:
    return sorted({catalogue.blocks[held.block].certification for held in state.pending})


def _unvalidated(catalogue: Catalogue, state: JourneyState) -> list[str]:
    """Blocks neither validated nor awaiting a jury's confirmation."""
    pending = {held.block for held in state.pending}
    return [
        block
        for block in catalogue.blocks
        if state.validated(block) is None and block not in pending
    ]


def _replaceable(catalogue: Catalogue, state: JourneyState) -> list[tuple[str, str]]:
    done = {item.old for item in state.replacements}
    return [
        (old, new)
        for new, certification in catalogue.certifications.items()
        for old in certification.replaces
        if old in catalogue.certifications and old not in done
    ]


def _admits(catalogue: Catalogue, state: JourneyState, kind: EventKind) -> bool:
    if state.dropped_out is not None:
        return kind in OFF_ROUTE and _ADMITS[kind](catalogue, state)
    return kind is not EventKind.RESUME and _ADMITS[kind](catalogue, state)


_ADMITS: dict[EventKind, Callable[[Catalogue, JourneyState], bool]] = {
    EventKind.MODULE_STARTED: lambda c, s: bool(startable_modules(c, s)),
    EventKind.MODULE_COMPLETED: lambda c, s: bool(s.underway),
    EventKind.PLACEMENT_DONE: lambda c, s: True,
    EventKind.BLOCK_EVALUATED: lambda c, s: bool(_unvalidated(c, s)),
    EventKind.BLOCK_VALIDATED_IN_COMPANY: lambda c, s: bool(_unvalidated(c, s)),
    EventKind.VAE_ADMISSIBILITY: lambda c, s: bool(_open_to_files(c, s)),
    EventKind.VAE_JURY: lambda c, s: bool(_open_files(s)),
    EventKind.VAE_CONFIRMATION: lambda c, s: bool(_pending(c, s)),
    EventKind.EMPLOYMENT: lambda c, s: True,
    EventKind.DROP_OUT: lambda c, s: s.dropped_out is None,
    EventKind.RESUME: lambda c, s: s.dropped_out is not None,
    EventKind.TARGET_CHANGED: lambda c, s: len(c.certifications) > 1,
    EventKind.CERTIFICATION_REPLACED: lambda c, s: bool(_replaceable(c, s)),
}
_ORDER = sorted(_ADMITS)


# -- Drawing one event ----------------------------------------------------------------------------


def _jobs(catalogue: Catalogue) -> list[str]:
    found = {
        rome for certification in catalogue.certifications.values() for rome in certification.rome
    }
    return sorted(found) or list(JOBS)


def _period(draw: st.DrawFn, day: dt.date, s: JourneyState) -> tuple[dt.date, dt.date, int]:
    """A period of work (start, end, hours) after the journey's start and after every period
    recorded so far (periods never overlap), ending on ``day`` or on the first free day."""
    ends = [end for _record, _start, end in s.dated_work()]
    earliest = max([s.started, *(end + dt.timedelta(days=1) for end in ends)])
    end = max(day, earliest)
    days = draw(st.integers(1, max(1, min(120, (end - earliest).days + 1))))
    hours = draw(st.integers(1, days * MAX_HOURS_A_DAY))
    return end - dt.timedelta(days=days - 1), end, hours


def _module_started(draw: st.DrawFn, c: Catalogue, s: JourneyState, day: dt.date) -> Event:
    return ModuleStarted(date=day, module=draw(st.sampled_from(startable_modules(c, s))))


def _module_completed(draw: st.DrawFn, c: Catalogue, s: JourneyState, day: dt.date) -> Event:
    module = draw(st.sampled_from([item.module for item in s.underway]))
    passed = draw(st.booleans())
    score = draw(st.none() | st.integers(0, 100).map(float))
    return ModuleCompleted(date=day, module=module, passed=passed, score=score)


def _placement_done(draw: st.DrawFn, c: Catalogue, s: JourneyState, day: dt.date) -> Event:
    start, end, hours = _period(draw, day, s)
    rome = draw(st.none() | st.sampled_from(_jobs(c)))
    return PlacementDone(date=end, start=start, hours=hours, rome=rome)


def _block_evaluated(draw: st.DrawFn, c: Catalogue, s: JourneyState, day: dt.date) -> Event:
    block = draw(st.sampled_from(_unvalidated(c, s)))
    if draw(st.booleans()):
        return BlockEvaluated(date=day, block=block, passed=True)
    measured_only = sorted(
        {r.competence for r in s.competences}
        - {r.competence for r in s.competences if not r.measured}
    )
    cause = draw(st.none() | st.sampled_from(measured_only)) if measured_only else None
    return BlockEvaluated(date=day, block=block, passed=False, cause=cause)


def _block_in_company(draw: st.DrawFn, c: Catalogue, s: JourneyState, day: dt.date) -> Event:
    block = draw(st.sampled_from(_unvalidated(c, s)))
    return BlockValidatedInCompany(date=day, block=block, evidence="tutor's report")


def _vae_admissibility(draw: st.DrawFn, c: Catalogue, s: JourneyState, day: dt.date) -> Event:
    code = draw(st.sampled_from(_open_to_files(c, s)))
    missing = [block for block in c.certifications[code].blocks if not s.holds_block(block)]
    blocks: tuple[str, ...] = ()
    if draw(st.booleans()):
        blocks = tuple(draw(st.lists(st.sampled_from(missing), min_size=1, unique=True)))
    decision = draw(st.sampled_from(list(AdmissibilityDecision)))
    return VaeAdmissibility(date=day, certification=code, decision=decision, blocks=blocks)


def _vae_jury(draw: st.DrawFn, c: Catalogue, s: JourneyState, day: dt.date) -> Event:
    code = draw(st.sampled_from(_open_files(s)))
    file = s.vae_file(code)
    assert file is not None
    targeted = file.blocks or c.certifications[code].blocks
    full = JuryOutcome.FULL_TARGETED_BLOCKS if file.blocks else JuryOutcome.FULL_CERTIFICATION
    partial = (
        JuryOutcome.PARTIAL_TARGETED_BLOCKS if file.blocks else JuryOutcome.PARTIAL_CERTIFICATION
    )
    outcomes = [full, JuryOutcome.FAILURE, JuryOutcome.EXCUSED, JuryOutcome.ABSENT]
    if len(targeted) > 1:
        outcomes += [partial, JuryOutcome.PARTIAL_PENDING]
    outcome = draw(st.sampled_from(outcomes))
    blocks: tuple[str, ...] = ()
    if outcome in (partial, JuryOutcome.PARTIAL_PENDING):
        awarded = draw(
            st.lists(st.sampled_from(targeted), min_size=1, max_size=len(targeted) - 1, unique=True)
        )
        blocks = tuple(awarded)
    return VaeJury(date=day, certification=code, outcome=outcome, blocks=blocks)


def _vae_confirmation(draw: st.DrawFn, c: Catalogue, s: JourneyState, day: dt.date) -> Event:
    code = draw(st.sampled_from(_pending(c, s)))
    return VaeConfirmation(date=day, certification=code, confirmed=draw(st.booleans()))


def _employment(draw: st.DrawFn, c: Catalogue, s: JourneyState, day: dt.date) -> Event:
    start, end, hours = _period(draw, day, s)
    return EmploymentPeriod(
        date=end, start=start, hours=hours, rome=draw(st.sampled_from(_jobs(c)))
    )


def _dropped_out(draw: st.DrawFn, c: Catalogue, s: JourneyState, day: dt.date) -> Event:
    return DroppedOut(date=day, reason=draw(st.sampled_from(["", "illness", "moved", "job"])))


def _resumed(draw: st.DrawFn, c: Catalogue, s: JourneyState, day: dt.date) -> Event:
    return Resumed(date=day)


def _target_changed(draw: st.DrawFn, c: Catalogue, s: JourneyState, day: dt.date) -> Event:
    codes = [
        code
        for code in c.certifications
        if s.target != Target(TargetKind.CERTIFICATION, certification=code)
    ]
    code = draw(st.sampled_from(codes))
    return TargetChanged(date=day, target=Target(TargetKind.CERTIFICATION, certification=code))


def _replaced(draw: st.DrawFn, c: Catalogue, s: JourneyState, day: dt.date) -> Event:
    old, new = draw(st.sampled_from(_replaceable(c, s)))
    return CertificationReplaced(date=day, old=old, new=new)


_DRAWS: dict[EventKind, _Draw] = {
    EventKind.MODULE_STARTED: _module_started,
    EventKind.MODULE_COMPLETED: _module_completed,
    EventKind.PLACEMENT_DONE: _placement_done,
    EventKind.BLOCK_EVALUATED: _block_evaluated,
    EventKind.BLOCK_VALIDATED_IN_COMPANY: _block_in_company,
    EventKind.VAE_ADMISSIBILITY: _vae_admissibility,
    EventKind.VAE_JURY: _vae_jury,
    EventKind.VAE_CONFIRMATION: _vae_confirmation,
    EventKind.EMPLOYMENT: _employment,
    EventKind.DROP_OUT: _dropped_out,
    EventKind.RESUME: _resumed,
    EventKind.TARGET_CHANGED: _target_changed,
    EventKind.CERTIFICATION_REPLACED: _replaced,
}
