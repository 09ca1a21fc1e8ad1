"""Pydantic models of the file formats: what a catalogue or learner file may contain.

These models are the boundary: they check types and shapes, and export the JSON Schema of each
format. Cross-references (a module naming a block that does not exist, a level that is not on its
scale) are checked when the documents are turned into engine objects, in
:mod:`itineraire.files.catalogue`.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Final, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from itineraire.model.certifications import AccessRoute, Registry
from itineraire.model.learners import HolidayZone, TargetKind
from itineraire.model.sectors import Sector
from itineraire.modules import PlacementType, TransversalDomain, Weekday
from itineraire.modules.base import MAX_WEEKLY_HOURS
from itineraire.modules.intakes import check_day_in_months
from itineraire.validation import ValidationMethod

__all__ = [
    "CATALOGUE_FORMAT",
    "LEARNER_FORMAT",
    "BlockDoc",
    "CatalogueDoc",
    "CertificationDoc",
    "CompetenceDoc",
    "ConstraintsDoc",
    "Day",
    "EquivalenceDoc",
    "ExperienceDoc",
    "HeldBlockDoc",
    "IntakeDoc",
    "LearnerDoc",
    "ModuleDoc",
    "PeriodDoc",
    "PlacementDoc",
    "PositioningDoc",
    "ProfessionalModuleDoc",
    "ProvenanceDoc",
    "RequirementDoc",
    "RequirementInput",
    "ScaleDoc",
    "TargetDoc",
    "TeachingDoc",
    "TransversalModuleDoc",
    "VaePolicyDoc",
    "VaeUnderWayDoc",
    "WeeklyIntensity",
]

CATALOGUE_FORMAT: Final = "itineraire.catalogue/1"
LEARNER_FORMAT: Final = "itineraire.learner/1"

Identifier = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._:+-]*$", max_length=80),
    Field(description="letters, digits and . _ : + - ; starting with a letter or digit"),
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
RomeCode = Annotated[
    str,
    StringConstraints(pattern=r"^[A-N][0-9]{4}$"),
    Field(description="a ROME 4.0 job code, e.g. M1805"),
]
Hours = Annotated[int, Field(strict=True, ge=0, le=100_000)]
Euros = Annotated[int, Field(strict=True, ge=0, le=10_000_000)]
Weeks = Annotated[int, Field(strict=True, ge=0, le=520)]
LeadWeeks = Annotated[int, Field(strict=True, ge=1, le=520)]
Flag = Annotated[bool, Field(strict=True)]
# The calendar the planner works in: a date far outside it is a typing error (and year 10000,
# which a long wait after a session in 9999 would reach, does not exist in Python).
Day = Annotated[
    dt.date,
    Field(ge=dt.date(1950, 1, 1), le=dt.date(2100, 12, 31), description="a date, 1950 to 2100"),
]


class _Document(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class ProvenanceDoc(_Document):
    """Where an entry comes from; ``illustrative`` when it could not be confirmed from a source."""

    source: str = ""
    illustrative: Flag = False
    estimate: Flag = Field(False, description="hours or cost are estimates")
    note: str = ""


class RequirementDoc(_Document):
    """One requirement rule, in exactly one of its forms.

    ``{"all": [...]}``, ``{"any": [...]}``, ``{"at_least": 2, "of": [...]}``,
    ``{"competence": "lang.de", "level": "B1"}``, ``{"block": "RNCP37674BC01"}``,
    ``{"experience_hours": 1607, "rome": ["M1805"]}``. A string is a shorthand for a competence
    (``"clea.1"``, ``"lang.de>=B1"``) or a block (``"block:RNCP37674BC01"``).
    """

    # Empty lists and "at least 0" would be rules that always hold: refused as mistakes.
    all_: Annotated[list[str | RequirementDoc], Field(min_length=1)] | None = Field(
        None, alias="all"
    )
    any_: Annotated[list[str | RequirementDoc], Field(min_length=1)] | None = Field(
        None, alias="any"
    )
    at_least: Annotated[int, Field(strict=True, ge=1)] | None = None
    of: Annotated[list[str | RequirementDoc], Field(min_length=1)] | None = None
    competence: Identifier | None = None
    level: str | None = None
    block: Identifier | None = None
    experience_hours: Hours | None = None
    rome: list[RomeCode] | None = None

    @model_validator(mode="after")
    def _one_form(self) -> Self:
        forms = {
            "all": self.all_ is not None,
            "any": self.any_ is not None,
            "at_least": self.at_least is not None or self.of is not None,
            "competence": self.competence is not None or self.level is not None,
            "block": self.block is not None,
            "experience_hours": self.experience_hours is not None or self.rome is not None,
        }
        used = [name for name, present in forms.items() if present]
        if len(used) != 1:
            found = ", ".join(used) if used else "none"
            raise ValueError(
                "a requirement needs exactly one of all, any, at_least/of, competence, block,"
                f" experience_hours (found: {found})"
            )
        if (self.at_least is None) != (self.of is None):
            raise ValueError("at_least and of go together")
        if self.level is not None and self.competence is None:
            raise ValueError("level needs a competence")
        if self.rome is not None and self.experience_hours is None:
            raise ValueError("rome needs experience_hours")
        return self


RequirementInput = str | list[str | RequirementDoc] | RequirementDoc
"""A requirement in a file: a rule, a shorthand string, or a list meaning "all of"."""


class TeachingDoc(_Document):
    """A competence taught (or held), at a level when the competence is levelled."""

    competence: Identifier
    level: str | None = None


class ScaleDoc(_Document):
    """A level scale, lowest level first. CEFR (``cefr``) and Pix (``pix``) are built in."""

    name: Identifier
    title: str = ""
    levels: Annotated[list[Annotated[str, StringConstraints(min_length=1)]], Field(min_length=1)]


class CompetenceDoc(_Document):
    """A competence; ``scale`` for levelled ones (languages, Pix), none for held-or-not ones."""

    id: Identifier
    title: Text
    scale: Identifier | None = None
    framework: Identifier | None = None


class BlockDoc(_Document):
    """A skill block of a certification."""

    code: Identifier
    title: Text
    competences: list[Text] = []
    evaluation_modes: list[Text] = []
    experience_rome: list[RomeCode] = Field(
        [], description="ROME jobs whose experience relates to this block (VAE)"
    )


class CertificationDoc(_Document):
    """A certification framework (RNCP fiche with blocks, or RS fiche without)."""

    code: Identifier
    registry: Registry
    title: Text
    level: Annotated[int, Field(strict=True, ge=3, le=8)] | None = None
    certifier: str = ""
    access_routes: list[AccessRoute] = []
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    replaces: list[Identifier] = []
    replaced_by: list[Identifier] = []
    rome: list[RomeCode] = []
    sector: Sector | None = None
    blocks: list[BlockDoc] = []
    validation: RequirementInput | None = Field(
        None, description="the rule that awards the certification; default: every block"
    )
    entry_requirement: RequirementInput | None = Field(
        None, description="the remediation gate required by every professional module"
    )
    vae_eligibility: RequirementInput | None = None
    provenance: ProvenanceDoc = ProvenanceDoc()


class IntakeDoc(_Document):
    """Sessions that recur: ``every_weeks`` weeks from ``from`` (the first session), or each year
    in ``months`` on ``day`` (or the first ``weekday`` on or after it); until ``until``.

    ``{"every_weeks": 6, "from": "2027-01-04"}``,
    ``{"months": [1, 9], "day": 1, "weekday": "monday", "until": "2031-12-31"}``.
    """

    every_weeks: Annotated[int, Field(strict=True, ge=1, le=520)] | None = Field(
        None, description="a session every this many weeks from `from`"
    )
    months: (
        Annotated[
            list[Annotated[int, Field(strict=True, ge=1, le=12)]],
            Field(min_length=1, max_length=12),
        ]
        | None
    ) = Field(None, description="a session each year in each of these months (1 to 12)")
    day: Annotated[int, Field(strict=True, ge=1, le=31)] | None = Field(
        None, description="the day of the month of a yearly intake; default 1"
    )
    weekday: Weekday | None = Field(
        None, description="a yearly intake starts on the first such weekday on or after `day`"
    )
    from_: Day | None = Field(
        None, alias="from", description="the first session (weekly) or the earliest (yearly)"
    )
    until: Day | None = Field(None, description="no session after this date; none: for good")

    @model_validator(mode="after")
    def _one_rhythm(self) -> Self:
        if (self.every_weeks is None) == (self.months is None):
            raise ValueError("an intake needs exactly one of every_weeks, months")
        if self.every_weeks is not None:
            if self.from_ is None:
                raise ValueError("every_weeks needs from (the date of the first session)")
            if self.day is not None or self.weekday is not None:
                raise ValueError("day and weekday go with months, not every_weeks")
        if self.months is not None:
            repeated = sorted({month for month in self.months if self.months.count(month) > 1})
            if repeated:
                raise ValueError(f"month {repeated[0]} is listed twice")
            problem = check_day_in_months(self.day or 1, tuple(self.months))
            if problem is not None:
                raise ValueError(problem)
        if self.from_ is not None and self.until is not None and self.until < self.from_:
            raise ValueError(f"until ({self.until}) is before from ({self.from_})")
        return self


class _ModuleCommon(_Document):
    id: Identifier
    title: Text
    hours: Hours
    cost: Euros
    requires: RequirementInput | None = None
    teaches: list[Identifier | TeachingDoc] = []
    validates: list[Identifier] = []
    sessions: list[Day] = Field([], description="session start dates; empty: any time")
    intakes: list[IntakeDoc] = Field(
        [], description="recurring sessions, besides the dates in sessions"
    )
    provider: str = ""
    provenance: ProvenanceDoc = ProvenanceDoc()


WeeklyIntensity = Annotated[
    int,
    Field(
        strict=True,
        ge=1,
        le=MAX_WEEKLY_HOURS,
        description=(
            "hours a week the module runs at (e.g. 6 for a CléA module); below the person's"
            " weekly hours it runs beside other steps; absent: at the person's weekly hours"
        ),
    ),
]


class ProfessionalModuleDoc(_ModuleCommon):
    """A professional module, tied to a block."""

    kind: Literal["professional"]
    block: Identifier
    weekly_hours: WeeklyIntensity | None = None


class TransversalModuleDoc(_ModuleCommon):
    """A transversal module: basic skills, digital, world of work, language, mobility."""

    kind: Literal["transversal"]
    domain: TransversalDomain
    weekly_hours: WeeklyIntensity | None = None


class PlacementDoc(_ModuleCommon):
    """A work placement; ``experience_hours`` defaults to ``hours``."""

    kind: Literal["placement"]
    placement_type: PlacementType
    rome: RomeCode | None = None
    experience_hours: Hours | None = None


ModuleDoc = Annotated[
    ProfessionalModuleDoc | TransversalModuleDoc | PlacementDoc, Field(discriminator="kind")
]


class EquivalenceDoc(_Document):
    """Holding every ``from`` block grants every ``to`` block (and back when ``mutual``)."""

    id: Identifier | None = None
    from_: Annotated[list[Identifier], Field(min_length=1)] = Field(alias="from")
    to: Annotated[list[Identifier], Field(min_length=1)]
    mutual: Flag = True
    provenance: ProvenanceDoc = ProvenanceDoc()


class VaePolicyDoc(_Document):
    """Overrides of the VAE policy (eligibility threshold, lead times, costs)."""

    min_related_hours: Hours | None = None
    block_coverage_hours: Hours | None = None
    # Each phase of a VAE lasts at least a week: a route shows it as a step of its own.
    admissibility_weeks: LeadWeeks | None = None
    support_weeks: LeadWeeks | None = None
    support_hours: Hours | None = None
    jury_weeks: LeadWeeks | None = None
    support_cost: Euros | None = None
    jury_cost: Euros | None = None
    block_cost: Euros | None = Field(
        None, description="part of the support's cost per block the VAE covers (0: flat fee)"
    )


class CatalogueDoc(_Document):
    """A catalogue file."""

    format: Literal["itineraire.catalogue/1"] = CATALOGUE_FORMAT
    name: Text
    version: str = ""
    description: str = ""
    scales: list[ScaleDoc] = []
    competences: list[CompetenceDoc] = []
    certifications: list[CertificationDoc] = []
    modules: list[ModuleDoc] = []
    equivalences: list[EquivalenceDoc] = []
    rome_parents: dict[RomeCode, RomeCode] = Field(
        {}, description="ROME sub-code → parent code (RNCP fiches cite the parent)"
    )
    vae: VaePolicyDoc = VaePolicyDoc()


class HeldBlockDoc(_Document):
    """A block held at positioning."""

    block: Identifier
    date: Day
    method: ValidationMethod = ValidationMethod.PRIOR
    evidence: str = ""


class ExperienceDoc(_Document):
    """Work experience in a ROME job."""

    rome: RomeCode
    hours: Hours
    start: Day | None = None
    end: Day | None = None
    description: str = ""


class VaeUnderWayDoc(_Document):
    """A VAE file under way: admissible, awaiting its jury."""

    certification: Identifier
    admissible: Day = Field(description="the day the certifier declared the file admissible")
    blocks: list[Identifier] | None = Field(
        None,
        description="the blocks the jury is expected to award; absent: every block of the"
        " certification; empty: none (the experience covers no block the person lacks)",
    )
    jury: Day | None = Field(
        None,
        description="the jury's expected day; absent: the catalogue's VAE lead times (support"
        " and jury weeks) from the admissibility decision",
    )


class PositioningDoc(_Document):
    """The initial positioning."""

    date: Day
    competences: list[Identifier | TeachingDoc] = []
    blocks: list[HeldBlockDoc] = []
    experience: list[ExperienceDoc] = []
    vae_under_way: list[VaeUnderWayDoc] = []


class PeriodDoc(_Document):
    """A period of planned employment or unavailability, both ends included."""

    start: Day
    end: Day
    label: str = ""
    rome: RomeCode | None = None
    hours: Hours = 0


class ConstraintsDoc(_Document):
    """What the route must respect; the start date defaults to the positioning date."""

    start: Day | None = None
    weekly_hours: Annotated[int, Field(strict=True, ge=1, le=60)] = 35
    budget: Euros | None = None
    excluded_modules: list[Identifier] = []
    vae_allowed: Flag = True
    placement_required: Flag = False
    employment_allowed: Flag = False
    unavailable: list[PeriodDoc] = []
    training_days: Annotated[list[Weekday], Field(min_length=1, max_length=7)] = [
        Weekday.MONDAY,
        Weekday.TUESDAY,
        Weekday.WEDNESDAY,
        Weekday.THURSDAY,
        Weekday.FRIDAY,
    ]
    holidays: HolidayZone = HolidayZone.FRANCE

    @field_validator("training_days")
    @classmethod
    def _distinct_days(cls, days: list[Weekday]) -> list[Weekday]:
        twice = sorted({day for day in days if days.count(day) > 1}, key=lambda day: day.number)
        if twice:
            raise ValueError(f"names a day more than once: {', '.join(twice)}")
        return days


class TargetDoc(_Document):
    """Exactly one of a certification, a list of blocks, or a ROME job."""

    certification: Identifier | None = None
    blocks: Annotated[list[Identifier], Field(min_length=1)] | None = None
    job: RomeCode | None = None

    @model_validator(mode="after")
    def _one_target(self) -> Self:
        given = [
            name for name in ("certification", "blocks", "job") if getattr(self, name) is not None
        ]
        if len(given) != 1:
            raise ValueError(
                "a target needs exactly one of certification, blocks, job"
                f" (found: {', '.join(given) or 'none'})"
            )
        return self

    @property
    def kind(self) -> TargetKind:
        if self.certification is not None:
            return TargetKind.CERTIFICATION
        return TargetKind.BLOCKS if self.blocks is not None else TargetKind.JOB


class LearnerDoc(_Document):
    """A learner file: positioning, constraints and target."""

    format: Literal["itineraire.learner/1"] = LEARNER_FORMAT
    id: Identifier
    name: str = ""
    positioning: PositioningDoc
    constraints: ConstraintsDoc = ConstraintsDoc()
    target: TargetDoc
