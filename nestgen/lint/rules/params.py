"""Group 4, parameters: types, properties, and a Default that obeys its own constraints."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from nestgen.lint.context import Context
from nestgen.lint.rule import Hit, rule
from nestgen.lint.walk import base_name, has
from nestgen.patterns import compile_pattern
from nestgen.rosvalues import (
    TYPES,
    Violation,
    as_number,
    canonical,
    default_violations,
    is_no_echo,
    shown,
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
        elif not has(frozenset(TYPES), spec["Type"]):
            yield Hit(
                ("Parameters", name, "Type"), f"unknown parameter type {spec['Type']!r}", value=True
            )


@rule("W3002", "Parameters use only the known parameter properties; others are ignored")
def parameter_property(ctx: Context) -> Iterator[Hit]:
    for name, spec in ctx.param_specs:
        for key in spec:
            if key not in PROPERTIES:
                yield Hit(("Parameters", name, key), f"unknown parameter property {key!r}")


# Which lint rule reports each family of :func:`nestgen.rosvalues.violations`.
RULE_OF_CODE = {
    "allowed-values": "E3003",
    "pattern": "E3004",
    "length": "E3005",
    "range": "E3005",
    "type": "E3006",
}


def default_findings(ctx: Context, rule_id: str) -> Iterator[Hit]:
    """The Default violations that ``rule_id`` reports, worded without a NoEcho value."""
    for name, spec in ctx.param_specs:
        found = default_violations(spec) or []
        secret = is_no_echo(spec)
        for violation in found:
            if RULE_OF_CODE[violation.code] == rule_id and violation.key != "bad-pattern":
                message = describe(violation, secret=secret)
                yield Hit(("Parameters", name, "Default"), message, value=True)


def describe(found: Violation, *, secret: bool) -> str:
    """A lint message for one violation of a Default (``the value`` for a NoEcho one)."""
    value = "of this NoEcho parameter" if secret else shown(found.value, secret=False)
    key = found.key
    if key == "allowed-values":
        return f"Default {value} is not among the AllowedValues"
    if key == "pattern":
        return f"Default {value} does not match AllowedPattern"
    if key in ("min-length", "max-length"):
        relation = "shorter than MinLength" if key == "min-length" else "longer than MaxLength"
        size = "" if secret else f" {len(found.value)} characters long,"
        return f"Default {value} is{size} {relation} {canonical(found.limit)}"
    if key in ("min-value", "max-value"):
        relation = "below MinValue" if key == "min-value" else "above MaxValue"
        return f"Default {value} is {relation} {canonical(found.limit)}"
    return TYPE_MESSAGES.get(key, f"a Default that is not of the parameter's Type ({key})")


TYPE_MESSAGES = {
    "type-number": "a Number parameter needs a numeric Default",
    "type-boolean": "a Boolean parameter needs true or false",
    "type-string": "a String parameter needs a text Default",
    "type-json": "a Json parameter needs a JSON Default",
    "type-json-kind": "a Json parameter needs a JSON object or array Default",
    "type-list": "a CommaDelimitedList parameter needs a list or comma-separated text Default",
}


@rule("E3003", "A Default is one of the AllowedValues; ROS rejects the Default otherwise")
def default_allowed(ctx: Context) -> Iterator[Hit]:
    yield from default_findings(ctx, "E3003")


@rule("E3004", "A Default matches the AllowedPattern; ROS rejects the Default otherwise")
def default_pattern(ctx: Context) -> Iterator[Hit]:
    yield from default_findings(ctx, "E3004")


@rule(
    "E3005",
    "A Default is within MinLength/MaxLength and MinValue/MaxValue; ROS rejects it otherwise",
)
def default_range(ctx: Context) -> Iterator[Hit]:
    yield from default_findings(ctx, "E3005")


@rule("E3006", "A Default has the parameter's Type; ROS rejects it otherwise")
def default_type(ctx: Context) -> Iterator[Hit]:
    yield from default_findings(ctx, "E3006")


@rule(
    "E3007", "MinLength <= MaxLength and MinValue <= MaxValue; no value could be accepted otherwise"
)
def min_max(ctx: Context) -> Iterator[Hit]:
    for name, spec in ctx.param_specs:
        for low_key, high_key in (("MinLength", "MaxLength"), ("MinValue", "MaxValue")):
            low, high = as_number(spec.get(low_key)), as_number(spec.get(high_key))
            if low is not None and high is not None and low > high:
                yield Hit(
                    ("Parameters", name, low_key),
                    f"{low_key} {canonical(low)} is greater than {high_key} {canonical(high)}",
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


@rule(
    "W3009", "A NoEcho parameter has no Default; one deploys, but it is a committed, shared secret"
)
def secret_default(ctx: Context) -> Iterator[Hit]:
    for name, spec in ctx.param_specs:
        if is_no_echo(spec) and spec.get("Default") not in (None, ""):
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
            and not is_no_echo(spec)
        ):
            yield Hit(
                ("Parameters", name), f"parameter {name!r} looks like a secret but is not NoEcho"
            )


@rule("W3011", "NoEcho parameter values do not flow into Outputs; the stack would show the secret")
def secret_output(ctx: Context) -> Iterator[Hit]:
    secrets = {name for name, spec in ctx.param_specs if is_no_echo(spec)}
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
        if "Confirm" in spec and not is_no_echo(spec):
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
