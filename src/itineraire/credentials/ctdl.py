"""A route as a Credential Engine CTDL pathway (JSON-LD, ``ceterms:Pathway`` and components).

The pathway's destination is a ``ceterms:CredentialComponent`` for the target (a certification,
or the blocks aimed at); each step is a component of the kind CTDL has for it: modules are
``ceterms:CourseComponent``, placements ``ceterms:WorkExperienceComponent``, periods of
employment ``ceterms:JobComponent``, the positioning and the VAE steps
``ceterms:AssessmentComponent``. Every step is a child of the destination (it serves the target,
which is what a route's steps do), and is part of the pathway.

What CTDL cannot carry is said in ``docs/credentials.md``: the calendar (a pathway component has
no dates; they are kept in the description), and the hybrid VAE's lead times (the admissibility
and jury waits are not the person's hours).

:func:`route_steps_from_ctdl` reads the steps back, in route order (the round trip the tests
check).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any, Final

from itineraire.credentials.common import PLACEHOLDER_ISSUER, Issuer, urn
from itineraire.planning import Route, StepKind

__all__ = ["CTDL_CONTEXT", "ctdl_pathway", "route_steps_from_ctdl"]

CTDL_CONTEXT: Final = "https://credreg.net/ctdl/schema/context/json"

_COMPONENTS = {
    StepKind.POSITIONING: "ceterms:AssessmentComponent",
    StepKind.TRAINING: "ceterms:CourseComponent",
    StepKind.TRANSVERSAL: "ceterms:CourseComponent",
    StepKind.PLACEMENT: "ceterms:WorkExperienceComponent",
    StepKind.VAE_ADMISSIBILITY: "ceterms:AssessmentComponent",
    StepKind.VAE_SUPPORT: "ceterms:AssessmentComponent",
    StepKind.VAE_JURY: "ceterms:AssessmentComponent",
    StepKind.VAE_UNDER_WAY: "ceterms:AssessmentComponent",
    StepKind.EMPLOYMENT: "ceterms:JobComponent",
    StepKind.UNAVAILABLE: "ceterms:BasicComponent",
}

_NAMESPACE = uuid.UUID("6f1c1e2a-4b8e-5d3c-9a71-2c0f3e8b9d10")
"""Fixed, so that a route always gives the same CTIDs (uuid5 of the component's URN)."""


def _ctid(identifier: str) -> str:
    return f"ce-{uuid.uuid5(_NAMESPACE, identifier)}"


def _text(value: str) -> dict[str, str]:
    return {"fr": value}


def ctdl_pathway(route: Route, issuer: Issuer = PLACEHOLDER_ISSUER) -> dict[str, Any]:
    """The route as a CTDL graph: the pathway, its destination, then one component a step."""
    target = str(route.target)
    pathway_id = urn("pathway", route.learner, target)
    destination_id = urn("component", route.learner, "destination")
    step_ids = [urn("component", route.learner, f"step-{s.number}") for s in route.steps]
    totals = route.totals
    pathway = {
        "@id": pathway_id,
        "@type": "ceterms:Pathway",
        "ceterms:ctid": _ctid(pathway_id),
        "ceterms:name": _text(f"Route of {route.learner} to {target}"),
        "ceterms:description": _text(
            f"From {totals.start.isoformat()} to {totals.finish.isoformat()}:"
            f" {totals.training_hours} h of training, {totals.cost} €; objective"
            f" {route.objective}; modalities {', '.join(route.modalities)}."
        ),
        "ceterms:inLanguage": ["fr"],
        "ceterms:ownedBy": [issuer.id],
        "ceterms:subjectWebpage": issuer.url,
        "ceterms:hasDestinationComponent": [destination_id],
        "ceterms:hasChild": [destination_id],
    }
    destination = {
        "@id": destination_id,
        "@type": "ceterms:CredentialComponent",
        "ceterms:ctid": _ctid(destination_id),
        "ceterms:name": _text(target),
        "ceterms:description": _text(f"The route's target: {target}."),
        "ceterms:subjectWebpage": issuer.url,
        "ceterms:isDestinationComponentOf": [pathway_id],
        "ceterms:isPartOf": [pathway_id],
        "ceterms:hasChild": step_ids,
    }
    components = [
        {
            "@id": identifier,
            "@type": _COMPONENTS[step.kind],
            "ceterms:ctid": _ctid(identifier),
            "ceterms:name": _text(step.title),
            "ceterms:description": _text(
                f"Step {step.number} ({step.kind.value}, {step.action}), from"
                f" {step.start.isoformat()} to {step.end.isoformat()}: {step.hours} h,"
                f" {step.cost} €."
                + (f" Why: {'; '.join(str(reason) for reason in step.why)}." if step.why else "")
            ),
            "ceterms:subjectWebpage": issuer.url,
            "ceterms:isChildOf": [destination_id],
            "ceterms:isPartOf": [pathway_id],
        }
        for step, identifier in zip(route.steps, step_ids, strict=True)
    ]
    return {"@context": CTDL_CONTEXT, "@graph": [pathway, destination, *components]}


def route_steps_from_ctdl(graph: Mapping[str, Any]) -> list[tuple[int, str, str]]:
    """The (number, kind, action) of each step the graph describes, in route order."""
    nodes = {node["@id"]: node for node in graph["@graph"]}
    (pathway,) = [node for node in nodes.values() if node["@type"] == "ceterms:Pathway"]
    (destination,) = [nodes[i] for i in pathway["ceterms:hasDestinationComponent"]]
    steps = []
    for identifier in destination["ceterms:hasChild"]:
        text = nodes[identifier]["ceterms:description"]["fr"]
        head = text.removeprefix("Step ").split(")", 1)[0]
        number, rest = head.split(" (", 1)
        kind, action = rest.split(", ", 1)
        steps.append((int(number), kind, action))
    return steps
