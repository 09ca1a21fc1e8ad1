"""What can be obtained from a starting point, ignoring time, cost and order.

This is the "relaxed" reach of a catalogue: repeatedly take every module whose prerequisites
hold, add what it teaches and validates, credit equivalences and (when allowed) VAE, until nothing
changes. Nothing is ever lost in this relaxation, so the fixpoint is reached in at most one pass
per module. The consistency checks use it from an empty start; the planner uses it to prune what a
target can never need.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from itineraire.model.catalogue import Catalogue
from itineraire.model.requirements import AllOf, Requirement
from itineraire.modules import Module, Placement, ProfessionalModule
from itineraire.validation import eligibility_rule

__all__ = ["Reach", "module_rule", "relaxed_reach"]


@attrs.define
class Reach:
    """What the relaxation reached: modules that can start, blocks and competence ranks held.

    It implements :class:`~itineraire.model.requirements.Holdings`; with ``assume_experience`` any
    experience requirement counts as met (a learner may bring that experience).
    """

    modules: set[str] = attrs.field(factory=set)
    blocks: set[str] = attrs.field(factory=set)
    competences: dict[str, int] = attrs.field(factory=dict)
    experience: int = 0
    """Hours of experience that count for any job."""
    assume_experience: bool = True
    jobs: dict[str, int] = attrs.field(factory=dict)
    """Hours of experience per job (ROME code): they count for the requirements of that job."""

    def holds_block(self, block: str) -> bool:
        return block in self.blocks

    def competence_rank(self, competence: str) -> int | None:
        return self.competences.get(competence)

    def experience_hours(self, rome: frozenset[str]) -> int:
        if self.assume_experience:
            return 10**9
        related = sum(hours for job, hours in self.jobs.items() if not rome or job in rome)
        return self.experience + related

    def _extent(self) -> tuple[int, int, int, int]:
        """How much is held: it only grows, so a change of it says something was new."""
        ranks = sum(self.competences.values())
        return (len(self.blocks), ranks, len(self.competences), sum(self.jobs.values()))

    def gain(self, module: Module) -> bool:
        """Add what ``module`` gives (a placement its hours of experience in its job, which
        count for VAE); whether anything was new."""
        before = self._extent()
        self.modules.add(module.id)
        self.blocks.update(module.validates)
        for taught in module.teaches:
            rank = self.competences.get(taught.competence)
            if rank is None or taught.rank > rank:
                self.competences[taught.competence] = taught.rank
        if isinstance(module, Placement) and module.rome is not None:
            self.jobs[module.rome] = self.jobs.get(module.rome, 0) + module.experience_hours
        return self._extent() != before


def module_rule(catalogue: Catalogue, module: Module) -> Requirement:
    """Everything a module needs to start: its prerequisites and, for a professional module, the
    entry requirement (remediation gate) of its certification."""
    rules: list[Requirement] = [] if module.prerequisites is None else [module.prerequisites]
    if isinstance(module, ProfessionalModule):
        certification = catalogue.certifications.get(module.certification)
        if certification is not None and certification.entry_requirement is not None:
            rules.append(certification.entry_requirement)
    return rules[0] if len(rules) == 1 else AllOf(tuple(rules))


def relaxed_reach(
    catalogue: Catalogue,
    *,
    start: Reach | None = None,
    modules: Iterable[Module] | None = None,
    vae: bool = True,
) -> Reach:
    """The fixpoint of what can be obtained from ``start`` (nothing held by default).

    ``start`` is copied, never changed.
    """
    reach = Reach(assume_experience=True) if start is None else _copy(start)
    candidates = list(catalogue.modules.values() if modules is None else modules)
    rules = {module.id: module_rule(catalogue, module) for module in candidates}
    changed = True
    while changed:
        changed = False
        for module in candidates:
            if module.id not in reach.modules and rules[module.id].is_met(reach):
                reach.gain(module)
                changed = True
        changed |= _credit_equivalences(catalogue, reach)
        if vae:
            changed |= _credit_vae(catalogue, reach)
    return reach


def _copy(reach: Reach) -> Reach:
    return Reach(
        modules=set(reach.modules),
        blocks=set(reach.blocks),
        competences=dict(reach.competences),
        experience=reach.experience,
        assume_experience=reach.assume_experience,
        jobs=dict(reach.jobs),
    )


def _credit_equivalences(catalogue: Catalogue, reach: Reach) -> bool:
    changed = False
    for equivalence in catalogue.equivalences:
        for needed, gained in equivalence.directions():
            if needed <= reach.blocks and not gained <= reach.blocks:
                reach.blocks |= gained
                changed = True
    return changed


def _credit_vae(catalogue: Catalogue, reach: Reach) -> bool:
    """Credit the blocks a VAE can validate: those of each certification open to VAE for which
    the person is admissible, each block whose jobs the experience covers (the policy's hours;
    every block where experience is assumed)."""
    changed = False
    policy = catalogue.vae_policy
    for certification in catalogue.certifications.values():
        if not certification.vae_allowed or set(certification.blocks) <= reach.blocks:
            continue
        own = [catalogue.blocks[code] for code in certification.blocks]
        if not eligibility_rule(certification, policy, own).is_met(reach):
            continue
        covered = {
            block.code
            for block in own
            if reach.experience_hours(frozenset(block.experience_rome))
            >= policy.block_coverage_hours
        }
        if not covered <= reach.blocks:
            reach.blocks |= covered
            changed = True
    return changed
