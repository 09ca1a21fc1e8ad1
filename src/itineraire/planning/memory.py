"""What a planner remembers from one plan to the next: its relaxed problems, compiled, and the
LM-cut values computed on them, each with the work it took; and its people's calendars, with
the steps' ends and first starts they worked out (these count no work).

The plans of one planner come back to the same problems more often than not: the re-plans of a
journey, the people of a population who aim at the same certification. Of 3,499 relaxed
problems compiled for 1,000 random re-plans, 491 differed, and 78 % of the LM-cut values they
computed had been computed by an earlier plan. A value read back counts the work it took again,
and a problem compiled by an earlier plan is the one this plan would compile, so that what a
plan finds within its work limit, and so its answer, never depends on the plans made before it.

The waits for sessions were kept too, keyed by the problem's actions and the person's calendar:
59 % were asked again, but the plans were no faster (1 to 3 %), and they were dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from itineraire.model.learners import Constraints
from itineraire.planning.calendar import Calendar
from itineraire.planning.relaxation import RelaxedProblem

if TYPE_CHECKING:  # the problem holds its planner's memory: a type-only import avoids a cycle
    from itineraire.planning.problem import PlanningProblem

__all__ = ["LmCutKey", "PlanMemory", "forget_oldest", "recently_used"]

LmCutKey = tuple[frozenset[int], bool]
"""The facts a rest of a route starts from, and whether it must still take a placement."""

_EXPERIENCES_KEPT = 8
"""Compilations kept per structure, for as many amounts of experience (the least recently used
go first): the experience a route holds changes only with the few steps that bring some."""

_COMPILED_KEPT = 128
"""Compilations kept in all (the least recently used structures go first): one takes some
kilobytes on the built-in catalogue (94 kept after 1,000 re-plans, 1.75 MB), about 80 KB on a
generated catalogue of 40 blocks and 400 modules (10 MB for all of them)."""

_CALENDARS_KEPT = 8
"""Calendars kept (the least recently used go first): each remembers up to some megabytes of
ends and starts (see :mod:`~itineraire.planning.calendar`)."""

_Key = TypeVar("_Key")
_Value = TypeVar("_Value")


class _Compiled:
    """The compilations of one structure: the jobs whose experience they depend on (the same
    for all), and a compilation per amount of experience in those jobs."""

    def __init__(self) -> None:
        self.asked: tuple[frozenset[str], ...] | None = None
        self.by_experience: dict[tuple[int, ...], RelaxedProblem] = {}


class PlanMemory:
    """What a planner's plans computed, per problem structure: the relaxed problems of the
    ``kept`` latest structures, and the LM-cut values of the ``kept`` latest compiled problems,
    at most about ``most`` values in all (the least recently used go first; a plan may add its
    own before the next is counted), and at most 128 compilations in all. A value takes a few
    hundred bytes, a compilation some kilobytes (about 80 KB on a catalogue of 400 modules): a
    planner kept for a whole population keeps some megabytes, about ten at most on the largest
    catalogues. One memory serves one catalogue (a planner's)."""

    def __init__(self, kept: int = 64, most: int = 50_000) -> None:
        self.kept = kept
        self.most = most
        self._lm_cut: dict[object, dict[LmCutKey, tuple[float, int]]] = {}
        self._compiled: dict[object, _Compiled] = {}
        self._calendars: dict[object, Calendar] = {}

    def calendar(self, constraints: Constraints) -> Calendar:
        """The calendar of a person with these ``constraints`` (:meth:`Calendar.of`), made by an
        earlier plan when its person had the same unavailable periods, holidays and year of
        start: what it remembered of steps' ends and starts serves this plan too (most people
        of a population, and a journey's re-plans, share one). A calendar counts no work, so
        a plan's answer never depends on the plans before it."""
        key = (constraints.unavailable, constraints.holidays, constraints.start.year)
        return recently_used(
            self._calendars, key, lambda: Calendar.of(constraints), _CALENDARS_KEPT
        )

    def relaxation(
        self, problem: PlanningProblem, have: Callable[[frozenset[str]], int], vae: bool
    ) -> RelaxedProblem:
        """The relaxed problem of ``problem`` for the experience ``have`` gives (``vae``: with
        the VAE operators), for this plan (:meth:`RelaxedProblem.for_plan`): compiled by an
        earlier plan that had the same goal, actions (sessions included), objective, VAE and
        experience in the jobs it asks about, else now."""
        structure = (
            problem.goal,
            problem.actions,
            problem.objective,
            tuple(certification.code for certification in problem.vae_certifications),
            problem.vae_blocks,
            problem.learner.constraints.employment_allowed,
            vae,
        )
        compiled = recently_used(self._compiled, structure, _Compiled, self.kept)
        first = None
        if compiled.asked is None:  # the jobs it asks about are known once it is compiled
            first = RelaxedProblem(problem, have, vae=vae)
            compiled.asked = first.experience_asked()
        experience = tuple(have(rome) for rome in compiled.asked)
        made = experience not in compiled.by_experience
        known = recently_used(
            compiled.by_experience,
            experience,
            lambda: RelaxedProblem(problem, have, vae=vae) if first is None else first,
            _EXPERIENCES_KEPT,
        )
        if made:
            forget_oldest(self._compiled, _compilations, _COMPILED_KEPT)
        return known.for_plan(self)

    def lm_cut(self, signature: object) -> dict[LmCutKey, tuple[float, int]]:
        """The LM-cut values (and their work) of the compiled relaxed problem ``signature``
        identifies: its operators, their costs, its goals, its number of facts (all of its own
        go when one structure alone has more than ``most``)."""
        values = recently_used(self._lm_cut, signature, dict, self.kept)
        if forget_oldest(self._lm_cut, len, self.most) > self.most:
            values.clear()
        return values

    def __len__(self) -> int:
        """How many LM-cut values are kept."""
        return sum(map(len, self._lm_cut.values()))


def _compilations(compiled: _Compiled) -> int:
    return len(compiled.by_experience)


def recently_used(
    table: dict[_Key, _Value], key: _Key, make: Callable[[], _Value], kept: int
) -> _Value:
    """``table[key]``, made by ``make`` when absent, now the most recently used (the last in
    ``table``); the least recently used go first while ``kept`` or more others are there: a
    planner's memories, each bounded."""
    value = table.pop(key, None)
    if value is None:
        value = make()
    while table and len(table) >= kept:
        del table[next(iter(table))]  # the least recently used
    table[key] = value  # last: the most recently used
    return value


def forget_oldest(table: dict[_Key, _Value], size: Callable[[_Value], int], most: int) -> int:
    """The least recently used entries of ``table`` go while they hold more than ``most`` in
    all (``size`` of each), never the most recently used; what is left holds the total
    returned."""
    total = sum(map(size, table.values()))
    while total > most and len(table) > 1:
        total -= size(table.pop(next(iter(table))))
    return total
