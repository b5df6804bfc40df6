"""Group 4, parameters: types, properties, and a Default that obeys its own constraints."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from nestgen.lint.context import Context
from nestgen.lint.rule import Hit, rule
from nestgen.lint.walk import base_name, has
from nestgen.patterns import compile_pattern, pattern_matches

TYPES = frozenset(
    {
        "String",
        "Number",
        "CommaDelimitedList",
        "Json",
        "Boolean",
        "ALIYUN::OOS::Parameter::Value",
        "ALIYUN::OOS::SecretParameter::Value",
    }
)
PROPERTIES = frozenset(
    {
        "Type",
        "Default",
        "AllowedValues",
        "AllowedPattern",
        "MinLength",
        "MaxLength",
        "MinValue",
        "MaxValue",
        "NoEcho",
        "Confirm",
        "Label",
        "Description",
        "ConstraintDescription",
        "Placeholder",
        "TextArea",
        "Required",
        "AssociationProperty",
        "AssociationPropertyMetadata",
    }
)
PASSWORD_LIKE = re.compile(r"(password|passwd|pwd|secret|accesskey|token)", re.IGNORECASE)
NOT_A_SECRET = re.compile(r"(Id|Ids|Name|Names|Type|Length|Policy|Enabled?|Flag)$")


def text_of(value: Any) -> str:
    """How ROS compares a scalar: booleans as true/false, numbers without a trailing .0."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def number(value: Any) -> float | None:
    """A number from an int, float or numeric string, else None."""
    if isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def compiled(pattern: Any) -> re.Pattern | None:
    """The compiled AllowedPattern, or None when it is not a valid regular expression."""
    try:
        return compile_pattern(pattern) if isinstance(pattern, str) else None
    except re.error:
        return None


@rule("E3001", "Each parameter is a mapping with a known Type; ROS rejects others")
def parameter_type(ctx: Context) -> Iterator[Hit]:
    for name, spec in ctx.parameters.items():
        if not isinstance(spec, dict):
            yield Hit(("Parameters", name), f"parameter {name!r} must be a mapping", value=True)
        elif "Type" not in spec:
            yield Hit(("Parameters", name), f"parameter {name!r} has no Type")
        elif not has(TYPES, spec["Type"]):
            yield Hit(
                ("Parameters", name, "Type"), f"unknown parameter type {spec['Type']!r}", value=True
            )


@rule("W3002", "Parameters use only the known parameter properties; others are ignored")
def parameter_property(ctx: Context) -> Iterator[Hit]:
    for name, spec in ctx.param_specs:
        for key in spec:
            if key not in PROPERTIES:
                yield Hit(("Parameters", name, key), f"unknown parameter property {key!r}")


def _items(default: Any, kind: Any) -> list:
    """A CommaDelimitedList Default is checked item by item (a list or 'a,b' text)."""
    if kind != "CommaDelimitedList":
        return [default]
    if isinstance(default, str):
        return [item.strip() for item in default.split(",")]
    return default if isinstance(default, list) else [default]


@rule("E3003", "A Default is one of the AllowedValues; ROS rejects the Default otherwise")
def default_allowed(ctx: Context) -> Iterator[Hit]:
    for name, spec in ctx.param_specs:
        allowed, default = spec.get("AllowedValues"), spec.get("Default")
        if default is None or not isinstance(allowed, list) or not allowed:
            continue
        texts = {text_of(v) for v in allowed}
        for value in _items(default, spec.get("Type")):
            if text_of(value) not in texts:
                yield Hit(
                    ("Parameters", name, "Default"),
                    f"Default {value!r} is not among the AllowedValues",
                    value=True,
                )


@rule("E3004", "A Default matches the AllowedPattern; ROS rejects the Default otherwise")
def default_pattern(ctx: Context) -> Iterator[Hit]:
    for name, spec in ctx.param_specs:
        pattern, default = compiled(spec.get("AllowedPattern")), spec.get("Default")
        if pattern is None or default is None or isinstance(default, dict | list):
            continue
        text = text_of(default)
        if not pattern_matches(spec["AllowedPattern"], text):
            yield Hit(
                ("Parameters", name, "Default"),
                f"Default {text!r} does not match AllowedPattern",
                value=True,
            )


@rule(
    "E3005",
    "A Default is within MinLength/MaxLength and MinValue/MaxValue; ROS rejects it otherwise",
)
def default_range(ctx: Context) -> Iterator[Hit]:
    for name, spec in ctx.param_specs:
        default = spec.get("Default")
        if default is None or isinstance(default, dict | list):
            continue
        problem = _range_problem(spec, default)
        if problem:
            yield Hit(("Parameters", name, "Default"), problem, value=True)


def _range_problem(spec: dict, default: Any) -> str:
    length = len(text_of(default))
    low, high = number(spec.get("MinLength")), number(spec.get("MaxLength"))
    if low is not None and length < low:
        return f"Default is {length} characters long, shorter than MinLength {int(low)}"
    if high is not None and length > high:
        return f"Default is {length} characters long, longer than MaxLength {int(high)}"
    value = number(default)
    low, high = number(spec.get("MinValue")), number(spec.get("MaxValue"))
    if value is not None and low is not None and value < low:
        return f"Default {text_of(default)} is below MinValue {text_of(low)}"
    if value is not None and high is not None and value > high:
        return f"Default {text_of(default)} is above MaxValue {text_of(high)}"
    return ""


def _type_problem(kind: Any, default: Any) -> str:
    if kind == "Number" and number(default) is None:
        return "a Number parameter needs a numeric Default"
    if kind == "Boolean" and text_of(default).lower() not in ("true", "false"):
        return "a Boolean parameter needs true or false"
    if kind == "String" and isinstance(default, dict | list):
        return "a String parameter needs a text Default"
    if kind == "Json" and isinstance(default, str):
        try:
            json.loads(default)
        except ValueError:
            return "a Json parameter needs a JSON Default"
    return ""


def _is_function(value: Any) -> bool:
    """``{Ref: ...}`` or ``{Fn::...: ...}`` (ROS evaluates some Defaults)."""
    return (
        isinstance(value, dict)
        and len(value) == 1
        and ("Ref" in value or str(next(iter(value))).startswith("Fn::"))
    )


@rule("E3006", "A Default has the parameter's Type; ROS rejects it otherwise")
def default_type(ctx: Context) -> Iterator[Hit]:
    for name, spec in ctx.param_specs:
        default = spec.get("Default")
        problem = (
            ""
            if default is None or _is_function(default)
            else _type_problem(spec.get("Type"), default)
        )
        if problem:
            yield Hit(("Parameters", name, "Default"), problem, value=True)


@rule(
    "E3007", "MinLength <= MaxLength and MinValue <= MaxValue; no value could be accepted otherwise"
)
def min_max(ctx: Context) -> Iterator[Hit]:
    for name, spec in ctx.param_specs:
        for low_key, high_key in (("MinLength", "MaxLength"), ("MinValue", "MaxValue")):
            low, high = number(spec.get(low_key)), number(spec.get(high_key))
            if low is not None and high is not None and low > high:
                yield Hit(
                    ("Parameters", name, low_key),
                    f"{low_key} {text_of(low)} is greater than {high_key} {text_of(high)}",
                    value=True,
                )


@rule(
    "E3008",
    "AllowedPattern is a valid regular expression; no value can be checked against it otherwise",
)
def pattern_compiles(ctx: Context) -> Iterator[Hit]:
    for name, spec in ctx.param_specs:
        pattern = spec.get("AllowedPattern")
        if pattern is None or (isinstance(pattern, str) and "\\p{" in pattern):
            continue  # \p{..} classes are valid for ROS but unknown to Python's re
        if compiled(pattern) is None:
            yield Hit(
                ("Parameters", name, "AllowedPattern"),
                "AllowedPattern is not a valid regular expression",
                value=True,
            )


def _no_echo(spec: dict) -> bool:
    return text_of(spec.get("NoEcho")).lower() == "true"


@rule(
    "W3009", "A NoEcho parameter has no Default; one deploys, but it is a committed, shared secret"
)
def secret_default(ctx: Context) -> Iterator[Hit]:
    for name, spec in ctx.param_specs:
        if _no_echo(spec) and spec.get("Default") not in (None, ""):
            yield Hit(
                ("Parameters", name, "Default"),
                f"NoEcho parameter {name!r} has a literal Default: a committed secret",
                value=True,
            )


@rule("W3010", "Password-like parameters are NoEcho; otherwise the console shows the secret")
def password_without_no_echo(ctx: Context) -> Iterator[Hit]:
    for name, spec in ctx.param_specs:
        if (
            spec.get("Type") == "String"
            and PASSWORD_LIKE.search(name)
            and not NOT_A_SECRET.search(name)
            and not _no_echo(spec)
        ):
            yield Hit(
                ("Parameters", name), f"parameter {name!r} looks like a secret but is not NoEcho"
            )


@rule("W3011", "NoEcho parameter values do not flow into Outputs; the stack would show the secret")
def secret_output(ctx: Context) -> Iterator[Hit]:
    secrets = {name for name, spec in ctx.param_specs if _no_echo(spec)}
    usage = ctx.usage
    for path, name in (*usage.refs, *usage.sub_vars):
        if path[0] == "Outputs" and isinstance(name, str) and base_name(name) in secrets:
            yield Hit(path, f"output reveals NoEcho parameter {base_name(name)!r}", value=True)


@rule("E3012", "OOS parameter types take no AllowedPattern; ROS rejects it")
def oos_pattern(ctx: Context) -> Iterator[Hit]:
    for name, spec in ctx.param_specs:
        if str(spec.get("Type", "")).startswith("ALIYUN::OOS::") and "AllowedPattern" in spec:
            yield Hit(
                ("Parameters", name, "AllowedPattern"),
                f"{spec['Type']} parameters take no AllowedPattern",
            )


@rule("W3013", "Confirm is used only with NoEcho; without it Confirm does nothing")
def confirm_without_no_echo(ctx: Context) -> Iterator[Hit]:
    for name, spec in ctx.param_specs:
        if "Confirm" in spec and not _no_echo(spec):
            yield Hit(("Parameters", name, "Confirm"), "Confirm has no effect without NoEcho")


RULES = (
    parameter_type,
    parameter_property,
    default_allowed,
    default_pattern,
    default_range,
    default_type,
    min_max,
    pattern_compiles,
    secret_default,
    password_without_no_echo,
    secret_output,
    oos_pattern,
    confirm_without_no_echo,
)
