"""Group 2, structure: version, top-level keys, section shapes, limits and names."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from nestgen.lint.config import FORMER_IDS
from nestgen.lint.context import Context
from nestgen.lint.rule import Hit, rule
from nestgen.lint.walk import get_path

VERSION = "2015-09-01"
TOP_LEVEL = (
    "ROSTemplateFormatVersion",
    "Description",
    "Metadata",
    "Parameters",
    "Mappings",
    "Conditions",
    "Resources",
    "Outputs",
    "Rules",
    "Locals",
    "Transform",
    "Workspace",
)
MAPPING_SECTIONS = (
    "Metadata",
    "Parameters",
    "Mappings",
    "Conditions",
    "Resources",
    "Outputs",
    "Rules",
    "Locals",
    "Workspace",
)
MAX_BYTES = 524_288
MAX_RESOURCES = 300
RESOURCE_KEYS = frozenset(
    {
        "Type",
        "Properties",
        "DependsOn",
        "Condition",
        "DeletionPolicy",
        "Metadata",
        "Count",
        "Description",
        "Version",
        "UpdatePolicy",
    }
)
TYPE_FAMILIES = ("ALIYUN::", "Custom::", "DATASOURCE::", "MODULE::")


@rule("E1001", "ROSTemplateFormatVersion is present and is '2015-09-01'; ROS rejects anything else")
def version(ctx: Context) -> Iterator[Hit]:
    if "ROSTemplateFormatVersion" not in ctx.data:
        yield Hit((), "ROSTemplateFormatVersion is missing (use '2015-09-01')")
        return
    value = ctx.data["ROSTemplateFormatVersion"]
    # An unquoted 2015-09-01 loads as a date; ROS reads the same text, so accept it.
    if value != VERSION and value != dt.date(2015, 9, 1):
        yield Hit(
            ("ROSTemplateFormatVersion",),
            f"unsupported version {value!r} (only '{VERSION}')",
            value=True,
        )


@rule("E1002", "Only the twelve ROS top-level sections are used; ROS rejects others")
def unknown_section(ctx: Context) -> Iterator[Hit]:
    for key in ctx.data:
        if key not in TOP_LEVEL:
            yield Hit((key,), f"unknown top-level key {key!r}")


@rule("E1003", "Each section has the right type (a mapping; Description text); ROS rejects others")
def section_type(ctx: Context) -> Iterator[Hit]:
    for name in MAPPING_SECTIONS:
        value = ctx.data.get(name)
        if name in ctx.data and value is not None and not isinstance(value, dict):
            yield Hit((name,), f"{name} must be a mapping, not {type(value).__name__}", value=True)
    description = ctx.data.get("Description")
    if description is not None and not isinstance(description, str | dict):
        yield Hit(("Description",), "Description must be text or a locale mapping", value=True)


@rule("E1004", "The template body is at most 524,288 bytes; ROS rejects a larger body")
def body_size(ctx: Context) -> Iterator[Hit]:
    if not ctx.base and ctx.source.size > MAX_BYTES:
        yield Hit(
            (),
            f"template is {ctx.source.size:,} bytes; ROS accepts at most {MAX_BYTES:,}",
            line=1,
            column=1,
        )


@rule("E1005", "A template declares at most 300 resources; ROS rejects more")
def resource_count(ctx: Context) -> Iterator[Hit]:
    if len(ctx.resources) > MAX_RESOURCES:
        yield Hit(
            ("Resources",), f"{len(ctx.resources)} resources; ROS accepts at most {MAX_RESOURCES}"
        )


@rule(
    "E1006", "Parameters, Resources and Locals share one namespace; ROS rejects a name used twice"
)
def name_clash(ctx: Context) -> Iterator[Hit]:
    seen: dict[str, str] = {}
    for section in ("Parameters", "Resources", "Locals"):
        for name in ctx.section(section):
            if name in seen:
                yield Hit((section, name), f"{name!r} is already declared in {seen[name]}")
            else:
                seen[name] = section


@rule(
    "E1007",
    "Each resource has a Type from a known family (ALIYUN::, MODULE::, ...); ROS rejects others",
)
def resource_type(ctx: Context) -> Iterator[Hit]:
    for name, resource in ctx.resources.items():
        if not isinstance(resource, dict):
            yield Hit(("Resources", name), f"resource {name!r} must be a mapping", value=True)
        elif "Type" not in resource:
            yield Hit(("Resources", name), f"resource {name!r} has no Type")
        elif not isinstance(resource["Type"], str) or not resource["Type"].startswith(
            TYPE_FAMILIES
        ):
            yield Hit(
                ("Resources", name, "Type"),
                f"unknown resource type {resource['Type']!r}",
                value=True,
            )


@rule("W1008", "Resources use only the known resource keys; an unknown key is not applied")
def resource_keys(ctx: Context) -> Iterator[Hit]:
    for name, resource in ctx.resources.items():
        for key in resource if isinstance(resource, dict) else ():
            if key not in RESOURCE_KEYS:
                yield Hit(("Resources", name, key), f"unknown key {key!r} in resource {name!r}")


@rule("E1009", "DeletionPolicy is Retain or Delete; ROS rejects other values")
def deletion_policy(ctx: Context) -> Iterator[Hit]:
    for name, resource in ctx.resources.items():
        policy = resource.get("DeletionPolicy", "Delete") if isinstance(resource, dict) else None
        if policy not in (None, "Retain", "Delete"):
            yield Hit(
                ("Resources", name, "DeletionPolicy"),
                "DeletionPolicy must be Retain or Delete",
                value=True,
            )


@rule(
    "W1010",
    "A template's Metadata ignore list names existing rule ids or prefixes; others do nothing",
)
def metadata_ignore(ctx: Context) -> Iterator[Hit]:
    from nestgen.lint.registry import RULES_BY_ID  # the registry imports this module

    settings = get_path(ctx.data, ("Metadata", "nestgen", "lint", "ignore"))
    for index, item in enumerate(settings if isinstance(settings, list) else []):
        text = FORMER_IDS.get(str(item).strip().upper(), str(item).strip().upper())
        if not any(rule_id.startswith(text) for rule_id in RULES_BY_ID) or not text:
            yield Hit(
                ("Metadata", "nestgen", "lint", "ignore", index),
                f"{item!r} matches no rule id",
                value=True,
            )


RULES = (
    version,
    unknown_section,
    section_type,
    body_size,
    resource_count,
    name_clash,
    resource_type,
    resource_keys,
    deletion_policy,
    metadata_ignore,
)
