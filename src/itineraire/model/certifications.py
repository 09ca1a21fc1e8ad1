"""Certifications (RNCP and RS fiches) and their skill blocks."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

import attrs

from itineraire.model.provenance import Provenance
from itineraire.model.requirements import Requirement
from itineraire.model.sectors import Sector

__all__ = ["AccessRoute", "Block", "Certification", "Registry"]


class Registry(StrEnum):
    """The national register a certification is in."""

    RNCP = "rncp"
    """Répertoire national des certifications professionnelles: levels 3–8, made of blocks."""
    RS = "rs"
    """Répertoire spécifique (CléA, DCL, Pix…): no level, no blocks."""


class AccessRoute(StrEnum):
    """The ways to obtain a certification (the six ``SI_JURY_*`` access routes of a fiche)."""

    STUDENT = "student"
    APPRENTICESHIP = "apprenticeship"
    CONTINUING_TRAINING = "continuing_training"
    PROFESSIONALISATION_CONTRACT = "professionalisation_contract"
    INDIVIDUAL_APPLICATION = "individual_application"
    VAE = "vae"


@attrs.frozen
class Block:
    """A skill block (bloc de compétences): validated on its own and acquired for good.

    ``competences`` are the statements of the framework; ``experience_rome`` lists the ROME jobs
    whose work experience relates to this block for VAE (empty: any job). ``jobs_inherited`` says
    that the block names no jobs of its own and takes its certification's, as a file's block
    without ``experience_rome`` does: then any of those jobs counts for every block alike.
    """

    code: str
    title: str
    certification: str
    competences: tuple[str, ...] = ()
    evaluation_modes: tuple[str, ...] = ()
    experience_rome: tuple[str, ...] = ()
    jobs_inherited: bool = False

    @property
    def names_jobs(self) -> bool:
        """Whether the block says which jobs relate to it, rather than any job or its
        certification's."""
        return bool(self.experience_rome) and not self.jobs_inherited


@attrs.frozen
class Certification:
    """A certification framework.

    ``validation`` is the rule that awards the full certification (by default every block);
    ``entry_requirement`` is the remediation gate that every professional module of the
    certification requires (a CléA threshold, for instance); ``vae_eligibility`` overrides the
    catalogue's VAE policy for this certification (some certifiers still ask 1,607 hours).
    """

    code: str
    title: str
    registry: Registry
    level: int | None
    certifier: str
    blocks: tuple[str, ...]
    validation: Requirement
    access_routes: frozenset[AccessRoute] = frozenset()
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    replaces: tuple[str, ...] = ()
    replaced_by: tuple[str, ...] = ()
    rome: tuple[str, ...] = ()
    sector: Sector | None = None
    entry_requirement: Requirement | None = None
    vae_eligibility: Requirement | None = None
    provenance: Provenance = Provenance()

    @property
    def vae_allowed(self) -> bool:
        """Whether the fiche opens the VAE access route."""
        return AccessRoute.VAE in self.access_routes

    def is_valid_on(self, day: dt.date) -> bool:
        """Whether the registration covers ``day`` (open ends count as covered)."""
        if self.valid_from is not None and day < self.valid_from:
            return False
        return self.valid_until is None or day <= self.valid_until
