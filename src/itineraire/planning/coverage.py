"""VAE coverage in the planner's mixed-integer model: a VAE supports a block only if the related
experience at its start reaches the policy's coverage, placements ordered before it included, and
a chosen VAE covers at least one block.
"""

from __future__ import annotations

from itineraire.model.requirements import HasExperience
from itineraire.planning.program import Actor, Program

__all__ = ["Coverage"]


class Coverage:
    """Which blocks a VAE can cover, and the rows that tie a VAE to the blocks it covers."""

    def __init__(self, program: Program) -> None:
        self.program = program

    def cover(self, block: str, vae: Actor, supporter: int) -> HasExperience:
        """Record that ``vae`` supports ``block`` through ``supporter``; the experience rule
        that must then hold for it (the rules write it)."""
        program = self.program
        program.vae_supporters[vae.id].append(supporter)
        return HasExperience(
            program.policy.block_coverage_hours,
            frozenset(program.catalogue.blocks[block].experience_rome),
        )

    def coverable(self, block: str) -> bool:
        """Whether the experience held (planned employment included) and every placement
        could together cover ``block``."""
        program = self.program
        rome = frozenset(program.catalogue.blocks[block].experience_rome)
        if program.workable(rome):
            return True
        most = program.experience_held(rome) + sum(
            hours for job, hours, _ in program.workers if not rome or job in rome
        )
        return most >= program.policy.block_coverage_hours

    def require_a_block(self) -> None:
        """A VAE is taken only for a block it covers."""
        program = self.program
        for actor in program.actors:
            if actor.id in program.vae_supporters:
                terms = [(w, 1.0) for w in program.vae_supporters[actor.id]]
                program.milp.row([*terms, (actor.x, -1.0)], 0.0, float("inf"))
