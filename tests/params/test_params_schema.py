"""``params schema``: JSON Schema 2020-12 that agrees with ``params check`` where it can decide."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from params_samples import FIXTURES, HUB, SAMPLES

from nestgen.params import check_parameters, parameters_schema
from nestgen.params.model import Param, load_template
from nestgen.params.problem import ERROR, SCHEMA_CODES

TYPES = FIXTURES / "types.yaml"
PASSWORDS = ["Passw0rdX", "password", "PASSWORD!!", "Aa1!", "nest9gen!x", "Aa1!" * 8]
TEXT = st.text(alphabet="abcAZ09-._!/ ", max_size=12)


def validator(template: Path) -> jsonschema.Draft202012Validator:
    schema = parameters_schema(template)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def good_values(param: Param) -> list[Any]:
    """Values the parameter accepts, in its own JSON type."""
    spec = param.spec
    found = [*(spec.get("AllowedValues") or [])]
    found += [SAMPLES[param.name]] if param.name in SAMPLES else []
    found += PASSWORDS[:1] if param.name == "LoginPassword" else []
    found += ["admin", "abc1"] if param.name == "Name" else []
    if param.type == "Number":
        found += [spec.get("MinValue", 1), spec.get("MaxValue", 1)]
    elif param.type == "Boolean":
        found += [True, False]
    elif param.type == "Json":
        found += [{"a": 1}, []]
    elif param.type == "CommaDelimitedList":
        found += [["80", "443"]]
    elif param.default is not None:
        found.append(str(param.default))
    return found or ["value"]


def bad_values(param: Param) -> st.SearchStrategy[Any]:
    """Values of the right JSON type that may break a rule, plus null and blanks."""
    if param.type == "Number":
        return st.one_of(st.integers(-2, 45), st.just("x"), st.just(True), st.none())
    if param.type == "Boolean":
        return st.sampled_from(["yes", None])
    if param.type == "Json":
        return st.sampled_from([7, None])
    if param.type == "CommaDelimitedList":
        return st.lists(st.sampled_from(["80", "http", "8"]), min_size=1, max_size=3)
    named = PASSWORDS if param.name == "LoginPassword" else ["ab", "abcdefghij", "x1"]
    return st.one_of(st.sampled_from(["bogus", "", None, *named]), TEXT)


def value_strategy(param: Param) -> st.SearchStrategy[Any]:
    """Mostly good values, so that one bad value decides the verdict."""
    good = st.sampled_from(good_values(param))
    bad = bad_values(param)
    return st.integers(0, 9).flatmap(lambda pick: bad if pick == 9 else good)


def parameter_sets(template: Path) -> st.SearchStrategy[dict[str, Any]]:
    """Every parameter given (hidden ones are ignored), a few dropped, now and then a stranger."""
    params = load_template(template).params
    entries = st.fixed_dictionaries({name: value_strategy(p) for name, p in params.items()})
    drops = st.sets(st.sampled_from(sorted(params)), max_size=3)
    unknown = st.sampled_from([{}] * 7 + [{"Mystery": 1}])

    def assemble(
        values: dict[str, Any], dropped: set[str], extra: dict[str, Any]
    ) -> dict[str, Any]:
        return {**{k: v for k, v in values.items() if k not in dropped}, **extra}

    return st.builds(assemble, entries, drops, unknown)


def decidable_errors(problems: list[Any]) -> list[Any]:
    return [p for p in problems if p.severity == ERROR and p.code in SCHEMA_CODES]


@pytest.mark.parametrize("template", [HUB, TYPES], ids=["jupyterhub", "types"])
def test_schema_agrees_with_check_on_generated_parameter_sets(template):
    check_validator = validator(template)
    seen = {"valid": 0, "invalid": 0}

    @settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
    @given(parameter_sets(template))
    def agree(values: dict[str, Any]) -> None:
        errors = decidable_errors(check_parameters(template, values))
        schema_errors = [e.message for e in check_validator.iter_errors(values)]
        assert (not errors) == (not schema_errors), (values, errors, schema_errors)
        seen["valid" if not errors else "invalid"] += 1

    agree()
    assert seen["valid"] >= 20 and seen["invalid"] >= 20, seen


def test_schema_shape(hub):
    schema = parameters_schema(hub)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["additionalProperties"] is False
    assert "CIDR" in schema["description"] and "Helm" in schema["description"]
    props = schema["properties"]
    assert props["CsOptions"]["enum"] == ["ExistCs", "NewAck", None]  # null: not given
    assert (
        props["LoginPassword"].get("writeOnly") is True and "default" not in props["LoginPassword"]
    )
    assert props["ChartValues"]["default"] == {"singleuser": {"storage": {"capacity": "20Gi"}}}
    conditional = [rule for rule in schema["allOf"] if "PayPeriod" in rule["then"]["properties"]]
    assert len(conditional) == 1
    assert conditional[0]["then"]["properties"]["PayPeriod"]["enum"][:3] == [1, 2, 3]


@pytest.mark.parametrize(
    ("values", "valid"),
    [
        ({"ClusterId": "c1"}, True),
        ({}, False),
        (
            {
                "CsOptions": "NewAck",
                "ZoneId": "z",
                "WorkerInstanceType": "ecs.g6.large",
                "LoginPassword": "Passw0rdX",
            },
            True,
        ),
        (
            {
                "CsOptions": "NewAck",
                "ZoneId": "z",
                "WorkerInstanceType": "ecs.g6.large",
                "LoginPassword": "password",
            },
            False,
        ),
        ({"ClusterId": "c1", "PayPeriod": 99}, True),  # hidden: ignored
        ({"ClusterId": "c1", "RepoName": "a/b"}, True),  # build setting
        ({"ClusterId": "c1", "Bogus": 1}, False),
    ],
)
def test_schema_examples(hub, values, valid):
    assert validator(hub).is_valid(values) is valid


def test_undecidable_visibility_is_named_in_description():
    doc = {
        "Parameters": {
            "A": {"Type": "String", "Default": "a"},
            "B": {
                "Type": "String",
                "Default": "b",
                "AssociationPropertyMetadata": {
                    "Visible": {"Condition": {"Fn::Equals": ["${A}", "${RegionId}"]}}
                },
            },
        }
    }
    schema = parameters_schema(doc)
    assert schema["description"].endswith("Visibility not expressed for: B.")


EDGE_CASES = [
    {"Public": False, "Backup": True},  # a hidden value does not open BackupDays
    {"Public": True, "Backup": True},  # ... a shown one does, and it needs a value
    {"Public": True, "Backup": True, "BackupDays": 0},
    {"Public": True, "Backup": True, "BackupDays": 3},
    {"Replicas": 2},  # Name is shown and required
    {"Replicas": 2.0, "Name": "abc"},  # 2.0 is 2
    {"Mode": "expert", "Name": "admin", "Extra": {"a": 1}},
    {"Mode": "expert", "Name": "admin", "Extra": 7},
    {"Mode": "basic", "Name": "BAD NAME", "Extra": 7},  # both hidden: ignored
    {"Mode": None, "Size": None},  # null: not given, Defaults apply
    {"Ports": ["80", "http"], "Public": True},
    {"Ports": ["80", "http"]},
]


@pytest.mark.parametrize("values", EDGE_CASES)
def test_schema_and_check_agree_on_edge_cases(values):
    errors = decidable_errors(check_parameters(TYPES, values))
    assert validator(TYPES).is_valid(values) is (not errors), errors
