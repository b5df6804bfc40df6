"""Cluster: deploy into an existing ACK cluster or create one (Compute Nest cluster module)."""

from __future__ import annotations

from typing import Any

from nestgen.ros.conditions import Eq
from nestgen.ros.groups.base import (
    CLUSTER_RESOURCE,
    CREATE_CLUSTER,
    NEW_CLUSTER,
    BuildContext,
    Group,
    ref,
    text,
)
from nestgen.ros.model import Parameter, Template

LABEL = text("Kubernetes cluster", "Kubernetes 集群")


def _cs_options() -> Parameter:
    return Parameter(
        name="CsOptions",
        type="String",
        label=text("Cluster option", "集群选项"),
        description=text(
            "Deploy into an existing ACK cluster, or create a new ACK cluster for this service.",
            "部署到已有的 ACK 集群，或为本服务新建一个 ACK 集群。",
        ),
        default="NewAck",
        allowed_values=["ExistCs", "NewAck"],
        required=True,
        value_labels={
            "ExistCs": text("Existing ACK cluster", "已有 ACK 集群"),
            "NewAck": text("New ACK cluster", "新建 ACK 集群"),
        },
    )


def _cluster_id(min_kubernetes: str | None) -> Parameter:
    description = text(
        "The existing ACK cluster the application is deployed into.",
        "部署应用的已有 ACK 集群。",
    )
    if min_kubernetes:
        description = text(
            f"{description.en} It must run Kubernetes {min_kubernetes} or later.",
            f"{description.zh}集群的 Kubernetes 版本须为 {min_kubernetes} 或更高。",
        )
    return Parameter(
        name="ClusterId",
        type="String",
        label=text("ACK cluster ID", "ACK 集群 ID"),
        description=description,
        default="",
        allowed_pattern="^[0-9a-z]*$",
        required=True,
        association="ALIYUN::CS::Cluster::ClusterId",
        metadata={"RegionId": "${RegionId}"},
        visible=Eq("CsOptions", "ExistCs"),
    )


def apply(template: Template, context: BuildContext, options: dict[str, Any]) -> None:
    """CsOptions, ClusterId, the create-cluster condition and the cluster module."""
    template.add_group(LABEL, [_cs_options(), _cluster_id(options.get("min_kubernetes"))])
    template.add_condition(CREATE_CLUSTER, NEW_CLUSTER)
    template.add_resource(
        CLUSTER_RESOURCE,
        {
            "Type": "MODULE::ACS::ComputeNest::AckOrAcsCluster",
            "Version": "default",
            "Properties": {
                "CsOptions": ref("CsOptions"),
                "ClusterId": ref("ClusterId"),
                "ClusterSpec": options.get("cluster_spec", "ack.pro.small"),
            },
        },
    )


GROUP = Group(
    name="cluster",
    label=LABEL,
    apply=apply,
    requires=("network", "workers", "password"),
    options={
        "cluster_spec": {"enum": ["ack.pro.small", "ack.standard"]},
        # The chart's kubeVersion floor, said on the form for existing clusters.
        "min_kubernetes": {"type": "string", "pattern": "^[0-9]+\\.[0-9]+$"},
    },
)
