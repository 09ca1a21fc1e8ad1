"""Planning a population on a Dask cluster gives the local run's routes file, byte for byte.

A LocalCluster of two worker processes, a small population: no timing is asserted, and the
cluster's time-outs are generous, so that a loaded machine only makes the test slower."""

from __future__ import annotations

from pathlib import Path

import dask

from itineraire.cli import main


def test_a_two_worker_cluster_writes_the_local_routes_file(tmp_path: Path) -> None:
    """Same population, same objectives: the Parquet files are identical."""
    population = tmp_path / "pop.jsonl"
    assert main(["population", "sample", "10", "--seed", "8", "-o", str(population)]) == 0
    local, distributed = tmp_path / "local.parquet", tmp_path / "dask.parquet"
    objectives = ["--objective", "hours", "--objective", "cost"]
    assert main(["population", "plan", str(population), "-o", str(local), *objectives]) == 0
    slow = {
        "distributed.comm.timeouts.connect": "120s",
        "distributed.comm.timeouts.tcp": "120s",
        "distributed.deploy.lost-worker-timeout": "120s",
    }
    with dask.config.set(slow):
        arguments = ["population", "plan", str(population), "-o", str(distributed), *objectives]
        assert main([*arguments, "--scheduler", "dask", "--jobs", "2"]) == 0
    assert distributed.read_bytes() == local.read_bytes()
