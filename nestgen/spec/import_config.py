"""What a published config.yaml says beyond the spec's own fields, as the spec's ``config:``.

The spec carries the service's region, type and info, the templates' names, files and
regions, the modify-parameters operations and the artifacts it imported; nestgen writes the
rest of those entries itself (the logo and guide paths, the operations' flags).  Everything
else (ApprovalType, ServiceInstanceNameRule, NetworkMetadata, EcsImage artifacts and their
ImageBuilder, the templates' PredefinedParameters...) is kept as raw ``config:``: mappings
merge into the generated config.yaml, and a list of entries (TemplateConfigs, ServiceInfo)
merges item by item.  A value nestgen writes differently is reported as a note.
"""

from __future__ import annotations

import copy
import os
import re
from pathlib import Path
from typing import Any

from nestgen.package.config import artifact_id

# Entry fields the spec or nestgen writes, per list (the rest of each entry stays raw).
_SERVICE = ("RegionId", "ServiceType", "DeployType", "ServiceInfo", "DeployMetadata",
            "OperationMetadata")  # fmt: skip
_INFO = ("Locale", "Name", "ShortDescription", "Image", "LongDescriptionUrl")
_TEMPLATE = ("Name", "Url", "AllowedRegions")
_OPERATION = ("Name", "Description", "Parameters", "Type", "SupportPredefinedParameters",
              "EnableLogging")  # fmt: skip
_WRITTEN = {"DeployType": "ros", "Type": "Custom", "SupportPredefinedParameters": False,
            "EnableLogging": False}  # fmt: skip
_SECTIONS = ("Artifact", "HelmChartBuilder", "AcrImageBuilder")
_ARTIFACT = ("ArtifactType", "ArtifactName", "ArtifactProperty")  # what nestgen writes


_REGION = re.compile(r"^[a-z]{2}(-[a-z0-9]+)+$")


def plain_regions(regions: Any) -> bool:
    """Whether AllowedRegions are region ids the spec's ``regions`` can hold (not ``${X}``)."""
    return isinstance(regions, list) and all(_REGION.match(str(r)) for r in regions)


def _template_rest(
    entries: Any, regions: set[str], where: str, notes: list[str]
) -> list[dict[str, Any]]:
    """Per TemplateConfigs-like entry what stays raw: all but Name, Url and the AllowedRegions
    of the templates named in ``regions`` (whose spec ``regions`` say them)."""
    rests = []
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        rest = _rest(entry, _TEMPLATE, f"{where}[{index}]", notes)
        if (
            isinstance(entry, dict)
            and "AllowedRegions" in entry
            and entry.get("Name") not in regions
        ):
            rest["AllowedRegions"] = copy.deepcopy(entry["AllowedRegions"])
        rests.append(rest)
    return rests if any(rests) else []


def _operations_of(service: dict[str, Any]) -> list[tuple[Any, Any]]:
    """(ModifyParametersConfig entry, operation) pairs, in order."""
    entries = _mapping(service.get("OperationMetadata")).get("ModifyParametersConfig") or []
    pairs = []
    for entry in entries if isinstance(entries, list) else []:
        for op in entry.get("Operation") or [] if isinstance(entry, dict) else []:
            pairs.append((entry, op))
    return pairs


def operations_expressible(service: dict[str, Any]) -> bool:
    """Whether the spec's ``operations`` say ModifyParametersConfig exactly: each operation
    has a name, a description and parameters, nothing else, and nestgen's flag values;
    otherwise the whole ModifyParametersConfig stays raw config."""
    for entry, op in _operations_of(service):
        if not isinstance(op, dict) or not op.get("Parameters") or not op.get("Description"):
            return False
        if not isinstance(entry, dict) or set(op) - set(_OPERATION):
            return False
        if any(op.get(k, v) != v for k, v in _WRITTEN.items() if k != "DeployType"):
            return False
    entries = _mapping(service.get("OperationMetadata")).get("ModifyParametersConfig") or []
    names = [e.get("TemplateName") for e in entries if isinstance(e, dict)]
    return len(names) == len(set(names))  # nestgen writes one entry per template


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def referenced_files(
    raw: dict[str, Any], config_dir: Path, spec_dir: Path, generated: set[str]
) -> dict[str, str]:
    """Files of the package that the raw ``config:`` names (a template of
    SupplierTemplateConfigs, an architecture diagram...), as the spec's ``files:``:
    package path -> path relative to the spec.  Paths nestgen writes itself are left out."""
    found = {}
    for text in _strings(raw):
        if "://" in text or "${" in text or text in generated or text.startswith("/"):
            continue
        if ".." in text.split("/") or "\\" in text:
            continue
        located = config_dir / text
        if located.is_file():
            found[text] = Path(os.path.relpath(located.resolve(), spec_dir.resolve())).as_posix()
    return dict(sorted(found.items()))


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _rest(entry: Any, carried: tuple[str, ...], where: str, notes: list[str]) -> dict[str, Any]:
    """``entry`` without the fields the spec carries; a differing nestgen value is a note."""
    if not isinstance(entry, dict):
        return {}
    for key, value in _WRITTEN.items():
        if key in carried and key in entry and entry[key] != value:
            notes.append(f"{where}.{key} is {entry[key]!r}; nestgen writes {value!r}")
    return {k: copy.deepcopy(v) for k, v in entry.items() if k not in carried}


def _entries(items: Any, carried: tuple[str, ...], where: str, notes: list[str]) -> list[Any]:
    """Per entry, what stays raw; [] when no entry has anything left."""
    if isinstance(items, dict):
        items = [items]
    rests = [_rest(item, carried, f"{where}[{i}]", notes) for i, item in enumerate(items or [])]
    return rests if any(rests) else []


def _rename(config: dict[str, Any], taken: dict[str, set[str]]) -> dict[str, Any]:
    """Raw artifacts and builders renamed where nestgen's numbering uses their names, and
    every ``${Section.Name.`` reference to them rewritten."""
    text_renames: dict[str, str] = {}
    for section in _SECTIONS:
        entries = config.get(section)
        if not isinstance(entries, dict):
            continue
        for name in list(entries):
            if name in taken.get(section, set()):
                new = f"{name}_Imported"
                entries[new] = entries.pop(name)
                text_renames["${" + f"{section}.{name}."] = "${" + f"{section}.{new}."
    if not text_renames:
        return config
    pattern = re.compile("|".join(re.escape(old) for old in text_renames))

    def rewrite(value: Any) -> Any:
        if isinstance(value, str):
            return pattern.sub(lambda m: text_renames[m.group(0)], value)
        if isinstance(value, dict):
            return {k: rewrite(v) for k, v in value.items()}
        if isinstance(value, list):
            return [rewrite(v) for v in value]
        return value

    return {k: rewrite(v) for k, v in config.items()}


def raw_config(
    config: dict[str, Any],
    imported: dict[str, set[str]],
    relations: dict[str, set[str]],
    origins: list[str | None],
    managed: list[str],
    regions: set[str],
    notes: list[str],
) -> dict[str, Any]:
    """The spec's ``config:`` for the published ``config``.

    ``imported`` names the Artifact and builder entries that became spec artifacts,
    ``relations`` the placeholders of each relation section that did, and
    ``origins`` the Artifact entry each spec artifact came from (nestgen numbers them
    ``Artifact_1``...; their fields beyond type, name and property stay raw there), and
    ``managed`` the spec's supplier templates, in order (their SupplierTemplateConfigs
    entries are generated); ``regions`` names the templates whose spec has ``regions``.
    """
    artifact_count = len(origins)
    declared = _mapping(config.get("Artifact"))
    rest = {k: copy.deepcopy(v) for k, v in config.items() if k != "Service"}
    for section, names in imported.items():
        entries = rest.get(section)
        if isinstance(entries, dict):
            for name in names:
                entries.pop(name, None)
    rest = {k: v for k, v in rest.items() if v not in ({}, None)}
    numbered = {artifact_id(i) for i in range(1, artifact_count + 1)}
    taken = {
        "Artifact": numbered,
        "HelmChartBuilder": {n.replace("Artifact_", "HelmChart_") for n in numbered},
        "AcrImageBuilder": {n.replace("Artifact_", "AcrImage_") for n in numbered},
    }
    service = _mapping(config.get("Service"))
    raw_service = _rest(service, _SERVICE, "Service", notes)
    info = _entries(service.get("ServiceInfo"), _INFO, "Service.ServiceInfo", notes)
    if info:
        raw_service["ServiceInfo"] = info
    deploy = _mapping(service.get("DeployMetadata"))
    raw_deploy = _rest(deploy, ("TemplateConfigs", "SupplierDeployMetadata"), "", notes)
    templates = _template_rest(deploy.get("TemplateConfigs"), regions, "TemplateConfigs", notes)
    if templates:
        raw_deploy["TemplateConfigs"] = templates
    supplier = deploy.get("SupplierDeployMetadata") or {}
    raw_supplier = {}
    for key, value in supplier.items() if isinstance(supplier, dict) else ():
        left = value
        if key in relations and isinstance(value, dict):
            left = {p: v for p, v in value.items() if p not in relations[key]}
        elif key == "SupplierTemplateConfigs" and managed:
            by_name = {e.get("Name"): e for e in value or [] if isinstance(e, dict)}
            for extra_name in sorted(set(by_name) - set(managed), key=str):
                notes.append(f"SupplierTemplateConfigs {extra_name!r}: not a template of the spec")
            left = _template_rest([by_name[n] for n in managed], regions, key, notes)
        if left not in ({}, None):
            raw_supplier[key] = copy.deepcopy(left)
    if raw_supplier:
        raw_deploy["SupplierDeployMetadata"] = raw_supplier
    if raw_deploy:
        raw_service["DeployMetadata"] = raw_deploy
    operations = service.get("OperationMetadata")
    if isinstance(operations, dict):
        spec_says = operations_expressible(service)
        carried = ("ModifyParametersConfig",) if spec_says else ()
        raw_ops = _rest(operations, carried, "OperationMetadata", notes)
        if raw_ops:
            raw_service["OperationMetadata"] = raw_ops
    if raw_service:
        rest = {"Service": raw_service, **rest}
    rest = _rename(rest, taken)
    for index, origin in enumerate(origins, 1):
        found = _rest(declared.get(origin) if origin else None, _ARTIFACT, "Artifact", notes)
        if found:
            rest.setdefault("Artifact", {})[artifact_id(index)] = found
    return rest
