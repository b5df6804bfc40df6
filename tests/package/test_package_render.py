"""The rendered JupyterHub package: layout, config.yaml, template completeness, determinism."""

from __future__ import annotations

import json
import struct
import zlib
from pathlib import Path

from nestgen import yamlio
from nestgen.package import build_package, render_package
from nestgen.package.logo import service_logo_png
from nestgen.package.render import DEFAULT_LOGO
from nestgen.package.validate import validate_package

ISSUE_PARAMETERS = {
    "CsOptions", "ClusterId", "PayType", "PayPeriodUnit", "PayPeriod", "ZoneId", "VpcOption",
    "VpcId", "VSwitchId", "VpcCidrBlock", "VSwitchCidrBlock", "AckNetworkPlugin", "PodCidr",
    "PodVSwitchId", "ServiceCidr", "WorkerInstanceType", "WorkerInstanceCount",
    "WorkerSystemDiskCategory", "WorkerSystemDiskSize", "LoginPassword", "DomainAddress",
    "ChartValues", "EnableEciSpot",
}  # fmt: skip


def _template(files):
    return yamlio.loads(files["ros_templates/template.yaml"]).data


def test_package_layout(embedded_files):
    assert set(embedded_files) == {
        "config.yaml",
        "ros_templates/template.yaml",
        "resources/icons/service_logo.png",
        "docs/parameters.en-US.md",
        "docs/parameters.zh-CN.md",
        "docs/index.md",
        "docs/index.en-US.md",
        "service_test/newack-flannel.yaml",
        "service_test/newack-terway.yaml",
        "service_test/existcs-flannel.yaml",
        "service_test/existcs-terway.yaml",
    }


def test_render_is_deterministic(embedded_spec, embedded_files):
    assert render_package(embedded_spec) == embedded_files


def test_two_builds_are_byte_identical(embedded_spec, tmp_path):
    build_package(embedded_spec, tmp_path / "a")
    build_package(embedded_spec, tmp_path / "b")

    def tree(root: Path) -> dict[str, bytes]:
        return {
            p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()
        }

    assert tree(tmp_path / "a") == tree(tmp_path / "b")
    validate_package(tmp_path / "a")


def test_template_text_form(embedded_files):
    text = embedded_files["ros_templates/template.yaml"].decode("utf-8")
    assert text.startswith("ROSTemplateFormatVersion: '2015-09-01'\n")
    assert "&id" not in text and "*id" not in text  # no YAML anchors or aliases


def test_every_issue_parameter_in_exactly_one_group(embedded_files):
    template = _template(embedded_files)
    assert set(template["Parameters"]) >= ISSUE_PARAMETERS
    groups = template["Metadata"]["ALIYUN::ROS::Interface"]["ParameterGroups"]
    members = [name for group in groups for name in group["Parameters"]]
    assert sorted(members) == sorted(template["Parameters"])


def test_no_noecho_default(embedded_files):
    for name, body in _template(embedded_files)["Parameters"].items():
        if body.get("NoEcho"):
            assert body.get("Default") is None, name


def _texts(node, path=()):
    if isinstance(node, dict):
        if {"en", "zh-cn"} & set(node) and all(isinstance(v, str) for v in node.values()):
            yield path, node
            return
        for key, value in node.items():
            yield from _texts(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _texts(value, (*path, index))


def test_both_locales_everywhere(embedded_files):
    template = _template(embedded_files)
    found = list(_texts(template))
    assert len(found) > 50
    for path, text in found:
        assert set(text) == {"en", "zh-cn"}, path
        assert all(ord(c) < 0x3000 for c in text["en"]), path  # no CJK under en
        assert any(ord(c) >= 0x3000 for c in text["zh-cn"]) or text["zh-cn"] == text["en"], path


def test_both_the_deployer_and_its_main_account_are_admins(embedded_files):
    resources = _template(embedded_files)["Resources"]
    (helm,) = [r for r in resources.values() if r["Type"].endswith("FluxOciHelmDeploy")]
    added = helm["Properties"]["ChartValues"]["Fn::MergeMap"][1]
    admins = added["hub"]["config"]["GenericOAuthenticator"]["admin_users"]
    assert admins == [{"Ref": "ALIYUN::AccountId"}, {"Ref": "ALIYUN::TenantId"}]


def test_chart_values_default_is_the_ack_overlay(embedded_files):
    body = _template(embedded_files)["Parameters"]["ChartValues"]
    values = json.loads(body["Default"])
    # WaitForFirstConsumer, falls back across disk types: not bound to one zone or ESSD stock
    topology = "alicloud-disk-topology-alltype"
    assert values["hub"]["db"]["pvc"]["storageClassName"] == topology
    assert values["singleuser"]["storage"]["dynamic"]["storageClass"] == topology
    # the Swarm notebook dir (/home/jovyan/work) does not exist on a new disk at /home/jovyan
    assert "notebook_dir" not in values["hub"]["config"]["KubeSpawner"]
    assert values["singleuser"]["extraLabels"]["hub.jupyter.org/network-access-hub"] == "true"


def test_oauth_values_are_added_by_the_template(embedded_files):
    deploy = _template(embedded_files)["Resources"]["FluxHelmApplicationModule"]
    added = deploy["Properties"]["ChartValues"]["Fn::MergeMap"][1]
    oauth = added["hub"]["config"]["GenericOAuthenticator"]
    assert oauth["client_id"] == {"Fn::GetAtt": ["OAuthApplication", "AppId"]}
    assert oauth["client_secret"] == {"Fn::GetAtt": ["OAuthSecret", "AppSecretValue"]}


def test_outputs_endpoint_and_hosts_line(embedded_files):
    outputs = _template(embedded_files)["Outputs"]
    assert outputs["Endpoint"]["Value"]["Fn::Sub"][0] == "http://${DomainAddress}"
    line = outputs["HostsEntry"]["Value"]["Fn::Sub"]
    assert line[0] == "${ServerAddress} ${DomainAddress}"
    assert line[1]["ServerAddress"] == {"Fn::GetAtt": ["ClusterApplicationResources", "Response"]}


def test_config_yaml_layout(embedded_files):
    config = yamlio.loads(embedded_files["config.yaml"]).data
    service = config["Service"]
    assert service["DeployType"] == "ros"
    (template,) = service["DeployMetadata"]["TemplateConfigs"]
    assert template["Url"] == "ros_templates/template.yaml"
    assert template["AllowedRegions"]
    relation = service["DeployMetadata"]["SupplierDeployMetadata"]["HelmChartArtifactRelation"]
    assert relation == {
        "{{ computenest::helmchart::jupyterhub }}": {
            "ArtifactId": "${Artifact.Artifact_1.ArtifactId}",
            "ArtifactVersion": "${Artifact.Artifact_1.ArtifactVersion}",
        }
    }
    (modify,) = service["OperationMetadata"]["ModifyParametersConfig"]
    assert modify["TemplateName"] == template["Name"]
    assert modify["Operation"][0]["Parameters"] == ["ChartValues"]
    assert [i["Locale"] for i in service["ServiceInfo"]] == ["zh-CN", "en-US"]
    for info in service["ServiceInfo"]:
        assert info["Name"] and info["ShortDescription"]
        assert info["Image"] == "resources/icons/service_logo.png"
    assert config["Artifact"]["Artifact_1"]["ArtifactType"] == "HelmChart"
    builder = config["HelmChartBuilder"]["HelmChart_1"]
    assert (builder["RepoName"], builder["Tag"]) == ("jupyterhub", "4.0.0")


def _png_pixels(data: bytes) -> tuple[int, int, bytes]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    offset, idat, size = 8, b"", (0, 0)
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind = data[offset + 4 : offset + 8]
        body = data[offset + 8 : offset + 8 + length]
        (crc,) = struct.unpack(">I", data[offset + 8 + length : offset + 12 + length])
        assert crc == zlib.crc32(kind + body) & 0xFFFFFFFF
        if kind == b"IHDR":
            size = struct.unpack(">II", body[:8])
        elif kind == b"IDAT":
            idat += body
        offset += 12 + length
    return size[0], size[1], zlib.decompress(idat)


def test_logo_is_a_valid_png_matching_the_generator(embedded_files):
    logo = embedded_files["resources/icons/service_logo.png"]
    assert logo == DEFAULT_LOGO.read_bytes()
    assert _png_pixels(logo) == _png_pixels(service_logo_png())
    width, height, _ = _png_pixels(logo)
    assert (width, height) == (128, 128)
