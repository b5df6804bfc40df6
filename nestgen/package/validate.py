"""Structural checks of a written package, run on the staging folder before the swap.

The linter (``nestgen.lint``) joins these checks at merge time; until then this module
checks what the generator promises: every parameter in exactly one group, no NoEcho
default, both locales on every text, templates and artifact placeholders that resolve.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from nestgen import yamlio
from nestgen.errors import CheckFailed

LOCALES = ("en", "zh-cn")
_TEXT_KEYS = ("Label", "Description", "ConstraintDescription")
_PLACEHOLDER = re.compile(r"\{\{ computenest::(\w+)::([\w-]+) \}\}")


def validate_package(staging_dir: Path) -> None:
    """Raise :class:`CheckFailed` listing every structural problem of the package."""
    config = yamlio.load_file(staging_dir / "config.yaml").data
    problems = list(_config_problems(staging_dir, config))
    if problems:
        raise CheckFailed("generated package is invalid:\n  " + "\n  ".join(problems))


def _config_problems(root: Path, config: dict[str, Any]) -> Iterator[str]:
    service = config["Service"]
    relation = service["DeployMetadata"].get("SupplierDeployMetadata", {})
    declared = set(relation.get("HelmChartArtifactRelation", {}))
    operations = {
        entry["TemplateName"]: [p for op in entry["Operation"] for p in op["Parameters"]]
        for entry in service.get("OperationMetadata", {}).get("ModifyParametersConfig", [])
    }
    used: set[str] = set()
    for entry in service["DeployMetadata"]["TemplateConfigs"]:
        path = root / entry["Url"]
        if not path.is_file():
            yield f"config.yaml: template {entry['Url']} does not exist"
            continue
        template = yamlio.load_file(path).data
        name = entry["Url"]
        yield from template_problems(name, template)
        yield from _operation_problems(name, template, operations.get(entry["Name"], []))
        used |= _placeholders(path.read_text(encoding="utf-8"))
    for missing in sorted(used - declared):
        yield f"config.yaml: {missing} is used by a template but has no artifact relation"
    for unused in sorted(declared - used):
        yield f"config.yaml: {unused} is declared but no template uses it"
    for info in service.get("ServiceInfo", []):
        if not (root / info["Image"]).is_file():
            yield f"config.yaml: logo {info['Image']} does not exist"


def _placeholders(text: str) -> set[str]:
    return {match.group(0) for match in _PLACEHOLDER.finditer(text)}


def _operation_problems(name: str, template: dict[str, Any], names: list[str]) -> Iterator[str]:
    for parameter in names:
        if parameter not in template.get("Parameters", {}):
            yield f"{name}: operation parameter {parameter} is not a template parameter"


def template_problems(name: str, template: dict[str, Any]) -> Iterator[str]:
    """Grouping, secrets and locale problems of one template."""
    parameters = template.get("Parameters", {})
    groups = template["Metadata"]["ALIYUN::ROS::Interface"]["ParameterGroups"]
    counts: dict[str, int] = {}
    for group in groups:
        yield from _text_problems(name, "ParameterGroup label", group["Label"])
        for member in group["Parameters"]:
            counts[member] = counts.get(member, 0) + 1
    for parameter, body in parameters.items():
        if counts.get(parameter, 0) != 1:
            yield f"{name}: {parameter} is in {counts.get(parameter, 0)} parameter groups, not 1"
        if body.get("NoEcho") and "Default" in body:
            yield f"{name}: {parameter} is NoEcho but has a Default"
        for key in _TEXT_KEYS:
            if key in body:
                yield from _text_problems(name, f"{parameter}.{key}", body[key])
    for stray in sorted(set(counts) - set(parameters)):
        yield f"{name}: parameter group names {stray}, which is not a parameter"
    for output, body in template.get("Outputs", {}).items():
        yield from _text_problems(name, f"output {output}", body.get("Description"))


def _text_problems(name: str, where: str, value: Any) -> Iterator[str]:
    if not isinstance(value, dict) or any(not value.get(locale) for locale in LOCALES):
        yield f"{name}: {where} needs both locales ({', '.join(LOCALES)})"
