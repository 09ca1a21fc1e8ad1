"""Why an event does not fit a journey: :class:`RefusalError`, naming the event's field at
fault, and the checks the folds of :mod:`~itineraire.journeys.effects` share (an unknown module,
block, competence or certification; a block validated already; prerequisites not met; a period of
work that is malformed, starts before the journey or overlaps another).
"""

from __future__ import annotations

import re
from typing import Any

from itineraire.analysis.reachability import module_rule
from itineraire.journeys.state import JourneyState
from itineraire.model.catalogue import Catalogue
from itineraire.model.requirements import AllOf, Requirement
from itineraire.modules import Module

__all__ = [
    "MAX_HOURS_A_DAY",
    "RefusalError",
    "after_start",
    "check_work",
    "known_block",
    "known_certification",
    "known_competence",
    "known_module",
    "not_overlapping",
    "not_validated",
    "prerequisites_met",
]

MAX_HOURS_A_DAY = 10
"""Hours of work or placement a day beyond which a period's hours are taken for a typing error."""

_ROME = re.compile(r"^[A-N]\d{4}$")


class RefusalError(Exception):
    """An event that does not fit: the field at fault and why."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def known_module(catalogue: Catalogue, module: str, field: str = "module") -> Module:
    found = catalogue.modules.get(module)
    if found is None:
        raise RefusalError(field, f"unknown module {module!r}")
    return found


def known_block(catalogue: Catalogue, block: str, field: str) -> None:
    if block not in catalogue.blocks:
        raise RefusalError(field, f"unknown block {block!r}")


def known_competence(catalogue: Catalogue, competence: str, field: str) -> None:
    if competence not in catalogue.competences:
        raise RefusalError(field, f"unknown competence {competence!r}")


def known_certification(catalogue: Catalogue, code: str, field: str) -> Any:
    found = catalogue.certifications.get(code)
    if found is None:
        raise RefusalError(field, f"unknown certification {code!r}")
    return found


def not_validated(state: JourneyState, block: str, field: str) -> None:
    held = state.validated(block)
    if held is not None:
        raise RefusalError(
            field, f"block {block!r} is already validated ({held.method}, {held.date})"
        )
    pending = next((item for item in state.pending if item.block == block), None)
    if pending is not None:
        message = f"block {block!r} awaits the confirmation of the {pending.evidence}"
        raise RefusalError(field, message)


def prerequisites_met(
    catalogue: Catalogue, state: JourneyState, module: Module, field: str
) -> None:
    rule = module_rule(catalogue, module)
    if not rule.is_met(state):
        missing = "; ".join(str(part) for part in _unmet(rule, state))
        raise RefusalError(field, f"the prerequisites of {module.id!r} are not met: {missing}")


def _unmet(rule: Requirement, state: JourneyState) -> list[Requirement]:
    """The parts of a rule that fail: inside an all-of, its failing members, recursively."""
    if isinstance(rule, AllOf):
        return [
            part for item in rule.items if not item.is_met(state) for part in _unmet(item, state)
        ]
    return [rule]


def not_overlapping(state: JourneyState, start: Any, end: Any, hours: int) -> None:
    """Refuse a period of work that, with one recorded earlier over the same days, makes more
    than ``MAX_HOURS_A_DAY`` a day on average (a period typed twice, or a typing error)."""
    rate = hours / ((end - start).days + 1)
    for record, first, last in state.dated_work():
        if first <= end and start <= last:
            other = record.hours / ((last - first).days + 1)
            if rate + other > MAX_HOURS_A_DAY:
                raise RefusalError(
                    "start",
                    f"overlaps the {record.description} of {first} to {last}:"
                    f" together more than {MAX_HOURS_A_DAY} hours a day",
                )


def after_start(state: JourneyState, start: Any) -> None:
    if start < state.started:
        raise RefusalError(
            "start",
            f"{start} is before the journey's first positioning ({state.started}): work done"
            " before it belongs to the positioning's experience",
        )


def check_work(rome: str | None, hours: int, start: Any, end: Any, prefix: str) -> None:
    def field(name: str) -> str:
        return f"{prefix}.{name}" if prefix else name

    if rome is not None and not _ROME.match(rome):
        raise RefusalError(field("rome"), f"{rome!r} is not a ROME code (a letter and four digits)")
    if hours < 1:
        raise RefusalError(field("hours"), f"{hours} hours: a period has at least one hour")
    if start is not None and end is not None:
        if end < start:
            raise RefusalError(field("start"), f"{start} is after the end ({end})")
        days = (end - start).days + 1
        if hours > days * MAX_HOURS_A_DAY:
            raise RefusalError(
                field("hours"),
                f"{hours} hours in {days} days is more than {MAX_HOURS_A_DAY} hours a day",
            )
