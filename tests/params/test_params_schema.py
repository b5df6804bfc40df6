"""``params schema``: JSON Schema 2020-12 that agrees with ``params check`` where it can decide."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import FIXTURES, HUB, SAMPLES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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


def value_strategy(param: Param) -> st.SearchStrategy[Any]:
    """Values of the parameter's own JSON type, good and bad, plus null and blanks."""
    spec = param.spec
    extras: list[Any] = [None]
    if param.type == "Number":
        allowed = spec.get("AllowedValues") or []
        base = st.one_of(st.integers(-2, 45), st.sampled_from(allowed or [0]), st.just("x"), st.just(True))
    elif param.type == "Boolean":
        base = st.one_of(st.booleans(), st.just("yes"))
    elif param.type == "Json":
        base = st.one_of(st.dictionaries(st.sampled_from("ab"), st.integers(0, 3), max_size=2), st.just(7))
    elif param.type == "CommaDelimitedList":
        base = st.lists(st.sampled_from(["80", "443", "http", "8"]), min_size=1, max_size=3)
    else:
        choices = [*(spec.get("AllowedValues") or []), "bogus", ""]
        if param.name in SAMPLES:
            choices.append(SAMPLES[param.name])
        if param.name == "LoginPassword":
            choices.extend(PASSWORDS)
        if param.default is not None:
            choices.append(str(param.default))
        choices += ["admin", "ab", "abcdefghij", "x1"] if param.name == "Name" else []
        base = st.one_of(st.sampled_from(choices), TEXT)
    return st.one_of(base, st.sampled_from(extras))


def parameter_sets(template: Path) -> st.SearchStrategy[dict[str, Any]]:
    params = load_template(template).params
    # the first (controlling) parameters are given more often, so deep branches are reached
    entries = {name: st.one_of(st.none(), value_strategy(p)) for name, p in params.items()}
    fixed = st.fixed_dictionaries({}, optional=entries)
    unknown = st.sampled_from([{}, {}, {}, {"Mystery": 1}])
    return st.builds(lambda a, b: {**a, **b}, fixed, unknown)


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
    assert seen["valid"] > 10 and seen["invalid"] > 10, seen


def test_schema_shape(hub):
    schema = parameters_schema(hub)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["additionalProperties"] is False
    assert "CIDR" in schema["description"] and "Helm" in schema["description"]
    props = schema["properties"]
    assert props["CsOptions"]["enum"] == ["ExistCs", "NewAck", None]  # null: not given
    assert props["LoginPassword"].get("writeOnly") is True and "default" not in props["LoginPassword"]
    assert props["ChartValues"]["default"] == {"singleuser": {"storage": {"capacity": "20Gi"}}}
    conditional = [rule for rule in schema["allOf"] if "PayPeriod" in rule["then"]["properties"]]
    assert len(conditional) == 1
    assert conditional[0]["then"]["properties"]["PayPeriod"]["enum"][:3] == [1, 2, 3]


@pytest.mark.parametrize(
    ("values", "valid"),
    [
        ({"ClusterId": "c1"}, True),
        ({}, False),
        ({"CsOptions": "NewAck", "ZoneId": "z", "WorkerInstanceType": "ecs.g6.large",
          "LoginPassword": "Passw0rdX"}, True),
        ({"CsOptions": "NewAck", "ZoneId": "z", "WorkerInstanceType": "ecs.g6.large",
          "LoginPassword": "password"}, False),
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
