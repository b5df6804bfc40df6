"""The shipped schema: valid JSON Schema, only keywords the built-in validator knows,
and the built-in validator agrees with the jsonschema package."""

from __future__ import annotations

import copy

import pytest
from jsonschema import Draft202012Validator

from nestgen import yamlio
from nestgen.ros.groups import GROUPS
from nestgen.schemalite import Validator, unsupported_keywords
from nestgen.spec.loader import EMBEDDED_SPEC
from nestgen.spec.schema import spec_schema


def _embedded():
    return yamlio.load_file(EMBEDDED_SPEC).data


def test_schema_is_valid_draft_2020_12():
    Draft202012Validator.check_schema(spec_schema())
    for group in GROUPS.values():
        Draft202012Validator.check_schema(group.options_schema())


def test_schema_uses_only_supported_keywords():
    assert unsupported_keywords(spec_schema()) == set()
    for group in GROUPS.values():
        assert unsupported_keywords(group.options_schema()) == set(), group.name


def _mutations():
    def drop(path):
        def apply(data):
            node = data
            for step in path[:-1]:
                node = node[step]
            del node[path[-1]]

        return apply

    def put(path, value):
        def apply(data):
            node = data
            for step in path[:-1]:
                node = node[step]
            node[path[-1]] = value

        return apply

    return {
        "valid": lambda data: None,
        "missing-name": drop(("name",)),
        "bad-slug": put(("name",), "Not A Slug"),
        "extra-key": put(("extra",), 1),
        "bad-region": put(("service", "region"), "Hangzhou"),
        "region-int": put(("service", "region"), 7),
        "no-templates": put(("templates",), []),
        "group-int": put(("templates", 0, "groups", 0), 3),
        "group-two-keys": put(("templates", 0, "groups", 0), {"a": {}, "b": {}}),
        "bad-version": put(("artifacts", 0, "version"), "four"),
        "bad-type": put(("artifacts", 0, "type"), "zip"),
        "dup-regions": put(("templates", 0, "regions"), ["cn-hangzhou", "cn-hangzhou"]),
        "long-name": put(("service", "info", "en-US", "name"), "x" * 65),
        "text-missing-locale": put(("templates", 0, "description"), {"en": "only"}),
        "bool-not-string": put(("hub_settings",), True),
    }


@pytest.mark.parametrize("mutation", list(_mutations()))
def test_builtin_validator_agrees_with_jsonschema(mutation):
    data = copy.deepcopy(_embedded())
    _mutations()[mutation](data)
    reference = {
        tuple(e.absolute_path) for e in Draft202012Validator(spec_schema()).iter_errors(data)
    }
    ours = {e.path for e in Validator(spec_schema()).iter_errors(data)}
    assert ours == reference
    assert bool(ours) is (mutation != "valid")
