"""What a person's route can ever use: the part of the catalogue that can serve their target.

Worked backwards from the target's rule, through everything a need can be met by: a block by the
modules that validate it, the equivalences that grant it (whose own blocks become needs) and its
certification's VAE (whose experience placements can bring); a competence by the modules that
teach it; a module by its prerequisites and its certification's entry requirement; experience by
the placements in a related job. With a placement required, every placement. Sessions, prices
and hours play no part: the reach depends on the catalogue's structure only.

This is the basis of the offer analysis's reuse rule (``docs/what-if.md`` has the proof): a
change of the catalogue that touches nothing in a person's reach cannot change the best value of
their route, so their route is reused instead of re-planned.
"""

from __future__ import annotations

import attrs

from itineraire.analysis.reachability import module_rule
from itineraire.model.catalogue import Catalogue
from itineraire.model.learners import Learner
from itineraire.model.requirements import (
    HasBlock,
    HasCompetence,
    HasExperience,
    Requirement,
)
from itineraire.modules import ModuleKind, Placement, ProfessionalModule
from itineraire.planning.problem import goal_rule
from itineraire.validation import eligibility_rule

__all__ = ["Reach", "reach"]


@attrs.frozen
class Reach:
    """The modules, blocks and certifications a route to the target can involve; ``gates``
    are the certifications whose entry requirement a module of the reach needs."""

    modules: frozenset[str]
    blocks: frozenset[str]
    certifications: frozenset[str]
    gates: frozenset[str]


def reach(catalogue: Catalogue, learner: Learner) -> Reach:
    """The part of ``catalogue`` that can serve ``learner``'s target (see the module's doc)."""
    walk = _Walk(catalogue)
    walk.need(goal_rule(catalogue, learner.target))
    if learner.constraints.placement_required:
        for module in catalogue.modules_of_kind(ModuleKind.PLACEMENT):
            walk.module(module.id)
    walk.run()
    gates = {
        module.certification
        for module in (catalogue.modules[m] for m in walk.modules)
        if isinstance(module, ProfessionalModule)
    }
    return Reach(
        frozenset(walk.modules),
        frozenset(walk.blocks),
        frozenset(walk.certifications),
        frozenset(gates),
    )


class _Walk:
    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self.modules: set[str] = set()
        self.blocks: set[str] = set()
        self.competences: set[str] = set()
        self.certifications: set[str] = set()
        self.experience: set[frozenset[str]] = set()
        self.todo: list[Requirement] = []

    def need(self, rule: Requirement) -> None:
        self.todo.append(rule)

    def module(self, identifier: str) -> None:
        if identifier not in self.modules:
            self.modules.add(identifier)
            self.need(module_rule(self.catalogue, self.catalogue.modules[identifier]))

    def run(self) -> None:
        while self.todo:
            for leaf in self.todo.pop().leaves():
                if isinstance(leaf, HasBlock):
                    self._block(leaf.block)
                elif isinstance(leaf, HasCompetence):
                    self._competence(leaf.competence)
                else:
                    self._experience(leaf)

    def _block(self, block: str) -> None:
        catalogue = self.catalogue
        if block in self.blocks or block not in catalogue.blocks:
            return
        self.blocks.add(block)
        for module in catalogue.modules_validating(block):
            self.module(module.id)
        for equivalence in catalogue.equivalences_granting(block):
            for needed, gained in equivalence.directions():
                if block in gained:
                    for other in sorted(needed):
                        self.need(HasBlock(other))
        code = catalogue.blocks[block].certification
        certification = catalogue.certifications.get(code)
        if certification is not None and code not in self.certifications:
            self.certifications.add(code)
            # VAE on the certification: its eligibility and the experience its blocks ask for.
            own = [catalogue.blocks[b] for b in certification.blocks]
            self.need(eligibility_rule(certification, catalogue.vae_policy, own))
            for item in own:
                self._experience(HasExperience(0, frozenset(item.experience_rome)))

    def _competence(self, competence: str) -> None:
        if competence not in self.competences:
            self.competences.add(competence)
            for module in self.catalogue.modules_teaching(competence):
                self.module(module.id)

    def _experience(self, leaf: HasExperience) -> None:
        if leaf.rome in self.experience:
            return
        self.experience.add(leaf.rome)
        for module in self.catalogue.modules_of_kind(ModuleKind.PLACEMENT):
            assert isinstance(module, Placement)
            if (
                module.rome
                and module.experience_hours
                and (not leaf.rome or module.rome in leaf.rome)
            ):
                self.module(module.id)
