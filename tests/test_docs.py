"""The code in the documentation runs: every ``python`` block of ``docs/*.md`` and of the README
(the blocks of a page run in order, sharing their names, like a session) and every
``itineraire …`` command of a ``sh`` block. A block that is not meant to run (a fragment, a
command on a file of the reader's own) is preceded by the line ``<!-- not run -->``, with the
reason after a colon if useful; a block the reader is told to save as a file is preceded by
``<!-- save as: NAME -->`` and saved under that name before anything runs."""

from __future__ import annotations

import contextlib
import io
import re
import shlex
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from itineraire.cli import main

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
FENCE = re.compile(
    r"^(?:<!-- (?:(?P<marker>not run)[^\n]*|save as: (?P<save>\S+)) -->\n)?"
    r"```(?P<lang>[a-z]*)\n(?P<body>.*?)^```$",
    re.MULTILINE | re.DOTALL,
)
PROGRAM = re.compile(r"^(?:\.venv/bin/)?itineraire(?: |$)")


def _pages() -> list[Path]:
    # The README's instructions are where a newcomer starts: they run too.
    return [*sorted(DOCS.glob("*.md")), ROOT / "README.md"]


def _blocks(language: str) -> list[tuple[str, list[str]]]:
    """(page, runnable blocks of ``language`` in order) for each page that has some."""
    pages = []
    for page in _pages():
        found = [
            match["body"]
            for match in FENCE.finditer(page.read_text(encoding="utf-8"))
            if match["lang"] == language and not match["marker"]
        ]
        if found:
            pages.append((page.name, found))
    return pages


def _commands() -> list[tuple[str, str]]:
    commands = []
    for page, blocks in _blocks("sh"):
        for block in blocks:
            for line in block.splitlines():
                command = line.split(" #", 1)[0].strip()
                if PROGRAM.match(command):
                    commands.append((page, command))
    return commands


def _complete_examples() -> dict[str, str]:
    """The complete catalogue and learner examples of file-formats.md, under the names the other
    pages give them (python-api.md: "saved as example.json and learner-0042.json")."""
    text = (DOCS / "file-formats.md").read_text(encoding="utf-8")
    section = text[text.index("## Complete examples") :]
    blocks = [m["body"] for m in FENCE.finditer(section) if m["lang"] == "json"]
    return {"example.json": blocks[0], "learner-0042.json": blocks[1]}


def _saved() -> dict[str, str]:
    """The blocks the pages tell the reader to save, by file name."""
    return {
        match["save"]: match["body"]
        for page in _pages()
        for match in FENCE.finditer(page.read_text(encoding="utf-8"))
        if match["save"]
    }


@pytest.fixture
def in_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A folder like a reader's clone: examples/ (docs name files from the repository root) and
    # the example files the pages tell the reader to save.
    (tmp_path / "examples").symlink_to(ROOT / "examples", target_is_directory=True)
    for name, text in {**_complete_examples(), **_saved()}.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)


@pytest.mark.parametrize(
    ("page", "blocks"), _blocks("python"), ids=lambda v: v if isinstance(v, str) else ""
)
@pytest.mark.usefixtures("in_repository")
def test_python_blocks_run(page: str, blocks: list[str]) -> None:
    """The page's Python blocks run in order without an exception."""
    namespace: dict[str, Any] = {"__name__": f"docs_{page}"}
    for index, block in enumerate(blocks):
        code = compile(block, f"{page} python block {index + 1}", "exec")
        with contextlib.redirect_stdout(io.StringIO()):
            exec(code, namespace)


@pytest.mark.parametrize(("page", "command"), _commands())
@pytest.mark.usefixtures("in_repository")
def test_shell_commands_run(page: str, command: str) -> None:
    """The command exits 0 (or 1 where it reports findings or no route), never 2 (bad input)."""
    words = shlex.split(command)[1:]
    target = None
    if ">" in words:
        words, target = words[: words.index(">")], words[words.index(">") + 1]
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()) as err:
        code = main(words)
    assert code in {0, 1}, f"{page}: {command}\n{err.getvalue()}"
    if target is not None:
        Path(target).write_text(out.getvalue(), encoding="utf-8")


def test_docs_have_runnable_code() -> None:
    """The harness finds the code it should: guards against a fence pattern that matches nothing."""
    assert len(_commands()) >= 10
    assert sum(len(blocks) for _page, blocks in _blocks("python")) >= 10


LINK = re.compile(r"\]\((?P<target>[^)\s]+)\)")


def _anchors(page: Path) -> set[str]:
    """The anchors of a page's headings, as the site's table of contents names them."""
    anchors = set()
    for heading in re.findall(r"^#+ (.+)$", page.read_text(encoding="utf-8"), re.MULTILINE):
        text = unicodedata.normalize("NFKD", heading).encode("ascii", "ignore").decode()
        text = re.sub(r"[^\w\s-]", "", text.replace("`", "")).strip().lower()
        anchors.add(re.sub(r"[-\s]+", "-", text))
    return anchors


def _broken_links() -> list[str]:
    broken = []
    for page in sorted(DOCS.glob("*.md")):
        text = FENCE.sub("", page.read_text(encoding="utf-8"))
        for match in LINK.finditer(text):
            target = match["target"]
            if re.match(r"[a-z]+:", target):
                continue
            path, _hash, anchor = target.partition("#")
            found = (DOCS / path).resolve() if path else page
            if not found.is_file() or DOCS not in found.parents:
                broken.append(f"{page.name}: {target}")
            elif anchor and found.suffix == ".md" and anchor not in _anchors(found):
                broken.append(f"{page.name}: {target} (no such heading)")
    return broken


def test_every_link_of_the_docs_resolves_once_built() -> None:
    """As ``mkdocs build --strict`` checks it: a link goes to a file of docs/ (a page, a heading
    of a page, a schema), never outside docs/, where the built site has nothing."""
    assert _broken_links() == []


def test_the_site_build_refuses_broken_links() -> None:
    """mkdocs.yml keeps link checks at warning level, which ``strict`` turns into failures."""
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "\nstrict: true\n" in config
    for check in ("not_found", "unrecognized_links", "anchors"):
        assert f"\n    {check}: warn\n" in config


SHOWN = re.compile(
    r"^```text\n\$ (?:COLUMNS=(?P<columns>\d+) )?(?P<command>itineraire [^\n]*)\n"
    r"(?P<output>.*?)^```$",
    re.MULTILINE | re.DOTALL,
)


def _shown_outputs() -> list[tuple[str, str, str, str]]:
    """(page, COLUMNS, command, output) for each ``text`` block that shows a command after ``$ ``
    (maybe after ``COLUMNS=N``) and what it prints."""
    return [
        (page.name, match["columns"] or "", match["command"], match["output"])
        for page in _pages()
        for match in SHOWN.finditer(page.read_text(encoding="utf-8"))
    ]


@pytest.mark.parametrize(("page", "columns", "command", "output"), _shown_outputs())
@pytest.mark.usefixtures("in_repository")
def test_shown_output_is_what_the_command_prints(
    page: str, columns: str, command: str, output: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the page shows under ``$ itineraire …`` is what the command prints (stdout, then
    stderr), drawn at the width used off a terminal or the ``COLUMNS`` shown; trailing spaces
    aside."""
    if columns:
        monkeypatch.setenv("COLUMNS", columns)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        main(shlex.split(command)[1:])
    printed = out.getvalue() + err.getvalue()
    assert [line.rstrip() for line in printed.splitlines()] == [
        line.rstrip() for line in output.splitlines()
    ], f"{page}: {command}"


def test_pages_show_outputs_to_compare() -> None:
    """The pattern finds the outputs the pages show (it would silently match nothing otherwise)."""
    assert len(_shown_outputs()) >= 5
