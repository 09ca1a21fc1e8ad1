"""An RNCP import into an empty catalogue is assembled, checked and written from an on-disk store
(issue #13: a national import in flat memory). It must give what the in-memory way gives: the
same file, byte for byte, the same report, the same findings, and the same refusal."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from itineraire.analysis.checks import check_catalogue
from itineraire.cli import main
from itineraire.errors import CatalogueError
from itineraire.files.documents import CatalogueDoc
from itineraire.files.loading import catalogue_from_data
from itineraire.importing.assembling import assemble
from itineraire.importing.fiches import Correspondence, Fiche, FicheBlock, FicheFilter
from itineraire.importing.merging import merge
from itineraire.importing.report import ImportReport, StoredNotes
from itineraire.importing.running import SourceKind, run_import
from itineraire.importing.spool import BlockTexts
from itineraire.importing.store import StoredMapping
from itineraire.importing.stored import StoredCatalogue
from itineraire.model.certifications import AccessRoute, Registry
from tests.import_samples import CSV_ZIP, RNCP_XML, RS_XML

_NAME = "Imported catalogue"


@pytest.mark.parametrize("paths", [[RNCP_XML], [RNCP_XML, RS_XML], [CSV_ZIP]])
def test_the_stored_import_writes_what_the_merge_in_memory_writes(
    paths: list[Path], tmp_path: Path
) -> None:
    """The real fixtures, imported from the store and merged in memory into an empty catalogue
    (the way an import into an existing catalogue goes): same file, report and findings."""
    stored = run_import(SourceKind.RNCP, paths)
    in_memory = run_import(SourceKind.RNCP, paths, CatalogueDoc(name=_NAME))
    assert type(stored.merged).__name__ == "StoredCatalogue"
    assert type(in_memory.merged).__name__ == "_InMemory"
    stored.write(tmp_path / "stored.json")
    in_memory.write(tmp_path / "in_memory.json")
    written = (tmp_path / "stored.json").read_bytes()
    assert written == (tmp_path / "in_memory.json").read_bytes()
    assert stored.report.lines() == in_memory.report.lines()
    assert tuple(stored.findings) == tuple(in_memory.findings)
    assert stored.findings
    assert stored.summary() == in_memory.summary()
    assert stored.has_errors is bool(in_memory.errors)
    stored.close()
    in_memory.close()


def test_stored_notes_are_a_sorted_set() -> None:
    notes = StoredNotes()
    texts = ["b", "a", "é", "\U0001f600", "z", "a", "\ud800 lone"]
    for text in texts:
        notes.add(text)
    notes.update(["c", "b"])
    assert list(notes) == sorted({*texts, "c"})
    assert len(notes) == len({*texts, "c"})


# -- the property: random fiches, both ways ---------------------------------------------------

_CODES = ["RNCP101", "RNCP102", "RNCP103", "RNCP104", "RS201", "RS202"]
_BLOCKS = [f"RNCP10{n}BC0{m}" for n in range(1, 5) for m in range(1, 4)]
_TITLES = ["Gérer", "Vendre", "Conduire"]


@st.composite
def _fiches(draw: st.DrawFn) -> list[Fiche]:
    codes = draw(st.lists(st.sampled_from(_CODES), min_size=1, max_size=5, unique=True))
    fiches = []
    for code in codes:
        rncp = code.startswith("RNCP")
        blocks = draw(
            st.lists(
                st.builds(
                    FicheBlock,
                    st.sampled_from(_BLOCKS),
                    st.sampled_from(_TITLES),
                    st.lists(st.sampled_from(["Coder", "Tester"]), max_size=2).map(tuple),
                ),
                max_size=3 if rncp else 1,
            )
        )
        correspondences = draw(
            st.lists(
                st.builds(
                    Correspondence,
                    st.lists(st.sampled_from(_BLOCKS), max_size=2).map(tuple),
                    st.sampled_from(_CODES),
                    st.lists(st.sampled_from(_BLOCKS), max_size=2).map(tuple),
                ),
                max_size=3,
            )
        )
        versions = st.lists(st.sampled_from(_CODES), max_size=2).map(tuple)
        fiches.append(
            Fiche(
                code=code,
                registry=Registry.RNCP if rncp else Registry.RS,
                title=f"Titre {code}",
                active=draw(st.booleans()),
                level=draw(st.sampled_from([None, 2, 4, 5, 6])),
                access_routes=draw(st.sampled_from([(), (AccessRoute.VAE,)])),
                valid_from=dt.date(2024, 1, 1),
                valid_until=draw(st.sampled_from([None, None, None, dt.date(2023, 1, 1)])),
                rome=draw(st.sampled_from([(), ("M1805",), ("M1805", "M1802")])),
                blocks=tuple(blocks),
                older=draw(versions),
                newer=draw(versions),
                correspondences=tuple(correspondences),
            )
        )
    return fiches


def _in_memory(fiches: list[Fiche]) -> tuple[Any, list[str]]:
    report = ImportReport()
    try:
        assembled = assemble(fiches, FicheFilter(), report, "source", texts=BlockTexts())
    except ValidationError:
        # A reference given a level the catalogue refuses (the running import reports it).
        return ("invalid",), []
    document = merge(
        CatalogueDoc(name=_NAME),
        report,
        certifications=assembled.certifications,
        equivalences=assembled.equivalences,
    )
    assembled.close()
    data = {"format": document.format, **document.model_dump(**_DUMP)}
    try:
        catalogue = catalogue_from_data(
            data, source="(the catalogue after the import)", strict=False
        )
    except CatalogueError as error:
        return ("refused", str(error)), report.lines()
    findings = tuple(str(finding) for finding in check_catalogue(catalogue))
    return (data, findings, catalogue.summary()), report.lines()


def _stored(fiches: list[Fiche]) -> tuple[Any, list[str]]:
    report = ImportReport(notes=StoredNotes())
    try:
        assembled = assemble(fiches, FicheFilter(), report, "source", texts=BlockTexts())
    except ValidationError:
        return ("invalid",), []
    stored = StoredCatalogue(assembled, report, _NAME)
    try:
        stored.build()
    except CatalogueError as error:
        return ("refused", str(error)), report.lines()
    findings = tuple(str(finding) for finding in stored.findings())
    data = {
        key: list(value) if isinstance(value, list) else value
        for key, value in stored.data().items()
    }
    summary = stored.summary()
    assembled.close()
    return (data, findings, summary), report.lines()


_DUMP: dict[str, Any] = {"mode": "json", "by_alias": True, "exclude_defaults": True}


@given(_fiches())
def test_the_store_finds_what_the_catalogue_checks_find(fiches: list[Fiche]) -> None:
    """Whatever the fiches (unknown blocks, shared block codes, version cycles, references to
    absent fiches, RS fiches named by block correspondences…), the store's merge, building and
    checks give the data, problems, findings and report lines of the in-memory way."""
    assert _stored(fiches) == _in_memory(fiches)


_INTERRUPTED = """
import os, sys
from pathlib import Path
from itineraire.importing.running import SourceKind, run_import

def interrupt(_count: int) -> None:
    # The stores are open now: their files are already gone from the directory.
    print(sorted(os.listdir(os.environ["SQLITE_TMPDIR"])), flush=True)
    raise KeyboardInterrupt

try:
    run_import(SourceKind.RNCP, [Path(sys.argv[1])], progress=interrupt)
except KeyboardInterrupt:
    print("interrupted", flush=True)
"""


def test_the_store_leaves_no_file_even_when_the_import_is_interrupted(tmp_path: Path) -> None:
    """The store's files are removed as soon as they are made: nothing is left behind by an
    import stopped by Ctrl-C, a refusal or ``kill -9`` (nothing is there to leave)."""
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    environment = {**os.environ, "SQLITE_TMPDIR": str(temporary), "TMPDIR": str(temporary)}
    done = subprocess.run(
        [sys.executable, "-c", _INTERRUPTED, str(RNCP_XML)],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout == "[]\ninterrupted\n"
    assert list(temporary.iterdir()) == []


@pytest.mark.parametrize("summary", [[], ["--json"]])
def test_the_command_says_what_the_merge_in_memory_says(
    summary: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The summary is written line by line (notes and findings read back from disk): the same
    text, and the same JSON, as the import into an empty catalogue file, merged in memory."""
    output = tmp_path / "catalogue.json"
    empty = tmp_path / "empty.json"
    empty.write_text(json.dumps({"name": _NAME}), encoding="utf-8")
    said = []
    for base in ([], ["--merge", str(empty)]):
        code = main(
            ["import", "rncp", str(RNCP_XML), str(RS_XML), "-o", str(output), *base, *summary]
        )
        said.append((code, capsys.readouterr().out, output.read_bytes()))
    assert said[0] == said[1]
    assert "findings of the catalogue checks:" in said[0][1] or '"findings": [\n' in said[0][1]


def test_a_stored_mapping_is_a_mapping() -> None:
    seen = StoredMapping()
    seen["RNCP2"] = "b.xml"
    seen["RNCP1"] = "a.xml"
    seen["RNCP2"] = "c.xml"
    assert ("RNCP2" in seen, "RNCP3" in seen, len(seen)) == (True, False, 2)
    assert dict(seen) == {"RNCP1": "a.xml", "RNCP2": "c.xml"}
    assert list(seen) == ["RNCP1", "RNCP2"]
    del seen["RNCP1"]
    with pytest.raises(KeyError):
        seen["RNCP1"]
    with pytest.raises(KeyError):
        del seen["RNCP1"]
    assert seen.get("RNCP2") == "c.xml"
