"""VAE (validation des acquis de l'expérience): eligibility, lead times and jury outcomes."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

import attrs

from itineraire.model.certifications import Block, Certification
from itineraire.model.requirements import HasExperience, Requirement

__all__ = ["AdmissibilityDecision", "JuryOutcome", "VaePolicy", "eligibility_rule"]


class AdmissibilityDecision(StrEnum):
    """The certifier's decision on the admissibility file (recevabilité)."""

    ADMISSIBLE = "admissible"
    REJECTED = "rejected"
    INCOMPLETE = "incomplete"


class JuryOutcome(StrEnum):
    """The outcomes of a VAE jury used in practice."""

    FULL_CERTIFICATION = "full_certification"
    """Full success on the whole certification."""
    FULL_TARGETED_BLOCKS = "full_targeted_blocks"
    """Full success on the blocks the file targeted."""
    PARTIAL_CERTIFICATION = "partial_certification"
    """Partial success on a file that targeted the whole certification."""
    PARTIAL_TARGETED_BLOCKS = "partial_targeted_blocks"
    """Partial success on the targeted blocks."""
    PARTIAL_PENDING = "partial_pending"
    """Partial success pending confirmation."""
    FAILURE = "failure"
    EXCUSED = "excused"
    ABSENT = "absent"


@attrs.frozen(kw_only=True)
class VaePolicy:
    """How VAE works in a catalogue: a rule, not constants in the engine.

    Since the 2022 reform no minimum duration is required, only experience directly related to
    the certification: ``min_related_hours`` defaults to 1 hour of related experience. Set it to
    1,607 to apply the threshold some certifiers and tools still use. ``block_coverage_hours`` is
    the related experience after which a block's jury is expected to award it; below it, the
    block is completed by training (hybrid VAE). Lead times and costs are estimates by default
    and can be overridden per catalogue.
    """

    min_related_hours: int = 1
    block_coverage_hours: int = 600
    admissibility_weeks: int = attrs.field(default=8, validator=attrs.validators.ge(1))
    support_weeks: int = attrs.field(default=12, validator=attrs.validators.ge(1))
    support_hours: int = 24
    jury_weeks: int = attrs.field(default=8, validator=attrs.validators.ge(1))
    support_cost: int = 1800
    jury_cost: int = 300
    block_cost: int = 0
    """The part of the support's cost per block the VAE covers (the file describes the
    activities of each block): 0 for one flat fee. A VAE costs :meth:`cost`."""

    def cost(self, blocks: int) -> int:
        """What a VAE covering ``blocks`` blocks costs: the fixed part (support and jury) and
        the part per block."""
        return self.support_cost + self.jury_cost + self.block_cost * blocks


def eligibility_rule(
    certification: Certification, policy: VaePolicy, blocks: Iterable[Block] = ()
) -> Requirement:
    """The rule that makes a person admissible to VAE for ``certification``.

    The certification's own rule wins; otherwise related experience of at least the policy's
    minimum, where related means in one of the certification's ROME jobs or in a job related to
    one of its ``blocks`` (experience in cleaning relates to a home-help housekeeping block, and
    so to the home-help certification).
    """
    if certification.vae_eligibility is not None:
        return certification.vae_eligibility
    related = set(certification.rome)
    for block in blocks:
        related.update(block.experience_rome)
    return HasExperience(policy.min_related_hours, frozenset(related))
