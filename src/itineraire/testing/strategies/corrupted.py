"""Corrupted catalogues: documents carrying one known, labelled fault each."""

from __future__ import annotations

import copy
from collections.abc import Collection
from typing import Any, NamedTuple

from hypothesis import strategies as st

from itineraire.testing.strategies.catalogues import catalogue_documents

__all__ = [
    "FAULTS",
    "Corruption",
    "corrupted_catalogues",
]


FAULTS: dict[str, str] = {
    "prerequisite-cycle": "two modules each require what the other teaches",
    "module-never-starts": "a module requires a competence nothing teaches",
    "block-not-validatable": "a block no module, equivalence or VAE validates",
    "certification-unreachable": "a validation rule that needs a competence nothing teaches",
    "dangling-reference": "a module validates a block that does not exist",
    "duplicate-identifier": "two modules with the same id",
    "level-outside-scale": "a prerequisite asks for a level the competence's scale lacks",
    "missing-field": "a module without its title",
    "negative-hours": "a module with negative hours",
    "wrong-type": "a module whose cost is a string",
    "unknown-field": "a module with a field the format does not have",
    "bad-rome-code": "a certification citing a malformed ROME code",
    "bad-identifier": "a module id with a space",
    "empty-rule": "a prerequisite that is an empty 'any'",
}
"""The faults :func:`corrupted_catalogues` plants, by label, with what each one is."""


class Corruption(NamedTuple):
    """A catalogue document with one planted fault, and the fault's label (a key of
    :data:`FAULTS`; the consistency ones are the codes of :mod:`itineraire.analysis.checks`)."""

    document: dict[str, Any]
    fault: str


def _plant(document: dict[str, Any], fault: str, module: int) -> None:
    modules = document["modules"]
    target = modules[module]
    competences = document["competences"]
    if fault == "prerequisite-cycle":
        competences += [{"id": "x.a", "title": "A"}, {"id": "x.b", "title": "B"}]
        for name, teaches, requires in (("x-1", "x.a", "x.b"), ("x-2", "x.b", "x.a")):
            modules.append(
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
    elif fault == "module-never-starts":
        competences.append({"id": "x.never", "title": "Never taught"})
        target["requires"] = "x.never"
    elif fault == "block-not-validatable":
        certification = document["certifications"][0]
        certification["blocks"].append({"code": f"{certification['code']}BC99", "title": "Orphan"})
        certification["access_routes"] = ["continuing_training"]
        certification.pop("vae_eligibility", None)
    elif fault == "certification-unreachable":
        competences.append({"id": "x.never", "title": "Never taught"})
        document["certifications"][0]["validation"] = "x.never"
    elif fault == "dangling-reference":
        target["validates"] = [*target.get("validates", []), "RNCP1BC01"]
    elif fault == "duplicate-identifier":
        modules.append(copy.deepcopy(target))
    elif fault == "level-outside-scale":
        if not any(c.get("scale") == "cefr" for c in competences):
            competences.append({"id": "lang.de", "title": "German", "scale": "cefr"})
        language = next(c["id"] for c in competences if c.get("scale") == "cefr")
        target["requires"] = f"{language}>=Z9"
    elif fault == "missing-field":
        del target["title"]
    elif fault == "negative-hours":
        target["hours"] = -35
    elif fault == "wrong-type":
        target["cost"] = "cheap"
    elif fault == "unknown-field":
        target["colour"] = "blue"
    elif fault == "bad-rome-code":
        document["certifications"][0]["rome"] = ["M18"]
    elif fault == "bad-identifier":
        target["id"] = "has space"
    elif fault == "empty-rule":
        target["requires"] = {"any": []}
    else:  # pragma: no cover - the labels are checked when the strategy is made
        raise AssertionError(fault)


def corrupted_catalogues(*, faults: Collection[str] | None = None) -> st.SearchStrategy[Corruption]:
    """Catalogue documents carrying one known fault each, with its label (see :data:`FAULTS`):
    a prerequisite cycle, a block nothing validates, a dangling reference, a malformed field…
    A strict load refuses every one of them with a ``CatalogueError``. ``faults`` restricts the
    labels drawn."""
    chosen = sorted(FAULTS) if faults is None else sorted(set(faults))
    unknown = sorted(set(chosen) - set(FAULTS))
    if unknown or not chosen:
        raise ValueError(
            f"faults must be labels among {', '.join(sorted(FAULTS))} (got {faults!r})"
        )

    @st.composite
    def draw_one(draw: st.DrawFn) -> Corruption:
        fault = draw(st.sampled_from(chosen))
        document = draw(catalogue_documents(certifications=(1, 2), blocks=(1, 2), modules=(1, 6)))
        _plant(document, fault, draw(st.integers(0, len(document["modules"]) - 1)))
        return Corruption(document, fault)

    return draw_one()
