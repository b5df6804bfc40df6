"""A small JSON Schema evaluator for the config.yaml schema shipped as package data.

It understands the subset the schema uses (``type``, ``properties``, ``patternProperties``,
``additionalProperties``, ``items``, ``enum``, ``required`` and local ``$ref``), so that
``nestgen lint`` does not pay for importing ``jsonschema`` (over a second here).  The
tests check the schema against the full ``jsonschema`` implementation.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

_TYPES: dict[str, Any] = {
    "object": dict,
    "array": list,
    "string": str,
    "boolean": bool,
    "null": type(None),
}


@dataclass(frozen=True)
class SchemaProblem:
    """``unknown`` (a key the schema does not know) or ``type`` (a value of the wrong type)."""

    kind: str
    path: tuple[Any, ...]
    message: str


@cache
def config_schema() -> dict:
    """The JSON Schema for a Compute Nest service config.yaml."""
    text = resources.files("nestgen.lint").joinpath("data/config_schema.json").read_text("utf-8")
    return json.loads(text)


def _is_type(value: Any, name: str) -> bool:
    if name == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if name == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    return isinstance(value, _TYPES[name])


def _resolve(root: dict, schema: dict) -> dict:
    while "$ref" in schema:
        schema = root["$defs"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def validate(value: Any, schema: dict, root: dict, path: tuple = ()) -> Iterator[SchemaProblem]:
    """Every problem of ``value`` against ``schema`` (``root`` resolves ``$ref``)."""
    schema = _resolve(root, schema)
    types = schema.get("type")
    if types is not None:
        names = [types] if isinstance(types, str) else types
        if not any(_is_type(value, n) for n in names):
            yield SchemaProblem(
                "type", path, f"expected {' or '.join(names)}, got {_json_type(value)}"
            )
            return
    if "enum" in schema and value not in schema["enum"]:
        yield SchemaProblem("type", path, f"{value!r} is not one of {schema['enum']}")
    if isinstance(value, dict):
        yield from _object(value, schema, root, path)
    elif isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            yield from validate(item, schema["items"], root, (*path, index))


def _object(value: dict, schema: dict, root: dict, path: tuple) -> Iterator[SchemaProblem]:
    for key in schema.get("required", ()):
        if key not in value:
            yield SchemaProblem("type", path, f"required key {key!r} is missing")
    properties, patterns = schema.get("properties", {}), schema.get("patternProperties", {})
    extra = schema.get("additionalProperties", True)
    for key, item in value.items():
        matched = [s for p, s in patterns.items() if re.search(p, str(key))]
        if key in properties:
            matched.append(properties[key])
        if not matched and extra is False:
            yield SchemaProblem("unknown", (*path, key), f"unknown key {key!r}")
        elif not matched and isinstance(extra, dict):
            matched.append(extra)
        for sub in matched:
            yield from validate(item, sub, root, (*path, key))


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "integer" if isinstance(value, int) else "number"
    return next((n for n, cls in _TYPES.items() if isinstance(value, cls)), type(value).__name__)
