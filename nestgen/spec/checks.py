"""Checks the schema cannot express: names that must resolve, and must not repeat."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from nestgen.errors import InputError
from nestgen.regions import unknown_region
from nestgen.ros.build import compose, exclusions, missing_requirements
from nestgen.ros.groups import GROUPS, BuildContext
from nestgen.ros.model import Text
from nestgen.spec.model import (
    ARTIFACT_FIELDS,
    EXISTING_ARTIFACT_FIELDS,
    LOCALES,
    ONE_OF_ARTIFACT_FIELDS,
    OPTIONAL_ARTIFACT_FIELDS,
    RAW_SECTIONS,
)
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


Items = list[tuple[int, dict[str, Any]]]


def valid_items(
    data: dict[str, Any], section: str, invalid: set[tuple[Any, ...]]
) -> tuple[Items, bool]:
    """The schema-valid items of a top-level list, and whether that is all of them."""
    items = data.get(section, [])
    if not isinstance(items, list) or (section,) in invalid:
        return [], False
    good = [
        (index, item)
        for index, item in enumerate(items)
        if (section, index) not in invalid and isinstance(item, dict)
    ]
    return good, len(good) == len(items)


def semantic_problems(doc: Document, invalid: set[tuple[Any, ...]]) -> list[InputError]:
    """Cross-reference problems among the parts of the spec the schema accepted.

    ``invalid`` holds the first two steps of every schema error's path; checks that
    need a whole section (do all artifacts exist?) run only when that section is valid.
    """
    artifacts, all_artifacts = valid_items(doc.data, "artifacts", invalid)
    templates, all_templates = valid_items(doc.data, "templates", invalid)
    operations, _ = valid_items(doc.data, "operations", invalid)
    found = _repeats(doc, "artifacts", artifacts, "key")
    found += _artifact_fields(doc, artifacts)
    found += _repeats(doc, "templates", templates, "name")
    found += _repeats(doc, "templates", templates, "file")
    keys = {a["key"]: a["type"] for _, a in artifacts} if all_artifacts else None
    for index, template in templates:
        found += _template_problems(doc, ("templates", index), template, keys)
    names = {t["name"] for _, t in templates}
    for index, operation in operations if all_templates else []:
        if operation["template"] not in names:
            path = ("operations", index, "template")
            message = f"no template named {operation['template']!r}"
            found.append(problem(doc, path, message, value=True))
    tests, _ = valid_items(doc.data, "tests", invalid)
    found += _repeats(doc, "tests", tests, "name")
    for index, test in tests if all_templates else []:
        if test["template"] not in names:
            path = ("tests", index, "template")
            found.append(problem(doc, path, f"no template named {test['template']!r}", value=True))
    return found + _guide_problems(doc, invalid) + _region_problems(doc, invalid)


def _region_problems(doc: Document, invalid: set[tuple[Any, ...]]) -> list[InputError]:
    """Every region the spec names is a known one, or listed in ``new_regions``."""
    data = doc.data
    new = data.get("new_regions") if ("new_regions",) not in invalid else None
    also = {r for r in new if isinstance(r, str)} if isinstance(new, list) else set()
    named: list[tuple[tuple[Any, ...], Any]] = []
    for section, single, many in (
        ("templates", None, "regions"),
        ("artifacts", "region", "regions"),
        ("tests", "region", None),
    ):
        for index, item in valid_items(data, section, invalid)[0]:
            if single and single in item:
                named.append(((section, index, single), item[single]))
            for at, region in enumerate(item.get(many, []) if many else []):
                named.append(((section, index, many, at), region))
    found = []
    for path, region in named:
        why = unknown_region(region, also) if isinstance(region, str) else None
        if why:
            found.append(problem(doc, path, why, value=True))
    return found


def _artifact_fields(doc: Document, artifacts: Items) -> list[InputError]:
    """Each artifact has the fields its type needs, and no field of another type."""
    found = []
    for index, artifact in artifacts:
        kind = artifact["type"]
        needed = ARTIFACT_FIELDS[kind]
        allowed = {"key", "type", *needed, *OPTIONAL_ARTIFACT_FIELDS.get(kind, ())}
        if "artifact_id" in artifact:
            needed, allowed = (), {"key", "type", *EXISTING_ARTIFACT_FIELDS}
        elif "artifact_version" in artifact:
            message = "artifact_version goes with artifact_id"
            found.append(problem(doc, ("artifacts", index, "artifact_version"), message))
        for name in needed:
            if name not in artifact:
                message = f"an artifact of type {kind} needs field {name!r}"
                found.append(problem(doc, ("artifacts", index), message, value=True))
        choices = ONE_OF_ARTIFACT_FIELDS.get(kind, ()) if needed else ()
        given = [name for name in choices if name in artifact]
        if choices and len(given) != 1:
            message = f"an artifact of type {kind} needs one of {' or '.join(map(repr, choices))}"
            found.append(problem(doc, ("artifacts", index), message, value=True))
        for name in artifact:
            if name not in allowed:
                message = f"field {name!r} does not apply to type {kind}"
                found.append(problem(doc, ("artifacts", index, name), message))
    return found


def _guide_problems(doc: Document, invalid: set[tuple[Any, ...]]) -> list[InputError]:
    """A RAM policy listed once per locale, and the same policies in every locale."""
    guides = doc.data.get("docs")
    if not isinstance(guides, dict) or ("docs",) in invalid:
        return []
    found: list[InputError] = []
    policies: dict[str, list[str]] = {}
    for locale in LOCALES:
        if ("docs", locale) in invalid or not isinstance(guides.get(locale), dict):
            return found
        items = list(enumerate(guides[locale].get("permissions", [])))
        found += _repeats(doc, ("docs", locale, "permissions"), items, "policy")
        policies[locale] = [item["policy"] for _, item in items]
    first, second = LOCALES
    if set(policies[first]) != set(policies[second]):
        path = ("docs", second, "permissions") if policies[second] else ("docs", second)
        message = f"RAM policies differ from docs.{first}: {_difference(*policies.values())}"
        found.append(problem(doc, path, message, value=True))
    return found


def _difference(ours: list[str], theirs: list[str]) -> str:
    missing = [p for p in ours if p not in theirs]
    extra = [p for p in theirs if p not in ours]
    parts = ([f"missing {', '.join(missing)}"] if missing else []) + (
        [f"extra {', '.join(extra)}"] if extra else []
    )
    return "; ".join(parts)


def _repeats(
    doc: Document, section: str | tuple[Any, ...], items: Items, key: str
) -> list[InputError]:
    where = (section,) if isinstance(section, str) else section
    seen: set[Any] = set()
    found = []
    for index, item in items:
        if item[key] in seen:
            message = f"duplicate {key} {item[key]!r}"
            found.append(problem(doc, (*where, index, key), message, value=True))
        seen.add(item[key])
    return found


def _template_problems(
    doc: Document,
    where: tuple[Any, ...],
    template: dict[str, Any],
    artifacts: dict[str, str] | None,
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
    for name, other in exclusions(seen):
        path = (*where, "groups", seen[name])
        message = f"group {name!r} cannot be combined with group {other!r}"
        found.append(problem(doc, path, message, value=True))
    if not found:
        found += _parameter_problems(doc, where, template)
    return found


def _option_refs(
    doc: Document,
    path: tuple[Any, ...],
    name: str,
    options: dict[str, Any],
    artifacts: dict[str, str] | None,
) -> list[InputError]:
    if name == "startup":
        given = [key for key in ("compose", "script") if key in options]
        if len(given) != 1:
            message = "needs exactly one of 'compose' (a docker compose file) or 'script'"
            return [problem(doc, path, message, value=True)]
        return []
    if name == "ecs" and isinstance(options.get("image"), dict):
        return _artifact_ref(doc, (*path, "image"), options["image"], "ecsimage", artifacts, False)
    if name == "helm":
        return _artifact_ref(doc, path, options, "helmchart", artifacts, True)
    return []


def _artifact_ref(
    doc: Document,
    path: tuple[Any, ...],
    options: dict[str, Any],
    kind: str,
    artifacts: dict[str, str] | None,
    required: bool,
) -> list[InputError]:
    """``options['artifact']`` names a declared artifact of type ``kind``."""
    if artifacts is None or ("artifact" not in options and not required):
        return []
    if "artifact" not in options:
        return [problem(doc, path, "missing required field 'artifact'", value=True)]
    key = options["artifact"]
    if key not in artifacts:
        return [problem(doc, (*path, "artifact"), f"no artifact with key {key!r}", value=True)]
    if artifacts[key] != kind:
        message = f"artifact {key!r} has type {artifacts[key]}, not {kind}"
        return [problem(doc, (*path, "artifact"), message, value=True)]
    return []


def _parameter_problems(
    doc: Document, where: tuple[Any, ...], template: dict[str, Any]
) -> list[InputError]:
    """Spec parameters and raw ROS names must not repeat each other or a group's names."""
    groups = {name: options for _, name, options in group_entries(template)}
    built = compose(Text("", ""), groups, BuildContext())
    taken = {n: "parameter" for n in built.parameters} | {n: "resource" for n in built.resources}
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
        taken[parameter["name"]] = "parameter"
    outputs = {n: "output" for n in built.outputs}
    outputs |= {o["name"]: "output" for o in template.get("outputs", [])}
    namespaces = {
        "parameters": taken,
        "resources": taken,
        "conditions": {n: "condition" for n in built.conditions},
        "mappings": {},
        "locals": taken,
        "outputs": outputs,
    }
    raw = template.get("ros", {})
    for section in RAW_SECTIONS:
        names = namespaces[section]
        for name in raw.get(section, {}):
            if name in names:
                kind = names[name]
                article = "an" if kind[0] in "aeiou" else "a"
                message = f"{name!r} is already {article} {kind} of the generated template"
                found.append(problem(doc, (*where, "ros", section, name), message))
            names[name] = section[:-1]
    return found + _patch_problems(doc, where, built, raw.get("patch", {}))


def _patch_problems(
    doc: Document, where: tuple[Any, ...], built: Any, patch: dict[str, Any]
) -> list[InputError]:
    """``ros.patch`` changes only what the groups generate."""
    generated = {
        "parameters": built.parameters,
        "conditions": built.conditions,
        "resources": built.resources,
        "outputs": built.outputs,
    }
    found = []
    for section, changes in patch.items():
        for name in changes:
            if name not in generated[section]:
                message = (
                    f"{name!r} is not in the {section} the groups generate "
                    f"(write it under ros.{section})"
                )
                found.append(problem(doc, (*where, "ros", "patch", section, name), message))
    return found
