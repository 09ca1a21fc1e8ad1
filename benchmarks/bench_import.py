"""Benchmark of the whole RNCP import command on generated exports of national size and more.

Run from the repository root: ``.venv/bin/python benchmarks/bench_import.py [MULTIPLES…]``
(default ``1 2 4``: once, twice and four times the national XML flux's 25,638 fiches; a
fraction such as ``0.1`` gives a quick run). For each size it writes, in a temporary directory
removed afterwards, an XML flux made by replicating the 12 real fiches of
``tests/data/rncp/export_fiches_RNCP_fixture.xml`` with renumbered fiche and block codes (every
RNCP code of a copy moved by the same offset, so that the references between the copies of one
round stay consistent), then runs the command a user runs,

    itineraire import rncp export.xml --output catalogue.json

in a child process, and reports its wall time and its peak resident memory (the whole
process: interpreter, reading, assembly, checks and writing, as the operating system counts it),
with the sizes of the export and of the catalogue written. ``--keep-going`` may be added after
the multiples to time that mode.

The numbers are recorded in ``docs/performance.md``. Timings are never asserted in tests.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

NATIONAL = 25_638
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
                fiche = _CODE.sub(_shifted(copy * 100_000), fiche)
            stream.write(fiche)
            stream.write("\n")
        stream.write("</FICHES>\n")


def _shifted(offset: int) -> Callable[[re.Match[str]], str]:
    return lambda found: f"RNCP{int(found[1]) + offset}"


def whole_command(export: Path, output: Path, extra: list[str]) -> tuple[float, int, int]:
    """Wall seconds, peak resident bytes and exit code of the import command."""
    command = [
        sys.executable,
        "-c",
        "import sys; from itineraire.cli import main; sys.exit(main(sys.argv[1:]))",
        "import",
        "rncp",
        str(export),
        "--output",
        str(output),
        *extra,
    ]
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    # ru_maxrss is in kibibytes on Linux.
    return seconds, usage.ru_maxrss * 1024, os.waitstatus_to_exitcode(status)


def main(multiples: list[float], extra: list[str]) -> None:
    print("| size | fiches | export | catalogue written | time | fiches/s | peak RSS | exit |")
    print("|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as directory:
        for multiple in multiples:
            count = round(NATIONAL * multiple)
            export = Path(directory) / f"export_{count}.xml"
            output = Path(directory) / f"catalogue_{count}.json"
            generate(export, count)
            seconds, peak, code = whole_command(export, output, extra)
            written = output.stat().st_size / 1e6 if output.exists() else 0.0
            print(
                f"| {multiple:g}× | {count:,} | {export.stat().st_size / 1e6:,.0f} MB"
                f" | {written:,.0f} MB | {seconds:.0f} s | {count / seconds:,.0f}"
                f" | {peak / 2**20:,.0f} MiB | {code} |",
                flush=True,
            )
            export.unlink()
            output.unlink(missing_ok=True)


if __name__ == "__main__":
    arguments = sys.argv[1:]
    options = [argument for argument in arguments if argument.startswith("--")]
    sizes = [float(argument) for argument in arguments if not argument.startswith("--")]
    main(sizes or [1, 2, 4], options)
