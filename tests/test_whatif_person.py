"""A person's what-if: every answer is a re-plan, ranked by gain; thresholds are tight.

The named scenario is the demonstration learner (Samira, home help RNCP37715) on the built-in
catalogue; the rules are checked for every small catalogue and learner the testing kit draws.
"""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from itineraire import builtin_catalogue, learner_from_data
from itineraire.cli import main
from itineraire.model.learners import Learner
from itineraire.model.money import euros
from itineraire.planning import NoRouteError, Objective, Planner
from itineraire.testing import PlanningCase, planning_cases
from itineraire.whatif import Change, ChangeKind, ThresholdKind, what_if
from itineraire.whatif.person import objective_value

CATALOGUE = builtin_catalogue()
PLANNER = Planner(CATALOGUE)


def _demo(**constraints: Any) -> Learner:
    text = resources.files("itineraire.data").joinpath("demo_learner.json").read_text("utf-8")
    data = json.loads(text)
    data["constraints"].update(constraints)
    return learner_from_data(data, CATALOGUE)


def test_the_demonstration_learner_is_told_what_shortens_her_route() -> None:
    """The best change for Samira is block B2 held (about 13 weeks earlier), said as a referent
    would."""
    result = what_if(CATALOGUE, _demo(), Objective.DURATION, planner=PLANNER)
    first = result.answers[0]
    assert first.change == Change(ChangeKind.BLOCK, "RNCP37715-B2")
    assert first.gain == 89
    assert first.sentence == (
        "With block RNCP37715-B2 (Accompagner la personne dans ses activités essentielles du"
        " quotidien et dans ses projets) validated before the start, the route ends 89 days"
        " (about 13 weeks) earlier (on 5 March 2027 instead of 2 June 2027)."
    )
    clea = [a for a in result.answers if a.change.kind is ChangeKind.COMPETENCE]
    assert [a.change.subject for a in clea] == ["clea.4"]
    assert clea[0].sentence.startswith(
        "With CléA domain 4 (Travailler dans le cadre de règles définies d'un travail en équipe)"
        " held before the start (4 January 2027), the route ends 30 days (about 4 weeks)"
        " earlier"
    )


@pytest.mark.parametrize("objective", list(Objective))
def test_every_answer_is_the_plan_of_the_changed_person(objective: Objective) -> None:
    """Each answer's route is exactly what the planner gives the changed learner; gains are
    positive, in the objective's unit, and ranked largest first."""
    learner = _demo()
    result = what_if(CATALOGUE, learner, objective, planner=PLANNER)
    assert result.baseline == PLANNER.plan(learner, objective)
    assert result.answers
    assert all(answer.gain is not None and answer.gain > 0 for answer in result.answers)
    gains = [answer.gain or 0 for answer in result.answers]
    assert gains == sorted(gains, reverse=True)
    for answer in result.answers:
        replanned = PLANNER.plan(answer.change.apply(learner), objective)
        assert answer.route == replanned
        assert answer.gain == objective_value(result.baseline, objective) - objective_value(
            replanned, objective
        )


def test_the_cheapest_route_threshold_is_tight() -> None:
    """The smallest budget that admits a route admits one; a euro less admits none."""
    result = what_if(CATALOGUE, _demo(), Objective.DURATION, planner=PLANNER)
    (cheapest,) = [t for t in result.thresholds if t.kind is ThresholdKind.CHEAPEST_ROUTE]
    assert isinstance(cheapest.value, int)
    PLANNER.plan(_demo(budget=cheapest.value))
    with pytest.raises(NoRouteError):
        PLANNER.plan(_demo(budget=cheapest.value - 1))


def test_the_latest_start_threshold_is_tight() -> None:
    """Starting on the latest start still finishes by the date; a day later does not."""
    learner = _demo()
    deadline = dt.date(2027, 6, 30)
    result = what_if(CATALOGUE, learner, Objective.DURATION, planner=PLANNER, finish_by=deadline)
    (latest,) = [t for t in result.thresholds if t.kind is ThresholdKind.LATEST_START]
    assert isinstance(latest.value, dt.date)
    assert latest.sentence.startswith("The latest start that still finishes by 30 June 2027 is")
    on_time = PLANNER.plan(_start(learner, latest.value))
    late = PLANNER.plan(_start(learner, latest.value + dt.timedelta(days=1)))
    assert on_time.totals.finish <= deadline < late.totals.finish


def _start(learner: Learner, day: dt.date) -> Learner:
    return attrs.evolve(learner, constraints=attrs.evolve(learner.constraints, start=day))


def test_the_experience_threshold_is_the_coverage_rule_exactly() -> None:
    """The fewest extra hours for VAE to cover a block bring the related experience to the
    catalogue's coverage figure, not an hour more."""
    learner = _demo()
    result = what_if(CATALOGUE, learner, Objective.COST, planner=PLANNER)
    thresholds = [t for t in result.thresholds if t.kind is ThresholdKind.EXPERIENCE_FOR_BLOCK]
    assert [(t.subject, t.value) for t in thresholds] == [
        ("RNCP37715-B2", 600),
        ("RNCP37715-B3", 600),
    ]
    coverage = CATALOGUE.vae_policy.block_coverage_hours
    for threshold in thresholds:
        rome = frozenset(CATALOGUE.blocks[threshold.subject].experience_rome)
        assert isinstance(threshold.value, int)
        assert learner.positioning.experience_hours(rome) + threshold.value == coverage


def test_no_route_is_answered_by_the_changes_that_make_one() -> None:
    """With a budget no route fits, the answer is the change that lifts the cap, and the
    cheapest route's cost is the smallest budget that admits one."""
    learner = _demo(budget=1000)
    result = what_if(CATALOGUE, learner, Objective.DURATION, planner=PLANNER)
    assert result.baseline is None
    assert result.no_route == (
        f"no route fits the budget of {euros(1000)}: the cheapest route costs {euros(7060)}",
    )
    assert [answer.change for answer in result.answers] == [Change(ChangeKind.BUDGET)]
    assert result.answers[0].gain is None
    assert result.answers[0].sentence.startswith("With no budget cap, a route exists: it ends on")
    assert [t.kind for t in result.thresholds][:2] == [
        ThresholdKind.CHEAPEST_ROUTE,
        ThresholdKind.BUDGET_FOR_BEST,
    ]


def test_the_budget_for_the_best_route_is_tight() -> None:
    """Under a binding budget, the smallest budget that gives the uncapped best route does, and
    a euro less does not."""
    learner = _demo(budget=7100)
    result = what_if(CATALOGUE, learner, Objective.DURATION, planner=PLANNER)
    (best,) = [t for t in result.thresholds if t.kind is ThresholdKind.BUDGET_FOR_BEST]
    assert isinstance(best.value, int)
    uncapped = PLANNER.plan(_demo())
    assert PLANNER.plan(_demo(budget=best.value)).totals.finish == uncapped.totals.finish
    assert PLANNER.plan(_demo(budget=best.value - 1)).totals.finish > uncapped.totals.finish


@settings(deadline=None, max_examples=30)
@given(planning_cases(max_modules=4), st.sampled_from(list(Objective)))
def test_answers_are_exact_on_any_catalogue(case: PlanningCase, objective: Objective) -> None:
    """For any small catalogue and learner: every answer is the changed learner's plan, it
    improves the objective (or makes a route exist), and the same call gives the same answers."""
    catalogue, learner = case.catalogue, case.learner
    planner = Planner(catalogue)
    result = what_if(catalogue, learner, objective, planner=planner)
    for answer in result.answers:
        assert answer.route == planner.plan(answer.change.apply(learner), objective)
        if result.baseline is None:
            assert answer.gain is None
        else:
            assert answer.gain is not None
            assert answer.gain > 0
    assert what_if(catalogue, learner, objective) == result


def test_the_command_line_answers_in_json_and_in_words(capsys: pytest.CaptureFixture[str]) -> None:
    """``what-if --json`` gives the answers as data; without it, numbered sentences."""
    assert main(["what-if", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["learner"] == "demo-samira"
    assert data["answers"][0]["change"] == {"kind": "block", "subject": "RNCP37715-B2"}
    assert data["answers"][0]["gain"] == 89
    assert data["answers"][0]["unit"] == "days"
    assert main(["what-if"]) == 0
    out = capsys.readouterr().out
    assert "1. With block RNCP37715-B2" in out
    assert "12 changes considered" in out


def test_the_command_line_answers_a_person_without_a_route(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """No route under the budget: the answer is the change that makes one (exit 0)."""
    code = main(["what-if", "--certification", "RNCP37674", "--budget", "0", "--no-vae"])
    captured = capsys.readouterr()
    assert code == 0
    assert "With no budget cap, a route exists" in captured.out


def test_no_experience_threshold_for_a_certification_whose_vae_is_under_way() -> None:
    """Samira with a VAE file under way for blocks B1 and B2 of her certification: no second
    VAE of it is ever planned, so no extra hours of work would let VAE cover B3; the answer
    does not claim it (for another certification it still would)."""
    data = json.loads(
        resources.files("itineraire.data").joinpath("demo_learner.json").read_text("utf-8")
    )
    data["positioning"]["vae_under_way"] = [
        {
            "certification": "RNCP37715",
            "admissible": data["positioning"]["date"],
            "blocks": ["RNCP37715-B1", "RNCP37715-B2"],
        }
    ]
    learner = learner_from_data(data, CATALOGUE)
    result = what_if(CATALOGUE, learner, Objective.COST, planner=PLANNER)
    kinds = {t.kind for t in result.thresholds}
    assert ThresholdKind.EXPERIENCE_FOR_BLOCK not in kinds
    assert all(answer.change.kind is not ChangeKind.EXPERIENCE for answer in result.answers)
