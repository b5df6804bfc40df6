"""The docker-compose-on-ECS example builds, lints clean and its defaults pass params check."""

from __future__ import annotations

from pathlib import Path

import pytest

from nestgen import yamlio
from nestgen.package import build_package, render_package
from nestgen.package.config import render_config
from nestgen.params import check_parameters
from nestgen.spec import load_spec

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "compose-ecs" / "compose-ecs.yaml"
RDS_EXAMPLE = REPO / "examples" / "compose-rds" / "compose-rds.yaml"


def test_compose_example_builds_and_lints_clean(tmp_path):
    spec = load_spec(EXAMPLE)
    files = build_package(spec, tmp_path / "pkg")  # the build gate lints the package
    assert "ros_templates/template.yaml" in files
    template = yamlio.load_file(tmp_path / "pkg" / "ros_templates" / "template.yaml").data
    resources = template["Resources"]
    assert resources["EcsInstanceGroup"]["Type"] == "ALIYUN::ECS::InstanceGroup"
    assert resources["InstallApplication"]["Type"] == "ALIYUN::ECS::RunCommand"
    assert resources["ApplicationWaitCondition"]["Type"] == "ALIYUN::ROS::WaitCondition"
    assert "AckOrAcsClusterModule" not in resources
    script = resources["InstallApplication"]["Properties"]["CommandContent"]["Fn::Sub"][0]
    compose = (EXAMPLE.parent / "docker-compose.yaml").read_text(encoding="utf-8")
    assert compose.replace("${", "${!") in script
    assert "Endpoint" in template["Outputs"]


@pytest.mark.parametrize(
    ("example", "secrets"),
    [(EXAMPLE, {"InstancePassword"}), (RDS_EXAMPLE, {"InstancePassword", "DBPassword"})],
    ids=["compose", "rds"],
)
def test_example_defaults_pass_params_check(example, secrets):
    template = yamlio.loads(render_package(load_spec(example))["ros_templates/template.yaml"])
    # only the values without a default: a zone and the passwords
    values = {"ZoneId": "cn-hangzhou-h"} | {name: "Example-Passw0rd" for name in secrets}
    errors = [p for p in check_parameters(template.data, values) if p.severity == "error"]
    assert errors == []
    missing = {p.parameter for p in check_parameters(template.data, {}) if p.severity == "error"}
    assert missing == {"ZoneId", *secrets}


def test_rds_example_builds_with_the_database_wired_in(tmp_path):
    build_package(load_spec(RDS_EXAMPLE), tmp_path / "pkg")
    template = yamlio.load_file(tmp_path / "pkg" / "ros_templates" / "template.yaml").data
    database = template["Resources"]["Database"]
    assert database["Type"] == "ALIYUN::RDS::DBInstance"
    props = database["Properties"]
    assert props["VSwitchId"] == {"Fn::GetAtt": ["VpcModule", "VSwitchId"]}
    assert props["SecurityIPList"] == {
        "Fn::Join": [",", {"Fn::GetAtt": ["EcsInstanceGroup", "PrivateIps"]}]
    }
    assert props["PayType"] == {"Ref": "PayType"}
    resources = template["Resources"]
    assert resources["DatabaseSchema"]["Properties"]["CharacterSetName"] == "utf8mb4"
    privilege = resources["DatabaseAccountPrivilege"]["Properties"]
    assert privilege["AccountName"] == {"Ref": "DatabaseAccount"}
    assert privilege["AccountPrivilege"] == "ReadWrite"
    password = template["Parameters"]["DBPassword"]
    assert password["NoEcho"] is True and "Default" not in password
    meta = template["Parameters"]["DBInstanceClass"]["AssociationPropertyMetadata"]
    assert meta["Engine"] == "MySQL" and meta["ZoneId"] == "${ZoneId}"
    variables = template["Resources"]["InstallApplication"]["Properties"]["CommandContent"][
        "Fn::Sub"
    ][1]
    assert variables["EnvDB_PASSWORD"] == {"Fn::Base64Encode": {"Ref": "DBPassword"}}
    assert "DatabaseAddress" in template["Outputs"]


def test_ecs_artifacts_in_config(tmp_path):
    spec_text = EXAMPLE.read_text(encoding="utf-8").replace(
        "templates:\n",
        "artifacts:\n"
        "  - {key: app-image, type: ecsimage, image_id: m-abc, region: cn-hangzhou}\n"
        "  - {key: kuma, type: acrimage, image: 'louislam/uptime-kuma:1'}\n"
        "  - {key: data, type: file, path: docker-compose.yaml}\n"
        "templates:\n",
        1,
    )
    spec_path = tmp_path / "spec.yaml"
    spec_path.write_text(
        spec_text.replace("ports: [80]", "ports: [80]\n          image: {artifact: app-image}"),
        encoding="utf-8",
    )
    compose = "services: {kuma: {image: '{{ computenest::acrimage::kuma }}'}}\n"
    compose += "# seed: {{ computenest::file::data }}\n"
    (tmp_path / "docker-compose.yaml").write_text(compose, encoding="utf-8")
    config = render_config(load_spec(spec_path))
    supplier = config["Service"]["DeployMetadata"]["SupplierDeployMetadata"]
    assert list(supplier) == [
        "ArtifactRelation",
        "FileArtifactRelation",
        "AcrImageArtifactRelation",
    ]
    assert "{{ computenest::ecsimage::app-image }}" in supplier["ArtifactRelation"]
    image = config["Artifact"]["Artifact_1"]
    assert image["ArtifactType"] == "EcsImage"
    assert image["ArtifactProperty"] == {"RegionId": "cn-hangzhou", "ImageId": "m-abc"}
    assert image["SupportRegionIds"] == ["cn-hangzhou", "cn-shanghai", "cn-beijing"]
    assert config["AcrImageBuilder"]["AcrImage_2"] == {
        "BuildType": "DockerRepo",
        "DockerRepoUrl": "louislam/uptime-kuma:1",
        "RepoName": "louislam/uptime-kuma",
        "Tag": "1",
    }
    url = config["Artifact"]["Artifact_3"]["ArtifactProperty"]["Url"]
    assert url.startswith("resources/artifact_resources/file/") and url.endswith(
        "-docker-compose.yaml"
    )
    files = render_package(load_spec(spec_path))
    assert files[url] == compose.encode("utf-8")
