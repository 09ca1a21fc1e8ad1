"""Hypothesis strategies for the library's own property tests.

``catalogue_data`` draws catalogue documents (plain JSON-like dicts) that are consistent by
construction: prerequisites only point to competences taught by earlier modules, so there is no
cycle, and every block has a module that validates it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from itineraire.requirements import (
    AllOf,
    AnyOf,
    AtLeast,
    HasBlock,
    HasCompetence,
    HasExperience,
    Requirement,
)

CEFR = ("A1", "A2", "B1", "B2", "C1", "C2")

leaves: st.SearchStrategy[Requirement] = st.one_of(
    st.builds(HasBlock, st.sampled_from(["b1", "b2", "b3"])),
    st.builds(HasCompetence, st.sampled_from(["c1", "c2"])),
    st.integers(0, 5).map(lambda rank: HasCompetence("lang", CEFR[rank], rank)),
    st.builds(
        HasExperience,
        st.integers(0, 2000),
        st.frozensets(st.sampled_from(["M1805", "K1304"]), max_size=2),
    ),
)


def _combine(children: st.SearchStrategy[Requirement]) -> st.SearchStrategy[Requirement]:
    items = st.lists(children, min_size=1, max_size=3).map(tuple)
    return st.one_of(
        items.map(AllOf),
        items.map(AnyOf),
        items.flatmap(lambda its: st.integers(0, len(its)).map(lambda n: AtLeast(n, its))),
    )


rules: st.SearchStrategy[Requirement] = st.recursive(leaves, _combine, max_leaves=8)


@st.composite
def holdings(draw: st.DrawFn) -> dict[str, Any]:
    """Holdings as plain data: blocks, competence ranks and experience hours per ROME job."""
    return {
        "blocks": draw(st.frozensets(st.sampled_from(["b1", "b2", "b3"]))),
        "competences": draw(
            st.dictionaries(st.sampled_from(["c1", "c2", "lang"]), st.integers(0, 5))
        ),
        "experience": draw(
            st.dictionaries(st.sampled_from(["M1805", "K1304"]), st.integers(0, 2000))
        ),
    }


@st.composite
def catalogue_data(draw: st.DrawFn, max_certifications: int = 3) -> dict[str, Any]:
    """A consistent catalogue document with random shape."""
    competences = [
        {"id": f"c{index}", "title": f"Competence {index}"}
        for index in range(draw(st.integers(1, 4)))
    ]
    competences.append({"id": "lang.de", "title": "German", "scale": "cefr"})
    certifications: list[dict[str, Any]] = []
    modules: list[dict[str, Any]] = []
    taught: list[tuple[str, str | None]] = []
    for number in range(1, draw(st.integers(1, max_certifications)) + 1):
        code = f"RNCP{9000 + number}"
        blocks = [
            {"code": f"{code}BC0{index}", "title": f"Block {index} of {code}"}
            for index in range(1, draw(st.integers(1, 3)) + 1)
        ]
        routes = ["continuing_training"] + (["vae"] if draw(st.booleans()) else [])
        certifications.append(
            {
                "code": code,
                "registry": "rncp",
                "title": f"Certification {number}",
                "level": draw(st.integers(3, 8)),
                "access_routes": routes,
                "rome": ["M1805"],
                "blocks": blocks,
            }
        )
        for block in blocks:
            module = _module(draw, f"m-{block['code']}", taught)
            module.update(kind="professional", block=block["code"], validates=[block["code"]])
            modules.append(module)
    for index, competence in enumerate(competences):
        if competence.get("scale"):
            level = draw(st.sampled_from(CEFR))
            module = _module(draw, f"t-{index}", taught)
            module.update(
                kind="transversal",
                domain="language",
                teaches=[{"competence": competence["id"], "level": level}],
            )
            taught.append((competence["id"], level))
        else:
            module = _module(draw, f"t-{index}", taught)
            module.update(kind="transversal", domain="basic_skills", teaches=[competence["id"]])
            taught.append((competence["id"], None))
        modules.append(module)
    equivalences = []
    if len(certifications) > 1 and draw(st.booleans()):
        first, second = certifications[0]["blocks"][0], certifications[1]["blocks"][0]
        equivalences.append({"id": "eq-1", "from": [first["code"]], "to": [second["code"]]})
    return {
        "name": "generated",
        "competences": competences,
        "certifications": certifications,
        "modules": modules,
        "equivalences": equivalences,
    }


def _module(
    draw: st.DrawFn, identifier: str, taught: list[tuple[str, str | None]]
) -> dict[str, Any]:
    module: dict[str, Any] = {
        "id": identifier,
        "title": f"Module {identifier}",
        "hours": draw(st.integers(1, 400)),
        "cost": draw(st.integers(0, 6000)),
    }
    wants_prerequisite = draw(st.booleans())
    if taught and wants_prerequisite:
        # Only what an earlier module teaches: prerequisites stay acyclic.
        competence, level = draw(st.sampled_from(taught))
        module["requires"] = competence if level is None else f"{competence}>={level}"
    return module


# -- planning cases: a small catalogue and a person, for the route planner ----------------------

PLANNING_DAY = "2026-01-05"
"""The positioning day of every generated person (dates are drawn relative to it)."""

_JOBS = ("M1805", "K1304")
_LANGUAGE_LEVELS = ("A2", "B1")
_HOURS = st.sampled_from([700, 300, 0, 1200]) | st.integers(0, 1500)
"""Hours of experience: mostly round figures around the VAE thresholds drawn below."""


def _day(offset: int) -> str:
    return (dt.date.fromisoformat(PLANNING_DAY) + dt.timedelta(days=offset)).isoformat()


@st.composite
def _prerequisite(draw: st.DrawFn, competences: list[str], blocks: list[str]) -> Any:
    """A module prerequisite: a competence, a language level, a block, or a choice of two."""
    names = competences + [f"block:{block}" for block in blocks]
    if not names:
        return None
    simple = st.sampled_from(names)
    if len(names) > 1 and draw(st.integers(0, 4)) == 4:
        return {"any": draw(st.lists(simple, min_size=2, max_size=2, unique=True))}
    return draw(simple)


@st.composite
def _sessions(draw: st.DrawFn) -> list[str]:
    if draw(st.integers(0, 5)) != 5:
        return []
    offset = st.sampled_from([30, 90, 180]) | st.integers(0, 300)
    offsets = draw(st.lists(offset, min_size=1, max_size=3))
    return [_day(offset) for offset in offsets]


@st.composite
def planning_cases(
    draw: st.DrawFn, max_modules: int = 7, max_certifications: int = 2
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A small catalogue document and a learner document for it, as plain data.

    One or two certifications of one to three blocks, at most ``max_modules`` modules (the
    professional modules of the blocks, transversal modules teaching ``c1``, ``c2`` and German
    levels, perhaps a placement with experience), sometimes sessions, prerequisites (some that
    nothing teaches), entry requirements, "n of m blocks" validation rules, an equivalence, VAE
    with a rule of its own (experience, or experience or a block). The person holds some of it,
    has some experience, perhaps a budget and unavailable periods (some of them planned
    employment), and aims at a certification, some blocks or a job. Periods of employment as
    steps are not allowed (the reference planner does not enumerate them). Hours are at least 1
    and VAE lead times at least a week each, so every step lasts at least a day.
    """
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
                block["experience_rome"] = [draw(st.sampled_from(_JOBS))]
            blocks.append(block)
        certification: dict[str, Any] = {
            "code": code,
            "registry": "rncp",
            "title": f"Certification {number}",
            "level": 4,
            "access_routes": ["continuing_training"] + (["vae"] if draw(st.integers(0, 2)) else []),
            "rome": draw(st.sampled_from([["M1805"], ["K1304"], list(_JOBS)])),
            "blocks": blocks,
        }
        if draw(st.integers(0, 3)) == 3:
            certification["entry_requirement"] = draw(st.sampled_from(["c1", "lang>=A2"]))
        codes = [block["code"] for block in blocks]
        if len(codes) > 1 and draw(st.integers(0, 3)) == 3:
            needed = draw(st.integers(1, len(codes) - 1))
            certification["validation"] = {"at_least": needed, "of": [f"block:{c}" for c in codes]}
        certifications.append(certification)
        all_blocks += codes
    for certification in certifications:
        choice = draw(st.integers(0, 5))
        hours = draw(_HOURS)
        if choice == 4:
            rule = {"experience_hours": hours, "rome": [draw(st.sampled_from(_JOBS))]}
            certification["vae_eligibility"] = rule
        elif choice == 5:
            other = draw(st.sampled_from(all_blocks))
            rule = {"experience_hours": hours, "rome": [draw(st.sampled_from(_JOBS))]}
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
            requires = draw(_prerequisite(names, others))
            if requires is not None:
                module["requires"] = requires
        sessions = draw(_sessions())
        if sessions:
            module["sessions"] = sessions
        return module

    for competence in teachers:
        teaches = teaching[competence]
        identifier = f"t-{competence.replace('>=', '-')}"
        module = common(identifier)
        if module.get("requires") == competence:
            del module["requires"]  # a module does not require what it teaches
        domain = "language" if competence.startswith("lang") else "basic_skills"
        module.update(kind="transversal", domain=domain, teaches=teaches)
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
                modules.append(module)
    if placement:
        module = common("p-company")
        module.update(kind="placement", placement_type="afest", rome=draw(st.sampled_from(_JOBS)))
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
    catalogue = {
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
        },
    }
    return catalogue, draw(_learner(certifications, all_blocks, [m["id"] for m in modules]))


@st.composite
def _learner(
    draw: st.DrawFn, certifications: list[dict[str, Any]], blocks: list[str], modules: list[str]
) -> dict[str, Any]:
    competences: list[Any] = draw(st.lists(st.sampled_from(["c1", "c2"]), unique=True))
    if draw(st.booleans()):
        competences.append({"competence": "lang", "level": draw(st.sampled_from(CEFR[:2]))})
    held = []
    if draw(st.integers(0, 2)) == 2:
        held = draw(st.lists(st.sampled_from(blocks), unique=True, max_size=len(blocks) // 2))
    experience = draw(
        st.lists(
            st.fixed_dictionaries({"rome": st.sampled_from(_JOBS), "hours": _HOURS}),
            max_size=2,
        )
    )
    constraints: dict[str, Any] = {
        "start": _day(draw(st.integers(0, 14))),
        "weekly_hours": draw(st.integers(14, 35)),
        "vae_allowed": draw(st.integers(0, 3)) != 3,
        "placement_required": draw(st.integers(0, 7)) == 7,
    }
    if draw(st.booleans()):
        constraints["budget"] = draw(st.sampled_from([4000, 8000]) | st.integers(0, 20000))
    if modules and draw(st.integers(0, 4)) == 4:
        constraints["excluded_modules"] = [draw(st.sampled_from(modules))]
    periods = []
    for _ in range(draw(st.integers(0, 2))):
        first = draw(st.integers(0, 150))
        period: dict[str, Any] = {
            "start": _day(first),
            "end": _day(first + draw(st.integers(0, 60))),
        }
        if draw(st.booleans()):
            period.update(rome=draw(st.sampled_from(_JOBS)), hours=draw(_HOURS))
        periods.append(period)
    if periods:
        constraints["unavailable"] = periods
    kind = draw(st.sampled_from(["certification", "job", "blocks"]))
    target: dict[str, Any]
    if kind == "certification":
        target = {"certification": draw(st.sampled_from(certifications))["code"]}
    elif kind == "blocks":
        target = {"blocks": draw(st.lists(st.sampled_from(blocks), min_size=1, unique=True))}
    else:
        target = {"job": draw(st.sampled_from(draw(st.sampled_from(certifications))["rome"]))}
    return {
        "id": "someone",
        "positioning": {
            "date": PLANNING_DAY,
            "competences": competences,
            "blocks": [{"block": block, "date": "2025-06-30"} for block in held],
            "experience": experience,
        },
        "constraints": constraints,
        "target": target,
    }
