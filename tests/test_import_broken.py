"""A corpus of broken or malicious inputs: each gives a clear error, exit 2, and writes nothing.

Each case is a file (built from the shape of the real exports) and the exact problem lines the
command line prints. The output file must not exist afterwards, and an existing output file must
be left as it was.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from itineraire.cli import main
from itineraire.importing import SourceError, SourceKind, run_import
from tests.import_samples import BLOCK, RNCP_XML, STANDARD, csv_zip, export, fiche, formation, lheo

_LAUGHS = "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))
_TRUNCATED = RNCP_XML.read_bytes()[:5000]
_TWO_BLOCKS = (
    BLOCK.format(code="RNCP90001BC01", title="A")
    + "<BLOC_COMPETENCES><LIBELLE>B</LIBELLE></BLOC_COMPETENCES>"
)
_CORRESPONDENCE = (
    "<CORRESPONDANCES><CORRESPONDANCE><SOURCE><BLOC_COMPETENCES><CODE>RNCP90001BC01</CODE>"
    "</BLOC_COMPETENCES></SOURCE><DESTINATION></DESTINATION></CORRESPONDANCE></CORRESPONDANCES>"
)
_BLOCKS_HEADER = '"Numero_Fiche";"Bloc_Competences_Code";"Bloc_Competences_Libelle"\r\n'
_ROW = '"1";"RNCP90001";"Titre";"";"NIV5";"01/09/2028";"01/09/2023";"ACTIVE"\r\n'

CASES: list[tuple[str, str, str, str | bytes | None, list[str]]] = [
    (
        "truncated",
        "rncp",
        "export.xml",
        _TRUNCATED,
        [
            "file, line 78, column 2001: is not well-formed XML: no element found;"
            " the file is probably truncated"
        ],
    ),
    (
        "truncated-in-a-tag",
        "rncp",
        "export.xml",
        _TRUNCATED.rsplit(b"<", 1)[0] + b"<INTIT",
        [
            "file, line 78, column 5: is not well-formed XML: unclosed token;"
            " the file is probably truncated"
        ],
    ),
    (
        "wrong-encoding",
        "rncp",
        "export.xml",
        export(fiche(title="Café")).encode("latin-1"),
        [
            "file, line 2, column 14: is not well-formed XML: not well-formed (invalid token);"
            " a stray '<' or '&', or a byte not valid in the declared encoding"
        ],
    ),
    (
        "billion-laughs",
        "rncp",
        "export.xml",
        export(fiche(title="&lol9;"), prolog=f'<!DOCTYPE FICHES [<!ENTITY lol0 "lol">{_LAUGHS}]>'),
        [
            "file: has a document type declaration (<!DOCTYPE …>); refused: an export needs none,"
            " and a DTD can declare entity bombs or external entities"
        ],
    ),
    (
        "external-entity",
        "rncp",
        "export.xml",
        export(
            fiche(title="&xxe;"),
            prolog='<!DOCTYPE FICHES [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
        ),
        [
            "file: has a document type declaration (<!DOCTYPE …>); refused: an export needs none,"
            " and a DTD can declare entity bombs or external entities"
        ],
    ),
    (
        "external-dtd",
        "rncp",
        "export.xml",
        export(fiche(), prolog='<!DOCTYPE FICHES SYSTEM "http://example.com/fiches.dtd">'),
        [
            "file: has a document type declaration (<!DOCTYPE …>); refused: an export needs none,"
            " and a DTD can declare entity bombs or external entities"
        ],
    ),
    (
        "not-an-rncp-export",
        "rncp",
        "export.xml",
        lheo(formation()),
        ["file: the top element is <lheo>, expected <FICHES>"],
    ),
    (
        "empty-file",
        "rncp",
        "export.xml",
        b"",
        [
            "file, line 1, column 1: is not well-formed XML: no element found;"
            " the file is probably truncated"
        ],
    ),
    (
        "missing-mandatory-elements",
        "rncp",
        "export.xml",
        export(fiche(code="", title="", active="")),
        [
            "fiche 1, NUMERO_FICHE: is missing or empty",
            "fiche 1, INTITULE: is missing or empty",
            "fiche 1, ACTIF: is missing or empty",
        ],
    ),
    (
        "bad-oui-non",
        "rncp",
        "export.xml",
        export(fiche(active="Yes", vae="oui")),
        [
            "fiche 1 'RNCP90001', ACTIF: 'Yes' is neither Oui nor Non",
            "fiche 1 'RNCP90001', SI_JURY_VAE/ACTIF: 'oui' is neither Oui nor Non",
        ],
    ),
    (
        "bad-dates",
        "rncp",
        "export.xml",
        export(fiche(start="2023-09-01", end="31/02/2028")),
        [
            "fiche 1 'RNCP90001', DATE_EFFET: '2023-09-01' is not a date JJ/MM/AAAA",
            "fiche 1 'RNCP90001', DATE_FIN_ENREGISTREMENT: '31/02/2028' is not a date of the"
            " calendar",
        ],
    ),
    (
        "registration-ends-before-it-starts",
        "rncp",
        "export.xml",
        export(fiche(start="01/09/2028", end="01/09/2023")),
        ["fiche 1 'RNCP90001', DATE_FIN_ENREGISTREMENT: is before DATE_EFFET"],
    ),
    (
        "bad-level-and-rome",
        "rncp",
        "export.xml",
        export(fiche(level="NIV9", rome="Z123")),
        [
            "fiche 1 'RNCP90001', NOMENCLATURE_EUROPE/NIVEAU: 'NIV9' is not a level NIV1 … NIV8,"
            " AUCUN or REPRISE",
            "fiche 1 'RNCP90001', CODES_ROME/ROME[1]/CODE: 'Z123' is not a ROME code (a letter A"
            " to N and four digits)",
        ],
    ),
    (
        "bad-fiche-number",
        "rncp",
        "export.xml",
        export(fiche(code="37674")),
        [
            "fiche 1 '37674', NUMERO_FICHE: '37674' is not a fiche number (RNCP or RS followed by"
            " digits 0-9)"
        ],
    ),
    (
        "duplicate-fiche-numbers",
        "rncp",
        "export.xml",
        export(fiche(), fiche()),
        ["fiche 2 'RNCP90001', NUMERO_FICHE: duplicate fiche number (also in export.xml)"],
    ),
    (
        "block-without-code",
        "rncp",
        "export.xml",
        export(fiche(blocks=_TWO_BLOCKS)),
        ["fiche 1 'RNCP90001', BLOCS_COMPETENCES/BLOC_COMPETENCES[2]/CODE: is missing or empty"],
    ),
    (
        "correspondence-without-destination",
        "rncp",
        "export.xml",
        export(fiche(extra=_CORRESPONDENCE)),
        [
            "fiche 1 'RNCP90001', CORRESPONDANCES/CORRESPONDANCE[1]/DESTINATION/NUMERO_FICHE: is"
            " missing or empty"
        ],
    ),
    (
        "bad-block-code-in-a-correspondence",
        "rncp",
        "export.xml",
        export(
            fiche(
                extra=_CORRESPONDENCE.replace(
                    "<DESTINATION>",
                    "<DESTINATION><NUMERO_FICHE>RNCP1</NUMERO_FICHE>"
                    "<BLOC_COMPETENCES><CODE>BC 01</CODE></BLOC_COMPETENCES>",
                )
            )
        ),
        [
            "fiche 1 'RNCP90001',"
            " CORRESPONDANCES/CORRESPONDANCE[1]/DESTINATION/BLOC_COMPETENCES/CODE: 'BC 01' is not"
            " a block code (letters, digits and . _ : + -, at most 80)"
        ],
    ),
    (
        "zip-without-standard-table",
        "rncp",
        "export.zip",
        csv_zip({"Rome": '"Numero_Fiche";"Codes_Rome_Code"\r\n'}),
        [
            "file: has no export_fiches_CSV_Standard_*.csv member"
            " (export_fiches_CSV_Rome_2024_02_22.csv)"
        ],
    ),
    (
        "csv-missing-columns",
        "rncp",
        "export.zip",
        csv_zip({"Standard": '"Numero_Fiche";"Intitule"\r\n"RNCP90001";"Titre"\r\n'}),
        [
            "export_fiches_CSV_Standard_2024_02_22.csv: misses the columns"
            " Nomenclature_Europe_Niveau, Actif"
        ],
    ),
    (
        "csv-bad-values",
        "rncp",
        "export.zip",
        csv_zip(
            {"Standard": STANDARD + _ROW.replace("ACTIVE", "Oui").replace("01/09/2023", "2023")}
        ),
        [
            "Standard line 2, Actif: 'Oui' is neither ACTIVE nor INACTIVE",
            "Standard line 2, Date_Effet: '2023' is not a date JJ/MM/AAAA",
        ],
    ),
    (
        "csv-duplicate-fiche-numbers",
        "rncp",
        "export.zip",
        csv_zip({"Standard": STANDARD + _ROW + _ROW}),
        ["Standard line 3, Numero_Fiche: duplicate fiche number (also in export.zip)"],
    ),
    (
        "csv-bad-block-code-and-empty-block-label",
        "rncp",
        "export.zip",
        csv_zip(
            {
                "Standard": STANDARD + _ROW,
                "Blocs_De_Compétences": _BLOCKS_HEADER
                + '"RNCP90001";"RNCP90001 BC07";"Libellé"\r\n'
                + '"RNCP90001";"RNCP90001BC08";""\r\n',
            }
        ),
        [
            "Standard line 2, Blocs_De_Compétences Bloc_Competences_Code: 'RNCP90001 BC07' is not"
            " a block code (letters, digits and . _ : + -, at most 80)",
            "Standard line 2, Blocs_De_Compétences Bloc_Competences_Libelle: is empty for block"
            " 'RNCP90001BC08'",
        ],
    ),
    (
        "csv-unknown-access-route",
        "rncp",
        "export.zip",
        csv_zip(
            {
                "Standard": STANDARD + _ROW,
                "VoixdAccès": '"Numero_Fiche";"Si_Jury"\r\n"RNCP90001";"Par hasard"\r\n',
            }
        ),
        ["Standard line 2, VoixdAccès Si_Jury: unknown access route 'Par hasard'"],
    ),
    (
        "csv-not-utf8",
        "rncp",
        "export.zip",
        csv_zip({"Standard": STANDARD.replace("Intitule", "Intitulé").encode("latin-1")}),
        ["export_fiches_CSV_Standard_2024_02_22.csv: is not UTF-8 text (byte 0xe9)"],
    ),
    (
        "not-a-zip",
        "rncp",
        "export.zip",
        b"PK\x03\x04 truncated",
        ["file: is not a zip archive (or it is truncated)"],
    ),
    (
        "lheo-bad-rncp-number",
        "lheo",
        "offer.xml",
        lheo(formation(rncp="RNCP474")),
        ["formation 1 'F1', certification/code-RNCP: 'RNCP474' is not an RNCP number"],
    ),
    (
        "lheo-missing-title-bad-values",
        "lheo",
        "offer.xml",
        lheo(formation(title="", hours="beaucoup", start="20270231")),
        [
            "formation 1 'F1', intitule-formation: is missing or empty",
            "formation 1 'F1', action[1]/nombre-heures-total: 'beaucoup' is not a number",
            "formation 1 'F1', action[1]/session[1]/periode/debut: '20270231' is not a date"
            " AAAAMMJJ",
        ],
    ),
    (
        "lheo-duplicate-action-numbers",
        "lheo",
        "offer.xml",
        lheo(formation("F1") + formation("F1")),
        [
            "formation 2, action: action number gives the module id 'lheo.F1-A' again"
            " (offer.xml, formation 1)"
        ],
    ),
    (
        "rncp-csv-member-instead-of-the-zip",
        "rncp",
        "export_fiches_CSV_Standard_2024_02_22.csv",
        STANDARD + _ROW,
        ["file: a table of the CSV export: give the export's .zip, its tables are read together"],
    ),
    (
        "a-directory",
        "rncp",
        "",
        None,
        ["file: is a directory, not a file"],
    ),
    (
        "missing-file",
        "lheo",
        "absent.xml",
        None,
        ["file: no such file"],
    ),
    (
        "missing-zip",
        "rncp",
        "absent.zip",
        None,
        ["file: no such file"],
    ),
    (
        "rome-not-a-rome-table",
        "rome",
        "rome.csv",
        '"code","label"\n"M1805","x"\n',
        ["file, line 1: is not a ROME 4.0 table (first column 'code')"],
    ),
    (
        "rome-bad-and-duplicate-codes",
        "rome",
        "rome.csv",
        '"code_rome","libelle_rome","code_rome_parent"\n"M1805","Dev","M1805"\n'
        '"M18","Bad","M1805"\n"M1805","Dev","M1805"\n',
        [
            "line 3, code_rome: 'M18' is not a ROME code (a letter A to N and four digits)",
            "line 4, code_rome: duplicate ROME code 'M1805'",
        ],
    ),
    (
        "rome-bad-parent-code",
        "rome",
        "rome.csv",
        '"code_rome","libelle_rome","code_rome_parent"\n"M1805","Dev","M1805"\n'
        '"M1813","Sub","M18"\n"N12","Bad","X1"\n',
        [
            "line 3, code_rome_parent: 'M18' is not a ROME code (a letter A to N and four digits)",
            "line 4, code_rome: 'N12' is not a ROME code (a letter A to N and four digits)",
            "line 4, code_rome_parent: 'X1' is not a ROME code (a letter A to N and four digits)",
        ],
    ),
]

_WHAT = {"rncp": "RNCP export", "lheo": "LHEO offer", "rome": "ROME table"}


@pytest.mark.parametrize(
    ("kind", "name", "content", "problems"),
    [pytest.param(*case[1:], id=case[0]) for case in CASES],
)
def test_broken_input_is_refused_and_nothing_is_written(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    kind: str,
    name: str,
    content: str | bytes | None,
    problems: list[str],
) -> None:
    """Exit 2, the exact problems on stderr, no output file and no stray temporary file."""
    source = tmp_path / name
    if content is None:
        pass  # the file is not written: missing, or (no name) the directory itself is given
    elif isinstance(content, bytes):
        source.write_bytes(content)
    else:
        source.write_text(content, encoding="utf-8")
    output = tmp_path / "out" / "catalogue.json"
    output.parent.mkdir()
    assert main(["import", kind, str(source), "--output", str(output)]) == 2
    noun = "problem" if len(problems) == 1 else "problems"
    expected = [f"error: {_WHAT[kind]} {source} has {len(problems)} {noun}:"]
    expected += [f"  - {problem}" for problem in problems]
    assert capsys.readouterr().err == "\n".join(expected) + "\n"
    assert list(output.parent.iterdir()) == []


def test_the_corpus_is_large_enough() -> None:
    """The issue asks for at least twenty broken inputs."""
    assert len(CASES) >= 20


def test_a_failed_import_leaves_the_previous_catalogue_intact(tmp_path: Path) -> None:
    """An import that fails after a successful one leaves the file of the first, byte for byte."""
    good = tmp_path / "good.xml"
    good.write_text(export(fiche()), encoding="utf-8")
    broken = tmp_path / "broken.xml"
    broken.write_text(export(fiche(active="Yes")), encoding="utf-8")
    output = tmp_path / "catalogue.json"
    assert main(["import", "rncp", str(good), "--output", str(output)]) == 0
    before = output.read_bytes()
    assert (
        main(["import", "rncp", str(broken), "--output", str(output), "--merge", str(output)]) == 2
    )
    assert output.read_bytes() == before
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "broken.xml",
        "catalogue.json",
        "good.xml",
    ]


def test_a_file_broken_throughout_lists_the_first_hundred_problems(tmp_path: Path) -> None:
    """Thousands of faults give a readable message; every problem stays available as data."""
    source = tmp_path / "export.xml"
    source.write_text(export(*(fiche(f"RNCP{n}", active="Yes") for n in range(150))), "utf-8")
    with pytest.raises(SourceError) as caught:
        run_import(SourceKind.RNCP, [source])
    lines = str(caught.value).splitlines()
    assert lines[0] == f"RNCP export {source} has 150 problems:"
    assert lines[1] == "  - fiche 1 'RNCP0', ACTIF: 'Yes' is neither Oui nor Non"
    assert lines[101:] == [
        "  … and 50 more; the first 100 are listed (raise the number with the environment"
        " variable ITINERAIRE_LIMIT_PROBLEMS_SHOWN)"
    ]
    assert len(caught.value.problems) == 150


def test_an_output_that_cannot_be_written_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An output in a directory that does not exist: exit 2, a one-line error, no traceback."""
    source = tmp_path / "export.xml"
    source.write_text(export(fiche()), encoding="utf-8")
    output = tmp_path / "missing" / "catalogue.json"
    assert main(["import", "rncp", str(source), "--output", str(output)]) == 2
    assert capsys.readouterr().err == (
        f"error: cannot write {output} (No such file or directory); nothing was written\n"
    )
