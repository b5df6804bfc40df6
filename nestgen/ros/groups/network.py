"""Networking: zone, new or existing VPC and vSwitch; for a new cluster also plugin and CIDRs.

Without the cluster group (ECS services) only the zone and VPC parameters are added, always
shown, and the VPC module is created unconditionally.
"""

from __future__ import annotations

from typing import Any

from nestgen.ros.conditions import Eq, both
from nestgen.ros.groups import cidr
from nestgen.ros.groups.base import (
    CLUSTER_RESOURCE,
    CREATE_CLUSTER,
    NEW_CLUSTER,
    VPC_RESOURCE,
    BuildContext,
    Group,
    get_att,
    has_cluster,
    outside_cluster,
    ref,
    text,
)
from nestgen.ros.model import NO_DEFAULT, Parameter, Template, Text

LABEL = text("Network", "网络配置")
NEW_VPC = both(NEW_CLUSTER, Eq("VpcOption", "NewVPC"))
EXISTING_VPC = both(NEW_CLUSTER, Eq("VpcOption", "ExistingVPC"))
FLANNEL = both(NEW_CLUSTER, Eq("AckNetworkPlugin", "Flannel"))
TERWAY = both(NEW_CLUSTER, Eq("AckNetworkPlugin", "Terway"))
# A pod vSwitch can be chosen only in a VPC that exists before the deployment.
TERWAY_EXISTING_VPC = both(TERWAY, Eq("VpcOption", "ExistingVPC"))
FLANNEL_CONDITION = "FlannelPluginCondition"
POD_VSWITCH_CONDITION = "PodVSwitchGivenCondition"
_NOT_AFTER = text("It cannot be changed after the cluster is created.", "集群创建后不能修改。")


def _joined(first: Text, second: Text) -> Text:
    return text(f"{first.en} {second.en}", f"{first.zh}{second.zh}")


def _zone() -> Parameter:
    return Parameter(
        name="ZoneId",
        type="String",
        label=text("Zone", "可用区"),
        description=text("The zone of the cluster nodes.", "集群节点所在的可用区。"),
        default="",
        required=True,
        association="ALIYUN::ECS::Instance::ZoneId",
        metadata={"RegionId": "${RegionId}"},
        visible=NEW_CLUSTER,
    )


def _vpc_option() -> Parameter:
    return Parameter(
        name="VpcOption",
        type="String",
        label=text("VPC", "专有网络"),
        default="NewVPC",
        allowed_values=["NewVPC", "ExistingVPC"],
        required=True,
        value_labels={
            "NewVPC": text("New VPC", "新建专有网络"),
            "ExistingVPC": text("Existing VPC", "已有专有网络"),
        },
        visible=NEW_CLUSTER,
    )


def _vpc_id() -> Parameter:
    return Parameter(
        name="VpcId",
        type="String",
        label=text("VPC ID", "专有网络 ID"),
        description=text("An existing VPC in the region.", "地域内已有的专有网络。"),
        default="",
        required=True,
        association="ALIYUN::ECS::VPC::VPCId",
        metadata={"RegionId": "${RegionId}"},
        visible=EXISTING_VPC,
    )


def _vswitch_id() -> Parameter:
    return Parameter(
        name="VSwitchId",
        type="String",
        label=text("vSwitch ID", "交换机 ID"),
        description=text(
            "An existing vSwitch of the VPC in the chosen zone.",
            "所选可用区内该专有网络的已有交换机。",
        ),
        default="",
        required=True,
        association="ALIYUN::ECS::VSwitch::VSwitchId",
        metadata={"VpcId": "${VpcId}", "ZoneId": "${ZoneId}"},
        visible=EXISTING_VPC,
    )


def _vpc_cidr() -> Parameter:
    return Parameter(
        name="VpcCidrBlock",
        type="String",
        label=text("VPC CIDR block", "专有网络网段"),
        description=text(
            "A private range: 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or one of their subnets.",
            "私有网段：10.0.0.0/8、172.16.0.0/12、192.168.0.0/16 或其子网。",
        ),
        default="192.168.0.0/16",
        allowed_pattern=cidr.VPC,
        constraint=text(
            "Must be a private CIDR block with a /8 to /24 mask.",
            "必须是掩码为 /8 至 /24 的私有网段。",
        ),
        association="ALIYUN::VPC::VPC::CidrBlock",
        visible=NEW_VPC,
    )


def _vswitch_cidr() -> Parameter:
    return Parameter(
        name="VSwitchCidrBlock",
        type="String",
        label=text("vSwitch CIDR block", "交换机网段"),
        description=text("A subnet of the VPC CIDR block.", "专有网络网段的子网。"),
        default="192.168.0.0/24",
        allowed_pattern=cidr.VSWITCH,
        constraint=text(
            "Must be a private CIDR block with a /16 to /29 mask.",
            "必须是掩码为 /16 至 /29 的私有网段。",
        ),
        association="ALIYUN::VPC::VSwitch::CidrBlock",
        metadata={"VpcCidrBlock": "${VpcCidrBlock}"},
        visible=NEW_VPC,
    )


def _plugin() -> Parameter:
    return Parameter(
        name="AckNetworkPlugin",
        type="String",
        label=text("Network plugin", "网络插件"),
        description=text(
            "Flannel takes a Pod CIDR block; Terway gives pods addresses from a vSwitch.",
            "Flannel 需要 Pod 网段；Terway 从交换机为 Pod 分配地址。",
        ),
        default="Flannel",
        allowed_values=["Flannel", "Terway"],
        value_labels={"Flannel": text("Flannel", "Flannel"), "Terway": text("Terway", "Terway")},
        visible=NEW_CLUSTER,
    )


def _pod_cidr() -> Parameter:
    return Parameter(
        name="PodCidr",
        type="String",
        label=text("Pod CIDR block", "Pod 网络 CIDR"),
        description=_joined(
            text(
                "A private range: 10.0.0.0/8, 172.16-31.0.0/12-16, 192.168.0.0/16 or one of their"
                " subnets, not overlapping the VPC or other clusters in it.",
                "请填写有效的私有网段，即 10.0.0.0/8、172.16-31.0.0/12-16、"
                "192.168.0.0/16 及其子网，"
                "不能与 VPC 及 VPC 内已有 Kubernetes 集群使用的网段重复。",
            ),
            _NOT_AFTER,
        ),
        default="10.0.0.0/16",
        allowed_pattern=cidr.POD,
        constraint=text(
            "Must be a private CIDR block: 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or a subnet.",
            "必须是私有网段（10.0.0.0/8、172.16.0.0/12 或 192.168.0.0/16 及其子网）。",
        ),
        association="ALIYUN::CS::ManagedKubernetesCluster::PodCidr",
        visible=FLANNEL,
    )


def _pod_vswitch() -> Parameter:
    return Parameter(
        name="PodVSwitchId",
        type="String",
        label=text("Pod vSwitch ID", "Pod 交换机 ID"),
        description=text(
            "The vSwitch of the existing VPC that Terway takes pod addresses from; a mask no"
            " larger than /19 is advised. Leave empty to use the node vSwitch. With a new VPC,"
            " pods take their addresses from the node vSwitch the deployment creates.",
            "Terway 为 Pod 分配地址的已有专有网络交换机，建议网段掩码不大于 19；留空则使用节点"
            "交换机。新建专有网络时，Pod 使用部署时新建的节点交换机的地址。",
        ),
        default="",
        association="ALIYUN::ECS::VSwitch::VSwitchId",
        metadata={"VpcId": "${VpcId}", "ZoneId": "${ZoneId}"},
        visible=TERWAY_EXISTING_VPC,
    )


def _service_cidr() -> Parameter:
    return Parameter(
        name="ServiceCidr",
        type="String",
        label=text("Service CIDR block", "Service 网段"),
        description=_joined(
            text(
                "One of 10.0.0.0/16-24, 172.16-31.0.0/16-24, 192.168.0.0/16-24, not overlapping"
                " the VPC or other clusters in it.",
                "可选范围：10.0.0.0/16-24、172.16-31.0.0/16-24、192.168.0.0/16-24，"
                "不能与 VPC 及 VPC 内已有 Kubernetes 集群使用的网段重复。",
            ),
            _NOT_AFTER,
        ),
        default="172.16.0.0/16",
        allowed_pattern=cidr.SERVICE,
        constraint=text(
            "Must be a private CIDR block with a /16 to /24 mask.",
            "必须是掩码为 /16 至 /24 的私有网段。",
        ),
        association="ALIYUN::CS::ManagedKubernetesCluster::ServiceCidr",
        visible=NEW_CLUSTER,
    )


VPC_PARAMETERS = (_zone, _vpc_option, _vpc_id, _vswitch_id, _vpc_cidr, _vswitch_cidr)
PARAMETERS = (*VPC_PARAMETERS, _plugin, _pod_cidr, _pod_vswitch, _service_cidr)
ECS_ZONE = text("The zone of the instances.", "实例所在的可用区。")


def _vpc_module(condition: str | None = CREATE_CLUSTER) -> dict[str, Any]:
    names = ("ZoneId", "VpcOption", "VpcId", "VSwitchId", "VpcCidrBlock", "VSwitchCidrBlock")
    module: dict[str, Any] = {"Type": "MODULE::ACS::ComputeNest::VpcAndVSwitch"}
    if condition:
        module["Condition"] = condition
    module["Version"] = "default"
    module["Properties"] = {name: ref(name) for name in names}
    return module


def vpc_attribute(attribute: str) -> dict[str, Any]:
    """The new or chosen VPC's ``VpcId`` / ``VSwitchId`` (ECS services: no cluster)."""
    return get_att(VPC_RESOURCE, attribute)


def _from_vpc(attribute: str) -> dict[str, Any]:
    """The VPC module's attribute when it exists, else no value (existing cluster)."""
    return {"Fn::If": [CREATE_CLUSTER, get_att(VPC_RESOURCE, attribute), ref("ALIYUN::NoValue")]}


def _cluster_properties() -> dict[str, Any]:
    node_vswitch = _from_vpc("VSwitchId")
    return {
        "ZoneId": ref("ZoneId"),
        "VpcId": _from_vpc("VpcId"),
        "VSwitchId": node_vswitch,
        "AckNetworkPlugin": {"Fn::If": [FLANNEL_CONDITION, "flannel", "terway"]},
        "PodCidr": ref("PodCidr"),
        "PodVSwitchId": {"Fn::If": [POD_VSWITCH_CONDITION, ref("PodVSwitchId"), node_vswitch]},
        "ServiceCidr": ref("ServiceCidr"),
    }


def _apply_without_cluster(template: Template) -> None:
    parameters = [make() for make in VPC_PARAMETERS]
    for parameter in parameters:
        parameter.visible = outside_cluster(parameter.visible)
    parameters[0].description = ECS_ZONE
    parameters[0].default = NO_DEFAULT  # always shown: ROS asks for a zone
    template.add_group(LABEL, parameters)
    template.add_resource(VPC_RESOURCE, _vpc_module(condition=None))


def apply(template: Template, context: BuildContext, options: dict[str, Any]) -> None:
    """The network parameters, the VPC module and the cluster's network properties."""
    if not has_cluster(template):
        _apply_without_cluster(template)
        return
    template.add_group(LABEL, [make() for make in PARAMETERS])
    template.add_condition(FLANNEL_CONDITION, Eq("AckNetworkPlugin", "Flannel"))
    template.add_condition(
        POD_VSWITCH_CONDITION,
        {
            "Fn::And": [
                {"Fn::Equals": [ref("VpcOption"), "ExistingVPC"]},
                {"Fn::Not": {"Fn::Equals": [ref("PodVSwitchId"), ""]}},
            ]
        },
    )
    template.add_resource(VPC_RESOURCE, _vpc_module())
    cluster = template.resource(CLUSTER_RESOURCE)
    cluster["DependsOn"] = [VPC_RESOURCE]
    cluster["Properties"].update(_cluster_properties())


GROUP = Group(name="network", label=LABEL, apply=apply)
