"""A scenario's scripted journey: the events of one of its learners, replayed on its catalogue.

The events are checked as in a journey file (each must fit the journey so far), and every
problem is placed in the scenario file: ``journey.events[2].module (line 41): unknown module …``.
"""

from __future__ import annotations

from typing import Any

from itineraire.errors import Problem, ScenarioError
from itineraire.journeys import Journey, JourneyError
from itineraire.journeys.loading import replay_documents
from itineraire.model.catalogue import Catalogue
from itineraire.model.learners import Learner
from itineraire.scenarios.documents import JourneyScriptDoc
from itineraire.scenarios.places import path_parts, where
from itineraire.scenarios.positions import Lines

__all__ = ["scenario_journey"]


def scenario_journey(
    script: JourneyScriptDoc | None,
    learners: tuple[Learner, ...],
    catalogue: Catalogue,
    lines: Lines,
) -> Journey | None:
    """The journey the scenario scripts, or None when it scripts none; raises
    :class:`ScenarioError` placing every problem in the file."""
    if script is None:
        return None
    learner = _learner(script, learners, lines)
    try:
        return replay_documents(catalogue, learner, script.events)
    except JourneyError as error:
        placed = [_placed(problem, lines) for problem in error.problems]
        raise ScenarioError("journey", placed) from None


def _learner(script: JourneyScriptDoc, learners: tuple[Learner, ...], lines: Lines) -> Learner:
    if script.learner is None:
        if len(learners) == 1:
            return learners[0]
        message = "name the learner whose journey this is (the scenario has several)"
        raise ScenarioError("journey", [Problem(where(("journey",), lines), "", message)])
    for learner in learners:
        if learner.id == script.learner:
            return learner
    known = ", ".join(learner.id for learner in learners)
    message = f"no learner {script.learner!r} in the scenario (learners: {known})"
    raise ScenarioError("journey", [Problem(where(("journey", "learner"), lines), "", message)])


def _placed(problem: Problem, lines: Lines) -> Problem:
    # "events[3] (module_started)" and field "module" → journey.events[3].module
    inside: tuple[Any, ...] = (
        *path_parts(problem.where.split(" (")[0]),
        *path_parts(problem.field),
    )
    return Problem(where(("journey", *inside), lines), "", problem.message)
