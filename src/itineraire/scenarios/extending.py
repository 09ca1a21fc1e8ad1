"""Extending a scenario's base catalogue: the additions, then the changes to its modules.

The base catalogue is read as data, the scenario's additions are appended to its lists and its
changes applied to its modules, and the result is loaded like any catalogue file. Problems the
catalogue loader finds in an added item are moved back to the scenario's own path for it
(``modules[93]`` of the merged data is ``catalogue.modules[2]`` of the scenario).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from itineraire.errors import CatalogueError, Problem, ScenarioError
from itineraire.files._reading import UnreadableError, read_mapping
from itineraire.files.limits import CATALOGUE_BYTES
from itineraire.files.loading import builtin_catalogue, catalogue_from_data, check_problems
from itineraire.model.catalogue import Catalogue
from itineraire.scenarios.documents import BUILTIN_SOURCE, CatalogueChoiceDoc
from itineraire.scenarios.places import path_parts, where
from itineraire.scenarios.positions import Lines
from itineraire.scenarios.positions import Path as DataPath
from itineraire.scenarios.references import referenced_file

__all__ = ["scenario_catalogue", "unreadable"]

# The lists a scenario can add to, and the field that identifies their items.
_LISTS = {
    "scales": "name",
    "competences": "id",
    "certifications": "code",
    "modules": "id",
    "equivalences": "id",
}
_CHANGED_FIELDS = ("hours", "cost", "provider", "weekly_hours")
_ITEM = re.compile(
    r"^(?P<list>[a-z_]+)\[(?P<index>\d+)\](?: '[^']*')?(?: blocks\[(?P<block>\d+)\](?: '[^']*')?)?$"
)
_SUBJECT = re.compile(r"^(?P<kind>[a-z]+) (?P<id>\S+)$")
# The kinds of item the consistency checks name (``module web-front``), with the list they are in.
_KINDS = {
    "module": "modules",
    "certification": "certifications",
    "competence": "competences",
    "equivalence": "equivalences",
}


def scenario_catalogue(
    doc: CatalogueChoiceDoc, data: Mapping[str, Any], base: Path, lines: Lines
) -> Catalogue:
    """The catalogue of a scenario: its base with the scenario's additions and changes.

    ``data`` is the scenario's raw ``catalogue`` table, ``base`` the folder relative paths start
    from. Raises :class:`ScenarioError`, every problem placed in the scenario file.
    """
    builtin = doc.source == BUILTIN_SOURCE
    if builtin and not _extends(doc):
        return builtin_catalogue()
    base_data = _base_data(doc.source, base, lines)
    # The base is read on its own first, so that its own faults are told apart from the
    # scenario's (they are placed on catalogue.source). Its check errors (an imported
    # certification without modules, say) stop only a scenario that leaves them as they are:
    # the scenario's additions may be what fixes them.
    extends = _extends(doc)
    if builtin:
        base_catalogue = builtin_catalogue()
    else:
        base_catalogue = _load(base_data, doc.source, lines, strict=not extends)
    if not extends:
        return base_catalogue
    merged, problems = _merged(base_data, doc, data, lines)
    if problems:
        raise ScenarioError("catalogue", problems)
    # The base's items come first in the merged lists, the additions after them; a removal
    # (of a base module) shifts the additions, so count what is left of the base.
    counts = {name: len(merged.get(name) or []) - len(data.get(name) or []) for name in _LISTS}
    try:
        return catalogue_from_data(merged, source=f"{doc.source} with the scenario's changes")
    except CatalogueError as error:
        of_base = set(check_problems(base_catalogue))
        placed = [
            _of_base(problem, doc.source, lines)
            if problem in of_base
            else _placed(problem, counts, doc, lines)
            for problem in error.problems
        ]
        raise ScenarioError("catalogue", list(dict.fromkeys(placed))) from None


def _extends(doc: CatalogueChoiceDoc) -> bool:
    return doc != CatalogueChoiceDoc(source=doc.source)


def _base_data(source: str, base: Path, lines: Lines) -> dict[str, Any]:
    if source == BUILTIN_SOURCE:
        raw = resources.files("itineraire.data").joinpath("catalogue.json").read_bytes()
        return dict(read_mapping(raw, BUILTIN_SOURCE))
    try:
        return dict(read_mapping(referenced_file(base, source), "file", CATALOGUE_BYTES))
    except UnreadableError as error:
        place = where(("catalogue", "source"), lines)
        message = unreadable("catalogue", source, error.problem)
        raise ScenarioError("catalogue", [Problem(place, "", message)]) from None


def _load(data: Mapping[str, Any], source: str, lines: Lines, *, strict: bool) -> Catalogue:
    try:
        return catalogue_from_data(data, source=source, strict=strict)
    except CatalogueError as error:
        place = where(("catalogue", "source"), lines)
        raise ScenarioError(
            "catalogue",
            [Problem(place, "", f"catalogue file {source!r}: {p}") for p in error.problems],
        ) from None


def _merged(
    base_data: Mapping[str, Any],
    doc: CatalogueChoiceDoc,
    data: Mapping[str, Any],
    lines: Lines,
) -> tuple[dict[str, Any], list[Problem]]:
    """The base data with the additions appended and the changes applied."""
    merged = copy.deepcopy(dict(base_data))
    problems: list[Problem] = []
    for name, key in _LISTS.items():
        items = list(merged.get(name) or [])
        known = {item.get(key) for item in items if isinstance(item, Mapping)}
        for index, item in enumerate(data.get(name) or []):
            identifier = item.get(key)
            if identifier is not None and identifier in known:
                message = f"{identifier!r} is already in the base catalogue"
                if name == "modules":
                    message += ": change it with catalogue.changes, or choose another id"
                problems.append(Problem(where(("catalogue", name, index, key), lines), "", message))
            items.append(item)
        merged[name] = items
    merged["rome_parents"] = {**merged.get("rome_parents", {}), **data.get("rome_parents", {})}
    merged["vae"] = {**merged.get("vae", {}), **data.get("vae", {})}
    base_modules = len(base_data.get("modules") or [])
    problems += _apply_changes(merged, base_modules, doc, lines)
    return merged, problems


def _apply_changes(
    merged: dict[str, Any], base_modules: int, doc: CatalogueChoiceDoc, lines: Lines
) -> list[Problem]:
    """Apply the changes to the base's modules (the first ``base_modules`` of the merged
    list); a module the scenario adds is written as it should be, not changed."""
    problems: list[Problem] = []
    modules: list[dict[str, Any]] = merged["modules"]
    changed: set[str] = set()
    for index, change in enumerate(doc.changes):
        place = where(("catalogue", "changes", index, "module"), lines)
        if change.module in changed:
            problems.append(Problem(place, "", f"module {change.module!r} is changed twice"))
            continue
        changed.add(change.module)
        base = modules[:base_modules]
        found = [i for i, module in enumerate(base) if module.get("id") == change.module]
        if not found:
            added = any(module.get("id") == change.module for module in modules[base_modules:])
            message = (
                f"module {change.module!r} is added by the scenario: write it as it should be"
                if added
                else f"unknown module {change.module!r}"
            )
            problems.append(Problem(place, "", message))
            continue
        if change.remove:
            del modules[found[0]]
            base_modules -= 1
            continue
        module = modules[found[0]] = dict(modules[found[0]])
        for field in _CHANGED_FIELDS:
            value = getattr(change, field)
            if value is not None:
                module[field] = value
        if change.sessions is not None or change.intakes is not None:
            # A new calendar replaces the whole old one: "sessions = []" still means any time.
            module["sessions"] = [day.isoformat() for day in change.sessions or []]
            module["intakes"] = [
                intake.model_dump(mode="json", by_alias=True, exclude_none=True)
                for intake in change.intakes or []
            ]
    return problems


def _of_base(problem: Problem, source: str, lines: Lines) -> Problem:
    """A check error the base catalogue has on its own, that the scenario's changes left."""
    message = f"catalogue file {source!r} (not fixed by the scenario's changes): {problem}"
    return Problem(where(("catalogue", "source"), lines), "", message)


def _placed(
    problem: Problem, counts: Mapping[str, int], doc: CatalogueChoiceDoc, lines: Lines
) -> Problem:
    """A problem of the merged catalogue, placed in the scenario when an addition or a change
    caused it; otherwise shown under ``catalogue`` with the loader's own words."""
    item = _ITEM.match(problem.where)
    if item is not None and int(item["index"]) >= counts.get(item["list"], 0):
        path: DataPath = ("catalogue", item["list"], int(item["index"]) - counts[item["list"]])
        if item["block"] is not None:
            path = (*path, "blocks", int(item["block"]))
        return Problem(where((*path, *path_parts(problem.field)), lines), "", problem.message)
    subject = _SUBJECT.match(problem.where)
    if subject is not None:
        place = _subject_place(subject["kind"], subject["id"], doc)
        if place is not None:
            return Problem(where(place, lines), "", problem.message)
    return Problem(where(("catalogue",), lines), "", f"with the scenario's changes, {problem}")


def _subject_place(kind: str, identifier: str, doc: CatalogueChoiceDoc) -> DataPath | None:
    """Where the scenario adds or changes the item a consistency finding names, if it does."""
    name = _KINDS.get(kind)
    if name is None:
        return None
    key = _LISTS[name]
    for index, item in enumerate(getattr(doc, name)):
        if getattr(item, key, None) == identifier:
            return ("catalogue", name, index)
    if kind == "module":
        for index, change in enumerate(doc.changes):
            if change.module == identifier:
                return ("catalogue", "changes", index)
    return None


def unreadable(what: str, name: str, problem: Problem) -> str:
    """``learner file 'ana.toml', line 3: invalid TOML: …`` (the reader calls the file "file")."""
    place = f"{what} file {name!r}" + (f", {problem.field}" if problem.field else "")
    return f"{place}: {problem.message}"
