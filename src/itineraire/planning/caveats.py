"""What a route must not present as a fact: illustrative entries and estimated figures.

The built-in catalogue marks what could not be confirmed from a source (an illustrative
certification, an example offer) and which hours and costs are estimates; a route that uses them
says so, so that an application never shows an estimate as a published value.
"""

from __future__ import annotations

from collections.abc import Iterable

from itineraire.model.catalogue import Catalogue
from itineraire.model.learners import Target
from itineraire.planning.reasons import Caveat, CaveatCode
from itineraire.planning.route import Step, StepKind

__all__ = ["route_caveats"]

_VAE = frozenset({StepKind.VAE_ADMISSIBILITY, StepKind.VAE_SUPPORT, StepKind.VAE_JURY})


def route_caveats(
    catalogue: Catalogue, target: Target, steps: Iterable[Step]
) -> tuple[Caveat, ...]:
    """The caveats of a route to ``target`` made of ``steps``, one per code, in code order."""
    steps = tuple(steps)
    certifications = {target.certification} if target.certification else set()
    certifications |= {catalogue.blocks[block].certification for block in target.blocks}
    for step in steps:
        blocks = (*step.validates, *(credit.block for credit in step.credited))
        certifications |= {catalogue.blocks[block].certification for block in blocks}
    modules = sorted({step.action for step in steps if step.action in catalogue.modules})
    caveats = []
    illustrative = sorted(
        code
        for code in certifications
        if code is not None and catalogue.certifications[code].provenance.illustrative
    )
    if illustrative:
        code = CaveatCode.ILLUSTRATIVE_CERTIFICATIONS
        caveats.append(Caveat(code=code, certifications=tuple(illustrative)))
    examples = [m for m in modules if catalogue.modules[m].provenance.illustrative]
    if examples:
        caveats.append(Caveat(code=CaveatCode.ILLUSTRATIVE_MODULES, modules=tuple(examples)))
    estimated = [m for m in modules if catalogue.modules[m].provenance.estimate]
    if estimated:
        caveats.append(Caveat(code=CaveatCode.ESTIMATED_FIGURES, modules=tuple(estimated)))
    if any(step.kind in _VAE for step in steps):
        caveats.append(Caveat(code=CaveatCode.ESTIMATED_VAE_COSTS))
    return tuple(caveats)
