"""The catalogue graph: typed nodes and edges for every relation of the model."""

from __future__ import annotations

from typing import Any

from itineraire import catalogue_from_data, catalogue_graph

CATALOGUE: dict[str, Any] = {
    "name": "graph",
    "competences": [
        {"id": "clea.1", "title": "Communiquer en français"},
        {"id": "lang.de", "title": "Allemand", "scale": "cefr"},
    ],
    "certifications": [
        {
            "code": "RNCP31114",
            "registry": "rncp",
            "title": "Développeur web et web mobile (2017)",
            "level": 5,
            "access_routes": ["vae"],
            "rome": ["M1805"],
            "replaced_by": ["RNCP37674"],
            "blocks": [{"code": "RNCP31114BC01", "title": "Front-end (2017)"}],
        },
        {
            "code": "RNCP37674",
            "registry": "rncp",
            "title": "Développeur web et web mobile",
            "level": 5,
            "access_routes": ["vae"],
            "rome": ["M1805"],
            "replaces": ["RNCP31114"],
            "entry_requirement": "clea.1",
            "blocks": [{"code": "RNCP37674BC01", "title": "Front-end"}],
        },
    ],
    "modules": [
        {
            "kind": "transversal",
            "id": "de-b1",
            "title": "Allemand B1",
            "hours": 120,
            "cost": 1500,
            "domain": "language",
            "teaches": [{"competence": "lang.de", "level": "B1"}],
        },
        {
            "kind": "professional",
            "id": "front",
            "title": "Front-end",
            "hours": 300,
            "cost": 3600,
            "block": "RNCP37674BC01",
            "validates": ["RNCP37674BC01"],
            "requires": "lang.de>=B1",
        },
    ],
    "equivalences": [{"id": "eq", "from": ["RNCP31114BC01"], "to": ["RNCP37674BC01"]}],
}


def _edges(graph: Any) -> set[tuple[str, str, str]]:
    return {(u, v, data["relation"]) for u, v, data in graph.edges(data=True)}


def test_every_relation_is_an_edge() -> None:
    """Each link of the model appears as an edge with its relation, and nothing else does."""
    graph = catalogue_graph(catalogue_from_data(CATALOGUE, strict=False))
    assert _edges(graph) == {
        ("module:front", "competence:lang.de", "requires"),
        ("module:front", "competence:clea.1", "requires"),
        ("module:front", "block:RNCP37674BC01", "part_of"),
        ("module:front", "block:RNCP37674BC01", "validates"),
        ("module:de-b1", "competence:lang.de", "teaches"),
        ("block:RNCP31114BC01", "certification:RNCP31114", "part_of"),
        ("block:RNCP37674BC01", "certification:RNCP37674", "part_of"),
        ("certification:RNCP37674", "competence:clea.1", "requires"),
        ("certification:RNCP37674", "certification:RNCP31114", "replaces"),
        ("block:RNCP31114BC01", "block:RNCP37674BC01", "equivalent_to"),
        ("block:RNCP37674BC01", "block:RNCP31114BC01", "equivalent_to"),
    }


def test_nodes_carry_kind_and_label() -> None:
    """Nodes are named kind:identifier and carry their kind and title; the items of a
    certification carry its code (and its sector when it has one), by which drawings group them."""
    graph = catalogue_graph(catalogue_from_data(CATALOGUE, strict=False))
    mine = {"certification": "RNCP37674"}
    assert graph.nodes["module:front"] == {"kind": "module", "label": "Front-end", **mine}
    assert graph.nodes["block:RNCP37674BC01"]["certification"] == "RNCP37674"
    assert graph.nodes["competence:lang.de"] == {"kind": "competence", "label": "Allemand"}


def test_levels_on_edges() -> None:
    """Requires and teaches edges carry the level they name."""
    graph = catalogue_graph(catalogue_from_data(CATALOGUE, strict=False))
    requires = graph.get_edge_data("module:front", "competence:lang.de")
    assert [data["level"] for data in requires.values()] == ["B1"]


def test_graph_is_deterministic() -> None:
    """Two graphs of the same catalogue list nodes and edges in the same order."""
    first = catalogue_graph(catalogue_from_data(CATALOGUE, strict=False))
    second = catalogue_graph(catalogue_from_data(CATALOGUE, strict=False))
    assert list(first.nodes) == list(second.nodes)
    assert list(first.edges(data=True)) == list(second.edges(data=True))
