"""Indicators of a routes file, on rows written by hand; and the synthetic population."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from itineraire.files.loading import builtin_catalogue
from itineraire.population.indicators import TABLES, indicators
from itineraire.population.records import ROUTE_COLUMNS
from itineraire.population.sampling import FIGURES, sample_population
from itineraire.population.tables import TableWriter, read_table


def _route(
    learner: str, cost: int, steps: list[tuple[str, str, str]], **flags: Any
) -> dict[str, Any]:
    return {
        "learner": learner,
        "objective": "cost",
        "status": "route",
        "target": "RNCP37674",
        "synthetic": False,
        "cost": cost,
        "duration_days": cost // 10,
        "training_hours": cost // 20,
        "steps": [
            {"kind": kind, "action": action, "start": start} for kind, action, start in steps
        ],
        "vae": False,
        "placement": False,
        "hybrid_vae": False,
        "remediation": False,
    } | flags


ROWS = [
    _route(
        "a",
        1000,
        [
            ("positioning", "positioning", "2027-01-04"),
            ("transversal", "remediation-clea-1", "2027-01-04"),
            ("training", "dwwm-front", "2027-03-01"),
        ],
        remediation=True,
    ),
    _route(
        "b",
        3000,
        [("training", "dwwm-front", "2027-03-01"), ("vae_jury", "vae", "2027-09-01")],
        vae=True,
        hybrid_vae=True,
    ),
    _route("c", 2000, [("placement", "pmsmp-m1805", "2027-02-01")], placement=True),
    {
        "learner": "d",
        "objective": "cost",
        "status": "no_route",
        "target": "RNCP37674",
        "synthetic": True,
        "reasons": ["no route fits the budget of 100 €"],
    },
]


def test_the_tables_count_people_modules_months_and_reasons() -> None:
    """Demand per module and month, shares, reasons, distributions and totals, exactly."""
    tables = indicators(ROWS).tables()
    base = {"objective": "cost", "synthetic": True}
    assert tables["demand"] == [
        base | {"module": "dwwm-front", "month": "2027-03", "people": 2},
        base | {"module": "pmsmp-m1805", "month": "2027-02", "people": 1},
        base | {"module": "remediation-clea-1", "month": "2027-01", "people": 1},
    ]
    assert tables["totals"] == [
        base | {"people": 4, "routes": 3, "no_route": 1, "total_cost": 6000, "mean_cost": 2000.0}
    ]
    assert [(row["use"], row["routes"], row["share"]) for row in tables["shares"]] == [
        ("vae", 1, 0.3333),
        ("placement", 1, 0.3333),
        ("hybrid_vae", 1, 0.3333),
        ("remediation", 1, 0.3333),
    ]
    assert tables["no_route"] == [
        base | {"status": "no_route", "reason": "no route fits the budget of 100 €", "people": 1}
    ]
    [certification] = tables["certifications"]
    assert (certification["people"], certification["routes"]) == (4, 3)
    assert (certification["cost_p10"], certification["cost_median"]) == (1200.0, 2000.0)
    assert certification["cost_p90"] == 2800.0
    assert certification["hours_median"] == 100.0
    assert all(set(rows[0]) == {c.name for c in TABLES[name]} for name, rows in tables.items())


def test_a_synthetic_population_is_reproducible_and_marked() -> None:
    """Same count and seed, same rows; every row synthetic, targets of the catalogue."""
    catalogue = builtin_catalogue()
    first = list(sample_population(300, seed=2, catalogue=catalogue))
    assert first == list(sample_population(300, seed=2, catalogue=catalogue))
    assert first != list(sample_population(300, seed=3, catalogue=catalogue))
    assert all(row["synthetic"] is True for row in first)
    assert {row["target_certification"] for row in first} <= set(catalogue.certifications)
    assert len({row["id"] for row in first}) == 300


def test_the_synthetic_population_follows_the_pacts_shares() -> None:
    """On 4,000 people the part-time and experience shares land near their figures; the pact's
    figures are cited as such, the others said to be assumptions."""
    rows = list(sample_population(4000, seed=1, catalogue=builtin_catalogue()))
    weekly = Counter(row["weekly_hours"] for row in rows)
    assert 0.07 < weekly[20] / len(rows) < 0.13
    experienced = sum(1 for row in rows if row["experience"]) / len(rows)
    assert 0.5 < experienced < 0.7
    assert {figure.source.split(",")[0].split(":")[0] for figure in FIGURES} == {
        "seed",
        "assumption",
    }


def test_routes_files_read_back_what_was_written(tmp_path: Path) -> None:
    """In each format, a routes row reads back equal; a reason holding a ';' stays whole."""
    row = {column.name: None for column in ROUTE_COLUMNS} | {
        "row": 3,
        "learner": "x",
        "synthetic": True,
        "objective": "cost",
        "status": "no_route",
        "modalities": [],
        "reasons": ["all of (clea.1; clea.2) is not met", "no placement"],
        "steps": [],
    }
    for suffix in ("csv", "jsonl", "parquet"):
        path = tmp_path / f"routes.{suffix}"
        with TableWriter(path, ROUTE_COLUMNS) as writer:
            writer.write(row)
        assert list(read_table(path, ROUTE_COLUMNS)) == [row], suffix
