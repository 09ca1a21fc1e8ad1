"""Merging imported documents into an existing catalogue without losing hand-written additions.

The rules, so that importing again is safe:

- an imported certification replaces the one with the same code, but keeps what the import
  cannot know and a person wrote: sector, validation rule, entry requirement, VAE eligibility,
  and for each block that is still there its ``experience_rome``;
- a *reference* certification (a fiche absent from the import) never replaces an existing one;
- imported modules replace those with the same id; imported equivalences replace those with the
  same id, and are left out when an existing equivalence already links the same blocks;
- everything else of the existing catalogue (competences, scales, modules, equivalences, VAE
  policy, name) is kept as it is; ``rome_parents`` are merged, the import winning.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from itineraire.files.documents import (
    BlockDoc,
    CatalogueDoc,
    CertificationDoc,
    EquivalenceDoc,
    ModuleDoc,
)
from itineraire.importing.fiches import RNCP_SOURCE
from itineraire.importing.report import ImportReport
from itineraire.importing.values import whole_certification_block

__all__ = ["is_reference", "merge"]

_REFERENCE_TITLE = "(absente de l'import)"


def is_reference(certification: CertificationDoc) -> bool:
    """A placeholder for a fiche absent from an import (see :mod:`.assembling`)."""
    return certification.provenance.illustrative and certification.title.endswith(_REFERENCE_TITLE)


def merge(
    base: CatalogueDoc,
    report: ImportReport,
    *,
    certifications: Iterable[CertificationDoc] = (),
    modules: Iterable[ModuleDoc] = (),
    equivalences: Iterable[EquivalenceDoc] = (),
    rome_parents: dict[str, str] | None = None,
) -> CatalogueDoc:
    """``base`` with the imported documents merged in; lists come out sorted by identifier."""
    certifications = list(certifications)
    imported_blocks = {block.code for doc in certifications for block in doc.blocks}
    merged_certifications = {doc.code: doc for doc in base.certifications}
    for doc in certifications:
        old = merged_certifications.get(doc.code)
        if old is None:
            merged_certifications[doc.code] = doc
        elif is_reference(doc) and is_reference(old):
            merged_certifications[doc.code] = _extended(old, doc, report)
        elif is_reference(doc):
            report.note(
                f"{doc.code}: already in the catalogue, the reference placeholder is not used"
            )
        else:
            merged_certifications[doc.code] = _keep_additions(doc, old, imported_blocks, report)
            report.note(f"{doc.code}: replaced by the imported fiche, hand-written fields kept")
    merged_modules = {module.id: module for module in base.modules}
    for module in modules:
        if module.id in merged_modules:
            report.note(f"module {module.id}: replaced by the imported offer")
        merged_modules[module.id] = module
    _repoint(merged_modules, base.certifications, merged_certifications, report)
    return base.model_copy(
        update={
            "certifications": sorted(merged_certifications.values(), key=lambda doc: doc.code),
            "modules": sorted(merged_modules.values(), key=lambda doc: doc.id),
            "equivalences": _equivalences(
                base.equivalences, certifications, list(equivalences), report
            ),
            "rome_parents": dict(sorted({**base.rome_parents, **(rome_parents or {})}.items())),
        }
    )


def _repoint(
    modules: dict[str, ModuleDoc],
    old: Iterable[CertificationDoc],
    new: dict[str, CertificationDoc],
    report: ImportReport,
) -> None:
    """Modules tied to the block standing for a whole certification (a reference now replaced
    by the real fiche) validate the fiche's real blocks instead. Nothing else is widened: a
    validated block that is gone is left out, never replaced by every block of the fiche."""
    wholes = {whole_certification_block(doc.code): doc.code for doc in old}
    present = {block.code for doc in new.values() for block in doc.blocks}
    for identifier, module in list(modules.items()):
        if module.kind != "professional":
            continue
        if module.block in present and all(code in present for code in module.validates):
            continue
        validates: list[str] = []
        for code in module.validates:
            owner = new.get(wholes.get(code, ""))
            if code in present:
                validates.append(code)
            elif owner is not None and owner.blocks:
                validates += [block.code for block in owner.blocks]
                report.note(
                    f"module {identifier}: tied to the blocks of the imported fiche {owner.code}"
                )
            else:
                report.note(f"module {identifier}: block {code} no longer in the catalogue")
        validates = list(dict.fromkeys(validates))
        if not validates:
            continue  # the catalogue checks report the module, rather than guessing its blocks
        block = module.block if module.block in validates else validates[0]
        modules[identifier] = module.model_copy(update={"block": block, "validates": validates})


def _extended(
    old: CertificationDoc, new: CertificationDoc, report: ImportReport
) -> CertificationDoc:
    """The placeholder ``old`` with the blocks a later import names too: an incremental import
    names other blocks of the same absent fiche, and its equivalences or modules need them."""
    codes = {block.code for block in old.blocks}
    added = [block for block in new.blocks if block.code not in codes]
    if not added:
        return old
    report.note(
        f"{old.code}: reference already in the catalogue,"
        f" blocks {', '.join(block.code for block in added)} added"
    )
    return old.model_copy(update={"blocks": [*old.blocks, *added]})


def _keep_additions(
    imported: CertificationDoc,
    old: CertificationDoc,
    imported_blocks: set[str],
    report: ImportReport,
) -> CertificationDoc:
    old_blocks = {block.code: block for block in old.blocks}
    blocks = [
        block.model_copy(update={"experience_rome": old_blocks[block.code].experience_rome})
        if block.code in old_blocks and not block.experience_rome
        else block
        for block in imported.blocks
    ]
    extra = _blocks_not_imported(old, imported_blocks)
    kept: dict[str, object] = {
        field: getattr(old, field)
        for field in ("sector", "validation", "entry_requirement", "vae_eligibility")
        if getattr(imported, field) is None
    }
    notes = [imported.provenance.note]
    if extra:
        # Blocks a person added (or the fiche no longer has): modules may validate them, so
        # they stay, and say so.
        codes = ", ".join(block.code for block in extra)
        notes.append(_KEPT + codes)
        report.note(f"{imported.code}: blocks {codes} not in the import, kept from the catalogue")
    hand_note = _hand_note(old, imported)
    if hand_note:
        # A note written by a person explains choices (a gate, a sector): keep it.
        notes.append(_EARLIER + hand_note)
    note = "; ".join(n for n in notes if n)
    if note != imported.provenance.note:
        kept["provenance"] = imported.provenance.model_copy(update={"note": note})
    return imported.model_copy(update={**kept, "blocks": [*blocks, *extra]})


def _blocks_not_imported(old: CertificationDoc, imported_blocks: set[str]) -> list[BlockDoc]:
    """The blocks of ``old`` that no imported certification has (one another imported fiche has
    now belongs to that fiche: a block code is unique in a catalogue)."""
    # The block standing for a whole certification is what the real fiche's blocks replace.
    whole = whole_certification_block(old.code) if is_reference(old) else None
    return [
        block for block in old.blocks if block.code not in imported_blocks and block.code != whole
    ]


_EARLIER = "earlier note: "
_KEPT = "blocks not in the import, kept from the catalogue: "
_KEPT_PART = re.compile(rf"(?:^|; ){re.escape(_KEPT)}[^;]*")


def _hand_note(old: CertificationDoc, imported: CertificationDoc) -> str:
    """What ``old``'s note says beyond what this import writes: a note a person wrote, or
    edited, including one kept by an earlier import. A reference's note is the importer's."""
    note = old.provenance.note
    if is_reference(old):
        return ""
    if not old.provenance.source.startswith(RNCP_SOURCE):
        return note
    written, found, hand = note.partition(_EARLIER)
    written = _KEPT_PART.sub("", written.removesuffix("; ") if found else written)
    parts = [written] if written and written != imported.provenance.note else []
    return "; ".join([*parts, hand] if found else parts)


def _equivalences(
    base: Iterable[EquivalenceDoc],
    certifications: Iterable[CertificationDoc],
    imported: list[EquivalenceDoc],
    report: ImportReport,
) -> list[EquivalenceDoc]:
    merged = {_identifier(doc, position): doc for position, doc in enumerate(base, start=1)}
    _drop_renewed(merged, certifications, imported, report)
    # Which equivalence links which blocks: an index, the national export has ~100,000 of them.
    owners: dict[object, str] = {}
    for key, doc in merged.items():
        owners.setdefault(_links(doc), key)
    for doc in imported:
        identifier = _identifier(doc, 0)
        owner = owners.get(_links(doc))
        if owner is not None and owner != identifier:
            report.note(f"equivalence {identifier}: the same blocks are already linked by {owner}")
            continue
        replaced = merged.get(identifier)
        if replaced is not None and owners.get(_links(replaced)) == identifier:
            del owners[_links(replaced)]
        merged[identifier] = doc
        owners[_links(doc)] = identifier
    # Explicit identifiers: positions change when lists are merged, "equivalence-N" would too.
    return [doc.model_copy(update={"id": key}) for key, doc in sorted(merged.items())]


_IMPORTED_EQUIVALENCE = re.compile(r"corr\.(?P<fiche>[^.]+)\.\d+")


def _drop_renewed(
    merged: dict[str, EquivalenceDoc],
    certifications: Iterable[CertificationDoc],
    imported: Iterable[EquivalenceDoc],
    report: ImportReport,
) -> None:
    """Drop the equivalences an earlier import took from a fiche imported again: the fiche's
    correspondences now are the imported ones (a removed one must go). Equivalences written by
    hand have other identifiers and stay."""
    fiches = {doc.code for doc in certifications if not is_reference(doc)}
    renewed = {doc.id for doc in imported}
    for identifier in list(merged):
        found = _IMPORTED_EQUIVALENCE.fullmatch(identifier)
        if found is None or found["fiche"] not in fiches:
            continue
        del merged[identifier]
        if identifier not in renewed:
            report.note(f"equivalence {identifier}: no longer in fiche {found['fiche']}, removed")


def _identifier(doc: EquivalenceDoc, position: int) -> str:
    return doc.id if doc.id is not None else f"equivalence-{position}"


def _links(doc: EquivalenceDoc) -> object:
    # A mutual equivalence links its two sides either way; a one-way one only from → to.
    sides = (frozenset(doc.from_), frozenset(doc.to))
    return frozenset(sides) if doc.mutual else sides
