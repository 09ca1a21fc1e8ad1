"""Professional modules: each tied to a block (a pole of professional skills)."""

from __future__ import annotations

import attrs

from itineraire.modules.base import Module, ModuleKind

__all__ = ["ProfessionalModule"]


@attrs.frozen(kw_only=True)
class ProfessionalModule(Module):
    """Training toward one block of a certification.

    ``block`` is the pole the module belongs to; it also receives the certification's remediation
    gate as a prerequisite. What the module *validates* is listed in ``validates`` (usually that
    block; empty for a preparatory part of a block split into several modules).
    """

    block: str
    certification: str

    @property
    def kind(self) -> ModuleKind:
        return ModuleKind.PROFESSIONAL
