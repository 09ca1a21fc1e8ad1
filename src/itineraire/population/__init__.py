"""Population planning: routes for a whole public, and the training they need.

- :mod:`~itineraire.population.rows` and :mod:`~itineraire.population.reading`: population
  files (CSV, JSON Lines, Parquet), one learner a row, bad rows refused column by column;
- :mod:`~itineraire.population.signature`: what of a person their route depends on;
- :mod:`~itineraire.population.planning`: :func:`plan_population`, streamed, each distinct
  problem planned once, on local processes or a Dask cluster
  (:mod:`~itineraire.population.backends`, :mod:`~itineraire.population.dask_backend`);
- :mod:`~itineraire.population.reporting`: progress told to a reporter;
- :mod:`~itineraire.population.journeys`: re-planning a set of journeys the same way.
"""

from __future__ import annotations

from itineraire.population.backends import Backend, InProcess, LocalProcesses
from itineraire.population.journeys import Replanned, replan_population
from itineraire.population.outcomes import NoRoute, Outcome, Planned, Status
from itineraire.population.planning import plan_population
from itineraire.population.reading import PopulationError, RefusedRow, read_population
from itineraire.population.reporting import Progress, Reporter
from itineraire.population.rows import Person, Refusal
from itineraire.population.signature import signature

__all__ = [
    "Backend",
    "InProcess",
    "LocalProcesses",
    "NoRoute",
    "Outcome",
    "Person",
    "Planned",
    "PopulationError",
    "Progress",
    "Refusal",
    "RefusedRow",
    "Replanned",
    "Reporter",
    "Status",
    "plan_population",
    "read_population",
    "replan_population",
    "signature",
]
