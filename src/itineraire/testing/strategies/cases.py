"""Planning cases (a small catalogue and a person together, within reach of the exhaustive
reference planner) and gains (what a person may acquire)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection
from typing import Any

import attrs
from hypothesis import strategies as st

from itineraire.files.loading import catalogue_from_data, learner_from_data
from itineraire.model.catalogue import Catalogue
from itineraire.model.learners import Learner
from itineraire.testing.invariants import Gain
from itineraire.testing.strategies._checks import (
    _bounds,
    _flag,
    _loaded,
    _strategy,
)
from itineraire.testing.strategies._shared import (
    _HOURS,
    JOBS,
    PLANNING_DAY,
    _weekly_hours,
    shown_catalogue,
)
from itineraire.testing.strategies.catalogues import catalogue_documents
from itineraire.testing.strategies.learners import (
    _jobs,
    _learner_document,
    _Person,
    learner_documents,
)

__all__ = [
    "GAIN_KINDS",
    "PlanningCase",
    "cases",
    "gain_options",
    "gains",
    "planning_cases",
]


@attrs.frozen
class PlanningCase:
    """A catalogue and a person, as documents (shown when a test fails) and loaded.

    ``reproduction()`` gives the two documents as JSON, to paste into a test or a file.
    """

    catalogue_document: dict[str, Any]
    learner_document: dict[str, Any]
    catalogue: Catalogue = attrs.field(repr=False, eq=False)
    learner: Learner = attrs.field(repr=False, eq=False)

    @classmethod
    def load(
        cls,
        catalogue_document: dict[str, Any],
        learner_document: dict[str, Any],
        *,
        strict: bool = True,
    ) -> PlanningCase:
        """The case of two documents, loaded (the catalogue strictly unless ``strict`` is
        false)."""
        catalogue = catalogue_from_data(catalogue_document, strict=strict)
        learner = learner_from_data(learner_document, catalogue)
        return cls(catalogue_document, learner_document, catalogue, learner)

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """How Hypothesis shows a failing case: the two documents only (its printer would show
        the loaded catalogue and learner field by field, some hundred lines more)."""
        with printer.group(len("PlanningCase("), "PlanningCase(", ")"):
            printer.text("catalogue_document=")
            printer.pretty(self.catalogue_document)
            printer.text(",")
            printer.breakable()
            printer.text("learner_document=")
            printer.pretty(self.learner_document)

    def reproduction(self) -> str:
        """The case as two JSON documents, one per line."""
        return (
            f"catalogue = {json.dumps(self.catalogue_document)}\n"
            f"learner = {json.dumps(self.learner_document)}"
        )


def planning_cases(
    *,
    max_modules: int = 5,
    max_certifications: int = 2,
    vae_under_way: bool = False,
    part_time: bool = False,
    experience_prerequisites: bool = False,
) -> st.SearchStrategy[PlanningCase]:
    """Small planning cases: a catalogue and a person, within reach of the exhaustive search.

    One or two certifications of one to three blocks, at most ``max_modules`` modules (the
    professional modules of the blocks, transversal modules teaching ``c1``, ``c2`` and German
    levels, perhaps a placement with experience), sometimes sessions (dates or a recurring
    intake), prerequisites (some that nothing teaches), entry requirements, "n of m blocks"
    validation rules, validation rules that ask for experience too, an equivalence, VAE with a
    rule of its own (experience, or experience or a block). Unlike :func:`catalogue_documents`,
    a block may have no module (VAE or an equivalence may still validate it) and a
    prerequisite may name what nothing teaches: the catalogue is loaded without the strict
    checks, as a planner must cope with it. The person
    holds some of it, has some experience, perhaps a budget and unavailable periods (some of
    them planned employment), and aims at a certification, some blocks or a job; periods of
    employment as steps are not allowed. Hours are at least 1 and VAE lead times at least a week
    each, so every step lasts at least a day.

    With ``vae_under_way``, the person often has a VAE file under way for a certification open
    to VAE (admissible up to 200 days before the positioning, expected to award none, some or
    all of its blocks, its jury on a given day or after the catalogue's lead times): a planner
    under test must then continue it (``docs/planner.md``, "A VAE under way at the start").

    With ``part_time``, professional and transversal modules state a weekly intensity one time
    in two (``weekly_hours`` from 4 to 28), so that steps run side by side.

    With ``experience_prerequisites``, a module's prerequisite may also ask for hours of
    experience in a job (alone, or as one of two choices), which a placement or, where the
    person allows them, periods of employment may bring.
    """
    modules = _bounds("max_modules", max_modules, 1, 9)[1]
    count = _bounds("max_certifications", max_certifications, 1, 3)[1]
    _flag("vae_under_way", vae_under_way)
    _flag("part_time", part_time)
    _flag("experience_prerequisites", experience_prerequisites)
    return _planning_case(modules, count, vae_under_way, part_time, experience_prerequisites)


@st.composite
def _planning_case(
    draw: st.DrawFn,
    max_modules: int,
    max_certifications: int,
    vae_under_way: bool = False,
    part_time: bool = False,
    experience_prerequisites: bool = False,
) -> PlanningCase:
    document = draw(
        _planning_catalogue(max_modules, max_certifications, part_time, experience_prerequisites)
    )
    catalogue = catalogue_from_data(document, strict=False)
    person = _Person(
        held_blocks=True,
        levels=True,
        experience=True,
        vae_allowed=None,
        budget=True,
        unavailable=True,
        exclusions=True,
        placement_required=None,
        employment_allowed=False,
        target=_planning_target(document),
        ids=None,
        jobs=JOBS,
        day=PLANNING_DAY,
        held_levels=2,
    )
    learner = draw(_learner_document(shown_catalogue(catalogue), person))
    if vae_under_way and draw(st.integers(0, 3)):
        file = draw(_vae_under_way(document, learner))
        if file is not None:
            learner["positioning"]["vae_under_way"] = [file]
    return PlanningCase(document, learner, catalogue, learner_from_data(learner, catalogue))


@st.composite
def _vae_under_way(
    draw: st.DrawFn, document: dict[str, Any], learner: dict[str, Any]
) -> dict[str, Any] | None:
    """A VAE file under way for a certification of ``document`` open to VAE, valid for the
    person ``learner`` (None when no certification is open to VAE)."""
    open_to_vae = [c for c in document["certifications"] if "vae" in c["access_routes"]]
    if not open_to_vae:
        return None
    certification = draw(st.sampled_from(open_to_vae))
    positioned = dt.date.fromisoformat(learner["positioning"]["date"])
    admissible = positioned - dt.timedelta(days=draw(st.integers(0, 200)))
    file: dict[str, Any] = {
        "certification": certification["code"],
        "admissible": admissible.isoformat(),
    }
    codes = [block["code"] for block in certification["blocks"]]
    if draw(st.booleans()):
        file["blocks"] = draw(st.lists(st.sampled_from(codes), min_size=0, unique=True))
    if draw(st.booleans()):
        start = dt.date.fromisoformat(learner["constraints"].get("start", positioned.isoformat()))
        earliest = max(start, admissible + dt.timedelta(days=1))
        file["jury"] = (earliest + dt.timedelta(days=draw(st.integers(0, 200)))).isoformat()
    return file


def cases(
    catalogues: st.SearchStrategy[dict[str, Any]] | None = None,
    *,
    learner: dict[str, Any] | None = None,
) -> st.SearchStrategy[PlanningCase]:
    """Planning cases from catalogue documents (default: small :func:`catalogue_documents`,
    one or two certifications and at most six modules) and a person drawn for each by
    :func:`learner_documents`, whose keyword knobs ``learner`` gives."""
    _strategy("catalogues", catalogues)
    documents = (
        catalogues
        if catalogues is not None
        else catalogue_documents(certifications=(1, 2), modules=(1, 6), sessions=True)
    )
    knobs = dict(learner or {})

    @st.composite
    def draw_one(draw: st.DrawFn) -> PlanningCase:
        document = draw(documents)
        catalogue = catalogue_from_data(document)
        person = draw(learner_documents(catalogue, **knobs))
        return PlanningCase(document, person, catalogue, learner_from_data(person, catalogue))

    return draw_one()


def _planning_target(document: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    """A certification, some blocks, or one of the jobs of a certification."""
    certifications = document["certifications"]
    codes = [block["code"] for c in certifications for block in c["blocks"]]
    return st.one_of(
        st.sampled_from(certifications).map(lambda c: {"certification": c["code"]}),
        st.sampled_from(certifications).flatmap(
            lambda c: st.sampled_from(c["rome"]).map(lambda job: {"job": job})
        ),
        st.lists(st.sampled_from(codes), min_size=1, unique=True).map(lambda b: {"blocks": b}),
    )


@st.composite
def _prerequisite(
    draw: st.DrawFn, competences: list[str], blocks: list[str], experience: bool = False
) -> Any:
    """A module prerequisite: a competence, a language level, a block, or a choice of two;
    with ``experience``, one time in two, hours of experience in a job (alone or as one of two
    choices)."""
    names = competences + [f"block:{block}" for block in blocks]
    if experience and draw(st.booleans()):
        hours = draw(st.sampled_from([300, 700, 1200]) | st.integers(1, 1500))
        worked: dict[str, Any] = {"experience_hours": hours, "rome": [draw(st.sampled_from(JOBS))]}
        either = draw(st.booleans())
        if names and either:
            other: str = draw(st.sampled_from(names))
            return {"any": [worked, other]}
        return worked
    if not names:
        return None
    simple = st.sampled_from(names)
    if len(names) > 1 and draw(st.integers(0, 4)) == 4:
        return {"any": draw(st.lists(simple, min_size=2, max_size=2, unique=True))}
    return draw(simple)


@st.composite
def _calendar(draw: st.DrawFn) -> dict[str, Any]:
    """No calendar (most modules), session dates, or a recurring intake that ends."""
    if draw(st.integers(0, 5)) != 5:
        return {}
    if draw(st.booleans()):
        offset = st.sampled_from([30, 90, 180]) | st.integers(0, 300)
        offsets = draw(st.lists(offset, min_size=1, max_size=3))
        days = [PLANNING_DAY + dt.timedelta(days=days) for days in offsets]
        return {"sessions": [day.isoformat() for day in days]}
    first = PLANNING_DAY + dt.timedelta(days=draw(st.integers(-60, 120)))
    until = first + dt.timedelta(days=draw(st.integers(0, 300)))
    intake = {"every_weeks": draw(st.integers(2, 12)), "from": first.isoformat()}
    return {"intakes": [{**intake, "until": until.isoformat()}]}


_LANGUAGE_LEVELS = ("A2", "B1")


@st.composite
def _planning_catalogue(
    draw: st.DrawFn,
    max_modules: int,
    max_certifications: int,
    part_time: bool,
    experience_prerequisites: bool = False,
) -> dict[str, Any]:
    competences = [
        {"id": "c1", "title": "Competence 1"},
        {"id": "c2", "title": "Competence 2"},
        {"id": "lang", "title": "German", "scale": "cefr"},
    ]
    certifications: list[dict[str, Any]] = []
    all_blocks: list[str] = []
    count = draw(st.integers(1, max_certifications))
    for number in range(1, count + 1):
        code = f"RNCP900{number}"
        blocks: list[dict[str, Any]] = []
        sizes = [2, 3, 1] if count == 1 else [2, 1]
        for index in range(1, draw(st.sampled_from(sizes)) + 1):
            block: dict[str, Any] = {"code": f"{code}BC0{index}", "title": f"Block {index}"}
            if draw(st.integers(0, 3)) == 3:
                block["experience_rome"] = [draw(st.sampled_from(JOBS))]
            blocks.append(block)
        certification: dict[str, Any] = {
            "code": code,
            "registry": "rncp",
            "title": f"Certification {number}",
            "level": 4,
            "access_routes": ["continuing_training"] + (["vae"] if draw(st.integers(0, 2)) else []),
            "rome": draw(st.sampled_from([["M1805"], ["K1304"], list(JOBS)])),
            "blocks": blocks,
        }
        if draw(st.integers(0, 3)) == 3:
            certification["entry_requirement"] = draw(st.sampled_from(["c1", "lang>=A2"]))
        codes = [block["code"] for block in blocks]
        if len(codes) > 1 and draw(st.integers(0, 3)) == 3:
            needed = draw(st.integers(1, len(codes) - 1))
            certification["validation"] = {"at_least": needed, "of": [f"block:{c}" for c in codes]}
        if draw(st.integers(0, 4)) == 4:
            # Experience too: with planned employment, a route may meet the rest of the rule
            # before the experience comes, and reach the target only by ending later.
            blocks_rule = certification.get("validation", {"all": [f"block:{c}" for c in codes]})
            experience = {"experience_hours": draw(_HOURS), "rome": [draw(st.sampled_from(JOBS))]}
            certification["validation"] = {"all": [blocks_rule, experience]}
        certifications.append(certification)
        all_blocks += codes
    for certification in certifications:
        choice = draw(st.integers(0, 5))
        hours = draw(_HOURS)
        if choice == 4:
            rule = {"experience_hours": hours, "rome": [draw(st.sampled_from(JOBS))]}
            certification["vae_eligibility"] = rule
        elif choice == 5:
            other = draw(st.sampled_from(all_blocks))
            rule = {"experience_hours": hours, "rome": [draw(st.sampled_from(JOBS))]}
            certification["vae_eligibility"] = {"any": [rule, f"block:{other}"]}

    # Teachers first, so that prerequisites mostly name something that can be learnt.
    teaching = {
        "c1": ["c1"],
        "c2": ["c2"],
        **{
            f"lang>={level}": [{"competence": "lang", "level": level}] for level in _LANGUAGE_LEVELS
        },
    }
    teachers = draw(st.lists(st.sampled_from(sorted(teaching)), unique=True, max_size=2))
    learnable = [
        name
        for name in teaching
        if name in teachers or (name == "lang>=A2" and "lang>=B1" in teachers)
    ]
    everything = sorted(teaching)
    modules: list[dict[str, Any]] = []

    def common(identifier: str, own: str | None = None) -> dict[str, Any]:
        module: dict[str, Any] = {
            "id": identifier,
            "title": f"Module {identifier}",
            "hours": draw(st.integers(1, 140)),
            "cost": draw(st.integers(0, 5000)),
        }
        if draw(st.integers(0, 2)) == 2:
            names = everything if draw(st.integers(0, 5)) == 5 else learnable
            others = [block for block in all_blocks if block != own]
            requires = draw(_prerequisite(names, others, experience_prerequisites))
            if requires is not None:
                module["requires"] = requires
        module.update(draw(_calendar()))
        return module

    for competence in teachers:
        teaches = teaching[competence]
        identifier = f"t-{competence.replace('>=', '-')}"
        module = common(identifier)
        if module.get("requires") == competence:
            del module["requires"]  # a module does not require what it teaches
        domain = "language" if competence.startswith("lang") else "basic_skills"
        module.update(kind="transversal", domain=domain, teaches=teaches)
        if part_time:
            module.update(_weekly_hours(draw))
        modules.append(module)
    placement = draw(st.integers(0, 2)) == 2
    room = max_modules - len(modules) - placement
    # Each block gets a module (one in eight does not: VAE or an equivalence may still do),
    # then a second one while there is room.
    for variant, chance in (("a", 7), ("b", 2)):
        for code in all_blocks:
            if room > 0 and draw(st.integers(0, 7)) < chance:
                room -= 1
                module = common(f"m-{code}-{variant}", code)
                module.update(kind="professional", block=code, validates=[code])
                if draw(st.integers(0, 4)) == 4:
                    module["teaches"] = [draw(st.sampled_from(["c1", "c2"]))]
                if part_time:
                    module.update(_weekly_hours(draw))
                modules.append(module)
    if placement:
        module = common("p-company")
        module.update(kind="placement", placement_type="afest", rome=draw(st.sampled_from(JOBS)))
        if draw(st.booleans()):
            module["experience_hours"] = draw(_HOURS)
        if draw(st.booleans()):
            module["validates"] = [draw(st.sampled_from(all_blocks))]
        modules.append(module)

    equivalences: list[dict[str, Any]] = []
    if len(certifications) > 1 and draw(st.booleans()):
        first = draw(st.sampled_from(certifications[0]["blocks"]))["code"]
        second = draw(st.sampled_from(certifications[1]["blocks"]))["code"]
        equivalences.append(
            {"id": "eq-1", "from": [first], "to": [second], "mutual": draw(st.booleans())}
        )
    return {
        "name": "planning",
        "competences": competences,
        "certifications": certifications,
        "modules": modules,
        "equivalences": equivalences,
        "vae": {
            "min_related_hours": draw(st.sampled_from([1, 300, 800])),
            "block_coverage_hours": draw(st.sampled_from([600, 200, 1000])),
            "admissibility_weeks": draw(st.integers(1, 3)),
            "support_weeks": draw(st.integers(1, 3)),
            "support_hours": draw(st.integers(1, 40)),
            "jury_weeks": draw(st.integers(1, 3)),
            "support_cost": draw(st.integers(0, 3000)),
            "jury_cost": draw(st.integers(0, 1000)),
            "block_cost": draw(st.sampled_from([0, 0, 500]) | st.integers(0, 1500)),
        },
    }


GAIN_KINDS = ("block", "competence", "experience")
"""The kinds of :class:`~itineraire.testing.invariants.Gain`."""


def gains(
    catalogue: Catalogue, learner: Learner, *, kinds: Collection[str] = GAIN_KINDS
) -> st.SearchStrategy[Gain]:
    """Something ``learner`` does not hold yet on ``catalogue``, of one of ``kinds``: a block, a
    competence or a higher level, or hours of experience (around the VAE thresholds), for
    :func:`~itineraire.testing.invariants.assert_monotone`. Raises ``ValueError`` when nothing
    of those kinds is left to gain (experience always is)."""
    catalogue = _loaded("gains", catalogue)
    if not isinstance(learner, Learner):
        raise ValueError(f"gains needs a loaded Learner (got {type(learner).__name__})")
    unknown = sorted(set(kinds) - set(GAIN_KINDS))
    if unknown or not kinds:
        raise ValueError(f"kinds must be some of {', '.join(GAIN_KINDS)} (got {sorted(kinds)!r})")
    options = gain_options(catalogue, learner)
    chosen = [options[kind] for kind in GAIN_KINDS if kind in set(kinds) and kind in options]
    if not chosen:
        raise ValueError(f"{learner.id} already holds everything of kinds {sorted(kinds)}")
    return st.one_of(chosen)


def gain_options(catalogue: Catalogue, learner: Learner) -> dict[str, st.SearchStrategy[Gain]]:
    """For each kind of gain still possible for ``learner``, a strategy of such gains."""
    positioning = learner.positioning
    held = {block.block for block in positioning.blocks}
    options: dict[str, st.SearchStrategy[Gain]] = {}
    missing = sorted(set(catalogue.blocks) - held)
    if missing:
        options["block"] = st.sampled_from(missing).map(lambda code: Gain("block", code))
    higher: list[Gain] = []
    for competence in catalogue.competences.values():
        rank = positioning.competence_rank(competence.id)
        if competence.scale is None:
            if rank is None:
                higher.append(Gain("competence", competence.id))
            continue
        levels = catalogue.scales[competence.scale].levels
        start = 0 if rank is None else rank + 1
        higher += [Gain("competence", competence.id, level) for level in levels[start:]]
    if higher:
        options["competence"] = st.sampled_from(higher)
    policy = catalogue.vae_policy
    thresholds = sorted({policy.block_coverage_hours, policy.min_related_hours, 700})
    hours = st.sampled_from(thresholds) | st.integers(1, 2000)
    jobs = sorted(set(_jobs(catalogue)) | set(JOBS))
    options["experience"] = st.builds(
        lambda job, h: Gain("experience", job, hours=h), st.sampled_from(jobs), hours
    )
    return options
