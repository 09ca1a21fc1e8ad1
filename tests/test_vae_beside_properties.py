"""VAE beside training on richer catalogues than ``test_vae_beside.py`` draws.

One or two certifications open to VAE (their blocks' related jobs such that the person's
experience covers some blocks and not others), an equivalence between them that a jury may
complete, modules with sessions and prerequisites on other blocks or on a competence, a
placement that may bring experience, planned employment and other unavailable periods, a
budget, a required placement, other training days and holidays, and a target that is a
certification, some blocks or a job. The planner must find the exhaustive reference's optimum
with a route that ``simulate`` replays exactly; with periods of employment allowed (which the
reference enumerates only where asked) it must do no worse than the reference, with a sound route.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import event, given, note, settings
from hypothesis import strategies as st

from itineraire import catalogue_from_data, learner_from_data
from itineraire.model.catalogue import Catalogue
from itineraire.model.learners import Learner
from itineraire.planning import NoRouteError, Objective, Planner, Route, StepKind
from itineraire.planning.reasons import ReasonCode
from itineraire.planning.simulation import simulate
from itineraire.testing import (
    LibraryPlanner,
    Reference,
    assert_optimal,
    assert_route_sound,
    route_vector,
)

Case = tuple[dict[str, Any], dict[str, Any]]

_JOBS = ("M1805", "K1304", "K2204")
_WEEKS = st.integers(1, 4)


@st.composite
def _certification(draw: st.DrawFn, number: int, hybrid: bool) -> dict[str, Any]:
    """A certification of one to three blocks; ``hybrid``: open to VAE when it is the first,
    each block related to its own job (so that one or two jobs of experience cover some)."""
    code = f"RNCP900{number}"
    blocks = []
    for index in range(1, draw(st.integers(1, 3 if number == 1 else 2)) + 1):
        block: dict[str, Any] = {"code": f"{code}BC0{index}", "title": f"Block {index}"}
        if hybrid:
            block["experience_rome"] = [_JOBS[(index + number) % 3]]
        elif draw(st.integers(0, 4)):
            block["experience_rome"] = [draw(st.sampled_from(_JOBS))]
        blocks.append(block)
    vae = (hybrid and number == 1) or draw(st.integers(0, 4)) > 0
    certification: dict[str, Any] = {
        "code": code,
        "registry": "rncp",
        "title": f"Certification {number}",
        "level": 4,
        "access_routes": ["continuing_training", "vae"] if vae else ["continuing_training"],
        "rome": [draw(st.sampled_from(_JOBS))],
        "blocks": blocks,
    }
    if len(blocks) > 1 and draw(st.integers(0, 4)) == 4:
        some = [f"block:{block['code']}" for block in blocks]
        certification["validation"] = {"at_least": len(blocks) - 1, "of": some}
    if draw(st.integers(0, 6)) == 6:
        certification["entry_requirement"] = "c1"
    return certification


@st.composite
def _modules(draw: st.DrawFn, blocks: list[str], start: dt.date) -> list[dict[str, Any]]:
    """Up to six modules: perhaps a teacher of ``c1``, modules of the blocks (perhaps with
    sessions, perhaps needing another block or ``c1``), perhaps a placement."""
    modules: list[dict[str, Any]] = []
    if draw(st.integers(0, 3)) == 3:
        modules.append(
            {
                "kind": "transversal",
                "domain": "basic_skills",
                "id": "t-c1",
                "title": "Teacher",
                "teaches": ["c1"],
                "hours": draw(st.integers(1, 70)),
                "cost": draw(st.sampled_from([0, 300])),
            }
        )
    for code in blocks:
        for variant in range(draw(st.sampled_from([0, 1, 1, 1, 2]))):
            if len(modules) >= 6:
                break
            module: dict[str, Any] = {
                "kind": "professional",
                "id": f"m-{code}-{'ab'[variant]}",
                "title": "Module",
                "block": code,
                "validates": [code],
                "hours": draw(st.integers(1, 140)),
                "cost": 100 * draw(st.integers(0, 20)),
            }
            if draw(st.integers(0, 2)) == 2:
                needs = draw(st.sampled_from([*(b for b in blocks if b != code), "c1"]))
                module["requires"] = needs if needs == "c1" else f"block:{needs}"
            if draw(st.integers(0, 2)) == 2:
                days = draw(st.lists(st.integers(-10, 300), min_size=1, max_size=4, unique=True))
                module["sessions"] = [(start + dt.timedelta(d)).isoformat() for d in sorted(days)]
            modules.append(module)
    if len(modules) < 6 and draw(st.integers(0, 2)) == 2:
        placement: dict[str, Any] = {
            "kind": "placement",
            "id": "p-company",
            "title": "Placement",
            "placement_type": "afest",
            "rome": draw(st.sampled_from(_JOBS)),
            "hours": draw(st.integers(1, 140)),
            "cost": 0,
        }
        if draw(st.booleans()):
            placement["experience_hours"] = draw(st.sampled_from([300, 700]))
        if draw(st.booleans()):
            placement["validates"] = [draw(st.sampled_from(blocks))]
        modules.append(placement)
    return modules


@st.composite
def _constraints(draw: st.DrawFn, start: dt.date) -> dict[str, Any]:
    constraints: dict[str, Any] = {
        "start": start.isoformat(),
        "weekly_hours": draw(st.sampled_from([14, 35])),
    }
    if draw(st.integers(0, 3)) == 3:
        constraints["budget"] = 100 * draw(st.integers(10, 60))
    if draw(st.integers(0, 6)) == 6:
        constraints["placement_required"] = True
    if draw(st.integers(0, 3)) == 3:
        days = [["monday", "wednesday", "friday"], ["saturday", "sunday"]]
        constraints["training_days"] = draw(st.sampled_from(days))
    if draw(st.integers(0, 4)) == 4:
        constraints["holidays"] = "alsace-moselle"
    periods: list[dict[str, Any]] = []
    for _ in range(draw(st.integers(0, 2))):
        first = start + dt.timedelta(draw(st.integers(0, 120)))
        if periods and first.isoformat() <= periods[-1]["end"]:
            continue  # periods do not overlap
        last = first + dt.timedelta(draw(st.integers(0, 60)))
        period: dict[str, Any] = {"start": first.isoformat(), "end": last.isoformat()}
        if draw(st.booleans()):
            period.update(
                rome=draw(st.sampled_from(_JOBS)), hours=draw(st.sampled_from([300, 700]))
            )
        periods.append(period)
    if periods:
        constraints["unavailable"] = periods
    return constraints


@st.composite
def _rich_cases(draw: st.DrawFn) -> Case:
    hybrid = draw(st.integers(0, 3)) > 0
    start = draw(st.sampled_from([dt.date(2026, 1, 5), dt.date(2026, 1, 7), dt.date(2026, 4, 3)]))
    count = draw(st.integers(1, 2))
    certifications = [draw(_certification(number, hybrid)) for number in range(1, count + 1)]
    blocks = [block["code"] for c in certifications for block in c["blocks"]]
    for certification in certifications:
        if draw(st.integers(0, 4)) == 4:
            worked = {"experience_hours": 1500, "rome": [draw(st.sampled_from(_JOBS))]}
            other = f"block:{draw(st.sampled_from(blocks))}"
            certification["vae_eligibility"] = {"any": [worked, other]}
    equivalences = []
    if count == 2 and draw(st.booleans()):
        first = draw(st.sampled_from(certifications[0]["blocks"]))["code"]
        second = draw(st.sampled_from(certifications[1]["blocks"]))["code"]
        equivalences.append(
            {"id": "eq", "from": [first], "to": [second], "mutual": draw(st.booleans())}
        )
    catalogue = {
        "name": "beside",
        "competences": [{"id": "c1", "title": "Competence 1"}],
        "certifications": certifications,
        "modules": draw(_modules(blocks, start)),
        "equivalences": equivalences,
        "vae": {
            "min_related_hours": draw(st.sampled_from([1, 300])),
            "block_coverage_hours": draw(st.sampled_from([600, 1000])),
            "admissibility_weeks": draw(_WEEKS),
            "support_weeks": draw(_WEEKS),
            "jury_weeks": draw(_WEEKS),
            "support_hours": draw(st.integers(1, 30)),
            "support_cost": 100 * draw(st.integers(0, 20)),
            "jury_cost": 100,
            "block_cost": draw(st.sampled_from([0, 300])),
        },
    }
    if hybrid:
        jobs = draw(st.sampled_from([_JOBS[:1], _JOBS[1:2], (_JOBS[0], _JOBS[2])]))
        experience = [{"rome": job, "hours": 1200} for job in jobs]
    else:
        jobs = tuple(sorted(draw(st.sets(st.sampled_from(_JOBS), min_size=1))))
        hours = st.sampled_from([300, 700, 1200])
        experience = [{"rome": job, "hours": draw(hours)} for job in jobs]
    positioning: dict[str, Any] = {"date": "2026-01-05", "experience": experience}
    if draw(st.integers(0, 3)) == 3:
        positioning["blocks"] = [{"block": draw(st.sampled_from(blocks)), "date": "2025-06-01"}]
    if draw(st.integers(0, 3)) == 3:
        positioning["competences"] = ["c1"]
    target = draw(
        st.sampled_from(certifications).map(lambda c: {"certification": c["code"]})
        | st.lists(st.sampled_from(blocks), min_size=1, unique=True).map(lambda b: {"blocks": b})
        | st.sampled_from(certifications).map(lambda c: {"job": c["rome"][0]})
    )
    person = {
        "id": "someone",
        "positioning": positioning,
        "constraints": draw(_constraints(start)),
        "target": target,
    }
    return catalogue, person


def _load(case: Case) -> tuple[Catalogue, Learner]:
    note(repr(case))
    catalogue = catalogue_from_data(case[0], strict=False)
    return catalogue, learner_from_data(case[1], catalogue)


def _replayed(catalogue: Catalogue, learner: Learner, route: Route, objective: Objective) -> None:
    """The route is sound and its own sequence replays into the very same route."""
    assert_route_sound(catalogue, learner, route)
    assert simulate(catalogue, learner, route.sequence(), objective) == route


@pytest.mark.parametrize("objective", list(Objective))
@settings(deadline=None)
@given(case=_rich_cases())
def test_planner_matches_the_reference_on_rich_hybrid_catalogues(
    case: Case, objective: Objective
) -> None:
    """The planner's route has the reference's optimal vector, proven, and replays exactly."""
    catalogue, learner = _load(case)
    route = assert_optimal(LibraryPlanner(), catalogue, learner, objective)
    if route is None:
        return
    assert route.proven_optimal
    _replayed(catalogue, learner, route, objective)
    vae = any(step.action.startswith("vae:") for step in route.steps)
    beside = any(route.beside(step) for step in route.steps)
    event("VAE beside training" if beside else "VAE alone" if vae else "no VAE")


@pytest.mark.parametrize("objective", list(Objective))
@settings(deadline=None)
@given(case=_rich_cases())
def test_employment_as_steps_is_no_worse_than_the_reference(
    case: Case, objective: Objective
) -> None:
    """With periods of employment allowed the planner may use them (before a VAE or beside
    one): its route is sound, replays exactly, is at least as good as the reference's best
    route without them, and has no period of employment that serves nothing (one hour of work
    for a VAE the route does not take, say: it costs nothing, yet shows an odd step)."""
    case[1]["constraints"]["employment_allowed"] = True
    catalogue, learner = _load(case)
    try:
        route: Route | None = Planner(catalogue).plan(learner, objective)
    except NoRouteError:
        route = None
    best = Reference(catalogue, learner).best(objective)
    if best is not None:
        assert route is not None
        assert route_vector(route, objective) <= best.vector
    if route is not None:
        _replayed(catalogue, learner, route, objective)
        idle = [
            step.action
            for step in route.steps
            if step.kind is StepKind.EMPLOYMENT
            and any(reason.code is ReasonCode.NO_USE for reason in step.why)
        ]
        assert not idle, idle
        employed = any(step.action.startswith("employment:") for step in route.steps)
        event("employment" if employed else "no employment")
