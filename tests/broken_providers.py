"""Deliberately broken catalogue providers, each with one plausible bug.

``tests/test_catalogue_conformance.py`` shows that the kit's provider check catches each of
them. A provider is a zero-argument callable giving catalogue data or a loaded ``Catalogue``.
"""

from __future__ import annotations

import copy
import itertools
import json
from pathlib import Path
from typing import Any

import attrs

from itineraire.files.loading import builtin_catalogue, catalogue_from_data
from itineraire.model.catalogue import Catalogue

__all__ = [
    "MINIMAL",
    "VersionPerRead",
    "built_with_cycle",
    "filed_twice",
    "gives_text",
    "overrides_builtin_scale",
    "raises",
    "with_cycle",
]

MINIMAL: dict[str, Any] = json.loads(
    (Path(__file__).parent / "data" / "catalogues" / "minimal.json").read_text(encoding="utf-8")
)
"""A small consistent catalogue (its second block only by VAE) the broken providers start from."""


def _cyclic_data() -> dict[str, Any]:
    """The minimal catalogue, plus two modules that each require what the other teaches."""
    data = copy.deepcopy(MINIMAL)
    data["competences"] += [{"id": "x.a", "title": "A"}, {"id": "x.b", "title": "B"}]
    for name, teaches, requires in (("x-1", "x.a", "x.b"), ("x-2", "x.b", "x.a")):
        data["modules"].append(
            {
                "kind": "transversal",
                "domain": "basic_skills",
                "id": name,
                "title": name,
                "hours": 7,
                "cost": 0,
                "teaches": [teaches],
                "requires": requires,
            }
        )
    return data


def with_cycle() -> dict[str, Any]:
    """Exports its database as data, with a prerequisite cycle between two modules."""
    return _cyclic_data()


def built_with_cycle() -> Catalogue:
    """The same cycle, but the catalogue is built in code without the strict checks, as a
    provider assembling a catalogue from several sources might."""
    return catalogue_from_data(_cyclic_data(), strict=False)


def filed_twice() -> Catalogue:
    """Keeps the built-in catalogue's modules under their ids and under an alias too, so one
    module is listed twice."""
    catalogue = builtin_catalogue()
    first = next(iter(catalogue.modules.values()))
    return attrs.evolve(catalogue, modules={**catalogue.modules, "alias": first})


class VersionPerRead:
    """Stamps each read with a new version number (a database sequence), so two reads of an
    unchanged catalogue differ."""

    def __init__(self) -> None:
        self._reads = itertools.count(1)

    def __call__(self) -> dict[str, Any]:
        return {**MINIMAL, "version": f"read-{next(self._reads)}"}


def overrides_builtin_scale() -> Catalogue:
    """Renames the built-in Pix scale: export leaves built-in scales out, so the change is lost
    when the catalogue is exported and loaded again."""
    catalogue = builtin_catalogue()
    pix = attrs.evolve(catalogue.scales["pix"], title="Pix (our own wording)")
    return attrs.evolve(catalogue, scales={**catalogue.scales, "pix": pix})


def gives_text() -> str:
    """Returns the JSON text instead of the parsed data."""
    return json.dumps(MINIMAL)


def raises() -> dict[str, Any]:
    """Its database is not there."""
    raise ConnectionError("catalogue database unreachable")
