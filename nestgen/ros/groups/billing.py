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
MONTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 24, 36, 48, 60]
YEARS = [1, 2, 3, 4, 5]
MONTHLY = both(PREPAID, Eq("PayPeriodUnit", "Month"))
YEARLY = both(PREPAID, Eq("PayPeriodUnit", "Year"))
YEARLY_CONDITION = "PayByYearCondition"


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
        label=text("Subscription duration (months)", "购买时长（月）"),
        description=text(
            "Number of months; only used for subscription (PrePaid) billing by the month.",
            "购买的月数，仅在按月包年包月（PrePaid）时生效。",
        ),
        default=1,
        allowed_values=list(MONTHS),
        association="PayPeriod",
        visible=MONTHLY,
    )


def _period_years() -> Parameter:
    return Parameter(
        name="PayPeriodYears",
        type="Number",
        label=text("Subscription duration (years)", "购买时长（年）"),
        description=text(
            "Number of years; only used for subscription (PrePaid) billing by the year.",
            "购买的年数，仅在按年包年包月（PrePaid）时生效。",
        ),
        default=1,
        allowed_values=list(YEARS),
        visible=YEARLY,
    )


ECS_PAY_TYPE = text(
    "Pay-as-you-go or subscription for the new resources.",
    "新建资源的付费方式：按量付费或包年包月。",
)


def apply(template: Template, context: BuildContext, options: dict[str, Any]) -> None:
    """PayType, PayPeriodUnit, the period in the chosen unit, and the module properties.

    The period's choices follow the unit: months and years are two parameters, each shown
    only for its unit, and the resources receive the one that applies (:func:`period`).
    """
    parameters = [_pay_type(), _period_unit(), _period(), _period_years()]
    template.add_condition(YEARLY_CONDITION, Eq("PayPeriodUnit", "Year"))
    if not has_cluster(template):
        for parameter in parameters:
            parameter.visible = outside_cluster(parameter.visible)
        parameters[0].description = ECS_PAY_TYPE
        template.add_group(LABEL, parameters)
        return
    template.add_group(LABEL, parameters)
    properties = template.resource(CLUSTER_RESOURCE)["Properties"]
    for name in ("PayType", "PayPeriodUnit"):
        properties[name] = ref(name)
    properties["PayPeriod"] = period()


def period() -> dict[str, Any]:
    """The subscription period in the unit chosen: PayPeriodYears or PayPeriod."""
    return {"Fn::If": [YEARLY_CONDITION, ref("PayPeriodYears"), ref("PayPeriod")]}


GROUP = Group(name="billing", label=LABEL, apply=apply)
