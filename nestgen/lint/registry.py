"""The explicit list of every rule, in id order."""

from __future__ import annotations

from nestgen.lint.rule import Rule
from nestgen.lint.rules import (
    computenest,
    config_schema,
    decode,
    metadata,
    outputs,
    params,
    refs,
    resources,
    structure,
)

RULES: tuple[Rule, ...] = tuple(
    sorted(
        (
            *decode.RULES,
            *structure.RULES,
            *refs.RULES,
            *params.RULES,
            *metadata.RULES,
            *outputs.RULES,
            *computenest.RULES,
            *config_schema.RULES,
            *resources.RULES,
        ),
        key=lambda r: r.id[1:],
    )
)
RULES_BY_ID: dict[str, Rule] = {r.id: r for r in RULES}
CRASH_RULE = "E0005"
