"""One pass over a template's expressions, collecting what the reference rules need.

The walk covers Resources, Outputs, Conditions, Locals and Rules.  It does not enter a
nested stack's inline ``TemplateBody`` (its own scope; the engine lints it separately),
nor ``Workspace`` (Terraform text), ``Parameters`` or ``Metadata`` (console text).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from nestgen.subvars import variables

Path = tuple[Any, ...]

WALKED_SECTIONS = ("Resources", "Outputs", "Conditions", "Locals", "Rules")
PLACEHOLDER = re.compile(r"\{\{\s*computenest::[^}]*\}\}")
NAME = re.compile(r"^[A-Za-z_][\w-]*(?:::[A-Za-z_]\w*)*(?:\.[\w.-]+)?$")


def has(container: Any, key: Any) -> bool:
    """``key in container``, False for an unhashable key (YAML allows lists anywhere)."""
    try:
        return key in container
    except TypeError:
        return False


def hashable(items: Any) -> set:
    """The hashable members of a list as a set (empty for anything else)."""
    return (
        {i for i in items if isinstance(i, str | int | float | bool)}
        if isinstance(items, list)
        else set()
    )


def get_path(data: Any, path: Path) -> Any:
    """The value at ``path`` (mapping keys and list indexes), or None."""
    for key in path:
        if isinstance(data, list) and isinstance(key, int) and 0 <= key < len(data):
            data = data[key]
        elif isinstance(data, dict):
            data = data.get(key)
        else:
            return None
    return data


def sub_variables(text: str) -> Iterator[str]:
    """The variable names in a ``Fn::Sub`` string (escapes like ``${!X}`` skipped)."""
    for written in variables(text):
        name = written.strip()
        if name and not name.startswith("!"):
            yield name


def base_name(variable: str) -> str:
    """``Res.Attr`` -> ``Res``; ``ALIYUN::Region`` stays whole."""
    return variable.split(".", 1)[0]


@dataclass
class Usage:
    """Everything referenced from a template's expressions, with key paths."""

    refs: list[tuple[Path, Any]] = field(default_factory=list)
    getatts: list[tuple[Path, Any]] = field(default_factory=list)
    sub_vars: list[tuple[Path, str]] = field(default_factory=list)
    loose_vars: list[tuple[Path, str]] = field(default_factory=list)
    calls: list[tuple[Path, str, Any]] = field(default_factory=list)
    if_conditions: list[tuple[Path, Any]] = field(default_factory=list)
    placeholders: list[tuple[Path, str]] = field(default_factory=list)
    nested: list[Path] = field(default_factory=list)


class _Walker:
    def __init__(self) -> None:
        self.usage = Usage()

    def node(self, value: Any, path: Path, in_sub: bool) -> None:
        if isinstance(value, dict):
            self.mapping(value, path, in_sub)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                self.node(item, (*path, index), in_sub)
        elif isinstance(value, str):
            self.string(value, path, in_sub)

    def string(self, text: str, path: Path, in_sub: bool) -> None:
        if "{{" in text:
            for match in PLACEHOLDER.finditer(text):
                self.usage.placeholders.append((path, match.group(0)))
        if not in_sub and "${" in text:
            for name in sub_variables(text):
                self.usage.loose_vars.append((path, name))

    def mapping(self, value: dict, path: Path, in_sub: bool) -> None:
        if len(value) == 1:
            key = next(iter(value))
            if key == "Ref" or (isinstance(key, str) and key.startswith("Fn::")):
                self.function(key, value[key], (*path, key), in_sub)
                return
        for key, item in value.items():
            if key == "TemplateBody" and _is_template(item):
                self.usage.nested.append((*path, key))
                continue
            if isinstance(key, str) and key.startswith("Fn::"):
                self.usage.calls.append(((*path, key), key, item))
            self.node(item, (*path, key), in_sub)

    def function(self, name: str, arg: Any, path: Path, in_sub: bool) -> None:
        self.usage.calls.append((path, name, arg))
        if name == "Ref":
            self.usage.refs.append((path, arg))
        elif name == "Fn::GetAtt":
            target = arg.split(".", 1)[0] if isinstance(arg, str) else None
            if isinstance(arg, list) and arg:
                target = arg[0]
            self.usage.getatts.append((path, target))
        elif name == "Fn::Sub":
            self.sub(arg, path)
            return
        elif name == "Fn::If" and isinstance(arg, list) and arg:
            self.usage.if_conditions.append(((*path, 0), arg[0]))
        self.node(arg, path, in_sub)

    def sub(self, arg: Any, path: Path) -> None:
        text, local_names = arg, set()
        if isinstance(arg, list) and arg:
            text = arg[0]
            if len(arg) > 1 and isinstance(arg[1], dict):
                local_names = set(arg[1])
                self.node(arg[1], (*path, 1), False)
            path_text: Path = (*path, 0)
        else:
            path_text = path
        if isinstance(text, str):
            self.string(text, path_text, True)
            for name in sub_variables(text):
                if base_name(name) not in local_names and name not in local_names:
                    self.usage.sub_vars.append((path_text, name))
        else:
            self.node(text, path_text, True)


def _is_template(value: Any) -> bool:
    return isinstance(value, dict) and ("ROSTemplateFormatVersion" in value or "Resources" in value)


def metadata_variables(parameters: dict) -> list[tuple[Path, str]]:
    """``${X}`` names in each parameter's AssociationPropertyMetadata, with paths."""
    found: list[tuple[Path, str]] = []

    def visit(value: Any, path: Path) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                visit(item, (*path, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                visit(item, (*path, index))
        elif isinstance(value, str) and "${" in value:
            found.extend((path, name) for name in sub_variables(value))

    for name, spec in parameters.items():
        if isinstance(spec, dict) and "AssociationPropertyMetadata" in spec:
            path = ("Parameters", name, "AssociationPropertyMetadata")
            visit(spec["AssociationPropertyMetadata"], path)
    return found


def walk_template(data: dict) -> Usage:
    """Collect the references in one template mapping."""
    walker = _Walker()
    for section in WALKED_SECTIONS:
        if section in data:
            walker.node(data[section], (section,), False)
    return walker.usage
