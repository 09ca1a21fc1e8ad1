"""``itineraire population``: sample, plan and report, as a user runs them."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from itineraire.cli import main

ROWS = 12


@pytest.fixture(scope="module")
def population(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small synthetic population, as a CSV file."""
    path = tmp_path_factory.mktemp("population") / "pop.csv"
    assert main(["population", "sample", str(ROWS), "--seed", "4", "-o", str(path)]) == 0
    return path


def _bad_population(population: Path, tmp_path: Path) -> Path:
    lines = population.read_text(encoding="utf-8").splitlines()
    cells = lines[2].split(",")
    cells[lines[0].split(",").index("target_certification")] = "RNCP00000"
    lines[2] = ",".join(cells)
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return bad


def test_sample_marks_every_row_synthetic_and_is_reproducible(
    population: Path, tmp_path: Path
) -> None:
    """Same count and seed, same bytes; every row says it is synthetic."""
    again = tmp_path / "again.csv"
    assert main(["population", "sample", str(ROWS), "--seed", "4", "-o", str(again)]) == 0
    assert again.read_bytes() == population.read_bytes()
    with population.open(encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    assert len(rows) == ROWS
    assert {row["synthetic"] for row in rows} == {"true"}


def test_plan_writes_one_row_per_person_and_objective(
    population: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Routes in JSON Lines, two objectives; the summary counts them (as JSON here)."""
    routes = tmp_path / "routes.jsonl"
    objectives = ["--objective", "cost", "--objective", "hours"]
    code = main(["population", "plan", str(population), "-o", str(routes), *objectives, "--json"])
    assert code == 0
    rows = [json.loads(line) for line in routes.read_text(encoding="utf-8").splitlines()]
    assert [(row["row"], row["objective"]) for row in rows[:4]] == [
        (1, "cost"),
        (1, "hours"),
        (2, "cost"),
        (2, "hours"),
    ]
    assert len(rows) == 2 * ROWS
    assert all(row["synthetic"] for row in rows)
    summary = json.loads(capsys.readouterr().out)
    assert sum(item["people"] for item in summary["outcomes"]) == 2 * ROWS
    assert summary["refused_rows"] == 0
    assert summary["problems_planned"] + summary["outcomes_reused"] == 2 * ROWS


def test_bad_rows_are_summed_up_and_the_rest_planned(
    population: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Keep going (the default): exit 1, the refusal on stderr and in --refusals, the others
    planned."""
    bad = _bad_population(population, tmp_path)
    routes, refusals = tmp_path / "routes.csv", tmp_path / "refusals.csv"
    code = main(["population", "plan", str(bad), "-o", str(routes), "--refusals", str(refusals)])
    assert code == 1
    assert capsys.readouterr().err == (
        "1 row was refused and not planned:\n"
        "  - row 2, column target_certification: unknown certification 'RNCP00000'\n"
    )
    assert refusals.read_text(encoding="utf-8") == (
        "row,column,message\n2,target_certification,unknown certification 'RNCP00000'\n"
    )
    with routes.open(encoding="utf-8") as stream:
        assert [row["row"] for row in csv.DictReader(stream)] == [
            str(n) for n in range(1, ROWS + 1) if n != 2
        ]


def test_strict_refuses_the_file_and_writes_nothing(
    population: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--strict: exit 2, every problem named, no routes file."""
    bad = _bad_population(population, tmp_path)
    routes = tmp_path / "routes.csv"
    assert main(["population", "plan", str(bad), "-o", str(routes), "--strict"]) == 2
    assert capsys.readouterr().err == (
        f"error: population {bad} has 1 problem:\n"
        "  - row 2, target_certification: unknown certification 'RNCP00000'\n"
    )
    assert not routes.exists()


def test_report_writes_tables_and_pictures(
    population: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """From a Parquet routes file: every table as CSV, both pictures as SVG (the same bytes
    twice), the tables on stdout as JSON; the people are said to be synthetic."""
    routes = tmp_path / "routes.parquet"
    assert main(["population", "plan", str(population), "-o", str(routes)]) == 0
    assert pq.ParquetFile(routes).metadata.num_rows == ROWS
    capsys.readouterr()
    for run in ("one", "two"):
        arguments = ["population", "report", str(routes), "-o", str(tmp_path / "tables")]
        arguments += ["--charts", str(tmp_path / run), "--chart-format", "svg", "--json"]
        assert main(arguments) == 0
        tables = json.loads(capsys.readouterr().out)
    [totals] = tables["totals"]
    assert totals["people"] == ROWS
    assert totals["synthetic"] is True
    assert sum(row["people"] for row in tables["certifications"]) == ROWS
    names = sorted(path.name for path in (tmp_path / "tables").iterdir())
    assert names == [
        "certifications.csv",
        "demand.csv",
        "no_route.csv",
        "shares.csv",
        "totals.csv",
    ]
    for picture in ("demand-by-month.svg", "cost-distribution.svg"):
        first = (tmp_path / "one" / picture).read_bytes()
        assert first == (tmp_path / "two" / picture).read_bytes()
        assert b"synthetic population" in first


def test_wrong_usage_is_refused(
    population: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An unknown output suffix, a missing folder and an address without Dask are bad usage
    (exit 2), nothing written."""
    assert main(["population", "plan", str(population), "-o", str(tmp_path / "r.xlsx")]) == 2
    nowhere = tmp_path / "nowhere" / "routes.csv"
    assert main(["population", "plan", str(population), "-o", str(nowhere)]) == 2
    assert capsys.readouterr().err.endswith(
        f"  - file: its folder {nowhere.parent} does not exist\n"
    )
    arguments = ["population", "plan", str(population), "-o", str(tmp_path / "r.csv")]
    assert main([*arguments, "--address", "tcp://127.0.0.1:8786"]) == 2


def test_blocks_credited_by_equivalence_are_written_as_block_codes(tmp_path: Path) -> None:
    """Fatou's two home-help blocks credit the gateway block of the bac pro ASSP: the routes
    file lists it on the positioning step, in every format."""
    population = tmp_path / "pop.jsonl"
    fatou = {
        "id": "fatou",
        "positioning_date": "2026-12-07",
        "blocks": ["RNCP37715-B1@2024-03-15", "RNCP37715-B2@2024-11-29"],
        "competences": ["clea.1", "clea.2", "clea.6", "clea.7"],
        "target_certification": "RNCP37231",
        "start": "2027-01-04",
        "vae_allowed": False,
    }
    population.write_text(json.dumps(fatou) + "\n", encoding="utf-8")
    for suffix in (".jsonl", ".csv", ".parquet"):
        routes = tmp_path / f"routes{suffix}"
        assert main(["population", "plan", str(population), "-o", str(routes), "--json"]) == 0
    [row] = [json.loads(line) for line in (tmp_path / "routes.jsonl").read_text().splitlines()]
    positioning = row["steps"][0]
    assert (positioning["kind"], positioning["credited"]) == ("positioning", ["RNCP37231-B1"])
    [table] = pq.read_table(tmp_path / "routes.parquet").to_pylist()
    assert table["steps"][0]["credited"] == ["RNCP37231-B1"]
