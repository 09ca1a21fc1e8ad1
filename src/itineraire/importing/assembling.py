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
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs
from pydantic import ValidationError

from itineraire.errors import Problem
from itineraire.files.documents import BlockDoc, CertificationDoc, EquivalenceDoc, ProvenanceDoc
from itineraire.importing.fiches import Correspondence, Fiche, FicheFilter
from itineraire.importing.report import ImportReport, SourceError
from itineraire.importing.spool import BlockTexts
from itineraire.importing.values import normalised_label, whole_certification_block
from itineraire.model.certifications import Registry

__all__ = ["Assembled", "assemble"]


def _is_rs(code: str) -> bool:
    return code.startswith("RS")


@attrs.frozen
class Assembled:
    """The documents an RNCP import adds to a catalogue."""

    certifications: tuple[CertificationDoc, ...]
    equivalences: tuple[EquivalenceDoc, ...]
    texts: BlockTexts | None = None
    """Where the blocks' competences and evaluation modes were put aside, when they were."""


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
    block_docs: dict[str, BlockDoc] = {}
    kept = _keep(fiches, fiche_filter, report, block_docs, (keep_going, texts))
    assembled = _Assembler(kept, block_docs, report, source).run()
    return attrs.evolve(assembled, texts=texts)


def _keep(
    fiches: Iterable[Fiche],
    fiche_filter: FicheFilter,
    report: ImportReport,
    block_docs: dict[str, BlockDoc],
    options: tuple[bool, BlockTexts | None],
) -> dict[str, Fiche]:
    """The fiches kept, by number; their blocks' documents go to ``block_docs`` at once, so that
    the long texts (competences, evaluation modes) are held once, not twice."""
    keep_going, texts = options
    kept: dict[str, Fiche] = {}
    owners: dict[str, str] = {}
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
        blocks = []
        for block in fiche.blocks:
            if block.code in owners:
                # Block codes must be unique in a catalogue; the export has duplicates.
                report.skip("block: code already used by another fiche")
                report.note(
                    f"{fiche.code}: block {block.code} skipped, already in {owners[block.code]}"
                )
                continue
            owners[block.code] = fiche.code
            document = documents[block.code]
            if texts is not None:
                texts.put(block.code, document.competences, document.evaluation_modes)
                document = document.model_copy(update={"competences": [], "evaluation_modes": []})
            block_docs[block.code] = document
            blocks.append(attrs.evolve(block, competences=(), evaluation_modes=()))
        kept[fiche.code] = attrs.evolve(fiche, blocks=tuple(blocks))
    # The fiches a filter leaves out are the user's choice, counted; those the catalogue cannot
    # hold are the data's, and worth naming.
    for reason, codes in unusable.items():
        report.note(f"fiches skipped, {reason}: {', '.join(sorted(codes))}")
    # Fiche order decides which fiche lends its level to a reference: make it the file's order
    # no more, so that the same fiches give the same catalogue.
    return dict(sorted(kept.items()))


def _block_documents(fiche: Fiche) -> dict[str, BlockDoc]:
    """The block documents of a fiche; raises :class:`SourceError` naming the fiche, where it
    was read and the field, when the catalogue refuses one (a value the reader let through)."""
    documents: dict[str, BlockDoc] = {}
    for position, block in enumerate(fiche.blocks, start=1):
        try:
            documents.setdefault(
                block.code,
                BlockDoc(
                    code=block.code,
                    title=block.title,
                    competences=list(block.competences),
                    evaluation_modes=list(block.evaluation_modes),
                ),
            )
        except ValidationError as error:
            raise SourceError(
                "RNCP export", fiche.origin or fiche.code, _refused(fiche, position, error)
            ) from None
    return documents


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


@attrs.define
class _Stub:
    """A fiche referred to but absent from the import: what the references say about it."""

    code: str
    level: int | None
    blocks: list[str] = attrs.field(factory=list)
    referrers: set[str] = attrs.field(factory=set)


@attrs.frozen
class _Versions:
    """The version links by certification: its former versions and its new ones, sorted."""

    older: dict[str, list[str]]
    newer: dict[str, list[str]]

    @classmethod
    def of(cls, links: set[tuple[str, str]]) -> _Versions:
        older: dict[str, list[str]] = {}
        newer: dict[str, list[str]] = {}
        for old, new in sorted(links):
            older.setdefault(new, []).append(old)
            newer.setdefault(old, []).append(new)
        return cls(older, newer)


class _Assembler:
    def __init__(
        self,
        kept: dict[str, Fiche],
        block_docs: dict[str, BlockDoc],
        report: ImportReport,
        source: str,
    ) -> None:
        self.kept = kept
        self.block_docs = block_docs
        self.report = report
        self.source = source
        self.stubs: dict[str, _Stub] = {}
        self.notes: dict[str, list[str]] = {code: [] for code in kept}
        self.equivalences: list[EquivalenceDoc] = []
        self.pairs: set[frozenset[frozenset[str]]] = set()
        self.whole: set[str] = set()  # RS fiches given a block for the whole certification
        self.owners = {block.code: fiche.code for fiche in kept.values() for block in fiche.blocks}

    def run(self) -> Assembled:
        for fiche in self.kept.values():
            for correspondence in fiche.correspondences:
                self._stub_for(fiche, correspondence)
        for fiche in self.kept.values():
            for position, correspondence in enumerate(fiche.correspondences, start=1):
                self._equivalence(fiche, position, correspondence)
        links = self._version_links()
        self._label_matches(links)
        versions = _Versions.of(links)
        certifications = [self._checked(fiche, versions) for fiche in self.kept.values()]
        certifications += [
            self._stub_certification(stub, versions) for stub in self._usable_stubs()
        ]
        self.report.keep("certifications", len(self.kept))
        self.report.keep("blocks", sum(len(fiche.blocks) for fiche in self.kept.values()))
        self.report.keep("equivalences", len(self.equivalences))
        certifications.sort(key=lambda doc: doc.code)
        return Assembled(tuple(certifications), tuple(self.equivalences))

    # -- references to absent fiches ----------------------------------------------------------

    def _stub_for(self, fiche: Fiche, correspondence: Correspondence) -> None:
        if correspondence.fiche in self.kept:
            return
        stub = self.stubs.setdefault(correspondence.fiche, _Stub(correspondence.fiche, fiche.level))
        stub.referrers.add(fiche.code)
        for block in correspondence.blocks:
            if block in self.owners and self.owners[block] != stub.code:
                # Bad data: the code of a block of another fiche; the correspondence is noted.
                continue
            if block not in stub.blocks:
                stub.blocks.append(block)

    def _usable_stubs(self) -> list[_Stub]:
        usable = []
        for stub in self.stubs.values():
            if stub.code.startswith("RNCP") and not stub.blocks:
                continue  # an RNCP certification needs blocks; its references are noted
            usable.append(stub)
        return usable

    def _blocks_of(self, code: str) -> list[str]:
        if code in self.kept:
            blocks = [block.code for block in self.kept[code].blocks]
        else:
            stub = self.stubs.get(code)
            blocks = list(stub.blocks) if stub is not None else []
        if not blocks and _is_rs(code) and (code in self.kept or code in self.stubs):
            # Awarded as a whole: one block stands for the certification in equivalences.
            if code not in self.whole:
                self.whole.add(code)
                self.report.note(
                    f"{code}: RS fiche named by a block correspondence; its one block"
                    f" {whole_certification_block(code)} stands for the whole certification"
                )
            return [whole_certification_block(code)]
        return blocks

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
            self._reference(fiche, f"correspondence {label} (no block on that side)")
            self.report.skip("correspondence: to a fiche without blocks, kept as a reference")
            return
        if unknown or missing:
            self._reference(
                fiche, f"correspondence {label} (unknown blocks: {', '.join(unknown + missing)})"
            )
            self.report.skip(
                "correspondence: names a block absent from its fiche, kept as a reference"
            )
            return
        pair = frozenset((frozenset(source), frozenset(target)))
        if pair in self.pairs:
            self.report.skip("correspondence: same blocks as another one")
            return
        if set(source) & set(target):
            self._reference(fiche, f"correspondence {label} (a block on both sides)")
            self.report.skip("correspondence: a block on both sides, kept as a reference")
            return
        self.pairs.add(pair)
        self.equivalences.append(
            EquivalenceDoc(
                id=f"corr.{fiche.code}.{position}",
                from_=source,
                to=target,
                provenance=ProvenanceDoc(
                    source=f"{self.source}: fiche {fiche.code}, CORRESPONDANCE {position}",
                    note=f"correspondence {label}, read both ways",
                ),
            )
        )

    def _reference(self, fiche: Fiche, text: str) -> None:
        self.notes[fiche.code].append(text)
        self.report.note(f"{fiche.code}: {text} kept as a reference")

    # -- versions -------------------------------------------------------------------------------

    def _version_links(self) -> set[tuple[str, str]]:
        """(old, new) pairs between certifications of the catalogue; the others are noted."""
        present = set(self.kept) | {stub.code for stub in self._usable_stubs()}
        links = set()
        for fiche in self.kept.values():
            for old in fiche.older:
                if old in present:
                    links.add((old, fiche.code))
                else:
                    self._reference(fiche, f"former version {old} (absent from the import)")
            for new in fiche.newer:
                if new in present:
                    links.add((fiche.code, new))
                else:
                    self._reference(fiche, f"new version {new} (absent from the import)")
        return links

    def _label_matches(self, links: set[tuple[str, str]]) -> None:
        """Between two versions both imported, say how each old block carries to the new
        version: by a correspondence between the two, else by its label.

        Only a correspondence *between the two versions* settles a block: a new block that
        also corresponds to another fiche (an RS certification, a neighbouring title) is still
        matched by label to the old version, so that its holders do not retrain it.
        """
        by_block: dict[str, list[EquivalenceDoc]] = {}
        for equivalence in self.equivalences:
            for code in (*equivalence.from_, *equivalence.to):
                by_block.setdefault(code, []).append(equivalence)
        for old, new in sorted(links):
            if old in self.kept and new in self.kept:
                self._carry(old, new, by_block)

    def _carry(self, old: str, new: str, by_block: dict[str, list[EquivalenceDoc]]) -> None:
        old_blocks = {block.code for block in self.kept[old].blocks}
        carried: set[str] = set()
        for block in self.kept[new].blocks:
            for equivalence in by_block.get(block.code, []):
                side = equivalence.to if block.code in equivalence.from_ else equivalence.from_
                olds = sorted(code for code in side if code in old_blocks)
                if olds:
                    carried.update((*olds, block.code))
                    self.report.note(
                        f"{old} → {new}: block {', '.join(olds)} carries to {block.code}"
                        f" (correspondence {equivalence.id})"
                    )
        by_label: dict[str, str] = {}
        for block in self.kept[old].blocks:
            if block.code not in carried:
                by_label.setdefault(normalised_label(block.title), block.code)
        for position, block in enumerate(self.kept[new].blocks, start=1):
            match = by_label.pop(normalised_label(block.title), None)
            if block.code in carried or match is None:
                continue
            self.equivalences.append(
                EquivalenceDoc(
                    id=f"label.{new}.{position}",
                    from_=[block.code],
                    to=[match],
                    provenance=ProvenanceDoc(
                        source=f"{self.source}: fiches {new} and {old}",
                        note=f"blocks of two versions matched by their label {block.title!r}",
                    ),
                )
            )
            self.report.note(
                f"{old} → {new}: block {match} carries to {block.code} (same label {block.title!r})"
            )
        for code in sorted(set(by_label.values())):
            self.report.note(
                f"{old} → {new}: block {code} carries to no block of {new} (no correspondence,"
                " no block of the same label): its holders are not credited in the new version"
            )

    # -- documents ------------------------------------------------------------------------------

    def _checked(self, fiche: Fiche, versions: _Versions) -> CertificationDoc:
        try:
            return self._certification(fiche, versions)
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

    def _certification(self, fiche: Fiche, versions: _Versions) -> CertificationDoc:
        notes = self.notes[fiche.code]
        return CertificationDoc(
            code=fiche.code,
            registry=fiche.registry,
            title=fiche.title,
            level=fiche.level if fiche.registry is Registry.RNCP else None,
            certifier=fiche.certifier,
            access_routes=list(fiche.access_routes),
            valid_from=fiche.valid_from,
            valid_until=fiche.valid_until,
            replaces=versions.older.get(fiche.code, []),
            replaced_by=versions.newer.get(fiche.code, []),
            rome=list(fiche.rome),
            blocks=[self.block_docs[block.code] for block in fiche.blocks]
            + self._whole(fiche.code, fiche.title),
            provenance=ProvenanceDoc(
                source=f"{self.source}: fiche {fiche.code}"
                + ("" if fiche.active else " (inactive fiche)"),
                note="; ".join(
                    [f"not in this catalogue: {note}" for note in notes]
                    + ([_WHOLE_NOTE] if fiche.code in self.whole else [])
                ),
            ),
        )

    def _whole(self, code: str, title: str) -> list[BlockDoc]:
        if code not in self.whole:
            return []
        return [
            BlockDoc(
                code=whole_certification_block(code), title=f"{title} (the whole certification)"
            )
        ]

    def _stub_certification(self, stub: _Stub, versions: _Versions) -> CertificationDoc:
        referrers = _listed(sorted(stub.referrers))
        rncp = stub.code.startswith("RNCP")
        self.report.keep("reference certifications")
        self.report.note(
            f"{stub.code}: absent from the import, kept as a reference (named by {referrers})"
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
        return CertificationDoc(
            code=stub.code,
            registry=Registry.RNCP if rncp else Registry.RS,
            title=f"Fiche {stub.code} (absente de l'import)",
            level=stub.level if rncp else None,
            replaces=versions.older.get(stub.code, []),
            replaced_by=versions.newer.get(stub.code, []),
            blocks=[
                BlockDoc(code=code, title=f"Bloc {code} (absent de l'import)")
                for code in stub.blocks
            ]
            if rncp
            else self._whole(stub.code, f"Fiche {stub.code}"),
            provenance=ProvenanceDoc(
                source=self.source,
                illustrative=True,
                note=note + (f" {_WHOLE_NOTE}" if stub.code in self.whole else ""),
            ),
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
