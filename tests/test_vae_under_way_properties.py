"""A VAE under way when the route starts, on the rich catalogues of VAE beside training.

The catalogues and persons of ``test_vae_beside_properties.py``, with a VAE file admissible and
awaiting its jury for a certification open to VAE: admissible some days before the positioning,
expected to award some or all of its blocks, its jury on a given day or after the catalogue's
lead times (perhaps overdue: then on the route's first day). The planner must find the exhaustive
reference's optimum, which starts from the same state written independently, with a sound route
that ``simulate`` replays exactly; it never plans a second VAE of that certification.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest
from hypothesis import Phase, event, given, settings
from hypothesis import strategies as st

from itineraire.model.catalogue import Catalogue
from itineraire.model.learners import Learner
from itineraire.planning import NoRouteError, Objective, Planner, Route, StepKind
from itineraire.planning.highs import plan_with_highs
from itineraire.planning.simulation import simulate
from itineraire.testing import (
    LibraryPlanner,
    Reference,
    assert_optimal,
    assert_route_sound,
    check_planner,
    route_vector,
)
from itineraire.testing.strategies import PlanningCase, planning_cases
from tests.test_vae_beside_properties import Case, _load, _rich_cases

_POSITIONED = dt.date(2026, 1, 5)


@st.composite
def _under_way_cases(draw: st.DrawFn) -> Case:
    catalogue, person = draw(_rich_cases())
    certifications = catalogue["certifications"]
    open_to_vae = [c for c in certifications if "vae" in c["access_routes"]]
    if not open_to_vae:
        certifications[0]["access_routes"] = ["continuing_training", "vae"]
        open_to_vae = certifications[:1]
    certification = draw(st.sampled_from(open_to_vae))
    codes = [block["code"] for block in certification["blocks"]]
    admissible = _POSITIONED - dt.timedelta(draw(st.integers(0, 200)))
    file: dict[str, Any] = {
        "certification": certification["code"],
        "admissible": admissible.isoformat(),
    }
    if draw(st.booleans()):
        file["blocks"] = draw(st.lists(st.sampled_from(codes), min_size=0, unique=True))
    if draw(st.booleans()):
        start = dt.date.fromisoformat(person["constraints"]["start"])
        earliest = max(start, admissible + dt.timedelta(1))  # after the decision, not past
        file["jury"] = (earliest + dt.timedelta(draw(st.integers(0, 200)))).isoformat()
    person["positioning"]["vae_under_way"] = [file]
    return catalogue, person


@pytest.mark.parametrize("objective", list(Objective))
@settings(deadline=None)
@given(case=_under_way_cases())
def test_planner_matches_the_reference_with_a_vae_under_way(
    case: Case, objective: Objective
) -> None:
    """The planner's route has the reference's optimal vector, proven, continues the VAE under
    way (one step for it, no second VAE of its certification) and replays exactly."""
    catalogue, learner = _load(case)
    route = assert_optimal(LibraryPlanner(), catalogue, learner, objective)
    if route is None:
        return
    assert route.proven_optimal
    assert_route_sound(catalogue, learner, route)
    assert simulate(catalogue, learner, route.sequence(), objective) == route
    (file,) = learner.positioning.vae_under_way
    action = f"vae:{file.certification}"
    kinds = [step.kind for step in route.steps if step.action == action]
    assert kinds == [StepKind.VAE_UNDER_WAY]
    assert "vae" in route.modalities
    waits = any(
        reason.module == action for step in route.steps for reason in step.why if reason.module
    )
    other = any(step.kind is StepKind.VAE_JURY for step in route.steps)
    event("waits for the jury" if waits else "another VAE after" if other else "beside it")


@pytest.mark.parametrize("objective", list(Objective))
@settings(deadline=None)
@given(case=planning_cases(vae_under_way=True))
def test_the_testing_kit_draws_vae_under_way_the_planner_continues(
    case: PlanningCase, objective: Objective
) -> None:
    """On the kit's planning cases (sessions, prerequisites, equivalences, n-of-m rules) with a
    VAE file under way, the planner's optimum is the reference's and its route is sound."""
    route = assert_optimal(LibraryPlanner(), case.catalogue, case.learner, objective)
    files = case.learner.positioning.vae_under_way
    event("a VAE under way" if files else "none under way")
    if route is not None:
        assert_route_sound(case.catalogue, case.learner, route)
        continued = [step.action for step in route.steps if step.kind is StepKind.VAE_UNDER_WAY]
        assert continued == [f"vae:{file.certification}" for file in files]


class _ForgetsTheFileUnderWay:
    """A planted bug: plans as if no VAE were under way (a new VAE from admissibility)."""

    def plan(self, catalogue: Catalogue, learner: Learner, objective: Objective) -> Route:
        positioning = attrs.evolve(learner.positioning, vae_under_way=())
        forgetful = attrs.evolve(learner, positioning=positioning)
        return attrs.evolve(Planner(catalogue).plan(forgetful, objective), learner=learner.id)


def test_the_kit_catches_a_planner_that_forgets_the_file_under_way() -> None:
    """The soundness check replays routes from the reference's starting state: a route that
    ignores the file under way cannot be followed or does not add up."""
    hunt = settings(
        database=None,
        deadline=None,
        derandomize=True,
        max_examples=100,
        phases=(Phase.generate,),
        report_multiple_bugs=False,
    )
    with pytest.raises(AssertionError, match=r"replayed|cannot be followed|held at the end"):
        check_planner(
            _ForgetsTheFileUnderWay(),
            checks=("sound",),
            cases=planning_cases(vae_under_way=True),
            hypothesis_settings=hunt,
        )


@pytest.mark.parametrize("objective", [Objective.COST, Objective.HOURS])
@settings(deadline=None)
@given(case=planning_cases(vae_under_way=True))
def test_the_model_continues_the_file_under_way_at_the_reference_s_optimum(
    case: PlanningCase, objective: Objective
) -> None:
    """The HiGHS model counts a file's blocks as held from the start (a relaxation) and the
    ordering of its set waits for the jury: its proven optimum is the reference's, its route
    sound; no route means none exists."""
    catalogue, learner = case.catalogue, case.learner
    best = Reference(catalogue, learner).best(objective)
    try:
        route = plan_with_highs(catalogue, learner, objective)
    except NoRouteError:
        assert best is None
        return
    except ValueError:
        event("not modelled")  # employment steps, planned employment to come, part time
        return
    event("a VAE under way" if learner.positioning.vae_under_way else "none under way")
    assert best is not None
    assert_route_sound(catalogue, learner, route)
    value = route_vector(route, objective)[0]
    if route.proven_optimal:
        assert value == best.vector[0]
    else:
        assert route.bound is not None
        assert route.bound <= best.vector[0] <= value
