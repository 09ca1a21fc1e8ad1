"""Synthetic populations: realistic people to plan for, when real files cannot be shared.

The public is the pact's: job seekers with few qualifications (below level 4). Each person is
drawn with a seeded generator (same count and seed, same rows), marked ``synthetic`` on every
row, and targets a certification of the catalogue. The shares follow the figures of the pact
where it gives them (:data:`FIGURES`, each with its source) and assumptions elsewhere, each said
so (``docs/population.md`` lists them).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from typing import Any, Final

import attrs

from itineraire.model.catalogue import Catalogue
from itineraire.model.certifications import Certification

__all__ = [
    "CLEA_PROFILES",
    "FIGURES",
    "SECTOR_WEIGHTS",
    "TERRITORIES",
    "Figure",
    "sample_population",
]


@attrs.frozen
class Figure:
    """A share or weight the generator uses, and where it comes from."""

    name: str
    value: float
    source: str
    """The pact's own text (``seed``) or ``assumption`` (with why it is reasonable)."""


_SEED = "seed"
_ASSUMED = "assumption"

FIGURES: Final = (
    Figure("under 25 (35,116 of 281,952)", 35_116 / 281_952, _SEED + ", section 1.1"),
    Figure("aged 50 or more", 0.25, _SEED + ", section 1.1.1: 25 % of all job seekers"),
    Figure("disability", 0.089, _SEED + ", section 1.1.1: 8.9 % of job seekers"),
    Figure(
        "no diploma, under 25",
        22.8 / (22.8 + 20.0),
        _SEED + ", section 1.1.1: 22.8 % no diploma against one in five at level V at most",
    ),
    Figure("no diploma, 25 or more", 0.40, _ASSUMED + ": the rest of the public holds a level 3"),
    Figure("experience related to the target, under 25", 0.30, _ASSUMED),
    Figure("experience related to the target, 25 or more", 0.65, _ASSUMED),
    Figure("part-time training (20 h a week)", 0.10, _ASSUMED + ": family or health reasons"),
    Figure("part-time training with a disability (24 h a week)", 0.50, _ASSUMED),
    Figure("a first block already held, with experience", 0.05, _ASSUMED),
)
"""The shares of the generator, by name."""

_SHARE = {figure.name: figure.value for figure in FIGURES}

SECTOR_WEIGHTS: Final = {
    # People in employment per sector, from the sector portraits of the pact (« les chiffres
    # clés »); the public is assumed to aim at sectors as employment is spread among them.
    "agriculture": 100_000,
    "building": 187_718,
    "retail": 91_508,
    "wood": 55_907,
    "hotel_restaurant_tourism": 85_109,
    "industry": 237_819,
    "digital": 34_000,
    # Crafts: 285,000 people, of whom the food branch is 10,275 of 92,143 firms.
    "retail_crafts": 285_000 * 10_275 // 92_143,
    "cleaning_care": 40_000,
    # Health and social work (« sanitaire et social »), for personal services.
    "personal_services": 260_000,
}

CLEA_PROFILES: Final = (
    # Assumption (the pact gives no figure): the CléA domains held at the positioning follow a
    # few typical profiles, from none to all seven; the weights are for people without a
    # diploma, then for holders of a level 3.
    ("all seven domains", (1, 2, 3, 4, 5, 6, 7), 0.15, 0.45),
    ("all but digital", (1, 2, 4, 5, 6, 7), 0.20, 0.25),
    ("calculation lacking", (1, 3, 4, 5, 6, 7), 0.15, 0.12),
    ("French and calculation lacking", (3, 4, 5, 6, 7), 0.20, 0.08),
    ("French, calculation and digital lacking", (4, 5, 7), 0.20, 0.07),
    ("no domain", (), 0.10, 0.03),
)
"""Typical CléA profiles: name, domains held, weight without a diploma, weight at level 3."""

_MONTHS_OF_EXPERIENCE: Final = ((3, 0.2), (6, 0.25), (12, 0.25), (24, 0.2), (60, 0.1))
"""Assumption: how long the related experience is, in months of full-time work."""

_HOURS_A_MONTH: Final = 151
_MAX_LEVEL: Final = 5
"""The pact leads this public up to level 5 at most (the digital sector's objective)."""

TERRITORIES: Final = {
    # The ten départements of Grand Est, weighted by their population in thousands (rounded;
    # an assumption: job seekers are spread like the population).
    "Ardennes": 270,
    "Aube": 310,
    "Marne": 565,
    "Haute-Marne": 172,
    "Meurthe-et-Moselle": 733,
    "Meuse": 184,
    "Moselle": 1_046,
    "Bas-Rhin": 1_140,
    "Haut-Rhin": 767,
    "Vosges": 364,
}


def sample_population(
    count: int, *, seed: int, catalogue: Catalogue, year: int = 2027
) -> Iterator[dict[str, Any]]:
    """``count`` synthetic people as population rows (see :mod:`~itineraire.population.rows`).

    People are positioned at monthly intakes (the first Monday of January to June of ``year``,
    an assumption: sessions of the built-in catalogue are planned in that year)."""
    if count < 0:
        raise ValueError(f"count must be at least 0 (got {count})")
    draw = random.Random(seed)
    targets = _targets(catalogue)
    if not targets:
        raise ValueError("the catalogue has no certification to aim at")
    intakes = [_first_monday(year, month) for month in range(1, 7)]
    territories = list(TERRITORIES)
    territory_weights = list(TERRITORIES.values())
    sectors = list(targets)
    sector_weights = [SECTOR_WEIGHTS.get(sector, 50_000) for sector in sectors]
    for number in range(1, count + 1):
        sector = draw.choices(sectors, sector_weights)[0]
        certification = draw.choice(targets[sector])
        yield _person(draw, number, seed, certification, draw.choice(intakes)) | {
            "territory": draw.choices(territories, territory_weights)[0],
        }


def _targets(catalogue: Catalogue) -> dict[str, list[Certification]]:
    """The certifications this public may aim at, by sector (sorted, so draws are stable)."""
    found: dict[str, list[Certification]] = {}
    for code in sorted(catalogue.certifications):
        certification = catalogue.certifications[code]
        if not certification.blocks or (certification.level or 0) > _MAX_LEVEL:
            continue
        sector = certification.sector.value if certification.sector is not None else "other"
        found.setdefault(sector, []).append(certification)
    return found


def _person(
    draw: random.Random, number: int, seed: int, certification: Certification, day: dt.date
) -> dict[str, Any]:
    young = draw.random() < _SHARE["under 25 (35,116 of 281,952)"]
    disabled = draw.random() < _SHARE["disability"]
    no_diploma = (
        draw.random() < _SHARE["no diploma, under 25" if young else "no diploma, 25 or more"]
    )
    weights = [profile[2] if no_diploma else profile[3] for profile in CLEA_PROFILES]
    held = draw.choices(CLEA_PROFILES, weights)[0][1]
    competences = [f"clea.{domain}" for domain in held]
    experienced = (
        draw.random()
        < _SHARE[
            "experience related to the target, under 25"
            if young
            else "experience related to the target, 25 or more"
        ]
    )
    experience: list[str] = []
    blocks: list[str] = []
    if experienced and certification.rome:
        months = draw.choices(*zip(*_MONTHS_OF_EXPERIENCE, strict=True))[0]
        # Assumption: experience is recorded in the certification's main job (its first ROME).
        experience = [f"{certification.rome[0]}={months * _HOURS_A_MONTH}"]
        if draw.random() < _SHARE["a first block already held, with experience"]:
            blocks = [f"{certification.blocks[0]}@{day.replace(year=day.year - 1).isoformat()}"]
    weekly = 35
    if disabled and draw.random() < _SHARE["part-time training with a disability (24 h a week)"]:
        weekly = 24
    elif draw.random() < _SHARE["part-time training (20 h a week)"]:
        weekly = 20
    return {
        "id": f"synthetic-{seed}-{number:07d}",
        "positioning_date": day.isoformat(),
        "blocks": blocks,
        "competences": competences,
        "experience": experience,
        "target_certification": certification.code,
        "weekly_hours": weekly,
        "synthetic": True,
    }


def _first_monday(year: int, month: int) -> dt.date:
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(7 - first.weekday()) % 7)
