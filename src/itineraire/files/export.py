"""Engine objects back to documents: JSON export of a catalogue or one of its items.

Exporting then loading gives an equal catalogue (a property the tests check), so a catalogue
built or changed in code can be saved and shared.
"""

from __future__ import annotations

import json
from typing import Any

from itineraire.files.documents import (
    BlockDoc,
    CatalogueDoc,
    CertificationDoc,
    CompetenceDoc,
    ConstraintsDoc,
    EquivalenceDoc,
    ExperienceDoc,
    HeldBlockDoc,
    IntakeDoc,
    LearnerDoc,
    ModuleDoc,
    PeriodDoc,
    PlacementDoc,
    PositioningDoc,
    ProfessionalModuleDoc,
    ProvenanceDoc,
    RequirementDoc,
    ScaleDoc,
    TargetDoc,
    TeachingDoc,
    TransversalModuleDoc,
    VaePolicyDoc,
    VaeUnderWayDoc,
)
from itineraire.model.catalogue import Catalogue
from itineraire.model.certifications import Block, Certification
from itineraire.model.competences import Competence, HeldCompetence
from itineraire.model.learners import (
    ExperienceRecord,
    HeldBlock,
    Learner,
    Target,
    TargetKind,
    VaeUnderWay,
)
from itineraire.model.provenance import Provenance
from itineraire.model.requirements import (
    AllOf,
    AnyOf,
    AtLeast,
    HasBlock,
    HasExperience,
    Requirement,
)
from itineraire.model.scales import BUILTIN_SCALES
from itineraire.modules import (
    Intake,
    Module,
    Placement,
    ProfessionalModule,
    TransversalModule,
    Weekday,
    WeeklyIntake,
)
from itineraire.validation import Equivalence

__all__ = [
    "block_document",
    "catalogue_document",
    "certification_document",
    "experience_document",
    "held_block_document",
    "held_competence_document",
    "intake_document",
    "learner_document",
    "module_document",
    "requirement_document",
    "target_document",
    "to_json",
]


def to_json(document: Any) -> str:
    """A document as indented JSON without defaults, the way catalogue files are written."""
    data = document.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    if "format" in type(document).model_fields:
        # The format tag is a default, but a file must always say what it is.
        data = {"format": document.format, **data}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def catalogue_document(catalogue: Catalogue) -> CatalogueDoc:
    """The document of a whole catalogue."""
    return CatalogueDoc(
        name=catalogue.name,
        version=catalogue.version,
        description=catalogue.description,
        scales=[
            ScaleDoc(name=scale.name, title=scale.title, levels=list(scale.levels))
            for scale in catalogue.scales.values()
            if scale.name not in BUILTIN_SCALES
        ],
        competences=[_competence(c) for c in catalogue.competences.values()],
        certifications=[
            certification_document(catalogue, c) for c in catalogue.certifications.values()
        ],
        modules=[module_document(m) for m in catalogue.modules.values()],
        equivalences=[_equivalence(e) for e in catalogue.equivalences],
        rome_parents=dict(catalogue.rome_parents),
        vae=VaePolicyDoc.model_validate(
            {name: getattr(catalogue.vae_policy, name) for name in VaePolicyDoc.model_fields}
        ),
    )


def _competence(competence: Competence) -> CompetenceDoc:
    return CompetenceDoc(
        id=competence.id,
        title=competence.title,
        scale=competence.scale,
        framework=competence.framework,
    )


def _provenance(provenance: Provenance) -> ProvenanceDoc:
    return ProvenanceDoc(
        source=provenance.source,
        illustrative=provenance.illustrative,
        estimate=provenance.estimate,
        note=provenance.note,
    )


def block_document(block: Block, certification: Certification) -> BlockDoc:
    """The document of one block (its ROME jobs omitted when it takes the certification's)."""
    own_rome = [] if block.jobs_inherited else list(block.experience_rome)
    return BlockDoc(
        code=block.code,
        title=block.title,
        competences=list(block.competences),
        evaluation_modes=list(block.evaluation_modes),
        experience_rome=own_rome,
    )


def certification_document(catalogue: Catalogue, certification: Certification) -> CertificationDoc:
    """The document of one certification with its blocks."""
    default = AllOf(tuple(HasBlock(code) for code in certification.blocks))
    is_default = certification.validation == default or (
        len(certification.blocks) == 1 and certification.validation == default.items[0]
    )
    return CertificationDoc(
        code=certification.code,
        registry=certification.registry,
        title=certification.title,
        level=certification.level,
        certifier=certification.certifier,
        access_routes=sorted(certification.access_routes),
        valid_from=certification.valid_from,
        valid_until=certification.valid_until,
        replaces=list(certification.replaces),
        replaced_by=list(certification.replaced_by),
        rome=list(certification.rome),
        sector=certification.sector,
        blocks=[block_document(catalogue.blocks[b], certification) for b in certification.blocks],
        validation=None if is_default else requirement_document(certification.validation),
        entry_requirement=_optional_rule(certification.entry_requirement),
        vae_eligibility=_optional_rule(certification.vae_eligibility),
        provenance=_provenance(certification.provenance),
    )


def _optional_rule(rule: Requirement | None) -> RequirementDoc | None:
    return None if rule is None else requirement_document(rule)


def requirement_document(rule: Requirement) -> RequirementDoc:
    """A rule in its explicit object form."""
    if isinstance(rule, AllOf):
        return RequirementDoc(all_=[requirement_document(item) for item in rule.items])
    if isinstance(rule, AnyOf):
        return RequirementDoc(any_=[requirement_document(item) for item in rule.items])
    if isinstance(rule, AtLeast):
        return RequirementDoc(
            at_least=rule.count, of=[requirement_document(item) for item in rule.items]
        )
    if isinstance(rule, HasBlock):
        return RequirementDoc(block=rule.block)
    if isinstance(rule, HasExperience):
        return RequirementDoc(
            experience_hours=rule.hours, rome=sorted(rule.rome) if rule.rome else None
        )
    return RequirementDoc(competence=rule.competence, level=rule.level)


def module_document(module: Module) -> ModuleDoc:
    """The document of one module, of its kind."""
    common: dict[str, Any] = {
        "id": module.id,
        "title": module.title,
        "hours": module.hours,
        "cost": module.cost,
        "requires": _optional_rule(module.prerequisites),
        "teaches": [
            TeachingDoc(competence=taught.competence, level=taught.level)
            for taught in module.teaches
        ],
        "validates": list(module.validates),
        "sessions": list(module.sessions),
        "intakes": [intake_document(intake) for intake in module.intakes],
        "provider": module.provider,
        "provenance": _provenance(module.provenance),
    }
    if isinstance(module, ProfessionalModule):
        return ProfessionalModuleDoc(
            kind="professional", block=module.block, weekly_hours=module.weekly_hours, **common
        )
    if isinstance(module, Placement):
        return PlacementDoc(
            kind="placement",
            placement_type=module.placement_type,
            rome=module.rome,
            experience_hours=module.experience_hours,
            **common,
        )
    assert isinstance(module, TransversalModule)
    return TransversalModuleDoc(
        kind="transversal", domain=module.domain, weekly_hours=module.weekly_hours, **common
    )


def intake_document(intake: Intake) -> IntakeDoc:
    """The document of one recurring intake."""
    if isinstance(intake, WeeklyIntake):
        return IntakeDoc(every_weeks=intake.weeks, **{"from": intake.start}, until=intake.until)
    return IntakeDoc(
        months=list(intake.months),
        day=intake.day,
        weekday=intake.weekday,
        **{"from": intake.start},
        until=intake.until,
    )


def _equivalence(equivalence: Equivalence) -> EquivalenceDoc:
    return EquivalenceDoc(
        id=equivalence.id,
        **{"from": sorted(equivalence.from_blocks)},
        to=sorted(equivalence.to_blocks),
        mutual=equivalence.mutual,
        provenance=_provenance(equivalence.provenance),
    )


def learner_document(learner: Learner) -> LearnerDoc:
    """The learner file that loads back into ``learner``."""
    positioning = learner.positioning
    constraints = learner.constraints
    return LearnerDoc(
        id=learner.id,
        name=learner.name,
        positioning=PositioningDoc(
            date=positioning.date,
            competences=[held_competence_document(held) for held in positioning.competences],
            blocks=[held_block_document(held) for held in positioning.blocks],
            experience=[experience_document(record) for record in positioning.experience],
            vae_under_way=[_vae_under_way(file) for file in positioning.vae_under_way],
        ),
        constraints=ConstraintsDoc(
            # Left out when it is the positioning date, the default a file would leave implicit.
            start=None if constraints.start == positioning.date else constraints.start,
            weekly_hours=constraints.weekly_hours,
            budget=constraints.budget,
            excluded_modules=sorted(constraints.excluded_modules),
            vae_allowed=constraints.vae_allowed,
            placement_required=constraints.placement_required,
            employment_allowed=constraints.employment_allowed,
            training_days=[list(Weekday)[day] for day in sorted(constraints.training_days)],
            holidays=constraints.holidays,
            unavailable=[
                PeriodDoc(
                    start=period.start,
                    end=period.end,
                    label=period.label,
                    rome=period.rome,
                    hours=period.hours,
                )
                for period in constraints.unavailable
            ],
        ),
        target=target_document(learner.target),
    )


def held_competence_document(held: HeldCompetence) -> str | TeachingDoc:
    """An unlevelled competence as its id (the short form files use), otherwise with its level."""
    if held.level is None:
        return held.competence
    return TeachingDoc(competence=held.competence, level=held.level)


def held_block_document(held: HeldBlock) -> HeldBlockDoc:
    return HeldBlockDoc(
        block=held.block, date=held.date, method=held.method, evidence=held.evidence
    )


def _vae_under_way(file: VaeUnderWay) -> VaeUnderWayDoc:
    return VaeUnderWayDoc(
        certification=file.certification,
        admissible=file.admissible,
        blocks=list(file.blocks),
        jury=file.jury,
    )


def experience_document(record: ExperienceRecord) -> ExperienceDoc:
    return ExperienceDoc(
        rome=record.rome,
        hours=record.hours,
        start=record.start,
        end=record.end,
        description=record.description,
    )


def target_document(target: Target) -> TargetDoc:
    if target.kind is TargetKind.CERTIFICATION:
        return TargetDoc(certification=target.certification)
    if target.kind is TargetKind.BLOCKS:
        return TargetDoc(blocks=list(target.blocks))
    return TargetDoc(job=target.rome)
