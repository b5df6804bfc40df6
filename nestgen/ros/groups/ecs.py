"""ECS instances without a cluster: ``ALIYUN::ECS::InstanceGroup``, its security group, access.

Names follow the Compute Nest best-practice templates: ``InstanceType`` filtered by
``${ZoneId}`` and ``${PayType}``, ``SystemDiskCategory``/``SystemDiskSize``,
``InstancePassword``; billing (``PayType``, ``PayPeriodUnit``, ``PayPeriod``) comes from the
billing group when the template has it.
"""

from __future__ import annotations

from typing import Any

from nestgen.ros.groups import billing
from nestgen.ros.groups.base import (
    INSTANCES_RESOURCE,
    SECURITY_GROUP_RESOURCE,
    BuildContext,
    Group,
    get_att,
    ref,
    text,
)
from nestgen.ros.groups.network import vpc_attribute
from nestgen.ros.groups.password import PATTERN, RULE
from nestgen.ros.model import Output, Parameter, Template, artifact_placeholder

LABEL = text("ECS instances", "ECS 实例")
EIP_RESOURCE = "EcsEip"
EIP_ASSOCIATION = "EcsEipAssociation"
# Alibaba Cloud Linux 3 with Docker and Docker Compose, published by Compute Nest (OOS).
DOCKER_IMAGE = (
    "{{resolve:oos:aliyun/services/computenest/images/"
    "aliyun_3_2104_docker_compose_2_27_compute_nest}}"
)
DISK_CATEGORIES = ["cloud_efficiency", "cloud_ssd", "cloud_essd", "cloud_auto"]


def _instance_type(default: str, billing: bool) -> Parameter:
    metadata = {"ZoneId": "${ZoneId}"}
    if billing:  # the console lists only types sold with the chosen billing method
        metadata["InstanceChargeType"] = "${PayType}"
    return Parameter(
        name="InstanceType",
        type="String",
        label=text("Instance type", "实例规格"),
        description=text(
            "The ECS instance type (vCPUs and memory); the list shows the types available in"
            " the chosen zone.",
            "ECS 实例规格（vCPU 与内存）；列表只显示所选可用区可购买的规格。",
        ),
        default=default,
        required=True,
        association="ALIYUN::ECS::Instance::InstanceType",
        metadata=metadata,
    )


def _count(default: int, maximum: int) -> Parameter:
    return Parameter(
        name="InstanceCount",
        type="Number",
        label=text("Instance count", "实例数量"),
        default=default,
        min_value=1,
        max_value=maximum,
    )


def _disk_category(default: str) -> Parameter:
    return Parameter(
        name="SystemDiskCategory",
        type="String",
        label=text("System disk category", "系统盘类型"),
        default=default,
        allowed_values=list(DISK_CATEGORIES),
        association="ALIYUN::ECS::Disk::SystemDiskCategory",
        metadata={
            "LocaleKey": "DiskCategory",
            "InstanceType": "${InstanceType}",
            "ZoneId": "${ZoneId}",
        },
    )


def _disk_size(default: int) -> Parameter:
    return Parameter(
        name="SystemDiskSize",
        type="Number",
        label=text("System disk size (GB)", "系统盘大小（GB）"),
        default=default,
        min_value=40,
        max_value=500,
    )


def _bandwidth(default: int) -> Parameter:
    return Parameter(
        name="InternetMaxBandwidthOut",
        type="Number",
        label=text("Public bandwidth (Mbit/s)", "公网带宽（Mbit/s）"),
        description=text(
            "Maximum outbound public bandwidth, billed by traffic.",
            "公网出方向最大带宽，按使用流量计费。",
        ),
        default=default,
        min_value=1,
        max_value=100,
    )


def _password() -> Parameter:
    return Parameter(
        name="InstancePassword",
        type="String",
        label=text("Instance password", "实例密码"),
        description=text(
            f"The root password of the instances. {RULE.en}.",
            f"实例 root 用户的登录密码。{RULE.zh}。",
        ),
        allowed_pattern=PATTERN,
        min_length=8,
        max_length=30,
        no_echo=True,
        confirm=True,
        constraint=RULE,
        required=True,
        association="ALIYUN::ECS::Instance::Password",
    )


def image_id(options: dict[str, Any]) -> str:
    """The ImageId: an EcsImage artifact's placeholder, a given image id, or the Docker image."""
    image = options.get("image", {})
    if "artifact" in image:
        return artifact_placeholder("ecsimage", image["artifact"])
    return str(image.get("id", DOCKER_IMAGE))


def instance_count(options: dict[str, Any]) -> Any:
    """How many instances: the InstanceCount parameter when the spec offers one."""
    return ref("InstanceCount") if "max_count" in options else options.get("count", 1)


def _ingress(ports: list[Any]) -> list[dict[str, Any]]:
    rules = []
    for port in ports:
        low, _, high = str(port).partition("-")
        rules.append(
            {
                "IpProtocol": "tcp",
                "PortRange": f"{low}/{high or low}",
                "SourceCidrIp": "0.0.0.0/0",
                "Priority": 1,
            }
        )
    return rules


def _security_group(ports: list[Any]) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "SecurityGroupName": ref("ALIYUN::StackName"),
        "VpcId": vpc_attribute("VpcId"),
    }
    if ports:
        properties["SecurityGroupIngress"] = _ingress(ports)
    return {"Type": "ALIYUN::ECS::SecurityGroup", "Properties": properties}


def _instances(template: Template, options: dict[str, Any]) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "ZoneId": ref("ZoneId"),
        "VpcId": vpc_attribute("VpcId"),
        "VSwitchId": vpc_attribute("VSwitchId"),
        "SecurityGroupId": ref(SECURITY_GROUP_RESOURCE),
        "ImageId": image_id(options),
        "InstanceType": ref("InstanceType"),
        "SystemDiskCategory": ref("SystemDiskCategory"),
        "SystemDiskSize": ref("SystemDiskSize"),
        "Password": ref("InstancePassword"),
        "InstanceName": {"Fn::Join": ["-", [ref("ALIYUN::StackName"), "[1,3]"]]},
        "IoOptimized": "optimized",
        "MaxAmount": instance_count(options),
    }
    if "PayType" in template.parameters:
        properties["InstanceChargeType"] = ref("PayType")
        properties["PeriodUnit"] = ref("PayPeriodUnit")
        properties["Period"] = billing.period()
    if options.get("public_ip", "bandwidth") == "bandwidth":
        properties["InternetChargeType"] = "PayByTraffic"
        properties["InternetMaxBandwidthOut"] = ref("InternetMaxBandwidthOut")
    else:
        properties["InternetMaxBandwidthOut"] = 0
    return {"Type": "ALIYUN::ECS::InstanceGroup", "Properties": properties}


def _eip() -> dict[str, Any]:
    return {
        "Type": "ALIYUN::VPC::EIP",
        "Properties": {
            "Name": ref("ALIYUN::StackName"),
            "InternetChargeType": "PayByTraffic",
            "Bandwidth": ref("InternetMaxBandwidthOut"),
        },
    }


def _eip_association() -> dict[str, Any]:
    return {
        "Type": "ALIYUN::VPC::EIPAssociation",
        "Properties": {
            "AllocationId": ref(EIP_RESOURCE),
            "InstanceId": {"Fn::Select": [0, get_att(INSTANCES_RESOURCE, "InstanceIds")]},
        },
    }


def address(options: dict[str, Any]) -> Any:
    """The first instance's address users reach: EIP, public IP or (no public access) private IP."""
    public_ip = options.get("public_ip", "bandwidth")
    if public_ip == "eip":
        return get_att(EIP_RESOURCE, "EipAddress")
    attribute = "PublicIps" if public_ip == "bandwidth" else "PrivateIps"
    return {"Fn::Select": [0, get_att(INSTANCES_RESOURCE, attribute)]}


def _endpoint(options: dict[str, Any]) -> Output:
    endpoint = options["endpoint"]
    scheme, port, path = (
        endpoint.get(k, d) for k, d in (("scheme", "http"), ("port", 80), ("path", "/"))
    )
    default_port = {"http": 80, "https": 443}[scheme]
    authority = "${Address}" if port == default_port else "${Address}:" + str(port)
    return Output(
        "Endpoint",
        text("Address of the application", "应用访问地址"),
        {"Fn::Sub": [f"{scheme}://{authority}{path}", {"Address": address(options)}]},
    )


def apply(template: Template, context: BuildContext, options: dict[str, Any]) -> None:
    """The instance parameters, security group, instance group, optional EIP and endpoint."""
    billing = "PayType" in template.parameters
    parameters = [_instance_type(options.get("instance_type", "ecs.g6.large"), billing)]
    if "max_count" in options:
        parameters.append(_count(options.get("count", 1), options["max_count"]))
    disk = options.get("system_disk", {})
    parameters += [
        _disk_category(disk.get("category", "cloud_essd")),
        _disk_size(disk.get("size", 40)),
    ]
    if options.get("public_ip", "bandwidth") != "none":
        parameters.append(_bandwidth(options.get("bandwidth", 5)))
    parameters.append(_password())
    template.add_group(LABEL, parameters)
    template.add_resource(SECURITY_GROUP_RESOURCE, _security_group(options.get("ports", [])))
    template.add_resource(INSTANCES_RESOURCE, _instances(template, options))
    if options.get("public_ip") == "eip":
        template.add_resource(EIP_RESOURCE, _eip())
        template.add_resource(EIP_ASSOCIATION, _eip_association())
    if "endpoint" in options:
        template.add_output(_endpoint(options))


_PORT = {
    "oneOf": [
        {"type": "integer", "minimum": 1, "maximum": 65535},
        {"type": "string", "pattern": "^[0-9]{1,5}-[0-9]{1,5}$"},
    ]
}
GROUP = Group(
    name="ecs",
    label=LABEL,
    apply=apply,
    requires=("network",),
    excludes=("cluster",),
    options={
        "instance_type": {"type": "string", "pattern": "^ecs\\.[a-z0-9-]+\\.[a-z0-9]+$"},
        "image": {
            "oneOf": [
                {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["artifact"],
                    "properties": {"artifact": {"type": "string", "minLength": 1}},
                },
                {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["id"],
                    "properties": {"id": {"type": "string", "minLength": 1}},
                },
            ]
        },
        "count": {"type": "integer", "minimum": 1, "maximum": 100},
        "max_count": {"type": "integer", "minimum": 1, "maximum": 100},
        "system_disk": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "category": {"enum": list(DISK_CATEGORIES)},
                "size": {"type": "integer", "minimum": 40, "maximum": 500},
            },
        },
        "public_ip": {"enum": ["bandwidth", "eip", "none"]},
        "bandwidth": {"type": "integer", "minimum": 1, "maximum": 100},
        "ports": {"type": "array", "uniqueItems": True, "items": _PORT},
        "endpoint": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "scheme": {"enum": ["http", "https"]},
                "port": {"type": "integer", "minimum": 1, "maximum": 65535},
                "path": {"type": "string", "pattern": "^/[^\\s]*$"},
            },
        },
    },
)
