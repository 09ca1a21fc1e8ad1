"""An imported catalogue checked and written from its store, one item at a time.

An RNCP import into an empty catalogue (the national import) never holds the catalogue in
memory: the assembly files its documents in a :class:`~.store.Store`, and this module merges the
equivalences, checks the catalogue and writes it from there. What it finds is what building the
catalogue (:func:`itineraire.files.loading.catalogue_from_data`) and checking it
(:func:`itineraire.analysis.checks.check_catalogue`) find, problem for problem and finding for
finding, in the same order; the tests hold the two ways to each other.

Such a catalogue holds certifications, their blocks and equivalences, and nothing else (no
module, competence, scale or rule), which is what keeps the checks few: the structure (codes,
levels, blocks listed once, known versions and blocks), reachability (VAE and equivalences
only), version cycles, and VAE certifications whose blocks name no jobs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from typing import Any, overload

import networkx as nx

from itineraire.analysis.checks import Finding, Severity, version_cycles
from itineraire.errors import CatalogueError, Problem
from itineraire.files._reading import bounds_problem
from itineraire.files.documents import CatalogueDoc
from itineraire.files.limits import LIST_ITEMS
from itineraire.importing.assembled import Assembled
from itineraire.importing.report import ImportReport
from itineraire.importing.store import Store
from itineraire.importing.writing import Streamed
from itineraire.model.certifications import AccessRoute, Registry
from itineraire.model.requirements import HasBlock, all_of
from itineraire.modules import ModuleKind

__all__ = ["StoredCatalogue"]

_SOURCE = "(the catalogue after the import)"
_TOP = "top level"

_SCHEMA = [
    "CREATE TABLE merged (id TEXT PRIMARY KEY, position INTEGER NOT NULL)",
    "CREATE TABLE owners (links TEXT PRIMARY KEY, id TEXT NOT NULL)",
    "CREATE TABLE catalogue_blocks (code TEXT PRIMARY KEY, certification TEXT NOT NULL)",
    "CREATE TABLE sides (equivalence TEXT NOT NULL, side INTEGER NOT NULL, block TEXT NOT NULL)",
    "CREATE INDEX sides_of ON sides (equivalence, side)",
    "CREATE INDEX granting ON sides (block)",
    "CREATE TABLE directions (equivalence TEXT NOT NULL, needed INTEGER NOT NULL)",
    "CREATE TABLE reached (block TEXT PRIMARY KEY)",
    "CREATE TABLE cycle_links (old TEXT NOT NULL, new TEXT NOT NULL, PRIMARY KEY (old, new))",
    "CREATE TABLE findings (severity INTEGER, code TEXT, subject TEXT, message TEXT,"
    " UNIQUE (severity, code, subject, message))",
]


class StoredCatalogue:
    """The catalogue an RNCP import assembled into an empty one, kept in its store."""

    def __init__(self, assembled: Assembled, report: ImportReport, name: str) -> None:
        self.assembled = assembled
        self.store = assembled.store
        self.name = name
        for statement in _SCHEMA:
            self.store.run(statement)
        self._merge_equivalences(report)
        self.certification_count = self.store.one("SELECT count(*) FROM certifications")
        self.equivalence_count = self.store.one("SELECT count(*) FROM merged")

    def close(self) -> None:
        """Drop the store (the blocks' texts are the result's to drop)."""
        self.store.close()

    # -- the merge into an empty catalogue ----------------------------------------------------

    def _merge_equivalences(self, report: ImportReport) -> None:
        """What :func:`~.merging.merge` does to the imported equivalences: the first to link
        the same blocks wins, a later one of the same identifier replaces an earlier one."""
        walked = self.store.walk(
            "SELECT position, id, document FROM equivalences ORDER BY position"
        )
        for position, identifier, document in walked:
            links = _links(json.loads(document))
            owner = self.store.one("SELECT id FROM owners WHERE links = ?", (links,))
            if owner is not None and owner != identifier:
                report.note(
                    f"equivalence {identifier}: the same blocks are already linked by {owner}"
                )
                continue
            replaced = self.store.one(
                "SELECT document FROM equivalences WHERE position ="
                " (SELECT position FROM merged WHERE id = ?)",
                (identifier,),
            )
            if replaced is not None:
                self.store.run(
                    "DELETE FROM owners WHERE links = ? AND id = ?",
                    (_links(json.loads(replaced)), identifier),
                )
            self.store.run("INSERT OR REPLACE INTO merged VALUES (?, ?)", (identifier, position))
            self.store.run("INSERT OR REPLACE INTO owners VALUES (?, ?)", (links, identifier))

    # -- the documents, one at a time -----------------------------------------------------------

    def certifications(self) -> Iterator[dict[str, Any]]:
        """The certifications' JSON data, by code (the blocks without their texts)."""
        return self.assembled.certification_data()

    def equivalences(self) -> Iterator[dict[str, Any]]:
        """The equivalences' JSON data, by identifier."""
        walked = self.store.walk(
            "SELECT document FROM merged JOIN equivalences USING (position) ORDER BY merged.id"
        )
        for (document,) in walked:
            yield json.loads(document)

    def data(self) -> dict[str, Any]:
        """The catalogue as JSON data, its format first; the two long lists are
        :class:`Streamed`: they read the store again each time they are walked."""
        document = CatalogueDoc(name=self.name)
        dumped = document.model_dump(mode="json", by_alias=True, exclude_defaults=True)
        lists: dict[str, Streamed] = {
            "certifications": Streamed(self.certification_count, self.certifications),
            "equivalences": Streamed(self.equivalence_count, self.equivalences),
        }
        data: dict[str, Any] = {"format": document.format}
        for name, field in CatalogueDoc.model_fields.items():
            key = field.alias or name
            if key in lists and len(lists[key]):
                data[key] = lists[key]
            elif key in dumped and key != "format":
                data[key] = dumped[key]
        return data

    def summary(self) -> dict[str, int]:
        """What :meth:`itineraire.model.catalogue.Catalogue.summary` says of the catalogue."""
        counts = {
            "certifications": self.certification_count,
            "blocks": self.store.one("SELECT count(*) FROM catalogue_blocks"),
            "competences": 0,
            "equivalences": self.equivalence_count,
        }
        counts.update({f"{kind.value} modules": 0 for kind in ModuleKind})
        return counts

    # -- building: the problems that refuse the catalogue -------------------------------------

    def build(self) -> None:
        """Raise :class:`CatalogueError` with the problems building the catalogue finds."""
        problems: list[Problem] = []
        # The limits are checked in the order of the file, as a whole catalogue's would be.
        bounds = _too_long("certifications", self.certification_count)
        for index, certification in enumerate(self.certifications()):
            bounds = bounds or _bounds(certification, f"certifications[{index}]")
            problems += self._certification_problems(index, certification)
        bounds = bounds or _too_long("equivalences", self.equivalence_count)
        for index, equivalence in enumerate(self.equivalences()):
            bounds = bounds or _bounds(equivalence, f"equivalences[{index}]")
            problems += self._equivalence_problems(index, equivalence)
        if bounds is not None:
            raise CatalogueError(_SOURCE, [bounds])
        if problems:
            raise CatalogueError(_SOURCE, problems)

    def _certification_problems(self, index: int, data: dict[str, Any]) -> list[Problem]:
        code = data["code"]
        where = f"certifications[{index}] {code!r}"
        problems = [Problem(where, field, message) for field, message in _certification(data)]
        for field in ("replaces", "replaced_by"):
            for position, other in enumerate(data.get(field, [])):
                if other == code:
                    message = "a certification cannot replace itself"
                    problems.append(Problem(where, f"{field}[{position}]", message))
                elif not self._is_certification(other):
                    message = f"unknown certification {other!r}"
                    problems.append(Problem(where, f"{field}[{position}]", message))
        routes = data.get("access_routes", [])
        for route in dict.fromkeys(routes):
            if routes.count(route) > 1:
                message = f"{route!r} appears {routes.count(route)} times"
                problems.append(Problem(where, "access_routes", message))
        for position, block in enumerate(data.get("blocks", [])):
            owner = self.store.one(
                "SELECT certification FROM catalogue_blocks WHERE code = ?", (block["code"],)
            )
            if owner is not None:
                message = (
                    f"duplicate block code {block['code']!r} (also in certification {owner!r})"
                )
                problems.append(
                    Problem(f"{where} blocks[{position}] {block['code']!r}", "code", message)
                )
                continue
            self.store.run("INSERT INTO catalogue_blocks VALUES (?, ?)", (block["code"], code))
        return problems

    def _is_certification(self, code: str) -> bool:
        found = self.store.one("SELECT 1 FROM certifications WHERE code = ?", (code,))
        return found is not None

    def _is_block(self, code: str) -> bool:
        # Every certification was walked before the equivalences: the index is complete.
        found = self.store.one("SELECT 1 FROM catalogue_blocks WHERE code = ?", (code,))
        return found is not None

    def _equivalence_problems(self, index: int, data: dict[str, Any]) -> list[Problem]:
        where = f"equivalences[{index}] {data['id']!r}"
        problems: list[Problem] = []
        sides: list[list[str]] = []
        for field in ("from", "to"):
            known: list[str] = []
            for position, code in enumerate(data[field]):
                if not self._is_block(code):
                    problems.append(
                        Problem(where, f"{field}[{position}]", f"unknown block {code!r}")
                    )
                elif code in known:
                    message = f"block {code!r} is listed twice"
                    problems.append(Problem(where, f"{field}[{position}]", message))
                else:
                    known.append(code)
            sides.append(known)
        for code in sorted(set(sides[0]) & set(sides[1])):
            message = f"block {code!r} is also in from: it cannot grant itself"
            problems.append(Problem(where, "to", message))
        if not problems:
            for side, codes in enumerate(sides):
                self.store.many(
                    "INSERT INTO sides VALUES (?, ?, ?)", ((data["id"], side, c) for c in codes)
                )
            needs = (0, 1) if data.get("mutual", True) else (0,)
            self.store.many(
                "INSERT INTO directions VALUES (?, ?)", ((data["id"], n) for n in needs)
            )
        return problems

    # -- checking: the findings ---------------------------------------------------------------

    def findings(self) -> StoredFindings:
        """The findings of :func:`~itineraire.analysis.checks.check_catalogue`, in its order
        (call :meth:`build` first: it fills the indexes the checks use)."""
        self._reach()
        for certification in self.certifications():
            self._check_certification(certification)
        self._unvalidatable_blocks()
        self._version_cycles()
        return StoredFindings(self.store)

    def _find(self, severity: Severity, code: str, subject: str, message: str) -> None:
        self.store.run(
            "INSERT OR IGNORE INTO findings VALUES (?, ?, ?, ?)",
            (_SEVERITIES.index(severity), code, subject, message),
        )

    def _reach(self) -> None:
        """The relaxed reach of an empty start: without modules, the blocks of certifications
        open to VAE (any experience is assumed), then what equivalences grant, to a fixpoint."""
        for certification in self.certifications():
            if AccessRoute.VAE.value in certification.get("access_routes", []):
                self.store.many(
                    "INSERT OR IGNORE INTO reached VALUES (?)",
                    ((block["code"],) for block in certification.get("blocks", [])),
                )
        while self.store.run(_GRANT):
            pass

    def _check_certification(self, data: dict[str, Any]) -> None:
        code = data["code"]
        blocks = [block["code"] for block in data.get("blocks", [])]
        subject = f"certification {code}"
        if any(not self._is_reached(block) for block in blocks):
            rule = all_of(tuple(HasBlock(block) for block in blocks))
            message = f"its validation rule can never be met: {rule}"
            self._find(Severity.ERROR, "certification-unreachable", subject, message)
        vae = AccessRoute.VAE.value in data.get("access_routes", [])
        if vae and len(blocks) >= 2 and not any(b.get("experience_rome") for b in data["blocks"]):
            rome = data.get("rome", [])
            jobs = ", ".join(rome)
            counts = f"experience in any of its jobs ({jobs})" if jobs else "any experience"
            message = (
                f"is open to VAE, but none of its {len(blocks)} blocks names its related jobs"
                f" (experience_rome): {counts} counts for every block, so one job's hours may"
                " validate them all"
            )
            self._find(Severity.WARNING, "vae-blocks-without-jobs", subject, message)

    def _is_reached(self, block: str) -> bool:
        return self.store.one("SELECT 1 FROM reached WHERE block = ?", (block,)) is not None

    def _unvalidatable_blocks(self) -> None:
        walked = self.store.walk(
            "SELECT code, EXISTS (SELECT 1 FROM sides JOIN directions USING (equivalence)"
            "  WHERE sides.block = catalogue_blocks.code AND sides.side != directions.needed)"
            " FROM catalogue_blocks WHERE code NOT IN (SELECT block FROM reached)"
        )
        for code, granted in walked:
            # A certification open to VAE has every block reached: not the VAE message here.
            message = (
                "no module validates it and its equivalences need blocks that cannot be had"
                if granted
                else "no module or placement validates it, no equivalence grants it"
                " and its certification is not open to VAE"
            )
            self._find(Severity.ERROR, "block-not-validatable", f"block {code}", message)

    def _version_cycles(self) -> None:
        """Version cycles: the links are pruned of every certification with no former or no
        new version (it cannot be on a cycle) until none is left; what remains is small."""
        self.store.run("INSERT INTO cycle_links SELECT old, new FROM links")
        while self.store.run(_PRUNE):
            pass
        graph = nx.DiGraph()
        graph.add_edges_from(self.store.rows("SELECT old, new FROM cycle_links"))
        for code, message in version_cycles(graph):
            self._find(Severity.WARNING, "version-cycle", f"certification {code}", message)


_SEVERITIES = [Severity.ERROR, Severity.WARNING]

# What building a catalogue takes for the code of a real fiche (:mod:`itineraire.files.catalogue`).
_REAL_CODE = {Registry.RNCP: re.compile(r"^RNCP[0-9]+$"), Registry.RS: re.compile(r"^RS[0-9]+$")}

# One pass of the equivalences: each direction whose needed blocks are all reached grants its
# other side.
_GRANT = (
    "INSERT OR IGNORE INTO reached"
    " SELECT granted.block FROM directions"
    " JOIN sides AS granted ON granted.equivalence = directions.equivalence"
    "  AND granted.side != directions.needed"
    " WHERE NOT EXISTS (SELECT 1 FROM sides AS needed"
    "  WHERE needed.equivalence = directions.equivalence AND needed.side = directions.needed"
    "  AND needed.block NOT IN (SELECT block FROM reached))"
)

_PRUNE = (
    "DELETE FROM cycle_links WHERE old NOT IN (SELECT new FROM cycle_links)"
    " OR new NOT IN (SELECT old FROM cycle_links)"
)


class StoredFindings(Sequence[Finding]):
    """The findings, read from the store in their order each time they are walked."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.length: int = store.one("SELECT count(*) FROM findings")

    def __len__(self) -> int:
        return self.length

    def __iter__(self) -> Iterator[Finding]:
        rows = self.store.walk(
            "SELECT severity, code, subject, message FROM findings"
            " ORDER BY severity, code, subject, message"
        )
        for severity, code, subject, message in rows:
            yield Finding(_SEVERITIES[severity], code, subject, message)

    @overload
    def __getitem__(self, index: int) -> Finding: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Finding]: ...

    def __getitem__(self, index: int | slice) -> Finding | Sequence[Finding]:
        return tuple(self)[index]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return tuple(self) == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))


def _certification(data: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """The problems building finds in one certification by itself: (field, message)."""
    code, registry = data["code"], Registry(data["registry"])
    real = not data.get("provenance", {}).get("illustrative", False)
    if real and not _REAL_CODE[registry].match(code):
        expected = "RNCP followed by digits" if registry is Registry.RNCP else "RS + digits"
        yield (
            "code",
            f"{code!r} is not a real {registry.value.upper()} code ({expected});"
            " mark the entry illustrative if it is not a real fiche",
        )
    level, blocks = data.get("level"), data.get("blocks", [])
    if registry is Registry.RNCP and level is None:
        yield "level", "an RNCP certification needs a level from 3 to 8"
    if registry is Registry.RNCP and not blocks:
        yield "blocks", "an RNCP certification needs at least one block"
    if registry is Registry.RS and level is not None:
        yield "level", "an RS certification has no level"
    if registry is Registry.RS and len(blocks) > 1:
        yield (
            "blocks",
            "an RS certification is awarded as a whole: one block at most, standing for it",
        )
    start, end = data.get("valid_from"), data.get("valid_until")
    # ISO dates (YYYY-MM-DD) sort as the days they name.
    if start and end and end < start:
        yield "valid_until", "ends before valid_from"


def _too_long(key: str, count: int) -> Problem | None:
    return (
        Problem(key, "", f"has {LIST_ITEMS.exceeded(count)}") if count > LIST_ITEMS.value else None
    )


def _bounds(data: dict[str, Any], where: str) -> Problem | None:
    """The first limit ``data`` (an item of the catalogue) breaks, placed in the catalogue."""
    problem = bounds_problem(data, _TOP)
    if problem is None:
        return None
    inside = problem.field
    field = where + ("" if not inside or inside.startswith("[") else ".") + inside
    return Problem(field, "", problem.message)


def _links(equivalence: dict[str, Any]) -> str:
    """Which blocks an equivalence links, as a key: a mutual one links its two sides either
    way, a one-way one only from → to (see :mod:`.merging`)."""
    sides = ["\x1f".join(sorted(set(equivalence[key]))) for key in ("from", "to")]
    if equivalence.get("mutual", True):
        return "\x1e".join(sorted(sides))
    return "\x1d".join(sides)
