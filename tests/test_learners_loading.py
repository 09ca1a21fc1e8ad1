"""Learner files: a valid one loads against the minimal catalogue; faulty ones are refused with
the exact problems, each naming the place in the file and what is wrong."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from itineraire.errors import LearnerError
from itineraire.files.loading import learner_from_data, load_learner
from itineraire.model.catalogue import Catalogue
from itineraire.model.competences import HeldCompetence
from itineraire.model.learners import (
    Constraints,
    ExperienceRecord,
    HeldBlock,
    HolidayZone,
    Learner,
    Period,
    Positioning,
    Target,
    TargetKind,
)
from itineraire.validation.methods import ValidationMethod

Data = dict[str, Any]
Change = Callable[[Data], None]

LEARNER_FILE = Path(__file__).parent / "data" / "learners" / "ana.json"


@pytest.fixture
def learner_data() -> Data:
    """A fresh JSON-like copy of the valid learner ``ana.json``."""
    data: Data = json.loads(LEARNER_FILE.read_text(encoding="utf-8"))
    return data


def problems_of(data: Data, catalogue: Catalogue) -> list[str]:
    """The problems ``learner_from_data`` raises for ``data``, as strings."""
    with pytest.raises(LearnerError) as caught:
        learner_from_data(data, catalogue)
    return [str(problem) for problem in caught.value.problems]


ANA = Learner(
    id="ana",
    name="Ana",
    positioning=Positioning(
        date=dt.date(2025, 1, 6),
        competences=(HeldCompetence("clea.1", None, 0), HeldCompetence("lang.de", "A2", 1)),
        blocks=(
            HeldBlock("RNCP37674BC02", dt.date(2024, 6, 30), ValidationMethod.VAE, "VAE jury"),
        ),
        experience=(ExperienceRecord("M1805", 1200, dt.date(2020, 1, 1), dt.date(2023, 12, 31)),),
    ),
    constraints=Constraints(
        start=dt.date(2025, 2, 3),
        weekly_hours=30,
        budget=5000,
        excluded_modules=frozenset({"clea-fr"}),
        unavailable=(Period(dt.date(2025, 7, 1), dt.date(2025, 7, 31), "summer"),),
    ),
    target=Target(TargetKind.CERTIFICATION, certification="RNCP37674"),
)


def test_valid_learner_file_loads(minimal_catalogue: Catalogue) -> None:
    """A learner file with competences at levels, a held block, experience, constraints and a
    certification target loads to exactly the learner it describes."""
    assert load_learner(LEARNER_FILE, minimal_catalogue) == ANA


def test_valid_learner_loads_from_bytes_and_data(
    minimal_catalogue: Catalogue, learner_data: Data
) -> None:
    """The same learner loads alike from the file's bytes and from its parsed data."""
    assert load_learner(LEARNER_FILE.read_bytes(), minimal_catalogue) == ANA
    assert learner_from_data(learner_data, minimal_catalogue) == ANA


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        pytest.param(
            {"blocks": ["RNCP37674BC01", "RNCP37674BC01"]},
            Target(TargetKind.BLOCKS, blocks=("RNCP37674BC01",)),
            id="blocks",
        ),
        pytest.param({"job": "M1805"}, Target(TargetKind.JOB, rome="M1805"), id="job"),
    ],
)
def test_block_and_job_targets_load(
    minimal_catalogue: Catalogue, learner_data: Data, target: Data, expected: Target
) -> None:
    """A target of blocks (listed once each) or of a ROME job the catalogue leads to loads."""
    learner_data["target"] = target
    assert learner_from_data(learner_data, minimal_catalogue).target == expected


def test_minimal_learner_gets_the_defaults(minimal_catalogue: Catalogue) -> None:
    """Without constraints, the route starts on the positioning date at 35 hours a week."""
    data = {"id": "bo", "positioning": {"date": "2025-03-03"}, "target": {"job": "M1805"}}
    learner = learner_from_data(data, minimal_catalogue)
    assert learner.constraints == Constraints(start=dt.date(2025, 3, 3))
    assert learner.positioning == Positioning(dt.date(2025, 3, 3))


def test_a_weekly_pattern_and_holiday_zone_load(
    minimal_catalogue: Catalogue, learner_data: Data
) -> None:
    """Training days are weekday numbers from Monday (0), in any order in the file; the
    default is Monday to Friday with France's public holidays."""
    assert learner_from_data(learner_data, minimal_catalogue).constraints.training_days == (
        frozenset(range(5))
    )
    learner_data["constraints"]["training_days"] = ["saturday", "monday", "wednesday"]
    learner_data["constraints"]["holidays"] = "alsace-moselle"
    constraints = learner_from_data(learner_data, minimal_catalogue).constraints
    assert constraints.training_days == frozenset({0, 2, 5})
    assert constraints.holidays is HolidayZone.ALSACE_MOSELLE


# -- faulty learners ---------------------------------------------------------------------------


def _set(section: str, key: str, value: object) -> Change:
    def change(data: Data) -> None:
        data[section][key] = value

    return change


def _set_item(section: str, key: str, index: int, field: str, value: object) -> Change:
    def change(data: Data) -> None:
        data[section][key][index][field] = value

    return change


def _replace_item(section: str, key: str, index: int, value: object) -> Change:
    def change(data: Data) -> None:
        data[section][key][index] = value

    return change


def _target(value: object) -> Change:
    def change(data: Data) -> None:
        data["target"] = value

    return change


def _no_target(data: Data) -> None:
    del data["target"]


FAULTS = [
    pytest.param(
        _replace_item("positioning", "competences", 0, "clea.9"),
        ["positioning.competences[0] 'clea.9', competence: unknown competence 'clea.9'"],
        id="unknown-competence",
    ),
    pytest.param(
        _set_item("positioning", "competences", 1, "level", "D1"),
        [
            "positioning.competences[1] 'lang.de', level:"
            " level 'D1' is not on scale 'cefr' (A1, A2, B1, B2, C1, C2)"
        ],
        id="level-not-on-scale",
    ),
    pytest.param(
        _replace_item("positioning", "competences", 1, "lang.de"),
        [
            "positioning.competences[1] 'lang.de', level:"
            " competence 'lang.de' is levelled on 'cefr': give a level"
        ],
        id="levelled-competence-without-level",
    ),
    pytest.param(
        _replace_item("positioning", "competences", 0, {"competence": "clea.1", "level": "B1"}),
        [
            "positioning.competences[0] 'clea.1', level:"
            " competence 'clea.1' has no levels (got 'B1')"
        ],
        id="level-of-unlevelled-competence",
    ),
    pytest.param(
        _set_item("positioning", "blocks", 0, "block", "RNCP10000BC01"),
        ["positioning.blocks[0] 'RNCP10000BC01', block: unknown block 'RNCP10000BC01'"],
        id="unknown-block-held",
    ),
    pytest.param(
        _set_item("positioning", "blocks", 0, "date", "2025-01-07"),
        ["positioning.blocks[0] 'RNCP37674BC02', date: is after the positioning date"],
        id="block-held-after-positioning",
    ),
    pytest.param(
        _set_item("positioning", "blocks", 0, "method", "luck"),
        [
            "positioning.blocks[0] 'RNCP37674BC02', method: input should be 'training', 'vae',"
            " 'company', 'equivalence' or 'prior' (got 'luck')"
        ],
        id="unknown-validation-method",
    ),
    pytest.param(
        _set_item("positioning", "experience", 0, "end", "2019-12-31"),
        ["positioning.experience[0], end: is before start"],
        id="experience-ending-before-it-starts",
    ),
    pytest.param(
        _set_item("positioning", "experience", 0, "rome", "M18"),
        [
            "positioning.experience[0], rome: should be a ROME code:"
            " a letter from A to N then 4 digits, e.g. M1805 (got 'M18')"
        ],
        id="experience-with-bad-rome-code",
    ),
    pytest.param(
        _target({"certification": "RNCP37674", "job": "M1805"}),
        [
            "top level, target: a target needs exactly one of certification, blocks, job"
            " (found: certification, job)"
        ],
        id="target-with-two-kinds",
    ),
    pytest.param(
        _target({}),
        [
            "top level, target: a target needs exactly one of certification, blocks, job"
            " (found: none)"
        ],
        id="empty-target",
    ),
    pytest.param(_no_target, ["top level, target: is required"], id="no-target"),
    pytest.param(
        _target({"certification": "RNCP10000"}),
        ["target, certification: unknown certification 'RNCP10000'"],
        id="unknown-certification-target",
    ),
    pytest.param(
        _target({"blocks": ["RNCP37674BC01", "RNCP10000BC01"]}),
        ["target, blocks[1]: unknown block 'RNCP10000BC01'"],
        id="unknown-block-target",
    ),
    pytest.param(
        _target({"job": "K2110"}),
        ["target, job: no certification of the catalogue leads to job 'K2110'"],
        id="job-with-no-certification",
    ),
    pytest.param(
        _set("constraints", "excluded_modules", ["clea-fr", "web"]),
        ["constraints, excluded_modules[1]: unknown module 'web'"],
        id="excluded-unknown-module",
    ),
    pytest.param(
        _set_item("constraints", "unavailable", 0, "end", "2025-06-30"),
        ["constraints.unavailable[0], end: is before start"],
        id="unavailable-period-ending-before-it-starts",
    ),
    pytest.param(
        _set_item("constraints", "unavailable", 0, "start", "2025-01-06"),
        [
            "constraints.unavailable[0], start: is before the route's start (2025-02-03):"
            " record what is done as experience and the rest as a period from the start"
        ],
        id="unavailable-period-starting-before-the-route",
    ),
    pytest.param(
        _set("constraints", "start", "2025-01-05"),
        ["constraints, start: is before the positioning date"],
        id="start-before-positioning",
    ),
    pytest.param(
        _set("constraints", "weekly_hours", 0),
        ["constraints, weekly_hours: input should be greater than or equal to 1 (got 0)"],
        id="weekly-hours-zero",
    ),
    pytest.param(
        _set("constraints", "budget", "5000"),
        ["constraints, budget: input should be a valid integer (got '5000')"],
        id="budget-as-string",
    ),
    pytest.param(
        _set("constraints", "vacation", True),
        ["constraints, vacation: is not a field of this item"],
        id="unknown-constraint",
    ),
    pytest.param(
        _set("constraints", "training_days", ["monday", "funday"]),
        [
            "constraints, training_days[1]: input should be 'monday', 'tuesday', 'wednesday',"
            " 'thursday', 'friday', 'saturday' or 'sunday' (got 'funday')"
        ],
        id="training-day-unknown",
    ),
    pytest.param(
        _set("constraints", "training_days", ["monday", "monday", "friday", "friday"]),
        ["constraints, training_days: names a day more than once: monday, friday"],
        id="training-day-twice",
    ),
    pytest.param(
        _set("constraints", "training_days", []),
        [
            "constraints, training_days: list should have at least 1 item after validation,"
            " not 0 (got [])"
        ],
        id="no-training-day",
    ),
    pytest.param(
        _set("constraints", "holidays", "alsace"),
        ["constraints, holidays: input should be 'france' or 'alsace-moselle' (got 'alsace')"],
        id="holidays-unknown",
    ),
    pytest.param(
        _set("positioning", "date", "06/01/2025"),
        [
            "positioning, date: input should be a valid date or datetime,"
            " invalid character in year (got '06/01/2025')"
        ],
        id="date-not-iso",
    ),
]


@pytest.mark.parametrize(("change", "expected"), FAULTS)
def test_faulty_learner_is_refused_with_exact_problems(
    minimal_catalogue: Catalogue, learner_data: Data, change: Change, expected: list[str]
) -> None:
    """Each fault of a learner file is one problem naming the item, the field and the fault."""
    change(learner_data)
    assert problems_of(learner_data, minimal_catalogue) == expected


def test_every_learner_fault_is_reported_at_once(
    minimal_catalogue: Catalogue, learner_data: Data
) -> None:
    """Faults against the catalogue are all listed together, in file order, with a header."""
    learner_data["positioning"]["competences"] = ["clea.9", {"competence": "lang.de"}]
    learner_data["positioning"]["blocks"][0]["date"] = "2026-01-01"
    learner_data["constraints"]["start"] = "2024-01-01"
    learner_data["constraints"]["excluded_modules"] = ["web"]
    learner_data["target"] = {"certification": "RNCP10000"}
    with pytest.raises(LearnerError) as caught:
        learner_from_data(learner_data, minimal_catalogue, source="ana.json")
    assert str(caught.value) == "\n".join(
        [
            "learner ana.json has 6 problems:",
            "  - positioning.competences[0] 'clea.9', competence: unknown competence 'clea.9'",
            "  - positioning.competences[1] 'lang.de', level:"
            " competence 'lang.de' is levelled on 'cefr': give a level",
            "  - positioning.blocks[0] 'RNCP37674BC02', date: is after the positioning date",
            "  - constraints, start: is before the positioning date",
            "  - constraints, excluded_modules[0]: unknown module 'web'",
            "  - target, certification: unknown certification 'RNCP10000'",
        ]
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param(b"", "file: is empty", id="empty"),
        pytest.param(
            b'{"id": "ana",\n "target": }',
            "file, line 2, column 12: invalid JSON: Expecting value",
            id="json-syntax",
        ),
        pytest.param(
            b'id = "ana"\nid = "bo"\n',
            "file, line 2, column 10: invalid TOML: Cannot overwrite a value (a key is set twice)",
            id="toml-duplicate-key",
        ),
    ],
)
def test_unreadable_learner_file(minimal_catalogue: Catalogue, raw: bytes, expected: str) -> None:
    """A learner document that cannot be read is refused with the one reading problem."""
    with pytest.raises(LearnerError) as caught:
        load_learner(raw, minimal_catalogue)
    assert str(caught.value) == f"learner <bytes> has 1 problem:\n  - {expected}"
