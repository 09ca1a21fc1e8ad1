"""What a route shows and says as data: reasons with codes, credit at positioning, the target
already reached, the re-plan's positioning, caveats, and the refusals that name their cause."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from rich.console import Console

from itineraire import builtin_catalogue, catalogue_from_data, learner_from_data
from itineraire.cli import main
from itineraire.display.route import route_view
from itineraire.journeys import Journey, replan
from itineraire.journeys.events import BlockValidatedInCompany, ModuleCompleted, ModuleStarted
from itineraire.journeys.replay import frames
from itineraire.model.catalogue import Catalogue
from itineraire.model.learners import Learner
from itineraire.planning import (
    CaveatCode,
    Credit,
    NoRouteError,
    Objective,
    Planner,
    PlanningLimitError,
    Reason,
    ReasonCode,
    StepKind,
)
from itineraire.planning.documents import PlanStatus, plan_document, plan_status

CATALOGUE = builtin_catalogue()
PLANNER = Planner(CATALOGUE)
ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "examples" / "scenarios"


def _learner(**data: Any) -> Learner:
    return learner_from_data({"id": "x", **data}, CATALOGUE)


def _former_developer(target: str = "RNCP37674") -> Learner:
    """Holds the former web-developer title's first block (RNCP31114BC01), and the basics."""
    return _learner(
        positioning={
            "date": "2027-01-04",
            "competences": ["clea.1", "clea.2", "clea.3", {"competence": "pix.3.4", "level": "2"}],
            "blocks": [{"block": "RNCP31114BC01", "date": "2024-06-01"}],
        },
        target={"certification": target},
    )


def test_every_reason_code_renders_a_sentence() -> None:
    """Each code has its sentence (the prose is rendered from the fields, for every code)."""
    for code in ReasonCode:
        assert str(Reason(code=code, module="m", block="b", date=dt.date(2027, 1, 4)))


def test_every_reason_code_and_caveat_code_is_documented() -> None:
    """The codes are documented, one row each, in the route JSON page."""
    page = (ROOT / "docs" / "route-json.md").read_text(encoding="utf-8")
    for code in [*ReasonCode, *CaveatCode]:
        assert f"| `{code.value}` |" in page, code


def test_the_positioning_lists_credit_by_equivalence_with_its_equivalence() -> None:
    """A block credited at positioning is shown there, with the equivalence that grants it, in
    the route, its JSON and its text."""
    route = PLANNER.plan(_former_developer())
    positioning = route.steps[0]
    assert positioning.kind is StepKind.POSITIONING
    assert positioning.credited == (Credit("RNCP37674BC01", "rncp37674-rncp31114-bc01"),)
    assert route.validated_blocks()["RNCP37674BC01"] == 1
    actions = [step.action for step in route.steps]
    assert actions[-1] == "dwwm-back"
    assert "dwwm-front" not in actions


def test_plan_shows_credit_at_positioning_in_text_and_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "dev.json"
    learner = {
        "id": "dev",
        "positioning": {
            "date": "2027-01-04",
            "competences": ["clea.1", "clea.2", "clea.3", {"competence": "pix.3.4", "level": "2"}],
            "blocks": [{"block": "RNCP31114BC01", "date": "2024-06-01"}],
        },
        "target": {"certification": "RNCP37674"},
    }
    path.write_text(json.dumps(learner), encoding="utf-8")
    assert main(["plan", "--learner", str(path), "--json"]) == 0
    route = json.loads(capsys.readouterr().out)["learners"][0]["routes"][0]
    assert route["steps"][0]["credited"] == [
        {"block": "RNCP37674BC01", "equivalence": "rncp37674-rncp31114-bc01"}
    ]
    text = io.StringIO()
    Console(width=300, file=text).print(route_view(PLANNER.plan(_former_developer())))
    assert "RNCP37674BC01 (equivalence rncp37674-rncp31114-bc01)" in text.getvalue()


def test_credit_for_the_former_version_is_not_shown() -> None:
    """The web-developer route validates RNCP37674's blocks; RNCP31114's blocks, credited back
    by the mutual correspondence, do not matter to the target and are not listed."""
    learner = _learner(
        positioning={
            "date": "2026-12-07",
            "competences": [
                "clea.1",
                "clea.2",
                "clea.3",
                {"competence": "pix.3.4", "level": "2"},
                "digital.web_basics",
            ],
        },
        constraints={"start": "2027-01-04", "vae_allowed": False},
        target={"certification": "RNCP37674"},
    )
    route = PLANNER.plan(learner)
    assert set(route.validated_blocks()) == {"RNCP37674BC01", "RNCP37674BC02"}
    assert all(not step.credited for step in route.steps)


def test_a_target_already_met_is_said_reached_not_planned(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Holding the target at positioning: the route says it is reached on that day; the JSON
    has no totals and the status target_reached; the text says so instead of totals."""
    learner = _former_developer()
    route = PLANNER.plan(
        learner_from_data(
            {
                "id": "x",
                "positioning": {
                    "date": "2027-01-04",
                    "blocks": [
                        {"block": "RNCP31114BC01", "date": "2024-06-01"},
                        {"block": "RNCP31114BC02", "date": "2024-06-01"},
                    ],
                },
                "target": {"certification": "RNCP37674"},
            },
            CATALOGUE,
        )
    )
    assert route.target_reached_on == dt.date(2027, 1, 4)
    assert [reason.code for reason in route.steps[0].why] == [
        ReasonCode.POSITIONING,
        ReasonCode.TARGET_REACHED,
    ]
    assert plan_status([route]) is PlanStatus.TARGET_REACHED
    assert PLANNER.plan(learner).target_reached_on is None
    path = tmp_path / "held.json"
    path.write_text(
        json.dumps(
            {
                "id": "held",
                "positioning": {
                    "date": "2027-01-04",
                    "blocks": [
                        {"block": "RNCP37674BC01", "date": "2026-06-01"},
                        {"block": "RNCP37674BC02", "date": "2026-06-01"},
                    ],
                },
                "target": {"certification": "RNCP37674"},
            }
        ),
        encoding="utf-8",
    )
    assert main(["plan", "--learner", str(path), "--json"]) == 0
    [answer] = json.loads(capsys.readouterr().out)["learners"]
    assert answer["status"] == "target_reached"
    assert answer["routes"][0]["target_reached_on"] == "2027-01-04"
    assert "totals" not in answer["routes"][0]
    assert main(["plan", "--learner", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Target reached on 2027-01-04" in out
    assert "Totals" not in out
    assert "proven optimal" not in out


def _developer_journey() -> Journey:
    learner = _learner(
        positioning={
            "date": "2027-01-04",
            "competences": ["clea.1", "clea.2", "clea.3", {"competence": "pix.3.4", "level": "2"}],
        },
        target={"blocks": ["RNCP37674BC01"]},
    )
    return Journey.start(CATALOGUE, learner)


def test_a_replan_opens_with_its_own_positioning() -> None:
    """After an event, the re-planned route's first step is that day's positioning."""
    journey = _developer_journey()
    assert replan(journey).route.steps[0].title == "Initial positioning"
    later = journey.append(ModuleStarted(date=dt.date(2027, 3, 1), module="lang-en-a1")).append(
        ModuleCompleted(date=dt.date(2027, 3, 2), module="lang-en-a1")
    )
    first = replan(later).route.steps[0]
    assert first.title == "Positioning on 2027-03-02"
    assert first.why[0] == Reason(code=ReasonCode.POSITIONING, date=dt.date(2027, 3, 2))
    assert str(first.why[0]).startswith("positioning on 2027-03-02 from what the journey")


def test_simulate_reports_no_finish_once_the_target_is_reached(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """When the last event completes the target, the frame says the target is reached, with no
    finish date for an empty remainder."""
    journey = _developer_journey().append(
        BlockValidatedInCompany(date=dt.date(2027, 5, 3), block="RNCP37674BC01")
    )
    last = frames(journey)[-1]
    assert last.replan is not None
    assert last.replan.route.target_reached_on == dt.date(2027, 5, 3)
    assert "target reached on 2027-05-03" in last.route_changes
    assert not any(change.startswith("finish") for change in last.route_changes)


def test_a_budget_refusal_names_the_cheapest_cost() -> None:
    learner = _learner(
        positioning={"date": "2027-01-04", "competences": ["clea.1", "clea.2", "clea.3"]},
        constraints={"budget": 500},
        target={"blocks": ["RNCP37674BC01"]},
    )
    with pytest.raises(NoRouteError) as raised:
        PLANNER.plan(learner)
    free = _learner(
        positioning={"date": "2027-01-04", "competences": ["clea.1", "clea.2", "clea.3"]},
        target={"blocks": ["RNCP37674BC01"]},
    )
    cheapest = PLANNER.plan(free, Objective.COST).totals.cost
    assert raised.value.reasons == (Reason(code=ReasonCode.OVER_BUDGET, budget=500, cost=cheapest),)


def _closed_catalogue() -> Catalogue:
    """One block whose only module had intakes from 2012 to 2015: over for any start today."""
    return catalogue_from_data(
        {
            "name": "closed",
            "certifications": [
                {
                    "code": "ILLUSTR-X",
                    "registry": "rncp",
                    "title": "X",
                    "level": 3,
                    "blocks": [{"code": "ILLUSTR-X-B1", "title": "B1"}],
                    "provenance": {"illustrative": True},
                }
            ],
            "modules": [
                {
                    "kind": "professional",
                    "id": "x-b1",
                    "title": "X B1",
                    "block": "ILLUSTR-X-B1",
                    "hours": 35,
                    "cost": 100,
                    "validates": ["ILLUSTR-X-B1"],
                    "intakes": [{"every_weeks": 4, "from": "2012-01-02", "until": "2015-12-31"}],
                }
            ],
        }
    )


def test_no_route_after_the_last_session_names_the_module_and_its_last_session() -> None:
    """Starting after a module's intakes ended: the module whose sessions are over is named,
    with its last session (not a vague calendar reason)."""
    catalogue = _closed_catalogue()
    learner = learner_from_data(
        {"id": "p", "positioning": {"date": "2027-01-04"}, "target": {"blocks": ["ILLUSTR-X-B1"]}},
        catalogue,
    )
    with pytest.raises(NoRouteError) as raised:
        Planner(catalogue).plan(learner)
    [reason] = raised.value.reasons
    assert (reason.code, reason.module, reason.block, reason.date) == (
        ReasonCode.SESSIONS_OVER,
        "x-b1",
        "ILLUSTR-X-B1",
        dt.date(2015, 12, 28),
    )
    assert str(reason) == (
        "the sessions of x-b1 (it validates block ILLUSTR-X-B1 of the target)"
        " are over: its last session started on 2015-12-28"
    )


def test_a_stopped_search_has_its_own_status(
    part_time_catalogue: Catalogue, part_time_learner: Learner
) -> None:
    """A search stopped at its limit is not a proof: the envelope says stopped. (Modules run
    part time are beyond the mixed-integer model, so almost no work finds nothing.)"""
    learner = part_time_learner
    with pytest.raises(PlanningLimitError) as raised:
        Planner(part_time_catalogue, work_limit=1).plan(learner)
    assert [reason.code for reason in raised.value.reasons] == [ReasonCode.SEARCH_STOPPED]
    document = plan_document([(learner, raised.value)], catalogue="builtin", objective="duration")
    [answer] = document.learners
    assert answer.status is PlanStatus.STOPPED
    assert answer.routes == []
    assert answer.reasons[0].limit == 1


def test_plan_json_without_a_route_is_the_envelope(capsys: pytest.CaptureFixture[str]) -> None:
    """No route: exit 1 and the envelope on stdout (nothing else), valid against the committed
    plan schema."""
    assert main(["plan", "--budget", "100", "--json"]) == 1
    captured = capsys.readouterr()
    document = json.loads(captured.out)
    schema = json.loads((ROOT / "docs" / "schemas" / "plan.json").read_text(encoding="utf-8"))
    Draft202012Validator(schema).validate(document)
    [answer] = document["learners"]
    assert (answer["status"], answer["routes"]) == ("no_route", [])
    assert answer["reasons"][0]["code"] == "over_budget"
    assert captured.err == ""


def test_schemas_say_their_dialect_and_identity() -> None:
    for path in sorted((ROOT / "docs" / "schemas").glob("*.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["$id"].startswith(f"urn:itineraire:schema:{path.stem}:")


def test_a_route_states_its_caveats() -> None:
    """An illustrative certification and estimated figures are stated by the route, so that an
    application never shows them as facts; a VAE's costs are the policy's estimates."""
    learner = _learner(
        positioning={
            "date": "2026-12-14",
            "competences": ["clea.1", "clea.2"],
            "experience": [{"rome": "K1304", "hours": 2000}],
        },
        constraints={"start": "2027-01-04"},
        target={"certification": "RNCP37715"},
    )
    route = PLANNER.plan(learner, Objective.COST)
    caveats = {caveat.code: caveat for caveat in route.caveats}
    assert caveats[CaveatCode.ILLUSTRATIVE_CERTIFICATIONS].certifications == ("RNCP37715",)
    modules = {step.action for step in route.steps if step.action in CATALOGUE.modules}
    assert set(caveats[CaveatCode.ESTIMATED_FIGURES].modules) == modules
    has_vae = any(step.kind is StepKind.VAE_JURY for step in route.steps)
    assert (CaveatCode.ESTIMATED_VAE_COSTS in caveats) == has_vae


def test_explain_reads_the_reasons_codes_not_their_sentences() -> None:
    """The chain follows a reason's code and module: a later step is found by its module."""
    from itineraire.planning.explaining import explain, find_step

    route = PLANNER.plan(
        _learner(
            positioning={"date": "2026-12-14", "competences": ["clea.1", "clea.2"]},
            constraints={"start": "2027-01-04", "vae_allowed": False},
            target={"certification": "RNCP37715"},
        )
    )
    step = find_step(route, "monde-du-travail")
    assert step is not None
    [link, *_] = explain(route, step).reasons
    assert link.reason.code is ReasonCode.NEEDED_BY
    assert link.then is not None
    assert link.then.step.action == link.reason.module


def test_a_journey_without_a_route_gives_its_reasons_as_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`journey --json` and `simulate --json` carry the no-route reasons as objects too."""
    path = tmp_path / "poor.json"
    journey = {
        "format": "itineraire.journey/1",
        "learner": {
            "id": "poor",
            "positioning": {"date": "2027-01-04"},
            "constraints": {"budget": 100},
            "target": {"blocks": ["RNCP37674BC01"]},
        },
        "events": [],
    }
    path.write_text(json.dumps(journey), encoding="utf-8")
    assert main(["journey", str(path), "--view", "route", "--json"]) == 1
    replanned = json.loads(capsys.readouterr().out)["replan"]
    assert replanned["route"] is None
    assert [reason["code"] for reason in replanned["reasons"]] == ["over_budget"]
    assert main(["simulate", str(path), "--json"]) == 0
    [frame] = json.loads(capsys.readouterr().out)
    assert frame["replan"]["reasons"][0]["budget"] == 100


def test_a_budget_is_not_blamed_when_no_route_exists_without_it() -> None:
    """With a budget and sessions over, the refusal names the sessions: planning without the
    budget finds no route either, so the budget is not the cause."""
    catalogue = _closed_catalogue()
    learner = learner_from_data(
        {
            "id": "p",
            "positioning": {"date": "2027-01-04"},
            "constraints": {"budget": 50},
            "target": {"blocks": ["ILLUSTR-X-B1"]},
        },
        catalogue,
    )
    with pytest.raises(NoRouteError) as raised:
        Planner(catalogue).plan(learner)
    assert {reason.code for reason in raised.value.reasons} == {ReasonCode.SESSIONS_OVER}


def _vae_only_catalogue(placement: bool) -> Catalogue:
    """A certification whose one block no module can validate (its module needs a competence
    nothing teaches): only a VAE reaches it, its jury at 1 €; with ``placement``, a free
    placement in its job that brings the experience the VAE needs."""
    modules: list[dict[str, Any]] = [
        {
            "id": "m-blocked",
            "title": "Module that needs c1",
            "hours": 10,
            "cost": 0,
            "kind": "professional",
            "block": "RNCP9002BC01",
            "validates": ["RNCP9002BC01"],
            "requires": "c1",
        }
    ]
    if placement:
        modules.append(
            {
                "kind": "placement",
                "id": "cp-job",
                "title": "Placement",
                "placement_type": "professionalisation_contract",
                "hours": 210,
                "cost": 0,
                "rome": "M1805",
                "experience_hours": 700,
            }
        )
    data = {
        "name": "vae only",
        "competences": [{"id": "c1", "title": "Competence 1"}],
        "certifications": [
            {
                "code": "RNCP9002",
                "registry": "rncp",
                "title": "Certification 2",
                "level": 4,
                "access_routes": ["continuing_training", "vae"],
                "rome": ["M1805"],
                "blocks": [{"code": "RNCP9002BC01", "title": "Block 1"}],
            }
        ],
        "modules": modules,
        "vae": {
            "min_related_hours": 1,
            "block_coverage_hours": 600,
            "admissibility_weeks": 1,
            "support_weeks": 1,
            "support_hours": 1,
            "jury_weeks": 1,
            "support_cost": 0,
            "jury_cost": 1,
            "block_cost": 0,
        },
    }
    return catalogue_from_data(data, strict=False)


def _reasons_for_the_vae_only_target(
    catalogue: Catalogue, positioning: dict[str, Any], constraints: dict[str, Any]
) -> list[Reason]:
    """Why no route takes a person starting on 2026-01-05 (``positioning`` and ``constraints``
    added to that) to the certification of :func:`_vae_only_catalogue`, for the cost."""
    learner = learner_from_data(
        {
            "id": "someone",
            "positioning": {"date": "2026-01-05", **positioning},
            "constraints": {"start": "2026-01-05", "weekly_hours": 14, **constraints},
            "target": {"certification": "RNCP9002"},
        },
        catalogue,
    )
    with pytest.raises(NoRouteError) as raised:
        Planner(catalogue).plan(learner, Objective.COST)
    return list(raised.value.reasons)


@pytest.mark.parametrize("source", ["planned employment", "placement"])
def test_a_budget_refusal_counts_the_experience_a_route_may_gather(source: str) -> None:
    """Only a VAE reaches the target, and the experience it needs comes later: from planned
    employment, or from a placement the route may take. Under a budget the VAE's jury exceeds,
    the reason is the budget (with the cheapest cost), not the experience: the diagnosis counted
    only the experience already held."""
    catalogue = _vae_only_catalogue(placement=source == "placement")
    constraints: dict[str, Any] = {"budget": 0}
    if source == "planned employment":
        constraints["unavailable"] = [
            {"start": "2026-01-05", "end": "2026-01-05", "rome": "M1805", "hours": 700}
        ]
    [reason] = _reasons_for_the_vae_only_target(catalogue, {}, constraints)
    assert (reason.code, reason.budget, reason.cost) == (ReasonCode.OVER_BUDGET, 0, 1)


def test_experience_too_short_to_cover_a_block_is_the_reason_not_the_calendar() -> None:
    """70 hours in the certification's job make the person admissible to its VAE, but a VAE
    validates only the blocks the experience covers (600 hours here): the reason names the
    experience, where the diagnosis used to credit every block of an admissible VAE and blame
    the calendar."""
    catalogue = _vae_only_catalogue(placement=False)
    experience = {"experience": [{"rome": "M1805", "hours": 70}]}
    target, block = _reasons_for_the_vae_only_target(catalogue, experience, {})
    assert target.code is ReasonCode.TARGET_UNREACHABLE
    assert block.code is ReasonCode.BLOCK_UNREACHABLE
    assert block.causes[-1].code is ReasonCode.EXPERIENCE_NOT_COVERING
