"""The deploy form of a template as the Compute Nest console lays it out, as typed data.

Visibility is not re-implemented here: :func:`visibility_table` runs the evaluation
``nestgen params check`` uses (:class:`nestgen.params.visibility.Form`) once for every
combination of the choice fields the ``Visible`` conditions depend on, and the page only
looks the current combination up.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from nestgen.params import messages
from nestgen.params.check import when_absent
from nestgen.params.model import Param, ParamSet
from nestgen.params.problem import ERROR
from nestgen.params.visibility import Form, references
from nestgen.patterns import compile_pattern
from nestgen.preview import texts
from nestgen.rosvalues import as_number, canonical, flag

INTERFACE = "ALIYUN::ROS::Interface"
MAX_COMBINATIONS = 4096
KEY_SEPARATOR = "\u001f"


@dataclass(frozen=True)
class Field:
    """One parameter as a form field: its widget, texts and the rules the page checks."""

    name: str
    widget: str  # select | association | password | switch | json | number | text
    label: str
    description: str = ""
    placeholder: str = ""
    default: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    confirm: bool = False
    required: bool = False
    rules: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Group:
    label: str
    names: tuple[str, ...]


@dataclass(frozen=True)
class Visibility:
    """The visible fields for every combination of the choice fields conditions read."""

    choices: tuple[str, ...]
    table: Mapping[str, tuple[str, ...]]
    defaults: Mapping[str, str] = field(default_factory=dict)

    def key(self, values: Mapping[str, str]) -> str:
        return KEY_SEPARATOR.join(values[name] for name in self.choices)


@dataclass(frozen=True)
class FormModel:
    """Everything the page shows, in the chosen locale."""

    title: str
    locale: str
    region: str
    groups: tuple[Group, ...]
    fields: Mapping[str, Field]
    visibility: Visibility
    warnings: tuple[str, ...]


def build_form(
    params: ParamSet, template: Mapping[str, Any], locale: str, region: str
) -> FormModel:
    """The form model of ``params`` (read from ``template``) in ``locale``."""
    interface = _interface(template)
    hidden = {str(n) for n in interface.get("Hidden") or [] if isinstance(n, str)}
    shown = [name for name in params.params if name not in hidden]
    groups, ungrouped = _groups(interface, shown, locale)
    if ungrouped:
        groups.append(Group(texts.text("no-group", locale), tuple(ungrouped)))
    fields = {name: _field(params[name], locale, region) for name in shown}
    visibility, notes = visibility_table(params, locale)
    warnings = [*_translation_warnings(params, interface, locale), *notes]
    warnings += [texts.text("in-no-group", locale, name=n) for n in ungrouped if interface]
    never = [n for n in shown if not any(n in row for row in visibility.table.values())]
    warnings += [texts.text("never-visible", locale, name=n) for n in never]
    title = messages.localized(params.description, locale)
    return FormModel(title, locale, region, tuple(groups), fields, visibility, tuple(warnings))


def _interface(template: Mapping[str, Any]) -> Mapping[str, Any]:
    meta = template.get("Metadata")
    found = meta.get(INTERFACE) if isinstance(meta, Mapping) else None
    return found if isinstance(found, Mapping) else {}


def _groups(
    interface: Mapping[str, Any], shown: list[str], locale: str
) -> tuple[list[Group], list[str]]:
    groups: list[Group] = []
    placed: set[str] = set()
    for entry in interface.get("ParameterGroups") or []:
        if not isinstance(entry, Mapping):
            continue
        names = [n for n in entry.get("Parameters") or [] if n in shown and n not in placed]
        placed.update(names)
        groups.append(Group(messages.localized(entry.get("Label"), locale), tuple(names)))
    if not groups:
        return [Group("", tuple(shown))], []
    return groups, [n for n in shown if n not in placed]


def choice_values(param: Param) -> list[str] | None:
    """The values a choice field offers as the console compares them, or ``None`` for free text."""
    allowed = param.spec.get("AllowedValues")
    if isinstance(allowed, list) and allowed:
        return [canonical(v) for v in allowed]
    if param.type == "Boolean":
        return ["true", "false"]
    return None


def visibility_table(params: ParamSet, locale: str = "en") -> tuple[Visibility, list[str]]:
    """Visible fields per combination of the choice fields any condition names, and notes."""
    read = {
        r for p in params.params.values() if p.visible is not None for r in references(p.visible)
    }
    notes: list[str] = []
    choices, options = [], []
    for name in params.params:
        if name not in read:
            continue
        values = choice_values(params[name])
        if values is None:
            notes.append(texts.text("free-text-condition", locale, name=name))
            continue
        choices.append(name)
        options.append(values)
    combos = list(itertools.product(*options))
    if len(combos) > MAX_COMBINATIONS:
        notes.append(texts.text("too-many", locale, count=len(combos)))
        choices, combos = [], [()]
    table: dict[str, tuple[str, ...]] = {}
    for combo in combos:
        form = Form(params, dict(zip(choices, combo, strict=True)))
        table[KEY_SEPARATOR.join(combo)] = tuple(n for n in params.params if form.visible(n))
        for ref in sorted(form.unknown_refs - {"RegionId"}):
            notes.append(messages.text("visibility-ref", locale, name=ref))
        for name, error in sorted(form.broken.items()):
            notes.append(f"{name}: " + messages.text("visibility-shape", locale, error=error))
    defaults = {name: canonical(params[name].default) for name in choices}
    return Visibility(tuple(choices), table, defaults), list(dict.fromkeys(notes))


def _field(param: Param, locale: str, region: str) -> Field:
    spec = param.spec
    choices = _choices(param, locale)
    widget = _widget(param, choices)
    if widget == "association":
        kind = str(spec["AssociationProperty"]).rsplit("::", 1)[-1]
        where = region or texts.text("your-region", locale)
        offer = texts.text("chosen-from", locale, kind=kind, region=where)
        choices = [("", offer)] + ([(canonical(param.default),) * 2] if param.default else [])
    default = "" if param.no_echo or param.default is None else _shown_default(param)
    return Field(
        name=param.name,
        widget=widget,
        label=messages.localized(spec.get("Label"), locale) or param.name,
        description=messages.localized(spec.get("Description"), locale),
        placeholder=messages.localized(spec.get("Placeholder"), locale),
        default=default,
        choices=tuple(choices),
        confirm=param.no_echo and flag(spec.get("Confirm")),
        required=param.required,
        rules=_rules(param, locale),
    )


def _choices(param: Param, locale: str) -> list[tuple[str, str]]:
    values = choice_values(param) if param.type != "Boolean" else None
    mapping = param.metadata.get("ValueLabelMapping")
    mapping = mapping if isinstance(mapping, Mapping) else {}
    labels = {canonical(k): messages.localized(v, locale) for k, v in mapping.items()}
    return [(v, labels.get(v) or v) for v in values or []]


def _widget(param: Param, choices: list[tuple[str, str]]) -> str:
    prop = param.spec.get("AssociationProperty")
    if param.type == "Boolean":
        return "switch"
    if choices:
        return "select"
    if param.no_echo:
        return "password"
    if param.type == "Json" or prop == "Json":
        return "json"
    if isinstance(prop, str) and prop.startswith("ALIYUN::") and _is_resource(prop):
        return "association"
    return "number" if param.type == "Number" else "text"


def _is_resource(prop: str) -> bool:
    """An association the console fills from the user's resources (an ID or an instance type)."""
    last = prop.rsplit("::", 1)[-1]
    return last.endswith("Id") or last == "InstanceType"


def _shown_default(param: Param) -> str:
    value = param.default
    if param.type == "Json" and isinstance(value, str):
        try:
            return json.dumps(json.loads(value), indent=2, ensure_ascii=False)
        except ValueError:
            return value
    if isinstance(value, Mapping | list):
        return json.dumps(value, indent=2, ensure_ascii=False)
    return canonical(value)


def _rules(param: Param, locale: str) -> dict[str, Any]:
    """What the page's checker reads; the "not given" messages are computed here, by params."""
    spec = param.spec
    rules: dict[str, Any] = {"type": param.type, "noEcho": param.no_echo}
    for key in ("MinLength", "MaxLength", "MinValue", "MaxValue"):
        number = as_number(spec.get(key))
        if number is not None:
            rules[key] = [number, canonical(number)]
    pattern = spec.get("AllowedPattern")
    if isinstance(pattern, str) and not param.type.startswith("ALIYUN::OOS::"):
        rules.update(_pattern(pattern, locale, bool(spec.get("ConstraintDescription"))))
    allowed = spec.get("AllowedValues")
    if isinstance(allowed, list) and allowed:
        rules["AllowedValues"] = [canonical(a) for a in allowed]
    rules["hint"] = messages.localized(spec.get("ConstraintDescription"), locale)
    rules["empty"] = _empty_messages(param, locale)
    return rules


def _pattern(pattern: str, locale: str, described: bool) -> dict[str, Any]:
    """The pattern as a JavaScript RegExp source and flags (searched, as ROS does)."""
    try:
        compile_pattern(pattern)
    except re.error as exc:
        return {"patternError": messages.text("bad-pattern", locale, error=str(exc))}
    source, flags = javascript_regexp(pattern)
    return {"pattern": [source, flags], "patternName": "AllowedPattern" if described else pattern}


def javascript_regexp(pattern: str) -> tuple[str, str]:
    """A Python ``re`` pattern as a JavaScript RegExp (named groups, \\A, \\Z, leading flags)."""
    flags = ""
    lead = re.match(r"\(\?([aiLmsux]+)\)", pattern)
    if lead:
        flags = "".join(f for f in lead.group(1) if f in "ims")
        pattern = pattern[lead.end() :]
    pattern = re.sub(r"\(\?P<(\w+)>", r"(?<\1>", pattern)
    pattern = re.sub(r"\(\?P=(\w+)\)", r"\\k<\1>", pattern)
    pattern = pattern.replace("\\A", "^").replace("\\Z", "$")
    return pattern, flags


def _empty_messages(param: Param, locale: str) -> list[str]:
    """What ``params check`` says when the field is left blank (so it is not in the file)."""
    return [message for severity, _, message in when_absent(param, locale) if severity == ERROR]


def _translation_warnings(params: ParamSet, interface: Mapping[str, Any], locale: str) -> list[str]:
    found: list[str] = []
    if isinstance(params.description, Mapping) and locale not in params.description:
        found.append("Description")
    for param in params.params.values():
        for key in ("Label", "Description", "ConstraintDescription", "Placeholder"):
            value = param.spec.get(key)
            if value is not None and _lacks(value, locale):
                found.append(f"{param.name}.{key}")
        mapping = param.metadata.get("ValueLabelMapping")
        for value, label in mapping.items() if isinstance(mapping, Mapping) else []:
            if _lacks(label, locale):
                found.append(f"{param.name}.ValueLabelMapping.{value}")
    for index, group in enumerate(interface.get("ParameterGroups") or []):
        if (
            isinstance(group, Mapping)
            and group.get("Label") is not None
            and _lacks(group["Label"], locale)
        ):
            found.append(f"ParameterGroups[{index}].Label")
    return [texts.text("untranslated", locale, where=w) for w in found]


def _lacks(value: Any, locale: str) -> bool:
    """A text with no ``locale`` entry (a plain string is one text for every locale)."""
    return isinstance(value, Mapping) and not (isinstance(value.get(locale), str) and value[locale])
