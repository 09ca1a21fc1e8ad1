"""The conformance check for catalogue providers: the library's own providers pass it, and each
planted broken provider (``tests/broken_providers.py``) or planner is caught with a report saying
what is wrong."""

from __future__ import annotations

import copy
import datetime as dt
import itertools
import json
import re
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from itineraire.files.loading import builtin_catalogue, catalogue_from_data, learner_from_data
from itineraire.model.catalogue import Catalogue
from itineraire.model.learners import Learner
from itineraire.planning import NoRouteError, Objective, Planner, Route
from itineraire.testing import (
    PROVIDER_CHECKS,
    CatalogueProviderConformance,
    LibraryPlanner,
    check_catalogue_provider,
)
from tests import broken_planners
from tests import broken_providers as broken


def builtin_data() -> dict[str, Any]:
    """The built-in catalogue as data, the way an application reading a file would give it."""
    text = resources.files("itineraire.data").joinpath("catalogue.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


class TestBuiltinCatalogue(CatalogueProviderConformance):
    """The built-in catalogue, as a loaded catalogue, passes every check."""

    provider = builtin_catalogue


class TestBuiltinData(CatalogueProviderConformance):
    """The same catalogue given as data, planned under one objective only (the loaded one
    above covers the three)."""

    provider = builtin_data
    objectives = (Objective.COST,)


class Store:
    """An application's catalogue store: a provider is its bound method."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    def catalogue(self) -> dict[str, Any]:
        return copy.deepcopy(self.data)


def test_a_bound_method_is_a_provider_and_the_catalogue_is_returned() -> None:
    """A bound method is a provider; the check returns the catalogue it loaded."""
    catalogue = check_catalogue_provider(Store(broken.MINIMAL).catalogue)
    assert catalogue == catalogue_from_data(broken.MINIMAL)


def _holding_nothing(catalogue: Catalogue, code: str) -> Learner:
    document = {"id": "x", "positioning": {"date": "2026-01-05"}, "target": {"certification": code}}
    return learner_from_data(document, catalogue)


def test_no_route_with_reasons_is_accepted() -> None:
    """In the minimal catalogue a block is validated by VAE only, so a person holding nothing
    has no route: the planner says why, and that conforms."""
    catalogue = catalogue_from_data(broken.MINIMAL)
    with pytest.raises(NoRouteError) as caught:
        Planner(catalogue).plan(_holding_nothing(catalogue, "RNCP37674"))
    assert caught.value.reasons
    check_catalogue_provider(lambda: broken.MINIMAL, checks=["plannable"])


class DropsOnSecondRead:
    """Loses a module on every read after the first (a cache filled halfway)."""

    def __init__(self) -> None:
        self._reads = itertools.count()

    def __call__(self) -> dict[str, Any]:
        data = copy.deepcopy(broken.MINIMAL)
        if next(self._reads):
            data["modules"] = [m for m in data["modules"] if m["id"] != "de-b1"]
            del data["modules"][1]["requires"]
        return data


CAUGHT: list[tuple[Callable[[], object], str, str]] = [
    (
        broken.with_cycle,
        "consistent",
        "the catalogue provider with_cycle gives data that does not load strictly:\n"
        "catalogue from provider with_cycle has 1 problem:\n"
        "  - module x-1: prerequisite-cycle: x-1 → x-2 → x-1",
    ),
    (
        broken.built_with_cycle,
        "consistent",
        "the catalogue of provider built_with_cycle has 1 error finding:\n"
        "  - error: prerequisite-cycle: module x-1: x-1 → x-2 → x-1",
    ),
    (
        broken.filed_twice,
        "consistent",
        "the catalogue of provider filed_twice has 1 error finding:\n"
        "  - error: duplicate-identifier: module adr-cuisine-chaude: is filed under another"
        " key 'alias'",
    ),
    (
        broken.VersionPerRead(),
        "deterministic",
        "the catalogue provider VersionPerRead() is not deterministic: a second call gives"
        " another catalogue (first → second):\n  - version: 'read-1' → 'read-2'",
    ),
    (
        DropsOnSecondRead(),
        "deterministic",
        "(first → second):\n"
        "  - modules 'de-b1': only in the first\n"
        "  - modules 'front': prerequisites HasCompetence(",
    ),
    (
        broken.overrides_builtin_scale,
        "round_trip",
        "the catalogue of provider overrides_builtin_scale changes when exported and loaded"
        " again (provided → loaded):\n  - scales 'pix': title 'Pix (our own wording)' →"
        " 'Pix levels of the CRCN digital competence framework'",
    ),
    (
        broken.gives_text,
        "consistent",
        "the catalogue provider gives_text returned str, not catalogue data (a mapping) nor a"
        " Catalogue",
    ),
    (
        broken.raises,
        "plannable",
        "the catalogue provider raises raised ConnectionError: catalogue database unreachable",
    ),
]


@pytest.mark.parametrize(("provider", "check", "message"), CAUGHT)
def test_broken_providers_are_caught(provider: Callable[[], Any], check: str, message: str) -> None:
    """Each planted provider fails the check its bug breaks, with a report saying what."""
    with pytest.raises(AssertionError) as caught:
        check_catalogue_provider(provider, checks=[check], objectives=[Objective.DURATION])
    assert message in str(caught.value)


def test_the_other_checks_pass_on_a_provider_that_breaks_one() -> None:
    """The checks are independent: a provider whose export does not round-trip is still
    consistent, deterministic and plannable."""
    others = [check for check in PROVIDER_CHECKS if check != "round_trip"]
    check_catalogue_provider(
        broken.overrides_builtin_scale, checks=others, objectives=[Objective.DURATION]
    )


class Crashes:
    def plan(self, catalogue: Catalogue, learner: Learner, objective: Objective) -> Route:
        raise KeyError("nothing")


class SaysNothing:
    def plan(self, catalogue: Catalogue, learner: Learner, objective: Objective) -> Route:
        raise NoRouteError(learner.id, [])


PLANNERS: list[tuple[object, str]] = [
    (
        Crashes(),
        "planning certification RNCP37674 for a person holding nothing (objective duration)"
        " raised KeyError: 'nothing'",
    ),
    (
        SaysNothing(),
        "no route to certification RNCP37674 for a person holding nothing (objective duration),"
        " and no reason given",
    ),
    (
        broken_planners.WrongTotals(),
        "the route to certification ",
    ),
]


@pytest.mark.parametrize(("planner", "message"), PLANNERS)
def test_planning_failures_are_reported(planner: Any, message: str) -> None:
    """A planner that crashes, refuses without a reason or gives an unsound route on the
    provided catalogue is reported, naming the certification and the objective."""
    provider = builtin_catalogue if isinstance(planner, broken_planners.WrongTotals) else None
    with pytest.raises(AssertionError) as caught:
        check_catalogue_provider(
            provider or (lambda: broken.MINIMAL),
            checks=["plannable"],
            planner=planner,
            objectives=[Objective.DURATION],
        )
    assert message in str(caught.value)
    if provider is not None:
        assert "is not sound: " in str(caught.value)


BAD_KNOBS: list[tuple[dict[str, Any], str]] = [
    ({"provider": broken.MINIMAL}, "provider must be a callable taking no argument"),
    ({"checks": ["fast"]}, "checks must be some of consistent, deterministic, round_trip"),
    ({"checks": []}, "checks must be some of"),
    ({"planner": object()}, "planner must have a plan"),
    ({"objectives": []}, "objectives must name at least one objective"),
    ({"day": dt.datetime(2026, 1, 5)}, "day must be a datetime.date"),
]


@pytest.mark.parametrize(("knobs", "message"), BAD_KNOBS)
def test_wrong_knobs_are_refused(knobs: dict[str, Any], message: str) -> None:
    """A wrong argument raises ValueError before the provider is called."""
    arguments: dict[str, Any] = {"provider": broken.raises, **knobs}
    with pytest.raises(ValueError, match=message):
        check_catalogue_provider(**arguments)


def test_library_planner_with_a_small_work_limit_conforms_on_the_builtin_catalogue() -> None:
    """The planner to use is a knob: the library's with a small work limit still conforms
    (a stopped search gives a route not proven optimal, which is still sound)."""
    check_catalogue_provider(
        builtin_catalogue,
        checks=["plannable"],
        planner=LibraryPlanner(work_limit=50_000),
        objectives=[Objective.HOURS],
    )


DOCS = Path(__file__).resolve().parent.parent / "docs" / "testing.md"


def test_the_documented_provider_example_passes() -> None:
    """The provider test module of ``docs/testing.md`` runs and passes as written (planned
    under one objective, to keep it short)."""
    text = DOCS.read_text(encoding="utf-8")
    match = re.search(r"<!-- provider-example -->\s*```python\n(.*?)```", text, re.DOTALL)
    assert match, "docs/testing.md lost its provider example"
    namespace: dict[str, Any] = {"__name__": "provider_example"}
    exec(compile(match.group(1), str(DOCS), "exec"), namespace)
    suites = [v for n, v in namespace.items() if n.startswith("Test") and isinstance(v, type)]
    assert suites
    for suite in suites:
        instance = suite()
        instance.objectives = (Objective.DURATION,)
        for name in dir(instance):
            if name.startswith("test_"):
                getattr(instance, name)()
