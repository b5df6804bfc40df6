"""A small JSON Schema (draft 2020-12) validator for the keywords nestgen's schemas use.

The full ``jsonschema`` package costs a quarter of a second (or far more with optional
format plugins) to import, more than the rest of a build or a lint run; the spec schema
and the config.yaml schema need only the keywords below.  Callers turn the raw
:class:`SchemaError` records into their own messages.  Tests check that every keyword in
the shipped schemas is one of them and that ``jsonschema`` itself agrees with it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

ANNOTATIONS = frozenset({"$schema", "$id", "$defs", "title", "description", "default"})
KEYWORDS = frozenset(
    {
        "type", "enum", "pattern", "required", "properties", "additionalProperties", "items",
        "uniqueItems", "minItems", "maxItems", "minLength", "maxLength", "minimum", "maximum",
        "minProperties", "maxProperties", "oneOf", "$ref", "patternProperties",
    }
)  # fmt: skip


@dataclass
class SchemaError:
    """One violation: the keyword, its value in the schema, and the offending instance."""

    validator: str
    validator_value: Any
    instance: Any
    schema: dict[str, Any]
    path: tuple[Any, ...]
    message: str
    context: list[SchemaError] = field(default_factory=list)


_KINDS: dict[str, type] = {
    "object": dict, "array": list, "string": str, "boolean": bool, "null": type(None),
}  # fmt: skip


def is_type(value: Any, name: str) -> bool:
    """JSON Schema type test (booleans are not numbers)."""
    if name == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if name == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    return isinstance(value, _KINDS[name])


def json_type(value: Any) -> str:
    """The JSON Schema type name of ``value`` (its Python class name when it has none)."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "integer" if isinstance(value, int) else "number"
    return next((n for n, cls in _KINDS.items() if isinstance(value, cls)), type(value).__name__)


@cache
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _subschemas(key: Any, schema: dict[str, Any]) -> list[Any]:
    """The ``properties`` and ``patternProperties`` entries that apply to ``key``."""
    patterns = schema.get("patternProperties", {})
    found = [sub for p, sub in patterns.items() if _regex(p).search(str(key))]
    if key in schema.get("properties", {}):
        found.insert(0, schema["properties"][key])
    return found


def additional_keys(value: dict[Any, Any], schema: dict[str, Any]) -> list[Any]:
    """The keys of ``value`` that neither ``properties`` nor ``patternProperties`` cover."""
    return [key for key in value if not _subschemas(key, schema)]


def package_schema(package: str, name: str) -> dict[str, Any]:
    """A JSON Schema shipped as package data (``name`` is relative to ``package``)."""
    schema: dict[str, Any] = json.loads(resources.files(package).joinpath(name).read_text("utf-8"))
    return schema


class Validator:
    """Validates instances against one root schema (``$ref`` resolves within it)."""

    def __init__(self, root: dict[str, Any]) -> None:
        self.root = root

    def iter_errors(self, instance: Any) -> Iterator[SchemaError]:
        yield from self._check(instance, self.root, ())

    def _resolve(self, ref: str) -> dict[str, Any]:
        node: Any = self.root
        for part in ref.removeprefix("#/").split("/"):
            node = node[part]
        return dict(node)

    def _check(
        self, value: Any, schema: dict[str, Any], path: tuple[Any, ...]
    ) -> Iterator[SchemaError]:
        if "$ref" in schema:
            yield from self._check(value, self._resolve(schema["$ref"]), path)
        if "type" in schema:
            names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
            if not any(is_type(value, n) for n in names):
                yield SchemaError(
                    "type", schema["type"], value, schema, path, f"not of type {names}"
                )
                return
        if "enum" in schema and value not in schema["enum"]:
            yield SchemaError("enum", schema["enum"], value, schema, path, "not an allowed value")
        if "oneOf" in schema:
            yield from self._one_of(value, schema, path)
        if isinstance(value, str):
            yield from _string(value, schema, path)
        elif isinstance(value, dict):
            yield from self._object(value, schema, path)
        elif isinstance(value, list):
            yield from self._array(value, schema, path)
        elif is_type(value, "number"):
            yield from _number(value, schema, path)

    def _one_of(
        self, value: Any, schema: dict[str, Any], path: tuple[Any, ...]
    ) -> Iterator[SchemaError]:
        context: list[SchemaError] = []
        matched = 0
        for option in schema["oneOf"]:
            errors = list(self._check(value, option, path))
            context.extend(errors)
            matched += not errors
        if matched != 1:
            message = (
                "matches none of the allowed forms" if not matched else "matches more than one form"
            )
            yield SchemaError("oneOf", schema["oneOf"], value, schema, path, message, context)

    def _object(
        self, value: dict[Any, Any], schema: dict[str, Any], path: tuple[Any, ...]
    ) -> Iterator[SchemaError]:
        for name in schema.get("required", []):
            if name not in value:
                yield SchemaError(
                    "required", name, value, schema, path, f"{name!r} is a required property"
                )
        extra = schema.get("additionalProperties", True)
        if extra is False and additional_keys(value, schema):
            yield SchemaError("additionalProperties", False, value, schema, path, "unknown keys")
        for key, item in value.items():
            subschemas = _subschemas(key, schema)
            if not subschemas and isinstance(extra, dict):
                subschemas = [extra]
            for sub in subschemas:
                yield from self._check(item, sub, (*path, key))
        yield from _bounds(len(value), schema, "minProperties", "maxProperties", value, path)

    def _array(
        self, value: list[Any], schema: dict[str, Any], path: tuple[Any, ...]
    ) -> Iterator[SchemaError]:
        yield from _bounds(len(value), schema, "minItems", "maxItems", value, path)
        if schema.get("uniqueItems") and len({repr(v) for v in value}) != len(value):
            yield SchemaError("uniqueItems", True, value, schema, path, "has repeated items")
        if "items" in schema:
            for index, item in enumerate(value):
                yield from self._check(item, schema["items"], (*path, index))


def _string(value: str, schema: dict[str, Any], path: tuple[Any, ...]) -> Iterator[SchemaError]:
    yield from _bounds(len(value), schema, "minLength", "maxLength", value, path)
    if "pattern" in schema and not _regex(schema["pattern"]).search(value):
        yield SchemaError("pattern", schema["pattern"], value, schema, path, "does not match")


def _number(value: float, schema: dict[str, Any], path: tuple[Any, ...]) -> Iterator[SchemaError]:
    yield from _bounds(value, schema, "minimum", "maximum", value, path)


def _bounds(
    size: float, schema: dict[str, Any], low: str, high: str, value: Any, path: tuple[Any, ...]
) -> Iterator[SchemaError]:
    if low in schema and size < schema[low]:
        yield SchemaError(
            low, schema[low], value, schema, path, f"is below the {low} of {schema[low]}"
        )
    if high in schema and size > schema[high]:
        yield SchemaError(
            high, schema[high], value, schema, path, f"is above the {high} of {schema[high]}"
        )


def unsupported_keywords(schema: Any) -> set[str]:
    """Keywords in ``schema`` this validator does not implement (for tests)."""
    found: set[str] = set()
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key not in KEYWORDS | ANNOTATIONS:
                found.add(key)
            if key in ("properties", "patternProperties", "$defs"):
                for sub in value.values():
                    found |= unsupported_keywords(sub)
            elif key in ("items", "additionalProperties") and isinstance(value, dict):
                found |= unsupported_keywords(value)
            elif key == "oneOf":
                for sub in value:
                    found |= unsupported_keywords(sub)
    return found
