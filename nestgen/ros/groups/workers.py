"""Worker nodes of a new cluster: instance type, count and system disk."""

from __future__ import annotations

from typing import Any

from nestgen.ros.groups.base import CLUSTER_RESOURCE, NEW_CLUSTER, BuildContext, Group, ref, text
from nestgen.ros.model import Parameter, Template

LABEL = text("Worker nodes", "Worker 节点")


def _instance_type(default: str, billing: bool) -> Parameter:
    metadata = {"ZoneId": "${ZoneId}"}
    if billing:  # filter instance types by the chosen billing method
        metadata["InstanceChargeType"] = "${PayType}"
    return Parameter(
        name="WorkerInstanceType",
        type="String",
        label=text("Worker instance type", "Worker 节点规格"),
        description=text(
            "The ECS instance type of the worker nodes (vCPUs and memory).",
            "Worker 节点使用的 ECS 实例规格（vCPU 与内存）。",
        ),
        default=default,
        required=True,
        association="ALIYUN::ECS::Instance::InstanceType",
        metadata=metadata,
        visible=NEW_CLUSTER,
    )


def _count(default: int) -> Parameter:
    return Parameter(
        name="WorkerInstanceCount",
        type="Number",
        label=text("Worker node count", "Worker 节点数量"),
        default=default,
        min_value=1,
        max_value=100,
        visible=NEW_CLUSTER,
    )


def _disk_category() -> Parameter:
    return Parameter(
        name="WorkerSystemDiskCategory",
        type="String",
        label=text("Worker system disk category", "Worker 系统盘类型"),
        default="cloud_essd",
        allowed_values=["cloud_efficiency", "cloud_ssd", "cloud_essd"],
        # The console applies the InstanceType/ZoneId filter only through this association.
        association="ALIYUN::ECS::Disk::SystemDiskCategory",
        metadata={
            "LocaleKey": "DiskCategory",
            "InstanceType": "${WorkerInstanceType}",
            "ZoneId": "${ZoneId}",
        },
        visible=NEW_CLUSTER,
    )


def _disk_size() -> Parameter:
    return Parameter(
        name="WorkerSystemDiskSize",
        type="Number",
        label=text("Worker system disk size (GB)", "Worker 系统盘大小（GB）"),
        default=120,
        min_value=40,
        max_value=500,
        visible=NEW_CLUSTER,
    )


def apply(template: Template, context: BuildContext, options: dict[str, Any]) -> None:
    """The worker parameters and their cluster module properties."""
    parameters = [
        _instance_type(
            options.get("instance_type", "ecs.g6.xlarge"), "PayType" in template.parameters
        ),
        _count(options.get("count", 3)),
        _disk_category(),
        _disk_size(),
    ]
    template.add_group(LABEL, parameters)
    template.resource(CLUSTER_RESOURCE)["Properties"].update(
        {
            "WorkerInstanceTypes": [ref("WorkerInstanceType")],
            "WorkerInstanceCount": ref("WorkerInstanceCount"),
            "WorkerSystemDiskCategory": ref("WorkerSystemDiskCategory"),
            "WorkerSystemDiskSize": ref("WorkerSystemDiskSize"),
        }
    )


GROUP = Group(
    name="workers",
    label=LABEL,
    apply=apply,
    requires=("cluster",),
    options={
        "instance_type": {"type": "string", "pattern": "^ecs\\.[a-z0-9-]+\\.[a-z0-9]+$"},
        "count": {"type": "integer", "minimum": 1, "maximum": 100},
    },
)
