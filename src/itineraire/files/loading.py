"""Loading catalogues and learners from files, JSON-like data, or the built-in catalogue.

Loading goes through three stages, each collecting every problem it finds: reading (file,
encoding, syntax), shape (the pydantic documents) and consistency (cross-references, then the
catalogue checks of :mod:`itineraire.analysis.checks`). The first stage that finds problems raises
them all in one :class:`~itineraire.errors.CatalogueError` (or ``LearnerError``).
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from itineraire.analysis.checks import Severity, check_catalogue
from itineraire.errors import CatalogueError, LearnerError, Problem
from itineraire.files._locating import problems_from_validation
from itineraire.files._reading import UnreadableError, bounds_problem, read_mapping
from itineraire.files.catalogue import build_catalogue
from itineraire.files.documents import CatalogueDoc, LearnerDoc
from itineraire.files.learner import build_learner
from itineraire.files.limits import CATALOGUE_BYTES
from itineraire.model.catalogue import Catalogue
from itineraire.model.learners import Learner

__all__ = [
    "BUILTIN_CATALOGUE",
    "builtin_catalogue",
    "catalogue_from_data",
    "check_problems",
    "learner_from_data",
    "load_catalogue",
    "load_learner",
    "read_learner",
]

BUILTIN_CATALOGUE = "builtin"
"""The name the built-in catalogue is shown under."""

_TOP = "top level"
_FILE = "file"


def load_catalogue(source: Path | str | bytes | None = None, *, strict: bool = True) -> Catalogue:
    """Load a catalogue file (JSON or TOML), or the built-in catalogue when ``source`` is None.

    With ``strict`` (the default), a catalogue whose consistency checks find errors (a
    prerequisite cycle, a block nothing can validate…) is refused; ``strict=False`` returns it so
    that :func:`~itineraire.analysis.checks.check_catalogue` can list the findings.
    """
    if source is None:
        return builtin_catalogue()
    name = "<bytes>" if isinstance(source, bytes) else str(source)
    try:
        data = read_mapping(source, _FILE, CATALOGUE_BYTES)
    except UnreadableError as error:
        raise CatalogueError(name, [error.problem]) from None
    return catalogue_from_data(data, source=name, strict=strict)


def catalogue_from_data(
    data: Mapping[str, Any], *, source: str = "<data>", strict: bool = True
) -> Catalogue:
    """Build a catalogue from JSON-like data (what a JSON or TOML file parses to)."""
    problem = bounds_problem(data, _TOP)
    if problem is not None:
        raise CatalogueError(source, [Problem(problem.field or _TOP, "", problem.message)])
    try:
        document = CatalogueDoc.model_validate(data)
    except ValidationError as error:
        raise CatalogueError(source, problems_from_validation(error, data, _TOP)) from None
    catalogue = build_catalogue(document, source)
    if strict:
        errors = check_problems(catalogue)
        if errors:
            raise CatalogueError(source, errors)
    return catalogue


def check_problems(catalogue: Catalogue) -> list[Problem]:
    """The error findings of the checks, as the problems a strict load refuses a catalogue with
    (the finding's subject as the place, its code leading the message)."""
    errors = [f for f in check_catalogue(catalogue) if f.severity is Severity.ERROR]
    return [Problem(f.subject, "", f"{f.code}: {f.message}") for f in errors]


_BUILTIN: list[Catalogue] = []


def builtin_catalogue() -> Catalogue:
    """The catalogue shipped inside the package (read once, then shared: it is immutable)."""
    if not _BUILTIN:
        data = resources.files("itineraire.data").joinpath("catalogue.json").read_bytes()
        _BUILTIN.append(
            catalogue_from_data(
                read_mapping(data, BUILTIN_CATALOGUE, CATALOGUE_BYTES), source=BUILTIN_CATALOGUE
            )
        )
    return _BUILTIN[0]


def load_learner(source: Path | str | bytes, catalogue: Catalogue) -> Learner:
    """Load a learner file (JSON or TOML) and check it against ``catalogue``."""
    name = "<bytes>" if isinstance(source, bytes) else str(source)
    return learner_from_data(read_learner(source, name=name), catalogue, source=name)


def read_learner(source: Path | str | bytes, *, name: str | None = None) -> dict[str, Any]:
    """The data of a learner file (JSON or TOML), not yet checked, for a caller that changes it
    before :func:`learner_from_data` (the command line's options on top of a file). Raises
    :class:`~itineraire.errors.LearnerError` naming the file (or ``name``) when it cannot be
    read."""
    where = name or ("<bytes>" if isinstance(source, bytes) else str(source))
    try:
        return dict(read_mapping(source, _FILE))
    except UnreadableError as error:
        raise LearnerError(where, [error.problem]) from None


def learner_from_data(
    data: Mapping[str, Any], catalogue: Catalogue, *, source: str = "<data>"
) -> Learner:
    """Build a learner from JSON-like data, checked against ``catalogue``."""
    problem = bounds_problem(data, _TOP)
    if problem is not None:
        raise LearnerError(source, [Problem(problem.field or _TOP, "", problem.message)])
    try:
        document = LearnerDoc.model_validate(data)
    except ValidationError as error:
        raise LearnerError(source, problems_from_validation(error, data, _TOP)) from None
    return build_learner(document, catalogue, source)
