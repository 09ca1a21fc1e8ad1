"""Benchmark of population planning: a synthetic public planned for all three objectives.

Run from the repository root (the development extras hold pyarrow and Dask):

    .venv/bin/python benchmarks/bench_population.py            # 281,952 people, as the pact
    .venv/bin/python benchmarks/bench_population.py --quick    # 2,000 and 10,000 people

For each size it writes a synthetic population (``population sample``, seed 1) as CSV, then
plans it in a fresh process, as ``itineraire population plan POP -o routes.parquet`` does, for
the three objectives on ``--jobs`` local processes (2 by default), and reports the wall time,
the throughput (people a second), the share of unique problems, the peak resident memory of
the process that reads and writes (the workers' peak apart), and the CPU time of both (local
workers only: Dask workers are not children of the run). With ``--dask`` the largest size is
planned again on a Dask LocalCluster of as many workers, and the two routes files are compared
byte for byte. The numbers go to ``docs/performance.md``; no test asserts them.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from itineraire import builtin_catalogue
from itineraire.planning import Objective
from itineraire.population import Reporter, plan_population, read_population
from itineraire.population.backends import Backend, InProcess, LocalProcesses
from itineraire.population.outcomes import Planned
from itineraire.population.reading import RefusedRow
from itineraire.population.records import POPULATION_COLUMNS, ROUTE_COLUMNS, RouteRecords
from itineraire.population.reporting import Progress
from itineraire.population.sampling import sample_population
from itineraire.population.tables import TableWriter

FULL = (281_952,)
QUICK = (2_000, 10_000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller populations (minutes)")
    parser.add_argument("--jobs", type=int, default=2, help="local processes (default 2)")
    parser.add_argument("--dask", action="store_true", help="also plan on a Dask LocalCluster")
    parser.add_argument("--sizes", type=int, nargs="*", help="population sizes to plan")
    parser.add_argument("--one", nargs=4, metavar=("POP", "OUT", "JOBS", "SCHEDULER"))
    arguments = parser.parse_args()
    if arguments.one:
        population, output, jobs, scheduler = arguments.one
        print(json.dumps(plan_once(Path(population), Path(output), int(jobs), scheduler)))
        return
    sizes = arguments.sizes or (QUICK if arguments.quick else FULL)
    print(
        "| people | objectives | jobs | backend | wall time | people/s | unique share |"
        " driver peak RSS | worker peak RSS | CPU driver + workers |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as directory:
        for size in sizes:
            population = Path(directory) / f"pop-{size}.csv"
            started = time.perf_counter()
            write_population(population, size)
            generated = time.perf_counter() - started
            local = Path(directory) / f"routes-{size}.parquet"
            result = in_fresh_process(population, local, arguments.jobs, "local")
            print(row(size, arguments.jobs, "local", result), flush=True)
            print(f"<!-- population of {size:,} written in {generated:.1f} s -->", flush=True)
        if arguments.dask:
            size = sizes[-1]
            population = Path(directory) / f"pop-{size}.csv"
            remote = Path(directory) / f"routes-{size}-dask.parquet"
            result = in_fresh_process(population, remote, arguments.jobs, "dask")
            print(row(size, arguments.jobs, "dask", result), flush=True)
            local = Path(directory) / f"routes-{size}.parquet"
            same = remote.read_bytes() == local.read_bytes()
            print(f"<!-- Dask routes file identical to the local one: {same} -->")


def write_population(path: Path, size: int) -> None:
    catalogue = builtin_catalogue()
    with TableWriter(path, POPULATION_COLUMNS) as writer:
        for cells in sample_population(size, seed=1, catalogue=catalogue):
            writer.write(cells)


def in_fresh_process(population: Path, output: Path, jobs: int, scheduler: str) -> Any:
    """One run in a new interpreter, so that its peak memory is its own."""
    command = [sys.executable, __file__, "--one", str(population), str(output), str(jobs)]
    done = subprocess.run([*command, scheduler], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def plan_once(population: Path, output: Path, jobs: int, scheduler: str) -> dict[str, Any]:
    """Plan ``population`` for the three objectives into ``output`` (what the command does)."""
    catalogue = builtin_catalogue()
    backend: Backend
    if scheduler == "dask":
        from itineraire.population.dask_backend import DaskBackend

        backend = DaskBackend(workers=jobs)
    else:
        backend = InProcess() if jobs == 1 else LocalProcesses(jobs)
    records = RouteRecords(catalogue)
    progress = _Last()
    people = (
        item for item in read_population(population, catalogue) if not isinstance(item, RefusedRow)
    )
    started = time.perf_counter()
    with TableWriter(output, ROUTE_COLUMNS) as writer:
        planned: Planned
        for planned in plan_population(
            catalogue, people, tuple(Objective), backend=backend, reporter=progress
        ):
            writer.write(records.row(planned))
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "people": progress.last.people,
        "planned": progress.last.planned,
        "unique_share": progress.last.unique_share,
        "driver_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "worker_rss_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        # CPU time used, whatever the load: what the run costs the machine.
        "driver_cpu": _cpu(resource.RUSAGE_SELF),
        "worker_cpu": _cpu(resource.RUSAGE_CHILDREN),
    }


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


class _Last(Reporter):
    def __init__(self) -> None:
        self.last = Progress()

    def finished(self, progress: Progress) -> None:
        self.last = progress


def row(size: int, jobs: int, scheduler: str, result: dict[str, Any]) -> str:
    seconds = result["seconds"]
    worker = f"{result['worker_rss_mib']:.0f} MiB" if scheduler == "local" and jobs > 1 else "—"
    return (
        f"| {size:,} | 3 | {jobs} | {scheduler} | {seconds:.1f} s |"
        f" {result['people'] / seconds:,.0f} | {result['unique_share']:.1%}"
        f" ({result['planned']:,} plans) | {result['driver_rss_mib']:.0f} MiB | {worker} |"
        f" {result['driver_cpu']:.0f} s + {result['worker_cpu']:.0f} s |"
    )


if __name__ == "__main__":
    main()
