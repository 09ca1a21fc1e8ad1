"""Build a small catalogue in code, check it, look at its graph, and see what errors look like.

A route designer's first steps with ``itineraire``: the catalogue is written as plain data (what a
JSON or TOML catalogue file parses to), loaded with :func:`itineraire.catalogue_from_data`, then
checked and summarised. Two broken variants show how problems are reported.

The certification RNCP37674 and its two blocks are real (France Compétences export of
2026-08-16); everything else here (the DEMO-SUPPORT certification, hours, costs, prerequisites)
is made up for the example and marked illustrative or estimate.

Run it with ``python examples/build_catalogue.py``.
"""

from __future__ import annotations

import copy
from typing import Any

import itineraire
from itineraire.analysis.reachability import module_rule

ESTIMATE: dict[str, Any] = {"estimate": True, "note": "figures made up for the example"}
ILLUSTRATIVE: dict[str, Any] = {"illustrative": True, "note": "invented for the example"}


def catalogue_data() -> dict[str, Any]:
    """The example catalogue, as the JSON-like data a catalogue file holds."""
    return {
        "format": "itineraire.catalogue/1",
        "name": "designer-example",
        "version": "1",
        "competences": [
            {"id": "clea.1", "title": "Communicating in French", "framework": "clea"},
            {"id": "clea.2", "title": "Basic calculation", "framework": "clea"},
            {"id": "lang.de", "title": "German", "scale": "cefr", "framework": "language"},
        ],
        "certifications": [
            {
                "code": "RNCP37674",
                "registry": "rncp",
                "title": "Développeur web et web mobile",
                "level": 5,
                "certifier": "Ministère du Travail, du Plein emploi et de l'Insertion",
                "access_routes": [
                    "apprenticeship",
                    "continuing_training",
                    "professionalisation_contract",
                    "vae",
                ],
                "valid_from": "2023-09-01",
                "valid_until": "2028-09-01",
                "rome": ["M1805"],
                "sector": "digital",
                # The remediation gate: every professional module of the certification needs it.
                "entry_requirement": ["clea.1", "clea.2"],
                "blocks": [
                    {
                        "code": "RNCP37674BC01",
                        "title": "Développer la partie front-end d'une application web"
                        " ou web mobile sécurisée",
                        # The jobs whose experience counts toward this block in a VAE.
                        "experience_rome": ["M1805", "M1855"],
                    },
                    {
                        "code": "RNCP37674BC02",
                        "title": "Développer la partie back-end d'une application web"
                        " ou web mobile sécurisée",
                        "experience_rome": ["M1805", "M1855"],
                    },
                ],
                "provenance": {"source": "France Compétences export, 2026-08-16"},
            },
            {
                "code": "DEMO-SUPPORT",
                "registry": "rncp",
                "title": "Digital support assistant",
                "level": 4,
                "rome": ["M1810"],
                "sector": "digital",
                "entry_requirement": "clea.1",
                "blocks": [
                    {"code": "DEMO-SUPPORT-BC01", "title": "Set up web tools for users"},
                    {"code": "DEMO-SUPPORT-BC02", "title": "Assist cross-border users"},
                ],
                "provenance": ILLUSTRATIVE,
            },
        ],
        "modules": [
            {
                "kind": "transversal",
                "id": "clea-remediation",
                "title": "CléA: French and calculation",
                "domain": "basic_skills",
                "hours": 140,
                "cost": 1400,
                "teaches": ["clea.1", "clea.2"],
                "provenance": ESTIMATE,
            },
            {
                "kind": "transversal",
                "id": "german-a2",
                "title": "German for work, A2",
                "domain": "language",
                "hours": 100,
                "cost": 1000,
                "teaches": [{"competence": "lang.de", "level": "A2"}],
                "provenance": ESTIMATE,
            },
            {
                "kind": "transversal",
                "id": "german-b1",
                "title": "German for work, B1",
                "domain": "language",
                "hours": 120,
                "cost": 1200,
                "requires": "lang.de>=A2",
                "teaches": [{"competence": "lang.de", "level": "B1"}],
                "provenance": ESTIMATE,
            },
            {
                "kind": "professional",
                "id": "web-front",
                "title": "Front-end development",
                "block": "RNCP37674BC01",
                "hours": 420,
                "cost": 5000,
                "validates": ["RNCP37674BC01"],
                "provenance": ESTIMATE,
            },
            {
                "kind": "professional",
                "id": "web-back",
                "title": "Back-end development",
                "block": "RNCP37674BC02",
                "hours": 420,
                "cost": 5000,
                "requires": "block:RNCP37674BC01",
                "validates": ["RNCP37674BC02"],
                "provenance": ESTIMATE,
            },
            {
                "kind": "placement",
                "id": "cpro-web-back",
                "title": "Contrat de professionnalisation, back-end validated in the company",
                "placement_type": "professionalisation_contract",
                "rome": "M1805",
                "hours": 840,
                "cost": 0,
                "requires": "block:RNCP37674BC01",
                "validates": ["RNCP37674BC02"],
                "provenance": ESTIMATE,
            },
            {
                "kind": "professional",
                "id": "support-users",
                "title": "Assisting cross-border users",
                "block": "DEMO-SUPPORT-BC02",
                "hours": 210,
                "cost": 2500,
                "requires": "lang.de>=B1",
                "validates": ["DEMO-SUPPORT-BC02"],
                "provenance": ILLUSTRATIVE,
            },
        ],
        "equivalences": [
            {
                "id": "front-to-support",
                "from": ["RNCP37674BC01"],
                "to": ["DEMO-SUPPORT-BC01"],
                "mutual": False,
                "provenance": ILLUSTRATIVE,
            }
        ],
    }


def show_catalogue(catalogue: itineraire.Catalogue) -> None:
    """Print the counts, each block with what validates it, and the graph's size."""
    print(f"catalogue {catalogue.name!r}, version {catalogue.version}")
    for item, count in catalogue.summary().items():
        print(f"  {item}: {count}")
    for certification in catalogue.certifications.values():
        mark = " (illustrative)" if certification.provenance.illustrative else ""
        print(f"{certification.code}{mark}: {certification.title}")
        print(f"  gate: {certification.entry_requirement}")
        for code in certification.blocks:
            ways = [module.id for module in catalogue.modules_validating(code)]
            ways += [f"equivalence {e.id}" for e in catalogue.equivalences_granting(code)]
            if certification.vae_allowed:
                ways.append("VAE")
            print(f"  {code}: {', '.join(ways)}")
    graph = itineraire.catalogue_graph(catalogue)
    print(f"graph: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges")


def show_rule(catalogue: itineraire.Catalogue) -> None:
    """Test what two modules need against a learner's positioning."""
    learner = itineraire.learner_from_data(
        {
            "format": "itineraire.learner/1",
            "id": "learner-1",
            "positioning": {
                "date": "2025-09-01",
                "competences": ["clea.1", {"competence": "lang.de", "level": "A2"}],
            },
            "target": {"certification": "RNCP37674"},
        },
        catalogue,
    )
    for module_id in ("german-b1", "web-front"):
        # module_rule adds the certification's gate to a professional module's own prerequisites.
        rule = module_rule(catalogue, catalogue.modules[module_id])
        verdict = "can start" if rule.is_met(learner.positioning) else "cannot start yet"
        print(f"{learner.id}: {module_id} needs {rule}: {verdict}")


def show_errors() -> None:
    """Load two broken variants and print the problems each one reports."""
    # 1. References that do not resolve: every one is reported, naming the item and field.
    broken = copy.deepcopy(catalogue_data())
    modules = broken["modules"]
    modules[2]["teaches"] = [{"competence": "lang.de", "level": "B7"}]
    modules[4]["validates"] = ["RNCP37674BC03"]
    modules[6]["requires"] = "lang.it>=B1"
    try:
        itineraire.catalogue_from_data(broken, source="broken-references")
    except itineraire.CatalogueError as error:
        print(f"{error.source}: {len(error.problems)} problems")
        for problem in error.problems:
            print(f"  {problem.where} | {problem.field} | {problem.message}")
    else:
        raise AssertionError("the broken variant should not load")

    # 2. Every reference resolves, but nothing teaches the CléA gate any more: a strict load
    #    refuses the catalogue; a lenient one lets check_catalogue name the findings.
    ungated = copy.deepcopy(catalogue_data())
    del ungated["modules"][0]
    try:
        itineraire.catalogue_from_data(ungated, source="no-remediation")
    except itineraire.CatalogueError as error:
        print(f"{error.source}: refused with {len(error.problems)} problems")
    else:
        raise AssertionError("a strict load should refuse the variant")
    lenient = itineraire.catalogue_from_data(ungated, source="no-remediation", strict=False)
    for finding in itineraire.check_catalogue(lenient):
        print(f"  {finding}")


def main() -> None:
    """Run the whole example."""
    catalogue = itineraire.catalogue_from_data(catalogue_data(), source="designer-example")
    findings = itineraire.check_catalogue(catalogue)
    print(f"findings: {len(findings)}")
    show_catalogue(catalogue)
    show_rule(catalogue)
    show_errors()


if __name__ == "__main__":
    main()
