"""Billing: pay-as-you-go or subscription, with the period for subscriptions.

With the cluster group it bills the new cluster (shown only for a new cluster); without it
(ECS services) the parameters are always shown and the resource groups read ``PayType``,
``PayPeriodUnit`` and ``PayPeriod`` themselves.
"""

from __future__ import annotations

from typing import Any

from nestgen.ros.conditions import Eq, both
from nestgen.ros.groups.base import (
    CLUSTER_RESOURCE,
    NEW_CLUSTER,
    BuildContext,
    Group,
    has_cluster,
    outside_cluster,
    ref,
    text,
)
from nestgen.ros.model import Parameter, Template

LABEL = text("Billing", "付费类型")
PREPAID = both(NEW_CLUSTER, Eq("PayType", "PrePaid"))
PERIODS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 24, 36, 48, 60]


def _pay_type() -> Parameter:
    return Parameter(
        name="PayType",
        type="String",
        label=text("Billing method", "付费类型"),
        description=text(
            "Pay-as-you-go or subscription for the resources of the new cluster.",
            "新建集群资源的付费方式：按量付费或包年包月。",
        ),
        default="PostPaid",
        allowed_values=["PostPaid", "PrePaid"],
        association="ChargeType",
        metadata={"LocaleKey": "InstanceChargeType"},
        visible=NEW_CLUSTER,
    )


def _period_unit() -> Parameter:
    return Parameter(
        name="PayPeriodUnit",
        type="String",
        label=text("Subscription unit", "购买时长单位"),
        default="Month",
        allowed_values=["Month", "Year"],
        association="PayPeriodUnit",
        visible=PREPAID,
    )


def _period() -> Parameter:
    return Parameter(
        name="PayPeriod",
        type="Number",
        label=text("Subscription duration", "购买时长"),
        description=text(
            "Number of subscription units; only used for subscription (PrePaid) billing.",
            "购买时长的单位数量，仅在包年包月（PrePaid）时生效。",
        ),
        default=1,
        allowed_values=list(PERIODS),
        association="PayPeriod",
        visible=PREPAID,
    )


ECS_PAY_TYPE = text(
    "Pay-as-you-go or subscription for the new resources.",
    "新建资源的付费方式：按量付费或包年包月。",
)


def apply(template: Template, context: BuildContext, options: dict[str, Any]) -> None:
    """PayType, PayPeriodUnit, PayPeriod and their cluster module properties."""
    parameters = [_pay_type(), _period_unit(), _period()]
    if not has_cluster(template):
        for parameter in parameters:
            parameter.visible = outside_cluster(parameter.visible)
        parameters[0].description = ECS_PAY_TYPE
        template.add_group(LABEL, parameters)
        return
    template.add_group(LABEL, parameters)
    properties = template.resource(CLUSTER_RESOURCE)["Properties"]
    for name in ("PayType", "PayPeriodUnit", "PayPeriod"):
        properties[name] = ref(name)


GROUP = Group(name="billing", label=LABEL, apply=apply)
