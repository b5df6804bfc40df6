"""Group 3, references: every name resolves, nothing dangles, no cycles."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from nestgen.lint.context import Context
from nestgen.lint.rule import Hit, rule
from nestgen.lint.walk import base_name, has

FUNCTIONS = frozenset(
    {
        "Fn::GetAtt",
        "Fn::Sub",
        "Fn::Join",
        "Fn::Select",
        "Fn::Split",
        "Fn::Replace",
        "Fn::If",
        "Fn::Equals",
        "Fn::And",
        "Fn::Or",
        "Fn::Not",
        "Fn::FindInMap",
        "Fn::GetAZs",
        "Fn::Base64Encode",
        "Fn::Base64Decode",
        "Fn::Str",
        "Fn::Indent",
        "Fn::Index",
        "Fn::Length",
        "Fn::ListMerge",
        "Fn::GetJsonValue",
        "Fn::MergeMapToList",
        "Fn::MergeMap",
        "Fn::SelectMapList",
        "Fn::Add",
        "Fn::Avg",
        "Fn::Calculate",
        "Fn::Max",
        "Fn::Min",
        "Fn::GetStackOutput",
        "Fn::Jq",
        "Fn::FormatTime",
        "Fn::MarketplaceImage",
        "Fn::Any",
        "Fn::Contains",
        "Fn::EachMemberIn",
        "Fn::MatchPattern",
        "Fn::Cidr",
    }
)


@rule("E2001", "Ref names a parameter, resource, local or pseudo parameter; ROS rejects others")
def undefined_ref(ctx: Context) -> Iterator[Hit]:
    for path, name in ctx.usage.refs:
        if isinstance(name, str) and name not in ctx.ref_targets:
            yield Hit(path, f"Ref to undefined name {name!r}", value=True)


@rule("E2002", "Fn::GetAtt names a resource or local; ROS rejects others")
def undefined_getatt(ctx: Context) -> Iterator[Hit]:
    targets = set(ctx.resources) | set(ctx.locals)
    for path, name in ctx.usage.getatts:
        if isinstance(name, str) and name not in targets:
            yield Hit(path, f"Fn::GetAtt of undefined resource {name!r}", value=True)


@rule(
    "E2003",
    "Every ${X} in Fn::Sub is a variable, parameter, resource or local; ROS cannot resolve others",
)
def undefined_sub_variable(ctx: Context) -> Iterator[Hit]:
    for path, name in ctx.usage.sub_vars:
        if base_name(name) not in ctx.ref_targets and name not in ctx.ref_targets:
            yield Hit(
                path,
                f"Fn::Sub variable ${{{name}}} is not defined "
                "(write ${!" + name + "} for a literal)",
                value=True,
            )


@rule("E2004", "Fn::FindInMap names an existing mapping and keys; the lookup fails otherwise")
def find_in_map(ctx: Context) -> Iterator[Hit]:
    mappings = ctx.section("Mappings")
    for path, name, arg in ctx.usage.calls:
        if name != "Fn::FindInMap" or not isinstance(arg, list) or len(arg) != 3:
            continue
        level: Any = mappings
        for index, key in enumerate(arg):
            if not isinstance(key, str | int) or not isinstance(level, dict):
                break
            if key not in level:
                what = "mapping" if index == 0 else "key"
                yield Hit((*path, index), f"Fn::FindInMap: no {what} {key!r}", value=True)
                break
            level = level[key]


@rule("E2005", "DependsOn names existing resources; ROS rejects others")
def depends_on(ctx: Context) -> Iterator[Hit]:
    for name, resource in ctx.resources.items():
        deps = resource.get("DependsOn") if isinstance(resource, dict) else None
        items = [deps] if isinstance(deps, str) else deps if isinstance(deps, list) else []
        for index, dep in enumerate(items):
            if not has(ctx.resources, dep):
                where = (
                    "Resources",
                    name,
                    "DependsOn",
                    *((index,) if isinstance(deps, list) else ()),
                )
                yield Hit(where, f"DependsOn names undefined resource {dep!r}", value=True)


def _condition_refs(ctx: Context) -> Iterator[tuple[tuple, Any]]:
    """Every place that names a condition: Condition keys, Fn::If, {Condition: X}."""
    for section in ("Resources", "Outputs"):
        for name, item in ctx.section(section).items():
            if isinstance(item, dict) and "Condition" in item:
                yield (section, name, "Condition"), item["Condition"]
    yield from ctx.usage.if_conditions
    yield from _condition_functions(ctx.conditions, ("Conditions",))


def _condition_functions(value: Any, path: tuple) -> Iterator[tuple[tuple, Any]]:
    if isinstance(value, dict):
        if len(value) == 1 and "Condition" in value:
            yield (*path, "Condition"), value["Condition"]
        for key, item in value.items():
            yield from _condition_functions(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _condition_functions(item, (*path, index))


@rule("E2006", "Condition names used by resources, outputs and Fn::If exist; ROS rejects others")
def undefined_condition(ctx: Context) -> Iterator[Hit]:
    for path, name in _condition_refs(ctx):
        if isinstance(name, str) and name not in ctx.conditions:
            yield Hit(path, f"undefined condition {name!r}", value=True)


def _dependencies(ctx: Context) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {name: set() for name in ctx.resources}
    names = ((p, n) for p, n in (*ctx.usage.refs, *ctx.usage.getatts))
    subs = ((p, base_name(n)) for p, n in ctx.usage.sub_vars)
    for path, name in (*names, *subs):
        if len(path) > 1 and path[0] == "Resources" and has(graph, name) and path[1] in graph:
            graph[path[1]].add(name)
    for name, resource in ctx.resources.items():
        deps = resource.get("DependsOn") if isinstance(resource, dict) else None
        for dep in [deps] if isinstance(deps, str) else deps if isinstance(deps, list) else []:
            if has(graph, dep):
                graph[name].add(dep)
    return graph


def _find_cycle(graph: dict[str, set[str]], start: str) -> list[str] | None:
    stack, seen = [(start, [start])], set()
    while stack:
        node, trail = stack.pop()
        for dep in sorted(graph.get(node, ())):
            if dep == start:
                return trail
            if dep not in seen:
                seen.add(dep)
                stack.append((dep, [*trail, dep]))
    return None


@rule("E2007", "Resources do not depend on each other in a cycle; ROS rejects a cycle")
def dependency_cycle(ctx: Context) -> Iterator[Hit]:
    graph, reported = _dependencies(ctx), set()
    for name in sorted(graph, key=str):
        if name in reported:
            continue
        cycle = _find_cycle(graph, name)
        if cycle:
            reported.update(cycle)
            yield Hit(
                ("Resources", name), "dependency cycle: " + " -> ".join(map(str, [*cycle, name]))
            )


def _used_names(ctx: Context) -> set[str]:
    used = {n for _, n in ctx.usage.refs if isinstance(n, str)}
    used.update(base_name(n) for _, n in (*ctx.usage.sub_vars, *ctx.usage.loose_vars))
    return used


UI_WIDGETS = frozenset({"AlertCheckbox", "Checkbox"})
UI_WORDS = ("Confirm", "Checkbox", "Agree", "Acknowledge")


def _unused(ctx: Context) -> Iterator[tuple[str, bool]]:
    """(name, ui_only) for each unreferenced parameter; none for Terraform/parameters-only."""
    if ctx.is_terraform or ctx.is_parameters_only:
        return
    used, ui = _used_names(ctx), {n for _, n in ctx.metadata_vars}
    for name, spec in ctx.parameters.items():
        if name in used:
            continue
        widget = spec.get("AssociationProperty") if isinstance(spec, dict) else None
        ui_only = name in ui or has(UI_WIDGETS, widget) or any(w in str(name) for w in UI_WORDS)
        yield name, ui_only


@rule("W2008", "Every parameter is used; an unused one is a console field that does nothing")
def unused_parameter(ctx: Context) -> Iterator[Hit]:
    for name, ui_only in _unused(ctx):
        if not ui_only:
            yield Hit(("Parameters", name), f"parameter {name!r} is never used")


@rule("I2009", "UI-only parameters (checkboxes, confirmations, form switches) are noted")
def ui_only_parameter(ctx: Context) -> Iterator[Hit]:
    for name, ui_only in _unused(ctx):
        if ui_only:
            yield Hit(("Parameters", name), f"parameter {name!r} only serves the console form")


@rule("I2010", "Every condition is used (style: an unused condition is dead text)")
def unused_condition(ctx: Context) -> Iterator[Hit]:
    used = {n for _, n in _condition_refs(ctx) if isinstance(n, str)}
    used.update(_strings(ctx.conditions) & set(ctx.conditions))
    used.update(_strings(ctx.section("Rules")) & set(ctx.conditions))
    for name in ctx.conditions:
        if name not in used:
            yield Hit(("Conditions", name), f"condition {name!r} is never used")


def _strings(value: Any) -> set[str]:
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        return set().union(*(_strings(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(_strings(v) for v in value)) if value else set()
    return set()


@rule("I2011", "Every mapping is used by Fn::FindInMap (style: an unused mapping is dead text)")
def unused_mapping(ctx: Context) -> Iterator[Hit]:
    names = [
        arg[0] if isinstance(arg, list) and arg else None
        for _, name, arg in ctx.usage.calls
        if name == "Fn::FindInMap"
    ]
    if not all(isinstance(n, str) for n in names):
        return  # a computed mapping name could be any of them
    for name in ctx.section("Mappings"):
        if name not in names:
            yield Hit(("Mappings", name), f"mapping {name!r} is never used")


@rule(
    "W2012",
    "${X} naming a parameter or resource appears only inside Fn::Sub; elsewhere it stays literal",
)
def variable_outside_sub(ctx: Context) -> Iterator[Hit]:
    for path, name in ctx.usage.loose_vars:
        if base_name(name) in ctx.ref_targets:
            yield Hit(
                path, f"${{{name}}} is outside Fn::Sub, so it is never substituted", value=True
            )


@rule("E2013", "Only known Fn:: functions are used; ROS rejects others")
def unknown_function(ctx: Context) -> Iterator[Hit]:
    for path, name, _ in ctx.usage.calls:
        if name.startswith("Fn::") and name not in FUNCTIONS:
            yield Hit(path, f"unknown function {name!r}")


def _list_of(count: int) -> Any:
    return lambda arg: isinstance(arg, list) and len(arg) == count


SHAPES: dict[str, tuple[Any, str]] = {
    "Ref": (lambda a: isinstance(a, str), "a name"),
    "Fn::GetAtt": (
        lambda a: (isinstance(a, str) and "." in a) or _list_of(2)(a),
        "[Resource, Attribute]",
    ),
    "Fn::Sub": (
        lambda a: isinstance(a, str | dict) or (isinstance(a, list) and len(a) in (1, 2)),
        "a string or [string, {variables}]",
    ),
    "Fn::Join": (_list_of(2), "[delimiter, [items]]"),
    "Fn::Split": (_list_of(2), "[delimiter, text]"),
    "Fn::Select": (_list_of(2), "[index, list]"),
    "Fn::If": (_list_of(3), "[condition, value-if-true, value-if-false]"),
    "Fn::Equals": (_list_of(2), "[value, value]"),
    "Fn::FindInMap": (_list_of(3), "[mapping, key, key]"),
    "Fn::Not": (lambda a: isinstance(a, dict) or _list_of(1)(a), "[condition]"),
    "Fn::And": (lambda a: isinstance(a, list) and len(a) >= 2, "[condition, condition, ...]"),
    "Fn::Or": (lambda a: isinstance(a, list) and len(a) >= 2, "[condition, condition, ...]"),
}


@rule("E2014", "Functions get arguments of the right shape; ROS rejects others")
def function_shape(ctx: Context) -> Iterator[Hit]:
    for path, name, arg in ctx.usage.calls:
        shape = SHAPES.get(name)
        if shape and not shape[0](arg):
            yield Hit(path, f"{name} takes {shape[1]}")


RULES = (
    undefined_ref,
    undefined_getatt,
    undefined_sub_variable,
    find_in_map,
    depends_on,
    undefined_condition,
    dependency_cycle,
    unused_parameter,
    ui_only_parameter,
    unused_condition,
    unused_mapping,
    variable_outside_sub,
    unknown_function,
    function_shape,
)
