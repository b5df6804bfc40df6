"""The seed's visibility rules, evaluated on the generated template's console conditions."""

from __future__ import annotations

import pytest
from ros_console_eval import visible

CLUSTER_ONLY = {"ClusterId"}
NEW_CLUSTER_ALWAYS = {
    "PayType", "ZoneId", "VpcOption", "AckNetworkPlugin", "ServiceCidr", "WorkerInstanceType",
    "WorkerInstanceCount", "WorkerSystemDiskCategory", "WorkerSystemDiskSize", "LoginPassword",
}  # fmt: skip
ALWAYS = {"CsOptions", "DomainAddress", "ChartValues", "EnableEciSpot"}


def _shown(template, defaults, **choices):
    return visible(template, {**defaults, **choices})


def test_existing_cluster_shows_only_the_cluster_id_and_app_settings(jupyterhub_template, defaults):
    shown = _shown(jupyterhub_template, defaults, CsOptions="ExistCs")
    assert shown == ALWAYS | CLUSTER_ONLY


def test_new_cluster_hides_the_cluster_id(jupyterhub_template, defaults):
    shown = _shown(jupyterhub_template, defaults, CsOptions="NewAck")
    assert "ClusterId" not in shown
    assert shown >= NEW_CLUSTER_ALWAYS


@pytest.mark.parametrize(
    ("pay_type", "period_shown"),
    [("PostPaid", False), ("PrePaid", True)],
    ids=["postpaid", "prepaid"],
)
def test_period_only_for_prepaid(jupyterhub_template, defaults, pay_type, period_shown):
    shown = _shown(jupyterhub_template, defaults, CsOptions="NewAck", PayType=pay_type)
    period = {"PayPeriod", "PayPeriodUnit"}
    assert period & shown == (period if period_shown else set())


def test_prepaid_period_stays_hidden_for_an_existing_cluster(jupyterhub_template, defaults):
    shown = _shown(jupyterhub_template, defaults, CsOptions="ExistCs", PayType="PrePaid")
    assert not {"PayType", "PayPeriod", "PayPeriodUnit"} & shown


@pytest.mark.parametrize(
    ("option", "expected", "hidden"),
    [
        ("NewVPC", {"VpcCidrBlock", "VSwitchCidrBlock"}, {"VpcId", "VSwitchId"}),
        ("ExistingVPC", {"VpcId", "VSwitchId"}, {"VpcCidrBlock", "VSwitchCidrBlock"}),
    ],
)
def test_new_or_existing_vpc(jupyterhub_template, defaults, option, expected, hidden):
    shown = _shown(jupyterhub_template, defaults, CsOptions="NewAck", VpcOption=option)
    assert expected <= shown
    assert not hidden & shown


@pytest.mark.parametrize(
    ("plugin", "expected", "hidden"),
    [("Flannel", "PodCidr", "PodVSwitchId"), ("Terway", "PodVSwitchId", "PodCidr")],
)
def test_flannel_or_terway(jupyterhub_template, defaults, plugin, expected, hidden):
    shown = _shown(
        jupyterhub_template,
        defaults,
        CsOptions="NewAck",
        AckNetworkPlugin=plugin,
        VpcOption="ExistingVPC",
    )
    assert expected in shown
    assert hidden not in shown


def test_pod_vswitch_only_where_a_vswitch_can_be_chosen(jupyterhub_template, defaults):
    """With a new VPC there is no vSwitch to choose (its ${VpcId} filter would be empty)."""
    new_vpc = _shown(jupyterhub_template, defaults, CsOptions="NewAck", AckNetworkPlugin="Terway")
    assert "PodVSwitchId" not in new_vpc


@pytest.mark.parametrize(
    ("unit", "shown_one", "hidden_one"),
    [
        ("Month", "PayPeriod", "PayPeriodYears"),
        ("Year", "PayPeriodYears", "PayPeriod"),
    ],
)
def test_period_choices_follow_the_unit(jupyterhub_template, defaults, unit, shown_one, hidden_one):
    shown = _shown(
        jupyterhub_template, defaults, CsOptions="NewAck", PayType="PrePaid", PayPeriodUnit=unit
    )
    assert shown_one in shown
    assert hidden_one not in shown


def test_visible_values_are_allowed_values(jupyterhub_template):
    """Every value a Visible condition compares a parameter with is one it can take."""
    parameters = jupyterhub_template["Parameters"]

    def walk(node):
        if isinstance(node, dict):
            if "Fn::Equals" in node:
                yield node["Fn::Equals"]
            for value in node.values():
                yield from walk(value)
        elif isinstance(node, list):
            for value in node:
                yield from walk(value)

    for body in parameters.values():
        rule = body.get("AssociationPropertyMetadata", {}).get("Visible")
        for left, right in walk(rule or {}):
            name = left[2:-1]
            allowed = parameters[name].get("AllowedValues", [True, False])
            assert right in allowed, (name, right)


def test_conditions_match_the_visibility_of_what_they_guard(jupyterhub_template):
    conditions = jupyterhub_template["Conditions"]
    assert conditions["CreateClusterCondition"] == {"Fn::Equals": [{"Ref": "CsOptions"}, "NewAck"]}
    assert conditions["FlannelPluginCondition"] == {
        "Fn::Equals": [{"Ref": "AckNetworkPlugin"}, "Flannel"]
    }
    assert jupyterhub_template["Resources"]["VpcModule"]["Condition"] == "CreateClusterCondition"
