"""The spec's JSON Schema (package data) and validation with positioned messages."""

from __future__ import annotations

from functools import cache
from typing import Any

from nestgen.errors import InputError
from nestgen.schemalite import SchemaError, Validator, additional_keys, json_type, package_schema
from nestgen.spec.problems import problem
from nestgen.suggest import did_you_mean
from nestgen.yamlio import Document


@cache
def spec_schema() -> dict[str, Any]:
    """The JSON Schema of a service spec."""
    return package_schema("nestgen.spec", "schema.json")


_WORDS = {
    "minItems": "needs at least {0} item(s)",
    "maxItems": "allows at most {0} item(s)",
    "minLength": "needs at least {0} character(s)",
    "maxLength": "allows at most {0} character(s)",
    "minimum": "must be at least {0}",
    "maximum": "must be at most {0}",
    "minProperties": "needs at least {0} key(s)",
    "maxProperties": "allows at most {0} key(s)",
    "uniqueItems": "has repeated items",
}


def schema_problems(
    doc: Document, data: Any, schema: dict[str, Any], prefix: tuple[Any, ...] = ()
) -> list[InputError]:
    """Every schema violation of ``data`` (found at ``prefix`` in ``doc``), positioned."""
    found: list[InputError] = []
    for error in Validator(schema).iter_errors(data):
        found.extend(_explain(doc, error, prefix))
    return found


def invalid_prefixes(data: Any, schema: dict[str, Any]) -> set[tuple[Any, ...]]:
    """The first two path steps of every violation (which sections and items are broken)."""
    return {error.path[:2] for error in Validator(schema).iter_errors(data)}


def _explain(doc: Document, error: SchemaError, prefix: tuple[Any, ...]) -> list[InputError]:
    path = (*prefix, *error.path)
    kind = error.validator
    if kind == "additionalProperties" and isinstance(error.instance, dict):
        known = list(error.schema.get("properties", {}))
        return [
            problem(doc, (*path, key), f"unknown key {key!r}{did_you_mean(str(key), known)}")
            for key in additional_keys(error.instance, error.schema)
        ]
    if kind == "required":
        return [problem(doc, path, f"missing required field {error.validator_value!r}", value=True)]
    if kind == "oneOf" and error.context:
        return _explain_one_of(doc, error, prefix, path)
    return [_plain(doc, path, error)]


def _explain_one_of(
    doc: Document, error: SchemaError, prefix: tuple[Any, ...], path: tuple[Any, ...]
) -> list[InputError]:
    """The deepest alternative's complaint, or a summary when none got past the top."""
    best = max(error.context, key=lambda e: len(e.path))
    if len(best.path) > len(error.path):
        return _explain(doc, best, prefix)
    kinds = sorted({_type_word(e.validator_value) for e in error.context if e.validator == "type"})
    wanted = " or ".join(kinds) if kinds else "one of the allowed forms"
    return [problem(doc, path, f"expected {wanted}, got {_type_name(error.instance)}", value=True)]


def _type_word(value: Any) -> str:
    words = {"object": "mapping", "array": "list"}
    return words.get(value, value) if isinstance(value, str) else "/".join(map(_type_word, value))


def _plain(doc: Document, path: tuple[Any, ...], error: SchemaError) -> InputError:
    kind = error.validator
    if kind == "type":
        names = error.validator_value
        names = names if isinstance(names, list) else [names]
        expected = " or ".join(_type_word(n) for n in names)
        message = f"expected {expected}, got {_type_name(error.instance)}"
    elif kind == "enum":
        message = f"must be one of {', '.join(map(str, error.validator_value))}"
    elif kind == "pattern":
        message = f"{error.instance!r} does not match {error.validator_value!r}"
    else:
        message = _WORDS.get(kind, error.message).format(error.validator_value)
    return problem(doc, path, message, value=True)


def _type_name(value: Any) -> str:
    return _type_word(json_type(value))
