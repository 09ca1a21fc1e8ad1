"""Where each value of a TOML or JSON document starts: a map from paths to line numbers.

``tomllib`` and ``json`` give values without positions, so a light scanner walks the text once
more and notes the line of every key and list item it passes. The document has already been
parsed, so the scanner can trust the syntax; on anything it does not follow it stops and keeps
what it found, and a path it never saw is placed at its nearest known ancestor.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

__all__ = ["Lines", "Path", "lazy_lines", "line_of", "scan_lines"]

Path = tuple[str | int, ...]
Lines = dict[Path, int]

_BARE = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
# The scanner moves by regular expressions, not character by character: it must keep up with
# the parsers on a file of megabytes. Single-line strings cannot hold a newline, so moving over
# them (and over bare keys and values) leaves the line count as it is.
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_BARE_VALUE = re.compile(r"[^,\]}\n#]*")
_BASIC = re.compile(r'((?:[^"\\\n]|\\.)*)"')
_LITERAL = re.compile(r"([^'\n]*)'")
_BLANK = re.compile(r"(?:[ \t\r\n]+|#[^\n]*)*")
_BLANK_IN_LINE = re.compile(r"(?:[ \t\r]+|#[^\n]*)*")


def line_of(lines: Lines, path: Sequence[str | int]) -> int | None:
    """The line of ``path``, or of its nearest ancestor the scanner saw; None when none is known."""
    key = tuple(path)
    while key:
        if key in lines:
            return lines[key]
        key = key[:-1]
    return None


class _LazyLines(dict[Path, int]):
    """Lines scanned on first use: they only place problems, so a file without any is never
    scanned (the scanner walks the text in Python, several times slower than the parsers)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._text: str | None = text

    def _scanned(self) -> None:
        if self._text is not None:
            text, self._text = self._text, None
            self.update(scan_lines(text))

    def __contains__(self, key: object) -> bool:
        self._scanned()
        return super().__contains__(key)

    def __getitem__(self, key: Path) -> int:
        self._scanned()
        return super().__getitem__(key)


def lazy_lines(text: str) -> Lines:
    """The lines of ``text`` as :func:`scan_lines` finds them, scanned when first looked up."""
    return _LazyLines(text)


def scan_lines(text: str) -> Lines:
    """The line (from 1) where each key and list item of a TOML or JSON document starts."""
    scanner = _Scanner(text)
    try:
        if text.lstrip().startswith("{"):
            scanner.skip_blank()
            scanner.value(())
        else:
            scanner.toml_document()
    except (_StopScanningError, IndexError, ValueError):
        pass  # keep what was found: the nearest ancestor stands in for the rest
    return scanner.lines


class _StopScanningError(Exception):
    """The scanner met something it does not follow."""


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.at = 0
        self.line = 1
        self.lines: Lines = {}
        self.tables: dict[Path, int] = {}  # arrays of tables: how many items so far

    # -- characters -------------------------------------------------------------------------

    def peek(self, offset: int = 0) -> str:
        index = self.at + offset
        return self.text[index] if index < len(self.text) else ""

    def advance(self, count: int = 1) -> None:
        end = min(self.at + count, len(self.text))
        self.line += self.text.count("\n", self.at, end)
        self.at = end

    def skip_blank(self, *, newlines: bool = True) -> None:
        """Skip spaces, and comments and newlines unless told otherwise."""
        blank = _BLANK if newlines else _BLANK_IN_LINE
        found = blank.match(self.text, self.at)
        if found is not None and found.end() > self.at:
            self.advance(found.end() - self.at)

    # -- TOML top level ---------------------------------------------------------------------

    def toml_document(self) -> None:
        table: Path = ()
        while True:
            self.skip_blank()
            if self.at >= len(self.text):
                return
            if self.peek() == "[":
                table = self.header()
            else:
                self.key_value(table)

    def header(self) -> Path:
        array = self.peek(1) == "["
        self.advance(2 if array else 1)
        line = self.line
        parts = self.dotted_key("]")
        self.advance(2 if array else 1)
        path = self.resolve(parts)
        if not array and path in self.tables:
            path = (*path, self.tables[path] - 1)
        for depth in range(1, len(path)):
            self.lines.setdefault(path[:depth], line)
        if array:
            count = self.tables.get(path, 0)
            self.tables[path] = count + 1
            self.lines.setdefault(path, line)
            path = (*path, count)
        self.lines[path] = line
        return path

    def resolve(self, parts: list[str]) -> Path:
        # ``[learners.target]`` after ``[[learners]]`` means the last learner's target.
        path: Path = ()
        for part in parts[:-1]:
            path = (*path, part)
            if path in self.tables:
                path = (*path, self.tables[path] - 1)
        return (*path, parts[-1])

    def key_value(self, table: Path) -> None:
        line = self.line
        parts = self.dotted_key("=:")
        self.advance()  # the = (or : in JSON)
        path = (*table, *parts)
        for depth in range(len(table) + 1, len(path) + 1):
            self.lines.setdefault(path[:depth], line)
        self.skip_blank(newlines=False)
        self.value(path)

    def dotted_key(self, ends: str) -> list[str]:
        parts: list[str] = []
        while True:
            self.skip_blank()
            char = self.peek()
            if char in {'"', "'"}:
                parts.append(self.string())
            elif char in _BARE:
                found = _BARE_KEY.match(self.text, self.at)
                if found is None:
                    raise _StopScanningError
                parts.append(found.group())
                self.at = found.end()
            else:
                raise _StopScanningError
            self.skip_blank()
            if self.peek() == ".":
                self.advance()
            elif self.peek() and self.peek() in ends:
                return parts
            else:
                raise _StopScanningError

    # -- values -----------------------------------------------------------------------------

    def value(self, path: Path) -> None:
        self.lines.setdefault(path, self.line)
        char = self.peek()
        if char == "{":
            self.inline_table(path)
        elif char == "[":
            self.array(path)
        elif char in {'"', "'"}:
            self.string()
        else:
            found = _BARE_VALUE.match(self.text, self.at)
            self.at = found.end() if found is not None else self.at

    def inline_table(self, path: Path) -> None:
        self.advance()
        self.skip_blank()
        while self.peek() != "}":
            self.key_value(path)
            self.skip_blank()
            if self.peek() == ",":
                self.advance()
                self.skip_blank()
        self.advance()

    def array(self, path: Path) -> None:
        self.advance()
        index = 0
        self.skip_blank()
        while self.peek() != "]":
            self.value((*path, index))
            index += 1
            self.skip_blank()
            if self.peek() == ",":
                self.advance()
                self.skip_blank()
            elif self.peek() != "]":
                raise _StopScanningError
        self.advance()

    def string(self) -> str:
        quote = self.peek()
        if self.text.startswith(quote * 3, self.at):
            end = self.text.index(quote * 3, self.at + 3)
            while self.text.startswith(quote, end + 3):
                end += 1  # up to two quotes may close the content itself
            content = self.text[self.at + 3 : end]
            self.advance(end + 3 - self.at)
            return content
        start = self.at + 1
        found = (_BASIC if quote == '"' else _LITERAL).match(self.text, start)
        if found is None:
            raise _StopScanningError  # unclosed on its line
        content = found.group(1)
        self.at = found.end()
        return content if "\\" not in content else _unescaped(content)


def _unescaped(content: str) -> str:
    # JSON's escapes are TOML's too, but for TOML's \UXXXXXXXX and \e, rare in keys: those keys
    # are left as written, and their values placed at the nearest ancestor.
    try:
        decoded = json.loads(f'"{content}"')
    except ValueError:
        return content
    return decoded if isinstance(decoded, str) else content
