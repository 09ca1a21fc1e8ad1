"""The state that the parts of the planner's mixed-integer model share: the program itself, an
actor (a binary, a potential and maybe a start day) per action that can be chosen, and what the
rules found about the problem (see :mod:`itineraire.planning.highs` for the model in words).

The calendar side (:mod:`~itineraire.planning.timing`), the requirement rules
(:mod:`~itineraire.planning.rules`), VAE coverage (:mod:`~itineraire.planning.coverage`) and the
reading of a solution (:mod:`~itineraire.planning.choice`) each write to one :class:`Program`.
"""

from __future__ import annotations

import attrs

from itineraire.planning.actions import Action, ActionKind
from itineraire.planning.components import ordered_components
from itineraire.planning.milp import Milp
from itineraire.planning.problem import PlanningProblem
from itineraire.planning.stepping import Node, Stepper
from itineraire.validation import eligibility_rule

__all__ = ["Actor", "Program", "Support"]


@attrs.define
class Actor:
    """Something that can be chosen and ordered: an action or an equivalence direction."""

    id: str
    x: int
    t: int
    action: Action | None
    """None for an equivalence direction (a pseudo-action the route never lists)."""
    start: int | None = None
    """Its start in days after the route's start, when sessions are modelled."""

    @property
    def days(self) -> int:
        return 0 if self.action is None else self.action.days


@attrs.define
class Support:
    """A fact used by some rule: its potential and the binaries of its possible supporters."""

    potential: int
    supporters: list[int]
    time: int | None = None
    """The day it is held from, when sessions are modelled."""


class Program:
    """The MILP of one problem and its actors: a binary ``x`` and a potential ``t`` for every
    relevant action and for one VAE per certification open to it; the two shapes of row the
    rules and the supports of facts share (:meth:`at_least`, :meth:`after`)."""

    def __init__(self, problem: PlanningProblem, root: Node, stepper: Stepper) -> None:
        self.problem = problem
        self.root = root
        """Where the route starts, its VAE under way pending (the cuts read what it holds)."""
        self.held = _held_from_start(stepper, root)
        """What the rules count as held from the start: the positioning's, and the blocks of
        the VAE under way, which come on their juries' days. The model has no time for that
        day, so this is a relaxation (no route holds more); ordering the chosen set with the
        stepper puts them on their day, and a set that cannot wait for them is cut off."""
        self.catalogue = problem.catalogue
        self.policy = problem.catalogue.vae_policy
        self.milp = Milp()
        self.infeasible = False
        self.employment = problem.learner.constraints.employment_allowed
        """Whether periods of employment may be steps (see :meth:`workable`)."""
        self.actors: list[Actor] = []
        self.weights: dict[str, int] = {}
        self.vae_supporters: dict[str, list[int]] = {}
        # Each support adds at least 1 to the potential along a chain of distinct actors (actions
        # and equivalence directions), so potentials fit below their number.
        directions = sum(len(e.directions()) for e in self.catalogue.equivalences)
        self.top = float(len(problem.actions) + len(problem.vae_certifications) + directions + 1)
        self.big = self.top + 1
        self.orderings: list[tuple[int, int, float, int | None]] = []
        """Every row :meth:`after` was asked for (later, earlier, gap, active), written or not
        by :meth:`write_orderings` once all are known."""
        self.place: dict[int, int] = {}
        """Each potential's group (see :meth:`write_orderings`), in an order that every
        support between groups follows."""
        self._choose(self._weighted())
        self.by_block: dict[str, list[Actor]] = {}
        self.teachers: dict[str, list[tuple[int, Actor]]] = {}
        self.workers: list[tuple[str, int, Actor]] = []
        for actor in self.actors:
            given = actor.action
            assert given is not None
            for block in given.blocks:
                self.by_block.setdefault(block, []).append(actor)
            for competence, rank, _level in given.teaches:
                self.teachers.setdefault(competence, []).append((rank, actor))
            if given.experience is not None:
                job, hours = given.experience
                self.workers.append((job, hours, actor))

    def experience_held(self, rome: frozenset[str]) -> int:
        """The experience in ``rome`` jobs the rules count as held from the start: the
        positioning's, and the hours of every planned period of employment, which come at its
        end. As with :attr:`held`, the model has no time for that day, so this is a
        relaxation (no route holds more); ordering the chosen set with the stepper waits for
        the period where a step or the target needs it (a VAE starts once it covers more), and
        a set that cannot wait is cut off."""
        return self.root.experience_planned(rome)

    def workable(self, rome: frozenset[str]) -> bool:
        """Whether the person may work for experience in ``rome`` jobs: periods of employment
        as steps are allowed, and the rule names its jobs (the planner offers a period in one of
        them for the hours lacking, ``Stepper.employment_children``). Such a period costs
        nothing and takes no training hours, so the rules count such a rule as met: a
        relaxation (no route does better), and ordering the chosen set with the stepper offers
        the periods where they are lacking."""
        return self.employment and bool(rome)

    def at_least(self, terms: list[tuple[int, float]], amount: float, active: int | None) -> None:
        """sum(terms) ≥ amount × active."""
        if active is None:
            self.milp.row(terms, amount, float("inf"))
        else:
            self.milp.row([*terms, (active, -amount)], 0.0, float("inf"))

    def after(self, later: int, earlier: int, gap: float, active: int | None) -> None:
        """potential[later] ≥ potential[earlier] + gap when ``active`` is 1 (written by
        :meth:`write_orderings`, where it can matter)."""
        self.orderings.append((later, earlier, gap, active))

    def write_orderings(self) -> None:
        """The rows of :meth:`after` that can matter: those within a cycle of possible supports.

        Potentials keep the chosen supports acyclic. A cycle of chosen supports follows a cycle
        of possible ones (earlier potential to later), so it lies within one group of potentials
        that reach each other (a strongly connected component): the rows between two groups
        never cut off a set the rows within groups allow, and are left out. Without a mutual
        equivalence or cyclic prerequisites no row is left; on a generated catalogue of 40
        blocks, 400 modules and 14 equivalences, 57 of 1,910 (the model 2,400 rows instead of
        4,250, and HiGHS's root node a third shorter). The groups come in an
        order that every possible support between two of them follows (:attr:`place`), so that
        the chosen actions can be ordered by group, then by potential (:meth:`Choice.order`)."""
        successors: dict[int, list[int]] = {}
        for later, earlier, _gap, _active in self.orderings:
            successors.setdefault(earlier, []).append(later)
        members = ordered_components(successors)
        self.place = members
        for later, earlier, gap, active in self.orderings:
            if members[later] == members[earlier]:
                self.ordering_row(later, earlier, gap, active)
            # Between two groups: no cycle goes through it.

    def ordering_row(self, later: int, earlier: int, gap: float, active: int | None) -> None:
        """The row of :meth:`after`: potential[later] ≥ potential[earlier] + gap when
        ``active`` is 1 (a large coefficient otherwise lets it go)."""
        if active is None:
            self.milp.row([(later, 1.0), (earlier, -1.0)], gap, float("inf"))
        else:
            big = self.big
            self.milp.row([(later, 1.0), (earlier, -1.0), (active, -big)], gap - big, float("inf"))

    def _weighted(self) -> list[tuple[Action, int]]:
        """Every action that can be chosen with its weight: the problem's, then one VAE per
        certification open to it."""
        problem = self.problem
        weighted = [(a, problem.weight(a)) for a in problem.actions]
        for certification in problem.vae_certifications:
            if f"vae:{certification.code}" in self.root.taken:
                continue  # under way: continued, never planned a second time
            vae = Action(
                id=f"vae:{certification.code}",
                kind=ActionKind.VAE,
                title=certification.title,
                hours=self.policy.support_hours,
                cost=self.policy.cost(1),  # at least one block covered
                days=7
                * (
                    self.policy.admissibility_weeks
                    + self.policy.support_weeks
                    + self.policy.jury_weeks
                ),
                requires=eligibility_rule(
                    certification,
                    self.policy,
                    [self.catalogue.blocks[b] for b in certification.blocks],
                ),
                blocks=frozenset(b for b in certification.blocks if b not in self.held.blocks),
                certification=certification.code,
            )
            weighted.append((vae, problem.vae_weight()))
        return weighted

    def _choose(self, weighted: list[tuple[Action, int]]) -> None:
        # Tie-break: fewer actions (no free placement taken for nothing). The objective is whole
        # and the whole tie-break stays below 1/2, so it never outweighs a unit of it.
        tie = 1 / (2 * (len(weighted) + 1))
        for action, weight in weighted:
            x = self.milp.binary(cost=float(weight) + tie)
            t = self.milp.column(0.0, self.top)
            self.actors.append(Actor(action.id, x, t, action))
            self.weights[action.id] = weight
            if action.kind is ActionKind.VAE:
                self.vae_supporters[action.id] = []


def _held_from_start(stepper: Stepper, root: Node) -> Node:
    """``root`` holding what its VAE under way grant (see :attr:`Program.held`), on its own day
    and with its own experience."""
    if not root.pending:
        return root
    settled = stepper.settle(root)
    return attrs.evolve(root, blocks=settled.blocks, ranks=settled.ranks, pending=())
