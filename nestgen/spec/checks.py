"""Checks the schema cannot express: names that must resolve, and must not repeat."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from nestgen.errors import InputError
from nestgen.ros.build import compose, missing_requirements
from nestgen.ros.groups import GROUPS, BuildContext
from nestgen.ros.model import Text
from nestgen.spec.problems import problem
from nestgen.spec.schema import schema_problems
from nestgen.yamlio import Document


def group_entries(template: dict[str, Any]) -> Iterator[tuple[int, str, dict[str, Any]]]:
    """``(index, name, options)`` for each group item (a name or a one-key mapping)."""
    for index, item in enumerate(template.get("groups", [])):
        if isinstance(item, str):
            yield index, item, {}
        else:
            name, options = next(iter(item.items()))
            yield index, name, options or {}


def semantic_problems(doc: Document) -> list[InputError]:
    """All cross-reference problems of a schema-valid spec document."""
    data = doc.data
    found = _repeats(doc, ("artifacts",), "key")
    found += _repeats(doc, ("templates",), "name") + _repeats(doc, ("templates",), "file")
    artifact_keys = {a["key"] for a in data.get("artifacts", [])}
    for t_index, template in enumerate(data["templates"]):
        found += _template_problems(doc, ("templates", t_index), template, artifact_keys)
    names = {t["name"] for t in data["templates"]}
    for o_index, operation in enumerate(data.get("operations", [])):
        if operation["template"] not in names:
            path = ("operations", o_index, "template")
            found.append(
                problem(doc, path, f"no template named {operation['template']!r}", value=True)
            )
    return found


def _repeats(doc: Document, path: tuple[Any, ...], key: str) -> list[InputError]:
    seen: set[Any] = set()
    found = []
    for index, item in enumerate(doc.data.get(path[0], [])):
        if item[key] in seen:
            message = f"duplicate {key} {item[key]!r}"
            found.append(problem(doc, (*path, index, key), message, value=True))
        seen.add(item[key])
    return found


def _template_problems(
    doc: Document, where: tuple[Any, ...], template: dict[str, Any], artifacts: set[str]
) -> list[InputError]:
    found: list[InputError] = []
    seen: dict[str, int] = {}
    for index, name, options in group_entries(template):
        path = (*where, "groups", index)
        if name not in GROUPS:
            known = ", ".join(GROUPS)
            found.append(
                problem(doc, path, f"unknown parameter group {name!r} (known: {known})", value=True)
            )
            continue
        if name in seen:
            found.append(problem(doc, path, f"group {name!r} listed twice", value=True))
        seen[name] = index
        option_path = path if isinstance(template["groups"][index], str) else (*path, name)
        found += schema_problems(doc, options, GROUPS[name].options_schema(), option_path)
        found += _option_refs(doc, option_path, name, options, artifacts)
    for name, need in missing_requirements(seen):
        path = (*where, "groups", seen[name])
        found.append(problem(doc, path, f"group {name!r} needs group {need!r}", value=True))
    if not found:
        found += _parameter_problems(doc, where, template)
    return found


def _option_refs(
    doc: Document, path: tuple[Any, ...], name: str, options: dict[str, Any], artifacts: set[str]
) -> list[InputError]:
    if name != "helm":
        return []
    if "artifact" not in options:
        return [problem(doc, path, "missing required field 'artifact'", value=True)]
    if options["artifact"] not in artifacts:
        message = f"no artifact with key {options['artifact']!r}"
        return [problem(doc, (*path, "artifact"), message, value=True)]
    return []


def _parameter_problems(
    doc: Document, where: tuple[Any, ...], template: dict[str, Any]
) -> list[InputError]:
    """Spec parameters must not repeat each other or a group's parameters."""
    groups = {name: options for _, name, options in group_entries(template)}
    built = compose(Text("", ""), groups, BuildContext())
    taken = set(built.parameters) | set(built.resources)
    found = []
    for index, parameter in enumerate(template.get("parameters", [])):
        path = (*where, "parameters", index, "name")
        if parameter["name"] in taken:
            found.append(
                problem(doc, path, f"duplicate parameter name {parameter['name']!r}", value=True)
            )
        elif parameter.get("no_echo") and "default" in parameter:
            found.append(
                problem(doc, (*path[:-1], "default"), "a NoEcho parameter may not have a default")
            )
        taken.add(parameter["name"])
    return found
