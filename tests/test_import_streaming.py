"""The RNCP import keeps the blocks' long texts on disk and streams the file it writes
(issue #13: a national import in flat memory)."""

from __future__ import annotations

from pathlib import Path

from itineraire.files.export import to_json
from itineraire.files.loading import load_catalogue
from itineraire.importing.running import SourceKind, run_import
from tests.import_samples import RNCP_XML


def test_the_streamed_file_is_the_whole_document_written_at_once(tmp_path: Path) -> None:
    """The import writes the blocks' texts back from disk one certification at a time: the
    file is byte for byte what the whole document gives, and loads to the same catalogue."""
    result = run_import(SourceKind.RNCP, [RNCP_XML])
    assert result.texts is not None
    output = tmp_path / "catalogue.json"
    result.write(output)
    assert output.read_text(encoding="utf-8") == to_json(result.document)
    competences = result.catalogue.blocks["RNCP37488BC01"].competences
    assert competences
    assert load_catalogue(output, strict=False).blocks["RNCP37488BC01"].competences == competences
    assert result.checked.blocks["RNCP37488BC01"].competences == ()
