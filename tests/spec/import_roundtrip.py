"""The `nestgen import` round-trip measure: import a package, build the spec, compare.

What is compared, per template: every parameter's behaviour (each property but the texts
Label, Description, ConstraintDescription, Placeholder), the parameters' texts, Conditions,
Mappings, Locals, Resources, Outputs, Metadata, Description, and top-level sections the spec
cannot carry (Rules, Transform, Workspace).  Per config.yaml: every field (:func:`normalised`:
artifacts reached through their relations, without nestgen's own file paths and names).
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

from nestgen import yamlio
from nestgen.lint import lint_package
from nestgen.package.render import render_package
from nestgen.package.write import write_files
from nestgen.publish.package import find_config
from nestgen.ros.values import plain
from nestgen.spec import load_spec
from nestgen.spec.importer import import_package, write_spec

TEXT = ("Label", "Description", "ConstraintDescription", "Placeholder")
SECTIONS = ("Conditions", "Mappings", "Locals", "Resources", "Outputs", "Metadata", "Description")
UNCARRIED_TOP = ("Rules", "Transform", "Workspace")
_REF = re.compile(r"^\$\{(Artifact|HelmChartBuilder|AcrImageBuilder)\.([^.}]+)\.([A-Za-z]+)\}$")
# nestgen's own paths and names: the files are compared as templates, not by where they lie
UNCOMPARED = {"Url", "HelmChartPath", "ArtifactName", "Image", "LongDescriptionUrl"}
OPERATION_DEFAULTS = {
    "Type": "Custom",
    "SupportPredefinedParameters": False,
    "EnableLogging": False,
}
_SPACES = re.compile(r"(?<=\{\{)\s+|\s+(?=\}\})")
ARTIFACT_SECTIONS = ("Artifact", "HelmChartBuilder", "AcrImageBuilder")


def _split(parameters: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(behaviour, texts) of every parameter."""
    behaviour, texts = {}, {}
    for name, body in (parameters or {}).items():
        body = body if isinstance(body, dict) else {"": body}
        behaviour[name] = {k: v for k, v in body.items() if k not in TEXT}
        texts[name] = {k: v for k, v in body.items() if k in TEXT}
    return behaviour, texts


def _resolve(value: Any, config: dict[str, Any]) -> Any:
    """``value`` with every ``${Artifact.X.Field}`` reference replaced by what it names."""
    if isinstance(value, str):
        match = _REF.match(value)
        if not match:
            return value
        section, name, attribute = match.groups()
        target = (config.get(section) or {}).get(name)
        if not isinstance(target, dict):
            return value
        if section == "Artifact":  # an artifact's id stands for the whole artifact
            return _resolve(target, config)
        return target.get(attribute, value)
    if isinstance(value, dict):  # placeholders with or without inner spaces; {} as absent
        resolved = {_SPACES.sub("", k): _resolve(v, config) for k, v in value.items()
                    if k not in UNCOMPARED}  # fmt: skip
        return {k: v for k, v in resolved.items() if v != {}}
    if isinstance(value, list):
        return [_resolve(v, config) for v in value]
    return value


def normalised(config: dict[str, Any]) -> dict[str, Any]:
    """config.yaml as the measure compares it: artifacts reached through their relations
    (so their numbering does not matter), without nestgen's own paths and artifact names,
    ServiceInfo entries by locale, an operation's absent flags at their defaults."""
    service = _resolve(config.get("Service") or {}, config)
    info = service.get("ServiceInfo")
    if info is not None:
        infos = info if isinstance(info, list) else [info]
        service["ServiceInfo"] = sorted(infos, key=lambda i: str(i.get("Locale")))
    for entry in (service.get("OperationMetadata") or {}).get("ModifyParametersConfig") or []:
        entry["Operation"] = [OPERATION_DEFAULTS | op for op in entry.get("Operation") or []]
    service.setdefault("RegionId", "cn-hangzhou")
    service.setdefault("ServiceType", "private")
    rest = {k: v for k, v in config.items() if k != "Service" and k not in ARTIFACT_SECTIONS}
    return {"Service": service, **rest}


def first_difference(ours: Any, theirs: Any, path: str = "") -> str:
    """The dotted path of the first place where ``ours`` and ``theirs`` differ."""
    if isinstance(ours, dict) and isinstance(theirs, dict):
        for key in sorted(set(ours) | set(theirs), key=str):
            if ours.get(key) != theirs.get(key):
                return first_difference(ours.get(key), theirs.get(key), f"{path}.{key}")
    if isinstance(ours, list) and isinstance(theirs, list) and len(ours) == len(theirs):
        for index, (a, b) in enumerate(zip(ours, theirs, strict=True)):
            if a != b:
                return first_difference(a, b, f"{path}[{index}]")
    return path.lstrip(".")


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
    files = render_package(load_spec(spec_path))  # the build, less its gate (see new_findings)
    config_path = find_config(package)
    original = yamlio.load_file(config_path).data
    reasons = []
    deploy = original["Service"]["DeployMetadata"]
    supplier = (deploy.get("SupplierDeployMetadata") or {}).get("SupplierTemplateConfigs") or []
    urls = {c["Name"]: c.get("Url") for c in supplier}  # a managed service's templates
    urls |= {c["Name"]: c["Url"] for c in deploy["TemplateConfigs"] if c.get("Url")}
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
    built = normalised(plain(yamlio.loads(files["config.yaml"]).data))
    theirs = normalised(plain(original))
    if built != theirs:
        reasons.append(f"config {first_difference(built, theirs)}")
    reasons += [f"lint {rule} (new)" for rule in new_findings(package, files, tmp)]
    return reasons, imported.spec


def new_findings(package: Path, files: dict[str, bytes], tmp: Path) -> list[str]:
    """Lint rules the rebuilt package breaks more often than the original does.

    ``nestgen build``'s gate refuses any finding, and the published packages have many
    (import fixes nothing), so the measure builds without the gate and asks instead that
    the rebuilt package brings no finding of its own (default lint settings, both sides).
    """
    rebuilt = tmp / "rebuilt" / package.name
    write_files(rebuilt, files)
    before = Counter(f.rule for f in lint_package(find_config(package).parent).findings)
    after = Counter(f.rule for f in lint_package(rebuilt).findings)
    return sorted((after - before).elements())
