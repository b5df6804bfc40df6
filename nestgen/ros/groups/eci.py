"""Run user pods on ECI spot instances (ACK virtual nodes) as a form choice."""

from __future__ import annotations

from typing import Any

from nestgen.ros.conditions import Eq
from nestgen.ros.groups.base import BuildContext, Group, text
from nestgen.ros.groups.helm import merge_list
from nestgen.ros.model import Parameter, Template
from nestgen.ros.values import deep_merge

LABEL = text("Elastic pods (ECI + Spot)", "弹性容器（ECI + 抢占式）")
CONDITION = "EciSpotCondition"
ECI_LABEL = {"alibabacloud.com/eci": "true"}
SPOT_ANNOTATION = {"k8s.aliyun.com/eci-spot-strategy": "SpotAsPriceGo"}


def _enable() -> Parameter:
    return Parameter(
        name="EnableEciSpot",
        type="Boolean",
        label=text("Run user pods on ECI spot instances", "用户 Pod 使用 ECI 抢占式实例"),
        description=text(
            "Schedules user pods on Elastic Container Instances at spot prices. The cluster"
            " needs the ACK Virtual Node add-on (Operations > Add-ons > ACK Virtual Node).",
            "将用户 Pod 调度到按抢占式价格计费的弹性容器实例（ECI）上。集群需要安装"
            " ACK Virtual Node 组件（运维管理 > 组件管理 > ACK Virtual Node）。",
        ),
        default=False,
    )


def _nest(path: list[str], leaf: dict[str, Any]) -> dict[str, Any]:
    value: dict[str, Any] = dict(leaf)
    for key in reversed(path):
        value = {key: value}
    return value


def eci_values(options: dict[str, Any]) -> dict[str, Any]:
    """The Helm values that put pods on ECI spot instances."""
    labels = _nest(options.get("labels_path", ["singleuser", "extraLabels"]), ECI_LABEL)
    notes = _nest(
        options.get("annotations_path", ["singleuser", "extraAnnotations"]), SPOT_ANNOTATION
    )
    return deep_merge(labels, notes)


def apply(template: Template, context: BuildContext, options: dict[str, Any]) -> None:
    """EnableEciSpot, its condition and the conditional values in the Helm merge."""
    template.add_group(LABEL, [_enable()])
    template.add_condition(CONDITION, Eq("EnableEciSpot", True))
    merge_list(template).append({"Fn::If": [CONDITION, eci_values(options), {}]})


_PATH = {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1}
GROUP = Group(
    name="eci",
    label=LABEL,
    apply=apply,
    requires=("helm",),
    options={"labels_path": _PATH, "annotations_path": _PATH},
)
