"""The catalogue as a networkx graph: typed nodes and typed edges.

Nodes are named ``"<kind>:<identifier>"`` (``"block:RNCP37674BC01"``) and carry ``kind`` and
``label`` attributes; a certification, its blocks and the professional modules of its blocks also
carry its code (``certification``) and its ``sector``, by which a drawing groups them (so does a
placement whose blocks are all of one certification). Edges carry
a ``relation``. The graph is a ``MultiDiGraph`` because two
items can be linked by more than one relation (a module that requires a competence at one level
and teaches it at a higher one). Nodes and edges are added in identifier order, so the graph and
everything written from it are deterministic.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import networkx as nx

from itineraire.model.catalogue import Catalogue
from itineraire.model.requirements import HasBlock, HasCompetence, Requirement
from itineraire.modules import ModuleKind, ProfessionalModule

__all__ = ["NodeKind", "Relation", "catalogue_graph", "node_id"]


class NodeKind(StrEnum):
    COMPETENCE = "competence"
    BLOCK = "block"
    CERTIFICATION = "certification"
    MODULE = "module"
    PLACEMENT = "placement"


class Relation(StrEnum):
    REQUIRES = "requires"
    TEACHES = "teaches"
    VALIDATES = "validates"
    PART_OF = "part_of"
    EQUIVALENT_TO = "equivalent_to"
    REPLACES = "replaces"


def node_id(kind: NodeKind, identifier: str) -> str:
    """The graph's name for an item."""
    return f"{kind.value}:{identifier}"


def catalogue_graph(catalogue: Catalogue) -> Any:
    """The catalogue as a ``networkx.MultiDiGraph`` (typed ``Any``: networkx is untyped)."""
    graph = nx.MultiDiGraph(name=catalogue.name)
    _add_nodes(graph, catalogue)
    _add_module_edges(graph, catalogue)
    _add_certification_edges(graph, catalogue)
    for equivalence in catalogue.equivalences:
        for needed, gained in equivalence.directions():
            for source in sorted(needed):
                for target in sorted(gained):
                    graph.add_edge(
                        node_id(NodeKind.BLOCK, source),
                        node_id(NodeKind.BLOCK, target),
                        relation=Relation.EQUIVALENT_TO.value,
                        equivalence=equivalence.id,
                    )
    return graph


def _add_nodes(graph: Any, catalogue: Catalogue) -> None:
    for competence in catalogue.competences.values():
        graph.add_node(
            node_id(NodeKind.COMPETENCE, competence.id), kind="competence", label=competence.title
        )
    for certification in catalogue.certifications.values():
        graph.add_node(
            node_id(NodeKind.CERTIFICATION, certification.code),
            kind="certification",
            label=certification.title,
            **_belonging(catalogue, certification.code),
        )
    for block in catalogue.blocks.values():
        graph.add_node(
            node_id(NodeKind.BLOCK, block.code),
            kind="block",
            label=block.title,
            **_belonging(catalogue, block.certification),
        )
    for module in catalogue.modules.values():
        kind = NodeKind.PLACEMENT if module.kind is ModuleKind.PLACEMENT else NodeKind.MODULE
        # A placement that validates blocks of one certification is drawn with it.
        owners = {
            catalogue.blocks[b].certification for b in module.validates if b in catalogue.blocks
        }
        if isinstance(module, ProfessionalModule):
            owners = {module.certification}
        belongs = _belonging(catalogue, owners.pop()) if len(owners) == 1 else {}
        graph.add_node(node_id(kind, module.id), kind=kind.value, label=module.title, **belongs)


def _belonging(catalogue: Catalogue, code: str) -> dict[str, str]:
    """The ``certification`` and ``sector`` attributes of an item of a certification, by which a
    drawing groups the catalogue (a code the catalogue lacks has neither)."""
    certification = catalogue.certifications.get(code)
    if certification is None:
        return {}
    if certification.sector is None:
        return {"certification": code}
    return {"certification": code, "sector": certification.sector.value}


def _module_node(catalogue: Catalogue, module_id: str) -> str:
    kind = catalogue.modules[module_id].kind
    return node_id(
        NodeKind.PLACEMENT if kind is ModuleKind.PLACEMENT else NodeKind.MODULE, module_id
    )


def _add_module_edges(graph: Any, catalogue: Catalogue) -> None:
    for module in catalogue.modules.values():
        source = _module_node(catalogue, module.id)
        rules: list[Requirement] = [] if module.prerequisites is None else [module.prerequisites]
        if isinstance(module, ProfessionalModule):
            certification = catalogue.certifications.get(module.certification)
            if certification is not None and certification.entry_requirement is not None:
                rules.append(certification.entry_requirement)
            graph.add_edge(
                source, node_id(NodeKind.BLOCK, module.block), relation=Relation.PART_OF.value
            )
        for rule in rules:
            _add_rule_edges(graph, source, rule)
        for taught in module.teaches:
            graph.add_edge(
                source,
                node_id(NodeKind.COMPETENCE, taught.competence),
                relation=Relation.TEACHES.value,
                level=taught.level,
            )
        for block in module.validates:
            graph.add_edge(
                source, node_id(NodeKind.BLOCK, block), relation=Relation.VALIDATES.value
            )


def _add_rule_edges(graph: Any, source: str, rule: Requirement) -> None:
    for leaf in rule.leaves():
        if isinstance(leaf, HasCompetence):
            target = node_id(NodeKind.COMPETENCE, leaf.competence)
            graph.add_edge(source, target, relation=Relation.REQUIRES.value, level=leaf.level)
        elif isinstance(leaf, HasBlock):
            target = node_id(NodeKind.BLOCK, leaf.block)
            graph.add_edge(source, target, relation=Relation.REQUIRES.value)


def _add_certification_edges(graph: Any, catalogue: Catalogue) -> None:
    for certification in catalogue.certifications.values():
        node = node_id(NodeKind.CERTIFICATION, certification.code)
        for block in certification.blocks:
            graph.add_edge(node_id(NodeKind.BLOCK, block), node, relation=Relation.PART_OF.value)
        if certification.entry_requirement is not None:
            _add_rule_edges(graph, node, certification.entry_requirement)
        for old in certification.replaces:
            graph.add_edge(
                node,
                node_id(NodeKind.CERTIFICATION, old),
                relation=Relation.REPLACES.value,
            )
