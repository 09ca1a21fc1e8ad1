"""What-if answers said as a referent would say them.

"With CléA domain 3 held before the start (4 January 2027), the route ends 6 weeks earlier
(on 18 April 2027 instead of 30 May 2027)." Sentences are made from the answer's data, so a
program can word them its own way.
"""

from __future__ import annotations

import datetime as dt

from itineraire.model.catalogue import Catalogue
from itineraire.model.learners import Learner
from itineraire.model.money import euros
from itineraire.planning import Objective, Totals
from itineraire.whatif.changes import Change, ChangeKind

__all__ = ["change_phrase", "effect_phrase", "long_date", "span"]

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def long_date(day: dt.date) -> str:
    """4 January 2027."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def span(days: int) -> str:
    """A number of days as a referent says it: weeks when whole, days otherwise."""
    if days % 7 == 0 and days >= 7:
        weeks = days // 7
        return "1 week" if weeks == 1 else f"{weeks} weeks"
    if days >= 14:
        return f"{days} days (about {round(days / 7)} weeks)"
    return "1 day" if days == 1 else f"{days} days"


def competence_name(catalogue: Catalogue, competence: str, level: str | None) -> str:
    """CléA domain 3 (title), Anglais B1, or the competence's title."""
    found = catalogue.competences.get(competence)
    title = found.title if found is not None else competence
    if found is not None and found.framework == "clea" and competence.startswith("clea."):
        domain = competence.removeprefix("clea.")
        if domain.isdigit():
            return f"CléA domain {domain} ({title})"
    return title if level is None else f"{title} {level}"


def change_phrase(change: Change, catalogue: Catalogue, learner: Learner) -> str:
    """The change, as the opening of a sentence ("With CléA domain 3 held before the start")."""
    constraints = learner.constraints
    start = long_date(constraints.start)
    kind = change.kind
    if kind is ChangeKind.COMPETENCE:
        name = competence_name(catalogue, change.subject, change.level)
        return f"With {name} held before the start ({start})"
    if kind is ChangeKind.BLOCK:
        title = catalogue.blocks[change.subject].title
        return f"With block {change.subject} ({title}) validated before the start"
    if kind is ChangeKind.EXPERIENCE:
        why = (
            f", enough for VAE to cover block {change.covers}"
            if change.covers
            else ", enough to be admissible to VAE"
        )
        return f"With {change.hours:,} more hours of work in {change.subject}{why}"
    if kind is ChangeKind.VAE:
        return "If VAE is allowed"
    if kind is ChangeKind.EMPLOYMENT:
        return "If periods of employment may be steps of the route"
    if kind is ChangeKind.WEEKLY_HOURS:
        return f"With {change.hours} h of training a week instead of {constraints.weekly_hours} h"
    if kind is ChangeKind.START:
        assert change.day is not None
        return f"Starting on {long_date(change.day)} instead of {start}"
    if change.euros is None:
        return "With no budget cap"
    was = "no cap" if constraints.budget is None else euros(constraints.budget)
    return f"With a budget of {euros(change.euros)} instead of {was}"


def effect_phrase(objective: Objective, before: Totals | None, after: Totals) -> str:
    """What the change does to the route, for the objective ("the route ends 6 weeks earlier
    (on … instead of …)"); for a person with no route, that one exists."""
    if before is None:
        return (
            f"a route exists: it ends on {long_date(after.finish)}, takes"
            f" {after.training_hours:,} h of training and costs {euros(after.cost)}"
        )
    if objective is Objective.DURATION:
        days = (before.finish - after.finish).days
        return (
            f"the route ends {span(days)} earlier (on {long_date(after.finish)} instead of"
            f" {long_date(before.finish)})"
        )
    if objective is Objective.COST:
        saved = before.cost - after.cost
        return (
            f"the route costs {euros(saved)} less ({euros(after.cost)} instead of"
            f" {euros(before.cost)})"
        )
    saved = before.training_hours - after.training_hours
    return (
        f"the route takes {saved:,} fewer hours of training ({after.training_hours:,} h instead"
        f" of {before.training_hours:,} h)"
    )
