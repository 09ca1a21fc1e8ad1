"""Graphs as text a designer can look at: DOT (Graphviz), Mermaid and GraphML (and JSON).

GraphML comes from networkx's own writer. networkx writes DOT only through pydot or pygraphviz,
a dependency for a few lines of text, so DOT is written here, like Mermaid, which networkx does
not write. Nodes are written in the graph's order and edges in insertion order, so the same graph
gives the same text byte for byte.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from enum import StrEnum
from typing import Any

import networkx as nx

__all__ = ["GraphFormat", "draw", "neighbourhood"]


class GraphFormat(StrEnum):
    DOT = "dot"
    MERMAID = "mermaid"
    GRAPHML = "graphml"
    JSON = "json"
    """Nodes and edges with their attributes, for programs (the shape of networkx's node-link
    data, written here so that its keys do not change with networkx's version)."""


_SHAPES = {
    "certification": "doubleoctagon",
    "block": "box",
    "competence": "ellipse",
    "module": "component",
    "placement": "house",
    "target": "doubleoctagon",
}


def draw(graph: Any, form: GraphFormat) -> str:
    """``graph`` (a networkx graph with ``label``/``kind`` nodes and ``relation`` edges) as text."""
    if form is GraphFormat.DOT:
        return _dot(graph)
    if form is GraphFormat.MERMAID:
        return _mermaid(graph)
    if form is GraphFormat.JSON:
        return _json(graph)
    return _graphml(graph)


def neighbourhood(graph: Any, nodes: Iterable[str]) -> Any:
    """The part of ``graph`` within one edge (either way) of ``nodes``, in the graph's order."""
    keep = set(nodes)
    for node in list(keep):
        keep |= set(graph.predecessors(node)) | set(graph.successors(node))
    # Built anew rather than with ``subgraph``, whose node order follows a set's.
    part = graph.__class__(name=graph.name)
    part.add_nodes_from((node, data) for node, data in graph.nodes(data=True) if node in keep)
    part.add_edges_from(
        (source, target, data)
        for source, target, data in graph.edges(data=True)
        if source in keep and target in keep
    )
    return part


def _edges(graph: Any) -> list[tuple[str, str, dict[str, Any]]]:
    return [(source, target, data) for source, target, data in graph.edges(data=True)]


def _dot_quoted(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def _dot(graph: Any) -> str:
    lines = [f"digraph {_dot_quoted(str(graph.name or 'itineraire'))} {{", "  rankdir=LR;"]
    for node, data in graph.nodes(data=True):
        label = _dot_quoted(str(data.get("label", node)))
        shape = _SHAPES.get(str(data.get("kind")), "box")
        lines.append(f"  {_dot_quoted(node)} [label={label}, shape={shape}];")
    for source, target, data in _edges(graph):
        label = _edge_label(data)
        lines.append(
            f"  {_dot_quoted(source)} -> {_dot_quoted(target)} [label={_dot_quoted(label)}];"
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


def _edge_label(data: dict[str, Any]) -> str:
    relation = str(data.get("relation", ""))
    level = data.get("level")
    return relation if level is None else f"{relation} {level}"


def _mermaid_text(text: str) -> str:
    # Mermaid labels go in double quotes. '#' starts Mermaid's entity codes and '<' would be
    # read as HTML: both, and a quote, are written as entity codes so a label shows as written.
    escaped = text.replace("#", "#35;").replace('"', "#quot;").replace("<", "#lt;")
    return '"' + escaped.replace("\n", " ") + '"'


def _mermaid(graph: Any) -> str:
    names = {node: f"n{index}" for index, node in enumerate(graph.nodes)}
    lines = ["flowchart LR"]
    for node, data in graph.nodes(data=True):
        lines.append(f"  {names[node]}[{_mermaid_text(str(data.get('label', node)))}]")
    for source, target, data in _edges(graph):
        label = _edge_label(data)
        lines.append(f"  {names[source]} -->|{_mermaid_text(label)}| {names[target]}")
    return "\n".join(lines) + "\n"


def _graphml(graph: Any) -> str:
    # GraphML has no null: attributes without a value (an edge's absent level) are left out.
    clean = graph.__class__(name=str(graph.name or "itineraire"))
    for node, data in graph.nodes(data=True):
        clean.add_node(node, **{k: v for k, v in data.items() if v is not None})
    for source, target, data in _edges(graph):
        clean.add_edge(source, target, **{k: v for k, v in data.items() if v is not None})
    return "\n".join(nx.generate_graphml(clean)) + "\n"


def _json(graph: Any) -> str:
    document = {
        "name": str(graph.name or "itineraire"),
        "directed": True,
        "nodes": [{"id": node, **data} for node, data in graph.nodes(data=True)],
        "edges": [
            {"source": source, "target": target, **data} for source, target, data in _edges(graph)
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
