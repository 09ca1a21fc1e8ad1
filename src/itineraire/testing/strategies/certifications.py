"""Certifications and blocks alone (and the certification drawing the catalogues use)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from hypothesis import strategies as st

from itineraire.files.loading import catalogue_from_data
from itineraire.model.catalogue import Catalogue
from itineraire.model.certifications import Block, Certification
from itineraire.testing.strategies._checks import (
    Bounds,
    _bounds,
    _flag,
    _Shape,
    _shape,
)
from itineraire.testing.strategies._shared import (
    _HOURS,
    JOBS,
    PLANNING_DAY,
    _more,
    _shorthand,
)

__all__ = [
    "block_documents",
    "blocks",
    "certification_documents",
    "certifications",
]


def _certification_document(
    draw: st.DrawFn,
    shape: _Shape,
    code: str,
    sizes: tuple[int, int],
    validator: Callable[[str], None] | None = None,
    gates: Sequence[tuple[str, str | None]] = (),
) -> dict[str, Any]:
    """A certification and its blocks (``validator`` draws each block's module right after
    it); its rules may name ``gates``, competences no gate applies to."""
    blocks: list[dict[str, Any]] = []
    while _more(draw, len(blocks), *sizes):
        block = _block_document(draw, code, len(blocks) + 1)
        blocks.append(block)
        if validator is not None:
            validator(block["code"])
    routes = ["continuing_training"]
    if shape.vae and draw(st.booleans()):
        routes.append("vae")
    certification: dict[str, Any] = {
        "code": code,
        "registry": "rncp",
        "title": f"Certification {code}",
        "level": draw(st.integers(3, 8)),
        "access_routes": routes,
        "rome": draw(st.sampled_from([[JOBS[0]], [JOBS[1]], list(JOBS)])),
        "blocks": blocks,
    }
    if not shape.rules:
        return certification
    codes = [block["code"] for block in blocks]
    if len(codes) > 1 and draw(st.integers(0, 3)) == 3:
        needed = draw(st.integers(1, len(codes) - 1))
        certification["validation"] = {"at_least": needed, "of": [f"block:{c}" for c in codes]}
    if gates and draw(st.integers(0, 3)) == 3:
        certification["entry_requirement"] = _shorthand(*draw(st.sampled_from(list(gates))))
    if "vae" in routes and draw(st.integers(0, 2)) == 2:
        experience = {"experience_hours": draw(_HOURS), "rome": [draw(st.sampled_from(JOBS))]}
        if draw(st.booleans()):
            certification["vae_eligibility"] = experience
        else:
            other = draw(st.sampled_from(codes))
            certification["vae_eligibility"] = {"any": [experience, f"block:{other}"]}
    return certification


def _block_document(draw: st.DrawFn, certification: str, index: int) -> dict[str, Any]:
    block: dict[str, Any] = {"code": f"{certification}BC{index:02d}", "title": f"Block {index}"}
    if draw(st.integers(0, 3)) == 3:
        block["experience_rome"] = [draw(st.sampled_from(JOBS))]
    return block


def certification_documents(
    *, blocks: Bounds = (1, 3), vae: bool = True, code: str = "RNCP9001"
) -> st.SearchStrategy[dict[str, Any]]:
    """A certification document with its blocks (``blocks`` of them), perhaps open to VAE,
    perhaps with an n-of-m validation rule or a VAE eligibility rule of its own."""
    sizes = _bounds("blocks", blocks, 1, 9)
    _flag("vae", vae)
    if not isinstance(code, str) or not code.startswith("RNCP") or not code[4:].isdigit():
        raise ValueError(f"code must be an RNCP code such as 'RNCP9001' (got {code!r})")
    shape = _shape(1, sizes, sizes[1], 0, False, False, vae, False, False, True, PLANNING_DAY)

    @st.composite
    def draw_one(draw: st.DrawFn) -> dict[str, Any]:
        return _certification_document(draw, shape, code, sizes)

    return draw_one()


def certifications(
    *, blocks: Bounds = (1, 3), vae: bool = True, code: str = "RNCP9001"
) -> st.SearchStrategy[Certification]:
    """Loaded certifications: :func:`certification_documents` (same knobs)."""

    def load_certification(document: dict[str, Any]) -> Certification:
        return _alone(document).certifications[document["code"]]

    return certification_documents(blocks=blocks, vae=vae, code=code).map(load_certification)


def block_documents(*, certification: str = "RNCP9001") -> st.SearchStrategy[dict[str, Any]]:
    """A block document of ``certification`` (``RNCP9001BC01``…), perhaps with the ROME jobs
    whose experience relates to it."""
    if not isinstance(certification, str) or not certification:
        raise ValueError(f"certification must be a certification code (got {certification!r})")

    @st.composite
    def draw_one(draw: st.DrawFn) -> dict[str, Any]:
        return _block_document(draw, certification, draw(st.integers(1, 9)))

    return draw_one()


def blocks(*, certification: str = "RNCP9001") -> st.SearchStrategy[Block]:
    """Loaded blocks: :func:`block_documents` (same knob)."""

    def load_block(document: dict[str, Any]) -> Block:
        holder = {
            "code": certification,
            "registry": "rncp",
            "title": "Certification",
            "level": 4,
            "rome": [JOBS[0]],
            "blocks": [document],
            "provenance": {"illustrative": True},
        }
        return _alone(holder).blocks[document["code"]]

    return block_documents(certification=certification).map(load_block)


def _alone(certification: dict[str, Any]) -> Catalogue:
    """A catalogue of one certification (not strict: nothing validates its blocks)."""
    return catalogue_from_data({"name": "alone", "certifications": [certification]}, strict=False)
