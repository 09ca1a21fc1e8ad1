"""Hardened, streaming XML reading: one record element at a time, with flat memory.

Exports are read with :func:`defusedxml.ElementTree.iterparse`: a document type declaration is
refused outright (no export has one, and it is where the "billion laughs" bomb and external
entities are declared); entities and external references are refused too, so a file can neither
blow up memory nor make the parser read or fetch anything. Each record element (an RNCP
``FICHE``, an LHEO ``formation``) is handed over complete, then removed from its parent, so memory
stays the same whatever the size of the file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO
from xml.etree.ElementTree import Element, ParseError

from defusedxml import (
    DefusedXmlException,
    DTDForbidden,
    EntitiesForbidden,
    ExternalReferenceForbidden,
    NotSupportedError,
)
from defusedxml.ElementTree import iterparse

from itineraire.errors import Problem
from itineraire.files.limits import RECORD_BYTES, NotARegularFileError, open_regular

__all__ = ["MarkupInValueError", "UnreadableXmlError", "local_name", "stream_records", "text_of"]

_FILE = "file"


class UnreadableXmlError(Exception):
    """Internal: the XML cannot be read on (malformed, unsafe); carries the one problem."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def local_name(tag: str) -> str:
    """A tag without its namespace: LHEO 2.2 and 2.3 differ only by their namespace URI."""
    return tag.rsplit("}", 1)[-1]


def namespace(tag: str) -> str:
    """The namespace URI of a tag, empty when it has none."""
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


class MarkupInValueError(ValueError):
    """An element read for its value holds elements (``<NIVEAU><b>NIV3</b></NIVEAU>``): neither
    export puts markup in a value, so the value is not guessed from it."""

    def __init__(self, element: Element) -> None:
        self.tag = local_name(element.tag)
        inner = local_name(element[0].tag)
        super().__init__(f"holds markup (<{inner}>) where a plain value is expected")


def text_of(element: Element | None) -> str:
    """The element's text with runs of whitespace collapsed; empty when absent. Raises
    :class:`MarkupInValueError` when the element holds elements."""
    if element is None:
        return ""
    if len(element):
        raise MarkupInValueError(element)
    if element.text is None:
        return ""
    return " ".join(element.text.split())


def stream_records(
    path: Path,
    record: str,
    root: str,
    progress: Callable[[int], None] | None = None,
    namespaces: tuple[str, ...] = ("",),
) -> Iterator[Element]:
    """Yield each complete ``record`` element of the file; ``root`` is the expected top element,
    in one of ``namespaces`` (``""``: no namespace), and each record is in the root's namespace.

    ``progress`` is told how many bytes were read each time the parser reads more. Raises
    :class:`UnreadableXmlError` for a file that is missing, malformed, unsafe, or whose top element
    is not ``root``.
    """
    parents: list[Element] = []
    try:
        with open_regular(path) as raw:
            stream = _Counted(raw, progress)
            yield from _records(stream, (record, root, namespaces), parents)
    except ParseError as error:
        raise UnreadableXmlError(_parse_problem(error)) from None
    except DefusedXmlException as error:
        raise UnreadableXmlError(Problem(_FILE, "", _unsafe_message(error))) from None
    except FileNotFoundError:
        raise UnreadableXmlError(Problem(_FILE, "", "no such file")) from None
    except NotARegularFileError as error:
        raise UnreadableXmlError(Problem(_FILE, "", str(error))) from None
    except IsADirectoryError:
        raise UnreadableXmlError(Problem(_FILE, "", "is a directory, not a file")) from None
    except OSError as error:
        message = f"cannot be read ({error.strerror})"
        raise UnreadableXmlError(Problem(_FILE, "", message)) from None


class _Counted:
    """A binary file that counts the bytes read since the last record ended, and reports the
    bytes read to ``progress`` (for a progress bar)."""

    def __init__(self, raw: BinaryIO, progress: Callable[[int], None] | None) -> None:
        self.raw = raw
        self.progress = progress
        self.since_record = 0

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.since_record += len(data)
        if self.progress is not None:
            self.progress(len(data))
        return data


def _records(
    stream: _Counted, names: tuple[str, str, tuple[str, ...]], parents: list[Element]
) -> Iterator[Element]:
    record, root, namespaces = names
    # The parser holds a record whole until its end tag: one record without end (or of a
    # gigabyte of text) would take without bound, so the bytes read past the last record's end
    # are bounded.
    limit = RECORD_BYTES.value
    for event, element in iterparse(stream, events=("start", "end"), forbid_dtd=True):
        if stream.since_record > limit:
            message = f"has a <{record}> (or text between two) of {RECORD_BYTES.exceeded()}"
            raise UnreadableXmlError(Problem(_FILE, "", message))
        if event == "start":
            if not parents:
                _check_root(element, root, namespaces)
            parents.append(element)
            continue
        parents.pop()
        if local_name(element.tag) == record and namespace(element.tag) == namespace(
            parents[0].tag if parents else element.tag
        ):
            stream.since_record = 0
            yield element
            # Drop the record from the tree: memory must not grow with the file.
            if parents:
                parents[-1].remove(element)


def _check_root(element: Element, root: str, namespaces: tuple[str, ...]) -> None:
    found, uri = local_name(element.tag), namespace(element.tag)
    if found != root:
        message = f"the top element is <{found}>, expected <{root}>"
        raise UnreadableXmlError(Problem(_FILE, "", message))
    if uri not in namespaces:
        expected = " or ".join(repr(known) if known else "no namespace" for known in namespaces)
        message = f"the top element <{root}> is in the namespace {uri!r}, expected {expected}"
        raise UnreadableXmlError(Problem(_FILE, "", message))


def _parse_problem(error: ParseError) -> Problem:
    line, column = error.position
    reason = str(error).split(":", 1)[0]
    if reason.startswith("not well-formed (invalid token)"):
        # Expat's wording for a byte that is not valid in the declared encoding, too.
        reason += "; a stray '<' or '&', or a byte not valid in the declared encoding"
    elif reason == "no element found" or reason.startswith("unclosed token"):
        reason += "; the file is probably truncated"
    return Problem(_FILE, f"line {line}, column {column + 1}", f"is not well-formed XML: {reason}")


def _unsafe_message(error: DefusedXmlException) -> str:
    if isinstance(error, EntitiesForbidden):
        return (
            f"declares the entity {error.name!r}; entity declarations are refused"
            " (they can expand without bound or read other files)"
        )
    if isinstance(error, ExternalReferenceForbidden):
        return f"refers to an external resource {error.sysid!r}; external references are refused"
    if isinstance(error, DTDForbidden):
        return (
            "has a document type declaration (<!DOCTYPE …>); refused: an export needs none,"
            " and a DTD can declare entity bombs or external entities"
        )
    if isinstance(error, NotSupportedError):
        return "uses an XML feature that is refused for safety"
    return f"is refused by the hardened XML parser ({type(error).__name__})"
