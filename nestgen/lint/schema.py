"""The config.yaml JSON Schema (package data) and its problems in the linter's terms.

Validation is :mod:`nestgen.schemalite`, so ``nestgen lint`` does not pay for importing
``jsonschema`` (over a second here).  The tests check the schema against the full
``jsonschema`` implementation.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from nestgen.schemalite import (
    SchemaError,
    Validator,
    additional_keys,
    json_type,
    package_schema,
)


@dataclass(frozen=True)
class SchemaProblem:
    """``unknown`` (a key the schema does not know) or ``type`` (a value of the wrong type)."""

    kind: str
    path: tuple[Any, ...]
    message: str


@cache
def config_schema() -> dict:
    """The JSON Schema for a Compute Nest service config.yaml."""
    return package_schema("nestgen.lint", "data/config_schema.json")


def validate(value: Any, schema: dict) -> Iterator[SchemaProblem]:
    """Every problem of ``value`` against ``schema``; an unknown key is reported at itself."""
    for error in Validator(schema).iter_errors(value):
        yield from _problems(error)


def _problems(error: SchemaError) -> Iterator[SchemaProblem]:
    path, value, expected = error.path, error.instance, error.validator_value
    if error.validator == "additionalProperties":
        for key in additional_keys(value, error.schema):
            yield SchemaProblem("unknown", (*path, key), f"unknown key {key!r}")
        return
    if error.validator == "type":
        names = [expected] if isinstance(expected, str) else expected
        message = f"expected {' or '.join(names)}, got {json_type(value)}"
    elif error.validator == "enum":
        message = f"{value!r} is not one of {expected}"
    elif error.validator == "required":
        message = f"required key {expected!r} is missing"
    else:
        message = error.message
    yield SchemaProblem("type", path, message)
