"""`nestgen import` of a package made here (no corpus needed): every part comes back."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from import_roundtrip import round_trip

from nestgen import yamlio
from nestgen.ros.build import compose
from nestgen.ros.groups import BuildContext
from nestgen.ros.model import Text
from nestgen.ros.values import plain

CONFIG = """\
Service:
  RegionId: cn-hangzhou
  DeployType: ros
  ApprovalType: Manual
  OperationMetadata:
    ModifyParametersConfig:
      - TemplateName: Single
        Operation:
          - {Name: Resize, Description: Change the zone, Type: Custom, Parameters: [ZoneId]}
  DeployMetadata:
    ServiceInstanceNameRule: {Prefix: demo-}
    SupplierDeployMetadata:
      ArtifactRelation:
        centos_7:
          ArtifactId: ${Artifact.Artifact_1.ArtifactId}
          ArtifactVersion: ${Artifact.Artifact_1.ArtifactVersion}
      FileArtifactRelation:
        '{{ computenest::file::seed }}':
          ArtifactId: ${Artifact.Artifact_2.ArtifactId}
          ArtifactVersion: ${Artifact.Artifact_2.ArtifactVersion}
        '{{ computenest::file::tool }}':
          ArtifactId: artifact-0a1b2c
          ArtifactVersion: draft
    TemplateConfigs:
      - Name: Single
        Url: ros_templates/single.yaml
        AllowedRegions: [cn-hangzhou]
        ArchitectureDiagramUrl: docs/arch.png
  ServiceType: private
  ServiceInfo:
    - Locale: zh-CN
      Name: 演示
      ShortDescription: 演示服务
      Image: resources/icons/service_logo.png
      Softwares: [{Name: Demo, Version: '1'}]
Artifact:
  Artifact_1:
    ArtifactType: EcsImage
    ArtifactName: demo-image
    ArtifactProperty: {RegionId: cn-hangzhou, ImageId: centos_7}
  Artifact_2:
    ArtifactType: File
    ArtifactName: demo-seed
    Description: Seed data
    ArtifactProperty: {RegionId: cn-hangzhou, Url: resources/seed.tar}
"""


REPO = Path(__file__).resolve().parents[2]


def _template() -> dict:
    """nestgen's billing and network parameters, one label changed, plus resources of its own."""
    built = plain(compose(Text("Demo", "演示"), {"billing": {}, "network": {}}, BuildContext())
                  .to_dict())  # fmt: skip
    built["Parameters"]["PayType"]["Label"] = {"en": "Charge type", "zh-cn": "付费方式"}
    del built["Parameters"]["PayPeriodYears"]
    del built["Conditions"]["PayByYearCondition"]
    built["Resources"]["Seed"] = {
        "Type": "ALIYUN::ECS::RunCommand",
        "Properties": {
            "InstanceIds": ["i-1"],
            "Type": "RunShellScript",
            "CommandContent": "curl -o /tmp/s '{{ computenest::file::seed }}' "
            "# {{ computenest::file::tool }}",
        },
    }
    built["Parameters"]["Image"] = {
        "Type": "String",
        "Label": {"en": "Image"},
        "Default": "centos_7",
    }
    return built


def _nestgen(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "nestgen", *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, check=False)


@pytest.fixture()
def package(tmp_path: Path) -> Path:
    root = tmp_path / "owner+demo"
    (root / ".computenest" / "ros_templates").mkdir(parents=True)
    (root / ".computenest" / "resources" / "icons").mkdir(parents=True)
    (root / ".computenest" / "docs").mkdir()
    (root / ".computenest" / "config.yaml").write_text(CONFIG, encoding="utf-8")
    template = yamlio.dumps(_template())
    (root / ".computenest" / "ros_templates" / "single.yaml").write_text(template, encoding="utf-8")
    (root / ".computenest" / "resources" / "seed.tar").write_bytes(b"seed")
    (root / ".computenest" / "resources" / "icons" / "service_logo.png").write_bytes(
        (REPO / "nestgen" / "data" / "service_logo.png").read_bytes()
    )
    (root / ".computenest" / "docs" / "arch.png").write_bytes(b"png")
    return root


def test_a_package_round_trips_with_groups_artifacts_config_and_files(package, tmp_path):
    reasons, spec = round_trip(package, tmp_path)
    assert reasons == []
    template = spec["templates"][0]
    assert template["groups"] == ["billing", "network"]
    patch = template["ros"]["patch"]
    assert patch["parameters"]["PayType"]["Label"] == {"en": "Charge type", "zh-cn": "付费方式"}
    assert patch["parameters"]["PayPeriodYears"] is None
    assert set(template["ros"]["resources"]) == {"Seed"}
    artifacts = {a["key"]: a for a in spec["artifacts"]}
    assert artifacts["seed"]["type"] == "file" and artifacts["seed"]["path"].endswith("seed.tar")
    assert artifacts["tool"] == {
        "key": "tool", "type": "file", "artifact_id": "artifact-0a1b2c", "artifact_version": "draft"
    }  # fmt: skip
    config = spec["config"]
    assert config["Service"]["ApprovalType"] == "Manual"
    # the EcsImage artifact stays raw, renamed away from nestgen's Artifact_1, references too
    assert config["Artifact"]["Artifact_1_Imported"]["ArtifactType"] == "EcsImage"
    relation = config["Service"]["DeployMetadata"]["SupplierDeployMetadata"]["ArtifactRelation"]
    assert relation["centos_7"]["ArtifactId"] == "${Artifact.Artifact_1_Imported.ArtifactId}"
    assert config["Artifact"]["Artifact_1"] == {"Description": "Seed data"}  # the File's rest
    assert spec["files"] == {"docs/arch.png": "pkg/owner+demo/.computenest/docs/arch.png"}
    assert spec["service"]["logo"].endswith("resources/icons/service_logo.png")
    assert spec["operations"][0]["parameters"] == ["ZoneId"]


def test_no_groups_gives_raw_ros_that_round_trips_too(package, tmp_path):
    reasons, spec = round_trip(package, tmp_path, groups=False)
    assert reasons == []
    assert spec["templates"][0]["groups"] == [] and "patch" not in spec["templates"][0]["ros"]


def test_cli_writes_the_spec_and_lists_notes_and_lint(package, tmp_path):
    out = tmp_path / "spec" / "demo.yaml"
    out.parent.mkdir()
    result = _nestgen("import", str(package), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "EcsImage artifacts" in result.stderr and "lint of the package:" in result.stderr
    spec = yamlio.load_file(out).data
    assert spec["artifacts"][0]["path"] == "../owner+demo/.computenest/resources/seed.tar"


def test_cli_on_a_folder_that_is_no_package_exits_2(tmp_path):
    result = _nestgen("import", str(tmp_path))
    assert result.returncode == 2
    assert "no config.yaml" in result.stderr
