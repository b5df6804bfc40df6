"""``nestgen import``: a hand-written package (config.yaml + templates) as a spec.

Each template becomes the parameter groups it shows (:mod:`nestgen.spec.import_groups`,
differences as ``ros.patch``) and raw ROS for the rest (``ros:``: parameters, conditions,
mappings, locals, resources, outputs, Description and Metadata as written).  The config's
service fields, templates, operations and artifacts (:mod:`nestgen.spec.import_artifacts`)
become the spec's own fields, everything else raw ``config:`` and ``files:``
(:mod:`nestgen.spec.import_config`).  What the spec cannot say is a note, never dropped
silently.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nestgen import yamlio
from nestgen.errors import InputError, InputErrors
from nestgen.package.config import LOGO, TEMPLATES_DIR
from nestgen.publish.package import find_config, service_infos
from nestgen.regions import ROS_REGIONS
from nestgen.ros.values import plain
from nestgen.spec.import_artifacts import import_artifacts, used_placeholders
from nestgen.spec.import_config import (
    operations_expressible,
    plain_regions,
    raw_config,
    referenced_files,
)
from nestgen.spec.import_groups import match_groups
from nestgen.spec.model import LOCALES

SECTIONS = {"Parameters": "parameters", "Conditions": "conditions", "Mappings": "mappings",
            "Locals": "locals", "Resources": "resources", "Outputs": "outputs"}  # fmt: skip
PATCHABLE = ("parameters", "conditions", "resources", "outputs")  # what groups generate
KNOWN_TOP = {*SECTIONS, "ROSTemplateFormatVersion", "Description", "Metadata"}
_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass
class Imported:
    """The spec (plain data) and what could not be carried over."""

    spec: dict[str, Any]
    notes: list[str] = field(default_factory=list)
    missing_files: list[Path] = field(default_factory=list)  # artifact files not in the package


def _slug(text: str) -> str:
    slug = _SLUG.sub("-", text.lower()).strip("-")[:63].strip("-")
    return slug or "service"


def _load(path: Path) -> Any:
    try:
        return plain(yamlio.load_file(path).data)
    except InputError as exc:
        raise InputErrors([exc]) from None


def _info(service: dict[str, Any], notes: list[str]) -> dict[str, Any]:
    infos = {i.get("Locale") or "zh-CN": i for i in service_infos(service)}
    result = {}
    for locale in LOCALES:
        if locale not in infos:
            continue
        info = infos[locale]
        result[locale] = (
            {"short_description": str(info["ShortDescription"])}
            if info.get("ShortDescription")
            else {}
        )
        if info.get("Name"):
            result[locale] = {"name": str(info["Name"]), **result[locale]}
    if not result:
        raise InputError("config.yaml has no ServiceInfo in zh-CN or en-US")
    return result


def _text(value: Any, fallback: str) -> dict[str, str]:
    if isinstance(value, dict) and value.get("en") and value.get("zh-cn"):
        return {"en": str(value["en"]), "zh-cn": str(value["zh-cn"])}
    text = str(value) if isinstance(value, str) and value else fallback
    return {"en": text, "zh-cn": text}


def _template(
    config: dict[str, Any], body: dict[str, Any], notes: list[str], groups: bool, supplier: bool
) -> dict[str, Any]:
    name = str(config.get("Name") or "Template")
    raw: dict[str, Any] = {}
    for section, key in SECTIONS.items():
        if isinstance(body.get(section), dict) and body[section]:
            raw[key] = body[section]
    match = match_groups(body) if groups else None
    if match is not None:
        raw = {k: v for k, v in raw.items() if k not in PATCHABLE} | match.raw
        raw = {k: raw[k] for k in SECTIONS.values() if k in raw}
        if match.patch:
            raw["patch"] = match.patch
    raw["description"] = body.get("Description", "")  # '' builds a template without one
    # as written, even when absent: the generated console groups would differ
    raw["metadata"] = body["Metadata"] if isinstance(body.get("Metadata"), dict) else {}
    for key in sorted(set(body) - KNOWN_TOP):
        notes.append(f"{name}: top-level {key} is not carried over")
    imported: dict[str, Any] = {
        "name": name,
        "file": Path(str(config.get("Url", "template.yaml"))).name,
        "description": _text(body.get("Description"), name),
        "groups": [{n: o} if o else n for n, o in match.groups.items()] if match else [],
        "ros": raw,
    }
    if config.get("AllowedRegions") and plain_regions(config["AllowedRegions"]):
        imported["regions"] = list(config["AllowedRegions"])
    if supplier:
        imported["supplier"] = True
    return imported


def _operations(service: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    metadata = service.get("OperationMetadata") or {}
    for entry in metadata.get("ModifyParametersConfig") or []:
        for op in entry.get("Operation") or [] if isinstance(entry, dict) else []:
            if isinstance(op, dict) and op.get("Parameters"):
                item: dict[str, Any] = {
                    "template": str(entry.get("TemplateName")),
                    "name": str(op.get("Name")),
                }
                if op.get("Description"):
                    item["description"] = str(op["Description"])
                item["parameters"] = [str(p) for p in op["Parameters"]]
                found.append(item)
    return found


def import_package(root: Path, spec_dir: Path | None = None, groups: bool = True) -> Imported:
    """The spec for the package at ``root`` (a folder with config.yaml or .computenest/).

    Paths the spec names (artifact files) are relative to ``spec_dir``, where the spec will
    be written (default: the current folder).  With ``groups`` the parameter groups a
    template shows are recognised (:mod:`nestgen.spec.import_groups`); without, all is raw.
    """
    config_path = find_config(Path(root))
    config = _load(config_path)
    if not isinstance(config, dict) or not isinstance(config.get("Service"), dict):
        raise InputError(f"{config_path}: no Service mapping (is this a Compute Nest config?)")
    service = config["Service"]
    notes: list[str] = []
    info = _info(service, notes)
    templates = []
    metadata = service.get("DeployMetadata") or {}
    managed = {
        e.get("Name"): e
        for e in (metadata.get("SupplierDeployMetadata") or {}).get("SupplierTemplateConfigs") or []
        if isinstance(e, dict) and e.get("Url")
    }
    for item in metadata.get("TemplateConfigs") or []:
        supplier = not item.get("Url") and item.get("Name") in managed
        entry = managed[item.get("Name")] if supplier else item
        if not entry.get("Url"):
            notes.append(f"template {item.get('Name')!r} has no Url: left out")
            continue
        path = config_path.parent / str(entry["Url"])
        if not path.is_file():
            notes.append(f"template {entry.get('Url')!r} does not exist: left out")
            continue
        body = _load(path)
        if supplier and entry.get("AllowedRegions") != item.get("AllowedRegions"):
            entry = {k: v for k, v in entry.items() if k != "AllowedRegions"}
        template = _template(entry, body if isinstance(body, dict) else {}, notes, groups, supplier)
        templates.append(template)
    if not templates:
        raise InputError(f"{config_path}: no template of TemplateConfigs could be read")
    spec: dict[str, Any] = {
        "name": _slug(Path(root).resolve().name.split("+")[-1]),
        "service": {
            "type": str(service.get("ServiceType", "private")),
            "region": str(service.get("RegionId", "cn-hangzhou")),
            "info": info,
        },
    }
    used = used_placeholders(templates)
    logo = _logo(service, config_path.parent, spec_dir or Path.cwd())
    if logo:
        spec["service"]["logo"] = logo
    artifacts = import_artifacts(config, config_path.parent, spec_dir or Path.cwd(), used)
    if artifacts.artifacts:
        spec["artifacts"] = artifacts.artifacts
    spec["templates"] = templates
    operations = _operations(service) if operations_expressible(service) else []
    if operations:
        spec["operations"] = operations
    notes += artifacts.notes
    kept = _kept(config, {t["name"] for t in templates}, set(info))
    managed_names = [t["name"] for t in templates if t.get("supplier")]
    with_regions = {t["name"] for t in templates if "regions" in t}
    extra = raw_config(
        kept,
        artifacts.sources,
        artifacts.relations,
        artifacts.origins,
        managed_names,
        with_regions,
        notes,
    )
    if extra:
        spec["config"] = extra
        generated = {LOGO, *(f"{TEMPLATES_DIR}/{t['file']}" for t in templates)}
        files = referenced_files(extra, config_path.parent, spec_dir or Path.cwd(), generated)
        if files:
            spec["files"] = files
    named = [spec["service"]["region"], *(r for t in templates for r in t.get("regions", ()))]
    named += [a["region"] for a in artifacts.artifacts if "region" in a]
    newer = sorted({r for r in named if r not in ROS_REGIONS})
    if newer:  # regions the spec accepts only when listed
        spec["new_regions"] = newer
        notes.append(f"regions nestgen does not know, listed in new_regions: {', '.join(newer)}")
    return Imported(spec, notes, artifacts.missing_files)


def _logo(service: dict[str, Any], config_dir: Path, spec_dir: Path) -> str | None:
    """The package's logo (its ServiceInfo Image) relative to the spec, if it is there."""
    for info in service_infos(service):
        image = info.get("Image")
        if isinstance(image, str) and "://" not in image and (config_dir / image).is_file():
            located = (config_dir / image).resolve()
            return Path(os.path.relpath(located, spec_dir.resolve())).as_posix()
    return None


def _kept(config: dict[str, Any], templates: set[str], locales: set[str]) -> dict[str, Any]:
    """``config`` with only the templates and ServiceInfo locales the spec has, in its order."""
    service = dict(config["Service"])
    deploy = dict(service.get("DeployMetadata") or {})
    deploy["TemplateConfigs"] = [
        t
        for t in deploy.get("TemplateConfigs") or []
        if isinstance(t, dict) and t.get("Name") in templates
    ]
    service["DeployMetadata"] = deploy
    infos = {i.get("Locale") or "zh-CN": i for i in service_infos(service)}
    service["ServiceInfo"] = [infos[locale] for locale in LOCALES if locale in locales]
    return {**config, "Service": service}


def spec_text(imported: Imported) -> str:
    """The spec as YAML, the notes first as comments."""
    head = "".join(f"# note: {n}\n" for n in imported.notes)
    return head + yamlio.dumps(imported.spec)


def write_spec(imported: Imported, out: Path) -> None:
    """Write the spec YAML atomically."""
    from nestgen.fsutil import write_atomic

    write_atomic(out, spec_text(imported).encode("utf-8"))
