"""The calendar side of the planner's mixed-integer model: modules whose sessions are over, and
when some module has sessions, a relaxation of the calendar (a start day per actor, "later than"
rows, one step at a time, no step inside an unavailable period). A chosen set that the calendar
refuses all the same is cut off (:mod:`itineraire.planning.choice`).
"""

from __future__ import annotations

from itineraire.planning.actions import ActionKind
from itineraire.planning.calendar import Calendar
from itineraire.planning.program import Actor, Program

__all__ = ["Timing"]

_MODELLED_PERIODS = 24
"""Unavailable periods the relaxation of the calendar models (the first ones)."""


class Timing:
    """Start days and the rows that order them, written to ``program``."""

    def __init__(self, program: Program, calendar: Calendar, *, modelled: bool) -> None:
        """``modelled``: model the relaxation of the calendar when modules have sessions (false:
        leave it to the cuts; a smaller model whose root node is much cheaper)."""
        self.program = program
        self.calendar = calendar
        self.sessions: list[str] = []
        """The modules with sessions, for messages."""
        self.horizon = 0.0
        self.late = 0.0
        self.timed = False
        """Whether actors have start days (some module has sessions, the relaxation is wanted)."""
        self._sessions(modelled)
        if self.timed:
            day = program.root.day
            ends = [float(last - day) for _, last in calendar.unavailable]
            steps = sum(actor.days for actor in program.actors)
            self.horizon = max([self.horizon, *ends]) + steps + 1
            self.late = 2 * self.horizon + 1
            for actor in program.actors:
                self._time(actor)

    def _sessions(self, modelled: bool) -> None:
        """Leave out the modules whose sessions are over; the horizon reaches the last session."""
        program = self.program
        day = program.root.day
        for actor in program.actors:
            action = actor.action
            if action is None or not action.sessions:
                continue
            self.sessions.append(action.id)
            if self.calendar.earliest_start(day, action) is None:
                program.milp.upper[actor.x] = 0.0  # every session is over
            elif modelled:
                self.timed = True
                # The last session starts on its first open day, maybe after its date.
                last = self.calendar.next_open(action.sessions[-1], action.week)
                self.horizon = max(self.horizon, float(last - day))

    def day(self) -> int | None:
        """A new start-day column when sessions are modelled, else None."""
        return self.program.milp.column(0.0, self.horizon) if self.timed else None

    def _time(self, actor: Actor) -> None:
        """Give ``actor`` a start day; a module with sessions starts on one of them."""
        milp = self.program.milp
        root = self.program.root
        actor.start = milp.column(0.0, self.horizon)
        action = actor.action
        if action is None or not action.sessions:
            return
        terms = []
        starts: set[int] = set()
        for session in action.sessions:
            # The step starts on the session's first open day, unless it would overlap an
            # unavailable period (then a later session's start, which is an option already).
            usable = self.calendar.earliest_start(session, action)
            if session >= root.day and usable is not None and usable not in starts:
                starts.add(usable)
                terms.append((milp.binary(), float(usable - root.day)))
        milp.row([*((u, 1.0) for u, _ in terms), (actor.x, -1.0)], 0.0, 0.0)
        milp.row([(actor.start, 1.0), *((u, -day) for u, day in terms)], 0.0, 0.0)

    def later(self, later: int | None, earlier: int | None, gap: float, active: int | None) -> None:
        """start[later] ≥ start[earlier] + gap when ``active`` is 1 (sessions modelled only)."""
        if later is None or earlier is None:
            return
        late = self.late
        milp = self.program.milp
        if active is None:
            milp.row([(later, 1.0), (earlier, -1.0)], gap, float("inf"))
        else:
            milp.row([(later, 1.0), (earlier, -1.0), (active, -late)], gap - late, float("inf"))

    def one_at_a_time(self) -> None:
        """Steps follow one another: a module with sessions starts after everything ordered
        before it, one step at a time, and no module or placement overlaps an unavailable period
        (a relaxation of the calendar: other steps may overlap, waits are not added up)."""
        self._clear_of_periods()
        for module in self.program.actors:
            self._after_the_others(module)

    def _clear_of_periods(self) -> None:
        """No module without sessions or placement overlaps an unavailable period."""
        late = self.late
        milp = self.program.milp
        day = self.program.root.day
        # The first few periods only: this is a relaxation, which a chosen set that the
        # calendar refuses tightens by a cut, so fewer rows keep the answer exact and the model
        # small when a person lists many periods.
        periods = [
            (float(first - day), float(last - day))
            for first, last in self.calendar.unavailable
            if last >= day
        ][:_MODELLED_PERIODS]
        for actor in self.program.actors:
            action = actor.action
            if action is None or action.sessions or action.kind is ActionKind.VAE:
                continue  # sessions are already chosen clear of them; a VAE is not moved
            assert actor.start is not None
            for first, last in periods:
                after = milp.binary()
                # before the period (after = 0) or from the day after it (after = 1)
                milp.row([(actor.start, 1.0), (after, -late)], -float("inf"), first - action.days)
                milp.row([(actor.start, 1.0), (after, -late)], last + 1 - late, float("inf"))

    def _after_the_others(self, module: Actor) -> None:
        """A chosen module with sessions starts after the steps ordered before it, added up,
        and every other step of the person's track is before it or after its end (a VAE is on
        its own track: a module waits for it only to hold its blocks, a row of the rules)."""
        milp = self.program.milp
        late = self.late
        if module.action is None or not module.action.sessions:
            return
        if module.start is None or milp.upper[module.x] == 0.0:
            return
        before = []
        for other in self.program.actors:
            if other is module or other.start is None or milp.upper[other.x] == 0.0:
                continue
            if other.action is not None and other.action.kind is ActionKind.VAE:
                continue  # a VAE runs beside the person's track: it neither waits nor delays
            first = milp.binary()
            before.append((first, -float(other.days)))
            milp.row([(first, 1.0), (other.x, -1.0)], -float("inf"), 0.0)
            self.later(module.start, other.start, float(other.days), first)
            # other after module, unless other is before or one of them is not chosen
            milp.row(
                [
                    (other.start, 1.0),
                    (module.start, -1.0),
                    (first, late),
                    (other.x, -late),
                    (module.x, -late),
                ],
                float(module.days) - 2 * late,
                float("inf"),
            )
        milp.row([(module.start, 1.0), *before], 0.0, float("inf"))
