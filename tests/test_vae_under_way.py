"""A VAE file under way when the route starts (``positioning.vae_under_way``).

Example tests: Josiane's hybrid VAE continued rather than planned from admissibility, a module
waiting for the jury under way, a second certification's VAE after it, the learner file's
checks (every problem at once), the HiGHS backend's refusal and the planner's fallback, the route
as JSON.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import attrs
import pytest

from itineraire import builtin_catalogue, catalogue_from_data, learner_from_data
from itineraire.errors import LearnerError
from itineraire.files.export import learner_document
from itineraire.journeys import (
    Journey,
    ModuleCompleted,
    ModuleStarted,
    ReturnKind,
    VaeAdmissibility,
    VaeJury,
    learner_at,
    replan,
)
from itineraire.journeys.replay import frames
from itineraire.planning import Objective, Planner, StepKind
from itineraire.planning.documents import route_document
from itineraire.planning.explaining import explain
from itineraire.planning.highs import plan_with_highs
from itineraire.planning.reasons import ReasonCode
from itineraire.planning.simulation import simulate
from itineraire.testing import assert_route_sound
from tests.test_vae_beside import _PERSON, _SECOND_BLOCK, JOSIANE, _catalogue

BUILTIN = builtin_catalogue()

_UNDER_WAY = {
    "certification": "RNCP37715",
    "admissible": "2026-11-02",
    "blocks": ["RNCP37715-B1", "RNCP37715-B2"],
}


def _josiane(**file: Any) -> dict[str, Any]:
    person: dict[str, Any] = json.loads(json.dumps(JOSIANE))
    person["positioning"]["vae_under_way"] = [{**_UNDER_WAY, **file}]
    return person


def test_a_vae_under_way_is_continued_not_planned_again() -> None:
    """Josiane's VAE for blocks B1 and B2 of RNCP37715 was declared admissible on 2026-11-02:
    with the catalogue's 12 support weeks and 8 jury weeks, its jury is expected on 2027-03-21.
    The route trains B3 beside it (avf-b3, from 2027-01-04) and ends with that jury: 77 days,
    the module's 175 h and 2,100 € only. Planned from admissibility, as before the file was
    known, it ended on 2027-07-18 (196 days) and paid a second VAE."""
    objective = Objective.HOURS
    learner = learner_from_data(_josiane(), BUILTIN)
    route = Planner(BUILTIN).plan(learner, objective)
    kinds = [(step.kind, step.action) for step in route.steps]
    assert kinds == [
        (StepKind.POSITIONING, "positioning"),
        (StepKind.VAE_UNDER_WAY, "vae:RNCP37715"),
        (StepKind.TRAINING, "avf-b3"),
    ]
    under_way = route.steps[1]
    assert (under_way.start, under_way.end) == (dt.date(2027, 1, 4), dt.date(2027, 3, 21))
    assert under_way.validates == ("RNCP37715-B1", "RNCP37715-B2")
    assert (under_way.hours, under_way.cost) == (0, 0)
    assert under_way.title == "VAE under way, RNCP37715 (admissible on 2026-11-02)"
    assert str(under_way.why[0]) == (
        "VAE file for RNCP37715 under way (admissible): continued, jury expected on 2027-03-21"
    )
    totals = route.totals
    assert (totals.finish, totals.duration_days) == (dt.date(2027, 3, 21), 77)
    assert (totals.training_hours, totals.cost) == (175, 2100)
    assert route.modalities == ("training", "vae")
    assert route.sequence() == ("avf-b3",)
    assert route.beside(route.steps[2]) == ("vae:RNCP37715",)
    assert_route_sound(BUILTIN, learner, route)
    assert simulate(BUILTIN, learner, route.sequence(), objective) == route


@pytest.mark.parametrize("objective", list(Objective))
def test_the_expected_jury_day_given_is_the_one_used(objective: Objective) -> None:
    """A jury expected on 2027-05-03 (given) is the VAE's last day, whatever the objective; the
    route ends no earlier, and no second VAE of RNCP37715 is ever planned."""
    learner = learner_from_data(_josiane(jury="2027-05-03"), BUILTIN)
    route = Planner(BUILTIN).plan(learner, objective)
    vae = [step for step in route.steps if step.action == "vae:RNCP37715"]
    assert [step.kind for step in vae] == [StepKind.VAE_UNDER_WAY]
    assert vae[0].end == dt.date(2027, 5, 3) <= route.totals.finish
    assert_route_sound(BUILTIN, learner, route)


def test_an_overdue_jury_is_taken_as_on_the_first_day() -> None:
    """Admissible on 2026-01-05, its jury expected by the lead times on 2026-05-24, long before
    the route starts on 2027-01-04, and not recorded: the route takes it as on its first day."""
    learner = learner_from_data(_josiane(admissible="2026-01-05"), BUILTIN)
    route = Planner(BUILTIN).plan(learner, Objective.HOURS)
    under_way = route.steps[1]
    assert (under_way.start, under_way.end) == (dt.date(2027, 1, 4), dt.date(2027, 1, 4))


def _small_case(module: dict[str, Any]) -> tuple[Any, Any]:
    catalogue = catalogue_from_data(_catalogue([module]))
    person = json.loads(json.dumps(_PERSON))
    person["positioning"]["vae_under_way"] = [
        {"certification": "RNCP9001", "admissible": "2025-12-15", "blocks": ["RNCP9001BC01"]}
    ]
    return catalogue, learner_from_data(person, catalogue)


def test_a_module_needing_the_block_under_way_waits_for_its_jury() -> None:
    """Block 2's module needs block 1, which the VAE under way gives: admissible on 2025-12-15,
    its jury (one support week, one jury week) is expected on 2025-12-28, before the route
    starts on 2026-01-05, so it is taken as on that day; the module starts the next day."""
    catalogue, learner = _small_case({**_SECOND_BLOCK, "requires": "block:RNCP9001BC01"})
    route = Planner(catalogue).plan(learner, Objective.DURATION)
    module = next(step for step in route.steps if step.action == "m2")
    assert module.start == dt.date(2026, 1, 6)
    (wait,) = [reason for reason in module.why if reason.code is ReasonCode.WAITS_FOR_JURY]
    assert (wait.module, wait.date) == ("vae:RNCP9001", dt.date(2026, 1, 5))
    assert_route_sound(catalogue, learner, route)


def test_a_later_vae_waits_for_the_jury_under_way() -> None:
    """One VAE at a time: a VAE of a second certification starts only once the jury under way
    is over (a given jury on 2026-02-02: the next VAE starts on Tuesday 2026-02-03)."""
    document = _catalogue([])
    second = json.loads(json.dumps(document["certifications"][0]))
    second["code"] = "RNCP9002"
    for block in second["blocks"]:
        block["code"] = block["code"].replace("9001", "9002")
    document["certifications"].append(second)
    catalogue = catalogue_from_data(document)
    person = json.loads(json.dumps(_PERSON))
    person["target"] = {"blocks": ["RNCP9001BC01", "RNCP9002BC01"]}
    person["positioning"]["vae_under_way"] = [
        {"certification": "RNCP9001", "admissible": "2025-12-15", "jury": "2026-02-02"}
    ]
    learner = learner_from_data(person, catalogue)
    route = Planner(catalogue).plan(learner, Objective.DURATION)
    admissibility = next(s for s in route.steps if s.kind is StepKind.VAE_ADMISSIBILITY)
    assert (admissibility.action, admissibility.start) == ("vae:RNCP9002", dt.date(2026, 2, 3))
    jury = next(s for s in route.steps if s.kind is StepKind.VAE_JURY)  # it carries the reasons
    (wait,) = [r for r in jury.why if r.code is ReasonCode.WAITS_FOR_JURY]
    assert (wait.module, wait.date) == ("vae:RNCP9001", dt.date(2026, 2, 2))
    assert_route_sound(catalogue, learner, route)


def test_every_problem_of_a_vae_under_way_is_reported_at_once() -> None:
    """Unknown certification, one closed to VAE, a second file for one certification, blocks
    unknown, of another certification or listed twice, a decision after the positioning, a jury
    not after the decision or before the route's start: all named with the item and field."""
    person = json.loads(json.dumps(JOSIANE))
    person["positioning"]["vae_under_way"] = [
        {"certification": "RNCP00000", "admissible": "2026-11-02"},
        {"certification": "RNCP31114", "admissible": "2026-11-02"},
        {
            "certification": "RNCP37715",
            "admissible": "2026-12-20",
            "blocks": ["RNCP37715-B1", "RNCP37715-B1", "NOPE", "RNCP37674BC01"],
            "jury": "2026-12-01",
        },
        {"certification": "RNCP37715", "admissible": "2026-11-02", "jury": "2026-12-01"},
    ]
    with pytest.raises(LearnerError) as caught:
        learner_from_data(person, BUILTIN)
    assert [str(problem) for problem in caught.value.problems] == [
        "positioning.vae_under_way[0] 'RNCP00000', certification: unknown certification"
        " 'RNCP00000'",
        "positioning.vae_under_way[1] 'RNCP31114', certification: certification 'RNCP31114' is"
        " not open to VAE in the catalogue",
        "positioning.vae_under_way[2] 'RNCP37715', blocks[1]: block 'RNCP37715-B1' is listed twice",
        "positioning.vae_under_way[2] 'RNCP37715', blocks[2]: unknown block 'NOPE'",
        "positioning.vae_under_way[2] 'RNCP37715', blocks[3]: block 'RNCP37674BC01' is not a"
        " block of 'RNCP37715'",
        "positioning.vae_under_way[2] 'RNCP37715', admissible: is after the positioning date",
        "positioning.vae_under_way[2] 'RNCP37715', jury: is not after the admissibility"
        " decision (2026-12-20)",
        "positioning.vae_under_way[3] 'RNCP37715', certification: has a second file under way"
        " (one VAE file per certification)",
        "positioning.vae_under_way[3] 'RNCP37715', jury: is before the route's start"
        " (2027-01-04): a jury held is recorded by its outcome (the blocks it awarded are held"
        " blocks), not planned",
    ]


def test_the_highs_backend_continues_the_file_as_the_planner_does() -> None:
    """The model counts the file's blocks as held (a relaxation: they come on the jury's day,
    where ordering the chosen set puts them) and never plans a second VAE of RNCP37715: its
    optimum is the planner's, for cost and for hours; a planner whose A* stops at once gives
    the same optimum from the model."""
    learner = learner_from_data(_josiane(), BUILTIN)
    for objective, expected in ((Objective.COST, 1600), (Objective.HOURS, 175)):
        solved = plan_with_highs(BUILTIN, learner, objective)
        best = Planner(BUILTIN).plan(learner, objective)
        limited = Planner(BUILTIN, work_limit=200).plan(learner, objective)
        values = [
            (route.totals.cost if objective is Objective.COST else route.totals.training_hours)
            for route in (solved, best, limited)
        ]
        assert values == [expected] * 3
        assert solved.proven_optimal
        assert best.proven_optimal
        kinds = [step.kind for step in solved.steps]
        assert kinds.count(StepKind.VAE_UNDER_WAY) == 1
        assert StepKind.VAE_JURY not in kinds
        assert_route_sound(BUILTIN, learner, solved)
        assert_route_sound(BUILTIN, learner, limited)


def test_the_route_document_shows_the_vae_under_way() -> None:
    """In the route JSON the step has kind vae_under_way and the reason its certification and
    jury day."""
    learner = learner_from_data(_josiane(), BUILTIN)
    document = route_document(Planner(BUILTIN).plan(learner, Objective.HOURS))
    step = document.model_dump(mode="json", exclude_none=True)["steps"][1]
    assert step["kind"] == "vae_under_way"
    assert step["why"][0] == {
        "code": "vae_under_way",
        "text": "VAE file for RNCP37715 under way (admissible): continued, jury expected on"
        " 2027-03-21",
        "certification": "RNCP37715",
        "date": "2027-03-21",
    }


def test_a_failed_module_beside_an_admissible_vae_is_retaken_without_a_second_vae() -> None:
    """Josiane's first route runs avf-b3 beside her VAE and ends with its jury on 2027-07-18.
    She fails avf-b3 (2027-02-05); her file for B1 and B2 is declared admissible on 2027-03-01.
    Re-planned that day, the route continues the file (its jury expected after the 12 support
    and 8 jury weeks: 2027-07-18 again), retakes avf-b3 beside it (2027-03-01 to 2027-04-05) and
    plans no second VAE: it ends no later than the first route. Planned again from
    admissibility, as re-plans did before, it ended on 2027-09-12."""
    objective = Objective.HOURS
    journey = Journey.start(BUILTIN, learner_from_data(JOSIANE, BUILTIN))
    first = replan(journey, objective).route
    assert first.totals.finish == dt.date(2027, 7, 18)
    journey = journey.extend(
        [
            ModuleStarted(date=dt.date(2027, 1, 4), module="avf-b3"),
            ModuleCompleted(date=dt.date(2027, 2, 5), module="avf-b3", passed=False),
            VaeAdmissibility(
                date=dt.date(2027, 3, 1),
                certification="RNCP37715",
                decision="admissible",
                blocks=("RNCP37715-B1", "RNCP37715-B2"),
            ),
        ]
    )
    answer = replan(journey, objective)
    route = answer.route
    steps = [(step.kind, step.action, step.start, step.end) for step in route.steps[1:]]
    assert steps == [
        (StepKind.VAE_UNDER_WAY, "vae:RNCP37715", dt.date(2027, 3, 1), dt.date(2027, 7, 18)),
        (StepKind.TRAINING, "avf-b3", dt.date(2027, 3, 1), dt.date(2027, 4, 5)),
    ]
    assert route.totals.finish == dt.date(2027, 7, 18) <= first.totals.finish
    assert (route.totals.cost, route.totals.training_hours) == (2100, 175)
    assert [item.kind for item in answer.returns] == [ReturnKind.RETAKE]
    assert answer.notes == (
        "the VAE file for RNCP37715 is admissible since 2027-03-01 and awaits its jury: the"
        " route continues it, its jury expected on 2027-07-18 (expected to award RNCP37715-B1,"
        " RNCP37715-B2); record the jury to re-plan from its outcome",
    )
    learner = learner_at(journey)
    assert_route_sound(BUILTIN, learner, route)
    # The same person with the file forgotten: a VAE planned again from admissibility.
    forgotten = attrs.evolve(learner.positioning, vae_under_way=())
    again = Planner(BUILTIN).plan(attrs.evolve(learner, positioning=forgotten), objective)
    assert again.totals.finish == dt.date(2027, 9, 12)
    # Replaying the journey (``itineraire simulate``) shows the same re-plan after the event.
    last = frames(journey, objective)[-1]
    assert last.replan is not None
    assert last.replan.route == route


def test_explaining_a_step_that_waits_for_the_jury_under_way() -> None:
    """Block 2's module needs the block the VAE under way gives: the VAE's step says it is
    needed by the module, and the explanation of the VAE leads to it."""
    catalogue, learner = _small_case({**_SECOND_BLOCK, "requires": "block:RNCP9001BC01"})
    route = Planner(catalogue).plan(learner, Objective.DURATION)
    under_way = next(step for step in route.steps if step.kind is StepKind.VAE_UNDER_WAY)
    codes = [reason.code for reason in under_way.why]
    assert codes == [ReasonCode.VAE_UNDER_WAY, ReasonCode.TARGET, ReasonCode.NEEDED_BY]
    explanation = explain(route, under_way)
    assert [link.serves for link in explanation.reasons] == [None, None, 3]
    assert explanation.lines()[0].startswith("step 2 vae:RNCP9001: VAE under way, RNCP9001")


def test_a_journey_starts_with_the_file_under_way_and_records_its_jury() -> None:
    """A journey of a learner who states a VAE under way holds it as an admissible file: the
    first re-plan continues it as stated (its jury on the given day), and once its jury is
    recorded the blocks are held and nothing is under way any more."""
    learner = learner_from_data(_josiane(jury="2027-04-12"), BUILTIN)
    journey = Journey.start(BUILTIN, learner)
    (file,) = journey.state.vae_files
    assert (file.certification, file.decided, file.blocks) == (
        "RNCP37715",
        dt.date(2026, 11, 2),
        ("RNCP37715-B1", "RNCP37715-B2"),
    )
    assert learner_at(journey).positioning.vae_under_way == learner.positioning.vae_under_way
    first = replan(journey, Objective.HOURS).route
    assert first.steps[1].kind is StepKind.VAE_UNDER_WAY
    assert first.steps[1].end == dt.date(2027, 4, 12)
    journey = journey.append(
        VaeJury(
            date=dt.date(2027, 4, 12),
            certification="RNCP37715",
            outcome="full_targeted_blocks",
            blocks=("RNCP37715-B1", "RNCP37715-B2"),
        )
    )
    assert learner_at(journey).positioning.vae_under_way == ()
    after = replan(journey, Objective.HOURS)
    assert [step.action for step in after.route.steps[1:]] == ["avf-b3"]
    assert after.notes == ()


def test_a_learner_file_with_a_vae_under_way_is_written_back() -> None:
    """The learner document of a learner with a VAE under way loads back into the same
    learner."""
    learner = learner_from_data(_josiane(jury="2027-04-12"), BUILTIN)
    document = learner_document(learner).model_dump(mode="json", exclude_none=True)
    assert document["positioning"]["vae_under_way"] == [
        {
            "certification": "RNCP37715",
            "admissible": "2026-11-02",
            "blocks": ["RNCP37715-B1", "RNCP37715-B2"],
            "jury": "2027-04-12",
        }
    ]
    assert learner_from_data(document, BUILTIN) == learner


def test_a_file_expected_to_award_no_block_is_written_and_read_back() -> None:
    """A file under way whose experience covers no block the person lacks (a journey makes
    them) is written ``blocks: []`` and read back as awarding none; a file that names no
    blocks (``blocks`` absent) awards every block of the certification."""
    learner = learner_from_data(_josiane(blocks=[]), BUILTIN)
    (file,) = learner.positioning.vae_under_way
    assert file.blocks == ()
    document = learner_document(learner).model_dump(mode="json", exclude_none=True)
    assert document["positioning"]["vae_under_way"][0]["blocks"] == []
    assert learner_from_data(document, BUILTIN) == learner
    # The file is continued (no second VAE of RNCP37715 before its jury); its jury awards
    # nothing, so every block is trained.
    route = Planner(BUILTIN).plan(learner, Objective.HOURS)
    steps = [(step.kind, step.action) for step in route.steps]
    assert (StepKind.VAE_UNDER_WAY, "vae:RNCP37715") in steps
    trained = {action for kind, action in steps if kind is StepKind.TRAINING}
    assert trained == {"avf-b1", "avf-b2", "avf-b3"}
    every = _josiane()
    del every["positioning"]["vae_under_way"][0]["blocks"]
    (file,) = learner_from_data(every, BUILTIN).positioning.vae_under_way
    assert file.blocks == BUILTIN.certifications["RNCP37715"].blocks


def test_two_files_under_way_with_the_same_jury_day_each_show_their_own_blocks() -> None:
    """Two files declared admissible the same day have their juries the same day: each file's
    step validates its own certification's blocks (building the route once crashed, counting
    the other file's blocks as credit by equivalence)."""
    certifications = [
        {
            "code": code,
            "registry": "rncp",
            "title": f"Certification {code}",
            "level": 4,
            "access_routes": ["continuing_training", "vae"],
            "rome": ["M1805"],
            "blocks": [{"code": f"{code}BC01", "title": "Block 1"}],
        }
        for code in ("RNCP9001", "RNCP9002")
    ]
    vae = {"admissibility_weeks": 1, "support_weeks": 1, "jury_weeks": 1}
    document = {"name": "two", "certifications": certifications, "modules": [], "vae": vae}
    catalogue = catalogue_from_data(document, strict=False)
    files = [
        {"certification": code, "admissible": "2026-01-05", "blocks": [f"{code}BC01"]}
        for code in ("RNCP9001", "RNCP9002")
    ]
    person = {
        "id": "someone",
        "positioning": {"date": "2026-01-05", "vae_under_way": files},
        "constraints": {"start": "2026-01-05"},
        "target": {"blocks": ["RNCP9001BC01", "RNCP9002BC01"]},
    }
    learner = learner_from_data(person, catalogue)
    route = Planner(catalogue).plan(learner, Objective.DURATION)
    under_way = [
        (step.action, step.end, step.validates, step.credited)
        for step in route.steps
        if step.kind is StepKind.VAE_UNDER_WAY
    ]
    jury = dt.date(2026, 1, 18)  # two weeks of support and jury from Monday 2026-01-05
    assert under_way == [
        ("vae:RNCP9001", jury, ("RNCP9001BC01",), ()),
        ("vae:RNCP9002", jury, ("RNCP9002BC01",), ()),
    ]
    assert_route_sound(catalogue, learner, route)


def test_the_model_has_nothing_to_choose_when_the_file_grants_the_target() -> None:
    """Found by the model's property: the file under way grants both blocks of the target and
    the only module is excluded, so the model has no column, which HiGHS calls neither optimal
    nor feasible ("Empty"). The backend gives the route of the file alone, proven, as the
    planner does."""
    catalogue = catalogue_from_data(
        {
            "name": "two blocks",
            "certifications": [
                {
                    "code": "RNCP9001",
                    "registry": "rncp",
                    "title": "Certification 1",
                    "level": 4,
                    "access_routes": ["continuing_training", "vae"],
                    "rome": ["M1805"],
                    "blocks": [
                        {"code": "RNCP9001BC01", "title": "Block 1"},
                        {"code": "RNCP9001BC02", "title": "Block 2"},
                    ],
                }
            ],
            "modules": [
                {
                    "id": "m1",
                    "title": "Module 1",
                    "hours": 1,
                    "cost": 0,
                    "kind": "professional",
                    "block": "RNCP9001BC01",
                    "validates": ["RNCP9001BC01"],
                }
            ],
        }
    )
    learner = learner_from_data(
        {
            "id": "someone",
            "positioning": {
                "date": "2026-01-05",
                "vae_under_way": [{"certification": "RNCP9001", "admissible": "2026-01-05"}],
            },
            "constraints": {"weekly_hours": 14, "excluded_modules": ["m1"]},
            "target": {"certification": "RNCP9001"},
        },
        catalogue,
    )
    for objective in (Objective.COST, Objective.HOURS):
        route = plan_with_highs(catalogue, learner, objective)
        assert route.proven_optimal
        assert [step.kind for step in route.steps] == [
            StepKind.POSITIONING,
            StepKind.VAE_UNDER_WAY,
        ]
        assert route.steps == Planner(catalogue).plan(learner, objective).steps
