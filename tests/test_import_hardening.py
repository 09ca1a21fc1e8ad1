"""Hardened import readers (issue #13): namespaces, markup in values, fullwidth digits, CSV rows
of the wrong width, a table given twice, zip members that inflate too much, records beyond
their limit, and the import that keeps going past bad fiches.

Each fault: exit 2, the exact problem lines, nothing written."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from itineraire.cli import main
from itineraire.importing import SourceError, SourceKind, run_import
from itineraire.importing.lheo import LHEO_NAMESPACES
from tests.import_samples import BLOCK, RNCP_XML, STANDARD, csv_zip, export, fiche, formation, lheo

_ROW = '"1";"RNCP90001";"Titre";"";"NIV5";"01/09/2028";"01/09/2023";"ACTIVE"\r\n'
_BLOCKS_HEADER = '"Numero_Fiche";"Bloc_Competences_Code";"Bloc_Competences_Libelle"\r\n'
_WHAT = {"rncp": "RNCP export", "lheo": "LHEO offer", "rome": "ROME table"}


def _zip(members: dict[str, str]) -> bytes:
    """A deflated zip (``csv_zip`` stores its members), member names given whole."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return buffer.getvalue()


_EXPECTED_LHEO = " or ".join(repr(uri) if uri else "no namespace" for uri in LHEO_NAMESPACES)

CASES: list[tuple[str, str, str, str | bytes, list[str]]] = [
    (
        "rncp-in-a-namespace",
        "rncp",
        "export.xml",
        export(fiche()).replace("<FICHES>", '<FICHES xmlns="http://example.org/x">'),
        [
            "file: the top element <FICHES> is in the namespace 'http://example.org/x', expected"
            " no namespace"
        ],
    ),
    (
        "lheo-in-another-namespace",
        "lheo",
        "offer.xml",
        lheo(formation()).replace("http://lheo.gouv.fr/2.3", "http://example.org/lheo"),
        [
            "file: the top element <lheo> is in the namespace 'http://example.org/lheo', expected"
            f" {_EXPECTED_LHEO}"
        ],
    ),
    (
        "markup-in-a-level",
        "rncp",
        "export.xml",
        export(fiche(level="<b>NIV3</b>")),
        ["fiche 1 'RNCP90001', NIVEAU: holds markup (<b>) where a plain value is expected"],
    ),
    (
        "fullwidth-digits-in-a-fiche-number",
        "rncp",
        "export.xml",
        export(fiche(code="RNCP９０００１", blocks=BLOCK.format(code="RNCP90001BC01", title="A"))),
        [
            "fiche 1 'RNCP９０００１', NUMERO_FICHE: 'RNCP９０００１' is not a fiche number"
            " (RNCP or RS followed by digits 0-9)"
        ],
    ),
    (
        "csv-standard-table-twice",
        "rncp",
        "export.zip",
        _zip(
            {
                "export_fiches_CSV_Standard_2024_02_22.csv": STANDARD + _ROW,
                "export_fiches_CSV_Standard_2024_02_23.csv": STANDARD,
            }
        ),
        [
            "file: holds the Standard table twice (export_fiches_CSV_Standard_2024_02_22.csv and"
            " export_fiches_CSV_Standard_2024_02_23.csv); give one export per zip"
        ],
    ),
    (
        "csv-row-missing-fields",
        "rncp",
        "export.zip",
        csv_zip({"Standard": STANDARD + '"1";"RNCP90001";"Titre"\r\n'}),
        ["export_fiches_CSV_Standard_2024_02_22.csv, line 2: has 3 fields, the header has 8"],
    ),
    (
        "csv-member-inflating-too-much",
        "rncp",
        "export.zip",
        _zip(
            {
                "export_fiches_CSV_Standard_2024_02_22.csv": STANDARD + _ROW,
                "export_fiches_CSV_Blocs_De_Compétences_2024_02_22.csv": _BLOCKS_HEADER
                + '"RNCP90001";"RNCP90001BC01";"A"\r\n' * 100_000,
            }
        ),
        [
            "export_fiches_CSV_Blocs_De_Compétences_2024_02_22.csv: inflates 340 times its"
            " compressed size, more than the limit of 200 times its compressed size (raise it"
            " with the environment variable ITINERAIRE_LIMIT_ZIP_RATIO)"
        ],
    ),
    (
        "rome-row-missing-a-column",
        "rome",
        "rome.csv",
        '"code_rome","libelle_rome","code_rome_parent"\n"M1805","Dev","M1805"\n"M1813","Sub"\n',
        ["line 3: has 2 fields, the header has 3"],
    ),
]


@pytest.mark.parametrize(
    ("kind", "name", "content", "problems"),
    [pytest.param(*case[1:], id=case[0]) for case in CASES],
)
def test_a_fault_is_refused_where_it_is_read_and_nothing_is_written(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    kind: str,
    name: str,
    content: str | bytes,
    problems: list[str],
) -> None:
    source = tmp_path / name
    source.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    output = tmp_path / "out" / "catalogue.json"
    output.parent.mkdir()
    assert main(["import", kind, str(source), "--output", str(output)]) == 2
    noun = "problem" if len(problems) == 1 else "problems"
    expected = [f"error: {_WHAT[kind]} {source} has {len(problems)} {noun}:"]
    expected += [f"  - {problem}" for problem in problems]
    err = capsys.readouterr().err
    assert err == "\n".join(expected) + "\n"
    assert list(output.parent.iterdir()) == []


def test_a_device_is_refused_by_every_import_reader(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for kind, name in (("rncp", "x.xml"), ("rncp", "x.zip"), ("lheo", "x.xml"), ("rome", "x.csv")):
        link = tmp_path / name
        link.unlink(missing_ok=True)
        link.symlink_to("/dev/zero")
        output = tmp_path / "catalogue.json"
        assert main(["import", kind, str(link), "--output", str(output)]) == 2
        err = capsys.readouterr().err
        assert "  - file: is not a regular file (a device, a pipe or a socket); give a file" in err
        assert not output.exists()


def test_an_xml_record_beyond_its_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ITINERAIRE_LIMIT_RECORD_BYTES", "100000")
    source = tmp_path / "export.xml"
    source.write_text(export(fiche(title="x" * 300_000)), encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        run_import(SourceKind.RNCP, [source])
    assert [str(problem) for problem in caught.value.problems] == [
        "file: has a <FICHE> (or text between two) of more than the limit of 100,000 bytes"
        " (raise it with the environment variable ITINERAIRE_LIMIT_RECORD_BYTES)"
    ]


# -- keeping going -----------------------------------------------------------------------------


def _two_bad_fiches(tmp_path: Path) -> Path:
    source = tmp_path / "export.xml"
    good = RNCP_XML.read_text(encoding="utf-8")
    bad = fiche("RNCP90001", active="Yes") + fiche("RNCP９", level="<b>NIV3</b>")
    source.write_text(good.replace("</FICHES>", bad + "</FICHES>"), encoding="utf-8")
    return source


def test_by_default_one_bad_fiche_stops_the_import(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "catalogue.json"
    assert main(["import", "rncp", str(_two_bad_fiches(tmp_path)), "-o", str(output)]) == 2
    assert "has 3 problems" in capsys.readouterr().err
    assert not output.exists()


def test_keep_going_imports_the_rest_and_reports_each_refused_fiche(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "catalogue.json"
    source = _two_bad_fiches(tmp_path)
    arguments = ["import", "rncp", str(source), "-o", str(output), "--keep-going", "--json"]
    assert main(arguments) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["report"]["refused"] == [
        "export.xml, fiche 13 'RNCP90001', ACTIF: 'Yes' is neither Oui nor Non",
        "export.xml, fiche 14 'RNCP９', NUMERO_FICHE: 'RNCP９' is not a fiche number (RNCP or RS"
        " followed by digits 0-9)",
        "export.xml, fiche 14 'RNCP９', NIVEAU: holds markup (<b>) where a plain value is expected",
    ]
    written = json.loads(output.read_text(encoding="utf-8"))
    codes = {certification["code"] for certification in written["certifications"]}
    assert "RNCP37674" in codes
    assert "RNCP90001" not in codes


def test_keep_going_is_refused_for_other_sources(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "catalogue.json"
    arguments = ["import", "rome", "x.csv", "-o", str(output), "--keep-going"]
    assert main(arguments) == 2
    assert capsys.readouterr().err == (
        "error: --keep-going: RNCP options, they choose fiches and do not apply to 'import rome';"
        " nothing was written\n"
    )


def test_a_csv_table_broken_throughout_is_read_no_further(tmp_path: Path) -> None:
    """Another delimiter, say: every row has one field. Reading stops after 1,000 such rows
    instead of collecting a problem for each of a million."""
    rows = "1,RNCP90001,Titre,,NIV5,01/09/2028,01/09/2023,ACTIVE\r\n" * 5_000
    source = tmp_path / "export.zip"
    source.write_bytes(csv_zip({"Standard": STANDARD + rows}))
    with pytest.raises(SourceError) as caught:
        run_import(SourceKind.RNCP, [source])
    problems = caught.value.problems
    assert len(problems) == 1_001
    assert str(problems[0]) == (
        "export_fiches_CSV_Standard_2024_02_22.csv, line 2: has 1 fields, the header has 8"
    )
    assert str(problems[-1]) == (
        "export_fiches_CSV_Standard_2024_02_22.csv: reading stopped after 1,000 rows of the wrong"
        " width"
    )


def test_a_fiche_named_by_thousands_keeps_a_readable_note(tmp_path: Path) -> None:
    """An RS fiche absent from the export and named by many fiches (four copies of the national
    export name RS6626 from about 8,500 fiches): its notes name the first twenty, so that the
    catalogue written stays within the limit on the length of a text."""
    fiches = [
        fiche(
            f"RNCP{90000 + n}",
            extra="<CORRESPONDANCES><CORRESPONDANCE><SOURCE><BLOC_COMPETENCES>"
            f"<CODE>RNCP{90000 + n}BC01</CODE></BLOC_COMPETENCES></SOURCE><DESTINATION>"
            "<NUMERO_FICHE>RS6626</NUMERO_FICHE></DESTINATION></CORRESPONDANCE>"
            "</CORRESPONDANCES>",
        )
        for n in range(25)
    ]
    source = tmp_path / "export.xml"
    source.write_text(export(*fiches), encoding="utf-8")
    result = run_import(SourceKind.RNCP, [source])
    first = ", ".join(f"RNCP{90000 + n}" for n in range(20))
    assert result.checked.certifications["RS6626"].provenance.note.startswith(
        f"Fiche absent from the import, named by the correspondences of {first} and 5 more."
    )
    assert f"RS6626: absent from the import, kept as a reference (named by {first} and 5 more)" in (
        result.report.notes
    )
