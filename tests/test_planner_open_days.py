"""The duration bound adds up the open days of the steps on the person's track when they all run
on one week (``PlanningProblem.open_days``): *n* open days of a week take at least
``rate * n - slack`` calendar days (7/5 and 2 for Monday to Friday), the slack lost once for
the whole track rather than by each step."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from itineraire import catalogue_from_data, learner_from_data
from itineraire.planning import Objective, Planner
from itineraire.planning.actions import module_actions
from itineraire.planning.calendar import WORKING_WEEK, fewest_days, open_day_rate
from itineraire.planning.planner import DEFAULT_WORK_LIMIT, root_node
from itineraire.planning.problem import PlanningProblem
from itineraire.planning.search import search
from itineraire.testing import assert_route_sound

_WEEKS = st.frozensets(st.integers(0, 6), min_size=1)


@given(week=_WEEKS, workdays=st.integers(1, 400))
def test_open_days_take_at_least_the_rate_less_the_slack(
    week: frozenset[int], workdays: int
) -> None:
    rate, slack = open_day_rate(week)
    assert rate * workdays - slack <= fewest_days(workdays, week) + 1e-9


@given(week=_WEEKS)
def test_the_slack_is_the_least_that_holds(week: frozenset[int]) -> None:
    """Some number of open days takes exactly ``rate * n - slack`` days: a smaller slack would
    not be a lower bound."""
    rate, slack = open_day_rate(week)
    assert any(
        abs(rate * workdays - slack - fewest_days(workdays, week)) < 1e-9
        for workdays in range(1, 8)
    )


def test_a_monday_to_friday_week() -> None:
    assert open_day_rate(WORKING_WEEK) == pytest.approx((1.4, 2.0))


_DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday"]


def _four_weeks(training_days: list[str], hours: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """A certification of four blocks, each validated by its one module of ``hours`` (a week of
    the person's ``hours``, on ``training_days``)."""
    blocks = [f"RNCP9001BC0{number}" for number in range(1, 5)]
    catalogue = {
        "name": "four-weeks",
        "certifications": [
            {
                "code": "RNCP9001",
                "registry": "rncp",
                "title": "Certification",
                "level": 4,
                "rome": ["M1805"],
                "blocks": [{"code": code, "title": code} for code in blocks],
            }
        ],
        "modules": [
            {
                "id": f"m{number}",
                "title": f"Module {number}",
                "kind": "professional",
                "block": code,
                "validates": [code],
                "hours": hours,
                "cost": 100,
            }
            for number, code in enumerate(blocks, start=1)
        ],
    }
    learner = {
        "id": "someone",
        "positioning": {"date": "2026-01-05"},
        "constraints": {
            "start": "2026-01-05",
            "weekly_hours": hours,
            "training_days": training_days,
        },
        "target": {"certification": "RNCP9001"},
    }
    return catalogue, learner


@pytest.mark.parametrize(
    ("training_days", "hours", "each", "optimum"),
    [
        # Four weeks of Monday to Friday from Monday 5 January: to Friday 30 January.
        (_DAYS, 35, 5, 26),
        # Monday to Thursday: to Thursday 29 January (7/4 a day, a slack of 3).
        (_DAYS[:4], 28, 4, 25),
    ],
)
def test_the_bound_at_the_start_is_the_four_weeks(
    training_days: list[str], hours: int, each: int, optimum: int
) -> None:
    """Each module takes a week of open days, five (or four) calendar days at best: summed step
    by step the bound was four times that; the open days together take the four weeks, which
    is the optimum, and A* takes the route's four steps out and nothing else."""
    catalogue_data, learner_data = _four_weeks(training_days, hours)
    catalogue = catalogue_from_data(catalogue_data)
    learner = learner_from_data(learner_data, catalogue)
    objective = Objective.DURATION
    problem = PlanningProblem.build(
        catalogue, learner, objective, module_actions(catalogue, learner)
    )
    root = root_node(catalogue, learner)
    assert [action.days for action in problem.actions] == [each] * 4
    cover = problem.bound.value(root.blocks, root.ranks)
    relaxed = problem.bound.relaxed(root.blocks, root.ranks, root.experience_planned, (), False)
    assert (cover, relaxed) == (optimum, optimum)
    result = search(problem, root, work_limit=DEFAULT_WORK_LIMIT)
    assert result.proven
    assert result.expanded == 4
    route = Planner(catalogue).plan(learner, objective)
    assert route.proven_optimal
    assert route.totals.duration_days == optimum
    assert route.totals.finish == dt.date(2026, 1, 5) + dt.timedelta(days=optimum - 1)
    assert_route_sound(catalogue, learner, route)


def test_steps_on_other_weeks_are_counted_one_by_one() -> None:
    """A placement runs Monday to Friday: with training on Mondays to Thursdays the steps are
    on two weeks, and the bounds count each step's fewest calendar days, as before."""
    catalogue_data, learner_data = _four_weeks(_DAYS[:4], 28)
    catalogue_data["modules"].append(
        {
            "id": "p1",
            "title": "Placement",
            "kind": "placement",
            "placement_type": "pmsmp",
            "rome": "M1805",
            "hours": 35,
            "cost": 0,
        }
    )
    catalogue = catalogue_from_data(catalogue_data)
    constraints = {**learner_data["constraints"], "placement_required": True}
    learner = learner_from_data({**learner_data, "constraints": constraints}, catalogue)
    problem = PlanningProblem.build(
        catalogue, learner, Objective.DURATION, module_actions(catalogue, learner)
    )
    assert problem.open_days is None
    root = root_node(catalogue, learner)
    cover = problem.bound.value(root.blocks, root.ranks, placement=True)
    assert cover == 4 * 4 + 5  # each module's four days, the placement's five
