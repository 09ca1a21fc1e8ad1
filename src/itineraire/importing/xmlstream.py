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

__all__ = ["UnreadableXmlError", "local_name", "stream_records", "text_of"]

_FILE = "file"


class UnreadableXmlError(Exception):
    """Internal: the XML cannot be read on (malformed, unsafe); carries the one problem."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def local_name(tag: str) -> str:
    """A tag without its namespace: LHEO 2.2 and 2.3 differ only by their namespace URI."""
    return tag.rsplit("}", 1)[-1]


def text_of(element: Element | None) -> str:
    """The element's text with runs of whitespace collapsed; empty when absent."""
    if element is None or element.text is None:
        return ""
    return " ".join(element.text.split())


def stream_records(
    path: Path, record: str, root: str, progress: Callable[[int], None] | None = None
) -> Iterator[Element]:
    """Yield each complete ``record`` element of the file; ``root`` is the expected top element.

    ``progress`` is told how many bytes were read each time the parser reads more. Raises
    :class:`UnreadableXmlError` for a file that is missing, malformed, unsafe, or whose top element
    is not ``root``.
    """
    parents: list[Element] = []
    try:
        with path.open("rb") as raw:
            stream = _Counted(raw, progress) if progress is not None else raw
            yield from _records(stream, record, root, parents)
    except ParseError as error:
        raise UnreadableXmlError(_parse_problem(error)) from None
    except DefusedXmlException as error:
        raise UnreadableXmlError(Problem(_FILE, "", _unsafe_message(error))) from None
    except FileNotFoundError:
        raise UnreadableXmlError(Problem(_FILE, "", "no such file")) from None
    except IsADirectoryError:
        raise UnreadableXmlError(Problem(_FILE, "", "is a directory, not a file")) from None
    except OSError as error:
        message = f"cannot be read ({error.strerror})"
        raise UnreadableXmlError(Problem(_FILE, "", message)) from None


class _Counted:
    """A binary file that reports how many bytes were read (for a progress bar)."""

    def __init__(self, raw: BinaryIO, progress: Callable[[int], None]) -> None:
        self.raw = raw
        self.progress = progress

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.progress(len(data))
        return data


def _records(
    stream: BinaryIO | _Counted, record: str, root: str, parents: list[Element]
) -> Iterator[Element]:
    for event, element in iterparse(stream, events=("start", "end"), forbid_dtd=True):
        if event == "start":
            if not parents and local_name(element.tag) != root:
                found = local_name(element.tag)
                raise UnreadableXmlError(
                    Problem(_FILE, "", f"the top element is <{found}>, expected <{root}>")
                )
            parents.append(element)
            continue
        parents.pop()
        if local_name(element.tag) == record:
            yield element
            # Drop the record from the tree: memory must not grow with the file.
            if parents:
                parents[-1].remove(element)


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
