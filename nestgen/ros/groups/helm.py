"""Helm values as JSON, and the Flux OCI Helm deploy module that installs the chart."""

from __future__ import annotations

import json
from typing import Any

from nestgen.ros.groups.base import (
    CLUSTER_RESOURCE,
    HELM_RESOURCE,
    BuildContext,
    Group,
    get_att,
    ref,
    text,
)
from nestgen.ros.model import Parameter, Template, artifact_placeholder

LABEL = text("Helm configuration", "Helm 配置")
SERVICE_RESOURCE = "ClusterApplicationResources"
LB_IP_PATH = "$.status.loadBalancer.ingress[0].ip"


def chart_values_default(values: dict[str, Any]) -> str:
    """The ChartValues default: the values as one line of JSON, in their given order."""
    return json.dumps(values, ensure_ascii=False)


def _chart_values(values: dict[str, Any]) -> Parameter:
    return Parameter(
        name="ChartValues",
        type="Json",
        label=text("Helm chart values", "Helm Chart 配置"),
        description=text(
            "Helm values (JSON) merged over the chart defaults; the service adds its own"
            " settings on top. They can be changed later with the modify operation.",
            "覆盖 Chart 默认值的 Helm 配置（JSON），服务会在其上追加自身配置；"
            "部署后可通过变配操作修改。",
        ),
        default=chart_values_default(values),
        association="Json",
    )


def _wait_until(service: str) -> list[dict[str, Any]]:
    return [
        {
            "Kind": "Service",
            "Name": service,
            "Namespace": ref("ALIYUN::StackName"),
            "JsonPath": LB_IP_PATH,
            "Operator": "NotEmpty",
            "FirstMatch": True,
            "Timeout": 600,
        }
    ]


def image_values(images: tuple[tuple[str, str, str], ...]) -> dict[str, Any]:
    """Helm values pointing each ``image: {name, tag}`` at its Compute Nest artifact.

    Compute Nest fills ``{{ computenest::acrimage::KEY }}`` with the whole pull reference
    (``registry/namespace/repo:tag``, as computenest-cli's ``docker pull`` templates use it);
    the chart wants the name and the tag apart, so the name is the part before the ``:``
    (Compute Nest's registry hosts carry no port) and the tag is the one published.
    """
    values: dict[str, Any] = {}
    for path, placeholder, tag in images:
        node = values
        for key in path.split("."):
            node = node.setdefault(key, {})
        node["name"] = {"Fn::Select": [0, {"Fn::Split": [":", placeholder]}]}
        node["tag"] = tag
    return values


def _deploy_module(context: BuildContext, options: dict[str, Any]) -> dict[str, Any]:
    merged: list[Any] = [ref("ChartValues")]
    if options.get("template_values"):
        merged.append(options["template_values"])
    if context.images:  # last, so the re-hosted images are the ones pulled
        merged.append(image_values(context.images))
    properties: dict[str, Any] = {
        "ClusterId": get_att(CLUSTER_RESOURCE, "ClusterId"),
        "HelmChartUrl": artifact_placeholder("helmchart", options["artifact"]),
        "ChartValues": {"Fn::MergeMap": merged},
        "Namespace": ref("ALIYUN::StackName"),
        "ReleaseName": options.get("release", options["artifact"]),
    }
    if options.get("service"):
        properties["WaitUntil"] = _wait_until(options["service"])
    return {
        "Type": "MODULE::ACS::ComputeNest::FluxOciHelmDeploy",
        "Version": "default",
        "DependsOn": [CLUSTER_RESOURCE],
        "Properties": properties,
    }


def _service_address(service: str) -> dict[str, Any]:
    return {
        "Type": "DATASOURCE::CS::ClusterApplicationResources",
        "DependsOn": [HELM_RESOURCE],
        "Properties": {
            "ClusterId": get_att(CLUSTER_RESOURCE, "ClusterId"),
            "Kind": "Service",
            "Name": service,
            "Namespace": ref("ALIYUN::StackName"),
            "JsonPath": LB_IP_PATH,
            "FirstMatch": True,
        },
    }


def apply(template: Template, context: BuildContext, options: dict[str, Any]) -> None:
    """ChartValues, the Helm deploy module and, with ``service``, its address lookup."""
    template.add_group(LABEL, [_chart_values(context.chart_values)])
    template.add_resource(HELM_RESOURCE, _deploy_module(context, options))
    if options.get("service"):
        template.add_resource(SERVICE_RESOURCE, _service_address(options["service"]))


def merge_list(template: Template) -> list[Any]:
    """The Fn::MergeMap list of the deployed values, for groups that add to it."""
    merged: list[Any] = template.resource(HELM_RESOURCE)["Properties"]["ChartValues"][
        "Fn::MergeMap"
    ]
    return merged


GROUP = Group(
    name="helm",
    label=LABEL,
    apply=apply,
    requires=("cluster",),
    options={
        "artifact": {"type": "string", "minLength": 1},
        "values": {"type": "string", "minLength": 1},
        "release": {"type": "string", "pattern": "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"},
        "service": {"type": "string", "pattern": "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"},
        "template_values": {"type": "object"},
    },
)
