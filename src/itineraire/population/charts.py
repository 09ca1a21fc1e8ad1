"""Pictures of the indicators (``pip install 'itineraire[plot]'``): the demand for training month
by month, and the distribution of route costs, as PNG or SVG files written by matplotlib.

The same indicators give the same SVG, byte for byte (no date, a fixed id salt); a PNG carries
only matplotlib's name as software. A synthetic population says so in every title.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

from itineraire.population._extras import require
from itineraire.population.indicators import Indicators

__all__ = ["CHART_FORMATS", "write_charts"]

CHART_FORMATS: Final = ("png", "svg")


def write_charts(found: Indicators, directory: Path | str, kind: str = "png") -> list[Path]:
    """Write ``demand-by-month.<kind>`` and ``cost-distribution.<kind>`` in ``directory``;
    returns the paths written."""
    if kind not in CHART_FORMATS:
        raise ValueError(f"a chart is png or svg (got {kind!r})")
    matplotlib = require("matplotlib", "plot")
    matplotlib.use("Agg")
    pyplot = require("matplotlib.pyplot", "plot")
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    mark = " (synthetic population)" if found.synthetic else ""
    written = []
    with matplotlib.rc_context({"svg.hashsalt": "itineraire", "svg.fonttype": "none"}):
        written.append(_demand(pyplot, found, directory / f"demand-by-month.{kind}", mark))
        written.append(_costs(pyplot, found, directory / f"cost-distribution.{kind}", mark))
    return written


def _save(pyplot: Any, figure: Any, path: Path) -> Path:
    metadata = {"Date": None} if path.suffix == ".svg" else {"Software": "matplotlib"}
    figure.tight_layout()
    figure.savefig(path, metadata=metadata)
    pyplot.close(figure)
    return path


def _demand(pyplot: Any, found: Indicators, path: Path, mark: str) -> Path:
    """People starting a module each month, one line per objective."""
    figure, axes = pyplot.subplots(figsize=(9, 4.5))
    months: set[str] = set()
    for name in sorted(found.objectives):
        per_month: dict[str, int] = {}
        for (_, month), count in found.objectives[name].demand.items():
            per_month[month] = per_month.get(month, 0) + count
        months.update(per_month)
        ordered = sorted(per_month)
        axes.plot(ordered, [per_month[m] for m in ordered], marker="o", label=name)
    axes.set_title(f"Module places needed, by month of start{mark}")
    axes.set_xlabel("month")
    axes.set_ylabel("people starting a module")
    axes.tick_params(axis="x", labelrotation=60)
    if months:
        axes.legend(title="objective")
    return _save(pyplot, figure, path)


def _costs(pyplot: Any, found: Indicators, path: Path, mark: str) -> Path:
    """The distribution of route costs, one histogram per objective."""
    figure, axes = pyplot.subplots(figsize=(9, 4.5))
    for name in sorted(found.objectives):
        costs = [c for t in found.objectives[name].targets.values() for c in t.cost]
        if costs:
            axes.hist(costs, bins=40, histtype="step", label=name)
    axes.set_title(f"Cost of the routes{mark}")
    axes.set_xlabel("cost of the route (€)")
    axes.set_ylabel("people")
    if found.objectives:
        axes.legend(title="objective")
    return _save(pyplot, figure, path)
