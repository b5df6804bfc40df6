"""Group 1, decode: the file must be readable YAML with unique, non-null keys."""

from __future__ import annotations

from collections.abc import Iterator

from nestgen.lint.context import Context
from nestgen.lint.rule import ANY_KIND, Hit, rule


@rule(
    "E0000",
    "The file parses as YAML (UTF-8 text, one document); ROS cannot read it otherwise",
    kinds=ANY_KIND,
)
def parse_error(ctx: Context) -> Iterator[Hit]:
    error = ctx.source.error
    if error is not None:
        where = error.location
        yield Hit(
            (), error.message, line=where.line if where else 0, column=where.column if where else 0
        )


@rule(
    "W0001",
    "No key appears twice in one mapping; parsers keep one value and drop the other silently",
    kinds=ANY_KIND,
)
def duplicate_key(ctx: Context) -> Iterator[Hit]:
    doc = ctx.source.doc
    for dup in doc.duplicates if doc else ():
        yield Hit(
            (*dup.path, dup.key),
            f"duplicate key {dup.key!r} (first at line {dup.first.line}, column "
            f"{dup.first.column}; again at line {dup.second.line}, column {dup.second.column})",
            line=dup.second.line,
            column=dup.second.column,
        )


@rule("E0002", "No mapping key is empty (null); ROS has no name for such an entry", kinds=ANY_KIND)
def null_key(ctx: Context) -> Iterator[Hit]:
    doc = ctx.source.doc
    for mark, path in doc.null_keys if doc else ():
        yield Hit(path, "empty (null) mapping key", line=mark.line, column=mark.column)


@rule(
    "E0003",
    "The file is not empty and holds a mapping; ROS and Compute Nest read nothing else",
    kinds=ANY_KIND,
)
def empty_file(ctx: Context) -> Iterator[Hit]:
    if ctx.source.doc is None or ctx.source.kind == "unknown":
        return
    data = ctx.source.doc.data
    if data is None:
        yield Hit((), f"empty {_what(ctx.source.kind)}: nothing to deploy from", line=1, column=1)
    elif not isinstance(data, dict):
        yield Hit(
            (),
            f"a {_what(ctx.source.kind)} must be a mapping, not {type(data).__name__}",
            line=1,
            column=1,
        )


@rule("I0004", "Files that are not lintable are named, with the reason", kinds=ANY_KIND)
def skipped(ctx: Context) -> Iterator[Hit]:
    if ctx.source.note:
        yield Hit((), ctx.source.note, line=0, column=0)


@rule(
    "E0005",
    "A rule crashed on this file, so it was not checked (a bug in nestgen; please report it)",
    kinds=(),
)
def rule_crashed(ctx: Context) -> Iterator[Hit]:
    """Placeholder: the engine reports crashes under this id; it never runs as a check."""
    return iter(())


def _what(kind: str) -> str:
    return {
        "template": "ROS template",
        "config": "service config",
        "parameters": "parameter file",
    }.get(kind, "file")


RULES = (parse_error, duplicate_key, null_key, empty_file, skipped, rule_crashed)
