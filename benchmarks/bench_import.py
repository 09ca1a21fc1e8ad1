"""Benchmark of the RNCP XML import on a generated full-size export.

Run from the repository root: ``.venv/bin/python benchmarks/bench_import.py [MODE] [SIZES…]``
(MODE ``filtered``, ``kept`` or ``catalogue``, the first two by default; default sizes 2500
10000 25638, the national file's 25,638 fiches). For each size it writes, in a temporary
directory removed afterwards, an XML flux made by replicating the 12 real fiches of
``tests/data/rncp/export_fiches_RNCP_fixture.xml`` with renumbered fiche and block codes, then
measures:

- ``filtered``: the whole file streamed and every fiche read and checked, keeping the 12 original
  fiches (``--code`` filter): time (without tracemalloc) and peak traced memory (with it);
- ``kept``: the same with every fiche kept, to show what grows is the output, not the reading;
- ``catalogue`` (only when asked for): the whole import as the command line runs it, every fiche
  kept, the catalogue built and checked and the file written; time only.

The numbers are recorded in ``docs/performance.md``. Timings are never asserted in tests.
"""

from __future__ import annotations

import re
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from itineraire.importing.fiches import FicheFilter
from itineraire.importing.rncp import import_rncp
from itineraire.importing.running import SourceKind, run_import

FIXTURE = (
    Path(__file__).parent.parent / "tests" / "data" / "rncp" / "export_fiches_RNCP_fixture.xml"
)
_FICHE = re.compile(r"<FICHE>.*?</FICHE>", re.DOTALL)
_CODE = re.compile(r"RNCP(\d+)")


def generate(path: Path, count: int) -> None:
    """Write an XML flux of ``count`` fiches: the real ones first, then renumbered copies."""
    fiches = _FICHE.findall(FIXTURE.read_text(encoding="utf-8"))
    with path.open("w", encoding="utf-8") as stream:
        stream.write('<?xml version="1.0" encoding="UTF-8"?>\n<FICHES>\n')
        for index in range(count):
            fiche = fiches[index % len(fiches)]
            copy = index // len(fiches)
            if copy:
                # Every RNCP code of the copy (its own, its blocks', its references) is moved by
                # the same offset, so that the copies are consistent among themselves.
                offset = copy * 100_000
                fiche = _CODE.sub(_shifted(offset), fiche)
            stream.write(fiche)
            stream.write("\n")
        stream.write("</FICHES>\n")


def _shifted(offset: int) -> Callable[[re.Match[str]], str]:
    return lambda found: f"RNCP{int(found[1]) + offset}"


def _importer(path: Path, fiche_filter: FicheFilter) -> Callable[[], object]:
    return lambda: import_rncp([path], fiche_filter)


def measure(run: Callable[[], object]) -> tuple[float, int]:
    """Seconds of one run without tracing, and the peak traced bytes of a second run."""
    start = time.perf_counter()
    run()
    seconds = time.perf_counter() - start
    tracemalloc.start()
    run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, peak


def whole_import(path: Path) -> float:
    """Seconds of the command line's work: import, build, check, write."""
    start = time.perf_counter()
    run_import(SourceKind.RNCP, [path]).write(path.with_suffix(".json"))
    return time.perf_counter() - start


def main(sizes: list[int], only: str | None = None) -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    originals = frozenset(re.findall(r"<NUMERO_FICHE>(RNCP\d+)</NUMERO_FICHE>", text))
    print("| fiches | file | mode | time | fiches/s | MB/s | peak memory |")
    print("|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as directory:
        for size in sizes:
            path = Path(directory) / f"export_{size}.xml"
            generate(path, size)
            megabytes = path.stat().st_size / 1e6
            if only == "catalogue":
                seconds = whole_import(path)
                print(
                    f"| {size:,} | {megabytes:,.0f} MB | catalogue | {seconds:.1f} s"
                    f" | {size / seconds:,.0f} | {megabytes / seconds:.1f} | |",
                    flush=True,
                )
                path.unlink()
                path.with_suffix(".json").unlink()
                continue
            modes = {
                "filtered": FicheFilter(codes=originals),
                "kept": FicheFilter(),
            }
            for mode, fiche_filter in modes.items():
                if only is not None and mode != only:
                    continue
                seconds, peak = measure(_importer(path, fiche_filter))
                print(
                    f"| {size:,} | {megabytes:,.0f} MB | {mode} | {seconds:.1f} s"
                    f" | {size / seconds:,.0f} | {megabytes / seconds:.1f}"
                    f" | {peak / 2**20:.1f} MiB |",
                    flush=True,
                )
            path.unlink()


if __name__ == "__main__":
    arguments = sys.argv[1:]
    mode = arguments.pop(0) if arguments and not arguments[0].isdigit() else None
    main([int(arg) for arg in arguments] or [2_500, 10_000, 25_638], mode)
