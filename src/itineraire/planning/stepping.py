"""What a step does to a route so far: the stepping every engine of the planner shares.

A :class:`Node` (:mod:`.node`) is a route so far and what the person holds at its end; a
:class:`Stepper` knows which actions can follow it and makes the route after each (when the
action can start on the person's track, what it gives and when: a VAE's blocks with its jury, a
part-time step's at its end). The exact search (:mod:`.search`), the depth-first search
(:mod:`.dive`), the model's scheduling (:mod:`.ordering`), the route's building and
``simulate`` all step routes through it, so that the effects of a step are defined in one place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import attrs

from itineraire.model.certifications import Certification
from itineraire.model.learners import Constraints
from itineraire.model.requirements import HasBlock, HasExperience, Requirement
from itineraire.planning.actions import (
    PLACEMENT_WEEKLY_HOURS,
    Action,
    ActionKind,
    employment_id,
)
from itineraire.planning.calendar import WORKING_WEEK, Calendar, Length
from itineraire.planning.node import Node, OnDay, Scheduled, modalities, node_values
from itineraire.planning.pending import Pending, Running
from itineraire.planning.problem import PlanningProblem
from itineraire.planning.relevance import Needs
from itineraire.validation import credited_blocks, eligibility_rule

__all__ = ["Node", "Scheduled", "Stepper", "modalities", "node_values"]


_WORK_PER_TRY = 4
"""Work for trying an action after a route (is it useful, when can it start)."""
_WORK_PER_CHILD = 20
"""Work for making the route after a step (what it holds then)."""
_NOTHING: frozenset[str] = frozenset()
"""No blocks: shared by every step that gives none."""
"""No start worked out yet (a start is a day number, or None when there is none)."""


class Stepper:
    """What a step does: which actions can follow a route, and the route after each of them."""

    def __init__(
        self,
        problem: PlanningProblem,
        actions: tuple[Action, ...] | None = None,
        vae_certifications: tuple[Certification, ...] | None = None,
    ) -> None:
        self.problem = problem
        self.vae_certifications = (
            problem.vae_certifications if vae_certifications is None else vae_certifications
        )
        constraints = problem.learner.constraints
        memory = problem.memory
        self.calendar = Calendar.of(constraints) if memory is None else memory.calendar(constraints)
        self.actions = problem.actions if actions is None else actions
        self.modules = {action.id: action for action in self.actions}
        self.weekly_hours = constraints.weekly_hours
        self._open_days: dict[tuple[int, int, frozenset[int]], int] = {}
        # A goal of blocks only (every certification's) is met or not by the blocks held:
        # remembered per set of blocks, since every route tried is checked.
        self._goal_of_blocks = all(isinstance(leaf, HasBlock) for leaf in problem.goal.leaves())
        self._goal_experience = tuple(
            leaf for leaf in problem.goal.leaves() if isinstance(leaf, HasExperience)
        )
        self._prerequisite_experience = _experience_asked(self.actions, constraints)
        self._goal_met: dict[frozenset[str], bool] = {}
        self._vae_rules: dict[str, _VaeRules] = {}
        self._granted: dict[frozenset[str], frozenset[str]] = {}
        self.admit: Callable[[Node, Action, int], bool] = lambda _node, _action, _start: True
        """A cheap check made before a child is built (the search refuses dominated ones)."""
        self.work = 0
        """Work done so far (see ``Planner.work_limit``): a few units per action tried, more
        per route made."""

    def tried(self) -> None:
        """Count the work of trying one action after a route, as :meth:`children` does."""
        self.work += _WORK_PER_TRY

    def granted(self, held: frozenset[str]) -> frozenset[str]:
        """The blocks the catalogue's equivalences grant to a person holding ``held``
        (remembered: the routes tried hold the same sets again and again)."""
        known = self._granted.get(held)
        if known is None:
            equivalences = self.problem.catalogue.equivalences
            known = self._granted[held] = frozenset(credited_blocks(held, equivalences))
        return known

    def is_goal(self, node: Node) -> bool:
        """Whether the route reaches the target on its finish (with a placement when one is
        required)."""
        return self.reached(node) is node

    def reached(self, node: Node) -> Node | None:
        """The route ``node`` makes to the target, or None when it does not reach it: ``node``
        itself when it reaches it on its finish; else, when the experience of planned
        employment still to end is all it lacks, ``node`` waiting for it (its ``until``: the
        first day after such a period on which the target is met). No step is needed to wait:
        the person is at work meanwhile, and the target is reached when the period is over."""
        if self.problem.learner.constraints.placement_required and not node.placed:
            return None
        if self._goal_of_blocks:
            return node if self._blocks_meet_goal(self.settle(node).blocks) else None
        # On the route's finish: its juries and steps over, and the planned employment over by
        # then (its experience counts from its end).
        finish = node.finish
        later = sorted({end + 1 for end, _job, _hours in node.planned if end >= finish})
        for day in [finish, *later]:
            if self.problem.goal.is_met(self.held_on(node, day)):
                return node if day == finish else attrs.evolve(node, until=day)
        return None

    def could_meet_goal(self, blocks: frozenset[str]) -> bool:
        """Whether a route holding ``blocks`` (with what the equivalences grant from them)
        could meet the target: for a target of blocks only, whether it does; True for any
        other target, whose competences and experience this does not count."""
        if not self._goal_of_blocks:
            return True
        return self._blocks_meet_goal(_joined(blocks, self.granted(blocks)))

    def _blocks_meet_goal(self, held: frozenset[str]) -> bool:
        """Whether holding ``held`` meets a target of blocks only (remembered per set of
        blocks, since every route tried is checked)."""
        met = self._goal_met.get(held)
        if met is None:
            met = self._goal_met[held] = self.problem.goal.is_met(_Blocks(held))
        return met

    def children(self, node: Node) -> Iterator[Node]:
        """Every useful next step, in a fixed order: modules by id, then VAE, then employment."""
        self.work += _WORK_PER_TRY * len(self.actions)
        needs, required = self._needs(node)
        for action in self.actions:
            if action.id in node.taken or not _useful(action, node, needs, required):
                continue
            start = self.module_start(node, action)
            if start is None or not self.in_order(node, start, action):
                continue
            if self.admit(node, action, start):
                yield self.apply(node, action, start, action.blocks)
        yield from self.vae_children(node)
        if self.problem.learner.constraints.employment_allowed:
            yield from self.employment_children(node)

    def _needs(self, node: Node) -> tuple[Needs, bool]:
        """What a step may still serve after ``node``, and whether a placement is still
        required (then any placement serves)."""
        required = self.problem.learner.constraints.placement_required and not node.placed
        # Once a placement is held, what only the tried placements' prerequisites needed
        # serves nothing any more.
        return (self.problem.needs if required else self.problem.goal_needs), required

    def in_order(self, node: Node, start: int, action: Action) -> bool:
        """Whether a step of the person's track starting on ``start`` may follow ``node``: it
        must end after the last pending VAE started (a step finished by then comes before that
        VAE in the sequence, since it counts for it; see :mod:`.pending`)."""
        return not node.pending or self.calendar.end(start, action) > node.pending[-1].start

    def fold(self, node: Node, day: int) -> Node:
        """``node`` with the juries and the part-time steps over by ``day`` over, in the order
        of their ends (a jury first on the same day): their blocks granted, then the
        equivalences they complete (recorded on their step), and a step's competences."""
        over = _over_by(node, day)
        if not over:
            return node
        blocks, ranks, steps = node.blocks, node.ranks, node.steps
        for done in over:
            held = _joined(blocks, done.blocks)
            granted = self.granted(held)
            new = _gained(done.blocks, blocks)
            steps = tuple(
                attrs.evolve(s, granted=granted, new=new) if s.action.id == done.action else s
                for s in steps
            )
            blocks = _joined(held, granted)
            ranks = _taught(ranks, done.teaches if isinstance(done, Running) else ())
        return attrs.evolve(
            node,
            blocks=blocks,
            ranks=ranks,
            steps=steps,
            pending=tuple(jury for jury in node.pending if jury.end > day),
            running=tuple(running for running in node.running if running.end > day),
        )

    def held_on(self, node: Node, day: int) -> OnDay:
        """What ``node``'s person holds on ``day``, as :meth:`fold` counts it, without the
        route it makes: checking a prerequisite on a later day needs only the holdings (the
        scheduler asks it for every step after every partial order, and made a route each
        time)."""
        blocks, ranks = node.blocks, node.ranks
        for done in _over_by(node, day):
            held = _joined(blocks, done.blocks)
            blocks = _joined(held, self.granted(held))
            ranks = _taught(ranks, done.teaches if isinstance(done, Running) else ())
        return OnDay(node, day, blocks, ranks)

    def settle(self, node: Node) -> Node:
        """``node`` with every pending jury and every part-time step over: what the route
        holds in the end."""
        if not node.pending and not node.running:
            return node
        return self.fold(node, node.finish)

    def beside(self, node: Node) -> float:
        """What the part-time steps still running take of the person's weeks from ``node``'s
        day on, in open days' worth of the person's weekly hours: each runs at its weekly hours
        on its open days until its end. The steps still to take share the rest of those weeks
        (what the duration bounds add to the cover)."""
        total = 0.0
        for running in node.running:
            week = self.modules[running.action].week
            key = (node.day, running.end, week)
            days = self._open_days.get(key)
            if days is None:
                days = self._open_days[key] = sum(
                    1 for day in range(node.day, running.end) if self.calendar.is_open(day, week)
                )
            total += running.intensity * days / self.weekly_hours
        return total

    def free_for(self, node: Node, intensity: int) -> int:
        """The first day a step taking ``intensity`` hours a week (0: the whole week) may
        start after ``node``: its day, or later, once enough of the part-time steps running
        are over to leave it room within the person's weekly hours (what they take only falls
        from that day on: each of them started by then)."""
        if not node.running:
            return node.day
        room = self.weekly_hours - (intensity or self.weekly_hours)
        used = sum(running.intensity for running in node.running)
        day = node.day
        for running in node.running:
            if used <= room:
                break
            used -= running.intensity
            day = max(day, running.end)
        return day

    def apply(self, node: Node, action: Action, start: int, blocks: frozenset[str]) -> Node:
        self.work += _WORK_PER_CHILD
        end = self.calendar.end(start, action)
        if action.kind is ActionKind.VAE:
            return self._pend(node, action, start, end, blocks)
        if action.intensity:
            return self._run(node, action, start, end, blocks)
        # The juries over by the step's end come first: their blocks are held from then (the
        # part-time steps are over by its start: it takes the whole week).
        node = self.fold(node, end)
        held = _joined(node.blocks, blocks)
        granted = self.granted(held)
        ranks = _taught(node.ranks, action.teaches)
        experience = node.experience
        if action.experience is not None:
            experience = dict(experience)
            job, hours = action.experience
            experience[job] = experience.get(job, 0) + hours
        return Node(
            taken=node.taken | {action.id},
            variant=node.variant,
            blocks=_joined(held, granted),
            ranks=ranks,
            experience=experience,
            day=end,
            cost=node.cost + action.cost,
            hours=node.hours + action.hours,
            placed=node.placed or action.kind is ActionKind.PLACEMENT,
            steps=(
                *node.steps,
                Scheduled(action, start, end, granted, _gained(blocks, node.blocks)),
            ),
            planned=node.planned,
            pending=node.pending,
            running=node.running,
        )

    def _run(
        self, node: Node, action: Action, start: int, end: int, blocks: frozenset[str]
    ) -> Node:
        """The route after a part-time step from ``start`` to ``end``: it runs beside what
        follows, within the person's weekly hours; what it gives is held from ``end``. The
        next step may start on its first day, or once the steps running leave room."""
        running = Running(action.id, start, end, action.intensity, blocks, action.teaches)
        child = attrs.evolve(
            node,
            taken=node.taken | {action.id},
            day=start,
            cost=node.cost + action.cost,
            hours=node.hours + action.hours,
            steps=(*node.steps, Scheduled(action, start, end)),
            running=tuple(sorted((*node.running, running), key=_by_end)),
        )
        child = attrs.evolve(child, day=self.free_for(child, 1))
        return self.fold(child, child.day)

    def _pend(
        self, node: Node, action: Action, start: int, end: int, blocks: frozenset[str]
    ) -> Node:
        """The route after a VAE from ``start`` to its jury's ``end``: the person's track is
        free as before, the blocks wait for the jury."""
        return attrs.evolve(
            node,
            taken=node.taken | {action.id},
            variant=node.variant | blocks,
            cost=node.cost + action.cost,
            hours=node.hours + action.hours,
            steps=(
                *node.steps,
                Scheduled(action, start, end, _NOTHING, _gained(blocks, node.blocks)),
            ),
            pending=(*node.pending, Pending(action.id, start, end, blocks)),
        )

    def vae_children(self, node: Node, only: str | None = None) -> Iterator[Node]:
        """The routes that go on from ``node`` with a VAE (of the certification ``only``, when
        given: the scheduler asks for one, and each VAE child made counts as work)."""
        catalogue = self.problem.catalogue
        policy = catalogue.vae_policy
        days = 7 * (policy.admissibility_weeks + policy.support_weeks + policy.jury_weeks)
        for certification in self.vae_certifications:
            identifier = f"vae:{certification.code}"
            if identifier in node.taken or (only is not None and certification.code != only):
                continue
            missing = [catalogue.blocks[b] for b in certification.blocks if b not in node.blocks]
            if not missing:
                continue
            rule = self._vae_rules_of(certification).eligibility
            seen: set[frozenset[str]] = set()
            for day in self._vae_days(node):
                # A VAE starts on a working day; its lead times are calendar weeks.
                day = self.calendar.next_open(day, WORKING_WEEK)
                # One VAE at a time: it starts after the previous jury, holding its blocks.
                holdings = self.held_on(node, day)
                if not rule.is_met(holdings):
                    continue
                covered = frozenset(
                    block.code
                    for block in missing
                    if block.code not in holdings.blocks
                    and holdings.experience_hours(frozenset(block.experience_rome))
                    >= policy.block_coverage_hours
                )
                if not covered or covered in seen:
                    continue
                seen.add(covered)
                vae = Action(
                    id=identifier,
                    kind=ActionKind.VAE,
                    title=f"VAE {certification.code} {certification.title}",
                    hours=policy.support_hours,
                    cost=policy.cost(len(covered)),
                    days=days,
                    week=WORKING_WEEK,
                    blocks=covered,
                    certification=certification.code,
                )
                if self.admit(node, vae, day):
                    yield self.apply(node, vae, day, covered)

    def _vae_days(self, node: Node) -> list[int]:
        # Now, or as soon as a planned period of employment has brought its experience; never
        # before the previous VAE's jury.
        floor = max(node.day, node.pending[-1].end if node.pending else node.day)
        if node.running:
            floor = max(floor, node.running[-1].end)  # the steps listed before it are over
        return _with_planned_ends(node, floor)

    def employment_children(self, node: Node) -> Iterator[Node]:
        wanted: dict[tuple[str, int], None] = {}
        # The target's own experience (a validation rule that asks for it): the person may
        # work for it too, as for a VAE's eligibility and block coverage.
        needs = list(self._goal_experience)
        # The prerequisites of a module still useful and not yet met: the person may work for
        # the experience they ask for too.
        served, required = self._needs(node)
        for action, leaves in self._prerequisite_experience:
            if (
                action.id not in node.taken
                and _useful(action, node, served, required)
                and not action.requires.is_met(node)
            ):
                needs += leaves
        for certification in self.vae_certifications:
            if f"vae:{certification.code}" in node.taken:
                continue
            rules = self._vae_rules_of(certification)
            needs += rules.worked
            needs += [need for block, need in rules.covering if block not in node.blocks]
        # The hours lacking on the route's free day, and on the day after each planned period
        # of employment still to end: a route that a step of no use kept busy until then would
        # be offered the shorter period, so the route without that step is offered it too.
        days = _with_planned_ends(node, node.day)
        for need in needs:
            if not need.rome:
                continue
            for day in days:
                deficit = need.hours - node.experience_on(need.rome, day)
                if deficit > 0:
                    wanted[(min(need.rome), deficit)] = None
        # Worked out afresh on each route: a period of the same job and hours as one taken
        # before (300 h for one module, then 300 h more for another) is another step.
        for job, hours in sorted(wanted):
            child = self.employment(node, job, hours)
            if child is not None:
                yield child

    def _vae_rules_of(self, certification: Certification) -> _VaeRules:
        """The rules of ``certification``'s VAE, made once (every route tried asks for them)."""
        known = self._vae_rules.get(certification.code)
        if known is None:
            catalogue = self.problem.catalogue
            policy = catalogue.vae_policy
            own = [catalogue.blocks[b] for b in certification.blocks]
            rule = eligibility_rule(certification, policy, own)
            worked = tuple(leaf for leaf in rule.leaves() if isinstance(leaf, HasExperience))
            covering = tuple(
                (
                    block.code,
                    HasExperience(policy.block_coverage_hours, frozenset(block.experience_rome)),
                )
                for block in own
                if block.experience_rome
            )
            known = self._vae_rules[certification.code] = _VaeRules(rule, worked, covering)
        return known

    def employment(self, node: Node, job: str, hours: int) -> Node | None:
        """The route after ``hours`` of employment in ``job``, as early as the calendar allows
        (None when it would end before the pending VAE started: it comes before it)."""
        length = Length.of(hours, PLACEMENT_WEEKLY_HOURS, WORKING_WEEK)
        before = sum(
            1
            for step in node.steps
            if step.action.kind is ActionKind.EMPLOYMENT and step.action.experience == (job, hours)
        )
        action = Action(
            id=employment_id(job, hours, before + 1),
            kind=ActionKind.EMPLOYMENT,
            title=f"Employment in {job} ({hours} h)",
            hours=0,
            cost=0,
            days=length.days,
            workdays=length.workdays,
            week=length.week,
            experience=(job, hours),
        )
        start = self.calendar.earliest_start(self.free_for(node, 0), action)
        assert start is not None  # no sessions: a start always exists
        if not self.in_order(node, start, action):
            return None
        return self.apply(node, action, start, frozenset())

    def take_module(self, node: Node, identifier: str) -> Node | None:
        """The route after module ``identifier``, or None when it cannot start."""
        action = self.modules.get(identifier)
        start = None if action is None else self.module_start(node, action)
        if action is None or start is None or not self.in_order(node, start, action):
            return None
        return self.apply(node, action, start, action.blocks)

    def earliest_start(self, day: int, action: Action) -> int | None:
        """The calendar's first start of ``action`` on ``day`` or later (the calendar remembers
        it: the routes tried ask again for the same ones)."""
        return self.calendar.earliest_start(day, action)

    def module_start(self, node: Node, action: Action) -> int | None:
        """The first day ``action`` can start after ``node``: a session, outside unavailable
        periods, with its prerequisites met on that day. Experience from planned employment
        accrues with time, a pending VAE's blocks come with its jury and a part-time step's gifts
        with its end, so a prerequisite may be met only after a period, a jury or a step beside
        (what is held changes on no other day). It starts no earlier than the day the steps
        running leave it room (:meth:`free_for`)."""
        floor = self.free_for(node, action.intensity)
        if action.requires.is_met(node):
            return self.earliest_start(floor, action)
        if not node.planned and not node.pending and not node.running:
            return None  # nothing it holds changes with time: not on any later day either
        days = {floor, *(end + 1 for end, _job, _hours in node.planned if end >= floor)}
        days.update(max(floor, jury.end) for jury in node.pending)
        days.update(max(floor, running.end) for running in node.running)
        for day in sorted(days):
            start = self.earliest_start(day, action)
            if start is None:
                return None
            if action.requires.is_met(self.held_on(node, start)):
                return start
        return None


def _with_planned_ends(node: Node, floor: int) -> list[int]:
    """``floor``, then the day after each planned period of employment of ``node`` that ends on
    or after it, in order: the days from ``floor`` on when its experience grows."""
    return [floor, *sorted({end + 1 for end, _job, _hours in node.planned if end >= floor})]


def _useful(action: Action, node: Node, needs: Needs, required: bool) -> bool:
    """Whether ``action`` gives ``node`` something the route still ``needs`` (``required``: a
    placement is still to take, and any placement serves)."""
    if any(b in needs.blocks and b not in node.blocks for b in action.blocks):
        return True
    for competence, rank, _level in action.teaches:
        if competence in needs.competences:
            held = node.ranks.get(competence)
            if held is None or rank > held:
                return True
    if action.experience is not None and (
        needs.any_experience or action.experience[0] in needs.rome
    ):
        return True
    return required and action.kind is ActionKind.PLACEMENT


@attrs.frozen
class _VaeRules:
    """A VAE's rules as the stepper asks for them: its eligibility rule, the experience that
    rule asks for, and for each block with jobs the experience that covers it."""

    eligibility: Requirement
    worked: tuple[HasExperience, ...]
    covering: tuple[tuple[str, HasExperience], ...]


def _experience_asked(
    actions: tuple[Action, ...], constraints: Constraints
) -> tuple[tuple[Action, tuple[HasExperience, ...]], ...]:
    """The modules whose prerequisites ask for hours in some jobs, each with those leaves:
    periods of employment may bring them (none when the person does not allow employment)."""
    if not constraints.employment_allowed:
        return ()
    asked = []
    for action in actions:
        leaves = tuple(
            leaf
            for leaf in action.requires.leaves()
            if isinstance(leaf, HasExperience) and leaf.rome
        )
        if leaves:
            asked.append((action, leaves))
    return tuple(asked)


def _over_by(node: Node, day: int) -> list[Pending | Running]:
    """The juries and part-time steps of ``node`` over by ``day``, in the order of their ends
    (a jury first on the same day): the order in which what they give is held."""
    due = bool(node.pending) and node.pending[0].end <= day
    if not due and not (node.running and node.running[0].end <= day):
        return []
    over: list[tuple[int, int, Pending | Running]] = [
        (jury.end, 0, jury) for jury in node.pending if jury.end <= day
    ]
    over += [(running.end, 1, running) for running in node.running if running.end <= day]
    over.sort(key=lambda item: (item[0], item[1]))
    return [done for _end, _kind, done in over]


def _taught(
    ranks: dict[str, int], teaches: tuple[tuple[str, int, str | None], ...]
) -> dict[str, int]:
    """``ranks`` with the competences ``teaches`` gives: ``ranks`` itself when it gives none."""
    if not teaches:
        return ranks
    ranks = dict(ranks)
    for competence, rank, _level in teaches:
        if rank > ranks.get(competence, -1):
            ranks[competence] = rank
    return ranks


def _joined(held: frozenset[str], more: frozenset[str]) -> frozenset[str]:
    """``held`` with ``more``: ``held`` itself when it has them already, so that a route that
    gains no block shares its parent's set (one object fewer kept for each such route)."""
    return held if more <= held else held | more


def _gained(blocks: frozenset[str], held: frozenset[str]) -> frozenset[str]:
    """The ``blocks`` not in ``held``; the one shared empty set when there are none (the
    usual case of a step's new blocks: not a new object for each step)."""
    return (blocks - held) or _NOTHING


def _by_end(running: Running) -> tuple[int, int, str]:
    """The order in which steps running are over (and what they give is granted)."""
    return (running.end, running.start, running.action)


@attrs.frozen
class _Blocks:
    """Blocks held and nothing else, as the requirement rules see them: enough for a target of
    blocks only (:meth:`Stepper.is_goal`, :meth:`Stepper.could_meet_goal`)."""

    blocks: frozenset[str]

    def holds_block(self, block: str) -> bool:
        return block in self.blocks

    def competence_rank(self, competence: str) -> int | None:
        return None

    def experience_hours(self, rome: frozenset[str]) -> int:
        return 0
