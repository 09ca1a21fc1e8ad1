"""Changes to the offer the analysis considers: a documented, bounded set.

Read off the population's present routes (see ``docs/what-if.md``):

- **sessions**: for a module with sessions that a route takes, a session on the first Monday of
  each month between the person's start and the session they wait for, when the module has
  none that month; ranked by how many people wait across that month, spread over the modules
  (each module's best month first, then each one's second…) so that one busy module does not
  take every place;
- **equivalences**: a block held at the positioning granting a block of another certification
  that the route validates by a module; ranked by how many people hold the one and need the
  other;
- **prerequisites**: the prerequisites of a module a route takes, removed;
- **entry requirements**: the remediation gate of a certification whose module a route takes,
  removed; both ranked by how many routes take the module.

Each family keeps at most ``max_candidates`` (the most frequent first; ties by identifier), so
the work is at most ``4 × max_candidates`` candidates, each re-planning only the situations it
can touch.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import TypeVar

import attrs

from itineraire.model.catalogue import Catalogue
from itineraire.model.learners import Learner
from itineraire.modules import ProfessionalModule
from itineraire.planning import Objective, Route, StepKind
from itineraire.validation import Equivalence, credited_blocks
from itineraire.whatif.reach import Reach
from itineraire.whatif.wording import long_date, month_year

__all__ = ["OfferChange", "OfferChangeKind", "offer_candidates"]


class OfferChangeKind(StrEnum):
    """The kinds of change to the offer."""

    SESSION = "session"
    """One more session of a module."""
    EQUIVALENCE = "equivalence"
    """A new equivalence: one block grants another."""
    PREREQUISITE = "prerequisite"
    """A module's prerequisites removed."""
    ENTRY_REQUIREMENT = "entry_requirement"
    """A certification's entry requirement (its remediation gate) removed."""


@attrs.frozen
class OfferChange:
    """One change to the catalogue. ``subject`` is the module (session, prerequisite), the
    certification (entry requirement) or the block granted (equivalence, from ``source``);
    ``day`` the new session's start and ``place`` its label (the module's provider)."""

    kind: OfferChangeKind
    subject: str
    day: dt.date | None = None
    place: str = ""
    source: str = ""

    def apply(self, catalogue: Catalogue) -> Catalogue:
        """The catalogue with this change."""
        if self.kind is OfferChangeKind.EQUIVALENCE:
            added = Equivalence(
                f"what-if:{self.source}>{self.subject}",
                frozenset({self.source}),
                frozenset({self.subject}),
                mutual=False,
            )
            return attrs.evolve(catalogue, equivalences=(*catalogue.equivalences, added))
        if self.kind is OfferChangeKind.ENTRY_REQUIREMENT:
            certifications = dict(catalogue.certifications)
            certifications[self.subject] = attrs.evolve(
                certifications[self.subject], entry_requirement=None
            )
            return attrs.evolve(catalogue, certifications=certifications)
        modules = dict(catalogue.modules)
        module = modules[self.subject]
        if self.kind is OfferChangeKind.SESSION:
            assert self.day is not None
            if module.open_entry:
                # One session would close a module that starts any day: not a session more. (A
                # module with recurring intakes keeps them: the date is added to its sessions.)
                raise ValueError(f"module {self.subject} has open entry: no session to add")
            modules[self.subject] = attrs.evolve(
                module, sessions=tuple(sorted({*module.sessions, self.day}))
            )
        else:
            modules[self.subject] = attrs.evolve(module, prerequisites=None)
        return attrs.evolve(catalogue, modules=modules)

    def touches(self, reach: Reach) -> bool:
        """Whether the change can touch a route of someone with this reach (false: the best
        route's totals are the same without re-planning; proof in ``docs/what-if.md``)."""
        if self.kind is OfferChangeKind.EQUIVALENCE:
            return self.subject in reach.blocks
        if self.kind is OfferChangeKind.ENTRY_REQUIREMENT:
            return self.subject in reach.gates
        return self.subject in reach.modules

    def out_of_time(self, learner: Learner, route: Route | None, objective: Objective) -> bool:
        """Whether a new session comes too early or too late to matter: before the person's
        start (a route never starts a module before its own start), or, for the earliest
        finish, after the present route's finish (a route taking it would end later)."""
        if self.kind is not OfferChangeKind.SESSION or self.day is None:
            return False
        if self.day < learner.constraints.start:
            return True
        return (
            objective is Objective.DURATION and route is not None and self.day > route.totals.finish
        )

    def describe(self, catalogue: Catalogue) -> str:
        """The change as the start of a sentence."""
        if self.kind is OfferChangeKind.SESSION:
            assert self.day is not None
            where = f" at {self.place}" if self.place else ""
            month = month_year(self.day)
            return f"A session of {self.subject} in {month} (starting {long_date(self.day)}){where}"
        if self.kind is OfferChangeKind.EQUIVALENCE:
            return f"An equivalence granting block {self.subject} to holders of block {self.source}"
        if self.kind is OfferChangeKind.PREREQUISITE:
            return f"Removing the prerequisites of {self.subject}"
        return f"Removing the entry requirement of {self.subject}"

    def key(self) -> tuple[str, str, str, str]:
        day = "" if self.day is None else self.day.isoformat()
        return (self.kind.value, self.subject, day, self.source)


def offer_candidates(
    catalogue: Catalogue,
    profiles: Sequence[Learner],
    routes: Mapping[Learner, Route | None],
    max_candidates: int,
) -> list[OfferChange]:
    """The candidates for a population (see the module's doc), at most ``max_candidates`` of
    each family, in a fixed order."""
    sessions: Counter[tuple[str, dt.date]] = Counter()
    equivalences: Counter[tuple[str, str]] = Counter()
    used: Counter[str] = Counter()
    for profile in profiles:
        route = routes[profile]
        if route is None:
            continue
        held = {block.block for block in profile.positioning.blocks}
        held |= set(credited_blocks(held, catalogue.equivalences))
        for step in route.steps:
            module = catalogue.modules.get(step.action)
            if module is None:
                continue
            used[module.id] += 1
            if not module.open_entry:
                start = profile.constraints.start
                held_sessions = module.session_starts(start, step.start)
                for day in _months_waited(start, step.start, held_sessions):
                    sessions[(module.id, day)] += 1
            if step.kind in (StepKind.TRAINING, StepKind.PLACEMENT):
                for block in step.validates:
                    owner = catalogue.blocks[block].certification
                    for source in sorted(held):
                        if catalogue.blocks[source].certification != owner:
                            equivalences[(source, block)] += 1
    found = [
        OfferChange(OfferChangeKind.SESSION, module, day, place=catalogue.modules[module].provider)
        for (module, day) in _spread(sessions, max_candidates)
    ]
    found += [
        OfferChange(OfferChangeKind.EQUIVALENCE, block, source=source)
        for (source, block) in _top(equivalences, max_candidates)
    ]
    gated = Counter(
        {m: n for m, n in used.items() if catalogue.modules[m].prerequisites is not None}
    )
    found += [OfferChange(OfferChangeKind.PREREQUISITE, m) for m in _top(gated, max_candidates)]
    entries: Counter[str] = Counter()
    for module_id, count in used.items():
        module = catalogue.modules[module_id]
        if isinstance(module, ProfessionalModule):
            certification = catalogue.certifications.get(module.certification)
            if certification is not None and certification.entry_requirement is not None:
                entries[certification.code] += count
    found += [
        OfferChange(OfferChangeKind.ENTRY_REQUIREMENT, code)
        for code in _top(entries, max_candidates)
    ]
    return found


_Item = TypeVar("_Item", str, tuple[str, str], tuple[str, dt.date])


def _top(counts: Counter[_Item], count: int) -> list[_Item]:
    """The ``count`` most frequent items, ties by the item itself."""
    ranked = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))
    return [item for item, _ in ranked][:count]


def _spread(counts: Counter[tuple[str, dt.date]], count: int) -> list[tuple[str, dt.date]]:
    """The ``count`` best sessions taking each module's best month first, then each module's
    second, and so on; within a round, the most frequent first (ties by module and day). The
    months a busy module waits are usually neighbours whose savings overlap: a round per module
    lets the analysis weigh the other modules' sessions too."""
    ranked = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))
    rounds: dict[str, int] = {}
    placed = []
    for (module, day), people in ranked:
        rounds[module] = rounds.get(module, -1) + 1
        placed.append((rounds[module], -people, module, day))
    return [(module, day) for _, _, module, day in sorted(placed)][:count]


def _months_waited(start: dt.date, used: dt.date, sessions: tuple[dt.date, ...]) -> list[dt.date]:
    """The first Monday (on or after the start) of each month from the start's to the one
    before the session used, in which the module has no session: a session there could be
    taken earlier."""
    found = []
    month = dt.date(start.year, start.month, 1)
    while month < dt.date(used.year, used.month, 1):
        first = max(month, start)
        monday = first + dt.timedelta(days=(7 - first.weekday()) % 7)
        if monday.month == month.month and not any(
            (day.year, day.month) == (month.year, month.month) for day in sessions
        ):
            found.append(monday)
        month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return found
