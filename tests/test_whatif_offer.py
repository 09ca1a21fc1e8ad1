"""The offer analysis: every candidate exact, and the reuse rule sound.

The reuse rule says a change of the catalogue that touches nothing in a person's reach cannot
change the best value of their route; it is checked against re-planning on every small
catalogue the testing kit draws, and the analysis with reuse against the analysis without.
"""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources
from typing import Any

import attrs
import pytest
from hypothesis import given, settings

from itineraire import builtin_catalogue, learner_from_data
from itineraire.cli import main
from itineraire.model.catalogue import Catalogue
from itineraire.model.learners import Learner
from itineraire.planning import NoRouteError, Objective, Planner
from itineraire.testing import PlanningCase, planning_cases
from itineraire.whatif.offer import offer_analysis
from itineraire.whatif.offer_candidates import OfferChange, OfferChangeKind, offer_candidates
from itineraire.whatif.person import objective_value
from itineraire.whatif.reach import reach

CATALOGUE = builtin_catalogue()


def _demo(**changes: Any) -> Learner:
    text = resources.files("itineraire.data").joinpath("demo_learner.json").read_text("utf-8")
    data = json.loads(text)
    data.update(changes)
    return learner_from_data(data, CATALOGUE)


def _values(catalogue: Catalogue, learner: Learner) -> tuple[int, ...] | None:
    try:
        route = Planner(catalogue).plan(learner)
    except NoRouteError:
        return None
    return tuple(objective_value(route, objective) for objective in Objective)


def _every_change(catalogue: Catalogue, learner: Learner) -> list[OfferChange]:
    """Every change of each kind the small catalogue allows (a session two weeks after the
    start, each prerequisite and entry requirement, each one-way equivalence between blocks of
    two certifications)."""
    day = learner.constraints.start + dt.timedelta(days=14)
    found = [
        OfferChange(OfferChangeKind.SESSION, module.id, day)
        for module in catalogue.modules.values()
        if not module.open_entry
    ]
    found += [
        OfferChange(OfferChangeKind.PREREQUISITE, module.id)
        for module in catalogue.modules.values()
        if module.prerequisites is not None
    ]
    found += [
        OfferChange(OfferChangeKind.ENTRY_REQUIREMENT, code)
        for code, certification in catalogue.certifications.items()
        if certification.entry_requirement is not None
    ]
    blocks = sorted(catalogue.blocks)
    found += [
        OfferChange(OfferChangeKind.EQUIVALENCE, granted, source=source)
        for source in blocks
        for granted in blocks
        if catalogue.blocks[source].certification != catalogue.blocks[granted].certification
    ]
    return found


@settings(deadline=None, max_examples=40)
@given(planning_cases(max_modules=4))
def test_a_change_outside_the_reach_never_changes_the_best_route(case: PlanningCase) -> None:
    """For every change the reuse rule says cannot touch the person, the best route's value
    (duration, cost and hours) is the same on the changed catalogue, or there is still none."""
    catalogue, learner = case.catalogue, case.learner
    area = reach(catalogue, learner)
    before = _values(catalogue, learner)
    for change in _every_change(catalogue, learner):
        if not change.touches(area):
            assert _values(change.apply(catalogue), learner) == before, change


@settings(deadline=None, max_examples=40)
@given(planning_cases(max_modules=4))
def test_a_session_out_of_time_never_shortens_the_route(case: PlanningCase) -> None:
    """A session before the person's start, or after their route's finish, never changes the
    earliest finish (nor, when there is no route, makes one start before the start)."""
    catalogue, learner = case.catalogue, case.learner
    try:
        route = Planner(catalogue).plan(learner)
    except NoRouteError:
        route = None
    before = _values(catalogue, learner)
    start = learner.constraints.start
    days = [start - dt.timedelta(days=1), start - dt.timedelta(days=30)]
    if route is not None:
        days += [route.totals.finish + dt.timedelta(days=n) for n in (1, 7, 60)]
    for module in catalogue.modules.values():
        if module.open_entry:
            continue  # no sessions to add to: a module with open entry starts any day
        for day in days:
            change = OfferChange(OfferChangeKind.SESSION, module.id, day)
            if change.out_of_time(learner, route, Objective.DURATION):
                after = _values(change.apply(catalogue), learner)
                assert (after is None) == (before is None), change
                if after is not None and before is not None:
                    assert after[0] == before[0], change


def test_the_rule_spares_samira_a_web_session_but_not_a_home_help_one() -> None:
    """A session of a web-development module cannot touch a home-help route; a session of the
    home-help block she waits for can (and does: she finishes earlier)."""
    learner = _demo()
    area = reach(CATALOGUE, learner)
    web = OfferChange(OfferChangeKind.SESSION, "dwwm-back", dt.date(2027, 1, 11))
    assert not web.touches(area)
    assert _values(web.apply(CATALOGUE), learner) == _values(CATALOGUE, learner)
    home = OfferChange(OfferChangeKind.SESSION, "avf-b2", dt.date(2027, 1, 11))
    assert home.touches(area)
    before = Planner(CATALOGUE).plan(learner).totals.finish
    after = Planner(home.apply(CATALOGUE)).plan(learner).totals.finish
    assert after < before


def _population() -> list[Learner]:
    people = []
    for index, (target, competences) in enumerate(
        [
            ("RNCP37715", ["clea.1", "clea.2"]),
            ("RNCP37715", ["clea.1"]),
            ("RNCP37674", ["clea.1", "clea.2"]),
            ("RNCP37674", []),
        ]
    ):
        data = {
            "id": f"p{index}",
            "positioning": {"date": "2026-12-14", "competences": competences},
            "constraints": {"start": "2027-01-04"},
            "target": {"certification": target},
        }
        people.append(learner_from_data(data, CATALOGUE))
    return people


def test_reusing_routes_gives_the_same_answers_as_re_planning_everyone() -> None:
    """With the reuse rule or without, every candidate saves the same over the same people; the
    rule only spares plans."""
    people = _population()
    reused = offer_analysis(CATALOGUE, people, max_candidates=2)
    full = offer_analysis(CATALOGUE, people, max_candidates=2, reuse=False)

    def outcome(analysis: Any) -> list[tuple[Any, ...]]:
        return [(a.change, a.people, a.saved, a.new_routes) for a in analysis.answers]

    assert outcome(reused) == outcome(full)
    assert reused.reused > 0
    assert full.reused == 0
    assert reused.plans + reused.reused == full.plans


def test_the_answers_do_not_depend_on_the_number_of_processes() -> None:
    """Planned in two worker processes, every candidate saves the same over the same people,
    with the same work, as in this process."""
    people = _population()
    change = OfferChange(OfferChangeKind.SESSION, "avf-b2", dt.date(2027, 1, 11))
    here = offer_analysis(CATALOGUE, [*people, _demo()], candidates=[change])
    workers = offer_analysis(CATALOGUE, [*people, _demo()], candidates=[change], jobs=2)
    assert here == workers
    assert here.answers[0].people > 0


def test_an_offer_analysis_needs_a_process_to_plan() -> None:
    with pytest.raises(ValueError, match=r"^jobs must be at least 1 \(got 0\)$"):
        offer_analysis(CATALOGUE, [_demo()], jobs=0)


def test_the_same_situation_is_planned_once_and_counted_for_each_person() -> None:
    """Three people in Samira's situation: one situation planned, savings counted three times."""
    people = [attrs.evolve(_demo(), id=f"samira-{n}") for n in range(3)]
    change = OfferChange(OfferChangeKind.SESSION, "avf-b2", dt.date(2027, 1, 11))
    analysis = offer_analysis(CATALOGUE, people, candidates=[change])
    assert (analysis.population, analysis.situations, analysis.baseline_plans) == (3, 1, 1)
    (answer,) = analysis.answers
    before = Planner(CATALOGUE).plan(people[0]).totals.finish
    after = Planner(change.apply(CATALOGUE)).plan(people[0]).totals.finish
    assert answer.people == 3
    assert answer.saved == 3 * (before - after).days
    assert answer.sentence.startswith(
        "A session of avf-b2 in January 2027 (starting 11 January 2027) would save"
    )


@pytest.mark.parametrize("kind", list(OfferChangeKind))
def test_candidates_of_each_kind_change_only_what_they_say(kind: OfferChangeKind) -> None:
    """Applying a change alters exactly its module, certification or equivalence list."""
    changes = {
        OfferChangeKind.SESSION: OfferChange(kind, "avf-b2", dt.date(2027, 1, 11)),
        OfferChangeKind.PREREQUISITE: OfferChange(kind, "avf-b2"),
        OfferChangeKind.ENTRY_REQUIREMENT: OfferChange(kind, "RNCP37715"),
        OfferChangeKind.EQUIVALENCE: OfferChange(kind, "RNCP37715-B1", source="RNCP37674BC01"),
    }
    changed = changes[kind].apply(CATALOGUE)
    differing = [
        name
        for name in ("modules", "certifications", "equivalences")
        if getattr(changed, name) != getattr(CATALOGUE, name)
    ]
    expected = {
        OfferChangeKind.SESSION: ["modules"],
        OfferChangeKind.PREREQUISITE: ["modules"],
        OfferChangeKind.ENTRY_REQUIREMENT: ["certifications"],
        OfferChangeKind.EQUIVALENCE: ["equivalences"],
    }
    assert differing == expected[kind]


def test_the_command_line_analyses_the_offer_for_a_scenario(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``what-if --offer --scenario`` ranks the changes for the scenario's learners."""
    scenario = "examples/scenarios/sectors/retail-crafts.toml"
    code = main(["what-if", "--offer", "--scenario", scenario, "--max-candidates", "2", "--json"])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["population"], data["situations"], data["candidates"]) == (2, 2, 6)
    assert data["answers"][0]["change"] == {
        "kind": "equivalence",
        "subject": "RNCP37099BC01",
        "source": "ILLUSTR-CAP-BOUL-B2",
    }
    assert data["answers"][0]["saved"] == 56
    assert data["plans"] + data["reused"] == data["candidates"] * data["situations"]
    assert main(["what-if", "--offer", "--max-candidates", "0"]) == 2
    assert capsys.readouterr().err == "error: --max-candidates must be at least 1\n"
    assert main(["what-if", "--offer", "--jobs", "0"]) == 2
    assert capsys.readouterr().err == "error: --jobs must be at least 1 (got 0)\n"


def test_session_candidates_take_each_module_s_best_month_before_any_second() -> None:
    """The web-development modules wait in many months and the home-help block in one: with
    three places, each module gets its best month, and more places only add later rounds."""
    people = _population()
    planner = Planner(CATALOGUE)
    routes: dict[Learner, Any] = {person: planner.plan(person) for person in people}

    def sessions(count: int) -> list[tuple[str, dt.date | None]]:
        found = offer_candidates(CATALOGUE, people, routes, count)
        return [(c.subject, c.day) for c in found if c.kind is OfferChangeKind.SESSION]

    three = sessions(3)
    assert sorted(module for module, _ in three) == ["avf-b2", "dwwm-back", "dwwm-front"]
    every = sessions(40)
    assert every[:3] == three
    assert len(every) == len(set(every)) > 3
