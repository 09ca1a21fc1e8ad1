"""Importing ROME 4.0 tables (France Travail, CSV ``unix_*_utf8.csv``).

The catalogue needs one thing from the ROME: which code is a sub-code of which parent
(``code_rome_parent`` of ``unix_referentiel_code_rome``), because RNCP fiches cite the parent
while a person's job may be a sub-code. With it, a learner's target can be a job: the
certifications citing the job or its parent lead to it (``Catalogue.certifications_for_job``).
The other ROME tables are recognised, counted and reported as not used.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

import attrs

from itineraire.errors import Problem
from itineraire.files.limits import ROWS, NotARegularFileError, open_regular
from itineraire.importing.report import ImportReport, SourceError
from itineraire.importing.values import rome_code

__all__ = ["RomeImport", "import_rome"]

_WHAT = "ROME table"
_REFERENTIAL = ("code_rome", "code_rome_parent", "libelle_rome")
# A first column that names a ROME 4.0 table (the other tables are keyed by these).
_KNOWN_KEYS = (
    "code_rome",
    "code_ogr",
    "code_ogr_savoir",
    "code_compo_bloc",
    "code_rubrique",
    "code_domaine_professionnel",
    "code_grand_domaine",
)


@attrs.frozen
class RomeImport:
    """What the ROME tables give the catalogue: sub-code → parent, and the codes known."""

    rome_parents: dict[str, str]
    jobs: dict[str, str]


def import_rome(paths: Sequence[Path]) -> tuple[RomeImport, ImportReport]:
    """Read ROME 4.0 CSV tables; at least one must be ``unix_referentiel_code_rome``."""
    report = ImportReport()
    parents: dict[str, str] = {}
    jobs: dict[str, str] = {}
    referential = False
    for path in paths:
        problems: list[Problem] = []
        rows = _read(path, problems)
        if rows is not None and rows[0] and set(_REFERENTIAL) <= set(rows[0]):
            referential = True
            _referential(rows[1], parents, jobs, problems, report)
        elif rows is not None:
            report.count_read("rows of other ROME tables", len(rows[1]))
            report.skip(f"ROME table {path.name}: not used by the catalogue", len(rows[1]))
        if problems:
            raise SourceError(_WHAT, str(path), problems)
    if not referential:
        names = ", ".join(path.name for path in paths)
        message = "none is the table of ROME codes (columns code_rome, code_rome_parent)"
        raise SourceError(_WHAT, names, [Problem("files", "", message)])
    report.keep("ROME jobs", len(jobs))
    report.keep("ROME sub-codes with a parent", len(parents))
    return RomeImport(dict(sorted(parents.items())), dict(sorted(jobs.items()))), report


def _read(path: Path, problems: list[Problem]) -> tuple[list[str], list[dict[str, str]]] | None:
    try:
        with io.TextIOWrapper(open_regular(path), encoding="utf-8-sig", newline="") as stream:
            reader = csv.DictReader(stream, delimiter=",", quotechar='"', strict=True)
            columns = list(reader.fieldnames or [])
            if not columns or columns[0] not in _KNOWN_KEYS:
                first = columns[0] if columns else "nothing"
                problems.append(
                    Problem("file", "line 1", f"is not a ROME 4.0 table (first column {first!r})")
                )
                return None
            return columns, _rows(reader, len(columns), problems)
    except FileNotFoundError:
        problems.append(Problem("file", "", "no such file"))
    except NotARegularFileError as error:
        problems.append(Problem("file", "", str(error)))
    except UnicodeDecodeError as error:
        problems.append(Problem("file", "", f"is not UTF-8 text (byte at offset {error.start})"))
    except csv.Error as error:
        problems.append(Problem("file", "", f"is not valid CSV: {error}"))
    except OSError as error:
        problems.append(Problem("file", "", f"cannot be read ({error.strerror})"))
    return None


# A table broken throughout (another delimiter) is not read to its end.
_WRONG_ROWS = 1_000


def _rows(reader: csv.DictReader[str], width: int, problems: list[Problem]) -> list[dict[str, str]]:
    """The rows, each with as many fields as the header: a row missing fields would leave its
    last columns empty (an empty parent reads as a top-level code), so it is refused."""
    rows: list[dict[str, str]] = []
    limit = ROWS.value
    wrong = 0
    for row in reader:
        if len(rows) >= limit:
            problems.append(Problem("file", f"line {reader.line_num}", f"has {ROWS.exceeded()}"))
            break
        count = width - sum(value is None for value in row.values()) + len(row.get(None) or [])
        if count != width:
            where = f"line {reader.line_num}"
            problems.append(Problem(where, "", f"has {count} fields, the header has {width}"))
            wrong += 1
            if wrong >= _WRONG_ROWS:
                message = f"reading stopped after {_WRONG_ROWS:,} rows of the wrong width"
                problems.append(Problem("file", "", message))
                break
            continue
        rows.append({k: (v or "").strip() for k, v in row.items() if k})
    return rows


def _referential(
    rows: list[dict[str, str]],
    parents: dict[str, str],
    jobs: dict[str, str],
    problems: list[Problem],
    report: ImportReport,
) -> None:
    for line, row in enumerate(rows, start=2):
        report.count_read("ROME codes")
        where = f"line {line}"
        code = _checked(row["code_rome"], where, "code_rome", problems)
        # An empty parent: a top-level code, its own parent.
        given = row["code_rome_parent"]
        parent = _checked(given, where, "code_rome_parent", problems) if given else code
        if code is None or parent is None:
            continue
        if code in jobs:
            problems.append(Problem(where, "code_rome", f"duplicate ROME code {code!r}"))
            continue
        jobs[code] = row.get("libelle_rome", "")
        if parent != code:
            parents[code] = parent
    for code, parent in parents.items():
        if parent not in jobs:
            report.note(f"ROME {code}: its parent {parent} is not in the table, kept as given")


def _checked(text: str, where: str, field: str, problems: list[Problem]) -> str | None:
    """The ROME code ``text``, or None when it is not one (a problem of ``field``)."""
    try:
        return rome_code(text)
    except ValueError as error:
        problems.append(Problem(where, field, str(error)))
        return None
