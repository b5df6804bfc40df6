"""Group 8, resources: types, properties and attributes against the ROS resource-type spec.

The spec comes from Alibaba's ROS CDK (``nestgen/data/ros_spec.json.gz``, see
:mod:`nestgen.rosspec`); the walk itself is :mod:`nestgen.lint.resources`.
"""

from __future__ import annotations

from collections.abc import Iterator

from nestgen.lint import resources as walk
from nestgen.lint.context import Context
from nestgen.lint.rule import Hit, Rule, rule
from nestgen.lint.walk import Path


def _walk_rule(rule_id: str, description: str, kind: str) -> Rule:
    """A rule that reports the resource walk's problems of one kind."""

    def check(ctx: Context) -> Iterator[Hit]:
        for problem in ctx.resource_problems:
            if problem.kind == kind:
                yield Hit(problem.path, problem.message, value=problem.value)

    return rule(rule_id, description)(check)


WALK_RULES = tuple(
    _walk_rule(*entry)
    for entry in (
        (
            "E8001",
            "ALIYUN::/DATASOURCE:: types exist: ROS rejects a type it does not know (did-you-mean)",
            walk.UNKNOWN_TYPE,
        ),
        (
            "I8002",
            "MODULE:: types the ROS spec lacks are named: their properties go unchecked",
            walk.UNCHECKED_MODULE,
        ),
        (
            "E8003",
            "Properties and nested keys exist: ROS rejects one the type lacks (did-you-mean)",
            walk.UNKNOWN_PROPERTY,
        ),
        (
            "E8004",
            "Required properties and nested keys are given: ROS rejects the resource without them",
            walk.MISSING,
        ),
        (
            "E8005",
            "Values have the shape ROS takes (single value, list, mapping); each Fn::If branch too",
            walk.SHAPE,
        ),
        (
            "E8006",
            "Literal values lie within the allowed values, range, length, pattern: else ROS fails",
            walk.VALUE,
        ),
        (
            "W8008",
            "Properties ROS no longer documents, or spells otherwise, are named: ROS may drop them",
            walk.LEGACY_PROPERTY,
        ),
    )
)


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


def _attribute_problems(ctx: Context, kind: str) -> Iterator[Hit]:
    if not ctx.resources:
        return
    from nestgen.rosspec.spec import load_spec

    for problem in walk.check_attributes(_getatts(ctx), ctx.resources, load_spec()):
        if problem.kind == kind:
            yield Hit(problem.path, problem.message, value=problem.value)


@rule("E8007", "Fn::GetAtt names an attribute the type has: ROS fails on one it lacks")
def unknown_attribute(ctx: Context) -> Iterator[Hit]:
    yield from _attribute_problems(ctx, walk.ATTRIBUTE)


@rule(
    "W8009",
    "Compute Nest module properties and attributes are ones published templates use: "
    "others may be typos (the modules' own spec is not public)",
)
def module_name(ctx: Context) -> Iterator[Hit]:
    for problem in ctx.resource_problems:
        if problem.kind == walk.MODULE_NAME:
            yield Hit(problem.path, problem.message, value=problem.value)
    yield from _attribute_problems(ctx, walk.MODULE_NAME)


RULES = (*WALK_RULES, unknown_attribute, module_name)
