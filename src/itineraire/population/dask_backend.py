"""Planning on a Dask cluster (``pip install 'itineraire[dask]'``).

The driver (the process that reads and writes the files) keeps everything it does locally:
reading people, finding the problems not met before, writing the outcomes in order. Only the
planning runs on the workers, batch by batch. The catalogue is scattered to the workers once
(``broadcast``): each worker keeps its copy and builds one planner from it at its first batch,
and every batch refers to that copy rather than carrying the catalogue. The outcomes are the
ones the local run gives: the same problems are sent, and each is planned by the same planner
code, whatever worker runs it.

Every worker needs this library installed, in the version the driver uses.
"""

from __future__ import annotations

import uuid
from typing import Any

from itineraire.model.catalogue import Catalogue
from itineraire.model.learners import Learner
from itineraire.planning import Objective
from itineraire.population._extras import require
from itineraire.population.backends import Batch, install, plan_batch
from itineraire.population.outcomes import Outcome

__all__ = ["DaskBackend"]


class DaskBackend:
    """Plans on the Dask cluster at ``address`` (``tcp://host:8786``), or on a local cluster of
    ``workers`` processes (one thread each) started for the run when no address is given.

    A ``client`` you already have may be passed instead; it is left open at the end."""

    def __init__(self, address: str | None = None, *, workers: int = 2, client: Any = None) -> None:
        if workers < 1:
            raise ValueError(f"workers must be at least 1 (got {workers})")
        self.address = address
        self.workers = workers
        self._client = client
        self._owned: list[Any] = []
        self._token = f"catalogue-{uuid.uuid4().hex}"
        self._catalogue: Any = None

    def start(self, catalogue: Catalogue) -> None:
        distributed = require("distributed", "dask")
        if self._client is None:
            if self.address is None:
                cluster = distributed.LocalCluster(
                    n_workers=self.workers,
                    threads_per_worker=1,
                    processes=True,
                    # Any free port: a fixed one may be taken by another cluster.
                    dashboard_address=":0",
                )
                self._owned.append(cluster)
                self._client = distributed.Client(cluster)
            else:
                self._client = distributed.Client(self.address)
            self._owned.insert(0, self._client)
        self._catalogue = self._client.scatter(catalogue, broadcast=True)

    def submit(self, objective: Objective, learners: list[Learner]) -> Batch:
        assert self._client is not None, "start() ships the catalogue first"
        future: Batch = self._client.submit(
            _plan_batch, self._token, self._catalogue, objective, learners, pure=False
        )
        return future

    def close(self) -> None:
        for owned in self._owned:
            owned.close()
        self._owned = []
        self._client = None


def _plan_batch(
    token: str, catalogue: Catalogue, objective: Objective, learners: list[Learner]
) -> list[Outcome]:
    """Runs on a worker: ``catalogue`` is the worker's copy of the scattered catalogue."""
    install(token, catalogue)
    return plan_batch(token, objective, learners)
