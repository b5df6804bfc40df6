"""Group 8, resources: types, properties and attributes against the ROS resource-type spec.

The spec comes from Alibaba's ROS CDK (``nestgen/data/ros_spec.json.gz``, see
:mod:`nestgen.rosspec`); the walk itself is :mod:`nestgen.lint.resources`.
"""

from __future__ import annotations

from collections.abc import Iterator

from nestgen.lint import resources as walk
from nestgen.lint.context import Context
from nestgen.lint.rule import Hit, rule
from nestgen.lint.walk import Path


def _hits(ctx: Context, kind: str) -> Iterator[Hit]:
    for problem in ctx.resource_problems:
        if problem.kind == kind:
            yield Hit(problem.path, problem.message, value=problem.value)


@rule(
    "E8001", "ALIYUN::/DATASOURCE:: types exist: ROS rejects a type it does not know (did-you-mean)"
)
def unknown_type(ctx: Context) -> Iterator[Hit]:
    return _hits(ctx, walk.UNKNOWN_TYPE)


@rule(
    "I8002",
    "MODULE:: types the ROS spec does not describe are named: their properties go unchecked",
)
def unchecked_module(ctx: Context) -> Iterator[Hit]:
    return _hits(ctx, walk.UNCHECKED_MODULE)


@rule("E8003", "Properties and nested keys exist: ROS rejects one the type lacks (did-you-mean)")
def unknown_property(ctx: Context) -> Iterator[Hit]:
    return _hits(ctx, walk.UNKNOWN_PROPERTY)


@rule(
    "W8008",
    "Properties ROS no longer documents, or spells otherwise, are named: ROS may ignore them",
)
def legacy_property(ctx: Context) -> Iterator[Hit]:
    return _hits(ctx, walk.LEGACY_PROPERTY)


@rule(
    "E8004", "Required properties and nested keys are given: ROS rejects the resource without them"
)
def missing_property(ctx: Context) -> Iterator[Hit]:
    return _hits(ctx, walk.MISSING)


@rule(
    "E8005",
    "Values have the shape ROS takes (single value, list, mapping); each Fn::If branch counts",
)
def wrong_shape(ctx: Context) -> Iterator[Hit]:
    return _hits(ctx, walk.SHAPE)


@rule(
    "E8006", "Literal values lie within the allowed values, range, length, pattern: else ROS fails"
)
def bad_value(ctx: Context) -> Iterator[Hit]:
    return _hits(ctx, walk.VALUE)


def _getatts(ctx: Context) -> list[tuple[Path, str, str]]:
    """(path, resource, attribute) of every Fn::GetAtt and ${Resource.Attribute}."""
    found = []
    for path, name, arg in ctx.usage.calls:
        if name != "Fn::GetAtt":
            continue
        if isinstance(arg, str) and "." in arg:
            target, attribute = arg.split(".", 1)
            found.append((path, target, attribute))
        elif isinstance(arg, list) and len(arg) == 2 and all(isinstance(a, str) for a in arg):
            found.append(((*path, 1), arg[0], arg[1]))
    for path, variable in ctx.usage.sub_vars:
        if "." in variable and not variable.startswith("ALIYUN::"):
            target, attribute = variable.split(".", 1)
            found.append((path, target, attribute))
    return found


@rule("E8007", "Fn::GetAtt names an attribute the type has: ROS fails on one it lacks")
def unknown_attribute(ctx: Context) -> Iterator[Hit]:
    if not ctx.resources:
        return
    from nestgen.rosspec.spec import load_spec

    for problem in walk.check_attributes(_getatts(ctx), ctx.resources, load_spec()):
        yield Hit(problem.path, problem.message, value=problem.value)


RULES = (
    unknown_type,
    unchecked_module,
    unknown_property,
    missing_property,
    wrong_shape,
    bad_value,
    unknown_attribute,
    legacy_property,
)
