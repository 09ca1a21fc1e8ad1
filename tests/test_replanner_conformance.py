"""The conformance check for re-planners: the library's ``replan`` passes it, and planted broken
re-planners are caught, each within Hypothesis's default number of examples from a fresh start."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import Phase, settings

from itineraire.files.loading import catalogue_from_data, learner_from_data
from itineraire.journeys import BlockValidatedInCompany, Journey, Replan, learner_at, replan
from itineraire.planning import Objective
from itineraire.testing import (
    ReplannerConformance,
    check_replanner,
    journeys,
    learners,
)
from tests import broken_planners as broken
from tests import broken_providers

# Hypothesis's defaults (100 examples), no example database and no shrinking: what is shown is
# that the bug is found, from a fresh start (as in tests/test_testing_kit.py). A fixed seed
# (derandomize): a random one missed the planted bug about once in 300 runs.
HUNT = settings(
    settings.get_profile("default"),
    database=None,
    derandomize=True,
    phases=(Phase.generate,),
    report_multiple_bugs=False,
)


class TestLibraryReplanner(ReplannerConformance):
    """``itineraire.journeys.replan`` conforms."""

    replanner = replan


class AlternatesObjective:
    """Keeps state between calls: re-plans for the earliest finish, then the lowest cost, in
    turn, so the same journey gets another route on the next call."""

    def __init__(self) -> None:
        self._calls = itertools.cycle([Objective.DURATION, Objective.COST])

    def __call__(self, journey: Journey) -> Replan:
        return replan(journey, next(self._calls))


@pytest.mark.parametrize("check", ["replan_keeps_credit", "replan_sound"])
def test_a_replanner_that_forgets_credit_is_caught(check: str) -> None:
    """Re-planning from the first positioning redoes blocks the journey validated: both the
    credit check and the soundness check say so, and the report holds the case to reproduce."""
    with pytest.raises(AssertionError) as caught:
        check_replanner(broken.forgets_credit, checks=[check], hypothesis_settings=HUNT)
    message = str(caught.value)
    if check == "replan_keeps_credit":
        assert message.startswith("the re-planned route validates again")
    else:
        assert "\n  route: [" in message  # what assert_route_sound shows after the breach
    notes = "\n".join(getattr(caught.value, "__notes__", []))
    assert "catalogue = {" in notes
    assert "journey = {" in notes


def test_a_nondeterministic_replanner_is_caught() -> None:
    """A re-planner whose result depends on how often it was called is caught."""
    with pytest.raises(AssertionError, match="re-planning the same journey again gives another"):
        check_replanner(AlternatesObjective(), checks=["deterministic"], hypothesis_settings=HUNT)


def test_the_planted_bugs_break_only_their_checks() -> None:
    """The forgetful re-planner is deterministic and its journeys keep credit: the checks tell
    the bugs apart."""
    check_replanner(
        broken.forgets_credit,
        checks=["credit_kept", "deterministic"],
        max_examples=20,
    )


def _never_called(journey: Journey) -> Replan:
    raise AssertionError("the re-planner was called")


def test_credit_kept_checks_the_journeys_alone() -> None:
    """``credit_kept`` is about the journeys drawn: the re-planner is not called for it."""
    check_replanner(_never_called, checks=["credit_kept"], max_examples=10)


MINIMAL = catalogue_from_data(broken_providers.MINIMAL)


def test_journeys_of_ones_own_catalogue() -> None:
    """The journeys to check are a knob: here, on a catalogue of one's own."""
    check_replanner(
        replan,
        journeys=journeys(MINIMAL, learners(MINIMAL, unavailable=False), max_events=6),
        max_examples=20,
    )


BAD_KNOBS: list[tuple[dict[str, Any], str]] = [
    ({"replanner": "replan"}, "replanner must be a callable taking a Journey"),
    ({"checks": ["fast"]}, "checks must be some of credit_kept, replan_keeps_credit"),
    ({"checks": []}, "checks must be some of"),
    ({"max_examples": 0}, "max_examples must be a positive int"),
    ({"journeys": [Journey]}, "journeys must be a Hypothesis strategy of Journey"),
]


@pytest.mark.parametrize(("knobs", "message"), BAD_KNOBS)
def test_wrong_knobs_are_refused(knobs: dict[str, Any], message: str) -> None:
    """A wrong argument raises ValueError before any journey is drawn."""
    arguments: dict[str, Any] = {"replanner": replan, **knobs}
    with pytest.raises(ValueError, match=message):
        check_replanner(**arguments)


def test_a_period_under_way_is_kept_from_the_replanning_day() -> None:
    """Found by the conformance check: a period that started before the last event used to be
    shown from its first day, before the re-planned route's positioning."""
    document = {
        "id": "someone",
        "positioning": {"date": "2026-01-05"},
        "constraints": {"unavailable": [{"start": "2026-01-05", "end": "2026-01-07"}]},
        "target": {"certification": "RNCP37674"},
    }
    learner = learner_from_data(document, MINIMAL)
    event = BlockValidatedInCompany(
        date=dt.date(2026, 1, 6), block="RNCP37674BC01", evidence="tutor's report"
    )
    journey = Journey.replay(MINIMAL, learner, [event])
    period = learner_at(journey).constraints.unavailable[0]
    assert (period.start, period.end) == (dt.date(2026, 1, 6), dt.date(2026, 1, 7))


DOCS = Path(__file__).resolve().parent.parent / "docs" / "testing.md"


def test_the_documented_replanner_example_passes() -> None:
    """The re-planner test module of ``docs/testing.md`` runs and passes as written (with fewer
    examples)."""
    text = DOCS.read_text(encoding="utf-8")
    match = re.search(r"<!-- replanner-example -->\s*```python\n(.*?)```", text, re.DOTALL)
    assert match, "docs/testing.md lost its re-planner example"
    namespace: dict[str, Any] = {"__name__": "replanner_example"}
    exec(compile(match.group(1), str(DOCS), "exec"), namespace)
    tests = [value for name, value in namespace.items() if name.startswith("test_")]
    suites = [v for n, v in namespace.items() if n.startswith("Test") and isinstance(v, type)]
    assert tests
    assert suites
    for test in tests:
        test()
    for suite in suites:
        instance = suite()
        instance.max_examples = 10
        for name in dir(instance):
            if name.startswith("test_"):
                getattr(instance, name)()
