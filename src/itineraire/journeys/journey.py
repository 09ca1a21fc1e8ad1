"""A journey: a learner's starting point and the append-only sequence of what happened since.

A :class:`Journey` is a value. :meth:`Journey.append` checks the event against the state so far
and returns a new journey; a refused event raises :class:`JourneyError` and the journey it was
appended to is, being a value, exactly as it was. The state is the fold of the events over the
learner's positioning: the same events always give the same state.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from itineraire.errors import InputError, Problem
from itineraire.journeys.events import Event
from itineraire.journeys.folding import RefusalError, fold_event, initial_state
from itineraire.journeys.state import JourneyState
from itineraire.model.catalogue import Catalogue
from itineraire.model.learners import Learner

__all__ = ["Journey", "JourneyError", "event_place"]


class JourneyError(InputError):
    """One or more events do not fit the journey; each problem names the event and field."""

    what = "journey"


def event_place(index: int, event: Event) -> str:
    """How a problem names an event: its position in the journey and its type."""
    return f"events[{index}] ({event.kind})"


@attrs.frozen
class Journey:
    """The learner as first positioned, the events since, and the state they fold into."""

    catalogue: Catalogue = attrs.field(eq=False, repr=False)
    learner: Learner
    events: tuple[Event, ...] = ()
    # The state before any event, then after each one: kept as the events are appended, so that
    # the timeline, the portfolio and the invariants never fold the events again.
    history: tuple[JourneyState, ...] = attrs.field(eq=False, repr=False, default=())

    def __attrs_post_init__(self) -> None:
        if not self.history:  # built directly: fold the events (refusing any that do not fit)
            folded = Journey.replay(self.catalogue, self.learner, self.events).history
            object.__setattr__(self, "history", folded)

    @classmethod
    def start(cls, catalogue: Catalogue, learner: Learner) -> Journey:
        """A journey with no event yet: the state is the learner's positioning."""
        return cls(catalogue, learner, (), (initial_state(catalogue, learner),))

    @property
    def state(self) -> JourneyState:
        """The state after the last event."""
        return self.history[-1]

    @classmethod
    def replay(cls, catalogue: Catalogue, learner: Learner, events: Iterable[Event]) -> Journey:
        """The journey of ``events`` in order; raises :class:`JourneyError` listing every event
        that does not fit (each refused event is left out while checking the ones after it)."""
        journey = cls.start(catalogue, learner)
        problems: list[Problem] = []
        for index, event in enumerate(events):
            try:
                journey = journey.append(event)
            except JourneyError as error:
                problems.extend(
                    attrs.evolve(problem, where=event_place(index, event))
                    for problem in error.problems
                )
        if problems:
            raise JourneyError(f"of {learner.id!r}", problems)
        return journey

    @property
    def id(self) -> str:
        return self.learner.id

    def append(self, event: Event) -> Journey:
        """This journey with ``event`` at its end, or :class:`JourneyError` if it does not fit."""
        try:
            state = fold_event(self.catalogue, self.state, event)
        except RefusalError as refusal:
            where = event_place(len(self.events), event)
            raise JourneyError(
                f"of {self.learner.id!r}", [Problem(where, refusal.field, refusal.message)]
            ) from None
        return attrs.evolve(self, events=(*self.events, event), history=(*self.history, state))

    def extend(self, events: Iterable[Event]) -> Journey:
        """This journey with every event appended, all or nothing."""
        journey = self
        for event in events:
            journey = journey.append(event)
        return journey

    def prefix(self, count: int) -> Journey:
        """The journey as it was after its first ``count`` events (no event folded again)."""
        return attrs.evolve(self, events=self.events[:count], history=self.history[: count + 1])

    def states(self) -> tuple[JourneyState, ...]:
        """The state before any event, then after each event."""
        return self.history
