"""The testing kit (``itineraire.testing``): importable as documented, strategies that keep their
promises, invariants that pass on the real planner and catch planted bugs.

The planted bugs (``tests/broken_planners.py``) wrap the real planner; each must be caught by
the invariant it breaks within Hypothesis's default number of examples (100), from a fresh start
(no example database).
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import pkgutil
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st
from hypothesis.vendor.pretty import pretty

import itineraire.testing as kit
from itineraire import (
    CatalogueError,
    builtin_catalogue,
    catalogue_from_data,
    check_catalogue,
    learner_from_data,
)
from itineraire.analysis.checks import Severity
from itineraire.model.catalogue import Catalogue
from itineraire.model.learners import TargetKind
from itineraire.modules import ModuleKind
from itineraire.planning import Objective, Planner
from itineraire.testing import (
    FAULTS,
    Corruption,
    Gain,
    LibraryPlanner,
    PlannerConformance,
    PlanningCase,
    ReferencePlanner,
    assert_deterministic,
    assert_monotone,
    assert_optimal,
    assert_route_sound,
    block_documents,
    blocks,
    cases,
    catalogue_documents,
    catalogues,
    certification_documents,
    certifications,
    check_planner,
    corrupted_catalogues,
    gains,
    journeys,
    learner_documents,
    learners,
    plan_or_none,
    planning_cases,
    target_documents,
    targets,
)
from tests import broken_planners as broken

DOCS = Path(__file__).resolve().parent.parent / "docs" / "testing.md"

# The settings the planted bugs are hunted with: Hypothesis's defaults (100 examples), no example
# database (each run starts afresh), and no shrinking (finding is what is shown; the shrinking
# test below shows what a report looks like). A fixed seed (derandomize): a test that hunts with
# a random one may miss a planted bug by chance.
HUNT = settings(
    settings.get_profile("default"),
    database=None,
    derandomize=True,
    deadline=None,
    phases=(Phase.generate,),
    report_multiple_bugs=False,
)


# -- importing ---------------------------------------------------------------------------------


def test_every_documented_name_is_exported() -> None:
    """``itineraire.testing`` exports what its ``__all__`` lists, and each submodule too."""
    for name in kit.__all__:
        assert hasattr(kit, name), name
    # Every submodule, found rather than listed: a module split in two is checked too.
    found = pkgutil.walk_packages(kit.__path__, prefix="itineraire.testing.")
    modules = sorted(info.name.removeprefix("itineraire.testing.") for info in found)
    assert {"exhaustive", "reference_rules", "soundness", "strategies.cases"} <= set(modules)
    for module in modules:
        submodule = importlib.import_module(f"itineraire.testing.{module}")
        for name in submodule.__all__:
            assert hasattr(submodule, name), f"{module}.{name}"


def test_import_without_hypothesis_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without Hypothesis, importing the kit raises ImportError with the install command."""
    for name in list(sys.modules):
        if name == "itineraire.testing" or name.startswith("itineraire.testing."):
            monkeypatch.delitem(sys.modules, name)
        if name == "hypothesis" or name.startswith("hypothesis."):
            monkeypatch.setitem(sys.modules, name, None)
    with pytest.raises(ImportError, match=re.escape("pip install 'itineraire[testing]'")):
        importlib.import_module("itineraire.testing")


# -- knobs are checked up front ------------------------------------------------------------------


def _catalogue() -> Catalogue:
    return catalogue_from_data(TWO_BLOCKS[0])


BAD_KNOBS: list[tuple[Callable[[], object], str]] = [
    (lambda: catalogue_documents(certifications=0), "certifications must be between 1 and 9"),
    (lambda: catalogue_documents(blocks=(3, 1)), r"blocks=\(3, 1\): the minimum is above"),
    (lambda: catalogue_documents(modules="many"), "modules must be an int or a"),  # type: ignore[arg-type]
    (lambda: catalogue_documents(certifications=3, blocks=2, modules=4), "no room for a module"),
    (lambda: catalogue_documents(transversal_share=1.5), "transversal_share must be a number"),
    (lambda: catalogue_documents(equivalences="yes"), "equivalences must be True or False"),  # type: ignore[arg-type]
    (lambda: catalogues(day=dt.datetime(2026, 1, 5)), "day must be a datetime.date"),
    (lambda: certification_documents(code="9001"), "code must be an RNCP code"),
    (lambda: learner_documents({"name": "x"}), "needs a loaded Catalogue"),  # type: ignore[arg-type]
    (lambda: learners(_catalogue(), ids="minor-1"), "ids must be a Hypothesis strategy"),  # type: ignore[arg-type]
    (lambda: learners(_catalogue(), vae_allowed=1), "vae_allowed must be True, False or None"),  # type: ignore[arg-type]
    (lambda: learners(_catalogue(), jobs="M1805"), "jobs must be a non-empty sequence"),
    (lambda: targets(_catalogue(), kinds=["rncp"]), "kinds must be some of"),
    (lambda: planning_cases(max_modules=20), "max_modules must be between 1 and 9"),
    (lambda: corrupted_catalogues(faults=["typo"]), "faults must be labels among"),
    (lambda: check_planner(LibraryPlanner(), checks=["fast"]), "checks must be some of"),
    (lambda: check_planner(object()), "planner must have a plan"),  # type: ignore[arg-type]
    (lambda: check_planner(LibraryPlanner(), max_examples=0), "max_examples must be a positive"),
]


@pytest.mark.parametrize(("make", "message"), BAD_KNOBS)
def test_wrong_knobs_are_refused_at_once(make: Callable[[], object], message: str) -> None:
    """A wrong knob raises ValueError, with what is expected, when the strategy is made."""
    with pytest.raises(ValueError, match=message):
        make()


# -- strategies keep their promises ----------------------------------------------------------------


def _errors(catalogue: Catalogue) -> list[str]:
    return [str(f) for f in check_catalogue(catalogue) if f.severity is Severity.ERROR]


@given(catalogue_documents(sessions=True))
def test_catalogues_are_consistent_by_construction(document: dict[str, Any]) -> None:
    """A drawn catalogue loads strictly, has no error finding and its shape follows the
    defaults: 1–3 certifications of 1–3 blocks, 1–12 modules, every block validated."""
    catalogue = catalogue_from_data(document)
    assert not _errors(catalogue)
    assert 1 <= len(catalogue.certifications) <= 3
    assert all(1 <= len(c.blocks) <= 3 for c in catalogue.certifications.values())
    assert 1 <= len(catalogue.modules) <= 12
    assert all(catalogue.modules_validating(block) for block in catalogue.blocks)


SHAPES: list[dict[str, Any]] = [
    {"certifications": 2, "blocks": 2, "modules": 4, "transversal_share": 0},
    {"certifications": 1, "blocks": (1, 2), "modules": (6, 8), "transversal_share": 1},
    {"equivalences": False, "levelled": False, "vae": False, "placements": False, "rules": False},
    {"certifications": (2, 4), "blocks": 1, "modules": (4, 20), "sessions": True},
]


@pytest.mark.parametrize("shape", SHAPES)
def test_catalogue_knobs_are_followed(shape: dict[str, Any]) -> None:
    """Counts stay within their knobs, and what is switched off never appears."""

    def within(count: int, knob: int | tuple[int, int]) -> bool:
        low, high = knob if isinstance(knob, tuple) else (knob, knob)
        return low <= count <= high

    @settings(max_examples=30)
    @given(catalogue_documents(**shape))
    def check(document: dict[str, Any]) -> None:
        catalogue = catalogue_from_data(document)
        assert not _errors(catalogue)
        if "certifications" in shape:
            assert within(len(catalogue.certifications), shape["certifications"])
        if "blocks" in shape:
            sizes = [len(c.blocks) for c in catalogue.certifications.values()]
            assert all(within(size, shape["blocks"]) for size in sizes)
        if "modules" in shape:
            assert within(len(catalogue.modules), shape["modules"])
        transversal = list(catalogue.modules_of_kind(ModuleKind.TRANSVERSAL))
        if shape.get("transversal_share") == 0:
            assert not transversal
        if shape.get("transversal_share") == 1:
            # Every module that does not validate a block is transversal.
            assert len(transversal) == len(catalogue.modules) - len(catalogue.blocks)
        if shape.get("equivalences") is False:
            assert not catalogue.equivalences
        if shape.get("levelled") is False:
            assert all(c.scale is None for c in catalogue.competences.values())
        if shape.get("vae") is False:
            assert not any(c.vae_allowed for c in catalogue.certifications.values())
        if shape.get("placements") is False:
            assert not list(catalogue.modules_of_kind(ModuleKind.PLACEMENT))
        if shape.get("rules") is False:
            for c in catalogue.certifications.values():
                assert c.entry_requirement is None
                assert c.vae_eligibility is None
        if not shape.get("sessions"):
            assert not any(module.sessions for module in catalogue.modules.values())

    check()


@given(certifications(blocks=(2, 4), code="RNCP4242"), blocks(certification="RNCP4242"))
def test_certifications_and_blocks_alone(certification: Any, block: Any) -> None:
    """Certifications come with their blocks; blocks belong to the named certification."""
    assert certification.code == "RNCP4242"
    assert 2 <= len(certification.blocks) <= 4
    assert all(code.startswith("RNCP4242BC") for code in certification.blocks)
    assert block.certification == "RNCP4242"
    assert block.experience_rome  # defaults to the certification's jobs when not drawn


@given(certification_documents(vae=False), block_documents())
def test_certification_and_block_documents(
    certification: dict[str, Any], block: dict[str, Any]
) -> None:
    """The documents are what a catalogue file holds: VAE closed when asked."""
    assert "vae" not in certification["access_routes"]
    assert block["code"].startswith("RNCP9001BC")


@given(st.data())
def test_learners_fit_their_catalogue(data: st.DataObject) -> None:
    """A drawn learner loads against its catalogue and aims at something in it."""
    catalogue = data.draw(catalogues())
    learner = data.draw(learners(catalogue))
    assert learner.positioning.date == kit.PLANNING_DAY
    assert {held.block for held in learner.positioning.blocks} <= set(catalogue.blocks)
    target = learner.target
    if target.kind is TargetKind.CERTIFICATION:
        assert target.certification in catalogue.certifications
    elif target.kind is TargetKind.BLOCKS:
        assert set(target.blocks) <= set(catalogue.blocks)
    else:
        assert target.rome is not None
        assert catalogue.certifications_for_job(target.rome)
    assert not learner.constraints.employment_allowed


@given(st.data())
def test_learner_knobs_are_followed(data: st.DataObject) -> None:
    """What is switched off never appears; fixed flags are fixed; ids and targets come from
    the given strategies."""
    catalogue = data.draw(catalogues())
    learner = data.draw(
        learners(
            catalogue,
            held_blocks=False,
            levels=False,
            experience=False,
            vae_allowed=False,
            budget=False,
            unavailable=False,
            exclusions=False,
            placement_required=True,
            employment_allowed=True,
            target=target_documents(catalogue, kinds=["blocks"]),
            ids=st.sampled_from(["minor-1", "adult-1"]),
        )
    )
    positioning, constraints = learner.positioning, learner.constraints
    assert not positioning.blocks
    assert not positioning.competences
    assert not positioning.experience
    assert not constraints.vae_allowed
    assert constraints.placement_required
    assert constraints.employment_allowed
    assert constraints.budget is None
    assert not constraints.unavailable
    assert not constraints.excluded_modules
    assert learner.target.kind is TargetKind.BLOCKS
    assert learner.id in {"minor-1", "adult-1"}


@given(st.data())
def test_targets_are_in_the_catalogue(data: st.DataObject) -> None:
    """Targets name a certification, blocks or a job of the catalogue."""
    catalogue = data.draw(catalogues())
    target = data.draw(targets(catalogue, kinds=["certification", "job"]))
    assert target.kind in (TargetKind.CERTIFICATION, TargetKind.JOB)
    assert target.certification in catalogue.certifications or catalogue.certifications_for_job(
        target.rome or ""
    )


# What the refusal of each planted fault says (the consistency faults: their finding code).
FAULT_MESSAGES = {
    "dangling-reference": "unknown block 'RNCP1BC01'",
    "duplicate-identifier": "duplicate module id",
    "level-outside-scale": "level 'Z9' is not on scale 'cefr'",
    "missing-field": "title",
    "negative-hours": "hours",
    "wrong-type": "cost",
    "unknown-field": "colour",
    "bad-rome-code": "rome",
    "bad-identifier": "id",
    "empty-rule": "requires",
}


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_corrupted_catalogues_are_refused_for_their_fault(fault: str) -> None:
    """Each planted fault makes a strict load fail, and the error names that fault."""

    @settings(max_examples=20)
    @given(corrupted_catalogues(faults=[fault]))
    def check(corruption: Corruption) -> None:
        assert corruption.fault == fault
        with pytest.raises(CatalogueError) as refused:
            catalogue_from_data(corruption.document)
        assert FAULT_MESSAGES.get(fault, f"{fault}:") in str(refused.value)

    check()


@given(planning_cases())
def test_planning_cases_are_documents_and_objects(case: PlanningCase) -> None:
    """A planning case reloads from its documents, and its reproduction is JSON."""
    again = PlanningCase.load(case.catalogue_document, case.learner_document, strict=False)
    assert again.catalogue == case.catalogue
    assert again.learner == case.learner
    catalogue_line, learner_line = case.reproduction().splitlines()
    assert json.loads(catalogue_line.removeprefix("catalogue = ")) == case.catalogue_document
    assert json.loads(learner_line.removeprefix("learner = ")) == case.learner_document
    assert len(case.catalogue.modules) <= 5


HEALTH = settings(
    settings.get_profile("default"), max_examples=25, deadline=None, suppress_health_check=()
)


@HEALTH
@given(
    st.one_of(
        catalogue_documents(),
        catalogue_documents(certifications=(3, 5), modules=(15, 30), sessions=True),
        corrupted_catalogues().map(lambda corruption: corruption.document),
        planning_cases(max_modules=7).map(lambda case: case.catalogue_document),
        cases().map(lambda case: case.learner_document),
    )
)
def test_strategies_pass_the_health_checks(document: dict[str, Any]) -> None:
    """Every strategy draws within Hypothesis's health checks at the default settings (no
    check suppressed): not too slow, not too large, no excessive filtering."""
    assert document


# -- the real planner conforms -----------------------------------------------------------------


def test_library_planner_conforms() -> None:
    """The library's planner passes every check on the kit's small planning cases."""
    check_planner(LibraryPlanner())


def test_library_planner_conforms_on_generic_cases() -> None:
    """…and on small consistent catalogues drawn with the generic strategies (experience
    prerequisites, placements, sessions, n-of-m rules)."""
    check_planner(LibraryPlanner(), cases=cases(), hypothesis_settings=settings(max_examples=50))


class TestReferencePlannerConforms(PlannerConformance):
    """The exhaustive search, as a planner, conforms too (the kit checks itself)."""

    planner = ReferencePlanner()
    max_examples = 20


@settings(deadline=None)
@given(st.data())
def test_routes_with_employment_steps_are_sound(data: st.DataObject) -> None:
    """Routes with periods of employment (not enumerated by the exhaustive search) are still
    checked step by step."""
    catalogue = data.draw(catalogues(modules=(1, 8)))
    learner = data.draw(learners(catalogue, employment_allowed=True))
    route = plan_or_none(
        LibraryPlanner(work_limit=2_000_000), catalogue, learner, Objective.DURATION
    )
    if route is not None:
        assert_route_sound(catalogue, learner, route)


def test_optimality_refuses_what_it_cannot_check() -> None:
    """The exhaustive search refuses periods of employment and instances too large."""
    case = PlanningCase.load(*TWO_BLOCKS)
    hiring = learner_from_data(
        {**case.learner_document, "constraints": {"employment_allowed": True}}, case.catalogue
    )
    with pytest.raises(ValueError, match="enumerates only some periods of employment"):
        assert_optimal(LibraryPlanner(), case.catalogue, hiring)
    with pytest.raises(ValueError, match="more than max_actions=0"):
        assert_optimal(LibraryPlanner(), case.catalogue, case.learner, max_actions=0)
    with pytest.raises(ValueError, match="runs must be at least 2"):
        assert_deterministic(LibraryPlanner(), case.catalogue, case.learner, runs=1)


@given(planning_cases(), st.data())
def test_gains_are_held_afterwards(case: PlanningCase, data: st.DataObject) -> None:
    """A gain is something the person did not hold, and holds once applied."""
    gain = data.draw(gains(case.catalogue, case.learner))
    richer = gain.apply(case.catalogue, case.learner)
    positioning = richer.positioning
    if gain.kind == "block":
        assert positioning.holds_block(gain.item)
        assert not case.learner.positioning.holds_block(gain.item)
    elif gain.kind == "competence":
        before = case.learner.positioning.competence_rank(gain.item)
        after = positioning.competence_rank(gain.item)
        assert after is not None
        assert before is None or after > before
    else:
        jobs = frozenset({gain.item})
        hours = case.learner.positioning.experience_hours(jobs)
        assert positioning.experience_hours(jobs) == hours + gain.hours
    assert str(gain)


# -- planted bugs are caught -------------------------------------------------------------------

PLANTED = [
    pytest.param(broken.SkipsPrerequisites(), "sound", "without its prerequisites", id="skips"),
    pytest.param(broken.Greedy(), "optimal", "optimum|finds no route", id="greedy"),
    pytest.param(broken.Nondeterministic(), "deterministic", "same input, different", id="random"),
    pytest.param(broken.CreditsTwice(), "sound", "already held", id="credits-twice"),
    pytest.param(broken.WrongTotals(), "sound", "totals", id="wrong-totals"),
    pytest.param(
        broken.ExcludesStartedCertifications(), "monotone", "worse|no route", id="not-monotone"
    ),
]


@pytest.mark.parametrize(("planner", "check", "message"), PLANTED)
def test_planted_bugs_are_caught(planner: kit.PlannerUnderTest, check: str, message: str) -> None:
    """Each broken planner fails the invariant it breaks within the default number of
    examples, with a message saying what is breached."""
    with pytest.raises(AssertionError, match=message):
        check_planner(planner, checks=(check,), hypothesis_settings=HUNT)


@pytest.mark.slow
def test_a_failure_shows_the_smallest_case() -> None:
    """With shrinking (the default), the report holds a small case as JSON to reproduce it:
    on the generic cases, a catalogue of one certification and one module."""
    with pytest.raises(AssertionError, match="totals") as failed:
        check_planner(
            broken.WrongTotals(),
            checks=("sound",),
            cases=cases(),
            hypothesis_settings=settings(database=None, derandomize=True),
        )
    notes = "\n".join(getattr(failed.value, "__notes__", []))
    catalogue_line = next(line for line in notes.splitlines() if line.startswith("catalogue = "))
    catalogue = json.loads(catalogue_line.removeprefix("catalogue = "))
    assert len(catalogue["certifications"]) == 1
    assert len(catalogue["modules"]) == 1


DROPPED_PREREQUISITE = (
    {
        "name": "dropped-prerequisite",
        "competences": [{"id": "c1", "title": "Competence 1"}],
        "certifications": [
            {
                "code": "RNCP9001",
                "registry": "rncp",
                "title": "Certification",
                "level": 4,
                "rome": ["M1805"],
                "blocks": [{"code": "RNCP9001BC01", "title": "Block 1"}],
            }
        ],
        "modules": [
            {
                "kind": "transversal",
                "domain": "basic_skills",
                "id": "t-c1",
                "title": "Teaches c1",
                "teaches": ["c1"],
                "hours": 35,
                "cost": 100,
            },
            {
                "kind": "professional",
                "id": "m1",
                "title": "Block 1 module",
                "block": "RNCP9001BC01",
                "validates": ["RNCP9001BC01"],
                "requires": "c1",
                "hours": 35,
                "cost": 1000,
            },
        ],
    },
    {
        "id": "someone",
        "positioning": {"date": "2026-01-05"},
        "target": {"certification": "RNCP9001"},
    },
)


def test_a_dropped_prerequisite_step_is_caught() -> None:
    """A route missing the step that teaches a prerequisite is refused, naming the rule."""
    case = PlanningCase.load(*DROPPED_PREREQUISITE)
    good = Planner(case.catalogue).plan(case.learner)
    assert_route_sound(case.catalogue, case.learner, good)
    bad = broken.DropsPrerequisiteStep().plan(case.catalogue, case.learner, Objective.DURATION)
    breach = r"m1 starts on 2026-01-12 without its prerequisites \(c1\)"
    with pytest.raises(AssertionError, match=breach):
        assert_route_sound(case.catalogue, case.learner, bad)


TWO_BLOCKS = (
    {
        "name": "two-blocks",
        "certifications": [
            {
                "code": "RNCP9001",
                "registry": "rncp",
                "title": "Certification",
                "level": 4,
                "rome": ["M1805"],
                "blocks": [
                    {"code": "RNCP9001BC01", "title": "Block 1"},
                    {"code": "RNCP9001BC02", "title": "Block 2"},
                ],
            }
        ],
        "modules": [
            {
                "kind": "professional",
                "id": f"m{number}",
                "title": f"Block {number} module",
                "block": f"RNCP9001BC0{number}",
                "validates": [f"RNCP9001BC0{number}"],
                "hours": 35,
                "cost": 1000,
            }
            for number in (1, 2)
        ],
    },
    {
        "id": "someone",
        "positioning": {"date": "2026-01-05"},
        "target": {"certification": "RNCP9001"},
    },
)


class Flipping:
    """Gives the real route, then the same route with another title for its first step."""

    def __init__(self) -> None:
        self.calls = 0

    def plan(self, catalogue: Catalogue, learner: Any, objective: Objective) -> Any:
        self.calls += 1
        route = Planner(catalogue).plan(learner, objective)
        if self.calls == 1:
            return route
        steps = list(route.steps)
        steps[1] = attrs.evolve(steps[1], title="Renamed")
        return attrs.evolve(route, steps=tuple(steps))


def test_monotone_and_deterministic_say_what_differs() -> None:
    """The messages name the gain that made things worse, and the field that differs."""
    case = PlanningCase.load(*TWO_BLOCKS)
    planner = broken.ExcludesStartedCertifications()
    gain = Gain("block", "RNCP9001BC01")
    assert_monotone(LibraryPlanner(), case.catalogue, case.learner, gain)
    with pytest.raises(AssertionError, match="holding block RNCP9001BC01 leaves no route"):
        assert_monotone(planner, case.catalogue, case.learner, gain)
    with pytest.raises(AssertionError, match="step 2 differs in title: 'Block 1 module' / 'Rena"):
        assert_deterministic(Flipping(), case.catalogue, case.learner)
    assert assert_deterministic(LibraryPlanner(), case.catalogue, case.learner) is not None


def test_more_experience_is_not_held_against_a_planner_where_vae_is_priced_per_block() -> None:
    """Found by the README's test command (the downstream example's ``test_monotone``): with
    200 more hours in K1304 the person's VAE covers both blocks of RNCP9001 and, priced 500 € a
    block, costs 1 000 € instead of 500 €, the same 21 days. The library's planner is right
    (a VAE covers every block the experience covers); the monotone check does not hold it
    against it, for any planner."""
    blocks: list[dict[str, Any]] = [
        {"code": "RNCP9001BC01", "title": "Block 1"},
        {"code": "RNCP9001BC02", "title": "Block 2", "experience_rome": ["M1805"]},
    ]
    catalogue = catalogue_from_data(
        {
            "name": "priced",
            "certifications": [
                {
                    "code": "RNCP9001",
                    "registry": "rncp",
                    "title": "Certification 1",
                    "level": 4,
                    "access_routes": ["continuing_training", "vae"],
                    "rome": ["K1304"],
                    "blocks": blocks,
                    "validation": {
                        "at_least": 1,
                        "of": ["block:RNCP9001BC01", "block:RNCP9001BC02"],
                    },
                }
            ],
            "modules": [
                {
                    "kind": "professional",
                    "id": f"m-{block['code']}",
                    "title": "Module",
                    "hours": 43,
                    "cost": 0,
                    "block": block["code"],
                    "validates": [block["code"]],
                }
                for block in blocks
            ],
            "vae": {
                "min_related_hours": 300,
                "block_coverage_hours": 200,
                "admissibility_weeks": 1,
                "support_weeks": 1,
                "support_hours": 1,
                "jury_weeks": 1,
                "support_cost": 0,
                "jury_cost": 0,
                "block_cost": 500,
            },
        }
    )
    learner = learner_from_data(
        {
            "id": "someone",
            "positioning": {"date": "2026-01-05", "experience": [{"rome": "M1805", "hours": 700}]},
            "constraints": {"start": "2026-01-05", "weekly_hours": 14},
            "target": {"certification": "RNCP9001"},
        },
        catalogue,
    )
    gain = Gain("experience", "K1304", hours=200)
    planner = Planner(catalogue)
    before = planner.plan(learner).totals
    after = planner.plan(gain.apply(catalogue, learner)).totals
    assert (before.duration_days, before.cost, after.duration_days, after.cost) == (
        21,
        500,
        21,
        1000,
    )
    assert_monotone(LibraryPlanner(), catalogue, learner, gain)


# -- the documentation's downstream example runs -------------------------------------------------


def _downstream_example() -> str:
    text = DOCS.read_text(encoding="utf-8")
    match = re.search(r"<!-- downstream-example -->\s*```python\n(.*?)```", text, re.DOTALL)
    assert match, "docs/testing.md lost its downstream example"
    return match.group(1)


def test_the_documented_downstream_example_passes() -> None:
    """The application test module of ``docs/testing.md`` runs and passes as written."""
    namespace: dict[str, Any] = {"__name__": "downstream_example"}
    exec(compile(_downstream_example(), str(DOCS), "exec"), namespace)
    tests = [value for name, value in namespace.items() if name.startswith("test_")]
    assert tests
    for test in tests:
        test()
    suites = [v for n, v in namespace.items() if n.startswith("Test") and isinstance(v, type)]
    for suite in suites:
        instance = suite()
        instance.max_examples = 10
        for name in dir(instance):
            if name.startswith("test_"):
                getattr(instance, name)()


def test_strategies_on_a_catalogue_have_compact_reprs() -> None:
    """A strategy shows the catalogue it draws from by name and size, not whole (the reprs
    were over 100 kB, and Hypothesis's warning about them hid the failure being reported)."""
    catalogue = builtin_catalogue()
    shown = f"<catalogue {catalogue.name!r}, 14 certifications, 99 modules>"
    for strategy in (learners(catalogue), journeys(catalogue, learners(catalogue))):
        text = repr(strategy)
        assert shown in text
        assert len(text) < 4_000


@given(kit.planning_cases())
def test_a_failing_case_is_shown_by_its_documents(case: kit.PlanningCase) -> None:
    """Hypothesis shows a planning case by its two documents, not the loaded catalogue."""
    shown = pretty(case)
    assert shown.startswith("PlanningCase(catalogue_document={")
    assert "learner_document={" in shown
    assert "Catalogue(" not in shown
