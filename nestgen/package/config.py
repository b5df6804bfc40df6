"""config.yaml in the layout computenest-cli reads (Service, Artifact, HelmChartBuilder)."""

from __future__ import annotations

import hashlib
from typing import Any

from nestgen.package.guide import GUIDE_PATHS
from nestgen.ros.model import Text
from nestgen.spec.model import Artifact, Operation, Spec

LOGO = "resources/icons/service_logo.png"
TEMPLATES_DIR = "ros_templates"
CHARTS_DIR = "resources/artifact_resources/helm_chart"  # a chart archive given by path
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
    indexed = [(i, a) for i, a in enumerate(spec.artifacts, 1) if not a.artifact_id]
    if indexed:  # artifacts that exist already are only named by their relation
        config["Artifact"] = {artifact_id(i): _artifact(spec, a, i) for i, a in indexed}
    charts = {f"HelmChart_{i}": _chart_builder(a) for i, a in indexed if a.type == "helmchart"}
    images = {f"AcrImage_{i}": _acr_builder(a) for i, a in indexed if a.type == "acrimage"}
    if charts:
        config["HelmChartBuilder"] = charts
    if images:
        config["AcrImageBuilder"] = images
    return _merged(config, spec.config)


def _merged(generated: Any, raw: Any) -> Any:
    """``raw`` (the spec's ``config:``) added to ``generated``: mappings merge, a list of as
    many mappings as a generated one merges item by item; the loader refused clashes."""
    if isinstance(generated, list) and isinstance(raw, list):
        return [_merged(g, r) for g, r in zip(generated, raw, strict=True)]
    if not isinstance(generated, dict) or not isinstance(raw, dict):
        return raw
    merged = dict(generated)
    for key, value in raw.items():
        merged[key] = _merged(merged[key], value) if key in merged else value
    return merged


def config_clashes(generated: Any, raw: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The paths where ``raw`` would replace what the spec generates (see :func:`_merged`)."""
    if isinstance(generated, dict) and isinstance(raw, dict):
        return [
            clash
            for key, value in raw.items()
            if key in generated
            for clash in config_clashes(generated[key], value, (*path, key))
        ]
    pairs = list(zip(generated, raw, strict=False)) if isinstance(generated, list) else []
    if (
        isinstance(raw, list)
        and len(generated) == len(raw)
        and all(isinstance(g, dict) and isinstance(r, dict) for g, r in pairs)
    ):
        return [
            clash
            for index, (g, r) in enumerate(pairs)
            for clash in config_clashes(g, r, (*path, index))
        ]
    return [path]


def file_artifact_path(artifact: Artifact) -> str:
    """Where a File artifact (or a chart archive) is copied in the package: named by digest."""
    assert artifact.path is not None
    digest = hashlib.sha256(artifact.path.read_bytes()).hexdigest()[:16]
    folder = CHARTS_DIR if artifact.type == "helmchart" else FILES_DIR
    return f"{folder}/{digest}-{artifact.path.name}"


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
        | ({"ShortDescription": i.short_description} if i.short_description else {})
        | {
            "Image": LOGO,
            "LongDescriptionUrl": GUIDE_PATHS[i.locale],
        }
        for i in spec.service.info
    ]
    translations = locale_configs(spec)
    if translations:
        service["ServiceLocaleConfigs"] = translations
    return service


def locale_configs(spec: Spec) -> list[dict[str, str]]:
    """Template and operation names (and descriptions) per locale, as Compute Nest keeps them.

    Compute Nest stores one text (``OriginalValue``) and shows ``ZhValue`` or ``EnValue`` by
    the console's language; one entry per original text, in the order the spec names them.
    """
    texts: dict[str, Text] = {}
    for template in spec.templates:
        if template.label:
            texts.setdefault(template.name, template.label)
    for op in spec.operations:
        if op.label:
            texts.setdefault(op.name, op.label)
        if op.description_text:
            texts.setdefault(op.description, op.description_text)
    return [
        {"OriginalValue": original, "ZhValue": text.zh, "EnValue": text.en}
        for original, text in texts.items()
    ]


def _operations(operations: tuple[Operation, ...]) -> list[dict[str, Any]]:
    by_template: dict[str, list[dict[str, Any]]] = {}
    for op in operations:
        by_template.setdefault(op.template, []).append(
            {"Name": op.name}
            | ({"Description": op.description} if op.description else {})
            | {
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
            a.placeholder: _relation(a, i)
            for i, a in enumerate(spec.artifacts, 1)
            if a.type == kind
        }
        if relation:
            supplier[section] = relation
    managed = [t for t in spec.templates if t.supplier]
    if managed:  # the supplier's templates carry the Url; TemplateConfigs names them only
        supplier["SupplierTemplateConfigs"] = [
            {"Name": t.name, "Url": f"{templates_dir}/{t.file}"} | _allowed(t.regions)
            for t in managed
        ]
    if supplier:
        metadata["SupplierDeployMetadata"] = supplier
    metadata["TemplateConfigs"] = [
        {"Name": t.name}
        | ({} if t.supplier else {"Url": f"{templates_dir}/{t.file}"})
        | _allowed(t.regions)
        for t in spec.templates
    ]
    return metadata


def _allowed(regions: tuple[str, ...]) -> dict[str, list[str]]:
    return {"AllowedRegions": list(regions)} if regions else {}


def _relation(artifact: Artifact, index: int) -> dict[str, str]:
    """What a relation names: the artifact built as ``Artifact_<index>``, or an existing one."""
    if artifact.artifact_id:
        version = (
            {"ArtifactVersion": artifact.artifact_version} if artifact.artifact_version else {}
        )
        return {"ArtifactId": artifact.artifact_id} | version
    return {
        "ArtifactId": "${Artifact." + artifact_id(index) + ".ArtifactId}",
        "ArtifactVersion": "${Artifact." + artifact_id(index) + ".ArtifactVersion}",
    }


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
    if artifact.path is not None:  # an archive in the package, as computenest-cli reads it
        return {
            "HelmChartPath": file_artifact_path(artifact),
            "RepoName": artifact.chart,
            "Tag": artifact.version,
        }
    builder: dict[str, Any] = {
        "BuildType": HELM_REPO_BUILD,
        "HelmRepoUrl": artifact.repository,
        "RepoName": artifact.chart,
        "Tag": artifact.version,
    }
    if artifact.digest:
        builder["Digest"] = artifact.digest
    return builder
