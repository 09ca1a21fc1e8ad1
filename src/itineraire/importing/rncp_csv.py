"""Reading the RNCP CSV export: a zip of ``;``-separated tables, one row per fiche or per item.

The traps of the real files: every field is quoted; SIRET fields start with a TAB inside the
quotes; member names are UTF-8 without the zip UTF-8 flag (so Python reads them as cp437 and
they must be re-decoded); the ``Standard`` table's ``Actif`` says ACTIVE / INACTIVE. The CSV has
no competence lists and no correspondences. The side tables are read into memory by fiche (the
export is a few megabytes); only the XML flux is streamed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterator, MutableMapping
from pathlib import Path
from typing import TypeVar

import attrs

from itineraire.errors import Problem
from itineraire.files.limits import (
    ROWS,
    ZIP_MEMBER_BYTES,
    ZIP_RATIO,
    NotARegularFileError,
    open_regular,
)
from itineraire.importing.fiches import Fiche, FicheBlock
from itineraire.importing.report import ImportReport, UnreadableSourceError
from itineraire.importing.values import (
    block_code,
    fiche_registry_code,
    french_date,
    level,
    rome_code,
    shortened,
)
from itineraire.model.certifications import AccessRoute, Registry

__all__ = ["CSV_ROUTES", "read_csv_fiches"]

CSV_ROUTES = {
    "par experience": AccessRoute.VAE,
    "par candidature individuelle": AccessRoute.INDIVIDUAL_APPLICATION,
    "apres un parcours de formation sous statut d'eleve ou d'etudiant": AccessRoute.STUDENT,
    "en contrat d'apprentissage": AccessRoute.APPRENTICESHIP,
    "en contrat de professionnalisation": AccessRoute.PROFESSIONALISATION_CONTRACT,
    "apres un parcours de formation continue": AccessRoute.CONTINUING_TRAINING,
}
"""The ``Si_Jury`` labels of the ``VoixdAccès`` table (accents and apostrophes normalised)."""

_MEMBER = re.compile(r"^(?:.*/)?export_fiches_CSV_(?P<table>.+?)_\d{4}_\d{2}_\d{2}\.csv$")
_COLUMNS = {
    "Standard": ("Numero_Fiche", "Intitule", "Nomenclature_Europe_Niveau", "Actif"),
    "Blocs_De_Compétences": ("Numero_Fiche", "Bloc_Competences_Code", "Bloc_Competences_Libelle"),
    "Ancienne_Nouvelle_Certification": (
        "Numero_Fiche",
        "Ancienne_Certification",
        "Nouvelle_Certification",
    ),
    "VoixdAccès": ("Numero_Fiche", "Si_Jury"),
    "Rome": ("Numero_Fiche", "Codes_Rome_Code"),
    "Certificateurs": ("Numero_Fiche", "Nom_Certificateur"),
}
_KEPT = frozenset(
    [column for columns in _COLUMNS.values() for column in columns]
    + ["Date_Effet", "Date_Fin_Enregistrement"]
)
_ACTIVE = {"ACTIVE": True, "INACTIVE": False}
_T = TypeVar("_T")
Row = dict[str, str]


def read_csv_fiches(
    path: Path,
    problems: list[Problem],
    report: ImportReport,
    seen: MutableMapping[str, str] | None = None,
) -> Iterator[Fiche]:
    """Yield the fiches of a CSV export zip; problems are appended to ``problems``. ``seen``
    maps the fiche numbers already read to their file's name, to find duplicates."""
    seen = {} if seen is None else seen
    tables = _read_tables(path, problems, report)
    if tables is None:
        raise UnreadableSourceError(problems)
    side = {name: _by_fiche(rows) for name, rows in tables.items() if name != "Standard"}
    for index, row in enumerate(tables["Standard"], start=2):
        report.count_read("fiches")
        where = f"Standard line {index}"
        fiche = _Row(row, where, problems, report).fiche(side)
        if fiche is None:
            continue
        if fiche.code in seen:
            message = f"duplicate fiche number (also in {seen[fiche.code]})"
            problems.append(Problem(where, "Numero_Fiche", message))
            continue
        seen[fiche.code] = path.name
        yield attrs.evolve(fiche, origin=f"{path.name}, {where}")
    _report_orphans(tables, side, report)


def _report_orphans(
    tables: dict[str, list[Row]], side: dict[str, dict[str, list[Row]]], report: ImportReport
) -> None:
    """Rows of a side table for a fiche the ``Standard`` table lacks are left out, and said."""
    standard = {row["Numero_Fiche"] for row in tables["Standard"]}
    for name, rows in sorted(side.items()):
        orphans = sorted(code for code in rows if code not in standard)
        if orphans:
            report.skip(
                f"CSV {name} rows: fiche not in the Standard table",
                sum(len(rows[code]) for code in orphans),
            )
            report.note(
                f"CSV {name}: rows for fiches not in Standard, left out: {', '.join(orphans)}"
            )


def _read_tables(
    path: Path, problems: list[Problem], report: ImportReport
) -> dict[str, list[Row]] | None:
    try:
        with open_regular(path) as raw, zipfile.ZipFile(raw) as archive:
            members = _members(archive, problems)
            if problems:
                return None
            if "Standard" not in members:
                found = ", ".join(sorted(_member_name(info) for info in members.values()))
                problems.append(
                    Problem("file", "", f"has no export_fiches_CSV_Standard_*.csv member ({found})")
                )
                return None
            for name, info in sorted(members.items()):
                if name not in _COLUMNS:
                    report.skip(f"CSV table {_member_name(info)}: not used by the catalogue")
            tables = {}
            for name in _COLUMNS:
                if name in members and _bounded(members[name], problems):
                    rows = _read_table(archive, members[name], name, problems)
                    tables[name] = rows if rows is not None else []
            return None if problems else tables
    except FileNotFoundError:
        problems.append(Problem("file", "", "no such file"))
    except NotARegularFileError as error:
        problems.append(Problem("file", "", str(error)))
    except (zipfile.BadZipFile, EOFError):
        problems.append(Problem("file", "", "is not a zip archive (or it is truncated)"))
    except OSError as error:
        problems.append(Problem("file", "", f"cannot be read ({error.strerror})"))
    return None


def _members(archive: zipfile.ZipFile, problems: list[Problem]) -> dict[str, zipfile.ZipInfo]:
    """The members by table; a table given twice is refused (which one to read would be a
    guess, and dropping one silently would lose its fiches)."""
    members: dict[str, zipfile.ZipInfo] = {}
    for info in archive.infolist():
        name = _table_name(info)
        if name in members and name in _COLUMNS:
            problems.append(
                Problem(
                    "file",
                    "",
                    f"holds the {name} table twice ({_member_name(members[name])} and"
                    f" {_member_name(info)}); give one export per zip",
                )
            )
            continue
        members.setdefault(name, info)
    return members


# Below this size a member is read whatever its ratio (a tiny table of repeated text
# compresses very well).
_RATIO_FLOOR = 1_000_000


def _bounded(info: zipfile.ZipInfo, problems: list[Problem]) -> bool:
    """Whether a member's declared size and compression ratio are within the limits. The
    declared size is what :mod:`zipfile` reads at most (and it checks the CRC at the end), so a
    member that lies about its size cannot inflate past it."""
    where = _member_name(info)
    if info.file_size > ZIP_MEMBER_BYTES.value:
        problems.append(
            Problem(where, "", f"inflates to {ZIP_MEMBER_BYTES.exceeded(info.file_size)}")
        )
        return False
    ratio = info.file_size // max(info.compress_size, 1)
    if info.file_size > _RATIO_FLOOR and ratio > ZIP_RATIO.value:
        problems.append(Problem(where, "", f"inflates {ZIP_RATIO.exceeded(ratio)}"))
        return False
    return True


def _member_name(info: zipfile.ZipInfo) -> str:
    if info.flag_bits & 0x800:
        return info.filename
    # No UTF-8 flag: Python decoded the name as cp437; the export wrote UTF-8 bytes.
    try:
        return info.filename.encode("cp437").decode("utf-8")
    except UnicodeError:
        return info.filename


def _table_name(info: zipfile.ZipInfo) -> str:
    name = _member_name(info)
    found = _MEMBER.match(name)
    return found["table"] if found else name


def _read_table(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, problems: list[Problem]
) -> list[Row] | None:
    where = _member_name(info)
    try:
        with archive.open(info) as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
            reader = csv.DictReader(text, delimiter=";", quotechar='"', strict=True)
            missing = [
                column for column in _COLUMNS[name] if column not in (reader.fieldnames or [])
            ]
            if missing:
                problems.append(Problem(where, "", f"misses the columns {', '.join(missing)}"))
                return None
            return _rows(reader, where, problems)
    except UnicodeDecodeError as error:
        problems.append(
            Problem(where, "", f"is not UTF-8 text (byte 0x{error.object[error.start]:02x})")
        )
    except csv.Error as error:
        problems.append(Problem(where, "", f"is not valid CSV: {error}"))
    return None


# A table broken throughout (another delimiter, another export) is not read to its end.
_WRONG_ROWS = 1_000


def _rows(reader: csv.DictReader[str], where: str, problems: list[Problem]) -> list[Row] | None:
    """The rows of a table, bounded in number; only the columns the catalogue reads are kept,
    so that the side tables hold a few short strings a row."""
    limit = ROWS.value
    rows: list[Row] = []
    failed = len(problems)
    for row in reader:
        if len(rows) >= limit:
            problems.append(Problem(where, f"line {reader.line_num}", f"has {ROWS.exceeded()}"))
            return None
        width = len(reader.fieldnames or [])
        count = width - sum(value is None for value in row.values()) + len(row.get(None) or [])
        if count != width:
            # A short row would leave its last columns empty: read as missing values, wrongly.
            message = f"has {count} fields, the header has {width}"
            problems.append(Problem(where, f"line {reader.line_num}", message))
            if len(problems) - failed >= _WRONG_ROWS:
                message = f"reading stopped after {_WRONG_ROWS:,} rows of the wrong width"
                problems.append(Problem(where, "", message))
                return None
            continue
        rows.append({key: (row[key] or "").strip() for key in _KEPT if key in row})
    return None if failed < len(problems) else rows


def _by_fiche(rows: list[Row]) -> dict[str, list[Row]]:
    grouped: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        grouped[row["Numero_Fiche"]].append(row)
    return grouped


class _Row:
    """Reads one row of the ``Standard`` table and the rows of the side tables for its fiche."""

    def __init__(
        self, row: Row, where: str, problems: list[Problem], import_report: ImportReport
    ) -> None:
        self.row = row
        self.where = where
        self.problems = problems
        self.import_report = import_report
        self.failed = False

    def report(self, field: str, message: str) -> None:
        self.failed = True
        self.problems.append(Problem(self.where, field, message))

    def _value(self, field: str, read: Callable[[str], _T], text: str) -> _T | None:
        try:
            return read(text)
        except ValueError as error:
            self.report(field, str(error))
            return None

    def fiche(self, side: dict[str, dict[str, list[Row]]]) -> Fiche | None:
        code = self._value("Numero_Fiche", fiche_registry_code, self.row["Numero_Fiche"])
        title = self.row["Intitule"]
        if not title:
            self.report("Intitule", "is missing or empty")
        active = _ACTIVE.get(self.row["Actif"])
        if active is None:
            self.report("Actif", f"{self.row['Actif']!r} is neither ACTIVE nor INACTIVE")
        fiche_level = self._value(
            "Nomenclature_Europe_Niveau", level, self.row["Nomenclature_Europe_Niveau"]
        )
        valid_from = self._date("Date_Effet")
        valid_until = self._date("Date_Fin_Enregistrement")
        if code is None or self.failed:
            return None
        rows = {name: table.get(code, []) for name, table in side.items()}
        fiche = Fiche(
            code=code,
            registry=Registry.RS if code.startswith("RS") else Registry.RNCP,
            title=shortened(title),
            active=bool(active),
            level=fiche_level,
            certifier=" ; ".join(
                dict.fromkeys(r["Nom_Certificateur"] for r in rows.get("Certificateurs", []))
            ),
            access_routes=self._routes(rows.get("VoixdAccès", [])),
            valid_from=valid_from,
            valid_until=valid_until,
            rome=self._checked(
                rows.get("Rome", []), "Rome Codes_Rome_Code", "Codes_Rome_Code", rome_code
            ),
            blocks=self._blocks(code, rows.get("Blocs_De_Compétences", [])),
            older=self._checked(
                rows.get("Ancienne_Nouvelle_Certification", []),
                "Ancienne_Nouvelle_Certification Ancienne_Certification",
                "Ancienne_Certification",
                fiche_registry_code,
            ),
            newer=self._checked(
                rows.get("Ancienne_Nouvelle_Certification", []),
                "Ancienne_Nouvelle_Certification Nouvelle_Certification",
                "Nouvelle_Certification",
                fiche_registry_code,
            ),
        )
        return None if self.failed else fiche

    def _date(self, column: str) -> dt.date | None:
        text = self.row.get(column, "")
        return self._value(column, french_date, text) if text else None

    def _checked(
        self, rows: list[Row], field: str, column: str, read: Callable[[str], str]
    ) -> tuple[str, ...]:
        values = (self._value(field, read, row[column]) for row in rows if row[column])
        return tuple(dict.fromkeys(value for value in values if value is not None))

    def _blocks(self, fiche_code: str, rows: list[Row]) -> tuple[FicheBlock, ...]:
        blocks: dict[str, FicheBlock] = {}
        for row in rows:
            text = row["Bloc_Competences_Code"]
            code = self._value("Blocs_De_Compétences Bloc_Competences_Code", block_code, text)
            title = row["Bloc_Competences_Libelle"]
            if not title:
                self.report(
                    "Blocs_De_Compétences Bloc_Competences_Libelle", f"is empty for block {text!r}"
                )
            if code is None or not title:
                continue
            if code in blocks:
                # As in the XML flux, the real export repeats a code in one fiche: the first wins.
                self.import_report.skip("block: code given twice in its fiche, first kept")
                self.import_report.note(f"{fiche_code}: block {code} given twice, first kept")
                continue
            blocks[code] = FicheBlock(code=code, title=shortened(title))
        return tuple(blocks.values())

    def _routes(self, rows: list[Row]) -> tuple[AccessRoute, ...]:
        routes: list[AccessRoute] = []
        for row in rows:
            route = CSV_ROUTES.get(_plain(row["Si_Jury"]))
            if route is None:
                self.report("VoixdAccès Si_Jury", f"unknown access route {row['Si_Jury']!r}")
            elif route not in routes:
                routes.append(route)
        return tuple(routes)


def _plain(label: str) -> str:
    decomposed = unicodedata.normalize("NFKD", label.replace("’", "'").casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()
