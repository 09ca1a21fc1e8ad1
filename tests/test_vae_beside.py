"""VAE beside training: a VAE's lead times do not occupy the person (``docs/planner.md``).

Example tests on the hybrid-VAE scenario of the built-in catalogue and on small hand-made
catalogues (the jury's day, a module waiting for it, the order of a sequence), and a property
comparing the planner with the exhaustive reference on small catalogues drawn so that a VAE
covers some blocks and training the others: routes where the two tracks run side by side.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from itineraire import builtin_catalogue, catalogue_from_data, learner_from_data
from itineraire.planning import Objective, Planner, PlanningLimitError, StepKind
from itineraire.planning.reasons import ReasonCode
from itineraire.planning.simulation import SequenceError, simulate
from itineraire.testing import LibraryPlanner, Reference, assert_optimal, assert_route_sound

BUILTIN = builtin_catalogue()

JOSIANE: dict[str, Any] = {
    # The hybrid-vae example scenario (examples/scenarios/route-types/hybrid-vae.toml).
    "id": "josiane",
    "positioning": {
        "date": "2026-12-14",
        "competences": ["clea.1", "clea.2"],
        "experience": [{"rome": "K1304", "hours": 2400}, {"rome": "K1302", "hours": 900}],
    },
    "constraints": {"start": "2027-01-04"},
    "target": {"certification": "RNCP37715"},
}


def test_hybrid_vae_trains_during_the_lead_times() -> None:
    """Josiane's experience covers two blocks of RNCP37715 by VAE; the third block's module
    (avf-b3, 175 h, five weeks) runs during the admissibility phase, so the route finishes with
    the jury on 2027-07-18 (196 days). Taken after the jury, as routes were before, it would
    have ended on 2027-08-20 (229 days). The scenario's objective is the fewest hours."""
    objective = Objective.HOURS
    learner = learner_from_data(JOSIANE, BUILTIN)
    route = Planner(BUILTIN).plan(learner, objective)
    kinds = {step.action: step for step in route.steps if step.kind is not StepKind.POSITIONING}
    admissibility = next(s for s in route.steps if s.kind is StepKind.VAE_ADMISSIBILITY)
    jury = next(s for s in route.steps if s.kind is StepKind.VAE_JURY)
    training = kinds["avf-b3"]
    assert admissibility.start == training.start == dt.date(2027, 1, 4)
    assert training.end == dt.date(2027, 2, 5)
    assert jury.end == route.totals.finish == dt.date(2027, 7, 18)
    assert route.totals.duration_days == 196
    assert (route.totals.training_hours, route.totals.cost) == (199, 4200)
    assert set(jury.validates) == {"RNCP37715-B1", "RNCP37715-B2"}
    assert route.beside(training) == ("vae:RNCP37715",)
    assert route.beside(admissibility) == ("avf-b3",)
    assert route.sequence() == ("vae:RNCP37715@2027-01-04", "avf-b3")
    assert_route_sound(BUILTIN, learner, route)
    # The same route, step by step.
    assert simulate(BUILTIN, learner, route.sequence(), objective) == route


def _catalogue(modules: list[dict[str, Any]], **vae: int) -> dict[str, Any]:
    return {
        "name": "beside",
        "certifications": [
            {
                "code": "RNCP9001",
                "registry": "rncp",
                "title": "Certification",
                "level": 4,
                "access_routes": ["continuing_training", "vae"],
                "rome": ["M1805"],
                "blocks": [
                    {"code": "RNCP9001BC01", "title": "Block 1", "experience_rome": ["M1805"]},
                    {"code": "RNCP9001BC02", "title": "Block 2", "experience_rome": ["K1304"]},
                ],
            }
        ],
        "modules": modules,
        "vae": {
            "admissibility_weeks": 1,
            "support_weeks": 1,
            "jury_weeks": 1,
            "support_hours": 6,
            "support_cost": 500,
            "jury_cost": 100,
            **vae,
        },
    }


_SECOND_BLOCK = {
    "kind": "professional",
    "id": "m2",
    "title": "Block 2 module",
    "block": "RNCP9001BC02",
    "validates": ["RNCP9001BC02"],
    "hours": 35,
    "cost": 1000,
}

_PERSON: dict[str, Any] = {
    "id": "someone",
    "positioning": {"date": "2026-01-05", "experience": [{"rome": "M1805", "hours": 700}]},
    "constraints": {"start": "2026-01-05"},
    "target": {"certification": "RNCP9001"},
}


def test_a_module_needing_the_vae_block_waits_for_the_jury() -> None:
    """Block 2's module needs block 1, which only the VAE gives: it starts on the jury's day
    (three weeks from Monday 2026-01-05: Monday 2026-01-26) and says why."""
    catalogue = catalogue_from_data(
        _catalogue([{**_SECOND_BLOCK, "requires": "block:RNCP9001BC01"}])
    )
    learner = learner_from_data(_PERSON, catalogue)
    route = Planner(catalogue).plan(learner, Objective.DURATION)
    module = next(step for step in route.steps if step.action == "m2")
    jury = next(step for step in route.steps if step.kind is StepKind.VAE_JURY)
    assert jury.end == dt.date(2026, 1, 25)
    assert module.start == dt.date(2026, 1, 26)
    (wait,) = [reason for reason in module.why if reason.code is ReasonCode.WAITS_FOR_JURY]
    assert (wait.module, wait.date, wait.free_from) == (
        "vae:RNCP9001",
        dt.date(2026, 1, 25),
        dt.date(2026, 1, 5),
    )
    assert (
        str(wait) == "waits for the jury of vae:RNCP9001, over on 2026-01-25 (free from 2026-01-05)"
    )
    assert route.totals.finish == dt.date(2026, 1, 30)
    assert_route_sound(catalogue, learner, route)


def test_without_the_prerequisite_the_module_runs_beside() -> None:
    """The same module without the prerequisite runs in the VAE's first week: the route ends
    with the jury, on 2026-01-25."""
    catalogue = catalogue_from_data(_catalogue([_SECOND_BLOCK]))
    learner = learner_from_data(_PERSON, catalogue)
    route = Planner(catalogue).plan(learner, Objective.DURATION)
    module = next(step for step in route.steps if step.action == "m2")
    assert (module.start, module.end) == (dt.date(2026, 1, 5), dt.date(2026, 1, 9))
    assert route.totals.finish == dt.date(2026, 1, 25)
    assert route.totals.duration_days == 21


@pytest.mark.parametrize("requires", [None, "block:RNCP9001BC01"])
def test_a_session_after_the_jury_is_what_the_module_waits_for(requires: str | None) -> None:
    """Block 2's module has one session, on Monday 2026-03-02, well after the jury (over on
    2026-01-25): the module waits for its session, not for the jury, whether or not it needs
    the block the jury grants (it would start on that session either way). The jury was once
    given as the reason whenever the module's first start from the jury's day was its start."""
    module: dict[str, Any] = {**_SECOND_BLOCK, "sessions": ["2026-03-02"]}
    if requires is not None:
        module["requires"] = requires
    catalogue = catalogue_from_data(_catalogue([module]))
    learner = learner_from_data(_PERSON, catalogue)
    route = Planner(catalogue).plan(learner, Objective.DURATION)
    step = next(step for step in route.steps if step.action == "m2")
    assert step.start == dt.date(2026, 3, 2)
    waits = [reason for reason in step.why if reason.code.value.startswith("waits_for")]
    assert [str(reason) for reason in waits] == [
        "waits for its session of 2026-03-02 (free from 2026-01-05)"
    ]
    assert_route_sound(catalogue, learner, route)


def test_equivalences_apply_on_the_jury_day() -> None:
    """An equivalence that needs the VAE's block and the module's grants its block with the
    jury (the later of the two), shown on the jury's step."""
    document = _catalogue([_SECOND_BLOCK])
    document["certifications"].append(
        {
            "code": "RNCP9002",
            "registry": "rncp",
            "title": "Other certification",
            "level": 4,
            "blocks": [{"code": "RNCP9002BC01", "title": "Other block"}],
        }
    )
    document["equivalences"] = [
        {"id": "eq", "from": ["RNCP9001BC01", "RNCP9001BC02"], "to": ["RNCP9002BC01"]}
    ]
    catalogue = catalogue_from_data(document)
    person = {**_PERSON, "target": {"blocks": ["RNCP9002BC01"]}}
    learner = learner_from_data(person, catalogue)
    route = Planner(catalogue).plan(learner, Objective.DURATION)
    jury = next(step for step in route.steps if step.kind is StepKind.VAE_JURY)
    assert [credit.block for credit in jury.credited] == ["RNCP9002BC01"]
    assert route.totals.finish == jury.end == dt.date(2026, 1, 25)
    assert_route_sound(catalogue, learner, route)


def test_a_step_over_before_the_vae_starts_is_listed_before_it() -> None:
    """The VAE waits for planned work (from 2026-05-04); a module over by then counts for the
    VAE, so it comes before the VAE in a sequence: listed after it, simulate says so."""
    catalogue = catalogue_from_data(
        _catalogue([{**_SECOND_BLOCK, "id": "m1", "block": "RNCP9001BC01"}])
    )
    person = {
        **_PERSON,
        "positioning": {"date": "2026-01-05", "experience": [{"rome": "M1805", "hours": 300}]},
        "constraints": {
            "start": "2026-01-05",
            "unavailable": [
                {"start": "2026-01-12", "end": "2026-04-30", "rome": "M1805", "hours": 700}
            ],
        },
    }
    learner = learner_from_data(person, catalogue)
    with pytest.raises(SequenceError) as raised:
        simulate(catalogue, learner, ["vae:RNCP9001@2026-05-04", "m1"])
    assert str(raised.value) == (
        "step 2 (m1): it would end before the VAE listed before it starts: list it before that"
        " VAE (a step finished by a VAE's first day counts for it)"
    )


# -- the planner against the exhaustive reference, with VAE beside training ------------------


@st.composite
def _hybrid_cases(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    """A certification of three blocks; the person's experience covers one or two of them for
    VAE, modules (perhaps with sessions, perhaps needing a block the VAE covers) the others, and
    sometimes the covered ones too."""
    jobs = ["M1805", "K1304", "K2204"]
    blocks = [
        {"code": f"RNCP9001BC0{n + 1}", "title": f"Block {n + 1}", "experience_rome": [job]}
        for n, job in enumerate(jobs)
    ]
    covered = draw(st.sets(st.sampled_from(jobs), min_size=1, max_size=2))
    modules = []
    for n, job in enumerate(jobs):
        code = f"RNCP9001BC0{n + 1}"
        for variant in range(draw(st.integers(0 if job in covered else 1, 2))):
            module: dict[str, Any] = {
                "kind": "professional",
                "id": f"m{n + 1}{'ab'[variant]}",
                "title": f"Module {n + 1}",
                "block": code,
                "validates": [code],
                "hours": draw(st.integers(1, 140)),
                "cost": 500 * draw(st.integers(0, 3)),
            }
            needs = draw(st.none() | st.sampled_from([b["code"] for b in blocks]))
            if needs is not None and needs != code:
                module["requires"] = f"block:{needs}"
            if draw(st.booleans()):
                days = draw(st.lists(st.integers(0, 120), min_size=1, max_size=3, unique=True))
                first = dt.date(2026, 1, 5)
                module["sessions"] = [
                    (first + dt.timedelta(days=d)).isoformat() for d in sorted(days)
                ]
            modules.append(module)
    catalogue = {
        "name": "hybrid",
        "certifications": [
            {
                "code": "RNCP9001",
                "registry": "rncp",
                "title": "Certification",
                "level": 4,
                "access_routes": ["continuing_training", "vae"],
                "rome": ["M1805"],
                "blocks": blocks,
            }
        ],
        "modules": modules,
        "vae": {
            "admissibility_weeks": draw(st.integers(1, 4)),
            "support_weeks": draw(st.integers(1, 4)),
            "jury_weeks": draw(st.integers(1, 4)),
            "support_hours": draw(st.integers(1, 30)),
            "support_cost": 500 * draw(st.integers(0, 4)),
            "jury_cost": 100,
            "block_cost": draw(st.sampled_from([0, 300])),
        },
    }
    person = {
        "id": "someone",
        "positioning": {
            "date": "2026-01-05",
            "experience": [{"rome": job, "hours": 700} for job in sorted(covered)],
        },
        "constraints": {"start": "2026-01-05", "weekly_hours": draw(st.sampled_from([14, 35]))},
        "target": {"certification": "RNCP9001"},
    }
    return catalogue, person


@pytest.mark.parametrize("objective", list(Objective))
@settings(deadline=None)
@given(case=_hybrid_cases())
def test_planner_matches_the_reference_with_vae_beside_training(
    case: tuple[dict[str, Any], dict[str, Any]], objective: Objective
) -> None:
    """On catalogues where a VAE covers some blocks and training the others, the planner finds
    the exhaustive reference's optimum, with a sound route that ``simulate`` replays."""
    catalogue = catalogue_from_data(case[0], strict=False)
    learner = learner_from_data(case[1], catalogue)
    route = assert_optimal(LibraryPlanner(), catalogue, learner, objective)
    if route is None:
        return
    assert_route_sound(catalogue, learner, route)
    assert simulate(catalogue, learner, route.sequence(), objective).totals == route.totals
    beside = any(route.beside(step) for step in route.steps)
    event(f"{objective.value}: {'VAE beside training' if beside else 'one track'}")


def test_the_reference_trains_beside_the_vae() -> None:
    """The reference itself follows the two tracks: on the hand-made catalogue the best route
    for the duration is the VAE with the module in its first week, 21 days."""
    catalogue = catalogue_from_data(_catalogue([_SECOND_BLOCK]))
    learner = learner_from_data(_PERSON, catalogue)
    best = Reference(catalogue, learner).best(Objective.DURATION)
    assert best is not None
    assert best.vector == (21, 1600, 41)
    assert best.describe() == "[vae:RNCP9001 2026-01-05..2026-01-25, m2 2026-01-05..2026-01-09]"


def test_two_vae_share_the_experience_of_one_placement() -> None:
    """One placement (2 h, 700 h of experience) makes both certifications' VAE cover every
    block: the fewest hours are the placement and the two VAE supports, 4 h. A free 1-hour
    module for RNCP9001BC02 beside the second VAE makes a 5-hour route of the same 43 days. The
    bound once counted the placement in each VAE (5.4 h, above the optimum): when routes were
    one step after another, the module's route lasted a day longer and the duration hid it."""
    certifications = [
        {
            "code": code,
            "registry": "rncp",
            "title": f"Certification {code}",
            "level": 4,
            "access_routes": ["continuing_training", "vae"],
            "rome": ["M1805"],
            "blocks": [{"code": f"{code}BC0{n}", "title": f"Block {n}"} for n in range(1, count)],
        }
        for code, count in (("RNCP9001", 3), ("RNCP9002", 2))
    ]
    modules = [
        {
            "kind": "professional",
            "id": "m-RNCP9001BC02",
            "title": "Module",
            "hours": 1,
            "cost": 0,
            "block": "RNCP9001BC02",
            "validates": ["RNCP9001BC02"],
        },
        {
            "kind": "placement",
            "id": "p-company",
            "title": "Placement",
            "hours": 2,
            "cost": 0,
            "placement_type": "afest",
            "rome": "M1805",
            "experience_hours": 700,
        },
    ]
    vae = {
        "admissibility_weeks": 1,
        "support_weeks": 1,
        "jury_weeks": 1,
        "support_hours": 1,
        "support_cost": 0,
        "jury_cost": 0,
    }
    document = {"name": "shared", "certifications": certifications, "modules": modules, "vae": vae}
    catalogue = catalogue_from_data(document, strict=False)
    person = {
        "id": "someone",
        "positioning": {"date": "2026-01-05"},
        "constraints": {"start": "2026-01-05"},
        "target": {"blocks": ["RNCP9001BC01", "RNCP9001BC02", "RNCP9002BC01"]},
    }
    learner = learner_from_data(person, catalogue)
    for objective in (Objective.HOURS, Objective.COST):
        route = assert_optimal(LibraryPlanner(), catalogue, learner, objective)
        assert route is not None
        assert (route.totals.training_hours, route.totals.duration_days) == (4, 43)


@pytest.mark.parametrize("objective", list(Objective))
@settings(deadline=None)
@given(case=_hybrid_cases(), limit=st.sampled_from([50, 300, 2000]))
def test_a_planner_stopped_early_is_still_right_beside_a_vae(
    case: tuple[dict[str, Any], dict[str, Any]], objective: Objective, limit: int
) -> None:
    """With a small work limit the mixed-integer model, its scheduling and the depth-first
    search take over: a route marked optimal has the reference's optimum, an unproven one is
    no better than it (and sound); none at all is allowed, never claimed as "no route"."""
    catalogue = catalogue_from_data(case[0], strict=False)
    learner = learner_from_data(case[1], catalogue)
    try:
        route = assert_optimal(LibraryPlanner(work_limit=limit), catalogue, learner, objective)
    except PlanningLimitError:
        return
    if route is not None:
        assert_route_sound(catalogue, learner, route)
