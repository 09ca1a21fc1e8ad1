"""Every reader, fed arbitrary bytes or arbitrary documents, only ever raises the library's own
error (an :class:`~itineraire.errors.InputError`): never a traceback of the standard library,
of pydantic or of the XML parser (issue #13)."""

from __future__ import annotations

import contextlib
import io
import tempfile
import zipfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from hypothesis import given
from hypothesis import strategies as st

from itineraire.errors import InputError
from itineraire.files.loading import (
    catalogue_from_data,
    learner_from_data,
    load_catalogue,
    load_learner,
)
from itineraire.importing import SourceKind, run_import
from itineraire.journeys.loading import journey_from_data, load_journey
from itineraire.model.catalogue import Catalogue
from itineraire.scenarios.loading import load_scenario, scenario_from_data
from tests.import_samples import ROME_CODES, STANDARD

CATALOGUE = Path(__file__).parent / "data" / "catalogues" / "minimal.json"

# Keys and values the readers know, so that the documents reach past the first check.
_KEYS = st.sampled_from(
    [
        "format", "name", "id", "code", "title", "modules", "competences", "certifications",
        "blocks", "positioning", "date", "target", "certification", "constraints", "start",
        "end", "unavailable", "learners", "file", "source", "catalogue", "events", "type",
        "kind", "hours", "cost", "sessions", "requires", "validates", "teaches", "level",
        "scales", "levels", "replaces", "all", "any", "block", "experience",
    ]
)  # fmt: skip
_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=True)
    | st.text(max_size=20)
    | st.sampled_from(["2025-01-06", "RNCP37674", "clea.1", "/dev/zero", "../x.json", "\ud800"])
)
_DOCUMENTS = st.dictionaries(
    _KEYS,
    st.recursive(
        _SCALARS,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_KEYS, inner, max_size=4),
        max_leaves=20,
    ),
    max_size=8,
)


def _catalogue() -> Catalogue:
    return load_catalogue(CATALOGUE)


def _raises_only_input_errors(call: Any, *arguments: Any) -> None:
    with contextlib.suppress(InputError):
        call(*arguments)


@given(st.binary(max_size=400))
def test_document_readers_on_arbitrary_bytes(data: bytes) -> None:
    catalogue = _catalogue()
    _raises_only_input_errors(load_catalogue, data)
    _raises_only_input_errors(load_learner, data, catalogue)
    _raises_only_input_errors(load_journey, data, catalogue)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "scenario.toml"
        path.write_bytes(data)
        _raises_only_input_errors(load_scenario, path)


@given(_DOCUMENTS)
def test_document_readers_on_arbitrary_documents(data: dict[str, Any]) -> None:
    catalogue = _catalogue()
    _raises_only_input_errors(catalogue_from_data, data)
    _raises_only_input_errors(learner_from_data, data, catalogue)
    _raises_only_input_errors(journey_from_data, data, catalogue)
    with tempfile.TemporaryDirectory() as folder:
        _raises_only_input_errors(lambda: scenario_from_data(data, base=Path(folder)))


def _import(kind: SourceKind, name: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        _raises_only_input_errors(run_import, kind, [path])


@given(st.binary(max_size=400), st.sampled_from([".xml", ".zip", ".csv"]))
def test_import_readers_on_arbitrary_bytes(data: bytes, suffix: str) -> None:
    _import(SourceKind.RNCP, f"export{suffix}", data)
    _import(SourceKind.LHEO, "offer.xml", data)
    _import(SourceKind.ROME, "rome.csv", data)


# Arbitrary XML documents made of the exports' own elements and values.
_TAGS = st.sampled_from(
    [
        "FICHE", "NUMERO_FICHE", "INTITULE", "ACTIF", "NOMENCLATURE_EUROPE", "NIVEAU",
        "BLOCS_COMPETENCES", "BLOC_COMPETENCES", "CODE", "LIBELLE", "LISTE_COMPETENCES",
        "CORRESPONDANCES", "CORRESPONDANCE", "SOURCE", "DESTINATION", "CODES_ROME", "ROME",
        "DATE_EFFET", "SI_JURY_VAE", "ANCIENNES_CERTIFICATIONS", "NOUVELLES_CERTIFICATIONS",
        "ID_FICHE_NOUVELLE_CERTIFICATION", "formation", "action", "session", "intitule-formation",
        "certification", "code-RNCP", "periode", "debut", "duree-indicative", "b",
    ]
)  # fmt: skip
_TEXTS = st.sampled_from(
    ["RNCP90001", "RNCP90001BC01", "RS6626", "Oui", "Non", "NIV5", "NIV1", "AUCUN", "M1805",
     "01/09/2023", "31/02/2023", "20270104", "400", "Titre", "", "RNCP９", "*  a   o b"]
)  # fmt: skip
_ELEMENTS: st.SearchStrategy[str] = st.recursive(
    st.builds(lambda tag, text: f"<{tag}>{escape(text)}</{tag}>", _TAGS, _TEXTS),
    lambda inner: st.builds(
        lambda tag, children: f"<{tag}>{''.join(children)}</{tag}>",
        _TAGS,
        st.lists(inner, max_size=4),
    ),
    max_leaves=25,
)


@given(st.lists(_ELEMENTS, max_size=4), st.sampled_from(["FICHES", "lheo", "other"]))
def test_xml_readers_on_arbitrary_documents(records: list[str], root: str) -> None:
    document = f'<?xml version="1.0" encoding="UTF-8"?><{root}>{"".join(records)}</{root}>'
    _import(SourceKind.RNCP, "export.xml", document.encode())
    _import(SourceKind.LHEO, "offer.xml", document.replace("FICHE", "formation").encode())


_CELLS = st.sampled_from(["RNCP90001", "RNCP90001BC01", "NIV5", "ACTIVE", "x", "", "M1805"])


@given(st.lists(st.lists(_CELLS, max_size=10), max_size=6))
def test_csv_readers_on_arbitrary_tables(rows: list[list[str]]) -> None:
    body = "".join(";".join(f'"{cell}"' for cell in row) + "\r\n" for row in rows)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("export_fiches_CSV_Standard_2024_02_22.csv", STANDARD + body)
        archive.writestr("export_fiches_CSV_Blocs_De_Compétences_2024_02_22.csv", body)
    _import(SourceKind.RNCP, "export.zip", buffer.getvalue())
    header = ROME_CODES.read_text(encoding="utf-8").splitlines()[0]
    _import(SourceKind.ROME, "rome.csv", (header + "\n" + body.replace(";", ",")).encode())
