"""Artifacts against their placeholders: every one a template uses is declared, and used.

A template meets an artifact through ``{{ computenest::<type>::<key> }}``: the helm group's
``artifact``, the ecs group's ``image: {artifact: KEY}``, and any placeholder written in raw
ROS, outputs, group options or the start-up file.  The linter checks the same in the built
package (E6001/W6002); here the problem points at the spec's line instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from nestgen.errors import InputError
from nestgen.lint.walk import PLACEHOLDER
from nestgen.spec.checks import Items, group_entries, valid_items
from nestgen.spec.problems import problem
from nestgen.yamlio import Document

_PARTS = re.compile(r"\{\{\s*computenest::([a-z]+)::([^}\s]+)\s*\}\}")
BUILT_IN_KEY = "dockerconfigjson"  # {{ computenest::acr|helm::dockerconfigjson }}: Compute Nest's
Use = tuple[tuple[Any, ...], str, str]  # (spec path, type, key)


def _strings(value: Any, path: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*path, index))


def _found(path: tuple[Any, ...], text: str) -> Iterator[Use]:
    for match in PLACEHOLDER.finditer(text):
        parts = _PARTS.match(match.group(0))
        if parts:
            yield path, parts.group(1), parts.group(2)


def _template_uses(where: tuple[Any, ...], template: dict[str, Any], base: Path) -> list[Use]:
    uses: list[Use] = []
    for section in ("ros", "outputs"):
        for path, text in _strings(template.get(section), (*where, section)):
            uses += _found(path, text)
    for index, name, options in group_entries(template):
        path = (*where, "groups", index, name)
        image = options.get("image")
        if name == "ecs" and isinstance(image, dict) and "artifact" in image:
            uses.append(((*path, "image", "artifact"), "ecsimage", str(image["artifact"])))
        if name == "helm" and "artifact" in options:
            uses.append(((*path, "artifact"), "helmchart", str(options["artifact"])))
        for key, value in options.items():
            uses += [u for p, t in _strings(value, (*path, key)) for u in _found(p, t)]
        for key in ("compose", "script"):
            file = base / str(options.get(key, ""))
            if name == "startup" and key in options and file.is_file():
                uses += _found((*path, key), file.read_text(encoding="utf-8", errors="replace"))
    return uses


def placeholder_problems(
    doc: Document, base: Path, invalid: set[tuple[Any, ...]], *, clean: bool
) -> list[InputError]:
    """Undeclared placeholders at the place that uses them; unused artifacts at their key.

    Unused artifacts are reported only for an otherwise ``clean`` spec (a misspelt reference
    already has its own message).
    """
    artifacts, complete = valid_items(doc.data, "artifacts", invalid)
    templates, all_templates = valid_items(doc.data, "templates", invalid)
    if not complete:
        return []
    declared = {(a["type"], a["key"]) for _, a in artifacts}
    uses = [u for i, t in templates for u in _template_uses(("templates", i), t, base)]
    found = [
        problem(doc, path, f"{{{{ computenest::{kind}::{key} }}}} names no declared artifact",
                value=True)
        for path, kind, key in uses
        if (kind, key) not in declared and key != BUILT_IN_KEY
        and path[-1] != "artifact"  # group references: checked with the group options
    ]  # fmt: skip
    found += _regions(doc, artifacts, templates, base)
    if all_templates and clean and not found:
        found += _unused(doc, artifacts, {(kind, key) for _, kind, key in uses})
    return found


def _regions(doc: Document, artifacts: Items, templates: Items, base: Path) -> list[InputError]:
    """An artifact's ``regions`` cover every region of the templates that use it."""
    found = []
    for index, artifact in artifacts:
        if "regions" not in artifact:
            continue
        wanted: list[str] = []
        for t_index, template in templates:
            uses = _template_uses(("templates", t_index), template, base)
            if any((k, n) == (artifact["type"], artifact["key"]) for _, k, n in uses):
                wanted += [r for r in template.get("regions", []) if r not in wanted]
        missing = [r for r in wanted if r not in artifact["regions"]]
        if missing:
            message = f"does not cover the regions of the templates using it: {', '.join(missing)}"
            found.append(problem(doc, ("artifacts", index, "regions"), message, value=True))
    return found


def _unused(doc: Document, artifacts: Items, used: set[tuple[str, str]]) -> list[InputError]:
    return [
        problem(doc, ("artifacts", i, "key"), f"artifact {a['key']!r} is used by no template",
                value=True)
        for i, a in artifacts
        if (a["type"], a["key"]) not in used
    ]  # fmt: skip
