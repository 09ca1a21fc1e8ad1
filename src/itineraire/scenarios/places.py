"""Places in a scenario file: a JSON path (``learners[1].target.certification``) and, where the
scanner found it, the line.

Pydantic's error locations pass through the names of union members and tags; they are dropped
here so that the path is the one a person sees in the file. As in :mod:`itineraire.files._locating`,
a union whose every member refused the input's type gives one problem ("should be a string or an
object"), not one per member.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import ValidationError

from itineraire.errors import Problem
from itineraire.files._locating import describe_error, is_union_member, member_kind, member_matches
from itineraire.journeys.events import EventKind
from itineraire.scenarios.positions import Lines, Path, line_of

__all__ = ["format_path", "path_parts", "problems_at", "where"]

_EVENT_TYPES = {kind.value for kind in EventKind}
_TAGS = {"inline", "file", "professional", "transversal", "placement", *_EVENT_TYPES}
_RESERVED: dict[Path, str] = {}


def format_path(path: Sequence[str | int]) -> str:
    """``('learners', 1, 'target')`` → ``learners[1].target``; the empty path is the top level."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += part if not text else f".{part}"
    return text or "top level"


_NAMED = re.compile(r" '[^']*'")
_PART = re.compile(r"([A-Za-z_]+)|\[(\d+)\]")


def path_parts(text: str) -> Path:
    """``requires.all[1]`` → ``('requires', 'all', 1)``: a place as the loaders of catalogues
    and learners write it, as a path; item names in quotes (``modules[2] 'x'``) are dropped."""
    parts: list[str | int] = []
    for name, index in _PART.findall(_NAMED.sub("", text)):
        parts.append(name if name else int(index))
    return tuple(parts)


def where(path: Sequence[str | int], lines: Lines) -> str:
    """The place of ``path`` as shown in problems: the path, then its line when known."""
    line = line_of(lines, path)
    return format_path(path) + ("" if line is None else f" (line {line})")


def problems_at(error: ValidationError, data: Mapping[str, Any], lines: Lines) -> list[Problem]:
    """One problem per relevant pydantic error of ``data``, placed by path and line."""
    problems: list[Problem] = []
    refused: dict[Path, list[str]] = {}  # a union's path → the kinds its members wanted
    shown: dict[Path, str] = {}
    reached: list[Path] = []  # how far each error went past the unions on its way
    for detail in error.errors(include_url=False):
        path, member = _walk(data, detail["loc"])
        if member is not None:
            kinds = refused.setdefault(path, [])
            if member_kind(member) not in kinds:
                kinds.append(member_kind(member))
            shown.setdefault(path, _shown(detail.get("input")))
            continue
        reached.append(path)
        if detail["type"] in {"union_tag_invalid", "union_tag_not_found"}:
            path = (*path, str(detail["ctx"]["discriminator"]).strip("'"))
        problems.append(Problem(where(path, lines), "", _message(detail, path)))
    for path, kinds in refused.items():
        # Every member refused the value's type, and no error came from inside a member.
        if not any(len(seen) > len(path) and seen[: len(path)] == path for seen in reached):
            *others, last = kinds
            accepted = f"{', '.join(others)} or {last}" if others else last
            message = f"should be {accepted} (got {shown[path]})"
            problems.append(Problem(where(path, lines), "", message))
    return list(dict.fromkeys(problems))


def _message(detail: Any, path: Path) -> str:
    if detail["type"] == "extra_forbidden" and path in _RESERVED:
        return _RESERVED[path]
    if detail["type"] in {"model_type", "model_attributes_type", "dict_type"}:
        # Pydantic names the model class here; a person wrote a value where a table belongs.
        return f"should be an object (a table in TOML) (got {_shown(detail.get('input'))})"
    return describe_error(detail)


def _walk(data: Any, loc: Sequence[int | str]) -> tuple[Path, str | None]:
    """The path in ``data`` that ``loc`` leads to, and the union member that refused the value
    there because of its type (None when the error is not such a refusal)."""
    path: list[str | int] = []
    node: Any = data
    for key in loc:
        if _is_tag(node, key):
            continue  # a tagged union's tag: the value is already in the path
        if _holds(node, key):
            path.append(key)
            node = node[key]
        elif isinstance(key, str) and key in _TAGS:
            continue  # the tag of a value that is not even an object
        elif isinstance(key, str) and is_union_member(key):
            if not member_matches(key, node):
                return tuple(path), key
        else:
            path.append(key)
            node = None
    return tuple(path), None


def _is_tag(node: Any, key: int | str) -> bool:
    # Checked before the keys of the value: a learner's tag "file" is also one of its keys.
    if not isinstance(node, Mapping) or key not in _TAGS:
        return False
    if key in {"inline", "file"}:
        return key == ("file" if "file" in node else "inline")
    if key in _EVENT_TYPES:
        return node.get("type") == key
    return node.get("kind") == key


def _holds(node: Any, key: int | str) -> bool:
    if isinstance(node, Mapping):
        return isinstance(key, str) and key in node
    return isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node)


def _shown(value: Any) -> str:
    # A TOML date arrives as a date: shown as written in the file, not as Python's repr.
    text = value.isoformat() if isinstance(value, dt.date) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
