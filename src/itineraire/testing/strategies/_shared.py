"""Values and small drawing helpers shared by the strategies: the positioning day, the ROME
jobs, hours of experience, runs of items that shrink well, a VAE policy."""

from __future__ import annotations

import datetime as dt
from typing import Any, Generic, TypeVar

from hypothesis import strategies as st

from itineraire.model.catalogue import Catalogue
from itineraire.model.scales import CEFR

__all__ = ["JOBS", "PLANNING_DAY", "Shown", "shown_catalogue"]

_T = TypeVar("_T")


class Shown(Generic[_T]):
    """A value given to a composite strategy, shown in the strategy's repr by a short label.

    Hypothesis shows a strategy with the arguments it was made with: a whole catalogue made
    reprs of over 100 kB, and the warning about them hid the real failure. Hypothesis's own
    strategies show a few words; these do too. (A plain class: Hypothesis's printer would
    show an attrs class field by field.)"""

    __slots__ = ("label", "value")

    def __init__(self, value: _T, label: str) -> None:
        self.value = value
        self.label = label

    def __repr__(self) -> str:
        return self.label


def shown_catalogue(catalogue: Catalogue) -> Shown[Catalogue]:
    """``catalogue``, shown as its name with its size."""
    size = f"{len(catalogue.certifications)} certifications, {len(catalogue.modules)} modules"
    return Shown(catalogue, f"<catalogue {catalogue.name!r}, {size}>")


PLANNING_DAY = dt.date(2026, 1, 5)
"""The default positioning day of generated people; sessions and periods are drawn after it."""

JOBS = ("M1805", "K1304")
"""The ROME jobs generated catalogues and people use (web development, home help)."""

_HOURS = st.sampled_from([700, 300, 0, 1200]) | st.integers(0, 1500)
"""Hours of experience: mostly round figures around the VAE thresholds drawn with them."""
_CEFR = CEFR.levels


def _shorthand(competence: str, level: str | None) -> str:
    return competence if level is None else f"{competence}>={level}"


def _more(draw: st.DrawFn, index: int, low: int, high: int) -> bool:
    """Whether to draw item ``index`` (counted from 0) of a run of ``low`` to ``high`` items.

    Past the minimum, a boolean says "one more": an item is then the boolean and its own draws,
    which the shrinker deletes together (as Hypothesis's lists do), so counts shrink well."""
    if index >= high:
        return False
    return index < low or draw(st.booleans())


WEEKLY_INTENSITIES = (4, 6, 7, 10, 14, 20, 28)
"""Weekly hours a part-time module may be drawn with: most below a person's weekly hours (14 to
35 in the kit), some not."""


def _weekly_hours(draw: st.DrawFn) -> dict[str, Any]:
    """A module's weekly intensity, one time in two: ``{"weekly_hours": n}`` or nothing."""
    if draw(st.booleans()):
        return {"weekly_hours": draw(st.sampled_from(WEEKLY_INTENSITIES))}
    return {}


def _vae_policy() -> st.SearchStrategy[dict[str, int]]:
    """A VAE policy with lead times of at least a week each, so a VAE lasts some days."""
    return st.fixed_dictionaries(
        {
            "min_related_hours": st.sampled_from([1, 300, 800]),
            "block_coverage_hours": st.sampled_from([600, 200, 1000]),
            "admissibility_weeks": st.integers(1, 3),
            "support_weeks": st.integers(1, 3),
            "support_hours": st.integers(1, 40),
            "jury_weeks": st.integers(1, 3),
            "support_cost": st.integers(0, 3000),
            "jury_cost": st.integers(0, 1000),
            "block_cost": st.sampled_from([0, 0, 500]) | st.integers(0, 1500),
        }
    )
