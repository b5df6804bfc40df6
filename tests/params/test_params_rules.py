"""Each per-parameter rule, with a value it accepts and one it rejects."""

from __future__ import annotations

from typing import Any

import pytest
from params_samples import codes

from nestgen.params import check_parameters


def template(name: str, **spec: Any) -> dict[str, Any]:
    return {
        "ROSTemplateFormatVersion": "2015-09-01",
        "Parameters": {name: {"Default": None, **spec}},
    }


CASES = [
    # (spec, accepted, rejected, code)
    ({"Type": "Number"}, 3, "three", "type"),
    ({"Type": "Number"}, "3.5", True, "type"),
    ({"Type": "Boolean"}, "true", "yes", "type"),
    ({"Type": "Boolean"}, False, 0, "type"),
    ({"Type": "Json"}, '{"a": [1, 2]}', '{"a": ', "type"),
    ({"Type": "Json"}, {"a": 1}, "42", "type"),
    ({"Type": "CommaDelimitedList"}, "a, b,c", {"a": 1}, "type"),
    ({"Type": "String"}, "text", {"not": "text"}, "type"),
    ({"Type": "String", "AllowedValues": ["a", "b"]}, "b", "c", "allowed-values"),
    ({"Type": "Number", "AllowedValues": [1, 2, 3]}, "2", 4, "allowed-values"),
    ({"Type": "CommaDelimitedList", "AllowedValues": ["x", "y"]}, "x,y", "x,z", "allowed-values"),
    ({"Type": "String", "AllowedPattern": "[a-z]+"}, "abc1", "123", "pattern"),
    ({"Type": "String", "AllowedPattern": "^[a-z]+$"}, "abc", "abc1", "pattern"),
    ({"Type": "String", "AllowedPattern": "[0-9a-z]+$"}, "Cluster-c01", "c01-", "pattern"),
    ({"Type": "CommaDelimitedList", "AllowedPattern": "\\d+"}, ["80", "443"], "80,http", "pattern"),
    ({"Type": "String", "MinLength": 3}, "abc", "ab", "length"),
    ({"Type": "String", "MaxLength": 3}, "abc", "abcd", "length"),
    ({"Type": "Number", "MinValue": 1}, 1, 0, "range"),
    ({"Type": "Number", "MaxValue": 10}, "10", "10.5", "range"),
]


@pytest.mark.parametrize(("spec", "good", "bad", "code"), CASES)
def test_rule_accepts_good_value_and_rejects_bad_one(spec, good, bad, code):
    doc = template("P", **spec)
    assert check_parameters(doc, {"P": good}) == []
    assert codes(check_parameters(doc, {"P": bad})) == {("P", code)}


def test_constraint_description_follows_locale():
    doc = template(
        "P",
        Type="String",
        AllowedPattern="[a-z]+",
        ConstraintDescription={"en": "lowercase only", "zh-cn": "只能是小写字母"},
    )
    [english] = check_parameters(doc, {"P": "ABC"})
    [chinese] = check_parameters(doc, {"P": "ABC"}, locale="zh-cn")
    assert english.message.endswith("; lowercase only")
    assert "不匹配" in chinese.message
    assert chinese.message.endswith("只能是小写字母")


def test_constraint_description_falls_back_to_the_other_locale():
    doc = template("P", Type="Number", MaxValue=2, ConstraintDescription={"zh-cn": "最多 2"})
    [problem] = check_parameters(doc, {"P": 3})
    assert problem.message.endswith("最多 2")


def test_every_problem_is_reported_not_just_the_first():
    doc = template(
        "P", Type="String", MinLength=5, AllowedPattern="[a-z]+", AllowedValues=["abcdef"]
    )
    assert {p.code for p in check_parameters(doc, {"P": "AB"})} == {
        "allowed-values",
        "pattern",
        "length",
    }


def test_a_default_that_breaks_its_own_constraint_is_reported():
    doc = template("P", Type="Number", MaxValue=5)
    doc["Parameters"]["P"]["Default"] = 9
    [problem] = check_parameters(doc, {})
    assert problem.code == "range"
    assert "Default" in problem.message


def test_missing_value_without_default_key_is_an_error_but_null_default_is_not():
    doc = template("P", Type="String")
    assert check_parameters(doc, {}) == []
    del doc["Parameters"]["P"]["Default"]
    assert codes(check_parameters(doc, {})) == {("P", "required")}


def test_required_parameter_rejects_empty_string():
    doc = template("P", Type="String", Required=True)
    assert codes(check_parameters(doc, {"P": ""})) == {("P", "required")}
    assert codes(check_parameters(doc, {})) == {("P", "required")}
    assert check_parameters(doc, {"P": "x"}) == []


def test_unknown_name_gets_did_you_mean(hub):
    problems = check_parameters(hub, {"ClusterId": "c1", "ClusterID": "c1", "Zzz": 1})
    messages = {p.parameter: p.message for p in problems if p.code == "unknown"}
    assert "did you mean ClusterId?" in messages["ClusterID"]
    assert "did you mean" not in messages["Zzz"]


def test_build_settings_of_computenest_parameters_file_are_ignored_as_info(hub):
    problems = check_parameters(hub, {"ClusterId": "c1", "RepoName": "a/b", "Branch": "main"})
    assert [p.severity for p in problems] == ["info"]
    assert "RepoName, Branch" in problems[0].message


def test_unknown_locale_is_a_usage_error(hub):
    from nestgen.errors import UsageError

    with pytest.raises(UsageError):
        check_parameters(hub, {}, locale="fr")


def test_template_without_parameters_is_an_input_error():
    from nestgen.errors import InputError

    with pytest.raises(InputError, match="no Parameters"):
        check_parameters({"ROSTemplateFormatVersion": "2015-09-01", "Resources": {}}, {})


def test_default_written_as_a_function_is_a_warning_not_a_type_error():
    doc = template("Namespace", Type="String")
    doc["Parameters"]["Namespace"]["Default"] = {"Ref": "ALIYUN::StackName"}
    assert [(p.severity, p.code) for p in check_parameters(doc, {})] == [
        ("warning", "default-function")
    ]
    assert check_parameters(doc, {"Namespace": "jupyter"}) == []


def test_an_empty_default_does_not_satisfy_required():
    doc = template("P", Type="String", Required=True)
    doc["Parameters"]["P"]["Default"] = ""
    [problem] = check_parameters(doc, {})
    assert (problem.parameter, problem.code, problem.severity) == ("P", "required", "error")
    assert "Default" in problem.message
    assert check_parameters(doc, {"P": "x"}) == []


@pytest.mark.parametrize("required", [True, "true", "True", "TRUE"])
def test_required_is_read_in_any_spelling_of_true(required):
    doc = template("P", Type="String", Required=required)
    assert codes(check_parameters(doc, {})) == {("P", "required")}


def test_a_required_parameter_hidden_by_the_chosen_values_needs_nothing():
    doc = {
        "ROSTemplateFormatVersion": "2015-09-01",
        "Parameters": {
            "Mode": {"Type": "String", "AllowedValues": ["Exist", "New"], "Default": "New"},
            "ClusterId": {
                "Type": "String",
                "Required": True,
                "Default": None,
                "AssociationPropertyMetadata": {
                    "Visible": {"Condition": {"Fn::Equals": ["${Mode}", "Exist"]}}
                },
            },
        },
    }
    assert check_parameters(doc, {}) == []
    assert codes(check_parameters(doc, {"Mode": "Exist"})) == {("ClusterId", "required")}
    assert codes(check_parameters(doc, {"Mode": "Exist", "ClusterId": ""})) == {
        ("ClusterId", "required")
    }
