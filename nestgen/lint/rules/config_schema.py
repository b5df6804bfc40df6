"""The service config.yaml against its JSON Schema: mistyped and unknown keys."""

from __future__ import annotations

from collections.abc import Iterator

from nestgen.lint.context import Context
from nestgen.lint.rule import CONFIG, Hit, rule
from nestgen.lint.schema import config_schema, validate


def _problems(ctx: Context, kind: str) -> Iterator[Hit]:
    for problem in validate(ctx.data, config_schema()):
        if problem.kind == kind:
            where = ".".join(map(str, problem.path)) or "config"
            yield Hit(problem.path, f"{where}: {problem.message}", value=kind == "type")


@rule(
    "E7001",
    "config.yaml values have the types the schema gives; CreateService rejects others",
    kinds=(CONFIG,),
)
def mistyped_key(ctx: Context) -> Iterator[Hit]:
    yield from _problems(ctx, "type")


@rule("W7002", "config.yaml uses only keys the schema knows; others are ignored", kinds=(CONFIG,))
def unknown_key(ctx: Context) -> Iterator[Hit]:
    yield from _problems(ctx, "unknown")


RULES = (mistyped_key, unknown_key)
