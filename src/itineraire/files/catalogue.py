"""Turning validated documents into engine objects, checking every cross-reference.

Pydantic has already checked each item's shape; here the items are checked against each other:
duplicate identifiers, references to unknown competences, blocks, certifications or modules,
levels that are not on their scale, and impossible rules. Every problem is collected, then raised
together in one :class:`~itineraire.errors.CatalogueError`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from itineraire.errors import CatalogueError, Problem
from itineraire.files.documents import (
    BlockDoc,
    CatalogueDoc,
    CertificationDoc,
    IntakeDoc,
    ModuleDoc,
    PlacementDoc,
    ProfessionalModuleDoc,
    ProvenanceDoc,
    RequirementDoc,
    RequirementInput,
    TeachingDoc,
)
from itineraire.model.catalogue import Catalogue
from itineraire.model.certifications import Block, Certification, Registry
from itineraire.model.competences import Competence, HeldCompetence
from itineraire.model.provenance import Provenance
from itineraire.model.requirements import (
    AllOf,
    AnyOf,
    AtLeast,
    HasBlock,
    HasCompetence,
    HasExperience,
    Requirement,
    all_of,
)
from itineraire.model.scales import BUILTIN_SCALES, Scale
from itineraire.modules import (
    Intake,
    Module,
    Placement,
    ProfessionalModule,
    TransversalModule,
    WeeklyIntake,
    YearlyIntake,
)
from itineraire.validation import Equivalence, VaePolicy

__all__ = ["build_catalogue", "intake", "provenance"]

_V = TypeVar("_V")

_REAL_CODE = {Registry.RNCP: re.compile(r"^RNCP[0-9]+$"), Registry.RS: re.compile(r"^RS[0-9]+$")}
_SHORTHAND = re.compile(r"^(?P<competence>[A-Za-z0-9][A-Za-z0-9._:+-]*)(?:>=(?P<level>\S+))?$")


def build_catalogue(document: CatalogueDoc, source: str = "<catalogue>") -> Catalogue:
    """The engine's :class:`Catalogue` for a validated document; raises ``CatalogueError``."""
    return _CatalogueBuilder(document).build(source)


def provenance(document: ProvenanceDoc) -> Provenance:
    """The engine's provenance for its document."""
    return Provenance(
        source=document.source,
        illustrative=document.illustrative,
        estimate=document.estimate,
        note=document.note,
    )


def intake(document: IntakeDoc) -> Intake:
    """The engine's intake for its document (already checked whole by its validator)."""
    if document.every_weeks is not None:
        assert document.from_ is not None  # the document's validator requires it
        return WeeklyIntake(start=document.from_, weeks=document.every_weeks, until=document.until)
    assert document.months is not None  # the document's validator allows no other form
    return YearlyIntake(
        months=tuple(document.months),
        day=document.day or 1,
        weekday=document.weekday,
        start=document.from_,
        until=document.until,
    )


class _CatalogueBuilder:
    def __init__(self, document: CatalogueDoc) -> None:
        self.document = document
        self.problems: list[Problem] = []
        self.scales: dict[str, Scale] = {}
        self.competences: dict[str, Competence] = {}
        self.block_owner: dict[str, str] = {}
        self.certification_codes: set[str] = set()

    def report(self, where: str, field: str, message: str) -> None:
        self.problems.append(Problem(where, field, message))

    def build(self, source: str) -> Catalogue:
        self.scales = self._scales()
        self.competences = self._competences()
        self._index_certifications()
        certifications, blocks = self._certifications()
        modules = self._modules()
        equivalences = self._equivalences()
        if self.problems:
            raise CatalogueError(source, self.problems)
        return Catalogue(
            name=self.document.name,
            version=self.document.version,
            description=self.document.description,
            scales=_sorted(self.scales),
            competences=_sorted(self.competences),
            certifications=_sorted(certifications),
            blocks=_sorted(blocks),
            modules=_sorted(modules),
            equivalences=tuple(sorted(equivalences, key=lambda eq: eq.id)),
            rome_parents=_sorted(self.document.rome_parents),
            vae_policy=VaePolicy(**self.document.vae.model_dump(exclude_none=True)),
        )

    # -- scales and competences -------------------------------------------------------------

    def _scales(self) -> dict[str, Scale]:
        scales = dict(BUILTIN_SCALES)
        for index, doc in enumerate(self.document.scales):
            where = f"scales[{index}] {doc.name!r}"
            if doc.name in scales:
                built_in = " (built in)" if doc.name in BUILTIN_SCALES else ""
                self.report(where, "name", f"scale {doc.name!r} is already defined{built_in}")
                continue
            for level, count in Counter(doc.levels).items():
                if count > 1:
                    self.report(where, "levels", f"level {level!r} appears {count} times")
            scales[doc.name] = Scale(doc.name, doc.title or doc.name, tuple(doc.levels))
        return scales

    def _competences(self) -> dict[str, Competence]:
        competences: dict[str, Competence] = {}
        first: dict[str, int] = {}
        for index, doc in enumerate(self.document.competences):
            where = f"competences[{index}] {doc.id!r}"
            if doc.id in competences:
                message = f"duplicate competence id {doc.id!r} (also competences[{first[doc.id]}])"
                self.report(where, "id", message)
                continue
            first[doc.id] = index
            if doc.scale is not None and doc.scale not in self.scales:
                self.report(where, "scale", f"unknown scale {doc.scale!r}")
            competences[doc.id] = Competence(doc.id, doc.title, doc.scale, doc.framework)
        return competences

    # -- certifications and blocks ----------------------------------------------------------

    def _index_certifications(self) -> None:
        # Rules may cite blocks of any certification, so every code is known before any rule.
        for doc in self.document.certifications:
            self.certification_codes.add(doc.code)
            for block in doc.blocks:
                self.block_owner.setdefault(block.code, doc.code)

    def _certifications(self) -> tuple[dict[str, Certification], dict[str, Block]]:
        certifications: dict[str, Certification] = {}
        blocks: dict[str, Block] = {}
        first: dict[str, int] = {}
        for index, doc in enumerate(self.document.certifications):
            where = f"certifications[{index}] {doc.code!r}"
            if doc.code in certifications:
                also = f"also certifications[{first[doc.code]}]"
                self.report(where, "code", f"duplicate certification code {doc.code!r} ({also})")
                continue
            first[doc.code] = index
            self._check_certification(doc, where)
            own_blocks = self._blocks(doc, where, blocks)
            certifications[doc.code] = self._certification(doc, where, own_blocks)
        return certifications, blocks

    def _check_certification(self, doc: CertificationDoc, where: str) -> None:
        real = not doc.provenance.illustrative
        if real and not _REAL_CODE[doc.registry].match(doc.code):
            expected = "RNCP followed by digits" if doc.registry is Registry.RNCP else "RS + digits"
            self.report(
                where,
                "code",
                f"{doc.code!r} is not a real {doc.registry.value.upper()} code ({expected});"
                " mark the entry illustrative if it is not a real fiche",
            )
        if doc.registry is Registry.RNCP and doc.level is None:
            self.report(where, "level", "an RNCP certification needs a level from 3 to 8")
        if doc.registry is Registry.RNCP and not doc.blocks:
            # With no block the default rule "every block" would award it to anyone.
            self.report(where, "blocks", "an RNCP certification needs at least one block")
        if doc.registry is Registry.RS and doc.level is not None:
            self.report(where, "level", "an RS certification has no level")
        if doc.registry is Registry.RS and len(doc.blocks) > 1:
            # RS certifications are not split into blocks; one block may stand for the whole
            # certification, so that block correspondences to it can be equivalences.
            message = (
                "an RS certification is awarded as a whole: one block at most, standing for it"
            )
            self.report(where, "blocks", message)
        if doc.valid_from and doc.valid_until and doc.valid_until < doc.valid_from:
            self.report(where, "valid_until", "ends before valid_from")
        for field, codes in (("replaces", doc.replaces), ("replaced_by", doc.replaced_by)):
            for index, code in enumerate(codes):
                if code == doc.code:
                    self.report(where, f"{field}[{index}]", "a certification cannot replace itself")
                elif code not in self.certification_codes:
                    self.report(where, f"{field}[{index}]", f"unknown certification {code!r}")
        for route, count in Counter(doc.access_routes).items():
            if count > 1:
                self.report(where, "access_routes", f"{route.value!r} appears {count} times")

    def _blocks(
        self, doc: CertificationDoc, where: str, blocks: dict[str, Block]
    ) -> tuple[str, ...]:
        codes: list[str] = []
        for index, block in enumerate(doc.blocks):
            block_where = f"{where} blocks[{index}] {block.code!r}"
            if block.code in blocks:
                owner = blocks[block.code].certification
                message = f"duplicate block code {block.code!r} (also in certification {owner!r})"
                self.report(block_where, "code", message)
                continue
            blocks[block.code] = self._block(block, doc)
            codes.append(block.code)
        return tuple(codes)

    @staticmethod
    def _block(block: BlockDoc, doc: CertificationDoc) -> Block:
        return Block(
            code=block.code,
            title=block.title,
            certification=doc.code,
            competences=tuple(block.competences),
            evaluation_modes=tuple(block.evaluation_modes),
            experience_rome=tuple(block.experience_rome or doc.rome),
            jobs_inherited=not block.experience_rome,
        )

    def _certification(
        self, doc: CertificationDoc, where: str, blocks: tuple[str, ...]
    ) -> Certification:
        default = all_of(tuple(HasBlock(code) for code in blocks))
        validation = self._rule(doc.validation, where, "validation") or default
        return Certification(
            code=doc.code,
            title=doc.title,
            registry=doc.registry,
            level=doc.level,
            certifier=doc.certifier,
            blocks=blocks,
            validation=validation,
            access_routes=frozenset(doc.access_routes),
            valid_from=doc.valid_from,
            valid_until=doc.valid_until,
            replaces=tuple(doc.replaces),
            replaced_by=tuple(doc.replaced_by),
            rome=tuple(doc.rome),
            sector=doc.sector,
            entry_requirement=self._rule(doc.entry_requirement, where, "entry_requirement"),
            vae_eligibility=self._rule(doc.vae_eligibility, where, "vae_eligibility"),
            provenance=provenance(doc.provenance),
        )

    # -- modules ----------------------------------------------------------------------------

    def _modules(self) -> dict[str, Module]:
        modules: dict[str, Module] = {}
        first: dict[str, int] = {}
        for index, doc in enumerate(self.document.modules):
            where = f"modules[{index}] {doc.id!r}"
            if doc.id in first:
                message = f"duplicate module id {doc.id!r} (also modules[{first[doc.id]}])"
                self.report(where, "id", message)
                continue
            first[doc.id] = index
            module = self._module(doc, where)
            if module is not None:
                modules[doc.id] = module
        return modules

    def _module(self, doc: ModuleDoc, where: str) -> Module | None:
        common: dict[str, Any] = {
            "id": doc.id,
            "title": doc.title,
            "hours": doc.hours,
            "cost": doc.cost,
            "prerequisites": self._rule(doc.requires, where, "requires"),
            "teaches": self._teachings(doc.teaches, where, "teaches"),
            "validates": self._block_refs(doc.validates, where, "validates"),
            "sessions": tuple(sorted(set(doc.sessions))),
            "intakes": tuple(intake(item) for item in doc.intakes),
            "provider": doc.provider,
            "provenance": provenance(doc.provenance),
        }
        if isinstance(doc, ProfessionalModuleDoc):
            owner = self.block_owner.get(doc.block)
            if owner is None:
                self.report(where, "block", f"unknown block {doc.block!r}")
                return None
            return ProfessionalModule(
                block=doc.block, certification=owner, weekly_hours=doc.weekly_hours, **common
            )
        if isinstance(doc, PlacementDoc):
            hours = doc.hours if doc.experience_hours is None else doc.experience_hours
            return Placement(
                placement_type=doc.placement_type, rome=doc.rome, experience_hours=hours, **common
            )
        return TransversalModule(domain=doc.domain, weekly_hours=doc.weekly_hours, **common)

    def _block_refs(self, codes: Iterable[str], where: str, field: str) -> tuple[str, ...]:
        known: list[str] = []
        for index, code in enumerate(codes):
            if code not in self.block_owner:
                self.report(where, f"{field}[{index}]", f"unknown block {code!r}")
            elif code in known:
                self.report(where, f"{field}[{index}]", f"block {code!r} is listed twice")
            else:
                known.append(code)
        return tuple(known)

    def _teachings(
        self, items: Iterable[str | TeachingDoc], where: str, field: str
    ) -> tuple[HeldCompetence, ...]:
        held: dict[str, HeldCompetence] = {}
        for index, item in enumerate(items):
            doc = TeachingDoc(competence=item) if isinstance(item, str) else item
            place = f"{field}[{index}]"
            resolved = self._level(doc.competence, doc.level, where, place, level_needed=True)
            if resolved is None:
                continue
            if doc.competence in held:
                self.report(where, place, f"competence {doc.competence!r} is listed twice")
                continue
            held[doc.competence] = HeldCompetence(doc.competence, doc.level, resolved)
        return tuple(held.values())

    def _level(
        self, competence: str, level: str | None, where: str, field: str, *, level_needed: bool
    ) -> int | None:
        """The rank of ``level`` for ``competence``, or None after reporting a problem."""
        known = self.competences.get(competence)
        if known is None:
            self.report(where, field, f"unknown competence {competence!r}")
            return None
        if known.scale is None:
            if level is not None:
                self.report(
                    where, field, f"competence {competence!r} has no levels (got {level!r})"
                )
                return None
            return 0
        scale = self.scales.get(known.scale)
        if scale is None:
            return None  # the competence's unknown scale is reported once, on the competence
        if level is None:
            if level_needed:
                self.report(
                    where,
                    field,
                    f"competence {competence!r} is levelled on {scale.name!r}: give a level",
                )
                return None
            return 0
        try:
            return scale.rank(level)
        except ValueError as error:
            self.report(where, field, str(error))
            return None

    # -- equivalences -----------------------------------------------------------------------

    def _equivalences(self) -> list[Equivalence]:
        equivalences: list[Equivalence] = []
        first: dict[str, int] = {}
        for index, doc in enumerate(self.document.equivalences):
            identifier = doc.id or f"equivalence-{index + 1}"
            where = f"equivalences[{index}]" + (f" {doc.id!r}" if doc.id else "")
            if identifier in first:
                also = f"also equivalences[{first[identifier]}]"
                self.report(where, "id", f"duplicate equivalence id {identifier!r} ({also})")
                continue
            first[identifier] = index
            sources = self._block_refs(doc.from_, where, "from")
            targets = self._block_refs(doc.to, where, "to")
            shared = sorted(set(sources) & set(targets))
            for code in shared:
                self.report(where, "to", f"block {code!r} is also in from: it cannot grant itself")
            complete = len(sources) == len(doc.from_) and len(targets) == len(doc.to)
            if complete and not shared:
                equivalences.append(
                    Equivalence(
                        id=identifier,
                        from_blocks=frozenset(sources),
                        to_blocks=frozenset(targets),
                        mutual=doc.mutual,
                        provenance=provenance(doc.provenance),
                    )
                )
        return equivalences

    # -- requirement rules ------------------------------------------------------------------

    def _rule(self, value: RequirementInput | None, where: str, field: str) -> Requirement | None:
        if value is None:
            return None
        return self._convert(value, where, field)

    def _convert(
        self, value: str | list[str | RequirementDoc] | RequirementDoc, where: str, field: str
    ) -> Requirement:
        if isinstance(value, str):
            return self._shorthand(value, where, field)
        if isinstance(value, list):
            return AllOf(self._items(value, where, field))
        return self._document_rule(value, where, field)

    def _items(
        self, values: list[str | RequirementDoc], where: str, field: str
    ) -> tuple[Requirement, ...]:
        return tuple(
            self._convert(value, where, f"{field}[{index}]") for index, value in enumerate(values)
        )

    def _document_rule(self, doc: RequirementDoc, where: str, field: str) -> Requirement:
        if doc.all_ is not None:
            return AllOf(self._items(doc.all_, where, f"{field}.all"))
        if doc.any_ is not None:
            return AnyOf(self._items(doc.any_, where, f"{field}.any"))
        if doc.at_least is not None and doc.of is not None:
            items = self._items(doc.of, where, f"{field}.of")
            if doc.at_least > len(items):
                self.report(
                    where, field, f"at_least {doc.at_least} is more than the {len(items)} items"
                )
                return AnyOf(())
            return AtLeast(doc.at_least, items)
        if doc.block is not None:
            return self._block_rule(doc.block, where, field)
        if doc.experience_hours is not None:
            return HasExperience(doc.experience_hours, frozenset(doc.rome or ()))
        assert doc.competence is not None  # the document's validator allows no other form
        return self._competence_rule(doc.competence, doc.level, where, field)

    def _shorthand(self, text: str, where: str, field: str) -> Requirement:
        if text.startswith("block:"):
            return self._block_rule(text.removeprefix("block:"), where, field)
        match = _SHORTHAND.match(text)
        if match is None:
            self.report(
                where,
                field,
                f"cannot read requirement {text!r}: write 'competence', 'competence>=LEVEL'"
                " or 'block:CODE'",
            )
            return AnyOf(())
        return self._competence_rule(match["competence"], match["level"], where, field)

    def _block_rule(self, code: str, where: str, field: str) -> Requirement:
        if code not in self.block_owner:
            self.report(where, field, f"unknown block {code!r}")
        return HasBlock(code)

    def _competence_rule(
        self, competence: str, level: str | None, where: str, field: str
    ) -> Requirement:
        rank = self._level(competence, level, where, field, level_needed=False)
        return HasCompetence(competence, level, rank or 0)


def _sorted(mapping: Mapping[str, _V]) -> dict[str, _V]:
    return {key: mapping[key] for key in sorted(mapping)}
