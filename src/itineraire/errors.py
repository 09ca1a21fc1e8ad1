"""The library's errors: every input problem is collected, then raised together.

An :class:`InputError` carries its problems as data (:attr:`InputError.problems`), so that a
program can show them its own way, and formats them for a person in its message.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from itineraire.files.limits import PROBLEMS_SHOWN

__all__ = [
    "CatalogueError",
    "InputError",
    "ItineraireError",
    "LearnerError",
    "Problem",
    "ScenarioError",
]


@attrs.frozen(order=True)
class Problem:
    """One fault in an input: where it is, which field, and what is wrong.

    ``where`` names the item (``modules[3] 'web-front'``, ``file``), ``field`` the field at fault
    inside it (empty when the whole item is at fault).
    """

    where: str
    field: str
    message: str

    def __str__(self) -> str:
        place = f"{self.where}, {self.field}" if self.field else self.where
        return f"{place}: {self.message}"


class ItineraireError(Exception):
    """Base class of the errors this library raises on purpose."""


class InputError(ItineraireError, ValueError):
    """An input (file, JSON document, object built in code) has one or more problems.

    All problems found are kept, in a stable order, so a user fixes them in one pass; the
    message lists the first ones (the ``PROBLEMS_SHOWN`` limit of
    :mod:`itineraire.files.limits`): an input broken throughout would give thousands of lines.
    """

    what = "input"

    def __init__(self, source: str, problems: Iterable[Problem]) -> None:
        self.source = source
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(self._format())

    def _format(self) -> str:
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        lines = [f"{self.what} {self.source} has {count:,} {noun}:"]
        shown = PROBLEMS_SHOWN.value
        lines.extend(f"  - {problem}" for problem in self.problems[:shown])
        if count > shown:
            lines.append(
                f"  … and {count - shown:,} more; the first {shown:,} are listed"
                f" (raise the number with the environment variable {PROBLEMS_SHOWN.variable})"
            )
        return "\n".join(lines)


class CatalogueError(InputError):
    """A catalogue could not be loaded: it is unreadable, malformed or inconsistent."""

    what = "catalogue"


class LearnerError(InputError):
    """A learner description could not be loaded or does not fit the catalogue."""

    what = "learner"


class ScenarioError(InputError):
    """A scenario file could not be loaded; each problem names its place in the file (a JSON
    path and, where known, the line)."""

    what = "scenario"
