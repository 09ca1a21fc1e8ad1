"""What a planner remembers from one plan to the next stays within its bounds, and keeps what was
used last."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, note, settings
from hypothesis import strategies as st

from itineraire import catalogue_from_data, learner_from_data
from itineraire.model.catalogue import Catalogue
from itineraire.model.learners import Learner
from itineraire.planning import Objective
from itineraire.planning import memory as memory_module
from itineraire.planning.actions import module_actions
from itineraire.planning.memory import LmCutKey, PlanMemory
from itineraire.planning.problem import PlanningProblem
from itineraire.planning.relaxation import RelaxedProblem
from itineraire.testing import PlanningCase, planning_cases

_USES = st.lists(st.tuples(st.integers(0, 5), st.integers(0, 30)), max_size=40)
"""Plans in turn: the structure each asks for, and how many values it adds."""


@given(uses=_USES, kept=st.integers(1, 4), most=st.integers(0, 60))
def test_the_memory_keeps_its_latest_structures_within_its_bounds(
    uses: list[tuple[int, int]], kept: int, most: int
) -> None:
    """However the plans ask, no more than ``kept`` structures and ``most`` values are kept
    when a plan starts; the structure asked for just before keeps all its values when they
    alone fit."""
    memory = PlanMemory(kept, most)
    last: tuple[int, dict[LmCutKey, tuple[float, int]], int] | None = None
    for signature, added in uses:
        values = memory.lm_cut(signature)
        assert len(memory) <= most
        assert len(memory._lm_cut) <= kept  # what is kept is what is tested
        if last is not None and last[0] == signature and last[2] <= most:
            assert values is last[1]
            assert len(values) == last[2]
        for number in range(len(values), len(values) + added):
            values[(frozenset({number}), False)] = (float(number), 1)
        last = (signature, values, len(values))


def test_a_value_read_back_is_the_one_written() -> None:
    """Two relaxed problems of the same structure share their values; another structure has
    its own."""
    memory = PlanMemory()
    memory.lm_cut("a")[(frozenset({1, 2}), True)] = (3.0, 40)
    assert memory.lm_cut("a") == {(frozenset({1, 2}), True): (3.0, 40)}
    assert memory.lm_cut("b") == {}
    assert len(memory) == 1


def _compiled(relaxation: RelaxedProblem) -> tuple[object, ...]:
    """Everything a compiled relaxed problem answers from."""
    return (
        relaxation.signature.key,
        tuple(relaxation.timed),
        relaxation.initial,
        relaxation.block_facts,
        relaxation.competence_facts,
        relaxation.vae,
    )


@settings(deadline=None)
@given(case=planning_cases(max_modules=5), hours=st.lists(st.integers(0, 2_000), max_size=3))
def test_a_relaxed_problem_read_back_is_the_one_compiled_now(
    case: PlanningCase, hours: list[int]
) -> None:
    """Whatever a memory compiled before (every objective, with and without VAE, some amounts
    of experience), the relaxed problem it gives is the one a new compilation gives."""
    note(case.reproduction())
    memory = PlanMemory()
    catalogue, learner = case.catalogue, case.learner
    modules = module_actions(catalogue, learner)
    haves = [lambda _rome, more=more: more for more in hours] + [lambda _rome: 0]
    asked = [
        (PlanningProblem.build(catalogue, learner, objective, modules), have, vae)
        for objective in Objective
        for have in haves
        for vae in (True, False)
    ]
    for problem, have, vae in asked:
        memory.relaxation(problem, have, vae)
    for problem, have, vae in asked:
        fresh = RelaxedProblem(problem, have, vae=vae)
        assert _compiled(memory.relaxation(problem, have, vae)) == _compiled(fresh)


_UNREFERENCED: dict[str, Any] = {
    "name": "unreferenced facts",
    "competences": [],
    "certifications": [
        {
            "code": "RNCP9001",
            "registry": "rncp",
            "title": "Certification 1",
            "level": 4,
            "access_routes": ["continuing_training", "vae"],
            "rome": ["M1805"],
            "blocks": [
                {"code": "RNCP9001BC01", "title": "Block 1"},
                {"code": "RNCP9001BC02", "title": "Block 2"},
            ],
        }
    ],
    "modules": [
        {
            "id": f"m{number}",
            "title": f"Module {number}",
            "hours": 1,
            "cost": 0,
            "kind": "professional",
            "block": f"RNCP9001BC0{number}",
            "validates": [f"RNCP9001BC0{number}"],
        }
        for number in (1, 2)
    ],
    "equivalences": [],
    "vae": {
        "min_related_hours": 1,
        "block_coverage_hours": 600,
        "admissibility_weeks": 1,
        "support_weeks": 1,
        "support_hours": 1,
        "jury_weeks": 1,
        "support_cost": 0,
        "jury_cost": 0,
        "block_cost": 0,
    },
}
"""A catalogue without equivalences: the experience facts of a VAE compiled without its
operators come last, and are in no operator when nothing brings that experience."""


def test_a_value_read_back_counts_the_work_of_the_problem_that_asks_it() -> None:
    """Two relaxed problems with the same operators, costs and goals, one of them with facts
    in no operator (the experience a VAE compiled without its operators would need, none of it
    held or brought): an LM-cut round sweeps every fact, so the same value takes more work in
    the larger one, and a value one computed counts, read back by the other, the work the
    other would do (the same operators alone made them share their values, and the work read
    back was the other problem's)."""
    catalogue = catalogue_from_data(_UNREFERENCED, strict=False)
    problems = []
    for vae_allowed in (False, True):
        learner = learner_from_data(
            {
                "id": "someone",
                "positioning": {
                    "date": "2026-01-05",
                    "experience": [{"rome": "M1805", "hours": 700}],
                },
                "constraints": {"start": "2026-01-05", "vae_allowed": vae_allowed},
                "target": {"certification": "RNCP9001"},
            },
            catalogue,
        )
        modules = module_actions(catalogue, learner)
        problems.append(PlanningProblem.build(catalogue, learner, Objective.DURATION, modules))
    without, with_vae = problems
    assert not without.vae_certifications
    assert [c.code for c in with_vae.vae_certifications] == ["RNCP9001"]

    def none(_rome: frozenset[str]) -> int:
        return 0  # none of the experience the VAE would need: its facts are in no operator

    memory = PlanMemory()
    for problem in (without, with_vae):
        fresh = RelaxedProblem(problem, none, vae=False)
        kept = memory.relaxation(problem, none, False)
        start = fresh.start(frozenset(), {}, False)
        assert kept.start(frozenset(), {}, False) == start
        # Two steps of an open day each, weighed at 7/5 a day (the track's open days are
        # added up: see PlanningProblem.track_weight).
        assert kept.value(start, False) == fresh.value(start, False) == 2 * 7 / 5
        assert kept.work == fresh.work
    assert RelaxedProblem(with_vae, none, vae=False).size > RelaxedProblem(without, none).size


def _someone(catalogue: Catalogue) -> Learner:
    """A person holding nothing, aiming at RNCP9001 of the catalogue of facts in no operator."""
    return learner_from_data(
        {
            "id": "someone",
            "positioning": {"date": "2026-01-05"},
            "constraints": {"start": "2026-01-05"},
            "target": {"certification": "RNCP9001"},
        },
        catalogue,
    )


def test_a_memory_that_keeps_no_structure_still_compiles() -> None:
    """``kept`` 0: the structure a plan asks for is the only one kept, as for the LM-cut values
    (the least recently used went first while the memory was empty, and the plan failed)."""
    catalogue = catalogue_from_data(_UNREFERENCED, strict=False)
    learner = _someone(catalogue)
    memory = PlanMemory(kept=0)
    modules = module_actions(catalogue, learner)
    for objective in Objective:
        problem = PlanningProblem.build(catalogue, learner, objective, modules)
        relaxation = memory.relaxation(problem, lambda _rome: 0, True)
        fresh = RelaxedProblem(problem, lambda _rome: 0)
        assert _compiled(relaxation) == _compiled(fresh)
        assert len(memory._compiled) == 1  # what is kept is what is tested


def test_a_memory_keeps_a_bounded_number_of_compilations(monkeypatch: pytest.MonkeyPatch) -> None:
    """However many structures are asked for, at most ``_COMPILED_KEPT`` compilations are kept
    (here three), the one asked for last among them; what is asked again after it was let go is
    compiled again, the same."""
    monkeypatch.setattr(memory_module, "_COMPILED_KEPT", 3)
    catalogue = catalogue_from_data(_UNREFERENCED, strict=False)
    learner = _someone(catalogue)
    memory = PlanMemory()
    modules = module_actions(catalogue, learner)
    asked = [
        PlanningProblem.build(catalogue, learner, objective, modules) for objective in Objective
    ]
    for problem in asked:
        for vae in (True, False):
            last = memory.relaxation(problem, lambda _rome: 0, vae)
            kept = [c for s in memory._compiled.values() for c in s.by_experience.values()]
            assert len(kept) <= 3  # what is kept is what is tested
            assert _compiled(last) in [_compiled(c) for c in kept]
    again = memory.relaxation(asked[0], lambda _rome: 0, True)
    assert _compiled(again) == _compiled(RelaxedProblem(asked[0], lambda _rome: 0))
