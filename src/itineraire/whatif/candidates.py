"""The changes a person's what-if considers: a documented, bounded set.

Each family is read off the person's problem, never guessed (see ``docs/what-if.md``):

- **competences**: every competence a requirement on the way to the target asks for and the
  person lacks at that level: the target certifications' entry requirements, the prerequisites
  of the modules that validate a target block or are steps of the current route, and what those
  steps teach (at most one change per competence and level);
- **blocks**: every block of the target not held (at most the blocks of the target);
- **experience**: for each block of the target that VAE could cover, the fewest extra hours in
  one of its jobs that make the person's experience reach the catalogue's coverage rule, and the
  fewest that make them admissible (at most one per block, plus one per admissibility rule);
- **VAE** and **employment** steps, when the constraints forbid them (at most two);
- **weekly hours**: 21, 28 and 35 h when above the present figure (at most three);
- **start**: one, two, four and eight weeks earlier, never before the positioning (at most four);
- **budget**: no cap, when there is one (at most one).

The set is bounded by the size of the target and of the catalogue's requirements, not by the
number of routes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from itineraire.analysis.reachability import module_rule
from itineraire.model.catalogue import Catalogue
from itineraire.model.certifications import Certification
from itineraire.model.learners import Learner
from itineraire.model.requirements import HasBlock, HasCompetence, HasExperience, Requirement
from itineraire.planning import Route
from itineraire.planning.problem import goal_rule
from itineraire.validation import credited_blocks, eligibility_rule
from itineraire.whatif.changes import Change, ChangeKind

__all__ = [
    "EARLIER_WEEKS",
    "WEEKLY_HOURS",
    "person_candidates",
    "target_blocks",
    "target_certifications",
]

WEEKLY_HOURS = (21, 28, 35)
"""Weekly training hours tried when above the person's (35 h is full-time training)."""

EARLIER_WEEKS = (1, 2, 4, 8)
"""How many weeks earlier a start is tried."""


def person_candidates(catalogue: Catalogue, learner: Learner, route: Route | None) -> list[Change]:
    """The changes considered for ``learner`` (``route``: the present best route, if any), in a
    fixed order, without duplicates."""
    found: dict[Change, None] = {}
    for family in (
        _competences(catalogue, learner, route),
        _blocks(catalogue, learner),
        _experience(catalogue, learner),
        _constraints(learner),
    ):
        for change in family:
            found.setdefault(change, None)
    return list(found)


def target_blocks(catalogue: Catalogue, learner: Learner) -> list[str]:
    """The blocks the target's rule names, in rule order, without duplicates."""
    rule = goal_rule(catalogue, learner.target)
    return list(dict.fromkeys(leaf.block for leaf in rule.leaves() if isinstance(leaf, HasBlock)))


def target_certifications(catalogue: Catalogue, learner: Learner) -> list[Certification]:
    """The certifications owning a block of the target, in code order."""
    codes = {catalogue.blocks[block].certification for block in target_blocks(catalogue, learner)}
    return [catalogue.certifications[code] for code in sorted(codes)]


def _held_blocks(catalogue: Catalogue, learner: Learner) -> set[str]:
    held = {block.block for block in learner.positioning.blocks}
    return held | set(credited_blocks(held, catalogue.equivalences))


def _competences(catalogue: Catalogue, learner: Learner, route: Route | None) -> Iterator[Change]:
    rules: list[Requirement] = []
    taught: list[HasCompetence] = []
    for certification in target_certifications(catalogue, learner):
        if certification.entry_requirement is not None:
            rules.append(certification.entry_requirement)
    modules = {
        module.id
        for block in target_blocks(catalogue, learner)
        for module in catalogue.modules_validating(block)
    }
    if route is not None:
        for step in route.steps:
            module = catalogue.modules.get(step.action)
            if module is not None:
                modules.add(module.id)
                taught += [HasCompetence(t.competence, t.level, t.rank) for t in module.teaches]
    rules += [module_rule(catalogue, catalogue.modules[module]) for module in sorted(modules)]
    leaves = [leaf for rule in rules for leaf in rule.leaves() if isinstance(leaf, HasCompetence)]
    for leaf in sorted({*leaves, *taught}, key=lambda leaf: (leaf.competence, leaf.rank)):
        held = learner.positioning.competence_rank(leaf.competence)
        if held is None or held < leaf.rank:
            yield Change(ChangeKind.COMPETENCE, leaf.competence, level=leaf.level, rank=leaf.rank)


def _blocks(catalogue: Catalogue, learner: Learner) -> Iterator[Change]:
    held = _held_blocks(catalogue, learner)
    for block in target_blocks(catalogue, learner):
        if block not in held:
            yield Change(ChangeKind.BLOCK, block)


def _experience(catalogue: Catalogue, learner: Learner) -> Iterator[Change]:
    if not learner.constraints.vae_allowed:
        return
    policy = catalogue.vae_policy
    positioning = learner.positioning
    held = _held_blocks(catalogue, learner)
    wanted = set(target_blocks(catalogue, learner))
    # A certification whose VAE is under way gets no second file: more experience changes
    # nothing of what VAE may cover there.
    under_way = {file.certification for file in positioning.vae_under_way}
    for certification in target_certifications(catalogue, learner):
        if not certification.vae_allowed or certification.code in under_way:
            continue
        own = [catalogue.blocks[code] for code in certification.blocks]
        rule = eligibility_rule(certification, policy, own)
        for leaf in rule.leaves():
            if isinstance(leaf, HasExperience) and leaf.rome:
                deficit = leaf.hours - positioning.experience_hours(leaf.rome)
                if deficit > 0:
                    yield Change(ChangeKind.EXPERIENCE, _job(learner, leaf.rome), hours=deficit)
        for block in own:
            if block.code not in wanted or block.code in held or not block.experience_rome:
                continue
            rome = frozenset(block.experience_rome)
            deficit = policy.block_coverage_hours - positioning.experience_hours(rome)
            if deficit > 0:
                yield Change(
                    ChangeKind.EXPERIENCE, _job(learner, rome), hours=deficit, covers=block.code
                )


def _job(learner: Learner, rome: frozenset[str]) -> str:
    """The job in which to add hours: the one the person already worked most in, else the
    first by code (any of them counts the same toward the rule)."""
    worked: dict[str, int] = {}
    for record in learner.positioning.experience:
        if record.rome in rome:
            worked[record.rome] = worked.get(record.rome, 0) + record.hours
    if worked:
        return min(worked, key=lambda job: (-worked[job], job))
    return min(rome)


def _constraints(learner: Learner) -> Iterator[Change]:
    constraints = learner.constraints
    if not constraints.vae_allowed:
        yield Change(ChangeKind.VAE)
    if not constraints.employment_allowed:
        yield Change(ChangeKind.EMPLOYMENT)
    for hours in WEEKLY_HOURS:
        if hours > constraints.weekly_hours:
            yield Change(ChangeKind.WEEKLY_HOURS, hours=hours)
    earliest = learner.positioning.date
    for weeks in EARLIER_WEEKS:
        day = max(earliest, constraints.start - dt.timedelta(weeks=weeks))
        if day < constraints.start:
            yield Change(ChangeKind.START, day=day)
    if constraints.budget is not None:
        yield Change(ChangeKind.BUDGET, euros=None)
