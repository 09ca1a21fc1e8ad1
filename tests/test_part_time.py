"""Steps side by side: named cases of modules run part time (``weekly_hours``).

Certification RNCP9001 has two blocks: ``m-pro`` (145 h) validates the first, ``t-clea`` (30 h)
the second. The person trains 35 h a week, Monday to Friday, from Monday 2026-01-05.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from itineraire import catalogue_from_data, learner_from_data
from itineraire.cli import main
from itineraire.errors import CatalogueError
from itineraire.files.export import catalogue_document, to_json
from itineraire.model.catalogue import Catalogue
from itineraire.model.learners import Learner
from itineraire.modules import Placement, PlacementType, TransversalDomain, TransversalModule
from itineraire.planning import Objective, Planner, Route
from itineraire.planning.decomposition import decompose
from itineraire.planning.documents import route_document
from itineraire.planning.explaining import route_graph
from itineraire.planning.highs import plan_with_highs
from itineraire.planning.reasons import ReasonCode
from itineraire.planning.simulation import simulate
from itineraire.testing import Reference, assert_route_sound, route_vector

MONDAY = dt.date(2026, 1, 5)
FRIDAY_WEEK_5 = dt.date(2026, 2, 6)


def _catalogue(
    pro: int | None = 29, clea: int | None = 6, requires: str | None = None
) -> dict[str, Any]:
    professional: dict[str, Any] = {
        "kind": "professional",
        "id": "m-pro",
        "title": "Vocational course",
        "block": "RNCP9001BC01",
        "validates": ["RNCP9001BC01"],
        "hours": 145,
        "cost": 1000,
    }
    transversal: dict[str, Any] = {
        "kind": "transversal",
        "domain": "basic_skills",
        "id": "t-clea",
        "title": "CléA",
        "validates": ["RNCP9001BC02"],
        "teaches": ["c1"],
        "hours": 30,
        "cost": 300,
    }
    if pro is not None:
        professional["weekly_hours"] = pro
    if clea is not None:
        transversal["weekly_hours"] = clea
    if requires is not None:
        professional["requires"] = requires
    return {
        "name": "part-time",
        "competences": [{"id": "c1", "title": "Competence 1"}],
        "certifications": [
            {
                "code": "RNCP9001",
                "registry": "rncp",
                "title": "Certification",
                "level": 3,
                "access_routes": ["continuing_training"],
                "rome": ["K1304"],
                "blocks": [
                    {"code": "RNCP9001BC01", "title": "Block 1"},
                    {"code": "RNCP9001BC02", "title": "Block 2"},
                ],
            }
        ],
        "modules": [professional, transversal],
    }


def _inputs(document: dict[str, Any], weekly_hours: int = 35) -> tuple[Catalogue, Learner]:
    catalogue = catalogue_from_data(document)
    learner = learner_from_data(
        {
            "id": "ana",
            "positioning": {"date": MONDAY.isoformat()},
            "constraints": {"start": MONDAY.isoformat(), "weekly_hours": weekly_hours},
            "target": {"certification": "RNCP9001"},
        },
        catalogue,
    )
    return catalogue, learner


def _plan(catalogue: Catalogue, learner: Learner, objective: Objective) -> Route:
    route = Planner(catalogue).plan(learner, objective)
    assert_route_sound(catalogue, learner, route)
    assert simulate(catalogue, learner, route.sequence(), objective) == route
    return route


def _dates(route: Route) -> dict[str, tuple[dt.date, dt.date]]:
    return {step.action: (step.start, step.end) for step in route.steps[1:]}


# -- the catalogue field ----------------------------------------------------------------------


def test_weekly_hours_are_read_and_written_back() -> None:
    """The field loads onto the module and a catalogue document gives it back; a module without
    it has none."""
    catalogue = catalogue_from_data(_catalogue(pro=None, clea=6))
    assert catalogue.modules["t-clea"].weekly_hours == 6
    assert catalogue.modules["m-pro"].weekly_hours is None
    modules = json.loads(to_json(catalogue_document(catalogue)))["modules"]
    assert [module.get("weekly_hours") for module in modules] == [None, 6]


def test_bad_weekly_hours_are_refused_by_name_all_at_once() -> None:
    """Zero, above 60, text, and any value on a placement are refused, each naming its module."""
    document = _catalogue(pro=0, clea=61)
    document["modules"] += [
        {
            "kind": "transversal",
            "domain": "language",
            "id": "t-text",
            "title": "Text",
            "hours": 10,
            "cost": 0,
            "weekly_hours": "6",
        },
        {
            "kind": "placement",
            "id": "p-company",
            "title": "Placement",
            "placement_type": "pmsmp",
            "hours": 35,
            "cost": 0,
            "weekly_hours": 6,
        },
    ]
    with pytest.raises(CatalogueError) as raised:
        catalogue_from_data(document)
    assert str(raised.value).splitlines()[1:] == [
        "  - modules[0] 'm-pro', weekly_hours: input should be greater than or equal to 1 (got 0)",
        "  - modules[1] 't-clea', weekly_hours: input should be less than or equal to 60 (got 61)",
        "  - modules[2] 't-text', weekly_hours: input should be a valid integer (got '6')",
        "  - modules[3] 'p-company', weekly_hours: is not a field of this item",
    ]


def test_the_model_refuses_bad_weekly_hours() -> None:
    """Built in code, a module with weekly hours out of range, or a placement with any, is
    refused."""
    with pytest.raises(ValueError, match=r"^weekly_hours must be from 1 to 60 \(got 0\)$"):
        TransversalModule(
            id="t", title="T", hours=1, cost=0, domain=TransversalDomain.LANGUAGE, weekly_hours=0
        )
    with pytest.raises(ValueError, match=r"^a placement runs full time: it has no weekly_hours$"):
        Placement(
            id="p",
            title="P",
            hours=1,
            cost=0,
            placement_type=PlacementType.PMSMP,
            weekly_hours=6,
        )


# -- the rule ---------------------------------------------------------------------------------


def test_a_part_time_module_runs_beside_another_within_the_weekly_hours() -> None:
    """29 h + 6 h fit in 35: both modules run from the first Monday for five weeks (145 h at
    29 h and 30 h at 6 h are 25 training days each), instead of one after the other."""
    route = _plan(*_inputs(_catalogue(pro=29, clea=6)), Objective.DURATION)
    assert _dates(route) == {
        "m-pro": (MONDAY, FRIDAY_WEEK_5),
        "t-clea": (MONDAY, FRIDAY_WEEK_5),
    }
    assert route.totals.duration_days == 33
    steps = {step.action: step for step in route.steps}
    assert route.beside(steps["m-pro"]) == ("t-clea",)
    assert route.beside(steps["t-clea"]) == ("m-pro",)
    assert (steps["m-pro"].weekly_hours, steps["t-clea"].weekly_hours) == (29, 6)


def test_steps_never_go_beyond_the_weekly_hours() -> None:
    """29 h + 10 h would be 39 h a week: the CléA module (30 h at 10 h, three weeks) waits for
    the vocational course to end; the reference agrees it is the best."""
    catalogue, learner = _inputs(_catalogue(pro=29, clea=10))
    route = _plan(catalogue, learner, Objective.DURATION)
    assert _dates(route) == {
        "m-pro": (MONDAY, FRIDAY_WEEK_5),
        "t-clea": (dt.date(2026, 2, 9), dt.date(2026, 2, 27)),
    }
    assert not route.beside(route.steps[1])
    best = Reference(catalogue, learner).best(Objective.DURATION)
    assert best is not None
    assert route_vector(route, Objective.DURATION) == best.vector


def test_a_full_time_module_runs_alone() -> None:
    """A module without weekly hours takes the person's whole week: the part-time one cannot
    run beside it."""
    route = _plan(*_inputs(_catalogue(pro=None, clea=6)), Objective.DURATION)
    (pro_start, pro_end), (clea_start, clea_end) = _dates(route).values()
    assert pro_end < clea_start or clea_end < pro_start
    assert all(not route.beside(step) for step in route.steps)


def test_weekly_hours_at_or_above_the_persons_are_full_time() -> None:
    """For a person training 20 h a week, a 29 h module runs at 20 h, alone, and shows no
    weekly hours of its own; the 6 h one runs beside nothing it cannot fit with."""
    route = _plan(*_inputs(_catalogue(pro=29, clea=6), weekly_hours=20), Objective.DURATION)
    steps = {step.action: step for step in route.steps}
    assert steps["m-pro"].weekly_hours is None
    assert steps["t-clea"].weekly_hours == 6
    assert not route.beside(steps["m-pro"])


def test_what_a_step_gives_is_held_from_its_end() -> None:
    """The vocational course needs ``c1``, which the CléA module teaches: although both are part
    time and would fit together, it starts the Monday after the CléA module ends."""
    route = _plan(*_inputs(_catalogue(pro=29, clea=6, requires="c1")), Objective.DURATION)
    dates = _dates(route)
    assert dates["t-clea"] == (MONDAY, FRIDAY_WEEK_5)
    assert dates["m-pro"][0] == dt.date(2026, 2, 9)


def test_a_step_waiting_for_what_a_step_beside_gives_has_no_wait_to_explain() -> None:
    """The vocational course needs ``c1``, which the CléA module running part time teaches: it
    starts once that module is over, as a step after a full-time one does. Its reasons say
    nothing of a period of unavailability (the person has none), only the target (the CléA
    module says it is needed by the course)."""
    route = _plan(*_inputs(_catalogue(pro=29, clea=6, requires="c1")), Objective.DURATION)
    pro = next(step for step in route.steps if step.action == "m-pro")
    assert pro.start == dt.date(2026, 2, 9)
    assert [reason.code for reason in pro.why] == [ReasonCode.TARGET]


def test_a_step_without_room_follows_the_one_it_waits_for() -> None:
    """Listed first, the 10 h CléA module leaves 25 h: the 29 h course starts the Monday after
    its three weeks, as a step after a full-time one does (no wait to explain), not beside it."""
    catalogue, learner = _inputs(_catalogue(pro=29, clea=10))
    route = simulate(catalogue, learner, ["t-clea", "m-pro"])
    assert _dates(route) == {
        "t-clea": (MONDAY, dt.date(2026, 1, 23)),
        "m-pro": (dt.date(2026, 1, 26), dt.date(2026, 2, 27)),
    }
    pro = next(step for step in route.steps if step.action == "m-pro")
    assert [reason.code for reason in pro.why] == [ReasonCode.TARGET]
    assert not route.beside(pro)


# -- what the user sees -----------------------------------------------------------------------


def test_route_json_says_what_runs_beside_and_at_what_pace() -> None:
    """Each step of the pair names the other in ``beside`` and gives its ``weekly_hours``; the
    positioning has neither."""
    route = _plan(*_inputs(_catalogue(pro=29, clea=6)), Objective.DURATION)
    steps = route_document(route).model_dump(mode="json", exclude_none=True)["steps"]
    assert [(step["action"], step.get("beside"), step.get("weekly_hours")) for step in steps] == [
        ("positioning", None, None),
        ("m-pro", ["t-clea"], 29),
        ("t-clea", ["m-pro"], 6),
    ]


def test_the_table_shows_beside_and_the_pace() -> None:
    """The route table writes ``beside …`` under each step of the pair and its weekly hours."""
    route = _plan(*_inputs(_catalogue(pro=29, clea=6)), Objective.DURATION)
    console = Console(width=120, record=True, color_system=None)
    console.print(route)
    text = console.export_text()
    assert "beside t-clea" in text
    assert "beside m-pro" in text
    assert "29 h a week" in text
    assert "6 h a week" in text


def test_the_mixed_integer_model_refuses_part_time_modules() -> None:
    """The HiGHS backend schedules one step after the other: it refuses, naming the modules;
    the planner still plans."""
    catalogue, learner = _inputs(_catalogue(pro=29, clea=6))
    with pytest.raises(ValueError, match="does not model modules run part time") as raised:
        plan_with_highs(catalogue, learner, Objective.COST)
    assert "(weekly_hours below the person's 35 h: m-pro, t-clea)" in str(raised.value)
    assert Planner(catalogue).plan(learner, Objective.COST).totals.cost == 1300


def test_the_route_graph_draws_steps_side_by_side_as_branches() -> None:
    """In the route graph both modules of the pair follow the positioning (``next``), neither
    follows the other."""
    route = _plan(*_inputs(_catalogue(pro=29, clea=6)), Objective.DURATION)
    graph = route_graph(route)
    nexts = sorted(
        (source, target)
        for source, target, data in graph.edges(data=True)
        if data["relation"] == "next"
    )
    assert nexts == [("step:1", "step:2"), ("step:1", "step:3")]


def test_catalogue_show_gives_a_modules_weekly_hours(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``catalogue show`` prints a part-time module's weekly hours, and its JSON has them."""
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps(_catalogue(pro=29, clea=6)), encoding="utf-8")
    assert main(["catalogue", "show", "t-clea", "--catalogue", str(path)]) == 0
    assert "6 h a week" in capsys.readouterr().out
    assert main(["catalogue", "show", "t-clea", "--catalogue", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["weekly_hours"] == 6


def test_the_decomposition_stands_aside_for_part_time_modules() -> None:
    """The duration stage's bound counts the person's steps one after the other: with modules
    side by side it would be no bound, so the stage gives nothing."""
    catalogue, learner = _inputs(_catalogue(pro=29, clea=6))
    assert decompose(catalogue, learner, 1_000, 100_000) is None
    full_time = _inputs(_catalogue(pro=None, clea=None))
    assert decompose(*full_time, 1_000, 100_000) is not None


@pytest.mark.parametrize(
    ("hours", "weekly_hours", "session"),
    [(83, 4, dt.date(2026, 6, 13)), (71, None, dt.date(2026, 2, 21))],
    ids=["after-a-part-time-module", "after-a-full-time-module"],
)
@pytest.mark.parametrize("objective", list(Objective))
def test_a_session_dated_while_the_person_is_busy_is_not_joined(
    hours: int, weekly_hours: int | None, session: dt.date, objective: Objective
) -> None:
    """A placement session dated on a Saturday, the last day of a module the person trains on
    Saturdays: the placement's first working day is the Monday after, but the session is dated
    before the person is free (as ever, a step joins a session dated on or after the day it may
    start). The planner takes the placement from its earlier session, then the module; the
    exhaustive reference agrees (it used to join the late session from the Monday)."""
    module: dict[str, Any] = {
        "kind": "professional",
        "id": "m-b2",
        "title": "Module",
        "block": "RNCP9001BC02",
        "validates": ["RNCP9001BC02"],
        "hours": hours,
        "cost": 0,
    }
    if weekly_hours is not None:
        module["weekly_hours"] = weekly_hours
    document = _catalogue()
    document["modules"] = [
        module,
        {
            "kind": "placement",
            "id": "p-company",
            "title": "Placement",
            "placement_type": "afest",
            "rome": "K1304",
            "hours": 1,
            "cost": 0,
            "validates": ["RNCP9001BC01"],
            "sessions": ["2026-01-16", session.isoformat()],
        },
    ]
    catalogue = catalogue_from_data(document)
    person = {
        "id": "ana",
        "positioning": {"date": MONDAY.isoformat()},
        "constraints": {
            "start": "2026-01-15",
            "weekly_hours": 14,
            "training_days": ["monday", "tuesday", "wednesday", "saturday"],
        },
        "target": {"certification": "RNCP9001"},
    }
    learner = learner_from_data(person, catalogue)
    alone = learner_from_data({**person, "target": {"blocks": ["RNCP9001BC02"]}}, catalogue)
    first = simulate(catalogue, alone, ["m-b2"]).steps[1]
    assert (first.end, first.end.weekday()) == (session, 5)
    route = _plan(catalogue, learner, objective)
    assert [step.action for step in route.steps[1:]] == ["p-company", "m-b2"]
    best = Reference(catalogue, learner).best(objective)
    assert best is not None
    assert route_vector(route, objective) == best.vector


def _module_of_an_hour(identifier: str, block: str, **fields: Any) -> dict[str, Any]:
    return {
        "kind": "professional",
        "id": identifier,
        "title": "Module",
        "block": block,
        "validates": [block],
        "hours": 1,
        "cost": 0,
        **fields,
    }


_AFTER_A_JURY_AND_A_STEP_BESIDE: tuple[dict[str, Any], dict[str, Any]] = (
    {
        "name": "side-by-side",
        "competences": [{"id": "c1", "title": "Competence 1"}],
        "certifications": [
            {
                "code": "RNCP9001",
                "registry": "rncp",
                "title": "Certification",
                "level": 4,
                "access_routes": ["continuing_training", "vae"],
                "rome": ["M1805"],
                "blocks": [
                    {"code": "RNCP9001BC01", "title": "Block 0", "experience_rome": ["M1805"]},
                    {"code": "RNCP9001BC02", "title": "Block 1", "experience_rome": ["K1304"]},
                    {"code": "RNCP9001BC03", "title": "Block 2", "experience_rome": ["M1805"]},
                ],
                "entry_requirement": "c1",
            }
        ],
        "modules": [
            {
                "kind": "transversal",
                "domain": "basic_skills",
                "id": "t-c1",
                "title": "Teacher",
                "teaches": ["c1"],
                "hours": 11,
                "cost": 0,
                "weekly_hours": 4,
            },
            _module_of_an_hour("m-1a", "RNCP9001BC01"),
            _module_of_an_hour(
                "m-2a", "RNCP9001BC02", weekly_hours=4, requires="block:RNCP9001BC01"
            ),
            _module_of_an_hour("m-3a", "RNCP9001BC03"),
        ],
        "vae": {
            "min_related_hours": 1,
            "block_coverage_hours": 1000,
            "admissibility_weeks": 1,
            "support_weeks": 1,
            "jury_weeks": 1,
            "support_hours": 10,
            "support_cost": 500,
            "jury_cost": 100,
        },
    },
    {
        "id": "someone",
        "positioning": {"date": "2026-01-05", "experience": [{"rome": "M1805", "hours": 1200}]},
        "constraints": {
            "start": "2026-01-05",
            "weekly_hours": 14,
            "unavailable": [{"start": "2026-01-05", "end": "2026-01-06"}],
        },
        "target": {"certification": "RNCP9001"},
    },
)
"""Found by ``test_a_wait_for_availability_is_told_only_beside_an_unavailable_period`` with
the ``thorough`` profile: m-2a needs block 1, which the VAE's jury grants on 25 January, and
c1 (the certification's entry requirement), which t-c1 beside it teaches until 26 January."""


def test_a_step_waiting_for_a_jury_and_a_step_beside_it_tells_no_wait_for_availability() -> None:
    """m-2a starts on 27 January, once both are over, the step beside last: that is no wait
    to explain (as after a full-time step). It said "waits for availability from 7 January",
    the day the person's unavailable period was over: the jury's block left aside, the step
    beside never seemed to give what m-2a needed."""
    catalogue = catalogue_from_data(_AFTER_A_JURY_AND_A_STEP_BESIDE[0], strict=False)
    learner = learner_from_data(_AFTER_A_JURY_AND_A_STEP_BESIDE[1], catalogue)
    route = Planner(catalogue).plan(learner, Objective.DURATION)
    [step] = [step for step in route.steps if step.action == "m-2a"]
    assert step.start == dt.date(2026, 1, 27)
    assert [reason.code for reason in step.why] == [ReasonCode.TARGET]
    [teacher] = [step for step in route.steps if step.action == "t-c1"]
    assert ReasonCode.WAITS_FOR_AVAILABILITY in [reason.code for reason in teacher.why]
