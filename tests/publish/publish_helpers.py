"""Small packages in the computenest-cli layout, and running publish against the fake."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import yaml
from fakecloud import FakeCloud, Server

from nestgen.publish.apply import ApplyOptions
from nestgen.publish.plan import Plan
from nestgen.publish.run import PublishOutcome, Target, run_plan, run_publish
from nestgen.publish.source import Source
from nestgen.publish.wait import Progress

TEMPLATE = """\
ROSTemplateFormatVersion: '2015-09-01'
Parameters:
  Replicas:
    Type: Number
    Default: 1
Resources:
  Release:
    Type: ALIYUN::CS::ClusterHelmApplication
    Properties:
      ClusterId: c-demo
      Name: demo
      ChartUrl: '{{ computenest::helmchart::demo }}'
      ChartValues:
        replicas: !Ref Replicas
"""
SPEC = """\
name: demo
service:
  info:
    zh-CN: {name: nestgen-demo, short_description: 演示服务}
    en-US: {name: nestgen-demo, short_description: A demo service}
artifacts:
  - {key: demo, type: helmchart, chart: demo, version: VERSION, repository: 'REPOSITORY'}
templates:
  - name: Demo on ACK
    file: template.yaml
    description: {en: The demo chart on ACK., zh-cn: 在 ACK 上部署演示应用。}
    regions: [cn-hangzhou]
    groups: [cluster, network, workers, password, {helm: {artifact: demo, release: demo}}]
"""
# A package without charts: one VPC (the unit tests' planner and applier, the failure paths).
CHARTLESS_TEMPLATE = """\
ROSTemplateFormatVersion: '2015-09-01'
Parameters:
  Name:
    Type: String
    Default: demo
Resources:
  Vpc:
    Type: ALIYUN::ECS::VPC
    Properties:
      VpcName: !Ref Name
      CidrBlock: 192.168.0.0/16
"""


PLAIN_TEMPLATE = """\
ROSTemplateFormatVersion: '2015-09-01'
Parameters:
  Replicas:
    Type: Number
    Label: Replicas
    Default: 1
Resources:
  Wait:
    Type: ALIYUN::ROS::WaitConditionHandle
Outputs:
  Count:
    Value: !Ref Replicas
"""  # no chart, no artifact: for tests that need no registry
IMAGES_TEMPLATE = """\
ROSTemplateFormatVersion: '2015-09-01'
Parameters:
  InstanceType:
    Type: String
    Default: ecs.g6.large
Resources:
  Server:
    Type: ALIYUN::ECS::InstanceGroup
    Properties:
      ImageId: ecs_image_demo
      InstanceType: !Ref InstanceType
      MaxAmount: 1
      UserData: 'docker run {{ computenest::acrimage::app }}'
"""
REPO = Path(__file__).resolve().parents[2]
ICON = b"\x89PNG\r\n\x1a\n" + b"icon-bytes" * 10


def write_package(
    root: Path,
    *,
    template: str = TEMPLATE,
    chart: str | None = "demo",
    chart_path: str | None = None,
    name: str = "nestgen-demo",
    chart_version: str = "0.1.0",
    app_file: bytes | None = None,
    images: bool = False,
    regions: tuple[str, ...] = ("cn-hangzhou",),
) -> Path:
    """A package with one template, an icon and (optionally) one Helm chart artifact."""
    (root / "ros_templates").mkdir(parents=True, exist_ok=True)
    (root / "resources" / "icons").mkdir(parents=True, exist_ok=True)
    (root / "ros_templates" / "template.yaml").write_text(template)
    (root / "resources" / "icons" / "service_logo.png").write_bytes(ICON)
    deploy: dict[str, Any] = {
        "TemplateConfigs": [
            {
                "Name": "Container cluster",
                "Url": "ros_templates/template.yaml",
                "AllowedRegions": list(regions),
            }
        ]
    }
    config: dict[str, Any] = {
        "Service": {
            "RegionId": "cn-hangzhou",
            "DeployType": "ros",
            "ServiceType": "private",
            "DeployMetadata": deploy,
            "ServiceInfo": [
                {
                    "Locale": "en-US",
                    "Name": name,
                    "ShortDescription": "A demo",
                    "Image": "resources/icons/service_logo.png",
                },
                {
                    "Locale": "zh-CN",
                    "Name": name,
                    "ShortDescription": "演示",
                    "Image": "resources/icons/service_logo.png",
                },
            ],
        }
    }
    if chart:
        deploy["SupplierDeployMetadata"] = {
            "HelmChartArtifactRelation": {
                f"{{{{ computenest::helmchart::{chart} }}}}": {
                    "ArtifactId": "${Artifact.Artifact_1.ArtifactId}",
                    "ArtifactVersion": "${Artifact.Artifact_1.ArtifactVersion}",
                }
            }
        }
        config["Artifact"] = {
            "Artifact_1": {
                "ArtifactType": "HelmChart",
                "ArtifactName": f"{name}-chart",
                "ArtifactProperty": {
                    "RepoName": "${HelmChartBuilder.HelmChart_1.RepoName}",
                    "Tag": "${HelmChartBuilder.HelmChart_1.Tag}",
                    "RepoType": "Public",
                },
            }
        }
        builder: dict[str, Any] = {"RepoName": chart, "Tag": chart_version}
        if chart_path:
            builder["HelmChartPath"] = chart_path
        config["HelmChartBuilder"] = {"HelmChart_1": builder}
    if app_file is not None:
        _add_file_artifact(root, config, app_file)
    if images:
        _add_images(config)
    (root / "config.yaml").write_text(yaml.safe_dump(config, allow_unicode=True))
    return root


def write_spec(folder: Path, repository: str, version: str = "0.1.0") -> Path:
    """A real service spec (``demo.yaml``) whose chart ``demo`` lives in ``repository``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "demo.yaml"
    text = SPEC.replace("VERSION", version).replace("REPOSITORY", repository)
    path.write_text(text, encoding="utf-8")
    return path


def _add_file_artifact(root: Path, config: dict[str, Any], data: bytes) -> None:
    """A File artifact ``app`` (``resources/artifact_resources/app.tar``)."""
    (root / "resources" / "artifact_resources").mkdir(parents=True, exist_ok=True)
    (root / "resources" / "artifact_resources" / "app.tar").write_bytes(data)
    supplier = config["Service"]["DeployMetadata"].setdefault("SupplierDeployMetadata", {})
    supplier["FileArtifactRelation"] = {
        "{{ computenest::file::app }}": {
            "ArtifactId": "${Artifact.Artifact_2.ArtifactId}",
            "ArtifactVersion": "${Artifact.Artifact_2.ArtifactVersion}",
        }
    }
    config.setdefault("Artifact", {})["Artifact_2"] = {
        "ArtifactType": "File",
        "ArtifactName": "nestgen-demo-app",
        "ArtifactProperty": {
            "RegionId": "cn-hangzhou",
            "Url": "resources/artifact_resources/app.tar",
        },
    }


def _add_images(config: dict[str, Any]) -> None:
    """An ECS image, a container image already in Compute Nest's registry, and a script."""
    supplier = config["Service"]["DeployMetadata"].setdefault("SupplierDeployMetadata", {})

    def relation(section: str) -> dict[str, str]:
        return {
            "ArtifactId": "${Artifact." + section + ".ArtifactId}",
            "ArtifactVersion": "${Artifact." + section + ".ArtifactVersion}",
        }

    supplier["ArtifactRelation"] = {
        "ecs_image_demo": relation("Artifact_3"),
        "setup_script": relation("Artifact_5"),
    }
    supplier["AcrImageArtifactRelation"] = {
        "{{ computenest::acrimage::app }}": relation("Artifact_4")
    }
    artifacts = config.setdefault("Artifact", {})
    artifacts["Artifact_3"] = {
        "ArtifactType": "EcsImage",
        "ArtifactName": "nestgen-demo-image",
        "ArtifactProperty": {"RegionId": "cn-hangzhou", "ImageId": "m-demo0001"},
    }
    artifacts["Artifact_4"] = {
        "ArtifactType": "AcrImage",
        "ArtifactName": "nestgen-demo-app-image",
        "ArtifactProperty": {
            "RepoName": "${AcrImageBuilder.AcrImage_1.RepoName}",
            "Tag": "${AcrImageBuilder.AcrImage_1.Tag}",
            "RepoType": "Public",
        },
    }
    artifacts["Artifact_5"] = {
        "ArtifactType": "Script",
        "ArtifactName": "nestgen-demo-setup",
        "ArtifactProperty": {
            "ScriptMetadata": {
                "CommandType": "RunShellScript",
                "Platform": "Linux",
                "Script": "echo hello",
            },
        },
    }
    config["AcrImageBuilder"] = {"AcrImage_1": {"RepoName": "demo/app", "Tag": "1.0"}}


def publish(
    path: Path,
    env: dict[str, str],
    *,
    charts: dict[str, Path] | None = None,
    release: bool = False,
    launch: bool = False,
    force: bool = False,
    timeout: float = 30,
    **source: Any,
) -> PublishOutcome:
    """``nestgen publish --yes`` in-process (``launch`` implies ``release``, as the CLI)."""
    return run_publish(
        Source(path=path, charts=charts or {}, **source),
        Target(region="cn-hangzhou"),
        env,
        lambda _: None,
        options=ApplyOptions(
            release=release or launch, timeout=timeout, launch=launch, force=force
        ),
        confirm=lambda _: True,
        progress=Progress(io.StringIO()),
    )


def plan(
    path: Path,
    env: dict[str, str],
    *,
    charts: dict[str, Path] | None = None,
    service_name: str | None = None,
    **kw: Any,
) -> Plan:
    """``nestgen plan`` in-process."""
    source = Source(path=path, charts=charts or {}, service_name=service_name)
    return run_plan(source, Target(region="cn-hangzhou"), env, lambda _: None, **kw)[0]


def env_for(fake: FakeCloud, server: Server, tmp_path: Path) -> dict[str, str]:
    """The environment that points nestgen at ``server`` with ``fake``'s access key."""
    return {
        "HOME": str(tmp_path / "home"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "ALIBABA_CLOUD_ACCESS_KEY_ID": fake.access_key_id,
        "ALIBABA_CLOUD_ACCESS_KEY_SECRET": fake.access_key_secret,
        "ALIBABA_CLOUD_ECS_METADATA_DISABLED": "true",
        "NESTGEN_COMPUTENEST_ENDPOINT": server.url,
        "NESTGEN_ROS_ENDPOINT": server.url,
        "NESTGEN_OSS_ENDPOINT": server.url,
        "NESTGEN_RETRY_BACKOFF": "0.01",
        "NESTGEN_POLL_INTERVAL": "0.01",
        "NESTGEN_HTTP_TIMEOUT": "1",
    }
