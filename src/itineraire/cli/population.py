"""``itineraire population``: plan a whole population, report what its routes need, draw a
synthetic one.

- ``population plan POP -o ROUTES``: every person's route (CSV, JSON Lines or Parquet in and
  out), bad rows refused and summed up (``--strict`` refuses the file instead), on ``--jobs``
  local processes or a Dask cluster (``--scheduler dask``);
- ``population report ROUTES``: the indicators (module demand by month, certifications,
  shares, people without a route, totals), as tables, files and pictures;
- ``population sample N --seed S -o POP``: a synthetic population.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final

from rich.console import Console

from itineraire.cli.output import (
    EXIT_FINDINGS,
    EXIT_OK,
    catalogue_option,
    fail,
    load,
    show,
    show_json,
    wants_json,
)
from itineraire.display.population import ProgressBar, indicators_view, summary_view
from itineraire.errors import Problem
from itineraire.planning import Objective
from itineraire.population import (
    Backend,
    InProcess,
    LocalProcesses,
    Person,
    PopulationError,
    Progress,
    RefusedRow,
    Reporter,
    plan_population,
    read_population,
)
from itineraire.population.indicators import TABLES, indicators
from itineraire.population.reading import count_rows, file_format
from itineraire.population.records import (
    POPULATION_COLUMNS,
    ROUTE_COLUMNS,
    ROUTES_FORMAT,
    RouteRecords,
)
from itineraire.population.sampling import sample_population
from itineraire.population.tables import Column, Kind, TableWriter, read_table

__all__ = ["register"]

_SHOWN_REFUSALS: Final = 20
_REFUSAL_COLUMNS: Final = (
    Column("row", Kind.INTEGER),
    Column("column", Kind.TEXT),
    Column("message", Kind.TEXT),
)


def register(commands: Any) -> None:
    population = commands.add_parser(
        "population", help="plan routes for a whole population and report what they need"
    )
    actions = population.add_subparsers(title="actions", metavar="ACTION", required=True)
    _plan_parser(actions)
    _report_parser(actions)
    _sample_parser(actions)


def _plan_parser(actions: Any) -> None:
    plan = actions.add_parser("plan", help="plan every person of a population file")
    catalogue_option(plan)
    plan.add_argument(
        "population", metavar="POP", help="the population file (.csv, .jsonl, .parquet)"
    )
    plan.add_argument(
        "-o", "--output", required=True, metavar="ROUTES", help="the routes file to write"
    )
    plan.add_argument(
        "--objective",
        action="append",
        choices=[objective.value for objective in Objective],
        help="what to minimise (repeat it for several; default: duration)",
    )
    plan.add_argument(
        "--jobs", type=int, default=1, metavar="N", help="processes (or Dask workers) that plan"
    )
    plan.add_argument(
        "--scheduler", choices=("local", "dask"), default="local", help="where planning runs"
    )
    plan.add_argument(
        "--address",
        metavar="URL",
        help="with --scheduler dask: the scheduler (tcp://host:8786);"
        " a local cluster of --jobs workers by default",
    )
    refusing = plan.add_mutually_exclusive_group()
    refusing.add_argument(
        "--keep-going",
        action="store_true",
        help="plan the good rows and sum up the bad ones (the default)",
    )
    refusing.add_argument(
        "--strict", action="store_true", help="refuse the whole file if a row is bad"
    )
    plan.add_argument(
        "--refusals",
        metavar="FILE",
        help="write every refused row's problems to this file (.csv, .jsonl, .parquet)",
    )
    plan.set_defaults(command=_plan)


def _report_parser(actions: Any) -> None:
    report = actions.add_parser("report", help="the indicators of a routes file")
    report.add_argument("routes", metavar="ROUTES", help="a routes file written by population plan")
    report.add_argument("-o", "--output", metavar="DIR", help="write each table to DIR")
    report.add_argument(
        "--format",
        choices=("csv", "parquet", "jsonl"),
        default="csv",
        help="the tables' format in DIR (default csv)",
    )
    report.add_argument(
        "--charts",
        metavar="DIR",
        help="draw the demand by month and the cost distribution in DIR (needs itineraire[plot])",
    )
    report.add_argument(
        "--chart-format",
        choices=("png", "svg"),
        default="png",
        help="the pictures' format (default png)",
    )
    report.add_argument(
        "--top", type=int, default=20, metavar="N", help="module demand rows shown (default 20)"
    )
    report.add_argument(
        "--json", action="store_true", default=argparse.SUPPRESS, help="print the tables as JSON"
    )
    report.set_defaults(command=_report)


def _sample_parser(actions: Any) -> None:
    sample = actions.add_parser("sample", help="write a synthetic population")
    catalogue_option(sample)
    sample.add_argument("count", type=int, metavar="N", help="how many people")
    sample.add_argument(
        "--seed", type=int, default=0, metavar="S", help="the random seed (default 0)"
    )
    sample.add_argument(
        "-o", "--output", required=True, metavar="POP", help="the population file to write"
    )
    sample.set_defaults(command=_sample)


def _plan(arguments: argparse.Namespace) -> int:
    if arguments.jobs < 1:
        return fail(f"--jobs must be at least 1 (got {arguments.jobs})")
    if arguments.address and arguments.scheduler != "dask":
        return fail("--address needs --scheduler dask")
    catalogue = load(arguments)
    source, output = Path(arguments.population), Path(arguments.output)
    for path in (output, *([Path(arguments.refusals)] if arguments.refusals else [])):
        file_format(path)
    if arguments.strict:
        _refuse_bad_file(source, catalogue)
    objectives = tuple(Objective(value) for value in arguments.objective or ["duration"])
    refused: list[RefusedRow] = []
    console = Console(file=sys.stderr)
    reporter: Reporter = (
        ProgressBar(console, count_rows(source)) if console.is_terminal else Reporter()
    )
    tally = _Tally()
    records = RouteRecords(catalogue)
    started = time.perf_counter()
    with TableWriter(output, ROUTE_COLUMNS, {"format": ROUTES_FORMAT}) as writer:
        for planned in plan_population(
            catalogue,
            _people(read_population(source, catalogue), refused),
            objectives,
            backend=_backend(arguments),
            reporter=_Both(reporter, tally),
        ):
            writer.write(records.row(planned))
            tally.statuses[(planned.objective.value, planned.status.value)] += 1
    seconds = time.perf_counter() - started
    if arguments.refusals:
        _write_refusals(Path(arguments.refusals), refused)
    _tell_refusals(refused)
    if wants_json(arguments):
        show_json(_summary(tally, refused, seconds))
    else:
        show(summary_view(tally.statuses, tally.progress, len(refused), seconds))
    return EXIT_FINDINGS if refused else EXIT_OK


def _backend(arguments: argparse.Namespace) -> Backend:
    if arguments.scheduler == "dask":
        from itineraire.population.dask_backend import DaskBackend

        return DaskBackend(arguments.address, workers=arguments.jobs)
    return InProcess() if arguments.jobs == 1 else LocalProcesses(arguments.jobs)


def _refuse_bad_file(source: Path, catalogue: Any) -> None:
    """Strict mode: every problem of every row, before anything is planned."""
    problems = [
        Problem(f"row {refusal.row}", refusal.column, refusal.message)
        for item in read_population(source, catalogue)
        if isinstance(item, RefusedRow)
        for refusal in item.refusals
    ]
    if problems:
        raise PopulationError(str(source), problems)


def _people(items: Iterator[Person | RefusedRow], refused: list[RefusedRow]) -> Iterator[Person]:
    for item in items:
        if isinstance(item, RefusedRow):
            refused.append(item)
        else:
            yield item


class _Tally(Reporter):
    """What the summary needs: outcomes by objective and status, and the last progress."""

    def __init__(self) -> None:
        self.statuses: Counter[tuple[str, str]] = Counter()
        self.progress = Progress()

    def finished(self, progress: Progress) -> None:
        self.progress = progress


class _Both(Reporter):
    def __init__(self, first: Reporter, second: Reporter) -> None:
        self.reporters = (first, second)

    def started(self, objectives: tuple[Objective, ...]) -> None:
        for reporter in self.reporters:
            reporter.started(objectives)

    def progressed(self, progress: Progress) -> None:
        for reporter in self.reporters:
            reporter.progressed(progress)

    def finished(self, progress: Progress) -> None:
        for reporter in self.reporters:
            reporter.finished(progress)


def _tell_refusals(refused: list[RefusedRow]) -> None:
    if not refused:
        return
    refusals = [refusal for row in refused for refusal in row.refusals]
    noun = "row was" if len(refused) == 1 else "rows were"
    lines = [f"{len(refused)} {noun} refused and not planned:"]
    lines += [f"  - {refusal}" for refusal in refusals[:_SHOWN_REFUSALS]]
    if len(refusals) > _SHOWN_REFUSALS:
        lines.append(f"  … and {len(refusals) - _SHOWN_REFUSALS} more problems (see --refusals)")
    sys.stderr.write("\n".join(lines) + "\n")


def _write_refusals(path: Path, refused: list[RefusedRow]) -> None:
    with TableWriter(path, _REFUSAL_COLUMNS) as writer:
        for row in refused:
            for refusal in row.refusals:
                writer.write(
                    {"row": refusal.row, "column": refusal.column, "message": refusal.message}
                )


def _summary(tally: _Tally, refused: list[RefusedRow], seconds: float) -> dict[str, Any]:
    progress = tally.progress
    return {
        "outcomes": [
            {"objective": objective, "status": status, "people": count}
            for (objective, status), count in sorted(tally.statuses.items())
        ],
        "refused_rows": len(refused),
        "problems_planned": progress.planned,
        "outcomes_reused": progress.reused,
        "unique_share": round(progress.unique_share, 4),
        "seconds": round(seconds, 3),
    }


def _report(arguments: argparse.Namespace) -> int:
    if arguments.top < 0:
        return fail(f"--top must be at least 0 (got {arguments.top})")
    found = indicators(read_table(arguments.routes, ROUTE_COLUMNS))
    tables = found.tables()
    if arguments.output:
        directory = Path(arguments.output)
        directory.mkdir(parents=True, exist_ok=True)
        for name, rows in tables.items():
            with TableWriter(directory / f"{name}.{arguments.format}", TABLES[name]) as writer:
                for row in rows:
                    writer.write(row)
    if arguments.charts:
        from itineraire.population.charts import write_charts

        write_charts(found, arguments.charts, arguments.chart_format)
    if wants_json(arguments):
        show_json(tables)
    else:
        show(indicators_view(tables, arguments.top))
    return EXIT_OK


def _sample(arguments: argparse.Namespace) -> int:
    if arguments.count < 0:
        return fail(f"N must be at least 0 (got {arguments.count})")
    catalogue = load(arguments)
    output = Path(arguments.output)
    file_format(output)
    with TableWriter(output, POPULATION_COLUMNS, {"synthetic": "true"}) as writer:
        for row in sample_population(arguments.count, seed=arguments.seed, catalogue=catalogue):
            writer.write(row)
    sys.stderr.write(
        f"{arguments.count:,} synthetic people (seed {arguments.seed}) written to {output}\n"
    )
    return EXIT_OK
