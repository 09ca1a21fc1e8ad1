"""Turning pydantic's validation errors into :class:`~itineraire.errors.Problem` records.

Pydantic reports a location as a tuple of keys; people want the item by its identifier and the
field at fault. Unions are reported once per member: only the member that matches the input's
type is kept, so a bad rule object is not also reported as "not a string" and "not a list".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import ValidationError

from itineraire.errors import Problem

__all__ = ["problems_from_validation"]

_MESSAGES = {
    "missing": "is required",
    "extra_forbidden": "is not a field of this item",
}


def problems_from_validation(
    error: ValidationError, data: Mapping[str, Any], root: str
) -> list[Problem]:
    """One problem per relevant pydantic error, located in ``data`` (the raw input)."""
    problems: list[Problem] = []
    mismatched: dict[tuple[str, str], str] = {}
    reported: set[tuple[str, str]] = set()
    for detail in error.errors(include_url=False):
        walk = _walk(data, detail["loc"], root)
        if walk.member_mismatch:
            mismatched[(walk.where, walk.field)] = _shown(detail.get("input"))
            continue
        reported.add((walk.where, walk.field))
        problems.append(Problem(walk.where, walk.field, _message(detail)))
    for (where, field), shown in mismatched.items():
        if (where, field) not in reported:
            # Every member of a union refused the input: it has the wrong type altogether.
            problems.append(Problem(where, field, f"has the wrong type (got {shown})"))
    return sorted(set(problems), key=_order(problems))


def _order(problems: list[Problem]) -> Any:
    first = {problem: index for index, problem in reversed(list(enumerate(problems)))}
    return lambda problem: first.get(problem, len(problems))


def _message(detail: Mapping[str, Any]) -> str:
    kind = detail["type"]
    if kind in _MESSAGES:
        return _MESSAGES[kind]
    message = str(detail["msg"])
    message = message.removeprefix("Value error, ")
    if kind.endswith("_type") or kind.endswith("_parsing") or kind == "enum":
        message = f"{message} (got {_shown(detail.get('input'))})"
    return message[0].lower() + message[1:] if message else message


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


class _Walk:
    def __init__(self, where: str, field: str, member_mismatch: bool) -> None:
        self.where = where
        self.field = field
        self.member_mismatch = member_mismatch


def _walk(data: Any, loc: Sequence[int | str], root: str) -> _Walk:
    items: list[str] = []  # the named items passed through, outermost first
    trail: list[str] = []  # the path since the last named item
    node: Any = data
    for key in loc:
        if isinstance(node, Mapping) and isinstance(key, str) and key in node:
            trail.append(key)
            node = node[key]
        elif isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
            trail.append(f"[{key}]")
            node = node[key]
            identifier = _identifier(node)
            if identifier is not None and not _inside_rule(trail):
                items.append(f"{_path(trail)} {identifier!r}")
                trail = []
        elif isinstance(key, str) and _is_union_member(key):
            if not _member_matches(key, node):
                return _Walk(" ".join(items) or root, _path(trail), member_mismatch=True)
        elif isinstance(node, Mapping) and node.get("kind") == key:
            continue  # the discriminator's tag: the item is already named
        else:
            trail.append(str(key))
            node = None
    return _Walk(" ".join(items) or root, _path(trail), member_mismatch=False)


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


def _inside_rule(trail: list[str]) -> bool:
    # Inside requirement rules, items are named by their path, not by the competence they cite.
    return any(
        part in {"requires", "validation", "entry_requirement", "vae_eligibility", "all", "any"}
        for part in trail
    )


def _is_union_member(key: str) -> bool:
    return (
        key in {"str", "constrained-str", "int", "bool"}
        or key.startswith(("list[", "function-", "dict["))
        or key.endswith("Doc")
    )


def _member_matches(key: str, node: Any) -> bool:
    if key in {"str", "constrained-str"}:
        return isinstance(node, str)
    if key.startswith("list["):
        return isinstance(node, list)
    return isinstance(node, Mapping)
