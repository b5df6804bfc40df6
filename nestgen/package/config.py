"""config.yaml in the layout computenest-cli reads (Service, Artifact, HelmChartBuilder)."""

from __future__ import annotations

import hashlib
from typing import Any

from nestgen.package.guide import GUIDE_PATHS
from nestgen.spec.model import Artifact, Operation, Spec

LOGO = "resources/icons/service_logo.png"
TEMPLATES_DIR = "ros_templates"
CHARTS_DIR = "resources/artifact_resources/helm_chart"  # where a packaged chart would lie
HELM_REPO_BUILD = "HelmRepo"  # computenest-cli's builder type: pull the chart from a Helm repo
FILES_DIR = "resources/artifact_resources/file"  # copied there by the build
TESTS_DIR = "service_test"  # test cases, in computenest-cli's layout
RELATIONS = {  # SupplierDeployMetadata section per artifact type, in this order
    "helmchart": "HelmChartArtifactRelation",
    "ecsimage": "ArtifactRelation",
    "file": "FileArtifactRelation",
    "acrimage": "AcrImageArtifactRelation",
}
TYPES = {"helmchart": "HelmChart", "ecsimage": "EcsImage", "file": "File", "acrimage": "AcrImage"}


def artifact_id(index: int) -> str:
    """The name of the n-th artifact (1-based) in the Artifact section."""
    return f"Artifact_{index}"


def render_config(spec: Spec, templates_dir: str = TEMPLATES_DIR) -> dict[str, Any]:
    """The whole config.yaml as plain data, keys in a fixed order.

    ``templates_dir`` is where template Urls point, relative to config.yaml.
    """
    config: dict[str, Any] = {"Service": _service(spec, templates_dir)}
    if spec.artifacts:
        config["Artifact"] = {
            artifact_id(i): _artifact(spec, a, i) for i, a in enumerate(spec.artifacts, 1)
        }
    indexed = list(enumerate(spec.artifacts, 1))
    charts = {f"HelmChart_{i}": _chart_builder(a) for i, a in indexed if a.type == "helmchart"}
    images = {f"AcrImage_{i}": _acr_builder(a) for i, a in indexed if a.type == "acrimage"}
    if charts:
        config["HelmChartBuilder"] = charts
    if images:
        config["AcrImageBuilder"] = images
    return config


def file_artifact_path(artifact: Artifact) -> str:
    """Where a File artifact is copied in the package: named by its content's digest."""
    assert artifact.path is not None
    digest = hashlib.sha256(artifact.path.read_bytes()).hexdigest()[:16]
    return f"{FILES_DIR}/{digest}-{artifact.path.name}"


def _regions(spec: Spec) -> list[str]:
    """Every region some template allows, in first-seen order."""
    return list(dict.fromkeys(r for t in spec.templates for r in t.regions))


def _service(spec: Spec, templates_dir: str) -> dict[str, Any]:
    service: dict[str, Any] = {
        "RegionId": spec.service.region,
        "DeployType": spec.service.deploy_type,
    }
    if spec.operations:
        service["OperationMetadata"] = {"ModifyParametersConfig": _operations(spec.operations)}
    service["DeployMetadata"] = _deploy_metadata(spec, templates_dir)
    service["ServiceType"] = spec.service.type
    service["ServiceInfo"] = [
        {"Locale": i.locale}
        | ({"Name": i.name} if i.name else {})
        | {
            "ShortDescription": i.short_description,
            "Image": LOGO,
            "LongDescriptionUrl": GUIDE_PATHS[i.locale],
        }
        for i in spec.service.info
    ]
    return service


def _operations(operations: tuple[Operation, ...]) -> list[dict[str, Any]]:
    by_template: dict[str, list[dict[str, Any]]] = {}
    for op in operations:
        by_template.setdefault(op.template, []).append(
            {
                "Name": op.name,
                "Description": op.description,
                "Type": "Custom",
                "SupportPredefinedParameters": False,
                "EnableLogging": False,
                "Parameters": list(op.parameters),
            }
        )
    return [{"TemplateName": name, "Operation": ops} for name, ops in by_template.items()]


def _deploy_metadata(spec: Spec, templates_dir: str) -> dict[str, Any]:
    metadata: dict[str, Any] = {}
    supplier: dict[str, Any] = {}
    for kind, section in RELATIONS.items():
        relation = {
            a.placeholder: {
                "ArtifactId": "${Artifact." + artifact_id(i) + ".ArtifactId}",
                "ArtifactVersion": "${Artifact." + artifact_id(i) + ".ArtifactVersion}",
            }
            for i, a in enumerate(spec.artifacts, 1)
            if a.type == kind
        }
        if relation:
            supplier[section] = relation
    if supplier:
        metadata["SupplierDeployMetadata"] = supplier
    metadata["TemplateConfigs"] = [
        {"Name": t.name, "Url": f"{templates_dir}/{t.file}"}
        | ({"AllowedRegions": list(t.regions)} if t.regions else {})
        for t in spec.templates
    ]
    return metadata


def _artifact(spec: Spec, artifact: Artifact, index: int) -> dict[str, Any]:
    stem = _artifact_stem(spec, artifact)
    body: dict[str, Any] = {"ArtifactType": TYPES[artifact.type]}
    if artifact.type == "ecsimage":
        body["ArtifactName"] = f"{stem}-ecs-image"
        body["ArtifactProperty"] = {
            "RegionId": artifact.region or spec.service.region,
            "ImageId": artifact.image_id,
        }
        regions = list(artifact.regions) or _regions(spec)
        if regions:
            body["SupportRegionIds"] = regions
    elif artifact.type == "file":
        body["ArtifactName"] = f"{stem}-file"
        body["ArtifactProperty"] = {
            "RegionId": artifact.region or spec.service.region,
            "Url": file_artifact_path(artifact),
        }
    else:
        builder = (
            "HelmChartBuilder.HelmChart_"
            if artifact.type == "helmchart"
            else ("AcrImageBuilder.AcrImage_")
        )
        suffix = "helm-chart" if artifact.type == "helmchart" else "acr-image"
        body["ArtifactName"] = f"{stem}-{suffix}"
        body["ArtifactProperty"] = {
            "RepoName": "${" + builder + str(index) + ".RepoName}",
            "Tag": "${" + builder + str(index) + ".Tag}",
            "RepoType": "Public",
        }
    return body


def _artifact_stem(spec: Spec, artifact: Artifact) -> str:
    """``<service>`` or ``<service>-<key>``: unique per service, not repetitive."""
    return spec.name if artifact.key == spec.name else f"{spec.name}-{artifact.key}"


def _acr_builder(artifact: Artifact) -> dict[str, Any]:
    """computenest-cli's ``DockerRepo`` build: pull ``DockerRepoUrl``, push it as RepoName:Tag.

    A re-hosted image (``images: acr``) pulls its pinned source (``name:tag@sha256:...``).
    """
    name, _, tag = artifact.image.partition(":")
    return {
        "BuildType": "DockerRepo",
        "DockerRepoUrl": artifact.source or artifact.image,
        "RepoName": name,
        "Tag": tag or "latest",
    }


def _chart_builder(artifact: Artifact) -> dict[str, Any]:
    """The chart named by its Helm repository, as computenest-cli's ``HelmRepo`` builds take it.

    The package then needs no archive inside it: computenest-cli pulls ``RepoName`` at ``Tag``
    from ``HelmRepoUrl``, and nestgen fetches the same archive, checked against ``Digest``
    (the spec's lock) when it is known.
    """
    builder: dict[str, Any] = {
        "BuildType": HELM_REPO_BUILD,
        "HelmRepoUrl": artifact.repository,
        "RepoName": artifact.chart,
        "Tag": artifact.version,
    }
    if artifact.digest:
        builder["Digest"] = artifact.digest
    return builder
