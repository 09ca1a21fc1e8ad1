"""Journeys on the built-in catalogue: each return case of the seed, portfolio, files, replay."""

from __future__ import annotations

import datetime as dt
import json

from itineraire.files.export import to_json
from itineraire.files.loading import builtin_catalogue, learner_from_data
from itineraire.journeys import (
    BlockEvaluated,
    CertificationReplaced,
    DroppedOut,
    EmploymentPeriod,
    Journey,
    ModuleCompleted,
    ModuleStarted,
    PlacementDone,
    Positioned,
    Resumed,
    ReturnKind,
    TargetChanged,
    VaeAdmissibility,
    VaeConfirmation,
    VaeJury,
    journey_document,
    journey_from_data,
    learner_at,
    portfolio,
    replan,
)
from itineraire.journeys.replay import frames
from itineraire.model.learners import Target, TargetKind
from itineraire.planning import Credit, Objective, Planner
from itineraire.planning.route import StepKind
from itineraire.validation import ValidationMethod
from itineraire.validation.vae import AdmissibilityDecision as Decision
from itineraire.validation.vae import JuryOutcome as Outcome

D = dt.date
AVF = "RNCP37715"
B1, B2, B3 = f"{AVF}-B1", f"{AVF}-B2", f"{AVF}-B3"


def _leo(**positioning: object) -> Journey:
    catalogue = builtin_catalogue()
    data = {
        "id": "leo",
        "positioning": {"date": "2027-01-04", "competences": ["clea.1", "clea.2"], **positioning},
        "target": {"certification": AVF},
    }
    return Journey.start(catalogue, learner_from_data(data, catalogue))


def _actions(journey: Journey, objective: Objective = Objective.DURATION) -> list[str]:
    return [step.action for step in replan(journey, objective).route.steps[1:]]


def _returns(journey: Journey, objective: Objective = Objective.DURATION) -> list[tuple[str, str]]:
    replanned = replan(journey, objective)
    steps = {step.number: step.action for step in replanned.route.steps}
    return [(steps[item.step], item.kind.value) for item in replanned.returns]


STARTED_B1 = (
    ModuleStarted(date=D(2027, 1, 4), module="avf-b1"),
    ModuleCompleted(date=D(2027, 2, 1), module="avf-b1"),
)


def test_a_failed_module_is_retaken() -> None:
    journey = _leo().extend(
        [
            ModuleStarted(date=D(2027, 1, 4), module="avf-b1"),
            ModuleCompleted(date=D(2027, 2, 1), module="avf-b1", passed=False, score=7.5),
        ]
    )
    assert not journey.state.holds_block(B1)
    assert ("avf-b1", "retake") in _returns(journey)


def test_a_failed_evaluation_sends_the_route_back_to_the_blocks_modules() -> None:
    journey = _leo().extend(
        [*STARTED_B1, BlockEvaluated(date=D(2027, 3, 1), block=B2, passed=False)]
    )
    assert ("avf-b2", "back_to_block") in _returns(journey)
    assert journey.state.holds_block(B1)


def test_a_basic_skill_found_lacking_sends_the_route_to_remediation() -> None:
    journey = _leo().extend(
        [*STARTED_B1, BlockEvaluated(date=D(2027, 3, 1), block=B2, passed=False, cause="clea.2")]
    )
    assert journey.state.competence_rank("clea.2") is None
    returns = _returns(journey)
    assert ("remediation-clea-2", "remediation") in returns
    assert ("avf-b2", "back_to_block") in returns
    actions = _actions(journey)
    # The remediation comes before the block's module, whose entry it opens again.
    assert actions.index("remediation-clea-2") < actions.index("avf-b2")


def test_employment_adds_experience_and_the_replanned_route_uses_vae() -> None:
    journey = _leo()
    assert not any(action.startswith("vae:") for action in _actions(journey, Objective.COST))
    journey = journey.extend(
        [
            EmploymentPeriod(date=D(2027, 4, 30), start=D(2027, 1, 4), hours=600, rome="K1304"),
            EmploymentPeriod(date=D(2027, 8, 31), start=D(2027, 5, 3), hours=600, rome="K1302"),
        ]
    )
    assert journey.state.experience_hours(frozenset({"K1302", "K1304"})) == 1200
    route = replan(journey, Objective.COST).route
    vae = [step for step in route.steps if step.kind is StepKind.VAE_JURY]
    assert [step.validates for step in vae] == [(B1, B2)]


def test_a_file_under_way_that_experience_does_not_cover_is_continued_for_nothing() -> None:
    """Leo's file is admissible but his recorded experience covers no block: the route
    continues it (no second VAE, none other before its jury) and trains every block, and the
    note says that no block is expected of the file."""
    journey = _leo().append(
        VaeAdmissibility(date=D(2027, 2, 15), certification=AVF, decision=Decision.ADMISSIBLE)
    )
    answer = replan(journey, Objective.COST)
    vae = [step for step in answer.route.steps if step.action.startswith("vae:")]
    assert [(step.kind, step.validates) for step in vae] == [(StepKind.VAE_UNDER_WAY, ())]
    assert answer.notes == (
        "the VAE file for RNCP37715 is admissible since 2027-02-15 and awaits its jury: the"
        " route continues it, its jury expected on 2027-07-04 (the experience recorded covers"
        " none of its blocks: no block is expected of it); record the jury to re-plan from its"
        " outcome",
    )


def test_a_file_under_way_counts_the_planned_employment_presumed_worked() -> None:
    """Leo's learner file plans two jobs (600 h in K1304, then 600 h in K1302), over when his
    file is declared admissible and nothing recorded against them: they are presumed worked,
    and the file is expected to award the two blocks that experience covers, as if the work had
    been recorded (it was expected to award nothing: the file read recorded experience only)."""
    catalogue = builtin_catalogue()
    jobs = [("2027-01-04", "2027-04-30", "K1304"), ("2027-05-03", "2027-08-31", "K1302")]
    data = {
        "id": "leo",
        "positioning": {"date": "2027-01-04", "competences": ["clea.1", "clea.2"]},
        "constraints": {
            "unavailable": [
                {"start": start, "end": end, "label": f"job {rome}", "rome": rome, "hours": 600}
                for start, end, rome in jobs
            ]
        },
        "target": {"certification": AVF},
    }
    journey = Journey.start(catalogue, learner_from_data(data, catalogue)).append(
        VaeAdmissibility(date=D(2027, 9, 15), certification=AVF, decision=Decision.ADMISSIBLE)
    )
    answer = replan(journey, Objective.COST)
    vae = [step for step in answer.route.steps if step.action.startswith("vae:")]
    assert [(step.kind, step.validates) for step in vae] == [(StepKind.VAE_UNDER_WAY, (B1, B2))]
    assert [file.blocks for file in learner_at(journey).positioning.vae_under_way] == [(B1, B2)]


def test_a_drop_out_then_a_resume_keeps_everything_validated() -> None:
    journey = _leo().extend(
        [
            *STARTED_B1,
            ModuleStarted(date=D(2027, 2, 1), module="avf-b3"),
            DroppedOut(date=D(2027, 3, 1), reason="illness"),
        ]
    )
    dropped = journey.state
    assert dropped.underway == ()
    journey = journey.append(Resumed(date=D(2027, 4, 12)))
    assert journey.state.validated_blocks() == dropped.validated_blocks() == {B1}
    assert journey.state.competences == dropped.competences
    assert ("avf-b3", "resume") in _returns(journey)
    assert replan(journey).route.steps[0].start == D(2027, 4, 12)


def _partial_jury() -> Journey:
    return _leo().extend(
        [
            EmploymentPeriod(date=D(2027, 4, 30), start=D(2027, 1, 4), hours=600, rome="K1304"),
            EmploymentPeriod(date=D(2027, 8, 31), start=D(2027, 5, 3), hours=600, rome="K1302"),
            VaeAdmissibility(date=D(2027, 9, 15), certification=AVF, decision=Decision.ADMISSIBLE),
            VaeJury(
                date=D(2028, 3, 1),
                certification=AVF,
                outcome=Outcome.PARTIAL_CERTIFICATION,
                blocks=(B1,),
            ),
        ]
    )


def test_a_partial_jury_leads_to_a_hybrid_completion_of_the_remaining_blocks_only() -> None:
    journey = _partial_jury()
    assert journey.state.validated(B1) is not None
    replanned = replan(journey, Objective.COST)
    validated = replanned.route.validated_blocks()
    assert {B2, B3} <= set(validated)
    assert B1 not in validated
    kinds = {item.kind for item in replanned.returns}
    assert kinds == {ReturnKind.VAE_COMPLETION}
    reasons = sorted(item.reason for item in replanned.returns)
    assert reasons == [
        "a new VAE file for blocks the VAE jury of 2028-03-01 did not award: RNCP37715-B2",
        "a placement in a company for blocks the VAE jury of 2028-03-01 did not award:"
        " RNCP37715-B3",
    ]


def test_blocks_pending_confirmation_are_held_for_planning_but_not_validated() -> None:
    journey = _partial_jury().extend(
        [
            VaeAdmissibility(
                date=D(2028, 4, 1), certification=AVF, decision=Decision.ADMISSIBLE, blocks=(B2,)
            ),
        ]
    )
    # A new file on B2 alone: the jury can only award it fully.
    full = journey.append(
        VaeJury(date=D(2028, 9, 1), certification=AVF, outcome=Outcome.FULL_TARGETED_BLOCKS)
    )
    assert full.state.validated(B2) is not None
    pending = _leo().extend(
        [
            VaeAdmissibility(date=D(2027, 2, 1), certification=AVF, decision=Decision.ADMISSIBLE),
            VaeJury(
                date=D(2027, 6, 1),
                certification=AVF,
                outcome=Outcome.PARTIAL_PENDING,
                blocks=(B1, B2),
            ),
        ]
    )
    assert pending.state.holds_block(B1)
    assert B1 not in pending.state.validated_blocks()
    assert all(block.pending for block in portfolio(pending).blocks)
    confirmed = pending.append(
        VaeConfirmation(date=D(2027, 7, 1), certification=AVF, confirmed=True)
    )
    assert {B1, B2} <= confirmed.state.validated_blocks()
    refused = pending.append(
        VaeConfirmation(date=D(2027, 7, 1), certification=AVF, confirmed=False)
    )
    assert not refused.state.holds_block(B1)


def test_a_replaced_certification_keeps_the_blocks_that_map_to_the_new_version() -> None:
    catalogue = builtin_catalogue()
    learner = learner_from_data(
        {
            "id": "dev",
            "positioning": {
                "date": "2027-01-04",
                "competences": [
                    "clea.1",
                    "clea.2",
                    "clea.3",
                    {"competence": "pix.3.4", "level": "2"},
                ],
                "blocks": [{"block": "RNCP31114BC01", "date": "2024-06-01"}],
            },
            "target": {"certification": "RNCP31114"},
        },
        catalogue,
    )
    journey = Journey.start(catalogue, learner).append(
        CertificationReplaced(date=D(2027, 1, 10), old="RNCP31114", new="RNCP37674")
    )
    assert journey.state.target == Target(TargetKind.CERTIFICATION, "RNCP37674")
    assert journey.state.replacements[0].carried == ("RNCP37674BC01",)
    route = replan(journey).route
    # The re-plan's positioning shows the credit carried to the new version; the former
    # version's block credited back by the new one's is not the target's business.
    assert route.validated_blocks() == {"RNCP37674BC01": 1, "RNCP37674BC02": 4}
    assert route.steps[0].credited == (Credit("RNCP37674BC01", "rncp37674-rncp31114-bc01"),)
    assert route.steps[0].title == "Positioning on 2027-01-10"
    credited = [b for b in portfolio(journey).blocks if b.method is ValidationMethod.EQUIVALENCE]
    assert [b.block for b in credited] == ["RNCP37674BC01"]


def test_a_new_positioning_replaces_measured_levels_but_never_validated_ones() -> None:
    journey = _leo().extend(
        [
            ModuleStarted(date=D(2027, 1, 5), module="monde-du-travail"),
            ModuleCompleted(date=D(2027, 1, 11), module="monde-du-travail"),
        ]
    )
    catalogue = journey.catalogue
    lower = learner_from_data(
        {
            "id": "x",
            "positioning": {"date": "2027-01-12", "competences": ["clea.1", "clea.4"]},
            "target": {"certification": AVF},
        },
        catalogue,
    ).positioning
    journey = journey.append(Positioned(date=D(2027, 1, 12), competences=lower.competences))
    assert journey.state.competence_rank("clea.4") == 0
    measured = [r for r in journey.state.competences if r.competence == "clea.1"]
    assert [r.date for r in measured] == [D(2027, 1, 12)]


def test_a_change_of_target_is_followed_by_re_planning() -> None:
    journey = _leo().extend(
        [
            *STARTED_B1,
            TargetChanged(date=D(2027, 2, 2), target=Target(TargetKind.BLOCKS, blocks=(B3,))),
        ]
    )
    assert set(replan(journey).route.validated_blocks()) == {B3}


def test_a_placement_done_counts_as_experience_and_satisfies_a_required_placement() -> None:
    catalogue = builtin_catalogue()
    learner = learner_from_data(
        {
            "id": "pia",
            "positioning": {"date": "2027-01-04", "competences": ["clea.1", "clea.2"]},
            "constraints": {"placement_required": True},
            "target": {"blocks": [B3]},
        },
        catalogue,
    )
    journey = Journey.start(catalogue, learner).append(
        PlacementDone(date=D(2027, 1, 29), start=D(2027, 1, 18), hours=70, rome="K1303")
    )
    assert journey.state.experience_hours(frozenset({"K1303"})) == 70
    assert not learner_at(journey).constraints.placement_required


def test_the_portfolio_says_how_and_when_each_block_was_validated() -> None:
    journey = _partial_jury()
    item = portfolio(journey)
    assert [(b.block, b.method, b.date) for b in item.blocks] == [
        (B1, ValidationMethod.VAE, D(2028, 3, 1))
    ]
    assert item.blocks[0].evidence == "VAE jury 2028-03-01 (partial_certification)"
    assert item.certifications == ()


def test_a_journey_file_round_trips_unchanged() -> None:
    journey = _partial_jury().extend(
        [
            ModuleStarted(date=D(2028, 3, 2), module="avf-b3"),
            ModuleCompleted(date=D(2028, 4, 30), module="avf-b3", score=14.5),
            BlockEvaluated(date=D(2028, 5, 2), block=B2, passed=False, cause="clea.2"),
            DroppedOut(date=D(2028, 5, 3), reason="moved"),
            Resumed(date=D(2028, 6, 1)),
        ]
    )
    text = to_json(journey_document(journey))
    loaded = journey_from_data(json.loads(text), journey.catalogue)
    assert loaded == journey
    assert loaded.state == journey.state
    assert to_json(journey_document(loaded)) == text


def test_replay_is_deterministic_and_replanning_an_unchanged_state_gives_the_same_route() -> None:
    journey = _partial_jury()
    again = Journey.replay(journey.catalogue, journey.learner, journey.events)
    assert again.state == journey.state
    planner = Planner(journey.catalogue)
    assert replan(journey, planner=planner) == replan(again, planner=planner)


def test_simulation_replans_after_every_event() -> None:
    journey = _leo().extend(
        [
            *STARTED_B1,
            BlockEvaluated(date=D(2027, 3, 1), block=B2, passed=False, cause="clea.2"),
        ]
    )
    replayed = frames(journey)
    assert [frame.index for frame in replayed] == [0, 1, 2, 3]
    assert all(frame.replan is not None for frame in replayed)
    assert replayed[2].changes == ("+ blocks RNCP37715-B1",)
    assert "newly planned: remediation-clea-2" in replayed[3].route_changes


def test_a_planned_period_under_way_is_cut_to_the_replanning_day() -> None:
    catalogue = builtin_catalogue()
    learner = learner_from_data(
        {
            "id": "eve",
            "positioning": {"date": "2027-01-04", "competences": ["clea.1", "clea.2"]},
            "constraints": {
                "unavailable": [
                    {
                        "start": "2027-02-01",
                        "end": "2027-03-02",
                        "label": "seasonal job",
                        "rome": "K1304",
                        "hours": 300,
                    }
                ]
            },
            "target": {"certification": AVF},
        },
        catalogue,
    )
    journey = Journey.start(catalogue, learner).append(
        BlockEvaluated(date=D(2027, 2, 16), block=B1, passed=True)
    )
    (period,) = learner_at(journey).constraints.unavailable
    # Its past days are presumed worked: their hours still come on its last day.
    assert (period.start, period.end, period.hours) == (D(2027, 2, 16), D(2027, 3, 2), 300)
    route = replan(journey).route
    assert route.steps[0].start == D(2027, 2, 16)
    assert [step.start for step in route.steps] == sorted(step.start for step in route.steps)


def _pending_b1_b2() -> Journey:
    return _leo().extend(
        [
            VaeAdmissibility(date=D(2027, 2, 1), certification=AVF, decision=Decision.ADMISSIBLE),
            VaeJury(
                date=D(2027, 6, 1),
                certification=AVF,
                outcome=Outcome.PARTIAL_PENDING,
                blocks=(B1, B2),
            ),
        ]
    )


def test_a_block_pending_confirmation_then_validated_by_training_is_validated_once() -> None:
    journey = _pending_b1_b2().extend(
        [
            ModuleStarted(date=D(2027, 6, 2), module="avf-b1"),
            ModuleCompleted(date=D(2027, 7, 1), module="avf-b1"),
            VaeConfirmation(date=D(2027, 7, 2), certification=AVF, confirmed=True),
        ]
    )
    assert [(held.block, held.method) for held in journey.state.blocks] == [
        (B1, ValidationMethod.TRAINING),
        (B2, ValidationMethod.VAE),
    ]
    assert journey.state.pending == ()
    assert [block.block for block in portfolio(journey).blocks].count(B1) == 1


def test_a_refused_confirmation_sends_the_route_back_to_the_blocks_awarded() -> None:
    journey = _pending_b1_b2().append(
        VaeConfirmation(date=D(2027, 7, 1), certification=AVF, confirmed=False)
    )
    assert not journey.state.holds_block(B1)
    returns = {item.kind for item in replan(journey).returns}
    assert returns == {ReturnKind.VAE_COMPLETION}


def test_a_module_started_again_after_a_drop_out_is_no_longer_interrupted() -> None:
    journey = _leo().extend(
        [
            ModuleStarted(date=D(2027, 1, 4), module="avf-b3"),
            DroppedOut(date=D(2027, 2, 1)),
            Resumed(date=D(2027, 3, 1)),
            ModuleStarted(date=D(2027, 3, 1), module="avf-b3"),
            ModuleCompleted(date=D(2027, 4, 5), module="avf-b3", passed=False),
        ]
    )
    assert ("avf-b3", "retake") in _returns(journey)
    assert ("avf-b3", "resume") not in _returns(journey)


def test_a_target_on_blocks_of_a_replaced_certification_moves_to_the_new_blocks() -> None:
    catalogue = builtin_catalogue()
    learner = learner_from_data(
        {
            "id": "dev",
            "positioning": {"date": "2027-01-04", "competences": ["clea.1", "clea.2", "clea.3"]},
            "target": {"blocks": ["RNCP31114BC02"]},
        },
        catalogue,
    )
    journey = Journey.start(catalogue, learner).append(
        CertificationReplaced(date=D(2027, 1, 10), old="RNCP31114", new="RNCP37674")
    )
    assert journey.state.target == Target(TargetKind.BLOCKS, blocks=("RNCP37674BC02",))
    assert journey.state.replacements[0].carried == ()


def test_the_portfolio_prefers_a_validation_to_a_measurement_of_the_same_level() -> None:
    journey = _leo().extend(
        [
            ModuleStarted(date=D(2027, 1, 4), module="remediation-clea-1"),
            ModuleCompleted(date=D(2027, 2, 1), module="remediation-clea-1", score=13),
        ]
    )
    (clea1,) = [c for c in portfolio(journey).competences if c.competence == "clea.1"]
    assert (clea1.method, clea1.evidence) == (
        ValidationMethod.TRAINING,
        "module remediation-clea-1",
    )
    text = to_json(journey_document(journey))
    assert '"score": 13\n' in text
    assert to_json(journey_document(journey_from_data(json.loads(text), journey.catalogue))) == text


def test_re_planning_says_when_a_vae_file_is_under_way_or_the_person_is_out() -> None:
    journey = _leo().append(
        VaeAdmissibility(date=D(2027, 2, 1), certification=AVF, decision=Decision.ADMISSIBLE)
    )
    (note,) = replan(journey, Objective.COST).notes
    assert note.startswith("the VAE file for RNCP37715 is admissible since 2027-02-01")
    out = _leo().append(DroppedOut(date=D(2027, 2, 1)))
    assert replan(out).notes == (
        "the person dropped out on 2027-02-01: this is the route if they resume now",
    )
