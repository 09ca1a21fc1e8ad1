"""Edge inputs: hostile files, rules that would always hold, and subtle cycles."""

from __future__ import annotations

from typing import Any

import pytest

from itineraire import (
    CatalogueError,
    LearnerError,
    catalogue_from_data,
    check_catalogue,
    learner_from_data,
    load_catalogue,
)
from itineraire.analysis.reachability import Reach, relaxed_reach
from itineraire.model.catalogue import Catalogue

TOO_DEEP = "nesting is too deep for a catalogue or a learner (lists or objects inside each other)"


def _problems(
    error: pytest.ExceptionInfo[CatalogueError] | pytest.ExceptionInfo[LearnerError],
) -> list[str]:
    return [str(problem) for problem in error.value.problems]


def test_deep_nesting_is_refused_cleanly() -> None:
    """JSON nested deeper than Python can parse is an input problem, not a RecursionError."""
    with pytest.raises(CatalogueError) as error:
        load_catalogue(b'{"name": "x", "a": ' + b"[" * 100_000 + b"]" * 100_000 + b"}")
    assert _problems(error) == [f"file: {TOO_DEEP}"]


def test_huge_integer_is_refused_cleanly() -> None:
    """An integer of thousands of digits is an input problem, not a bare ValueError."""
    with pytest.raises(CatalogueError) as error:
        load_catalogue(b'{"name": "x", "n": ' + b"9" * 5000 + b"}")
    assert len(error.value.problems) == 1
    assert str(error.value.problems[0]).startswith("file: invalid JSON: Exceeds the limit")


def test_rncp_certification_needs_a_block(minimal_catalogue_data: dict[str, Any]) -> None:
    """Without blocks, "every block" would award an RNCP certification to anyone."""
    minimal_catalogue_data["certifications"].append(
        {"code": "RNCP1", "registry": "rncp", "title": "Empty", "level": 3}
    )
    with pytest.raises(CatalogueError) as error:
        catalogue_from_data(minimal_catalogue_data)
    assert _problems(error) == [
        "certifications[1] 'RNCP1', blocks: an RNCP certification needs at least one block"
    ]


WHERE = "certifications[0] 'RNCP37674', validation"
AT_LEAST_ONE = "list should have at least 1 item after validation, not 0 (got [])"


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        (
            {"all": []},
            f"{WHERE}.all: {AT_LEAST_ONE}",
        ),
        (
            {"any": []},
            f"{WHERE}.any: {AT_LEAST_ONE}",
        ),
        (
            {"at_least": 0, "of": ["clea.1"]},
            f"{WHERE}.at_least: input should be greater than or equal to 1 (got 0)",
        ),
    ],
)
def test_rules_that_always_hold_are_refused(
    rule: dict[str, Any], expected: str, minimal_catalogue_data: dict[str, Any]
) -> None:
    """Empty all/any lists and "at least 0" would hold for anyone: refused as mistakes."""
    minimal_catalogue_data["certifications"][0]["validation"] = rule
    with pytest.raises(CatalogueError) as error:
        catalogue_from_data(minimal_catalogue_data)
    assert _problems(error) == [expected]


def _learner(**target: Any) -> dict[str, Any]:
    return {"id": "x", "positioning": {"date": "2026-01-05"}, "target": target}


def test_empty_target_blocks_is_named(minimal_catalogue: Catalogue) -> None:
    """A target with an empty block list says so, instead of "found: none"."""
    with pytest.raises(LearnerError) as error:
        learner_from_data(_learner(blocks=[]), minimal_catalogue)
    assert _problems(error) == [
        "target, blocks: list should have at least 1 item after validation, not 0 (got [])"
    ]


def test_certification_with_empty_blocks_is_two_targets(minimal_catalogue: Catalogue) -> None:
    """Giving a certification and a (empty) block list is refused, not silently accepted."""
    with pytest.raises(LearnerError) as error:
        learner_from_data(_learner(certification="RNCP37674", blocks=[]), minimal_catalogue)
    assert "target, blocks: list should have at least 1 item" in _problems(error)[0]


def test_positioning_duplicates_and_future_experience(minimal_catalogue: Catalogue) -> None:
    """A competence or block held twice, and experience after positioning, are refused."""
    data = _learner(certification="RNCP37674")
    data["positioning"].update(
        competences=[
            {"competence": "lang.de", "level": "A1"},
            {"competence": "lang.de", "level": "C2"},
        ],
        blocks=[
            {"block": "RNCP37674BC01", "date": "2025-01-01"},
            {"block": "RNCP37674BC01", "date": "2025-02-01"},
        ],
        experience=[{"rome": "M1805", "hours": 300, "start": "2026-02-01"}],
    )
    with pytest.raises(LearnerError) as error:
        learner_from_data(data, minimal_catalogue)
    assert _problems(error) == [
        "positioning.competences[1] 'lang.de', competence: is listed twice",
        "positioning.blocks[1] 'RNCP37674BC01', block: is listed twice",
        "positioning.experience[0], start: is after the positioning date",
    ]


def test_cycle_goes_through_the_smallest_module(minimal_catalogue_data: dict[str, Any]) -> None:
    """In a component with chords, the reported cycle starts and ends at the smallest id and the
    other members are not reported again as modules that never start."""
    minimal_catalogue_data["competences"] += [
        {"id": name, "title": name} for name in ("k.a", "k.b", "k.c")
    ]

    def module(identifier: str, teaches: str, requires: str) -> dict[str, Any]:
        return {
            "kind": "transversal",
            "id": identifier,
            "title": identifier,
            "hours": 1,
            "cost": 1,
            "domain": "world_of_work",
            "teaches": [teaches],
            "requires": requires,
        }

    minimal_catalogue_data["modules"] += [
        module("a", "k.a", "k.b"),
        module("b", "k.b", "k.c"),
        module("c", "k.c", "k.a"),
    ]
    findings = check_catalogue(catalogue_from_data(minimal_catalogue_data, strict=False))
    assert [(f.code, f.subject, f.message) for f in findings] == [
        (
            "prerequisite-cycle",
            "module a",
            "a → b → c → a: each needs what another teaches, so none can start",
        ),
    ]


def test_relaxed_reach_leaves_its_start_alone(minimal_catalogue: Catalogue) -> None:
    """The start given to the relaxation is copied, not changed."""
    start = Reach(competences={"lang.de": 2})
    reach = relaxed_reach(minimal_catalogue, start=start)
    assert start == Reach(competences={"lang.de": 2})
    assert "front" in reach.modules


def test_vae_phase_of_zero_weeks_is_refused(minimal_catalogue_data: dict[str, Any]) -> None:
    """Each VAE phase is a step of its own and lasts at least a week."""
    minimal_catalogue_data["vae"] = {"jury_weeks": 0}
    with pytest.raises(CatalogueError) as error:
        catalogue_from_data(minimal_catalogue_data)
    assert _problems(error) == [
        "vae, jury_weeks: input should be greater than or equal to 1 (got 0)"
    ]
