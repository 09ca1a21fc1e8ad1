"""From fiches to catalogue documents: certifications, blocks, equivalences, version links.

What the exports say, and how it becomes a catalogue:

- a fiche becomes a certification, its ``BLOC_COMPETENCES`` its blocks;
- a ``CORRESPONDANCE`` becomes an equivalence between sets of blocks (mutual, as the correspondence
  tables are read both ways); no source block means every block of the fiche, no destination
  block every known block of the destination;
- a fiche referred to but absent from the import (not in the file, or filtered out) becomes an
  illustrative *reference* certification holding the blocks the correspondences name, so that the
  equivalence is kept; it is reported, never dropped silently. An RS fiche has no blocks: it is
  awarded as a whole. When a correspondence maps blocks to an RS fiche, the fiche is given one
  block standing for the whole certification (``<code>-ensemble``, flagged in its provenance),
  so that the correspondence becomes an equivalence like the others;
- ``ANCIENNES``/``NOUVELLES_CERTIFICATIONS`` become ``replaces``/``replaced_by`` between
  certifications of the catalogue; links to fiches absent from it are kept in the provenance note
  and reported. Between two versions both imported, an old block carries to a new one by a
  correspondence between the two versions, else by its label (codes are renumbered between
  versions); a correspondence to a third fiche does not stop the label match. The report says
  which old block carries to which new one and why, and which carry to none.

Nothing of this is held in memory: the fiches are filed on disk as they are read
(:mod:`.filing`), then walked in the order of their numbers (so that the same fiches give the
same catalogue, whatever the order of the file) while references, equivalences and version links
go to indexed tables of the same :class:`~.store.Store`; each certification is then built, and
so checked as a document, and filed as the JSON data the catalogue file is written from.
"""

from __future__ import annotations

import json
import pickle
from collections.abc import Iterable, Iterator
from typing import Any

from pydantic import ValidationError

from itineraire.errors import Problem
from itineraire.files.documents import BlockDoc, CertificationDoc, EquivalenceDoc, ProvenanceDoc
from itineraire.importing.assembled import SCHEMA, Assembled
from itineraire.importing.fiches import Correspondence, Fiche, FicheFilter
from itineraire.importing.filing import block_document, file_fiches
from itineraire.importing.report import ImportReport, SourceError
from itineraire.importing.spool import BlockTexts
from itineraire.importing.store import Store
from itineraire.importing.values import normalised_label, whole_certification_block
from itineraire.model.certifications import Registry

__all__ = ["Assembled", "assemble"]

_DUMP: dict[str, Any] = {"mode": "json", "by_alias": True, "exclude_defaults": True}


def _is_rs(code: str) -> bool:
    return code.startswith("RS")


def assemble(
    fiches: Iterable[Fiche],
    fiche_filter: FicheFilter,
    report: ImportReport,
    source: str,
    *,
    keep_going: bool = False,
    texts: BlockTexts | None = None,
) -> Assembled:
    """Filter the fiches (consumed one at a time) and turn those kept into documents.

    A fiche whose documents the catalogue refuses raises :class:`SourceError` naming the fiche
    and the file it was read from; with ``keep_going`` it is refused (reported) instead. With
    ``texts``, the blocks' competences and evaluation modes are checked, then put aside there:
    the documents are assembled without them.
    """
    store = Store(SCHEMA)
    try:
        file_fiches(fiches, fiche_filter, report, store, (keep_going, texts))
        _Assembler(store, report, source).run()
    except BaseException:
        store.close()
        if texts is not None:
            texts.close()
        raise
    return Assembled(store, texts)


def _pair(source: Iterable[str], target: Iterable[str]) -> str:
    """Two sets of blocks as one key, whichever side comes first (codes hold no control
    characters, the separators)."""
    sides = sorted("\x1f".join(sorted(set(side))) for side in (source, target))
    return "\x1e".join(sides)


class _Assembler:
    """Correspondences, references and version links, from the fiches filed in the store.

    Fiches are walked in the order of their numbers (so that the same fiches give the same
    catalogue, whatever the order of the file), one at a time.
    """

    def __init__(self, store: Store, report: ImportReport, source: str) -> None:
        self.store = store
        self.report = report
        self.source = source

    def fiches(self) -> Iterator[Fiche]:
        for (data,) in self.store.walk("SELECT fiche FROM fiches ORDER BY code"):
            fiche: Fiche = pickle.loads(data)
            yield fiche

    def fiche(self, code: str) -> Fiche:
        """The kept fiche ``code`` (it must be one)."""
        data = self.store.one("SELECT fiche FROM fiches WHERE code = ?", (code,))
        fiche: Fiche = pickle.loads(data)
        return fiche

    def is_kept(self, code: str) -> bool:
        return self.store.one("SELECT 1 FROM fiches WHERE code = ?", (code,)) is not None

    def is_stub(self, code: str) -> bool:
        return self.store.one("SELECT 1 FROM stubs WHERE code = ?", (code,)) is not None

    def run(self) -> None:
        for fiche in self.fiches():
            for correspondence in fiche.correspondences:
                self._stub_for(fiche, correspondence)
        for fiche in self.fiches():
            for position, correspondence in enumerate(fiche.correspondences, start=1):
                self._equivalence(fiche, position, correspondence)
        self._version_links()
        self._label_matches()
        # Every document is built (and so checked) now, the fiches first as they always were;
        # the catalogue is written from these, in the order of the codes.
        for fiche in self.fiches():
            self._file(self._checked(fiche))
        for code, level in self.store.rows(_USABLE_STUBS):
            self._file(self._stub_certification(code, level))
        fiches = self.store.one("SELECT count(*) FROM fiches")
        self.report.keep("certifications", fiches)
        self.report.keep("blocks", self.store.one("SELECT count(*) FROM blocks"))
        self.report.keep("equivalences", self.store.one("SELECT count(*) FROM equivalences"))

    def _file(self, document: CertificationDoc) -> None:
        data = json.dumps(document.model_dump(**_DUMP), ensure_ascii=False)
        self.store.run("INSERT INTO certifications VALUES (?, ?)", (document.code, data))

    # -- references to absent fiches ----------------------------------------------------------

    def _stub_for(self, fiche: Fiche, correspondence: Correspondence) -> None:
        code = correspondence.fiche
        if self.is_kept(code):
            return
        self.store.run("INSERT OR IGNORE INTO stubs VALUES (?, ?)", (code, fiche.level))
        self.store.run("INSERT OR IGNORE INTO referrers VALUES (?, ?)", (code, fiche.code))
        for block in correspondence.blocks:
            owner = self.store.one("SELECT fiche FROM blocks WHERE code = ?", (block,))
            if owner is not None and owner != code:
                # Bad data: the code of a block of another fiche; the correspondence is noted.
                continue
            self.store.run(
                "INSERT OR IGNORE INTO stub_blocks"
                " SELECT ?, (SELECT count(*) FROM stub_blocks WHERE stub = ?), ?",
                (code, code, block),
            )

    def _blocks_of(self, code: str) -> list[str]:
        if self.is_kept(code):
            blocks = [
                row[0]
                for row in self.store.rows(
                    "SELECT code FROM blocks WHERE fiche = ? ORDER BY position", (code,)
                )
            ]
            known = True
        else:
            blocks = self._stub_blocks(code)
            known = self.is_stub(code)
        if not blocks and _is_rs(code) and known:
            # Awarded as a whole: one block stands for the certification in equivalences.
            if self.store.run("INSERT OR IGNORE INTO whole VALUES (?)", (code,)):
                self.report.note(
                    f"{code}: RS fiche named by a block correspondence; its one block"
                    f" {whole_certification_block(code)} stands for the whole certification"
                )
            return [whole_certification_block(code)]
        return blocks

    def _stub_blocks(self, code: str) -> list[str]:
        rows = self.store.rows(
            "SELECT block FROM stub_blocks WHERE stub = ? ORDER BY position", (code,)
        )
        return [row[0] for row in rows]

    def _is_whole(self, code: str) -> bool:
        return self.store.one("SELECT 1 FROM whole WHERE code = ?", (code,)) is not None

    # -- correspondences ------------------------------------------------------------------------

    def _equivalence(self, fiche: Fiche, position: int, correspondence: Correspondence) -> None:
        self.report.count_read("correspondences of the fiches kept")
        own = self._blocks_of(fiche.code)
        source = list(correspondence.source_blocks) or own
        target = list(correspondence.blocks) or self._blocks_of(correspondence.fiche)
        label = _describe(correspondence)
        unknown = [code for code in source if code not in own]
        theirs = set(self._blocks_of(correspondence.fiche))
        missing = [code for code in target if code not in theirs]
        if not target:
            self._reference(fiche.code, f"correspondence {label} (no block on that side)")
            self.report.skip("correspondence: to a fiche without blocks, kept as a reference")
            return
        if unknown or missing:
            self._reference(
                fiche.code,
                f"correspondence {label} (unknown blocks: {', '.join(unknown + missing)})",
            )
            self.report.skip(
                "correspondence: names a block absent from its fiche, kept as a reference"
            )
            return
        pair = _pair(source, target)
        if self.store.one("SELECT 1 FROM pairs WHERE pair = ?", (pair,)) is not None:
            self.report.skip("correspondence: same blocks as another one")
            return
        if set(source) & set(target):
            self._reference(fiche.code, f"correspondence {label} (a block on both sides)")
            self.report.skip("correspondence: a block on both sides, kept as a reference")
            return
        self.store.run("INSERT INTO pairs VALUES (?)", (pair,))
        self._add(
            EquivalenceDoc(
                id=f"corr.{fiche.code}.{position}",
                from_=source,
                to=target,
                provenance=ProvenanceDoc(
                    source=f"{self.source}: fiche {fiche.code}, CORRESPONDANCE {position}",
                    note=f"correspondence {label}, read both ways",
                ),
            ),
            index=True,
        )

    def _add(self, equivalence: EquivalenceDoc, *, index: bool) -> None:
        data = json.dumps(equivalence.model_dump(**_DUMP), ensure_ascii=False)
        cursor = self.store.connection.execute(
            "INSERT INTO equivalences (id, document) VALUES (?, ?)", (equivalence.id, data)
        )
        if index:
            self.store.many(
                "INSERT INTO equivalence_blocks VALUES (?, ?)",
                ((code, cursor.lastrowid) for code in {*equivalence.from_, *equivalence.to}),
            )

    def _reference(self, fiche: str, text: str) -> None:
        self.store.run("INSERT INTO notes (fiche, text) VALUES (?, ?)", (fiche, text))
        self.report.note(f"{fiche}: {text} kept as a reference")

    # -- versions -------------------------------------------------------------------------------

    def _present(self, code: str) -> bool:
        if self.is_kept(code):
            return True
        return self.store.one(_USABLE_STUB, (code,)) is not None

    def _version_links(self) -> None:
        """(old, new) pairs between certifications of the catalogue; the others are noted."""
        for fiche in self.fiches():
            for old in fiche.older:
                if self._present(old):
                    self.store.run("INSERT OR IGNORE INTO links VALUES (?, ?)", (old, fiche.code))
                else:
                    self._reference(fiche.code, f"former version {old} (absent from the import)")
            for new in fiche.newer:
                if self._present(new):
                    self.store.run("INSERT OR IGNORE INTO links VALUES (?, ?)", (fiche.code, new))
                else:
                    self._reference(fiche.code, f"new version {new} (absent from the import)")

    def _label_matches(self) -> None:
        """Between two versions both imported, say how each old block carries to the new
        version: by a correspondence between the two, else by its label.

        Only a correspondence *between the two versions* settles a block: a new block that
        also corresponds to another fiche (an RS certification, a neighbouring title) is still
        matched by label to the old version, so that its holders do not retrain it.
        """
        links = self.store.rows(
            "SELECT old, new FROM links WHERE EXISTS (SELECT 1 FROM fiches WHERE code = old)"
            " AND EXISTS (SELECT 1 FROM fiches WHERE code = new) ORDER BY old, new"
        )
        for old, new in links:
            self._carry(self.fiche(old), self.fiche(new))  # both kept (the query)

    def _carry(self, old: Fiche, new: Fiche) -> None:
        old_blocks = {block.code for block in old.blocks}
        carried: set[str] = set()
        for block in new.blocks:
            # Only the correspondences index their blocks: the label matches made here do not.
            for identifier, document in self.store.rows(_EQUIVALENCES_OF_BLOCK, (block.code,)):
                equivalence = json.loads(document)
                side = (
                    equivalence["to"] if block.code in equivalence["from"] else equivalence["from"]
                )
                olds = sorted(code for code in side if code in old_blocks)
                if olds:
                    carried.update((*olds, block.code))
                    self.report.note(
                        f"{old.code} → {new.code}: block {', '.join(olds)} carries to"
                        f" {block.code} (correspondence {identifier})"
                    )
        by_label: dict[str, str] = {}
        for block in old.blocks:
            if block.code not in carried:
                by_label.setdefault(normalised_label(block.title), block.code)
        for position, block in enumerate(new.blocks, start=1):
            match = by_label.pop(normalised_label(block.title), None)
            if block.code in carried or match is None:
                continue
            self._add(
                EquivalenceDoc(
                    id=f"label.{new.code}.{position}",
                    from_=[block.code],
                    to=[match],
                    provenance=ProvenanceDoc(
                        source=f"{self.source}: fiches {new.code} and {old.code}",
                        note=f"blocks of two versions matched by their label {block.title!r}",
                    ),
                ),
                index=False,
            )
            self.report.note(
                f"{old.code} → {new.code}: block {match} carries to {block.code}"
                f" (same label {block.title!r})"
            )
        for code in sorted(set(by_label.values())):
            self.report.note(
                f"{old.code} → {new.code}: block {code} carries to no block of {new.code} (no"
                " correspondence, no block of the same label): its holders are not credited in"
                " the new version"
            )

    # -- documents ------------------------------------------------------------------------------

    def _versions(self, code: str) -> tuple[list[str], list[str]]:
        """The former versions and the new versions of ``code``, sorted."""
        older = self.store.rows("SELECT old FROM links WHERE new = ? ORDER BY old", (code,))
        newer = self.store.rows("SELECT new FROM links WHERE old = ? ORDER BY new", (code,))
        return [row[0] for row in older], [row[0] for row in newer]

    def _checked(self, fiche: Fiche) -> CertificationDoc:
        try:
            return self._certification(fiche)
        except ValidationError as error:
            problems = [
                Problem(
                    f"{fiche.origin or 'fiche'} {fiche.code!r}",
                    ".".join(str(part) for part in detail["loc"]),
                    detail["msg"],
                )
                for detail in error.errors(include_url=False)
            ]
            raise SourceError("RNCP export", fiche.origin or fiche.code, problems) from None

    def _certification(self, fiche: Fiche) -> CertificationDoc:
        notes = self.store.rows(
            "SELECT text FROM notes WHERE fiche = ? ORDER BY position", (fiche.code,)
        )
        whole = self._is_whole(fiche.code)
        older, newer = self._versions(fiche.code)
        return CertificationDoc(
            code=fiche.code,
            registry=fiche.registry,
            title=fiche.title,
            level=fiche.level if fiche.registry is Registry.RNCP else None,
            certifier=fiche.certifier,
            access_routes=list(fiche.access_routes),
            valid_from=fiche.valid_from,
            valid_until=fiche.valid_until,
            replaces=older,
            replaced_by=newer,
            rome=list(fiche.rome),
            blocks=[block_document(block) for block in fiche.blocks]
            + self._whole(fiche.code, fiche.title),
            provenance=ProvenanceDoc(
                source=f"{self.source}: fiche {fiche.code}"
                + ("" if fiche.active else " (inactive fiche)"),
                note="; ".join(
                    [f"not in this catalogue: {note}" for (note,) in notes]
                    + ([_WHOLE_NOTE] if whole else [])
                ),
            ),
        )

    def _whole(self, code: str, title: str) -> list[BlockDoc]:
        if not self._is_whole(code):
            return []
        return [
            BlockDoc(
                code=whole_certification_block(code), title=f"{title} (the whole certification)"
            )
        ]

    def _stub_certification(self, code: str, level: int | None) -> CertificationDoc:
        referring = self.store.rows(
            "SELECT fiche FROM referrers WHERE stub = ? ORDER BY fiche", (code,)
        )
        referrers = _listed([row[0] for row in referring])
        rncp = code.startswith("RNCP")
        self.report.keep("reference certifications")
        self.report.note(
            f"{code}: absent from the import, kept as a reference (named by {referrers})"
        )
        note = (
            f"Fiche absent from the import, named by the correspondences of {referrers}. Its code"
            " and block codes come from those correspondences; its title is a placeholder"
            + (
                " and its level is copied from the fiche that names it, not confirmed."
                if rncp
                else "."
            )
        )
        older, newer = self._versions(code)
        return CertificationDoc(
            code=code,
            registry=Registry.RNCP if rncp else Registry.RS,
            title=f"Fiche {code} (absente de l'import)",
            level=level if rncp else None,
            replaces=older,
            replaced_by=newer,
            blocks=[
                BlockDoc(code=block, title=f"Bloc {block} (absent de l'import)")
                for block in self._stub_blocks(code)
            ]
            if rncp
            else self._whole(code, f"Fiche {code}"),
            provenance=ProvenanceDoc(
                source=self.source,
                illustrative=True,
                note=note + (f" {_WHOLE_NOTE}" if self._is_whole(code) else ""),
            ),
        )


# An RNCP certification needs blocks: a reference to an RNCP fiche without any is only noted.
_USABLE = "(code NOT LIKE 'RNCP%' OR EXISTS (SELECT 1 FROM stub_blocks WHERE stub = code))"
_USABLE_STUBS = f"SELECT code, level FROM stubs WHERE {_USABLE} ORDER BY code"
_USABLE_STUB = f"SELECT 1 FROM stubs WHERE code = ? AND {_USABLE}"
_EQUIVALENCES_OF_BLOCK = (
    "SELECT id, document FROM equivalences WHERE position IN"
    " (SELECT equivalence FROM equivalence_blocks WHERE block = ?) ORDER BY position"
)


_WHOLE_NOTE = (
    "An RS certification is awarded as a whole: its one block, ending in -ensemble, stands for the"
    " whole certification so that correspondences to it are equivalences; it is not in the"
    " fiche."
)


# An RS fiche can be named by thousands of fiches of a national export: a note names the first
# ones, so that it stays readable (and within the catalogue's limit on the length of a text).
_LISTED = 20


def _listed(codes: list[str]) -> str:
    if len(codes) <= _LISTED:
        return ", ".join(codes)
    return f"{', '.join(codes[:_LISTED])} and {len(codes) - _LISTED:,} more"


def _describe(correspondence: Correspondence) -> str:
    source = ", ".join(correspondence.source_blocks) or "whole fiche"
    target = ", ".join(correspondence.blocks) or "whole fiche"
    return f"{source} → {correspondence.fiche} {target}"
