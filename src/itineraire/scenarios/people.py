"""A scenario's learners: inline learner documents or learner files, with the scenario's shared
constraints under their own, each checked against the scenario's catalogue.

Problems found by the learner loader are moved to the scenario's path for them: inside an inline
learner (``learners[0].target.certification``), on the ``file`` key of a learner file (with the
file's own place), on a target that replaces a file's, or on the scenario's shared
``constraints`` when the value at fault came from there.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from itineraire.errors import LearnerError, Problem, ScenarioError
from itineraire.files._reading import UnreadableError, read_mapping
from itineraire.files.loading import learner_from_data
from itineraire.model.catalogue import Catalogue
from itineraire.model.learners import Learner
from itineraire.scenarios.extending import unreadable
from itineraire.scenarios.places import path_parts, where
from itineraire.scenarios.positions import Lines
from itineraire.scenarios.positions import Path as DataPath
from itineraire.scenarios.references import referenced_file

__all__ = ["scenario_learners"]


def scenario_learners(
    data: Mapping[str, Any], catalogue: Catalogue, base: Path, lines: Lines
) -> tuple[Learner, ...]:
    """The scenario's learners (``data`` is the whole scenario, already validated), checked
    against its catalogue; raises :class:`ScenarioError`."""
    shared: Mapping[str, Any] = data.get("constraints") or {}
    learners: list[Learner] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(data["learners"]):
        learner = _Entry(raw, index, shared, lines).load(catalogue, base, problems)
        if learner is None:
            continue
        if learner.id in seen:
            field = "file" if "file" in raw else "id"
            message = f"learner id {learner.id!r} is used twice (also learners[{seen[learner.id]}])"
            problems.append(Problem(where(("learners", index, field), lines), "", message))
        seen.setdefault(learner.id, index)
        learners.append(learner)
    if problems:
        raise ScenarioError("learners", problems)
    return tuple(learners)


class _Entry:
    """One item of ``learners`` and the places its problems go to."""

    def __init__(
        self, raw: Mapping[str, Any], index: int, shared: Mapping[str, Any], lines: Lines
    ) -> None:
        self.raw = raw
        self.at: DataPath = ("learners", index)
        self.shared = shared
        self.lines = lines

    def load(self, catalogue: Catalogue, base: Path, problems: list[Problem]) -> Learner | None:
        if "file" in self.raw:
            name = str(self.raw["file"])
            try:
                data = dict(read_mapping(referenced_file(base, name), "file"))
            except UnreadableError as error:
                message = unreadable("learner", name, error.problem)
                problems.append(Problem(self.place((*self.at, "file")), "", message))
                return None
            if "target" in self.raw:
                data["target"] = self.raw["target"]
        else:
            name, data = None, dict(self.raw)
        own = data.get("constraints")
        own_fields = set(own) if isinstance(own, Mapping) else set()
        data["constraints"] = {**self.shared, **(own if isinstance(own, Mapping) else {})}
        try:
            return learner_from_data(data, catalogue, source=name or format_at(self.at))
        except LearnerError as error:
            problems += [self.placed(problem, name, own_fields) for problem in error.problems]
            return None

    def place(self, path: DataPath) -> str:
        return where(path, self.lines)

    def placed(self, problem: Problem, name: str | None, own_fields: set[str]) -> Problem:
        inside = (*path_parts(problem.where), *path_parts(problem.field))
        if inside[:1] == ("constraints",) and len(inside) > 1:
            field = inside[1]
            if field in self.shared and field not in own_fields:
                # The value came from the scenario's shared constraints: the fault is there,
                # for this learner.
                message = f"for {format_at(self.at)}: {problem.message}"
                return Problem(self.place(inside), "", message)
        if name is None:
            return Problem(self.place((*self.at, *inside)), "", problem.message)
        if "target" in self.raw and inside[:1] == ("target",):
            return Problem(self.place((*self.at, *inside)), "", problem.message)
        return Problem(self.place((*self.at, "file")), "", f"in {name}: {problem}")


def format_at(path: DataPath) -> str:
    return f"{path[0]}[{path[1]}]"
