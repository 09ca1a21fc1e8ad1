"""Planning a population: every person's route, streamed in and out, each problem planned once.

People are read in chunks. For each chunk, the problems not met before (by their
:func:`~itineraire.population.signature.signature` and objective) are sent in batches to a
backend; a few chunks are kept in flight so that the workers always have work, and the
outcomes come out in the order the people came in. A person whose problem was planned for
someone else gets that route with their own id: the planner reads nothing else of a person that
differs between the two (see :mod:`~itineraire.population.signature`), so every outcome is the
one planning that person alone would give, whatever the number of workers or the order of the
people. Memory stays flat: the outcomes kept for reuse are bounded (least recently used first
out), and a problem dropped from them is simply planned again.

>>> from itineraire import builtin_catalogue
>>> from itineraire.population import plan_population
>>> for planned in plan_population(builtin_catalogue(), learners):  # doctest: +SKIP
...     print(planned.person.learner.id, planned.status)
"""

from __future__ import annotations

from collections import OrderedDict, deque
from collections.abc import Generator, Hashable, Iterable, Iterator, Sequence
from itertools import islice

import attrs

from itineraire.model.catalogue import Catalogue
from itineraire.model.learners import Learner
from itineraire.planning import Objective
from itineraire.population.backends import Backend, Batch, InProcess, LocalProcesses
from itineraire.population.outcomes import Outcome, Planned
from itineraire.population.reporting import Progress, Reporter
from itineraire.population.rows import Person
from itineraire.population.signature import signature

__all__ = ["plan_population"]


class _Key:
    """A problem: an objective and a signature, hashed once (a signature holds a person's
    constraints and target, slow to hash again at every look-up)."""

    __slots__ = ("_hash", "objective", "problem")

    def __init__(self, objective: Objective, problem: Hashable, problem_hash: int) -> None:
        self.objective = objective
        self.problem = problem
        self._hash = hash((objective, problem_hash))

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, _Key)
            and self._hash == other._hash
            and self.objective is other.objective
            and self.problem == other.problem
        )


def plan_population(
    catalogue: Catalogue,
    learners: Iterable[Learner | Person],
    objectives: Objective | Sequence[Objective] = Objective.DURATION,
    *,
    jobs: int = 1,
    backend: Backend | None = None,
    reporter: Reporter | None = None,
    chunk_size: int = 512,
    batch_size: int = 8,
    cache_size: int = 100_000,
) -> Iterator[Planned]:
    """Each person's outcome for each objective, in the order the people come.

    ``learners`` are learners, or :class:`~itineraire.population.rows.Person` rows read from a
    population file (a bare learner is numbered by its position, from 1). ``jobs`` local
    processes plan (1: this process), unless a ``backend`` is given (the Dask backend, or your
    own). ``chunk_size`` people are read at a time, problems go to the backend ``batch_size`` at
    a time, and at most ``cache_size`` outcomes are kept for reuse. Every option is checked
    here, before anything runs.
    """
    chosen = (objectives,) if isinstance(objectives, Objective) else tuple(objectives)
    if not chosen:
        raise ValueError("give at least one objective")
    for name, value in (
        ("jobs", jobs),
        ("chunk_size", chunk_size),
        ("batch_size", batch_size),
        ("cache_size", cache_size),
    ):
        if value < 1:
            raise ValueError(f"{name} must be at least 1 (got {value})")
    if backend is None:
        backend = InProcess() if jobs == 1 else LocalProcesses(jobs)
    return _run(
        catalogue,
        _people(learners),
        tuple(dict.fromkeys(chosen)),
        backend,
        reporter or Reporter(),
        _Options(chunk_size, batch_size, cache_size),
    )


@attrs.frozen
class _Options:
    chunk_size: int
    batch_size: int
    cache_size: int
    window: int = 4
    """Chunks in flight: enough for the workers to always have problems to plan."""


def _people(learners: Iterable[Learner | Person]) -> Iterator[Person]:
    for number, item in enumerate(learners, start=1):
        yield item if isinstance(item, Person) else Person(row=number, learner=item)


def _run(
    catalogue: Catalogue,
    people: Iterator[Person],
    objectives: tuple[Objective, ...],
    backend: Backend,
    reporter: Reporter,
    options: _Options,
) -> Iterator[Planned]:
    backend.start(catalogue)
    try:
        reporter.started(objectives)
        plans = _Plans(backend, options.batch_size, options.cache_size)
        in_flight: deque[list[tuple[Person, list[_Key]]]] = deque()
        done = 0
        while chunk := list(islice(people, options.chunk_size)):
            in_flight.append(plans.request(chunk, objectives))
            if len(in_flight) > options.window:
                done += yield from _emit(in_flight.popleft(), objectives, plans)
                reporter.progressed(plans.progress(done))
        while in_flight:
            done += yield from _emit(in_flight.popleft(), objectives, plans)
            reporter.progressed(plans.progress(done))
        reporter.finished(plans.progress(done))
    finally:
        backend.close()


def _emit(
    chunk: list[tuple[Person, list[_Key]]], objectives: tuple[Objective, ...], plans: _Plans
) -> Generator[Planned, None, int]:
    """The outcomes of a chunk, person by person; returns how many people it held."""
    for person, keys in chunk:
        for objective, key in zip(objectives, keys, strict=True):
            # Perhaps planned for someone with the same problem: Planned names this person.
            yield Planned(person, objective, plans.outcome(key, person.learner))
    return len(chunk)


@attrs.define
class _Plans:
    """The outcomes of problems, by objective and signature: the ones kept for reuse (least
    recently used dropped first) and the ones under way on the backend."""

    backend: Backend
    batch_size: int
    cache_size: int
    kept: OrderedDict[_Key, Outcome] = attrs.Factory(OrderedDict)
    under_way: dict[_Key, tuple[Batch, int]] = attrs.Factory(dict)
    planned: int = 0
    reused: int = 0

    def request(
        self, chunk: list[Person], objectives: tuple[Objective, ...]
    ) -> list[tuple[Person, list[_Key]]]:
        """Send the chunk's new problems to the backend; the chunk with each person's keys."""
        keyed = []
        new: dict[Objective, dict[_Key, Learner]] = {objective: {} for objective in objectives}
        for person in chunk:
            problem = signature(person.learner)
            problem_hash = hash(problem)
            keys = [_Key(objective, problem, problem_hash) for objective in objectives]
            for key in keys:
                if key not in self.kept and key not in self.under_way:
                    new[key.objective].setdefault(key, person.learner)
            keyed.append((person, keys))
        for objective, problems in new.items():
            self._submit(objective, list(problems.items()))
        return keyed

    def _submit(self, objective: Objective, problems: list[tuple[_Key, Learner]]) -> None:
        for first in range(0, len(problems), self.batch_size):
            batch = problems[first : first + self.batch_size]
            handle = self.backend.submit(objective, [learner for _, learner in batch])
            for index, (key, _) in enumerate(batch):
                self.under_way[key] = (handle, index)

    def outcome(self, key: _Key, learner: Learner) -> Outcome:
        """The outcome of the problem ``key`` (waiting for it if it is under way)."""
        found = self.kept.get(key)
        if found is not None:
            self.kept.move_to_end(key)
            self.reused += 1
            return found
        if key not in self.under_way:
            # Dropped from the kept outcomes while a later chunk still needed it: plan again.
            self._submit(key.objective, [(key, learner)])
        handle, index = self.under_way.pop(key)
        outcome = handle.result()[index]
        self.planned += 1
        self.kept[key] = outcome
        if len(self.kept) > self.cache_size:
            self.kept.popitem(last=False)
        return outcome

    def progress(self, people: int) -> Progress:
        return Progress(people=people, planned=self.planned, reused=self.reused)
