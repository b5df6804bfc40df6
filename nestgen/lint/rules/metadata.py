"""Group 5, console metadata: what the Compute Nest console reads from a template."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from nestgen.lint.context import Context
from nestgen.lint.rule import Hit, rule
from nestgen.lint.walk import base_name, has, hashable, sub_variables
from nestgen.rosvalues import canonical

SINGLE_COLON = re.compile(r"(?<!:):(?!:)|:::")
CONSOLE_FILLED = frozenset({"RegionId"})  # the console supplies these itself
VISIBLE_FUNCTIONS = frozenset({"Fn::Equals", "Fn::Not", "Fn::And", "Fn::Or"})
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
LOCALE_KEYS = frozenset({"en", "zh-cn", "default", "ja", "zh-tw", "zh-hk", "ko", "fr", "de"})
TEXT_KEYS = ("Label", "Description", "ConstraintDescription", "Placeholder")


def _metadata(spec: dict) -> dict:
    value = spec.get("AssociationPropertyMetadata")
    return value if isinstance(value, dict) else {}


@rule(
    "W4001",
    "AssociationProperty is canonical (ALIYUN::Service::Resource::Prop, '::'); ':' still works",
)
def association_property(ctx: Context) -> Iterator[Hit]:
    for name, spec in ctx.param_specs:
        value = spec.get("AssociationProperty")
        if value is None:
            continue
        if not isinstance(value, str) or SINGLE_COLON.search(value):
            yield Hit(
                ("Parameters", name, "AssociationProperty"),
                f"AssociationProperty {value!r} is not canonical (use '::' between parts)",
                value=True,
            )


@rule(
    "W4002",
    "${X} in AssociationPropertyMetadata names a parameter; else the console filter does nothing",
)
def metadata_variable(ctx: Context) -> Iterator[Hit]:
    for path, name in ctx.metadata_vars:
        base = base_name(name)
        if base not in ctx.parameters and base not in CONSOLE_FILLED and "::" not in base:
            yield Hit(
                path, f"${{{name}}} names no parameter, so the console ignores it", value=True
            )


def _functions(value: Any, path: tuple) -> Iterator[tuple[tuple, str, Any]]:
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and (key.startswith("Fn::") or key == "Ref"):
                yield (*path, key), key, item
            yield from _functions(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _functions(item, (*path, index))


def _visible(ctx: Context) -> Iterator[tuple[tuple, Any]]:
    for name, spec in ctx.param_specs:
        visible = _metadata(spec).get("Visible")
        if isinstance(visible, dict) and "Condition" in visible:
            path = ("Parameters", name, "AssociationPropertyMetadata", "Visible", "Condition")
            yield path, visible["Condition"]


@rule(
    "W4003",
    "Visible conditions use only Fn::Equals, Fn::Not, Fn::And, Fn::Or; the console knows no other",
)
def visible_functions(ctx: Context) -> Iterator[Hit]:
    for path, condition in _visible(ctx):
        for where, name, _ in _functions(condition, path):
            if name not in VISIBLE_FUNCTIONS:
                yield Hit(where, f"{name} is not supported in Visible conditions")


def _compared(arg: Any, in_visible: bool) -> str | None:
    """The parameter name an Equals argument stands for, if any."""
    if in_visible and isinstance(arg, str):
        names = list(sub_variables(arg))
        return names[0] if len(names) == 1 and arg.strip() == f"${{{names[0]}}}" else None
    if isinstance(arg, dict) and len(arg) == 1 and isinstance(arg.get("Ref"), str):
        return arg["Ref"]
    return None


def _equals(ctx: Context) -> Iterator[tuple[tuple, Any, bool]]:
    for path, condition in _visible(ctx):
        for where, name, arg in _functions(condition, path):
            if name == "Fn::Equals":
                yield where, arg, True
    for where, name, arg in _functions(ctx.conditions, ("Conditions",)):
        if name == "Fn::Equals":
            yield where, arg, False


def _outside(allowed: Any, value: Any) -> bool:
    """True when ``value`` is a literal that ``allowed`` (a non-empty list) lacks."""
    return (
        isinstance(allowed, list)
        and bool(allowed)
        and isinstance(value, str | int | float)
        and canonical(value) not in {canonical(v) for v in allowed}
    )


@rule(
    "W4004", "Fn::Equals compares a parameter only with values it allows; otherwise it never holds"
)
def equals_allowed(ctx: Context) -> Iterator[Hit]:
    for path, arg, in_visible in _equals(ctx):
        if not isinstance(arg, list) or len(arg) != 2:
            continue
        for index, (this, other) in enumerate(((arg[0], arg[1]), (arg[1], arg[0]))):
            name = _compared(this, in_visible)
            spec = ctx.parameters.get(name) if name else None
            allowed = spec.get("AllowedValues") if isinstance(spec, dict) else None
            if _outside(allowed, other):
                yield Hit(
                    (*path, 1 - index),
                    f"{name!r} is compared with {other!r}, which is not among its AllowedValues",
                    value=True,
                )


@rule("W4005", "ValueLabelMapping labels only AllowedValues; other labels are never shown")
def value_label_mapping(ctx: Context) -> Iterator[Hit]:
    for name, spec in ctx.param_specs:
        mapping, allowed = _metadata(spec).get("ValueLabelMapping"), spec.get("AllowedValues")
        if not isinstance(mapping, dict) or not isinstance(allowed, list):
            continue
        texts = {canonical(v) for v in allowed}
        for key in mapping:
            if canonical(key) not in texts:
                yield Hit(
                    ("Parameters", name, "AssociationPropertyMetadata", "ValueLabelMapping", key),
                    f"ValueLabelMapping labels {key!r}, which is not an allowed value",
                )


def _groups(ctx: Context) -> Iterator[tuple[tuple, Any]]:
    groups = ctx.interface.get("ParameterGroups")
    for index, group in enumerate(groups if isinstance(groups, list) else []):
        names = group.get("Parameters") if isinstance(group, dict) else None
        for position, name in enumerate(names if isinstance(names, list) else []):
            path = (
                "Metadata",
                "ALIYUN::ROS::Interface",
                "ParameterGroups",
                index,
                "Parameters",
                position,
            )
            yield path, name


@rule("W4006", "Every ParameterGroups entry is a parameter; the console skips other names")
def group_names_parameter(ctx: Context) -> Iterator[Hit]:
    for path, name in _groups(ctx):
        if not has(ctx.parameters, name):
            yield Hit(path, f"ParameterGroups names {name!r}, which is not a parameter", value=True)


@rule(
    "W4007",
    "When parameters are grouped, every parameter is in a group; the console may not show others",
)
def parameter_in_no_group(ctx: Context) -> Iterator[Hit]:
    grouped = hashable([name for _, name in _groups(ctx)])
    hidden = ctx.interface.get("Hidden")
    hidden = hashable(hidden)
    if not grouped:
        return
    for name in ctx.parameters:
        if name not in grouped and name not in hidden:
            yield Hit(("Parameters", name), f"parameter {name!r} is in no ParameterGroup")


@rule("W4008", "No parameter is in more than one group; the console shows it twice")
def parameter_in_two_groups(ctx: Context) -> Iterator[Hit]:
    seen: set = set()
    for path, name in _groups(ctx):
        if name in seen and isinstance(name, str):
            yield Hit(path, f"parameter {name!r} is in more than one group", value=True)
        if isinstance(name, str):
            seen.add(name)


@rule("W4009", "Interface Hidden names parameters; other names hide nothing")
def hidden_names_parameter(ctx: Context) -> Iterator[Hit]:
    hidden = ctx.interface.get("Hidden")
    for index, name in enumerate(hidden if isinstance(hidden, list) else []):
        if not has(ctx.parameters, name):
            yield Hit(
                ("Metadata", "ALIYUN::ROS::Interface", "Hidden", index),
                f"Hidden names {name!r}, which is not a parameter",
                value=True,
            )


def _texts(ctx: Context) -> Iterator[tuple[tuple, Any]]:
    """Console texts: template Description, parameter texts, group labels, outputs."""
    if "Description" in ctx.data:
        yield ("Description",), ctx.data["Description"]
    for name, spec in ctx.param_specs:
        for key in TEXT_KEYS:
            if key in spec:
                yield ("Parameters", name, key), spec[key]
    for index, group in enumerate(ctx.interface.get("ParameterGroups") or []):
        if isinstance(group, dict) and "Label" in group:
            yield (
                ("Metadata", "ALIYUN::ROS::Interface", "ParameterGroups", index, "Label"),
                group["Label"],
            )
    for name, output in ctx.outputs.items():
        for key in ("Description", "Label"):
            if isinstance(output, dict) and key in output:
                yield ("Outputs", name, key), output[key]


def _where(path: tuple) -> str:
    """``Parameters.Name.Label`` (the Interface prefix shortened)."""
    return ".".join(str(p) for p in path).replace("Metadata.ALIYUN::ROS::Interface.", "")


def _is_locale_map(value: Any) -> bool:
    return isinstance(value, dict) and bool(value) and set(value) <= LOCALE_KEYS


@rule("W4010", "Console texts carry every configured locale (policy: partial|strict|off)")
def locale_complete(ctx: Context) -> Iterator[Hit]:
    policy, wanted = ctx.config.locale_policy, ctx.config.locales
    if policy == "off":
        return
    for path, value in _texts(ctx):
        if _is_locale_map(value):
            if policy == "partial" and "default" in value:
                continue
            missing = [loc for loc in wanted if loc not in value]
            if missing:
                yield Hit(path, f"{_where(path)} lacks locale(s) {', '.join(missing)}")
        elif policy == "strict" and isinstance(value, str):
            yield Hit(
                path,
                f"{_where(path)} is plain text; the policy asks for {', '.join(wanted)}",
                value=True,
            )


@rule("W4011", "Text under 'en' is not Chinese (swapped or untranslated locales)")
def cjk_under_en(ctx: Context) -> Iterator[Hit]:
    for path, value in _texts(ctx):
        if _is_locale_map(value) and isinstance(value.get("en"), str) and CJK.search(value["en"]):
            yield Hit((*path, "en"), f"the 'en' text of {_where(path)} is Chinese", value=True)


RULES = (
    association_property,
    metadata_variable,
    visible_functions,
    equals_allowed,
    value_label_mapping,
    group_names_parameter,
    parameter_in_no_group,
    parameter_in_two_groups,
    hidden_names_parameter,
    locale_complete,
    cjk_under_en,
)
