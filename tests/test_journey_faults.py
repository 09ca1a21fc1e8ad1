"""Events that do not fit a journey are refused with an exact message, the journey unchanged."""

from __future__ import annotations

import datetime as dt

import pytest

from itineraire.files.loading import builtin_catalogue, learner_from_data
from itineraire.journeys import (
    BlockEvaluated,
    BlockValidatedInCompany,
    CertificationReplaced,
    DroppedOut,
    EmploymentPeriod,
    Event,
    Journey,
    JourneyError,
    ModuleCompleted,
    ModuleStarted,
    PlacementDone,
    Positioned,
    Resumed,
    TargetChanged,
    VaeAdmissibility,
    VaeConfirmation,
    VaeJury,
)
from itineraire.model.learners import HeldBlock, Target, TargetKind
from itineraire.validation import ValidationMethod
from itineraire.validation.vae import AdmissibilityDecision as Decision
from itineraire.validation.vae import JuryOutcome as Outcome

D = dt.date
AVF = "RNCP37715"
B1, B2, B3 = f"{AVF}-B1", f"{AVF}-B2", f"{AVF}-B3"


def _journey() -> Journey:
    """Leo: CléA 1 and 2, aims at Assistant de vie aux familles, started its block 1 module."""
    catalogue = builtin_catalogue()
    learner = learner_from_data(
        {
            "id": "leo",
            "positioning": {"date": "2027-01-04", "competences": ["clea.1", "clea.2"]},
            "target": {"certification": AVF},
        },
        catalogue,
    )
    return Journey.start(catalogue, learner).append(
        ModuleStarted(date=D(2027, 1, 4), module="avf-b1")
    )


PASSED_B1 = (ModuleCompleted(date=D(2027, 2, 1), module="avf-b1"),)
WORLD_OF_WORK = (
    ModuleStarted(date=D(2027, 1, 5), module="monde-du-travail"),
    ModuleCompleted(date=D(2027, 1, 11), module="monde-du-travail"),
)
ADMISSIBLE = (
    VaeAdmissibility(date=D(2027, 2, 1), certification=AVF, decision=Decision.ADMISSIBLE),
)
ADMISSIBLE_B1_B2 = (
    VaeAdmissibility(
        date=D(2027, 2, 1), certification=AVF, decision=Decision.ADMISSIBLE, blocks=(B1, B2)
    ),
)
DROPPED = (DroppedOut(date=D(2027, 2, 1), reason="illness"),)

# (what happened before, the event refused, the exact problem)
CASES: dict[str, tuple[tuple[Event, ...], Event, str]] = {
    "date going backwards": (
        (),
        ModuleStarted(date=D(2027, 1, 1), module="avf-b3"),
        "events[1] (module_started), date: 2027-01-01 is before the journey's last date so far"
        " (2027-01-04)",
    ),
    "unknown module": (
        (),
        ModuleStarted(date=D(2027, 1, 5), module="nope"),
        "events[1] (module_started), module: unknown module 'nope'",
    ),
    "completion without a start": (
        (),
        ModuleCompleted(date=D(2027, 1, 5), module="avf-b3"),
        "events[1] (module_completed), module: module 'avf-b3' was not started",
    ),
    "started twice": (
        (),
        ModuleStarted(date=D(2027, 1, 5), module="avf-b1"),
        "events[1] (module_started), module: module 'avf-b1' is already under way",
    ),
    "prerequisites not met": (
        (),
        ModuleStarted(date=D(2027, 1, 5), module="avf-b2"),
        "events[1] (module_started), module: the prerequisites of 'avf-b2' are not met: clea.4",
    ),
    "score out of range": (
        (),
        ModuleCompleted(date=D(2027, 2, 1), module="avf-b1", score=120),
        "events[1] (module_completed), score: 120 is not between 0 and 100",
    ),
    "module passed already": (
        PASSED_B1,
        ModuleStarted(date=D(2027, 2, 2), module="avf-b1"),
        "events[2] (module_started), module: module 'avf-b1' was already passed on 2027-02-01",
    ),
    "placement that is not a placement module": (
        (),
        PlacementDone(date=D(2027, 1, 20), start=D(2027, 1, 5), hours=70, placement="avf-b3"),
        "events[1] (placement_done), placement: module 'avf-b3' is not a placement",
    ),
    "placement without hours": (
        (),
        PlacementDone(date=D(2027, 1, 20), start=D(2027, 1, 5), hours=0, rome="K1304"),
        "events[1] (placement_done), hours: 0 hours: a period has at least one hour",
    ),
    "placement with too many hours": (
        (),
        PlacementDone(date=D(2027, 1, 14), start=D(2027, 1, 5), hours=500, rome="K1304"),
        "events[1] (placement_done), hours: 500 hours in 10 days is more than 10 hours a day",
    ),
    "employment ending before it starts": (
        (),
        EmploymentPeriod(date=D(2027, 1, 10), start=D(2027, 2, 1), hours=35, rome="K1304"),
        "events[1] (employment), start: 2027-02-01 is after the end (2027-01-10)",
    ),
    "employment in no ROME job": (
        (),
        EmploymentPeriod(date=D(2027, 3, 1), start=D(2027, 2, 1), hours=35, rome="Z9999"),
        "events[1] (employment), rome: 'Z9999' is not a ROME code (a letter and four digits)",
    ),
    "evaluation of an unknown block": (
        (),
        BlockEvaluated(date=D(2027, 2, 1), block="RNCP0-B9", passed=True),
        "events[1] (block_evaluated), block: unknown block 'RNCP0-B9'",
    ),
    "evaluation of a block already validated": (
        PASSED_B1,
        BlockEvaluated(date=D(2027, 2, 2), block=B1, passed=False),
        "events[2] (block_evaluated), block: block 'RNCP37715-B1' is already validated"
        " (training, 2027-02-01)",
    ),
    "passed evaluation with a cause": (
        (),
        BlockEvaluated(date=D(2027, 2, 1), block=B2, passed=True, cause="clea.2"),
        "events[1] (block_evaluated), cause: a passed evaluation has no cause of failure",
    ),
    "cause validated by a module": (
        WORLD_OF_WORK,
        BlockEvaluated(date=D(2027, 2, 1), block=B2, passed=False, cause="clea.4"),
        "events[3] (block_evaluated), cause: competence 'clea.4' was validated on 2027-01-11"
        " (module monde-du-travail): a failed evaluation does not withdraw it",
    ),
    "unknown cause": (
        (),
        BlockEvaluated(date=D(2027, 2, 1), block=B2, passed=False, cause="clea.99"),
        "events[1] (block_evaluated), cause: unknown competence 'clea.99'",
    ),
    "company validation of an unknown block": (
        (),
        BlockValidatedInCompany(date=D(2027, 2, 1), block="B9"),
        "events[1] (block_validated_in_company), block: unknown block 'B9'",
    ),
    "admissibility for an unknown certification": (
        (),
        VaeAdmissibility(date=D(2027, 2, 1), certification="RNCP1", decision=Decision.ADMISSIBLE),
        "events[1] (vae_admissibility), certification: unknown certification 'RNCP1'",
    ),
    "admissibility for a certification closed to VAE": (
        (),
        VaeAdmissibility(
            date=D(2027, 2, 1), certification="RNCP31114", decision=Decision.ADMISSIBLE
        ),
        "events[1] (vae_admissibility), certification: certification 'RNCP31114' is not open"
        " to VAE",
    ),
    "admissibility for a block of another certification": (
        (),
        VaeAdmissibility(
            date=D(2027, 2, 1),
            certification=AVF,
            decision=Decision.ADMISSIBLE,
            blocks=("RNCP37674BC01",),
        ),
        "events[1] (vae_admissibility), blocks[0]: block 'RNCP37674BC01' is not a block of"
        " 'RNCP37715'",
    ),
    "admissibility for blocks already held": (
        PASSED_B1,
        VaeAdmissibility(
            date=D(2027, 2, 2), certification=AVF, decision=Decision.ADMISSIBLE, blocks=(B1,)
        ),
        "events[2] (vae_admissibility), blocks: every targeted block is already held",
    ),
    "second file while one is admissible": (
        ADMISSIBLE,
        VaeAdmissibility(date=D(2027, 2, 2), certification=AVF, decision=Decision.ADMISSIBLE),
        "events[2] (vae_admissibility), certification: a VAE file for 'RNCP37715' is"
        " admissible since 2027-02-01: record its jury first",
    ),
    "jury without admissibility": (
        (),
        VaeJury(date=D(2027, 6, 1), certification=AVF, outcome=Outcome.FAILURE),
        "events[1] (vae_jury), certification: no VAE admissibility decision for 'RNCP37715':"
        " record it first",
    ),
    "jury after a rejected file": (
        (VaeAdmissibility(date=D(2027, 2, 1), certification=AVF, decision=Decision.REJECTED),),
        VaeJury(date=D(2027, 6, 1), certification=AVF, outcome=Outcome.FAILURE),
        "events[2] (vae_jury), certification: the VAE file for 'RNCP37715' was found rejected"
        " on 2027-02-01",
    ),
    "full certification on a file for blocks": (
        ADMISSIBLE_B1_B2,
        VaeJury(date=D(2027, 6, 1), certification=AVF, outcome=Outcome.FULL_CERTIFICATION),
        "events[2] (vae_jury), outcome: the VAE file targeted blocks, not the whole certification",
    ),
    "failure awarding blocks": (
        ADMISSIBLE,
        VaeJury(date=D(2027, 6, 1), certification=AVF, outcome=Outcome.FAILURE, blocks=(B1,)),
        "events[2] (vae_jury), blocks: a jury outcome 'failure' awards no block",
    ),
    "partial success awarding everything": (
        ADMISSIBLE_B1_B2,
        VaeJury(
            date=D(2027, 6, 1),
            certification=AVF,
            outcome=Outcome.PARTIAL_TARGETED_BLOCKS,
            blocks=(B1, B2),
        ),
        "events[2] (vae_jury), blocks: a partial_targeted_blocks cannot award every targeted block",
    ),
    "partial success awarding nothing": (
        ADMISSIBLE,
        VaeJury(date=D(2027, 6, 1), certification=AVF, outcome=Outcome.PARTIAL_CERTIFICATION),
        "events[2] (vae_jury), blocks: a partial_certification awards at least one block:"
        " name them",
    ),
    "jury awarding a block not targeted": (
        ADMISSIBLE_B1_B2,
        VaeJury(
            date=D(2027, 6, 1),
            certification=AVF,
            outcome=Outcome.PARTIAL_TARGETED_BLOCKS,
            blocks=(B3,),
        ),
        "events[2] (vae_jury), blocks[0]: block 'RNCP37715-B3' was not targeted by the VAE file",
    ),
    "second jury for one file": (
        (
            *ADMISSIBLE,
            VaeJury(date=D(2027, 6, 1), certification=AVF, outcome=Outcome.FAILURE),
        ),
        VaeJury(date=D(2027, 7, 1), certification=AVF, outcome=Outcome.FAILURE),
        "events[3] (vae_jury), certification: the VAE file for 'RNCP37715' already had its jury"
        " on 2027-06-01",
    ),
    "confirmation with nothing pending": (
        (),
        VaeConfirmation(date=D(2027, 6, 1), certification=AVF, confirmed=True),
        "events[1] (vae_confirmation), certification: no block of 'RNCP37715' is pending"
        " confirmation",
    ),
    "resume without a drop-out": (
        (),
        Resumed(date=D(2027, 2, 1)),
        "events[1] (resume): the person has not dropped out",
    ),
    "drop-out twice": (
        DROPPED,
        DroppedOut(date=D(2027, 2, 2)),
        "events[2] (drop_out): the person already dropped out on 2027-02-01",
    ),
    "training while dropped out": (
        DROPPED,
        ModuleStarted(date=D(2027, 2, 2), module="avf-b3"),
        "events[2] (module_started): the person dropped out on 2027-02-01: record a resume first",
    ),
    "completing a module the drop-out interrupted": (
        (*DROPPED, Resumed(date=D(2027, 3, 1))),
        ModuleCompleted(date=D(2027, 3, 2), module="avf-b1"),
        "events[3] (module_completed), module: module 'avf-b1' was interrupted by a drop-out:"
        " record a new start",
    ),
    "the same target again": (
        (),
        TargetChanged(date=D(2027, 2, 1), target=Target(TargetKind.CERTIFICATION, AVF)),
        "events[1] (target_changed), target: certification RNCP37715 is already the target",
    ),
    "target on an unknown certification": (
        (),
        TargetChanged(date=D(2027, 2, 1), target=Target(TargetKind.CERTIFICATION, "RNCP1")),
        "events[1] (target_changed), target.certification: unknown certification 'RNCP1'",
    ),
    "target on a job no certification leads to": (
        (),
        TargetChanged(date=D(2027, 2, 1), target=Target(TargetKind.JOB, rome="A1101")),
        "events[1] (target_changed), target.job: no certification of the catalogue leads to"
        " job 'A1101'",
    ),
    "replacement by a certification that is not a new version": (
        (),
        CertificationReplaced(date=D(2027, 2, 1), old=AVF, new="RNCP37674"),
        "events[1] (certification_replaced), new: 'RNCP37674' is not a new version of"
        " 'RNCP37715' in the catalogue",
    ),
    "replacement recorded twice": (
        (CertificationReplaced(date=D(2027, 2, 1), old="RNCP31114", new="RNCP37674"),),
        CertificationReplaced(date=D(2027, 2, 2), old="RNCP31114", new="RNCP37674"),
        "events[2] (certification_replaced), old: certification 'RNCP31114' was already replaced",
    ),
    "positioning finding a block dated later": (
        (),
        Positioned(
            date=D(2027, 2, 1),
            blocks=(HeldBlock(B3, D(2027, 3, 1), ValidationMethod.PRIOR),),
        ),
        "events[1] (positioning), blocks[0]: block 'RNCP37715-B3' is dated after the positioning",
    ),
    "evaluation of a block awaiting a jury's confirmation": (
        (
            *ADMISSIBLE,
            VaeJury(
                date=D(2027, 6, 1),
                certification=AVF,
                outcome=Outcome.PARTIAL_PENDING,
                blocks=(B2,),
            ),
        ),
        BlockEvaluated(date=D(2027, 6, 2), block=B2, passed=True),
        "events[3] (block_evaluated), block: block 'RNCP37715-B2' awaits the confirmation of"
        " the VAE jury 2027-06-01 (partial_pending)",
    ),
    "a block listed twice in a positioning": (
        (),
        Positioned(
            date=D(2027, 2, 1),
            blocks=(
                HeldBlock(B3, D(2026, 3, 1), ValidationMethod.PRIOR),
                HeldBlock(B3, D(2026, 3, 1), ValidationMethod.PRIOR),
            ),
        ),
        "events[1] (positioning), blocks[1]: block 'RNCP37715-B3' is listed twice",
    ),
    "a block targeted twice by a VAE file": (
        (),
        VaeAdmissibility(
            date=D(2027, 2, 1), certification=AVF, decision=Decision.ADMISSIBLE, blocks=(B2, B2)
        ),
        "events[1] (vae_admissibility), blocks[1]: block 'RNCP37715-B2' is listed twice",
    ),
    "partial success on the certification for a file on blocks": (
        ADMISSIBLE_B1_B2,
        VaeJury(
            date=D(2027, 6, 1),
            certification=AVF,
            outcome=Outcome.PARTIAL_CERTIFICATION,
            blocks=(B1,),
        ),
        "events[2] (vae_jury), outcome: the VAE file targeted blocks, not the whole certification",
    ),
    "employment before the journey": (
        (),
        EmploymentPeriod(date=D(2027, 1, 31), start=D(2026, 12, 1), hours=200, rome="K1304"),
        "events[1] (employment), start: 2026-12-01 is before the journey's first positioning"
        " (2027-01-04): work done before it belongs to the positioning's experience",
    ),
    "employment ending before the previous event": (
        PASSED_B1,
        EmploymentPeriod(date=D(2027, 1, 31), start=D(2027, 1, 5), hours=100, rome="K1304"),
        "events[2] (employment), end: 2027-01-31 is before the journey's last date so far"
        " (2027-02-01)",
    ),
    "employment typed twice": (
        (EmploymentPeriod(date=D(2027, 1, 29), start=D(2027, 1, 5), hours=140, rome="K1304"),),
        EmploymentPeriod(date=D(2027, 1, 29), start=D(2027, 1, 5), hours=140, rome="K1304"),
        "events[2] (employment), start: overlaps the employment of 2027-01-05 to 2027-01-29:"
        " together more than 10 hours a day",
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_refused_event_leaves_the_journey_as_it_was(name: str) -> None:
    before, refused, problem = CASES[name]
    journey = _journey().extend(before)
    events, state = journey.events, journey.state
    with pytest.raises(JourneyError) as raised:
        journey.append(refused)
    assert str(raised.value) == f"journey of 'leo' has 1 problem:\n  - {problem}"
    assert raised.value.problems[0].where.startswith(f"events[{len(events)}]")
    assert journey.events == events
    assert journey.state is state


def test_at_least_twenty_kinds_of_refusal_are_covered() -> None:
    assert len(CASES) >= 20


def test_replay_reports_every_event_that_does_not_fit() -> None:
    journey = _journey()
    events = [
        *journey.events,
        ModuleStarted(date=D(2027, 1, 5), module="nope"),
        ModuleCompleted(date=D(2027, 2, 1), module="avf-b1"),
        Resumed(date=D(2027, 2, 2)),
    ]
    with pytest.raises(JourneyError) as raised:
        Journey.replay(journey.catalogue, journey.learner, events)
    assert [str(problem) for problem in raised.value.problems] == [
        "events[1] (module_started), module: unknown module 'nope'",
        "events[3] (resume): the person has not dropped out",
    ]
