"""The planning signature leaves out only what the planner never reads: two people who differ
only there get the same route, but for the person it names (population planning relies on it
to plan each distinct problem once)."""

from __future__ import annotations

import datetime as dt

import attrs
from hypothesis import given
from hypothesis import strategies as st

from itineraire.model.learners import Learner
from itineraire.planning import NoRouteError, Objective, Planner, PlanningLimitError, Route
from itineraire.planning.reasons import Reason
from itineraire.population import signature
from itineraire.testing import PlanningCase, planning_cases
from itineraire.validation.methods import ValidationMethod


@st.composite
def _twins(draw: st.DrawFn) -> tuple[PlanningCase, Learner, Objective]:
    """A planning case and a twin of its person: another id and name, other dates, methods
    and evidence for held blocks, other dates and descriptions for experience."""
    case = draw(planning_cases(max_modules=4))
    learner = case.learner
    day = learner.positioning.date
    earlier = st.integers(min_value=0, max_value=2000).map(lambda n: day - dt.timedelta(days=n))
    blocks = tuple(
        attrs.evolve(
            held,
            date=draw(earlier),
            method=draw(st.sampled_from(ValidationMethod)),
            evidence=draw(st.text(max_size=5)),
        )
        for held in learner.positioning.blocks
    )
    experience = []
    for record in learner.positioning.experience:
        end = draw(earlier)
        start = end - dt.timedelta(days=draw(st.integers(0, 900)))
        experience.append(
            attrs.evolve(record, start=start, end=end, description=draw(st.text(max_size=5)))
        )
    positioning = attrs.evolve(learner.positioning, blocks=blocks, experience=tuple(experience))
    twin = attrs.evolve(learner, id="twin", name="Twin", positioning=positioning)
    objective = draw(st.sampled_from(Objective))
    return case, twin, objective


def _plan(planner: Planner, learner: Learner, objective: Objective) -> Route | tuple[Reason, ...]:
    try:
        return attrs.evolve(planner.plan(learner, objective), learner="")
    except (NoRouteError, PlanningLimitError) as error:
        return error.reasons


@given(_twins())
def test_what_the_signature_leaves_out_never_changes_a_route(
    twins: tuple[PlanningCase, Learner, Objective],
) -> None:
    """Same signature, same route (or the same reasons for none), whoever it names."""
    case, twin, objective = twins
    assert signature(twin) == signature(case.learner)
    planner = Planner(case.catalogue, work_limit=50_000)
    assert _plan(planner, twin, objective) == _plan(planner, case.learner, objective)


@given(planning_cases())
def test_the_signature_keeps_what_routes_depend_on(case: PlanningCase) -> None:
    """Another positioning day, weekly hours or target make another signature."""
    learner = case.learner
    others = [
        attrs.evolve(
            learner,
            positioning=attrs.evolve(
                learner.positioning, date=learner.positioning.date - dt.timedelta(days=1)
            ),
        ),
        attrs.evolve(
            learner,
            constraints=attrs.evolve(
                learner.constraints, weekly_hours=learner.constraints.weekly_hours + 1
            ),
        ),
        attrs.evolve(learner, target=attrs.evolve(learner.target, rome="Z9999")),
    ]
    assert all(signature(other) != signature(learner) for other in others)
