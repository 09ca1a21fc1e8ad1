"""Indicators of a planned population: what the routes need, what they cost, who has none.

Read from a routes file, row by row (memory holds counts and, per certification, the durations,
costs and hours as compact arrays):

- **demand**: per module and month, the number of people whose route starts the module that
  month (the places a purchase of training must cover);
- **certifications**: per target, the number of people and of routes, and the distribution of
  duration (days), cost (€) and training hours: median, first and last decile, quartiles;
- **shares**: the share of routes using VAE, placements, hybrid VAE and remediation;
- **no route**: people without a route, counted by status and reason;
- **totals**: people, routes, total and mean cost of the routes.

Every table is per objective (a routes file may hold several) and says whether the people are
synthetic.
"""

from __future__ import annotations

import statistics
from array import array
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any, Final

import attrs

from itineraire.population.tables import Column, Kind

__all__ = ["TABLES", "Indicators", "indicators"]

_MODULE_STEPS: Final = frozenset({"training", "transversal", "placement"})
_FLAGS: Final = ("vae", "placement", "hybrid_vae", "remediation")


@attrs.define
class _Target:
    people: int = 0
    routes: int = 0
    duration: array[int] = attrs.Factory(lambda: array("q"))
    cost: array[int] = attrs.Factory(lambda: array("q"))
    hours: array[int] = attrs.Factory(lambda: array("q"))


@attrs.define
class _Objective:
    people: int = 0
    routes: int = 0
    total_cost: int = 0
    flags: Counter[str] = attrs.Factory(Counter)
    no_route: Counter[tuple[str, str]] = attrs.Factory(Counter)
    demand: Counter[tuple[str, str]] = attrs.Factory(Counter)
    targets: dict[str, _Target] = attrs.Factory(dict)


@attrs.define
class Indicators:
    """The indicators of a routes file, by objective (see the module's documentation)."""

    synthetic: bool = False
    objectives: dict[str, _Objective] = attrs.Factory(dict)

    def add(self, record: Mapping[str, Any]) -> None:
        """Count one row of a routes file."""
        self.synthetic = self.synthetic or bool(record.get("synthetic"))
        totals = self.objectives.setdefault(str(record["objective"]), _Objective())
        target = totals.targets.setdefault(str(record["target"]), _Target())
        totals.people += 1
        target.people += 1
        if record["status"] != "route":
            for reason in record.get("reasons") or ["(no reason given)"]:
                totals.no_route[(str(record["status"]), str(reason))] += 1
            return
        totals.routes += 1
        target.routes += 1
        totals.total_cost += int(record["cost"])
        target.duration.append(int(record["duration_days"]))
        target.cost.append(int(record["cost"]))
        target.hours.append(int(record["training_hours"]))
        totals.flags.update(flag for flag in _FLAGS if record.get(flag))
        needed = {
            (str(step["action"]), str(step["start"])[:7])
            for step in record.get("steps") or []
            if step["kind"] in _MODULE_STEPS
        }
        totals.demand.update(needed)

    def tables(self) -> dict[str, list[dict[str, Any]]]:
        """Every table as rows (plain values), by name: ``demand``, ``certifications``,
        ``shares``, ``no_route``, ``totals``."""
        synthetic = self.synthetic
        tables: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
        for objective in sorted(self.objectives):
            totals = self.objectives[objective]
            base = {"objective": objective, "synthetic": synthetic}
            tables["totals"].append(
                base
                | {
                    "people": totals.people,
                    "routes": totals.routes,
                    "no_route": totals.people - totals.routes,
                    "total_cost": totals.total_cost,
                    "mean_cost": _ratio(totals.total_cost, totals.routes),
                }
            )
            tables["shares"].extend(
                base
                | {
                    "use": flag,
                    "routes": totals.flags[flag],
                    "share": _ratio(totals.flags[flag], totals.routes),
                }
                for flag in _FLAGS
            )
            tables["no_route"].extend(
                base | {"status": status, "reason": reason, "people": count}
                for (status, reason), count in sorted(
                    totals.no_route.items(), key=lambda item: (-item[1], item[0])
                )
            )
            tables["demand"].extend(
                base | {"module": module, "month": month, "people": count}
                for (module, month), count in sorted(totals.demand.items())
            )
            for name in sorted(totals.targets):
                target = totals.targets[name]
                row = base | {"target": name, "people": target.people, "routes": target.routes}
                for measure in ("duration", "cost", "hours"):
                    row |= _distribution(measure, getattr(target, measure))
                tables["certifications"].append(row)
        return tables


def indicators(records: Iterable[Mapping[str, Any]]) -> Indicators:
    """The indicators of the rows of a routes file."""
    found = Indicators()
    for record in records:
        found.add(record)
    return found


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


_POINTS: Final = (("p10", 1), ("p25", 2.5), ("median", 5), ("p75", 7.5), ("p90", 9))


def _distribution(measure: str, values: array[int]) -> dict[str, float | None]:
    """Deciles, quartiles and median of ``values`` (none when there are none)."""
    if not values:
        return {f"{measure}_{name}": None for name, _ in _POINTS}
    ordered = sorted(values)
    if len(ordered) == 1:
        return {f"{measure}_{name}": float(ordered[0]) for name, _ in _POINTS}
    cuts = statistics.quantiles(ordered, n=20, method="inclusive")
    found: dict[str, float | None] = {}
    for name, tenth in _POINTS:
        value = cuts[int(tenth * 2) - 1]
        found[f"{measure}_{name}"] = round(value, 2)
    return found


def _columns(*named: tuple[str, Kind]) -> tuple[Column, ...]:
    head = (Column("objective", Kind.TEXT), Column("synthetic", Kind.FLAG))
    return head + tuple(Column(name, kind) for name, kind in named)


_MEASURES: Final = tuple(
    (f"{measure}_{name}", Kind.NUMBER)
    for measure in ("duration", "cost", "hours")
    for name, _ in _POINTS
)

TABLES: Final = {
    "totals": _columns(
        ("people", Kind.INTEGER),
        ("routes", Kind.INTEGER),
        ("no_route", Kind.INTEGER),
        ("total_cost", Kind.INTEGER),
        ("mean_cost", Kind.NUMBER),
    ),
    "shares": _columns(("use", Kind.TEXT), ("routes", Kind.INTEGER), ("share", Kind.NUMBER)),
    "no_route": _columns(("status", Kind.TEXT), ("reason", Kind.TEXT), ("people", Kind.INTEGER)),
    "demand": _columns(("module", Kind.TEXT), ("month", Kind.TEXT), ("people", Kind.INTEGER)),
    "certifications": _columns(
        ("target", Kind.TEXT), ("people", Kind.INTEGER), ("routes", Kind.INTEGER), *_MEASURES
    ),
}
"""The columns of each indicator table, by table name."""
