"""Visible conditions: Equals/Not/And/Or over ${X}, defaults applied, chains of parameters."""

from __future__ import annotations

import pytest
from params_samples import codes

from nestgen.params import check_parameters
from nestgen.params.model import load_template
from nestgen.params.visibility import Form


def shown(hub, values):
    form = Form(load_template(hub), values)
    return {name for name in form.params.params if form.visible(name)}


def test_defaults_show_the_existing_cluster_form(hub):
    assert shown(hub, {}) == {"CsOptions", "ClusterId", "DomainAddress", "ChartValues"}


@pytest.mark.parametrize(
    ("values", "visible"),
    [
        ({"CsOptions": "NewAck"}, False),
        ({"CsOptions": "NewAck", "PayType": "PostPaid"}, False),
        ({"CsOptions": "ExistCs", "PayType": "PrePaid"}, False),
        ({"CsOptions": "NewAck", "PayType": "PrePaid"}, True),
    ],
)
def test_pay_period_needs_two_given_values(hub, values, visible):
    assert ("PayPeriod" in shown(hub, values)) is visible
    assert ("PayPeriodUnit" in shown(hub, values)) is visible


def test_a_hidden_parameter_value_does_not_count_in_other_conditions(hub):
    # PayType is hidden for an existing cluster, so PrePaid is ignored: PayPeriod stays hidden.
    problems = check_parameters(hub, {"ClusterId": "c1", "PayType": "PrePaid", "PayPeriod": 12})
    assert {(p.parameter, p.code) for p in problems} == {
        ("PayType", "ignored"),
        ("PayPeriod", "ignored"),
    }
    assert all(p.severity == "warning" for p in problems)


def test_visible_chain_values_are_checked(hub, new_ack):
    values = {**new_ack, "PayType": "PrePaid", "PayPeriod": 12, "PayPeriodUnit": "Week"}
    assert codes(check_parameters(hub, values)) == {
        ("PayPeriod", "allowed-values"),
        ("PayPeriodUnit", "allowed-values"),
    }


def test_ignored_message_names_the_condition(hub):
    [problem] = check_parameters(hub, {"ClusterId": "c1", "ZoneId": "cn-hangzhou-i"})
    assert "${CsOptions} == NewAck" in problem.message


def test_or_and_not_and_number_comparison():
    doc = {
        "Parameters": {
            "A": {"Type": "Number", "Default": 1},
            "B": {"Type": "String", "Default": "x"},
            "C": {
                "Type": "String",
                "Default": None,
                "Required": True,
                "AssociationPropertyMetadata": {
                    "Visible": {
                        "Condition": {
                            "Fn::Or": [
                                {"Fn::Equals": ["${A}", "2"]},
                                {"Fn::Not": [{"Fn::Equals": ["${B}", "x"]}]},
                            ]
                        }
                    }
                },
            },
        }
    }
    assert codes(check_parameters(doc, {})) == set()
    assert codes(check_parameters(doc, {"A": 2})) == {("C", "required")}
    assert codes(check_parameters(doc, {"A": "2.0"})) == set()  # the console compares text
    assert codes(check_parameters(doc, {"B": "y"})) == {("C", "required")}


def test_unknown_reference_and_bad_function_are_warnings():
    doc = {
        "Parameters": {
            "A": {
                "Type": "String",
                "Default": "a",
                "AssociationPropertyMetadata": {
                    "Visible": {"Condition": {"Fn::Equals": ["${Missing}", ""]}}
                },
            },
            "B": {
                "Type": "String",
                "Default": "b",
                "AssociationPropertyMetadata": {
                    "Visible": {"Condition": {"Fn::If": ["C", "x", "y"]}}
                },
            },
        }
    }
    problems = check_parameters(doc, {"A": "given", "B": "given"})
    assert codes(problems, "warning") == {("Missing", "visibility"), ("B", "visibility")}
    assert codes(problems) == set()


def test_self_referencing_condition_terminates():
    doc = {
        "Parameters": {
            "A": {
                "Type": "String",
                "Default": "on",
                "AssociationPropertyMetadata": {
                    "Visible": {"Condition": {"Fn::Equals": ["${A}", "on"]}}
                },
            }
        }
    }
    # A's own value decides: "off" hides A, so the value is ignored (and nothing loops).
    assert [(p.code, p.severity) for p in check_parameters(doc, {"A": "off"})] == [
        ("ignored", "warning")
    ]
    assert check_parameters(doc, {"A": "on"}) == []
