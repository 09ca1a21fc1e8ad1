"""The catalogue: every certification, block, competence, module and equivalence a route can use.

A :class:`Catalogue` is an immutable value built by :mod:`itineraire.files.loading` (from files)
or by :func:`itineraire.files.catalogue.build_catalogue` (from documents made in code). Its
mappings are keyed by identifier and iterate in identifier order, so everything derived from
them is deterministic.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import attrs

from itineraire.model.certifications import Block, Certification
from itineraire.model.competences import Competence
from itineraire.model.scales import Scale
from itineraire.modules import Module, ModuleKind
from itineraire.validation import Equivalence, VaePolicy

__all__ = ["Catalogue"]


@attrs.frozen(kw_only=True, repr=False)
class Catalogue:
    """An immutable, consistent set of certifications, blocks, competences and modules."""

    name: str
    version: str = ""
    description: str = ""
    scales: Mapping[str, Scale]
    competences: Mapping[str, Competence]
    certifications: Mapping[str, Certification]
    blocks: Mapping[str, Block]
    modules: Mapping[str, Module]
    equivalences: tuple[Equivalence, ...] = ()
    rome_parents: Mapping[str, str] = attrs.field(factory=dict)
    vae_policy: VaePolicy = VaePolicy()

    def __repr__(self) -> str:
        # Short: a catalogue appears in counterexamples and logs, where its full contents would
        # bury everything else (and the built-in one is over 100 kB of repr).
        counts = ", ".join(f"{count} {what}" for what, count in self.summary().items())
        return f"<Catalogue {self.name!r} {self.version!r}: {counts}>"

    def modules_of_kind(self, kind: ModuleKind) -> Iterator[Module]:
        """The modules of one kind, in identifier order."""
        return (module for module in self.modules.values() if module.kind is kind)

    def modules_validating(self, block: str) -> tuple[Module, ...]:
        """The modules (placements included) whose evaluation validates ``block``."""
        return tuple(module for module in self.modules.values() if block in module.validates)

    def modules_teaching(self, competence: str) -> tuple[Module, ...]:
        """The modules that teach ``competence`` (at any level)."""
        return tuple(
            module
            for module in self.modules.values()
            if any(taught.competence == competence for taught in module.teaches)
        )

    def equivalences_granting(self, block: str) -> tuple[Equivalence, ...]:
        """The equivalences that can grant ``block`` (in either direction when mutual)."""
        return tuple(
            equivalence
            for equivalence in self.equivalences
            if any(block in gained for _, gained in equivalence.directions())
        )

    def ways_to_validate(self, block: str) -> tuple[str, ...]:
        """How ``block`` can be validated: module ids, then equivalences, then VAE."""
        ways = [module.id for module in self.modules_validating(block)]
        ways += [
            f"equivalence {equivalence.id}" for equivalence in self.equivalences_granting(block)
        ]
        owner = self.certifications.get(self.blocks[block].certification)
        if owner is not None and owner.vae_allowed:
            ways.append("VAE")
        return tuple(ways)

    def certifications_for_job(self, rome: str) -> tuple[Certification, ...]:
        """The certifications that lead to a ROME job; a sub-code counts as its parent job."""
        codes = {rome, self.rome_parents.get(rome, rome)}
        return tuple(
            certification
            for certification in self.certifications.values()
            if codes & set(certification.rome)
        )

    def summary(self) -> dict[str, int]:
        """How many items of each kind the catalogue holds."""
        counts = {
            "certifications": len(self.certifications),
            "blocks": len(self.blocks),
            "competences": len(self.competences),
            "equivalences": len(self.equivalences),
        }
        for kind in ModuleKind:
            counts[f"{kind.value} modules"] = sum(1 for _ in self.modules_of_kind(kind))
        return counts
