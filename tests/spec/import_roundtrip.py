"""The `nestgen import` round-trip measure: import a package, build the spec, compare.

What is compared, per template: every parameter's behaviour (each property but the texts
Label, Description, ConstraintDescription, Placeholder), the parameters' texts, Conditions,
Mappings, Resources, Outputs, Metadata, Description, and top-level sections the spec cannot
carry (Rules, Locals, Transform, Workspace).  Per config: RegionId, ServiceType, the
templates' names and AllowedRegions, ServiceInfo (locale, name, short description), the
modify-parameters operations and the HelmChart/File/AcrImage artifacts (placeholder, chart
and tag, image, region; not the file names, which nestgen derives from the content).  EcsImage
artifacts and other config fields are counted apart (`not_carried`), not in "identical".
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from nestgen import yamlio
from nestgen.package.render import render_package
from nestgen.publish.package import find_config, service_infos
from nestgen.spec import load_spec
from nestgen.spec.import_artifacts import import_artifacts
from nestgen.spec.importer import import_package, write_spec

TEXT = ("Label", "Description", "ConstraintDescription", "Placeholder")
SECTIONS = ("Conditions", "Mappings", "Locals", "Resources", "Outputs", "Metadata", "Description")
UNCARRIED_TOP = ("Rules", "Transform", "Workspace")
CONFIG_CARRIED = {"RegionId", "ServiceType", "ServiceInfo", "DeployType"}
DEPLOY_CARRIED = {"TemplateConfigs", "SupplierDeployMetadata"}
CARRIED_RELATIONS = {
    "HelmChartArtifactRelation",
    "FileArtifactRelation",
    "AcrImageArtifactRelation",
}


def _split(parameters: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(behaviour, texts) of every parameter."""
    behaviour, texts = {}, {}
    for name, body in (parameters or {}).items():
        body = body if isinstance(body, dict) else {"": body}
        behaviour[name] = {k: v for k, v in body.items() if k not in TEXT}
        texts[name] = {k: v for k, v in body.items() if k in TEXT}
    return behaviour, texts


def _artifacts(config: dict[str, Any], folder: Path) -> list[dict[str, Any]]:
    found = import_artifacts(config, folder, folder).artifacts
    return [{k: v for k, v in a.items() if k != "path"} for a in found]


def config_fields(config: dict[str, Any], folder: Path) -> dict[str, Any]:
    """The config fields a spec carries, in comparable form."""
    service = config.get("Service") or {}
    deploy = service.get("DeployMetadata") or {}
    operations = (service.get("OperationMetadata") or {}).get("ModifyParametersConfig") or []
    return {
        "RegionId": service.get("RegionId", "cn-hangzhou"),
        "ServiceType": service.get("ServiceType", "private"),
        "TemplateConfigs": [
            (c.get("Name"), tuple(c.get("AllowedRegions") or ()))
            for c in deploy.get("TemplateConfigs") or []
        ],
        "ServiceInfo": sorted(
            (i.get("Locale"), i.get("Name"), i.get("ShortDescription"))
            for i in service_infos(service)
        ),
        "ModifyParametersConfig": [
            (e.get("TemplateName"), o.get("Name"), tuple(o.get("Parameters") or ()))
            for e in operations
            for o in e.get("Operation") or []
        ],
        "Artifacts": _artifacts(config, folder),
    }


def not_carried(config: dict[str, Any]) -> list[str]:
    """Config fields of the package that the measure does not compare (and a spec lacks)."""
    service = config.get("Service") or {}
    deploy = service.get("DeployMetadata") or {}
    supplier = deploy.get("SupplierDeployMetadata") or {}
    found = [f"Service.{k}" for k in service if k not in CONFIG_CARRIED | {"DeployMetadata",
             "OperationMetadata"}]  # fmt: skip
    found += [f"DeployMetadata.{k}" for k in deploy if k not in DEPLOY_CARRIED]
    found += [f"SupplierDeployMetadata.{k}" for k in supplier if k not in CARRIED_RELATIONS]
    found += [k for k in config if k == "ImageBuilder"]
    return found


def stage(folder: Path, tmp: Path) -> Path:
    """A writable copy of ``folder`` (the corpus is read-only)."""
    copy = tmp / "pkg" / folder.name
    if copy.exists():
        shutil.rmtree(copy)
    shutil.copytree(folder, copy)
    return copy


def round_trip(folder: Path, tmp: Path, groups: bool = True) -> tuple[list[str], dict[str, Any]]:
    """Why the rebuilt package differs from the original ([] when identical), and the spec.

    The corpus holds no artifact files: an empty stand-in is written for each one the
    config names, so that the build can run (their content is not compared).
    """
    package = stage(folder, tmp)
    spec_path = tmp / f"{folder.name}.yaml"
    imported = import_package(package, spec_path.parent, groups=groups)
    for missing in imported.missing_files:
        missing.parent.mkdir(parents=True, exist_ok=True)
        missing.write_bytes(b"")
    write_spec(imported, spec_path)
    files = render_package(load_spec(spec_path))
    config_path = find_config(package)
    original = yamlio.load_file(config_path).data
    reasons = []
    urls = {
        c["Name"]: c.get("Url") for c in original["Service"]["DeployMetadata"]["TemplateConfigs"]
    }
    for template in imported.spec["templates"]:
        before = yamlio.load_file(config_path.parent / urls[template["name"]]).data
        after = yamlio.loads(files[f"ros_templates/{template['file']}"]).data
        ours, theirs = _split(after.get("Parameters")), _split(before.get("Parameters"))
        if ours[0] != theirs[0]:
            reasons.append("template Parameters (behaviour)")
        if ours[1] != theirs[1]:
            reasons.append("template Parameters (texts)")
        for section in SECTIONS:
            if (before.get(section) or {}) != (after.get(section) or {}):
                reasons.append(f"template {section}")
        reasons += [f"template {k} (not carried)" for k in UNCARRIED_TOP if k in before]
    built = yamlio.loads(files["config.yaml"]).data
    ours_c, theirs_c = config_fields(built, package), config_fields(original, config_path.parent)
    reasons += [f"config {key}" for key in ours_c if ours_c[key] != theirs_c[key]]
    return reasons, imported.spec
