"""Graphs as text a designer can look at: DOT (Graphviz), Mermaid and GraphML (and JSON).

GraphML comes from networkx's own writer. networkx writes DOT only through pydot or pygraphviz,
a dependency for a few lines of text, so DOT is written here, like Mermaid, which networkx does
not write. Nodes are written in the graph's order and edges in insertion order, so the same graph
gives the same text byte for byte.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterable
from enum import StrEnum
from typing import Any

import networkx as nx

from itineraire.model.sectors import Sector

__all__ = ["GraphFormat", "draw", "neighbourhood"]


class GraphFormat(StrEnum):
    DOT = "dot"
    MERMAID = "mermaid"
    GRAPHML = "graphml"
    JSON = "json"
    """Nodes and edges with their attributes, for programs (the shape of networkx's node-link
    data, written here so that its keys do not change with networkx's version)."""


_LABEL_WIDTH = 28
# A route's steps are tinted by kind, as the command line colours them: training in blue, VAE in
# purple, time in a company in green, employment in yellow.
_STEP_FILLS = {
    "training": "#dbeafe",
    "transversal": "#e0f2fe",
    "placement": "#dcfce7",
    "vae_admissibility": "#f3e8ff",
    "vae_support": "#f3e8ff",
    "vae_jury": "#f3e8ff",
    "employment": "#fef9c3",
    "unavailable": "#f3f4f6",
}
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


def neighbourhood(graph: Any, nodes: Iterable[str], *, depth: int = 1) -> Any:
    """The part of ``graph`` within ``depth`` edges (either way) of ``nodes``, in the graph's
    order (``depth=0``: those nodes and the edges between them)."""
    keep = set(nodes)
    for _round in range(depth):
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
    """DOT text: a route (nodes with dates) as a timeline read downwards, a step per row of its
    start date; a catalogue with its certifications boxed, inside their sector's box."""
    timeline = all("start" in data for _node, data in graph.nodes(data=True))
    lines = [
        f"digraph {_dot_quoted(str(graph.name or 'itineraire'))} {{",
        f"  rankdir={'TB' if timeline else 'LR'};",
        "  node [fontsize=11];",
        "  edge [fontsize=9];",
    ]
    lines += _timeline(graph) if timeline else _clusters(graph)
    for source, target, data in _edges(graph):
        edge = f"  {_dot_quoted(source)} -> {_dot_quoted(target)}"
        lines.append(f"{edge} [{_edge_style(data)}];")
        if data.get("serves"):
            # A step that serves the one after it on its track: both the time order and the
            # dashed edge of what it serves are drawn.
            lines.append(f"{edge} [style=dashed];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _wrapped(text: str) -> str:
    # Long titles on several lines: a label as wide as a sentence stretches the whole picture.
    return (
        "\n".join(textwrap.wrap(text, _LABEL_WIDTH, break_long_words=False, break_on_hyphens=False))
        or text
    )


def _dot_node(node: str, data: dict[str, Any], label: str, fill: str = "") -> str:
    shape = _SHAPES.get(str(data.get("kind")), "box")
    style = f", style=filled, fillcolor={_dot_quoted(fill)}" if fill else ""
    return f"{_dot_quoted(node)} [label={_dot_quoted(label)}, shape={shape}{style}];"


def _timeline(graph: Any) -> list[str]:
    """The nodes of a dated graph, each on the row of its start date; the dates down the left."""
    days = sorted({str(data["start"]) for _node, data in graph.nodes(data=True)})
    lines = [
        f"  {_dot_quoted('date:' + day)} [label={_dot_quoted(day)}, shape=plaintext];"
        for day in days
    ]
    if len(days) > 1:
        spine = " -> ".join(_dot_quoted("date:" + day) for day in days)
        lines.append(f"  {spine} [style=dotted, arrowhead=none];")
    for node, data in graph.nodes(data=True):
        start, end = str(data["start"]), str(data["end"])
        when = start if start == end else f"{start} → {end}"
        label = f"{_wrapped(str(data.get('label', node)))}\n{when}"
        lines.append("  " + _dot_node(node, data, label, _STEP_FILLS.get(str(data["kind"]), "")))
    for day in days:
        row = [_dot_quoted("date:" + day)]
        row += [_dot_quoted(n) for n, data in graph.nodes(data=True) if data["start"] == day]
        lines.append(f"  {{ rank=same; {'; '.join(row)}; }}")
    return lines


def _clusters(graph: Any) -> list[str]:
    """The nodes, those of a certification in its box, the boxes of a sector in the sector's."""
    sectors: dict[str, dict[str, list[str]]] = {}
    lines = []
    for node, data in graph.nodes(data=True):
        label = _dot_node(node, data, _wrapped(str(data.get("label", node))))
        if "certification" in data:
            group = sectors.setdefault(str(data.get("sector", "")), {})
            group.setdefault(str(data["certification"]), []).append(label)
        else:
            lines.append(f"  {label}")
    for sector, certifications in sectors.items():
        indent = "  "
        if sector:
            lines.append(f"  subgraph {_dot_quoted('cluster_sector:' + sector)} {{")
            lines.append(f"    label={_dot_quoted(_sector_name(sector))}; style=rounded;")
            indent = "    "
        for code, nodes in certifications.items():
            lines.append(f"{indent}subgraph {_dot_quoted('cluster_certification:' + code)} {{")
            lines.append(f"{indent}  label={_dot_quoted(code)}; style=dashed;")
            lines.extend(f"{indent}  {node}" for node in nodes)
            lines.append(f"{indent}}}")
        if sector:
            lines.append("  }")
    return lines


def _sector_name(value: str) -> str:
    try:
        return Sector(value).label
    except ValueError:  # a graph built elsewhere may name sectors its own way
        return value


def _edge_style(data: dict[str, Any]) -> str:
    relation = str(data.get("relation", ""))
    # A route's two relations go unlabelled: time order is drawn straight down, and a dashed
    # edge goes from a step to the later step or the target it serves.
    if relation == "next":
        return "weight=4"
    if relation == "serves":
        return "style=dashed"
    style = ", style=dashed" if relation == "equivalent_to" else ""
    return f"label={_dot_quoted(_edge_label(data))}{style}"


def _edge_label(data: dict[str, Any]) -> str:
    relation = str(data.get("relation", ""))
    if data.get("serves"):
        relation += ", serves"
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
