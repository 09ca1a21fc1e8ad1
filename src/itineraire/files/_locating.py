"""Turning pydantic's validation errors into :class:`~itineraire.errors.Problem` records.

Pydantic reports a location as a tuple of keys; people want the item by its identifier and the
field at fault. Unions are reported once per member: only the member that matches the input's
type is kept, so a bad rule object is not also reported as "not a string" and "not a list"; when
no member matches, one problem says which types the field accepts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import ValidationError

from itineraire.errors import Problem

__all__ = [
    "describe_error",
    "is_union_member",
    "member_kind",
    "member_matches",
    "problems_from_validation",
]

_MESSAGES = {
    "missing": "is required",
    "extra_forbidden": "is not a field of this item",
    "union_tag_not_found": "is required",
}

# The patterns of documents.py, told in words.
_PATTERNS = {
    r"^[A-Za-z0-9][A-Za-z0-9._:+-]*$": (
        "should be an identifier: letters, digits and . _ : + -, starting with a letter or digit"
    ),
    r"^[A-N][0-9]{4}$": "should be a ROME code: a letter from A to N then 4 digits, e.g. M1805",
}

# Errors whose message already says what was found.
_NO_INPUT_SHOWN = {"value_error", "assertion_error", "union_tag_invalid", "union_tag_not_found"}


def problems_from_validation(
    error: ValidationError, data: Mapping[str, Any], root: str
) -> list[Problem]:
    """One problem per relevant pydantic error, located in ``data`` (the raw input)."""
    problems: list[Problem] = []
    mismatched: dict[tuple[Any, ...], _Mismatch] = {}
    passed: list[tuple[Any, ...]] = []  # how far each error went past the unions on its way
    for detail in error.errors(include_url=False):
        loc = tuple(detail["loc"])
        walk = _walk(data, loc, root)
        if walk.member is not None:
            prefix = loc[: walk.depth]
            entry = mismatched.setdefault(prefix, _Mismatch(walk, _shown(detail.get("input"))))
            entry.add(walk.member)
            passed.append(prefix)
            continue
        passed.append(loc)
        field = walk.field
        if detail["type"] in {"union_tag_invalid", "union_tag_not_found"}:
            field = _path([*walk.trail, str(detail["ctx"]["discriminator"]).strip("'")])
        problems.append(Problem(walk.where, field, _message(detail)))
    for prefix, entry in mismatched.items():
        # A union whose every member refused the input, with no error inside a matching member:
        # the value has the wrong type altogether.
        if not any(len(loc) > len(prefix) and loc[: len(prefix)] == prefix for loc in passed):
            *others, last = entry.kinds
            accepted = f"{', '.join(others)} or {last}" if others else last
            message = f"should be {accepted} (got {entry.shown})"
            problems.append(Problem(entry.walk.where, entry.walk.field, message))
    return sorted(set(problems), key=_order(problems))


class _Mismatch:
    """The members of one union that refused the input's type."""

    def __init__(self, walk: _Walk, shown: str) -> None:
        self.walk = walk
        self.shown = shown
        self.kinds: list[str] = []

    def add(self, member: str) -> None:
        kind = _member_kind(member)
        if kind not in self.kinds:
            self.kinds.append(kind)


def _order(problems: list[Problem]) -> Any:
    first = {problem: index for index, problem in reversed(list(enumerate(problems)))}
    return lambda problem: first.get(problem, len(problems))


def _message(detail: Mapping[str, Any]) -> str:
    kind = detail["type"]
    if kind in _MESSAGES:
        return _MESSAGES[kind]
    ctx = detail.get("ctx") or {}
    if kind == "union_tag_invalid":
        return f"unknown value {ctx['tag']!r} (expected one of {ctx['expected_tags']})"
    message = str(detail["msg"])
    if kind == "string_pattern_mismatch" and ctx.get("pattern") in _PATTERNS:
        message = _PATTERNS[ctx["pattern"]]
    message = message.removeprefix("Value error, ")
    if kind not in _NO_INPUT_SHOWN:
        message = f"{message} (got {_shown(detail.get('input'))})"
    return message[0].lower() + message[1:] if message else message


def _shown(value: Any) -> str:
    # A TOML date arrives as a date: shown as written in the file, not as Python's repr.
    text = value.isoformat() if isinstance(value, dt.date) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


class _Walk:
    """Where a pydantic location leads: the item, the field inside it, and for an error of a
    union member whose type does not match the input, that member and its depth in the loc."""

    def __init__(
        self, items: list[str], trail: list[str], root: str, member: str | None, depth: int
    ) -> None:
        if not items and len(trail) > 1 and not trail[1].startswith("["):
            # A field inside a section (``constraints.start``): the section is the item.
            items, trail = trail[:1], trail[1:]
        self.where = " ".join(items) or root
        self.trail = trail
        self.field = _path(trail)
        self.member = member
        self.depth = depth


def _walk(data: Any, loc: Sequence[int | str], root: str) -> _Walk:
    items: list[str] = []  # the named items passed through, outermost first
    trail: list[str] = []  # the path since the last named item
    node: Any = data
    for depth, key in enumerate(loc):
        if isinstance(node, Mapping) and isinstance(key, str) and key in node:
            trail.append(key)
            node = node[key]
        elif isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
            trail.append(f"[{key}]")
            node = node[key]
            if isinstance(node, Mapping) and not _inside_rule(trail):
                identifier = _identifier(node)
                named = "" if identifier is None else f" {identifier!r}"
                items.append(f"{_path(trail)}{named}")
                trail = []
        elif isinstance(key, str) and _is_union_member(key):
            if not _member_matches(key, node):
                return _Walk(items, trail, root, member=key, depth=depth)
        elif isinstance(node, Mapping) and node.get("kind") == key:
            continue  # the discriminator's tag: the item is already named
        elif key == "[key]" and len(trail) > 1:
            # The fault is in a mapping's key, not its value: name the key.
            name = trail.pop()
            trail[-1] += f" key {name!r}"
        else:
            trail.append(str(key))
            node = None
    return _Walk(items, trail, root, member=None, depth=len(loc))


def _path(parts: list[str]) -> str:
    text = ""
    for part in parts:
        text += part if not text or part.startswith("[") else "." + part
    return text


def _identifier(node: Any) -> str | None:
    if isinstance(node, Mapping):
        for key in ("id", "code", "name", "block", "competence"):
            value = node.get(key)
            if isinstance(value, str):
                return value
    return None


_RULE_FIELDS = {
    "requires",
    "validation",
    "entry_requirement",
    "vae_eligibility",
    "all",
    "any",
    "of",
}


def _inside_rule(trail: list[str]) -> bool:
    # Inside requirement rules, items are named by their path, not by the competence they cite.
    return any(
        part
        in {"requires", "validation", "entry_requirement", "vae_eligibility", "all", "any", "of"}
        for part in trail
    )


def _is_union_member(key: str) -> bool:
    return (
        key in {"str", "constrained-str", "int", "bool"}
        or key.startswith(("list[", "function-", "dict["))
        or key.endswith("Doc")
    )


def _member_kind(key: str) -> str:
    if key in {"str", "constrained-str"}:
        return "a string"
    if key.startswith("list["):
        return "a list"
    return {"int": "an integer", "bool": "true or false"}.get(key, "an object")


def _member_matches(key: str, node: Any) -> bool:
    if key in {"str", "constrained-str"}:
        return isinstance(node, str)
    if key.startswith("list["):
        return isinstance(node, list)
    return isinstance(node, Mapping)


# For other formats that locate errors their own way (scenario files name JSON paths and lines):
# the same messages and the same reading of union members.
describe_error = _message
is_union_member = _is_union_member
member_kind = _member_kind
member_matches = _member_matches
