"""Consistency checks of a catalogue: every finding, named and explained.

Each check is a small function that yields :class:`Finding` records; :func:`check_catalogue` runs
them all and returns the findings in a stable order (errors first). Errors make a catalogue
unusable for planning (a strict load refuses it); warnings deserve a look.

Finding codes:

``dangling-reference``, ``duplicate-identifier``, ``level-outside-scale``
    Structural faults; files are checked for these when loaded, catalogues built in code here.
``prerequisite-cycle``
    Modules that each need what another of them teaches, so none of them can ever start.
``module-never-starts``
    A module whose prerequisites nothing in the catalogue can provide.
``block-not-validatable``
    A block that no module, placement, equivalence or VAE can validate.
``certification-unreachable``
    A certification whose validation rule can never be met.
``replacement-mismatch`` (warning)
    A version chain told from one side only.
``version-cycle`` (warning)
    Certifications that replace each other in a circle (A replaces B, which replaces A): a
    version chain runs one way, so one of the links is wrong.
``registration-expired`` (warning)
    A certification whose registration ended before the date of the check.
``module-without-effect`` (warning)
    A module that teaches nothing, validates nothing and brings no experience.
``vae-blocks-without-jobs`` (warning)
    A certification open to VAE whose blocks (two or more) name no related jobs: any of its
    jobs counts for every block, so one job's hours may validate them all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from enum import StrEnum

import attrs
import networkx as nx

from itineraire.analysis.reachability import Reach, module_rule, relaxed_reach
from itineraire.model.catalogue import Catalogue
from itineraire.model.requirements import HasBlock, HasCompetence, Leaf, Requirement
from itineraire.modules import Module, Placement, ProfessionalModule

__all__ = ["Finding", "Severity", "check_catalogue", "one_cycle", "version_cycles"]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@attrs.frozen(order=True)
class Finding:
    """One finding: its severity, a code from the list above, the item at fault, and why."""

    severity: Severity
    code: str
    subject: str
    message: str

    def __str__(self) -> str:
        return f"{self.severity.value}: {self.code}: {self.subject}: {self.message}"


def check_catalogue(catalogue: Catalogue, *, as_of: dt.date | None = None) -> tuple[Finding, ...]:
    """Every finding on ``catalogue``, errors first, then by code and subject.

    ``as_of`` enables the registration-date check (left out by default so that the same catalogue
    always gives the same findings).
    """
    findings: list[Finding] = []
    findings.extend(_dangling_references(catalogue))
    findings.extend(_duplicate_identifiers(catalogue))
    findings.extend(_levels_outside_scale(catalogue))
    if not findings:
        # Reachability is only meaningful once every reference resolves.
        findings.extend(_reachability(catalogue))
    findings.extend(_replacement_mismatches(catalogue))
    findings.extend(_version_cycles(catalogue))
    findings.extend(_modules_without_effect(catalogue))
    findings.extend(_vae_blocks_without_jobs(catalogue))
    if as_of is not None:
        findings.extend(_expired_registrations(catalogue, as_of))
    order = {Severity.ERROR: 0, Severity.WARNING: 1}
    return tuple(sorted(set(findings), key=lambda f: (order[f.severity], f.code, f.subject, f)))


def _error(code: str, subject: str, message: str) -> Finding:
    return Finding(Severity.ERROR, code, subject, message)


def _warning(code: str, subject: str, message: str) -> Finding:
    return Finding(Severity.WARNING, code, subject, message)


# -- structure ------------------------------------------------------------------------------


def _rules(catalogue: Catalogue) -> Iterator[tuple[str, str, Requirement]]:
    """Every rule of the catalogue: its subject, what the rule is for, and the rule."""
    for module in catalogue.modules.values():
        if module.prerequisites is not None:
            yield f"module {module.id}", "prerequisite", module.prerequisites
    for certification in catalogue.certifications.values():
        subject = f"certification {certification.code}"
        for purpose, rule in (
            ("validation", certification.validation),
            ("entry requirement", certification.entry_requirement),
            ("VAE eligibility", certification.vae_eligibility),
        ):
            if rule is not None:
                yield subject, purpose, rule


def _dangling_references(catalogue: Catalogue) -> Iterator[Finding]:
    code = "dangling-reference"
    for subject, purpose, rule in _rules(catalogue):
        for leaf in rule.leaves():
            if isinstance(leaf, HasCompetence) and leaf.competence not in catalogue.competences:
                message = f"{purpose} rule cites unknown competence {leaf.competence!r}"
                yield _error(code, subject, message)
            if isinstance(leaf, HasBlock) and leaf.block not in catalogue.blocks:
                yield _error(code, subject, f"{purpose} rule cites unknown block {leaf.block!r}")
    for module in catalogue.modules.values():
        subject = f"module {module.id}"
        for taught in module.teaches:
            if taught.competence not in catalogue.competences:
                yield _error(code, subject, f"teaches unknown competence {taught.competence!r}")
        for block in module.validates:
            if block not in catalogue.blocks:
                yield _error(code, subject, f"validates unknown block {block!r}")
        if isinstance(module, ProfessionalModule) and module.block not in catalogue.blocks:
            yield _error(code, subject, f"belongs to unknown block {module.block!r}")
    for certification in catalogue.certifications.values():
        subject = f"certification {certification.code}"
        for block in certification.blocks:
            if block not in catalogue.blocks:
                yield _error(code, subject, f"lists unknown block {block!r}")
        for other in (*certification.replaces, *certification.replaced_by):
            if other not in catalogue.certifications:
                yield _error(code, subject, f"names unknown certification {other!r}")
    for equivalence in catalogue.equivalences:
        for block in sorted(equivalence.from_blocks | equivalence.to_blocks):
            if block not in catalogue.blocks:
                yield _error(code, f"equivalence {equivalence.id}", f"unknown block {block!r}")
    for competence in catalogue.competences.values():
        if competence.scale is not None and competence.scale not in catalogue.scales:
            yield _error(code, f"competence {competence.id}", f"unknown scale {competence.scale!r}")


def _duplicate_identifiers(catalogue: Catalogue) -> Iterator[Finding]:
    code = "duplicate-identifier"
    owners: dict[str, str] = {}
    for certification in catalogue.certifications.values():
        for block in certification.blocks:
            if block in owners:
                message = f"block {block!r} is listed by {owners[block]!r} too"
                yield _error(code, f"certification {certification.code}", message)
            owners[block] = certification.code
    for kind, mapping in (
        ("module", {key: value.id for key, value in catalogue.modules.items()}),
        ("block", {key: value.code for key, value in catalogue.blocks.items()}),
        ("certification", {key: value.code for key, value in catalogue.certifications.items()}),
        ("competence", {key: value.id for key, value in catalogue.competences.items()}),
    ):
        for key, identifier in mapping.items():
            if key != identifier:
                yield _error(code, f"{kind} {identifier}", f"is filed under another key {key!r}")
    seen: set[str] = set()
    for equivalence in catalogue.equivalences:
        if equivalence.id in seen:
            yield _error(code, f"equivalence {equivalence.id}", "the id is used twice")
        seen.add(equivalence.id)


def _levels_outside_scale(catalogue: Catalogue) -> Iterator[Finding]:
    code = "level-outside-scale"
    uses: list[tuple[str, str, str | None, int]] = []
    for subject, _purpose, rule in _rules(catalogue):
        uses.extend(
            (subject, leaf.competence, leaf.level, leaf.rank)
            for leaf in rule.leaves()
            if isinstance(leaf, HasCompetence)
        )
    for module in catalogue.modules.values():
        uses.extend(
            (f"module {module.id}", taught.competence, taught.level, taught.rank)
            for taught in module.teaches
        )
    for subject, competence_id, level, rank in uses:
        competence = catalogue.competences.get(competence_id)
        if competence is None:
            continue  # reported as a dangling reference
        scale = catalogue.scales.get(competence.scale) if competence.scale else None
        if competence.scale is not None and scale is None:
            continue  # the unknown scale is reported as a dangling reference
        if scale is None:
            if level is not None:
                yield _error(code, subject, f"{competence_id!r} has no levels (got {level!r})")
        elif level is not None and level not in scale:
            message = f"level {level!r} of {competence_id!r} is not on scale {scale.name!r}"
            yield _error(code, subject, message)
        elif level is not None and scale.rank(level) != rank:
            yield _error(code, subject, f"level {level!r} of {competence_id!r} has a wrong rank")


# -- reachability ---------------------------------------------------------------------------


def _reachability(catalogue: Catalogue) -> Iterator[Finding]:
    reach = relaxed_reach(catalogue)
    blocked = [module for module in catalogue.modules.values() if module.id not in reach.modules]
    in_cycle: set[str] = set()
    for members, cycle in _cycles(catalogue, blocked, reach):
        in_cycle.update(members)
        path = " → ".join([*cycle, cycle[0]])
        message = f"{path}: each needs what another teaches, so none can start"
        yield _error("prerequisite-cycle", f"module {min(cycle)}", message)
    for module in blocked:
        if module.id not in in_cycle:
            yield _never_starts(catalogue, module, reach)
    yield from _unvalidatable_blocks(catalogue, reach)
    for certification in catalogue.certifications.values():
        if not certification.validation.is_met(reach):
            message = f"its validation rule can never be met: {certification.validation}"
            yield _error(
                "certification-unreachable", f"certification {certification.code}", message
            )


def _unmet(catalogue: Catalogue, module: Module, reach: Reach) -> list[Leaf]:
    return [leaf for leaf in module_rule(catalogue, module).leaves() if not leaf.is_met(reach)]


def _providers(catalogue: Catalogue, leaf: Leaf) -> list[Module]:
    if isinstance(leaf, HasCompetence):
        return [
            module
            for module in catalogue.modules.values()
            if any(t.competence == leaf.competence and t.rank >= leaf.rank for t in module.teaches)
        ]
    if isinstance(leaf, HasBlock):
        return list(catalogue.modules_validating(leaf.block))
    return []


def _cycles(
    catalogue: Catalogue, blocked: list[Module], reach: Reach
) -> list[tuple[list[str], list[str]]]:
    """The prerequisite cycles: each strongly connected component of blocked modules, with one
    readable cycle through its smallest identifier."""
    graph = nx.DiGraph()
    blocked_ids = {module.id for module in blocked}
    for module in blocked:
        graph.add_node(module.id)
        for leaf in _unmet(catalogue, module, reach):
            for provider in _providers(catalogue, leaf):
                if provider.id in blocked_ids:
                    graph.add_edge(module.id, provider.id)
    cycles = []
    for component in nx.strongly_connected_components(graph):
        members = sorted(component)
        if len(members) > 1 or graph.has_edge(members[0], members[0]):
            cycles.append((members, one_cycle(graph.subgraph(members), members[0])))
    return sorted(cycles, key=lambda found: found[1])


def one_cycle(component: nx.DiGraph, first: str) -> list[str]:
    """A shortest cycle through ``first`` (the smallest identifier), deterministic."""
    if component.has_edge(first, first):
        return [first]
    paths = [nx.shortest_path(component, successor, first) for successor in component[first]]
    shortest = min(paths, key=lambda path: (len(path), path))
    return [first, *(str(node) for node in shortest[:-1])]


def _never_starts(catalogue: Catalogue, module: Module, reach: Reach) -> Finding:
    reasons = []
    for leaf in _unmet(catalogue, module, reach):
        providers = _providers(catalogue, leaf)
        if not providers:
            reasons.append(f"nothing in the catalogue provides {leaf}")
        else:
            names = ", ".join(provider.id for provider in providers)
            reasons.append(f"{leaf} comes only from modules that cannot start ({names})")
    return _error("module-never-starts", f"module {module.id}", "; ".join(reasons))


def _unvalidatable_blocks(catalogue: Catalogue, reach: Reach) -> Iterator[Finding]:
    for block in catalogue.blocks.values():
        if block.code in reach.blocks:
            continue
        certification = catalogue.certifications.get(block.certification)
        validators = catalogue.modules_validating(block.code)
        subject = f"block {block.code}"
        if validators:
            names = ", ".join(module.id for module in validators)
            message = f"the modules that validate it can never start ({names})"
        elif catalogue.equivalences_granting(block.code):
            message = "no module validates it and its equivalences need blocks that cannot be had"
        elif certification is not None and certification.vae_allowed:
            message = "no module validates it and its certification's VAE rule can never be met"
        else:
            message = (
                "no module or placement validates it, no equivalence grants it"
                " and its certification is not open to VAE"
            )
        yield _error("block-not-validatable", subject, message)


# -- warnings -------------------------------------------------------------------------------


def _replacement_mismatches(catalogue: Catalogue) -> Iterator[Finding]:
    certifications = catalogue.certifications
    for certification in certifications.values():
        for old in certification.replaces:
            other = certifications.get(old)
            if other is not None and certification.code not in other.replaced_by:
                message = f"replaces {old!r}, which does not name it in replaced_by"
                yield _warning(
                    "replacement-mismatch", f"certification {certification.code}", message
                )
        for new in certification.replaced_by:
            other = certifications.get(new)
            if other is not None and certification.code not in other.replaces:
                message = f"is replaced by {new!r}, which does not name it in replaces"
                yield _warning(
                    "replacement-mismatch", f"certification {certification.code}", message
                )


def _version_cycles(catalogue: Catalogue) -> Iterator[Finding]:
    graph = nx.DiGraph()
    for certification in catalogue.certifications.values():
        # Both sides of a link are read: a cycle told from one side only is still a cycle.
        for old in certification.replaces:
            graph.add_edge(old, certification.code)
        for new in certification.replaced_by:
            graph.add_edge(certification.code, new)
    for code, message in version_cycles(graph):
        yield _warning("version-cycle", f"certification {code}", message)


def version_cycles(graph: nx.DiGraph) -> Iterator[tuple[str, str]]:
    """Each cycle of version links (old → new) in ``graph``: its smallest code and the
    finding's message (shared by the import's checks from its on-disk store)."""
    for component in nx.strongly_connected_components(graph):
        members = sorted(component)
        if len(members) > 1 or graph.has_edge(members[0], members[0]):
            cycle = one_cycle(graph.subgraph(members), members[0])
            yield (
                members[0],
                (
                    f"{' → '.join([*cycle, cycle[0]])}: versions that replace each other in a"
                    " circle; a version chain runs one way, so one of these links is wrong"
                ),
            )


def _modules_without_effect(catalogue: Catalogue) -> Iterator[Finding]:
    for module in catalogue.modules.values():
        experience = isinstance(module, Placement) and module.experience_hours > 0
        if not module.teaches and not module.validates and not experience:
            message = "teaches nothing, validates nothing and brings no experience"
            yield _warning("module-without-effect", f"module {module.id}", message)


def _vae_blocks_without_jobs(catalogue: Catalogue) -> Iterator[Finding]:
    # With one block, the certification's jobs are that block's: nothing is confused.
    for certification in catalogue.certifications.values():
        blocks = [catalogue.blocks.get(code) for code in certification.blocks]
        if not certification.vae_allowed or len(blocks) < 2:
            continue
        if any(block is None or block.names_jobs for block in blocks):
            continue
        jobs = ", ".join(certification.rome)
        counts = f"experience in any of its jobs ({jobs})" if jobs else "any experience"
        message = (
            f"is open to VAE, but none of its {len(blocks)} blocks names its related jobs"
            f" (experience_rome): {counts} counts for every block, so one job's hours may"
            " validate them all"
        )
        yield _warning("vae-blocks-without-jobs", f"certification {certification.code}", message)


def _expired_registrations(catalogue: Catalogue, as_of: dt.date) -> Iterator[Finding]:
    for certification in catalogue.certifications.values():
        if certification.valid_until is not None and certification.valid_until < as_of:
            message = f"registration ended on {certification.valid_until.isoformat()}"
            yield _warning("registration-expired", f"certification {certification.code}", message)
