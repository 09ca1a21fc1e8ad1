"""Changes to a person's situation: what a referent could change or obtain before the route.

A :class:`Change` is a value: it says what is different (a competence held, a block validated,
hours of experience, a constraint loosened) and :meth:`Change.apply` returns the learner as they
would be with it. The planner is then asked again, so that every answer is a real plan.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

import attrs

from itineraire.model.competences import HeldCompetence
from itineraire.model.learners import ExperienceRecord, HeldBlock, Learner
from itineraire.validation.methods import ValidationMethod

__all__ = ["WHAT_IF_EVIDENCE", "Change", "ChangeKind"]

WHAT_IF_EVIDENCE = "what-if"
"""The evidence written on what a change adds to the positioning: never mistaken for a fact."""


class ChangeKind(StrEnum):
    """The kinds of change the what-if answers consider (one table; the wording reads it)."""

    COMPETENCE = "competence"
    """A competence held before the start (what a short remediation would give)."""
    BLOCK = "block"
    """A block validated before the start."""
    EXPERIENCE = "experience"
    """More hours of work experience in a job (ROME code)."""
    VAE = "vae"
    """VAE allowed as a step of the route."""
    EMPLOYMENT = "employment"
    """Periods of employment allowed as steps of the route."""
    WEEKLY_HOURS = "weekly_hours"
    """More hours of training a week."""
    START = "start"
    """Another start date."""
    BUDGET = "budget"
    """Another budget (``euros`` None: no cap)."""


@attrs.frozen
class Change:
    """One change to a learner. Only the fields of its kind are used.

    ``subject`` is the competence, block or ROME job; ``level`` and ``rank`` the level of a
    levelled competence; ``hours`` the experience hours or the weekly hours; ``day`` the start;
    ``euros`` the budget. ``covers`` names, for experience, the block whose VAE coverage the
    hours reach (said in the answer).
    """

    kind: ChangeKind
    subject: str = ""
    level: str | None = None
    rank: int = 0
    hours: int = 0
    day: dt.date | None = None
    euros: int | None = None
    covers: str = ""

    def apply(self, learner: Learner) -> Learner:
        """The learner as they would be with this change."""
        positioning = learner.positioning
        constraints = learner.constraints
        kind = self.kind
        if kind is ChangeKind.COMPETENCE:
            held = HeldCompetence(self.subject, self.level, self.rank)
            positioning = attrs.evolve(positioning, competences=(*positioning.competences, held))
        elif kind is ChangeKind.BLOCK:
            block = HeldBlock(
                self.subject, positioning.date, ValidationMethod.PRIOR, WHAT_IF_EVIDENCE
            )
            positioning = attrs.evolve(positioning, blocks=(*positioning.blocks, block))
        elif kind is ChangeKind.EXPERIENCE:
            record = ExperienceRecord(self.subject, self.hours, description=WHAT_IF_EVIDENCE)
            positioning = attrs.evolve(positioning, experience=(*positioning.experience, record))
        elif kind is ChangeKind.VAE:
            constraints = attrs.evolve(constraints, vae_allowed=True)
        elif kind is ChangeKind.EMPLOYMENT:
            constraints = attrs.evolve(constraints, employment_allowed=True)
        elif kind is ChangeKind.WEEKLY_HOURS:
            constraints = attrs.evolve(constraints, weekly_hours=self.hours)
        elif kind is ChangeKind.START:
            assert self.day is not None
            constraints = attrs.evolve(constraints, start=self.day)
        else:
            constraints = attrs.evolve(constraints, budget=self.euros)
        return attrs.evolve(learner, positioning=positioning, constraints=constraints)

    def key(self) -> tuple[str, str, int, int, str, int]:
        """A total order on changes (for deterministic ranking of equal gains)."""
        day = "" if self.day is None else self.day.isoformat()
        euros = -1 if self.euros is None else self.euros
        return (self.kind.value, self.subject, self.rank, self.hours, day, euros)
