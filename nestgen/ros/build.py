"""Compose a template from parameter groups."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from nestgen.errors import InputError
from nestgen.ros.groups import GROUPS, BuildContext
from nestgen.ros.model import Output, Template, Text


def missing_requirements(names: Iterable[str]) -> list[tuple[str, str]]:
    """``(group, required group)`` pairs a selection of groups leaves unmet."""
    chosen = set(names)
    return [
        (name, need)
        for name in GROUPS
        if name in chosen
        for need in GROUPS[name].requires
        if need not in chosen
    ]


def exclusions(names: Iterable[str]) -> list[tuple[str, str]]:
    """``(group, excluded group)`` pairs of a selection that may not go together."""
    chosen = set(names)
    return [
        (name, other)
        for name in GROUPS
        if name in chosen
        for other in GROUPS[name].excludes
        if other in chosen
    ]


def compose(
    description: Text,
    groups: Mapping[str, dict[str, Any]],
    context: BuildContext,
    outputs: Iterable[Output] = (),
) -> Template:
    """A template holding ``groups`` (name -> options), applied in library order."""
    unknown = sorted(set(groups) - set(GROUPS))
    if unknown:
        raise InputError(f"unknown parameter group(s): {', '.join(unknown)}")
    for name, need in missing_requirements(groups):
        raise InputError(f"parameter group {name!r} needs group {need!r}")
    for name, other in exclusions(groups):
        raise InputError(f"parameter group {name!r} cannot be combined with group {other!r}")
    template = Template(description=description)
    for name, group in GROUPS.items():
        if name in groups:
            group.apply(template, context, groups[name])
    for output in outputs:
        template.add_output(output)
    return template
