"""Recognise nestgen's parameter groups in a hand-written template (for ``nestgen import``).

A group is recognised when most of the parameters it adds are in the template under the same
name and ROS Type.  The template is then written as that group plus ``ros.patch``, the merge
patch from what the group generates to what the template says (other labels, defaults,
constraints; ``null`` for a generated part the template lacks), and raw ROS for the rest.
Every match is verified: the groups, the patch and the raw parts are built again, and a
template that does not come back identical is imported as raw ROS only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from nestgen.errors import InputError
from nestgen.ros.build import compose, exclusions
from nestgen.ros.groups import GROUPS, BuildContext
from nestgen.ros.model import RawOutput, RawParameter, Template, Text
from nestgen.ros.patch import SECTIONS, apply_patch, has_null, make_patch
from nestgen.ros.values import plain
from nestgen.schemalite import Validator

# Groups import may recognise, in library order, with the options it builds them with.
# startup and helm need files and artifacts a template does not name; oauth needs domain's
# callback and resources of its own.
CANDIDATES: dict[str, dict[str, Any]] = {
    name: {} for name in ("cluster", "billing", "network", "workers", "password", "ecs",
                          "database", "domain")
}  # fmt: skip
SHARE = 0.6  # of a group's parameters that the template must have (name and Type)
# Options read from the template: (group, option path) <- that parameter's Default.
OPTION_DEFAULTS: dict[str, tuple[tuple[tuple[str, ...], str], ...]] = {
    "workers": ((("instance_type",), "WorkerInstanceType"), (("count",), "WorkerInstanceCount")),
    "ecs": (
        (("instance_type",), "InstanceType"),
        (("bandwidth",), "InternetMaxBandwidthOut"),
        (("system_disk", "category"), "SystemDiskCategory"),
        (("system_disk", "size"), "SystemDiskSize"),
    ),
    "database": (
        (("instance_class",), "DBInstanceClass"),
        (("storage",), "DBInstanceStorage"),
        (("database",), "DBName"),
        (("user",), "DBUser"),
    ),
    "domain": ((("default",), "DomainAddress"),),
}
ROS_SECTION = {"parameters": "Parameters", "conditions": "Conditions",
               "resources": "Resources", "outputs": "Outputs"}  # fmt: skip


@dataclass
class GroupMatch:
    """The groups of one template, the patch, and the raw ROS that remains."""

    groups: dict[str, dict[str, Any]] = field(default_factory=dict)
    patch: dict[str, dict[str, Any]] = field(default_factory=dict)
    raw: dict[str, dict[str, Any]] = field(default_factory=dict)


def _section(body: dict[str, Any], key: str) -> dict[str, Any]:
    """The template's ROS section for ``key`` ({} when absent or not a mapping)."""
    value = body.get(ROS_SECTION[key])
    return value if isinstance(value, dict) else {}


def _closure(name: str, chosen: dict[str, dict[str, Any]]) -> list[str]:
    """``name`` and the groups it needs that are not chosen yet."""
    found, todo = [name], [name]
    while todo:
        for need in GROUPS[todo.pop()].requires:
            if need not in chosen and need not in found:
                found.append(need)
                todo.append(need)
    return found


def _generated(groups: dict[str, dict[str, Any]]) -> Template:
    return compose(Text("", ""), groups, BuildContext())


def _recognised(added: list[str], generated: Template, params: dict[str, Any]) -> bool:
    """Enough of the parameters ``added`` are in the template with the same Type."""
    same = [n for n in added if isinstance(params.get(n), dict)
            and params[n].get("Type") == generated.parameters[n].to_ros()["Type"]]  # fmt: skip
    return bool(added) and len(same) >= max(1, SHARE * len(added))


def _choose(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The candidate groups the template's parameters show, with what they need."""
    params = _section(body, "parameters")
    chosen: dict[str, dict[str, Any]] = {}
    for name in CANDIDATES:
        if name in chosen:
            continue
        trial = dict(chosen) | {n: CANDIDATES[n] for n in _closure(name, chosen)}
        if exclusions(trial):
            continue
        try:
            before, after = _generated(chosen), _generated(trial)
        except InputError:  # needs a group that is not a candidate
            continue
        added = [n for n in after.parameters if n not in before.parameters]
        if _recognised(added, after, params):
            chosen = trial
    return chosen


def _sections(built: Template) -> dict[str, dict[str, Any]]:
    rendered = plain(built.to_dict())
    return {key: rendered.get(ROS_SECTION[key]) or {} for key in SECTIONS}


def _split(body: dict[str, Any], groups: dict[str, dict[str, Any]]) -> GroupMatch | None:
    """The patch and raw rest for ``groups``; None when a patch cannot say it (a null)."""
    generated = _sections(_generated(groups))
    match = GroupMatch(groups=groups)
    for key in SECTIONS:
        original = _section(body, key)
        changes: dict[str, Any] = {}
        for name, part in generated[key].items():
            if name not in original:
                changes[name] = None
            elif original[name] != part:
                if has_null(original[name]):
                    return None
                changes[name] = (
                    original[name] if key == "conditions" else make_patch(part, original[name])
                )
        if changes:
            match.patch[key] = changes
        rest = {n: v for n, v in original.items() if n not in generated[key]}
        if rest:
            match.raw[key] = rest
    return match


def _rebuilt(match: GroupMatch) -> dict[str, dict[str, Any]]:
    """The sections the spec builds for ``match`` (as :func:`build_template` merges them)."""
    built = _generated(match.groups)
    apply_patch(built, match.patch)
    for name, body in match.raw.get("parameters", {}).items():
        built.add_parameter(RawParameter(name, body))
    for name, body in match.raw.get("conditions", {}).items():
        built.add_condition(name, body)
    for name, body in match.raw.get("resources", {}).items():
        built.add_resource(name, body)
    for name, body in match.raw.get("outputs", {}).items():
        built.add_output(RawOutput(name, body))
    return _sections(built)


def _with_option(options: dict[str, Any], path: tuple[str, ...], value: Any) -> dict[str, Any]:
    if len(path) == 1:
        return {**options, path[0]: value}
    inner = options.get(path[0], {})
    return {**options, path[0]: _with_option(inner, path[1:], value)}


def _size(patch: Any) -> int:
    """How many values a patch states (its leaves)."""
    if isinstance(patch, dict) and patch:
        return sum(_size(v) for v in patch.values())
    return 1


def _infer_options(body: dict[str, Any], match: GroupMatch) -> GroupMatch:
    """Group options read from the template's defaults, each kept when the options are
    valid and the patch then says less."""
    params = _section(body, "parameters")
    for name, sources in OPTION_DEFAULTS.items():
        if name not in match.groups:
            continue
        for path, parameter in sources:
            default = (params.get(parameter) or {}).get("Default")
            if default is None:
                continue
            options = _with_option(match.groups[name], path, default)
            if any(Validator(GROUPS[name].options_schema()).iter_errors(options)):
                continue
            trial = _split(body, {**match.groups, name: options})
            if trial is not None and _size(trial.patch) < _size(match.patch):
                match = trial
    return match


def match_groups(body: dict[str, Any]) -> GroupMatch | None:
    """The template ``body`` as groups, patch and raw ROS; None when no group is recognised
    or the recognised ones would not build the template again exactly."""
    groups = _choose(body)
    if not groups:
        return None
    match = _split(body, groups)
    if match is None:
        return None
    match = _infer_options(body, match)
    try:
        rebuilt = _rebuilt(match)
    except InputError:
        return None
    for key in SECTIONS:
        original = _section(body, key)
        if rebuilt[key] != plain(original):
            return None
    return match
