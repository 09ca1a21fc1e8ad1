"""One row of a population file: a learner file flattened into columns, and its refusals.

A row holds the learner's id, positioning date, held blocks and competences, experience, VAE
files under way, target and constraints, plus two free labels (territory, employment area) that
planning never reads. List cells hold items separated by ``;``; an item's parts are written
``CODE@DATE`` (a block held since a date), ``COMPETENCE=LEVEL``, ``ROME=HOURS``,
``CERTIFICATION@ADMISSIBLE[/JURY][=BLOCK+BLOCK]`` (a VAE file under way) and
``START/END[/ROME/HOURS]`` (a period).
The order of the items in a cell carries no meaning: they are sorted, so that two people who
hold the same things are the same planning problem.

A row is turned into a learner document and checked by the learner file's own rules; each
problem is reported as a :class:`Refusal` naming the row and the column.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import Any, Final

import attrs

from itineraire.errors import LearnerError, Problem
from itineraire.files.loading import learner_from_data
from itineraire.model.catalogue import Catalogue
from itineraire.model.learners import Learner

__all__ = [
    "COLUMNS",
    "LIST_COLUMNS",
    "Person",
    "Refusal",
    "RowError",
    "RowReader",
    "person_from_row",
]

COLUMNS: Final = (
    "id",
    "name",
    "positioning_date",
    "blocks",
    "competences",
    "experience",
    "vae_under_way",
    "target_certification",
    "target_blocks",
    "target_job",
    "start",
    "weekly_hours",
    "budget",
    "excluded_modules",
    "vae_allowed",
    "placement_required",
    "employment_allowed",
    "unavailable",
    "training_days",
    "holidays",
    "territory",
    "employment_area",
    "synthetic",
)
"""Every column a population file may have, in the order files are written."""

LIST_COLUMNS: Final = frozenset(
    {
        "blocks",
        "competences",
        "experience",
        "vae_under_way",
        "target_blocks",
        "excluded_modules",
        "unavailable",
        "training_days",
    }
)
REQUIRED_COLUMNS: Final = ("id", "positioning_date")
_FLAGS: Final = ("vae_allowed", "placement_required", "employment_allowed")
_TRUE = frozenset({"true", "yes", "1"})
_FALSE = frozenset({"false", "no", "0"})
_INTEGER = re.compile(r"^-?\d+$")
_INDEX = re.compile(r"\[(\d+)\]")
_TARGETS: Final = "target_certification, target_blocks, target_job"


@attrs.frozen
class Refusal:
    """A problem of one row: its number (the first learner is row 1), the column at fault, what
    is wrong. ``column`` is empty when the whole row is at fault."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        place = f"row {self.row}, column {self.column}" if self.column else f"row {self.row}"
        return f"{place}: {self.message}"


class RowError(Exception):
    """Internal: a row could not become a learner; carries every refusal of the row."""

    def __init__(self, refusals: list[Refusal]) -> None:
        super().__init__("\n".join(map(str, refusals)))
        self.refusals = tuple(refusals)


@attrs.frozen
class Person:
    """A learner of a population, with what the file says around them (never read by the
    planner): the row, the territory and employment area, and whether they are synthetic."""

    row: int
    learner: Learner
    territory: str = ""
    employment_area: str = ""
    synthetic: bool = False


def person_from_row(row: int, cells: Mapping[str, Any], catalogue: Catalogue) -> Person:
    """The person of one row; raises :class:`RowError` listing every problem of the row."""
    if "" in cells:
        # The row could not be read as cells at all (see population_rows).
        raise RowError([Refusal(row, "", str(cells[""]))])
    reading = _Row(row, {column: _blank_to_none(cells.get(column)) for column in COLUMNS})
    for column in REQUIRED_COLUMNS:
        if reading.values[column] is None:
            reading.refuse(column, "is empty")
    data = reading.learner_data()
    synthetic = reading.flag("synthetic")
    learner = None
    if reading.values["id"] is not None and reading.values["positioning_date"] is not None:
        # Checked even when some cells were refused (those are left out), so that the row's
        # problems are all reported at once.
        try:
            learner = learner_from_data(data, catalogue, source=f"row {row}")
        except LearnerError as error:
            reading.refusals.extend(reading.refusal(problem) for problem in error.problems)
    if reading.refusals or learner is None:
        raise RowError(reading.refusals)
    return Person(
        row=row,
        learner=learner,
        territory=_text(reading.values["territory"]),
        employment_area=_text(reading.values["employment_area"]),
        synthetic=bool(synthetic),
    )


_PERSONAL: Final = ("id", "name", "territory", "employment_area", "synthetic")
"""Cells that name or place the person: the learner of a row, id and name aside, is made of
the other cells alone."""
_PROBLEM_CELLS: Final = tuple(column for column in COLUMNS if column not in _PERSONAL)
_ID: Final = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:+-]{0,79}$")
"""The learner file's rule for an id (``Identifier``): a row whose id breaks it is read in
full, so that its refusal is the learner file's own."""


class RowReader:
    """Reads rows into people, for one catalogue, reusing the work done for an earlier row
    whose cells (the person's own aside) were the same.

    A population repeats the same positioning, experience and target many times; checking them
    once and giving each such row a copy of the learner under its own id and name gives the
    person :func:`person_from_row` gives, faster. At most ``room`` learners are kept."""

    def __init__(self, catalogue: Catalogue, room: int = 50_000) -> None:
        self.catalogue = catalogue
        self.room = room
        self._learners: OrderedDict[tuple[Any, ...], Learner] = OrderedDict()

    def person(self, row: int, cells: Mapping[str, Any]) -> Person:
        """The person of one row; raises :class:`RowError` listing every problem of the row."""
        key = _key(cells)
        identifier, name = cells.get("id"), cells.get("name")
        known = self._learners.get(key) if key is not None else None
        plain = isinstance(identifier, str) and _ID.match(identifier) and _is_text(name)
        if key is None or known is None or not isinstance(identifier, str) or not plain:
            person = person_from_row(row, cells, self.catalogue)
            if key is not None:
                self._learners[key] = person.learner
                if len(self._learners) > self.room:
                    self._learners.popitem(last=False)
            return person
        self._learners.move_to_end(key)
        name = _blank_to_none(name)
        reading = _Row(row, {"synthetic": _blank_to_none(cells.get("synthetic"))})
        synthetic = reading.flag("synthetic")
        if reading.refusals:
            return person_from_row(row, cells, self.catalogue)
        return Person(
            row=row,
            learner=attrs.evolve(known, id=identifier, name="" if name is None else str(name)),
            territory=_text(_blank_to_none(cells.get("territory"))),
            employment_area=_text(_blank_to_none(cells.get("employment_area"))),
            synthetic=bool(synthetic),
        )


def _is_text(value: Any) -> bool:
    return value is None or isinstance(value, str)


def _key(cells: Mapping[str, Any]) -> tuple[Any, ...] | None:
    """The cells a learner is made of (id and name aside), or None when they cannot be a key."""
    if "" in cells:
        return None
    values = []
    for column in _PROBLEM_CELLS:
        value = cells.get(column)
        if isinstance(value, list):
            value = tuple(value)
        values.append(value)
    key = tuple(values)
    try:
        hash(key)
    except TypeError:
        return None
    return key


@attrs.define
class _Row:
    """The cells of one row as they are parsed, with the refusals found so far."""

    row: int
    values: dict[str, Any]
    refusals: list[Refusal] = attrs.Factory(list)
    items: dict[str, list[str]] = attrs.Factory(dict)
    """Each list column's item texts, in the order of the learner document."""

    def refuse(self, column: str, message: str) -> None:
        self.refusals.append(Refusal(self.row, column, message))

    def learner_data(self) -> dict[str, Any]:
        """The learner document of the row (the learner file format)."""
        date = self.values["positioning_date"]
        positioning = {
            "date": date,
            "blocks": self.list("blocks", lambda text: _block(text, date)),
            "competences": self.list("competences", _competence),
            "experience": self.list("experience", _experience),
        }
        files = self.list("vae_under_way", _vae_file)
        if files:
            positioning["vae_under_way"] = files
        constraints: dict[str, Any] = {}
        if self.values["start"] is not None:
            constraints["start"] = self.values["start"]
        for column in ("weekly_hours", "budget"):
            number = self.integer(column)
            if number is not None:
                constraints[column] = number
        for column in _FLAGS:
            flag = self.flag(column)
            if flag is not None:
                constraints[column] = flag
        constraints["excluded_modules"] = self.list("excluded_modules", str)
        constraints["unavailable"] = self.list("unavailable", _period)
        days = self.list("training_days", str)
        if days:
            constraints["training_days"] = days
        if self.values["holidays"] is not None:
            constraints["holidays"] = self.values["holidays"]
        target: dict[str, Any] = {}
        if self.values["target_certification"] is not None:
            target["certification"] = self.values["target_certification"]
        blocks = self.list("target_blocks", str)
        if blocks:
            target["blocks"] = blocks
        if self.values["target_job"] is not None:
            target["job"] = self.values["target_job"]
        data: dict[str, Any] = {
            "id": self.values["id"],
            "positioning": positioning,
            "constraints": constraints,
            "target": target,
        }
        if self.values["name"] is not None:
            data["name"] = self.values["name"]
        return data

    def list(self, column: str, parse: Callable[[str], Any]) -> list[Any]:
        """The items of a list cell, parsed, sorted by their text (order carries no meaning)."""
        value = self.values[column]
        if value is None:
            texts: list[str] = []
        elif isinstance(value, str):
            texts = [part.strip() for part in value.split(";")]
        elif isinstance(value, list | tuple):
            texts = [str(part).strip() for part in value]
        else:
            self.refuse(column, f"expected a list, found {value!r}")
            texts = []
        kept, parsed = [], []
        for text in sorted(text for text in texts if text):
            try:
                parsed.append(parse(text))
                kept.append(text)
            except ValueError as error:
                self.refuse(column, f"item {text!r}: {error}")
        self.items[column] = kept
        return parsed

    def integer(self, column: str) -> int | None:
        value = self.values[column]
        if value is None or (isinstance(value, int) and not isinstance(value, bool)):
            return value
        if isinstance(value, str) and _INTEGER.match(value):
            return int(value)
        self.refuse(column, f"expected a whole number, found {value!r}")
        return None

    def flag(self, column: str) -> bool | None:
        value = self.values[column]
        if value is None or isinstance(value, bool):
            return value
        text = str(value).lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        self.refuse(column, f"expected true or false, found {value!r}")
        return None

    def refusal(self, problem: Problem) -> Refusal:
        """A problem found by the learner file's rules, as a refusal naming the row's column
        (and the item, for a list cell)."""
        where, field = problem.where, problem.field
        for prefix, column in _PLACES:
            if where.startswith(prefix):
                return Refusal(self.row, column, self._item(column, where, field, problem.message))
        if where == "positioning" and field == "date":
            return Refusal(self.row, "positioning_date", problem.message)
        if where == "target" and not field:
            # The target as a whole: none, or several, of its columns are given.
            message = problem.message.replace("certification, blocks, job", _TARGETS)
            return Refusal(self.row, "target", message)
        if where == "target":
            column = "target_" + field.split("[", 1)[0]
            return Refusal(self.row, column, self._item(column, field, "", problem.message))
        if where == "constraints" and field.startswith(("excluded_modules", "training_days")):
            column = field.split("[", 1)[0]
            return Refusal(self.row, column, self._item(column, field, "", problem.message))
        if where in ("top level", "constraints") and field in COLUMNS:
            return Refusal(self.row, field, problem.message)
        return Refusal(self.row, "", str(problem))

    def _item(self, column: str, where: str, field: str, message: str) -> str:
        """``message`` prefixed with the item of the cell it is about (and its part)."""
        match = _INDEX.search(where)
        if match is None:
            return message
        texts = self.items.get(column, [])
        index = int(match.group(1))
        item = f"item {texts[index]!r}" if index < len(texts) else f"item {index + 1}"
        return f"{item}, {field}: {message}" if field else f"{item}: {message}"


def _blank_to_none(value: Any) -> Any:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return value.strip() if isinstance(value, str) else value


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _block(text: str, positioning: Any) -> dict[str, Any]:
    code, _, date = text.partition("@")
    # A block given without its date is held as of the positioning.
    return {"block": code.strip(), "date": date.strip() or positioning}


def _competence(text: str) -> dict[str, Any]:
    competence, sign, level = text.partition("=")
    if sign and not level.strip():
        raise ValueError("expected COMPETENCE=LEVEL")
    return {"competence": competence.strip(), "level": level.strip() or None}


def _experience(text: str) -> dict[str, Any]:
    rome, sign, hours = text.partition("=")
    if not sign or not _INTEGER.match(hours.strip()):
        raise ValueError("expected ROME=HOURS, e.g. M1805=1200")
    return {"rome": rome.strip(), "hours": int(hours)}


def _vae_file(text: str) -> dict[str, Any]:
    """``CERTIFICATION@ADMISSIBLE[/JURY][=BLOCK+BLOCK…]``: a VAE file under way (``=`` alone:
    expected to award no block)."""
    head, sign, blocks = text.partition("=")
    certification, at, days = head.partition("@")
    admissible, slash, jury = days.partition("/")
    if not at or not certification.strip() or not admissible.strip() or (slash and not jury):
        raise ValueError("expected CERTIFICATION@ADMISSIBLE[/JURY][=BLOCK+BLOCK]")
    file: dict[str, Any] = {
        "certification": certification.strip(),
        "admissible": admissible.strip(),
    }
    if jury:
        file["jury"] = jury.strip()
    if sign:  # "=" and nothing after it: no block expected
        file["blocks"] = [block.strip() for block in blocks.split("+")] if blocks.strip() else []
    return file


def _period(text: str) -> dict[str, Any]:
    parts = [part.strip() for part in text.split("/")]
    if len(parts) == 2:
        return {"start": parts[0], "end": parts[1]}
    if len(parts) == 4 and _INTEGER.match(parts[3]):
        return {"start": parts[0], "end": parts[1], "rome": parts[2], "hours": int(parts[3])}
    raise ValueError("expected START/END or START/END/ROME/HOURS")


# Where the learner file's checks name a place, the column of the row that holds it.
_PLACES: Final = (
    ("positioning.competences", "competences"),
    ("positioning.blocks", "blocks"),
    ("positioning.experience", "experience"),
    ("positioning.vae_under_way", "vae_under_way"),
    ("constraints.unavailable", "unavailable"),
)
