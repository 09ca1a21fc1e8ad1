"""Values and small drawing helpers shared by the strategies: the positioning day, the ROME
jobs, hours of experience, runs of items that shrink well, a VAE policy."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from itineraire.model.scales import CEFR

__all__ = ["JOBS", "PLANNING_DAY"]

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
        }
    )
