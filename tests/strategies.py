"""Hypothesis strategies for the library's own property tests.

``catalogue_data`` draws catalogue documents (plain JSON-like dicts) that are consistent by
construction: prerequisites only point to competences taught by earlier modules, so there is no
cycle, and every block has a module that validates it.
"""

from __future__ import annotations

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
