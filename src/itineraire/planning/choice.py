"""Reading a solution of the planner's mixed-integer model (the chosen set of actions and an order
that follows their supports), and the cut that forbids a chosen set no calendar order can follow.
"""

from __future__ import annotations

from collections.abc import Sequence

from itineraire.model.catalogue import Catalogue
from itineraire.model.requirements import HasBlock, HasCompetence, HasExperience
from itineraire.planning.actions import Action, ActionKind
from itineraire.planning.program import Program

__all__ = ["Choice"]


class Choice:
    """The actions a solution of ``program`` chooses, and the cuts that exclude a choice."""

    def __init__(self, program: Program) -> None:
        self.program = program

    def chosen(self, values: Sequence[float]) -> frozenset[str]:
        actors = self.program.actors
        return frozenset(a.id for a in actors if a.action is not None and values[a.x] > 0.5)

    def order(self, chosen: frozenset[str], values: Sequence[float]) -> list[str]:
        """The chosen actions by group of potentials, then by potential (see
        :meth:`Program.write_orderings`): an order in which each one's support comes first."""
        place = self.program.place
        actors = [a for a in self.program.actors if a.id in chosen]
        actors.sort(key=lambda a: (place.get(a.t, -1), round(values[a.t], 6), a.id))
        return [a.id for a in actors]

    def exclude_exactly(self, chosen: frozenset[str]) -> None:
        """Forbid this set of actions and no other (a no-good cut): for a set refused for what
        its route turns out to cost, where a larger set may cost less (a VAE priced per block
        covers fewer blocks when a module validates one)."""
        program = self.program
        terms = [(actor.x, 1.0 if actor.id in chosen else -1.0) for actor in program.actors]
        program.milp.row(terms, -float("inf"), float(len(chosen) - 1))

    def exclude(self, chosen: frozenset[str]) -> None:
        """Forbid this set of actions, which no calendar order can follow, and every larger set
        whose other actions give nothing its rules use.

        Dropping steps from a route never delays the others (the earliest start is monotone),
        so a larger set can only be followed if one of its other actions provides something a
        rule of the set or the goal uses and the positioning does not: a block, a competence at
        a rank, experience."""
        program = self.program
        taken = [a.action for a in program.actors if a.id in chosen and a.action is not None]
        rules = [program.problem.goal, *(action.requires for action in taken)]
        leaves = [leaf for rule in rules for leaf in rule.leaves()]
        coverage = program.policy.block_coverage_hours
        for vae in taken:
            if vae.kind is ActionKind.VAE:
                for block in vae.blocks:
                    rome = frozenset(program.catalogue.blocks[block].experience_rome)
                    leaves.append(HasExperience(coverage, rome))
        leaves = [leaf for leaf in leaves if not leaf.is_met(program.root)]
        blocks = {leaf.block for leaf in leaves if isinstance(leaf, HasBlock)}
        _close_under_equivalences(blocks, program.catalogue)
        ranks: dict[str, int] = {}
        for leaf in leaves:
            if isinstance(leaf, HasCompetence):
                ranks[leaf.competence] = min(leaf.rank, ranks.get(leaf.competence, leaf.rank))
        jobs = [leaf.rome for leaf in leaves if isinstance(leaf, HasExperience)]
        terms = []
        for actor in program.actors:
            action = actor.action
            assert action is not None
            if actor.id in chosen:
                terms.append((actor.x, 1.0))
            elif _gives(action, blocks, ranks, jobs):
                terms.append((actor.x, -1.0))
        program.milp.row(terms, -float("inf"), float(len(chosen) - 1))


def _gives(
    action: Action, blocks: set[str], ranks: dict[str, int], jobs: list[frozenset[str]]
) -> bool:
    """Whether ``action`` provides one of these blocks, competence ranks or experiences."""
    if action.blocks & blocks:
        return True
    if any(c in ranks and rank >= ranks[c] for c, rank, _ in action.teaches):
        return True
    experience = action.experience
    return experience is not None and any(not rome or experience[0] in rome for rome in jobs)


def _close_under_equivalences(blocks: set[str], catalogue: Catalogue) -> None:
    """Add to ``blocks`` every block that leads to one of them through equivalences."""
    changed = True
    while changed:
        changed = False
        for equivalence in catalogue.equivalences:
            for needed, gained in equivalence.directions():
                if gained & blocks and not needed <= blocks:
                    blocks |= needed
                    changed = True
