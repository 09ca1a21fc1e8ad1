"""Population files: one learner a row, in CSV, JSON Lines or Parquet; bad rows refused by row
and column, every problem of a row at once; a wrong header refuses the file."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from itineraire.files.loading import builtin_catalogue
from itineraire.population import Person, PopulationError, RefusedRow, read_population
from itineraire.population.reading import count_rows
from itineraire.population.rows import COLUMNS, Refusal, RowError, RowReader, person_from_row

GOOD: dict[str, Any] = {
    "id": "ana",
    "positioning_date": "2027-01-04",
    "blocks": "RNCP37674BC01@2026-06-30",
    "competences": "lang.en=B1;clea.2;clea.1",
    "experience": "M1805=1200",
    "target_certification": "RNCP37674",
    "weekly_hours": "20",
    "vae_allowed": "false",
    "unavailable": "2027-03-01/2027-03-12",
    "territory": "Moselle",
    "synthetic": "true",
}


def _write_csv(path: Path, rows: list[dict[str, Any]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(COLUMNS))
        writer.writeheader()
        writer.writerows(rows)
    return path


def _items(path: Path) -> list[Person | RefusedRow]:
    return list(read_population(path, builtin_catalogue()))


def test_a_good_row_becomes_the_learner_its_cells_describe(tmp_path: Path) -> None:
    """Every cell reaches the learner; items of a list cell are sorted (order means nothing)."""
    [person] = _items(_write_csv(tmp_path / "pop.csv", [GOOD]))
    assert isinstance(person, Person)
    learner = person.learner
    assert (person.row, person.territory, person.synthetic) == (1, "Moselle", True)
    assert [held.competence for held in learner.positioning.competences] == [
        "clea.1",
        "clea.2",
        "lang.en",
    ]
    assert learner.positioning.blocks[0].date == dt.date(2026, 6, 30)
    assert [(r.rome, r.hours) for r in learner.positioning.experience] == [("M1805", 1200)]
    assert learner.constraints.weekly_hours == 20
    assert learner.constraints.vae_allowed is False
    assert learner.constraints.unavailable[0].end == dt.date(2027, 3, 12)
    assert learner.target.certification == "RNCP37674"


def test_bad_rows_are_refused_by_row_and_column_and_the_rest_read(tmp_path: Path) -> None:
    """Each bad row lists all its problems, naming the column (and the item in a list cell)."""
    rows = [
        GOOD,
        GOOD
        | {
            "id": "bea",
            "competences": "clea.9;lang.en=",
            "experience": "M1805=lots",
            "weekly_hours": "many",
            "vae_allowed": "maybe",
        },
        GOOD | {"id": "carl", "blocks": "NOPE", "target_certification": "RNCP00000"},
        GOOD | {"id": "ana"},
        GOOD | {"id": "", "positioning_date": ""},
    ]
    items = _items(_write_csv(tmp_path / "pop.csv", rows))
    assert isinstance(items[0], Person)
    assert all(isinstance(item, RefusedRow) for item in items[1:])
    refused = [
        [str(refusal) for refusal in item.refusals]
        for item in items[1:]
        if isinstance(item, RefusedRow)
    ]
    assert refused == [
        [
            "row 2, column competences: item 'lang.en=': expected COMPETENCE=LEVEL",
            "row 2, column experience: item 'M1805=lots': expected ROME=HOURS, e.g. M1805=1200",
            "row 2, column weekly_hours: expected a whole number, found 'many'",
            "row 2, column vae_allowed: expected true or false, found 'maybe'",
            "row 2, column competences: item 'clea.9', competence: unknown competence 'clea.9'",
        ],
        [
            "row 3, column blocks: item 'NOPE', block: unknown block 'NOPE'",
            "row 3, column target_certification: unknown certification 'RNCP00000'",
        ],
        ["row 4, column id: learner 'ana' is already at row 1"],
        ["row 5, column id: is empty", "row 5, column positioning_date: is empty"],
    ]


def test_the_three_formats_give_the_same_people(tmp_path: Path) -> None:
    """CSV, JSON Lines (native types allowed) and Parquet rows read as the same learners."""
    csv_people = _items(_write_csv(tmp_path / "pop.csv", [GOOD]))
    native = GOOD | {
        "competences": ["clea.1", "clea.2", "lang.en=B1"],
        "weekly_hours": 20,
        "vae_allowed": False,
        "synthetic": True,
    }
    (tmp_path / "pop.jsonl").write_text(json.dumps(native) + "\n\n", encoding="utf-8")
    table = pa.Table.from_pylist([{name: GOOD.get(name) for name in COLUMNS}])
    pq.write_table(table, tmp_path / "pop.parquet")
    assert _items(tmp_path / "pop.jsonl") == csv_people
    assert _items(tmp_path / "pop.parquet") == csv_people
    assert count_rows(tmp_path / "pop.csv") == 1
    assert count_rows(tmp_path / "pop.parquet") == 1


def test_a_jsonl_line_that_is_not_an_object_is_a_refused_row(tmp_path: Path) -> None:
    """A broken line is refused as a whole row; the lines after it are still read."""
    path = tmp_path / "pop.jsonl"
    lines = ["{not json", "[1]", json.dumps({"id": "x", "unknown": 1}), json.dumps(GOOD)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = _items(path)
    assert [
        str(r) for item in items[:3] if isinstance(item, RefusedRow) for r in item.refusals
    ] == [
        "row 1: is not JSON: Expecting property name enclosed in double quotes (column 2)",
        "row 2: is not a JSON object",
        "row 3: has keys that are not population columns: 'unknown'",
    ]
    assert isinstance(items[3], Person)


def test_a_wrong_header_refuses_the_file(tmp_path: Path) -> None:
    """Unknown and missing columns are named together, before any row is read."""
    path = tmp_path / "pop.csv"
    path.write_text("id,blokcs\nana,X\n", encoding="utf-8")
    with pytest.raises(PopulationError) as raised:
        _items(path)
    assert str(raised.value) == (
        f"population {path} has 3 problems:\n"
        "  - header, blokcs: 'blokcs' is not a population column (see the population file"
        " format)\n"
        "  - header, positioning_date: is missing\n"
        "  - header, target: is missing (one of target_certification, target_blocks,"
        " target_job)"
    )


def test_an_unknown_suffix_is_refused(tmp_path: Path) -> None:
    """The format comes from the suffix; another suffix is named with the known ones."""
    with pytest.raises(PopulationError, match=r"unknown suffix '\.xlsx'"):
        _items(tmp_path / "pop.xlsx")


def test_rows_sharing_their_cells_read_as_each_alone() -> None:
    """The reader reuses a learner for rows with the same cells (id, name and places aside):
    each person, or each refusal, is the one reading the row alone gives."""
    catalogue = builtin_catalogue()
    rows = [
        GOOD,
        GOOD | {"id": "bob", "name": "Bob", "territory": "Vosges", "synthetic": "false"},
        GOOD | {"id": "bad id"},
        GOOD | {"id": "carl", "synthetic": "perhaps"},
        GOOD | {"id": "dan", "weekly_hours": "abc"},
        GOOD | {"id": "eve", "weekly_hours": "abc"},
    ]
    reader = RowReader(catalogue, room=1)
    for number, cells in enumerate(rows, start=1):
        assert _read(partial(reader.person, number, cells)) == _read(
            partial(person_from_row, number, cells, catalogue)
        )


def _read(reading: Callable[[], Person]) -> Person | tuple[Refusal, ...]:
    try:
        return reading()
    except RowError as error:
        return error.refusals


def test_a_row_gives_the_training_calendar_and_a_bad_day_is_refused(tmp_path: Path) -> None:
    """The weekly pattern and the holiday zone reach the learner; a day that is not a weekday
    is refused under its column, naming the item."""
    rows = [
        GOOD | {"training_days": "wednesday;monday", "holidays": "alsace-moselle"},
        GOOD | {"id": "bea", "training_days": "monday;someday"},
    ]
    person, refused = _items(_write_csv(tmp_path / "pop.csv", rows))
    assert isinstance(person, Person)
    constraints = person.learner.constraints
    assert constraints.training_days == frozenset({0, 2})  # Monday and Wednesday
    assert constraints.holidays == "alsace-moselle"
    assert isinstance(refused, RefusedRow)
    [refusal] = refused.refusals
    assert refusal.column == "training_days"
    assert "someday" in str(refusal)


def test_a_row_gives_its_vae_files_under_way_and_bad_ones_are_refused(tmp_path: Path) -> None:
    """Josiane's file for two blocks of RNCP37715 reaches the learner (the jury given or left to
    the catalogue's lead times); a badly written item and a block of another certification are
    refused under the column, naming the item, both at once."""
    josiane = {
        "id": "josiane",
        "positioning_date": "2026-12-14",
        "competences": "clea.1;clea.2",
        "experience": "K1304=2400;K1302=900",
        "target_certification": "RNCP37715",
        "start": "2027-01-04",
    }
    rows = [
        josiane | {"vae_under_way": "RNCP37715@2026-11-02=RNCP37715-B1+RNCP37715-B2"},
        josiane | {"id": "jo", "vae_under_way": "RNCP37715@2026-11-02/2027-03-31"},
        josiane | {"id": "none", "vae_under_way": "RNCP37715@2026-11-02="},
        josiane | {"id": "bad", "vae_under_way": "RNCP37715;RNCP37715@2026-11-02=RNCP37674BC01"},
    ]
    given, with_jury, expecting_none, refused = _items(_write_csv(tmp_path / "pop.csv", rows))
    assert isinstance(given, Person)
    assert isinstance(with_jury, Person)
    assert isinstance(expecting_none, Person)
    [none] = expecting_none.learner.positioning.vae_under_way
    assert none.blocks == ()  # "=" alone: the jury is expected to award no block
    [file] = given.learner.positioning.vae_under_way
    assert (file.certification, file.admissible, file.jury) == (
        "RNCP37715",
        dt.date(2026, 11, 2),
        None,
    )
    assert file.blocks == ("RNCP37715-B1", "RNCP37715-B2")
    [other] = with_jury.learner.positioning.vae_under_way
    assert other.jury == dt.date(2027, 3, 31)
    assert isinstance(refused, RefusedRow)
    messages = [str(refusal) for refusal in refused.refusals]
    assert messages == [
        "row 4, column vae_under_way: item 'RNCP37715':"
        " expected CERTIFICATION@ADMISSIBLE[/JURY][=BLOCK+BLOCK]",
        "row 4, column vae_under_way: item 'RNCP37715@2026-11-02=RNCP37674BC01', blocks[0]:"
        " block 'RNCP37674BC01' is not a block of 'RNCP37715'",
    ]
