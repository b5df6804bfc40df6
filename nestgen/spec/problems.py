"""Turn places in a loaded YAML document into positioned :class:`InputError` problems."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from nestgen.errors import InputError
from nestgen.yamlio import Document


def field_path(path: Iterable[Any]) -> str:
    """``templates[0].groups[2].helm`` from ``("templates", 0, "groups", 2, "helm")``."""
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text or "(top level)"


def problem(doc: Document, path: Sequence[Any], message: str, *, value: bool = False) -> InputError:
    """An input error at the node ``path`` of ``doc``."""
    return InputError(message, location=doc.locate(path, value=value), field=field_path(path))


def sort_problems(problems: Iterable[InputError]) -> list[InputError]:
    """Problems in file order (unknown positions last), without exact repeats."""
    unique = {str(p): p for p in problems}
    return sorted(unique.values(), key=_position)


def _position(error: InputError) -> tuple[int, int, str]:
    where = error.location
    line = where.line if where and where.line else 1 << 30
    return (line, where.column if where else 0, str(error))


def duplicate_key_problems(doc: Document) -> list[InputError]:
    """One problem per key written twice in one mapping, at the second place."""
    found = []
    for dup in doc.duplicates:
        where = doc.locate(dup.path)
        error = InputError(
            f"duplicate key {dup.key!r} (first at line {dup.first.line})",
            location=type(where)(doc.filename, dup.second.line, dup.second.column),
            field=field_path((*dup.path, dup.key)),
        )
        found.append(error)
    return found
