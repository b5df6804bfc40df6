"""Changes to the generated parts of a template: a JSON merge patch (RFC 7386) per part.

``ros.patch`` in a spec keeps a group and states where a template departs from it (what
``nestgen import`` writes for a hand-written template that uses a group's names): a mapping
merges into the part, ``null`` removes a key or the whole part, anything else replaces; so
does a ROS function (a mapping with a ``Fn::`` or ``Ref`` key), which is an expression.
"""

from __future__ import annotations

from typing import Any

from nestgen.ros.model import RawOutput, RawParameter, Template

SECTIONS = ("parameters", "conditions", "resources", "outputs")


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386: ``patch`` applied to ``target`` (neither is changed); a ROS function in the
    patch (``{Fn::...: ...}``, ``{Ref: ...}``) replaces what is there instead of merging."""
    if not isinstance(patch, dict) or _expression(patch):
        return patch
    merged = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = merge_patch(merged.get(key), value)
    return merged


def make_patch(before: Any, after: Any) -> Any:
    """The merge patch that turns ``before`` into ``after`` (``after`` holds no null)."""
    if not isinstance(before, dict) or not isinstance(after, dict) or _expression(before, after):
        return after
    patch: dict[str, Any] = {key: None for key in before if key not in after}
    for key, value in after.items():
        if key not in before:
            patch[key] = value
        elif before[key] != value:
            patch[key] = make_patch(before[key], value)
    return patch


def _expression(*values: dict[str, Any]) -> bool:
    """Whether a mapping is a ROS function (``Fn::...``, ``Ref``): replaced, never merged."""
    return any(k == "Ref" or k.startswith("Fn::") for value in values for k in value)


def has_null(value: Any) -> bool:
    """Whether a null lies anywhere in ``value`` (a merge patch cannot write one)."""
    if value is None:
        return True
    if isinstance(value, dict):
        return any(has_null(v) for v in value.values())
    if isinstance(value, list):
        return any(has_null(v) for v in value)
    return False


def apply_patch(template: Template, patch: dict[str, dict[str, Any]]) -> None:
    """Apply ``patch`` (section -> name -> change) to the parts the groups generated."""
    for name, change in patch.get("parameters", {}).items():
        if change is None:
            del template.parameters[name]
            for group in template.groups:
                group.names = [n for n in group.names if n != name]
        else:
            body = merge_patch(template.parameters[name].to_ros(), change)
            template.parameters[name] = RawParameter(name, body)
    for name, change in patch.get("conditions", {}).items():
        if change is None:
            del template.conditions[name]
        else:
            template.conditions[name] = change
    for name, change in patch.get("resources", {}).items():
        if change is None:
            del template.resources[name]
        else:
            template.resources[name] = merge_patch(template.resources[name], change)
    for name, change in patch.get("outputs", {}).items():
        if change is None:
            del template.outputs[name]
        else:
            template.outputs[name] = RawOutput(
                name, merge_patch(template.outputs[name].to_ros(), change)
            )
