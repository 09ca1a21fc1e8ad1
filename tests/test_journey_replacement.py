"""A certification replaced by its new version: the journey says which blocks carry over, and
warns when blocks were held and none does (a small catalogue of two versions)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from itineraire.files.loading import catalogue_from_data, learner_from_data
from itineraire.journeys import CertificationReplaced, Journey, replan
from itineraire.journeys.describing import state_changes
from itineraire.journeys.replay import frames

DAY = dt.date(2027, 1, 4)


def _certification(code: str, **links: list[str]) -> dict[str, Any]:
    return {
        "code": code,
        "registry": "rncp",
        "title": code,
        "level": 3,
        "blocks": [
            {"code": f"{code}-A", "title": "Accueil"},
            {"code": f"{code}-B", "title": "Vente"},
        ],
        "provenance": {"illustrative": True},
        **links,
    }


def _module(block: str) -> dict[str, Any]:
    return {
        "kind": "professional",
        "id": block.lower(),
        "title": block,
        "block": block,
        "hours": 70,
        "cost": 700,
        "validates": [block],
    }


CATALOGUE = catalogue_from_data(
    {
        "name": "versions",
        "certifications": [
            _certification("ILLUSTR-OLD", replaced_by=["ILLUSTR-NEW"]),
            _certification("ILLUSTR-NEW", replaces=["ILLUSTR-OLD"]),
        ],
        "modules": [
            _module(block)
            for block in ("ILLUSTR-OLD-A", "ILLUSTR-OLD-B", "ILLUSTR-NEW-A", "ILLUSTR-NEW-B")
        ],
        # The reception block is the same in both versions; the sales block was rewritten.
        "equivalences": [{"id": "same-a", "from": ["ILLUSTR-OLD-A"], "to": ["ILLUSTR-NEW-A"]}],
    }
)
REPLACED = CertificationReplaced(date=DAY, old="ILLUSTR-OLD", new="ILLUSTR-NEW")


def _journey(*held: str) -> Journey:
    learner = learner_from_data(
        {
            "id": "v",
            "positioning": {
                "date": "2027-01-01",
                "blocks": [{"block": block, "date": "2025-06-30"} for block in held],
            },
            "target": {"certification": "ILLUSTR-OLD"},
        },
        CATALOGUE,
    )
    return Journey.start(CATALOGUE, learner).append(REPLACED)


def _changes(journey: Journey) -> list[str]:
    return state_changes(journey.history[0], journey.state)


def test_the_blocks_carried_over_are_listed() -> None:
    """A held block that an equivalence maps to the new version is named as carried over."""
    journey = _journey("ILLUSTR-OLD-A", "ILLUSTR-OLD-B")
    assert _changes(journey) == [
        "target → certification ILLUSTR-NEW",
        "carried over to ILLUSTR-NEW: ILLUSTR-NEW-A",
    ]
    assert replan(journey).notes == ()


def test_held_blocks_that_carry_nothing_are_warned_about() -> None:
    """Blocks held of the old version that map to nothing in the new one: the timeline warns,
    and so does the re-planned route, which trains for the whole new version."""
    journey = _journey("ILLUSTR-OLD-B")
    warning = (
        "no block carries over to ILLUSTR-NEW: no equivalence maps the blocks held of"
        " ILLUSTR-OLD (ILLUSTR-OLD-B) to it, so they count for ILLUSTR-OLD only"
    )
    assert _changes(journey) == ["target → certification ILLUSTR-NEW", f"! {warning}"]
    replanned = replan(journey)
    assert replanned.notes == (warning,)
    assert sorted(step.action for step in replanned.route.steps[1:]) == [
        "illustr-new-a",
        "illustr-new-b",
    ]


def test_nothing_held_nothing_to_carry() -> None:
    """A person who held nothing of the old version is told so, without a warning."""
    journey = _journey()
    assert frames(journey)[1].changes == (
        "target → certification ILLUSTR-NEW",
        "no block of ILLUSTR-OLD held: nothing to carry over to ILLUSTR-NEW",
    )
