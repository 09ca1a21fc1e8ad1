"""Filing the fiches of an RNCP import in its store, as they are read.

Each fiche is filtered (the user's filters, then what the catalogue cannot hold), its blocks are
checked as catalogue documents, a block code already filed by another fiche is left out (block
codes are unique in a catalogue; the export has duplicates), and the blocks' long texts are put
aside (:class:`~.spool.BlockTexts`). The fiche, without them, goes to the ``fiches`` table of
the :class:`~.store.Store` and its blocks to ``blocks``: :mod:`.assembling` does the rest.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterable

import attrs
from pydantic import ValidationError

from itineraire.errors import Problem
from itineraire.files.documents import BlockDoc
from itineraire.importing.fiches import Fiche, FicheBlock, FicheFilter
from itineraire.importing.report import ImportReport, SourceError
from itineraire.importing.spool import BlockTexts
from itineraire.importing.store import Store
from itineraire.model.certifications import Registry

__all__ = ["block_document", "file_fiches"]


def file_fiches(
    fiches: Iterable[Fiche],
    fiche_filter: FicheFilter,
    report: ImportReport,
    store: Store,
    options: tuple[bool, BlockTexts | None],
) -> None:
    """File the fiches kept, by number, and their blocks; the blocks' long texts (competences,
    evaluation modes) go to ``texts`` when given, else stay in the fiche."""
    keep_going, texts = options
    unusable: dict[str, list[str]] = {}
    for fiche in fiches:
        reason = fiche_filter.reason_to_skip(fiche)
        if reason is None and (reason := _unusable(fiche)) is not None:
            unusable.setdefault(reason, []).append(fiche.code)
        if reason is not None:
            report.skip(f"fiche: {reason}")
            continue
        try:
            documents = _block_documents(fiche)
        except SourceError as error:
            if not keep_going:
                raise
            for problem in error.problems:
                report.refuse(problem)
            continue
        blocks: list[FicheBlock] = []
        for block in fiche.blocks:
            owner = store.one("SELECT fiche FROM blocks WHERE code = ?", (block.code,))
            if owner is not None:
                # Block codes must be unique in a catalogue; the export has duplicates.
                report.skip("block: code already used by another fiche")
                report.note(f"{fiche.code}: block {block.code} skipped, already in {owner}")
                continue
            store.run("INSERT INTO blocks VALUES (?, ?, ?)", (block.code, fiche.code, len(blocks)))
            if texts is not None:
                document = documents[block.code]
                texts.put(block.code, document.competences, document.evaluation_modes)
                block = attrs.evolve(block, competences=(), evaluation_modes=())
            blocks.append(block)
        kept = attrs.evolve(fiche, blocks=tuple(blocks))
        store.run("INSERT OR REPLACE INTO fiches VALUES (?, ?)", (fiche.code, pickle.dumps(kept)))
    # The fiches a filter leaves out are the user's choice, counted; those the catalogue cannot
    # hold are the data's, and worth naming.
    for reason, codes in unusable.items():
        report.note(f"fiches skipped, {reason}: {', '.join(sorted(codes))}")


def _block_documents(fiche: Fiche) -> dict[str, BlockDoc]:
    """The block documents of a fiche; raises :class:`SourceError` naming the fiche, where it
    was read and the field, when the catalogue refuses one (a value the reader let through)."""
    documents: dict[str, BlockDoc] = {}
    for position, block in enumerate(fiche.blocks, start=1):
        try:
            documents.setdefault(block.code, block_document(block))
        except ValidationError as error:
            raise SourceError(
                "RNCP export", fiche.origin or fiche.code, _refused(fiche, position, error)
            ) from None
    return documents


def block_document(block: FicheBlock) -> BlockDoc:
    return BlockDoc(
        code=block.code,
        title=block.title,
        competences=list(block.competences),
        evaluation_modes=list(block.evaluation_modes),
    )


def _refused(fiche: Fiche, position: int, error: ValidationError) -> list[Problem]:
    where = f"{fiche.origin or 'fiche'} {fiche.code!r}"
    return [
        Problem(
            where,
            f"block {position}: " + ".".join(str(part) for part in detail["loc"]),
            detail["msg"],
        )
        for detail in error.errors(include_url=False)
    ]


def _unusable(fiche: Fiche) -> str | None:
    if fiche.registry is Registry.RNCP and fiche.level is None:
        return "RNCP fiche without a level (AUCUN or REPRISE)"
    if fiche.registry is Registry.RNCP and fiche.level is not None and fiche.level < 3:
        return "RNCP fiche at level 1 or 2 (the catalogue holds levels 3 to 8)"
    if fiche.registry is Registry.RNCP and not fiche.blocks:
        return "RNCP fiche without blocks"
    return None
