"""config.yaml in the layout computenest-cli reads (Service, Artifact, HelmChartBuilder)."""

from __future__ import annotations

from typing import Any

from nestgen.package.guide import GUIDE_PATHS
from nestgen.spec.model import Artifact, Operation, Spec

LOGO = "resources/icons/service_logo.png"
TEMPLATES_DIR = "ros_templates"
CHARTS_DIR = "resources/artifact_resources/helm_chart"  # where a packaged chart would lie
HELM_REPO_BUILD = "HelmRepo"  # computenest-cli's builder type: pull the chart from a Helm repo


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
        config["HelmChartBuilder"] = {
            f"HelmChart_{i}": _chart_builder(a) for i, a in enumerate(spec.artifacts, 1)
        }
    return config


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
        {
            "Locale": i.locale,
            "Name": i.name,
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
    if spec.artifacts:
        relation = {
            a.placeholder: {
                "ArtifactId": "${Artifact." + artifact_id(i) + ".ArtifactId}",
                "ArtifactVersion": "${Artifact." + artifact_id(i) + ".ArtifactVersion}",
            }
            for i, a in enumerate(spec.artifacts, 1)
        }
        metadata["SupplierDeployMetadata"] = {"HelmChartArtifactRelation": relation}
    metadata["TemplateConfigs"] = [
        {"Name": t.name, "Url": f"{templates_dir}/{t.file}", "AllowedRegions": list(t.regions)}
        for t in spec.templates
    ]
    return metadata


def _artifact(spec: Spec, artifact: Artifact, index: int) -> dict[str, Any]:
    return {
        "ArtifactType": "HelmChart",
        "ArtifactName": f"{_artifact_stem(spec, artifact)}-helm-chart",
        "ArtifactProperty": {
            "RepoName": "${HelmChartBuilder.HelmChart_" + str(index) + ".RepoName}",
            "Tag": "${HelmChartBuilder.HelmChart_" + str(index) + ".Tag}",
            "RepoType": "Public",
        },
    }


def _artifact_stem(spec: Spec, artifact: Artifact) -> str:
    """``<service>`` or ``<service>-<key>``: unique per service, not repetitive."""
    return spec.name if artifact.key == spec.name else f"{spec.name}-{artifact.key}"


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
