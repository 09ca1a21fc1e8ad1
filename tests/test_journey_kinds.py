"""One table of journey event kinds (``EVENT_CLASSES``): every table keyed by kind agrees with it,
so a new kind that one of them forgets fails here, naming the table."""

from __future__ import annotations

from typing import get_args

import itineraire.journeys
from itineraire.journeys.documents import EVENT_DOCUMENTS
from itineraire.journeys.effects import HANDLERS as _HANDLERS
from itineraire.journeys.events import EVENT_CLASSES, EventKind
from itineraire.testing.journeys import _ADMITS, _DRAWS, EVENT_KINDS


def test_the_table_has_every_kind_with_its_class() -> None:
    assert list(EVENT_CLASSES) == list(EventKind)
    assert all(event_class.kind is kind for kind, event_class in EVENT_CLASSES.items())


def test_every_kind_has_a_file_entry_of_its_type() -> None:
    assert list(EVENT_DOCUMENTS) == list(EVENT_CLASSES)
    for kind, document in EVENT_DOCUMENTS.items():
        assert get_args(document.model_fields["type"].annotation) == (kind.value,)


def test_every_kind_is_folded() -> None:
    assert set(_HANDLERS) == set(EVENT_CLASSES)


def test_the_testing_kit_draws_every_kind_but_a_new_positioning() -> None:
    drawn = set(EVENT_CLASSES) - {EventKind.POSITIONING}
    assert set(_DRAWS) == set(_ADMITS) == EVENT_KINDS == drawn


def test_every_event_class_is_exported() -> None:
    exported = set(itineraire.journeys.__all__)
    assert {event_class.__name__ for event_class in EVENT_CLASSES.values()} <= exported
