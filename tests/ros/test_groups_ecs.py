"""The ECS groups: network and billing without a cluster, instances, start-up."""

from __future__ import annotations

import re

import pytest

from nestgen.errors import InputError
from nestgen.ros.build import compose
from nestgen.ros.groups import BuildContext
from nestgen.ros.groups.startup import command_script, escape_sub
from nestgen.ros.model import Text

ECS = {"billing": {}, "network": {}, "ecs": {"ports": [80, "8000-8010"]}}
COMPOSE = "services:\n  web:\n    image: nginx\n    environment: {A: '${A}'}\n"


def _template(groups, startup_file=""):
    context = BuildContext(startup_file=startup_file)
    return compose(Text("d", "描述"), groups, context).to_dict()


def test_network_without_a_cluster_has_only_vpc_parameters_always_shown():
    template = _template(ECS)
    parameters = template["Parameters"]
    assert "AckNetworkPlugin" not in parameters and "PodCidr" not in parameters
    assert parameters["ZoneId"]["AssociationProperty"] == "ALIYUN::ECS::Instance::ZoneId"
    assert "Visible" not in parameters["ZoneId"].get("AssociationPropertyMetadata", {})
    visible = parameters["VpcId"]["AssociationPropertyMetadata"]["Visible"]["Condition"]
    assert visible == {"Fn::Equals": ["${VpcOption}", "ExistingVPC"]}
    module = template["Resources"]["VpcModule"]
    assert "Condition" not in module and module["Type"].endswith("::VpcAndVSwitch")
    assert list(template["Conditions"]) == ["PayByYearCondition"]  # billing's, not network's


def test_billing_without_a_cluster_is_shown_and_feeds_the_instances():
    template = _template(ECS)
    parameters = template["Parameters"]
    assert "Visible" not in parameters["PayType"]["AssociationPropertyMetadata"]
    period = parameters["PayPeriod"]["AssociationPropertyMetadata"]["Visible"]["Condition"]
    assert period == {
        "Fn::And": [
            {"Fn::Equals": ["${PayType}", "PrePaid"]},
            {"Fn::Equals": ["${PayPeriodUnit}", "Month"]},
        ]
    }
    group = template["Resources"]["EcsInstanceGroup"]["Properties"]
    assert group["InstanceChargeType"] == {"Ref": "PayType"}
    assert group["PeriodUnit"] == {"Ref": "PayPeriodUnit"}
    assert group["Period"] == {
        "Fn::If": ["PayByYearCondition", {"Ref": "PayPeriodYears"}, {"Ref": "PayPeriod"}]
    }
    meta = parameters["InstanceType"]["AssociationPropertyMetadata"]
    assert meta == {"ZoneId": "${ZoneId}", "InstanceChargeType": "${PayType}"}


def test_instances_security_group_and_password():
    template = _template(ECS)
    resources, parameters = template["Resources"], template["Parameters"]
    group = resources["EcsInstanceGroup"]
    assert group["Type"] == "ALIYUN::ECS::InstanceGroup"
    props = group["Properties"]
    assert props["VSwitchId"] == {"Fn::GetAtt": ["VpcModule", "VSwitchId"]}
    assert props["SecurityGroupId"] == {"Ref": "EcsSecurityGroup"}
    assert props["ImageId"].startswith("{{resolve:oos:")
    assert props["MaxAmount"] == 1
    assert props["InternetMaxBandwidthOut"] == {"Ref": "InternetMaxBandwidthOut"}
    ingress = resources["EcsSecurityGroup"]["Properties"]["SecurityGroupIngress"]
    assert [rule["PortRange"] for rule in ingress] == ["80/80", "8000/8010"]
    password = parameters["InstancePassword"]
    assert password["NoEcho"] is True and password["Confirm"] is True
    assert "Default" not in password
    disk = parameters["SystemDiskCategory"]
    assert disk["AssociationProperty"] == "ALIYUN::ECS::Disk::SystemDiskCategory"
    assert disk["AssociationPropertyMetadata"]["InstanceType"] == "${InstanceType}"


def test_without_billing_the_instances_have_no_charge_type():
    template = _template({"network": {}, "ecs": {}})
    assert "InstanceChargeType" not in template["Resources"]["EcsInstanceGroup"]["Properties"]
    meta = template["Parameters"]["InstanceType"]["AssociationPropertyMetadata"]
    assert meta == {"ZoneId": "${ZoneId}"}


def test_image_count_eip_and_endpoint_options():
    options = {
        "image": {"artifact": "app-image"},
        "count": 2,
        "max_count": 5,
        "public_ip": "eip",
        "endpoint": {"port": 8080, "path": "/ui"},
    }
    template = _template({"network": {}, "ecs": options})
    props = template["Resources"]["EcsInstanceGroup"]["Properties"]
    assert props["ImageId"] == "{{ computenest::ecsimage::app-image }}"
    assert props["MaxAmount"] == {"Ref": "InstanceCount"}
    assert props["InternetMaxBandwidthOut"] == 0
    count = template["Parameters"]["InstanceCount"]
    assert (count["Default"], count["MinValue"], count["MaxValue"]) == (2, 1, 5)
    assert template["Resources"]["EcsEip"]["Type"] == "ALIYUN::VPC::EIP"
    assert template["Resources"]["EcsEipAssociation"]["Properties"]["AllocationId"] == {
        "Ref": "EcsEip"
    }
    value = template["Outputs"]["Endpoint"]["Value"]["Fn::Sub"]
    assert value == [
        "http://${Address}:8080/ui",
        {"Address": {"Fn::GetAtt": ["EcsEip", "EipAddress"]}},
    ]


def test_no_public_ip_uses_the_private_address():
    template = _template({"network": {}, "ecs": {"public_ip": "none", "endpoint": {}}})
    assert "InternetMaxBandwidthOut" not in template["Parameters"]
    address = template["Outputs"]["Endpoint"]["Value"]["Fn::Sub"][1]["Address"]
    assert address == {"Fn::Select": [0, {"Fn::GetAtt": ["EcsInstanceGroup", "PrivateIps"]}]}


def test_startup_runs_compose_and_waits_for_the_signal():
    options = {"compose": "c.yaml", "env": {"A": {"Ref": "AppSetting"}}, "wait_port": 80}
    template = _template({"network": {}, "ecs": {"max_count": 3}, "startup": options}, COMPOSE)
    resources = template["Resources"]
    wait = resources["ApplicationWaitCondition"]
    assert wait["Type"] == "ALIYUN::ROS::WaitCondition"
    assert wait["Properties"]["Count"] == {"Ref": "InstanceCount"}  # one signal per instance
    assert wait["Properties"]["Handle"] == {"Ref": "ApplicationWaitConditionHandle"}
    command = resources["InstallApplication"]
    assert command["Type"] == "ALIYUN::ECS::RunCommand"
    assert command["Properties"]["InstanceIds"] == {
        "Fn::GetAtt": ["EcsInstanceGroup", "InstanceIds"]
    }
    script, variables = command["Properties"]["CommandContent"]["Fn::Sub"]
    assert "environment: {A: '${!A}'}" in script  # the compose file's ${A} is not Sub's
    assert "docker compose -f docker-compose.yaml up -d" in script
    assert "http://127.0.0.1:80/" in script
    assert "notify SUCCESS" in script and "notify FAILURE" in script
    assert variables["CurlCli"] == {"Fn::GetAtt": ["ApplicationWaitConditionHandle", "CurlCli"]}
    assert variables["EnvA"] == {"Fn::Base64Encode": {"Ref": "AppSetting"}}
    assert "export A=\"$(echo '${EnvA}' | base64 -d)\"" in script


def test_startup_script_mode_and_bad_delimiter():
    context = BuildContext(startup_file="echo hi")
    script = command_script(context, {"script": "s.sh"})
    assert "cat > start.sh" in script and "bash ./start.sh" in script
    with pytest.raises(InputError, match="NESTGEN_EOF"):
        command_script(BuildContext(startup_file="x\nNESTGEN_EOF\n"), {"script": "s.sh"})


def test_escape_sub_keeps_text_literal():
    assert escape_sub("${A} $B") == "${!A} $B"


def test_ecs_and_cluster_exclude_each_other():
    groups = {"cluster": {}, "network": {}, "workers": {}, "password": {}, "ecs": {}}
    with pytest.raises(InputError, match="cannot be combined"):
        _template(groups)


def test_database_group_postgresql_without_billing():
    options = {"engine": "PostgreSQL", "database": "sales", "storage": 100}
    template = _template({"network": {}, "ecs": {}, "database": options})
    props = template["Resources"]["Database"]["Properties"]
    assert (props["Engine"], props["EngineVersion"]) == ("PostgreSQL", "16.0")
    schema = template["Resources"]["DatabaseSchema"]["Properties"]
    assert schema["CharacterSetName"] == "UTF8"
    assert "PayType" not in props
    parameters = template["Parameters"]
    assert parameters["DBName"]["Default"] == "sales"
    assert parameters["DBInstanceStorage"]["Default"] == 100
    assert (
        parameters["DBPassword"]["AssociationProperty"] == "ALIYUN::RDS::Instance::AccountPassword"
    )
    with pytest.raises(InputError, match="needs group 'ecs'"):
        _template({"network": {}, "database": {}})


@pytest.mark.parametrize(
    ("password", "ok"),
    [("Abcdefg1", True), ("abcdef1!", True), ("abcdefgh", False), ("Abc12345~", False),
     ("Ab1!" * 8, True), ("Ab1!" * 8 + "x", False)],
)  # fmt: skip
def test_database_password_follows_the_rds_account_rule(password, ok):
    pattern = _template({"network": {}, "ecs": {}, "database": {}})["Parameters"]["DBPassword"]
    assert bool(re.match(pattern["AllowedPattern"], password)) is ok
