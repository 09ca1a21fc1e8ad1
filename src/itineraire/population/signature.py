"""The planning signature of a learner: what of a person their route depends on.

Two people with the same signature have the same planning problem, so their routes are equal
but for the person they name: population planning plans one and reuses the route for the other.
The signature leaves out what the planner never reads: the id and name, the territory, how and
with what evidence a block was validated, and the dates and description of experience records
(the planner counts hours by ROME job). It keeps everything else as given, in order: the
positioning date (the route's first step), held blocks, held competences with their level,
experience hours by job, every constraint and the target.

``tests/test_population_signature.py`` checks on generated learners that what is left out
never changes a route: the day the planner reads more of a learner, that test fails and this
module must follow.
"""

from __future__ import annotations

from collections.abc import Hashable

from itineraire.model.learners import Learner

__all__ = ["Signature", "signature"]

Signature = tuple[Hashable, ...]
"""A hashable value; equal signatures mean the same planning problem."""


def signature(learner: Learner) -> Signature:
    """What of ``learner`` the planner reads (never the id)."""
    positioning = learner.positioning
    return (
        positioning.date,
        tuple(held.block for held in positioning.blocks),
        tuple((held.competence, held.level, held.rank) for held in positioning.competences),
        tuple((record.rome, record.hours) for record in positioning.experience),
        positioning.vae_under_way,
        learner.constraints,
        learner.target,
    )
