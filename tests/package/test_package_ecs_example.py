"""The docker-compose-on-ECS example builds, lints clean and its defaults pass params check."""

from __future__ import annotations

from pathlib import Path

from nestgen import yamlio
from nestgen.package import build_package, render_package
from nestgen.package.config import render_config
from nestgen.params import check_parameters
from nestgen.spec import load_spec

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "compose-ecs" / "compose-ecs.yaml"


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


def test_compose_example_defaults_pass_params_check():
    template = yamlio.loads(render_package(load_spec(EXAMPLE))["ros_templates/template.yaml"])
    # only the two values without a default: a zone and the password
    values = {"ZoneId": "cn-hangzhou-h", "InstancePassword": "Example-Passw0rd"}
    errors = [p for p in check_parameters(template.data, values) if p.severity == "error"]
    assert errors == []
    missing = {p.parameter for p in check_parameters(template.data, {}) if p.severity == "error"}
    assert missing == {"ZoneId", "InstancePassword"}


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
