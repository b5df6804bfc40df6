"""``parameters_schema``: the template's parameter rules as a JSON Schema (draft 2020-12).

Visibility becomes ``if``/``then``: a parameter's constraints (and whether it needs a value)
apply only when its ``Visible`` condition holds, with the condition's ``${X}`` read the way
``params check`` reads it (the given value when X is shown and not null, else X's Default).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from nestgen.params import messages
from nestgen.params.check import BUILD_SETTINGS
from nestgen.params.model import Param, ParamSet, load_template
from nestgen.params.visibility import ConditionError, function_of, operands
from nestgen.rosvalues import NotOfType, as_number, canonical, coerce
from nestgen.subvars import variables, whole_variable

DIALECT = "https://json-schema.org/draft/2020-12/schema"
Schema = dict[str, Any] | bool
_TYPES = {
    "String": "string",
    "Number": "number",
    "Boolean": "boolean",
    "Json": ["object", "array"],
    "CommaDelimitedList": ["string", "array"],
}
LIMITS = (
    "CIDR rules (private ranges and prefix lengths, pod/service/VPC networks not overlapping, "
    "the vSwitch inside its VPC)",
    "Helm ChartValues against the chart's own values.schema.json",
    "a template Default that breaks the template's own constraints",
    "values ROS reads as text: numeric strings for Number, 'true'/'false' for Boolean, JSON text "
    "for Json, comma-separated text for CommaDelimitedList item rules, numbers for String",
)


def parameters_schema(template: Path | Mapping[str, Any], *, locale: str = "en") -> dict[str, Any]:
    """A JSON Schema that accepts exactly the parameter sets ``params check`` can judge valid."""
    params = load_template(template)
    builder = _Builder(params, locale)
    return builder.build()


class _Builder:
    def __init__(self, params: ParamSet, locale: str) -> None:
        self.params = params
        self.locale = locale
        self.undecided: list[str] = []

    def build(self) -> dict[str, Any]:
        properties: dict[str, Any] = {}
        required: list[str] = []
        rules: list[dict[str, Any]] = []
        for name, param in self.params.params.items():
            properties[name] = _annotations(param, self.locale)
            condition = self.visible(name, ())
            if condition is None:
                self.undecided.append(name)
            elif condition is True:
                properties[name].update(_constraints(param))
                required.extend([name] if _needs_value(param) else [])
            elif condition is not False:
                rules.append({"if": condition, "then": _then(param)})
        return self.document(properties, required, rules)

    def document(
        self, properties: dict[str, Any], required: list[str], rules: list[dict[str, Any]]
    ) -> dict[str, Any]:
        schema: dict[str, Any] = {
            "$schema": DIALECT,
            "title": messages.localized(self.params.description, self.locale) or "Parameters",
            "description": self.description(),
            "type": "object",
            "properties": properties,
        }
        extra = sorted(BUILD_SETTINGS - set(properties))
        schema["patternProperties"] = {
            f"^({'|'.join(extra)})$": {"description": "Compute Nest build setting; ignored"}
        }
        schema["additionalProperties"] = False
        if required:
            schema["required"] = required
        if rules:
            schema["allOf"] = rules
        return schema

    def description(self) -> str:
        text = "Deployment parameters. Not expressed here (checked by `nestgen params check`): "
        text += "; ".join(LIMITS) + "."
        if self.undecided:
            text += " Visibility not expressed for: " + ", ".join(self.undecided) + "."
        return text

    def visible(self, name: str, stack: tuple[str, ...]) -> Schema | None:
        """The schema for "``name`` is shown"; ``None`` when it cannot be expressed."""
        condition = self.params[name].visible
        if condition is None:
            return True
        if name in stack:
            return None
        try:
            return self.condition(condition, (*stack, name))
        except ConditionError:
            return None

    def condition(self, expr: Any, stack: tuple[str, ...]) -> Schema | None:
        if isinstance(expr, bool):
            return expr
        name, arg = function_of(expr)
        items = operands(name, arg)
        if name == "Fn::Equals":
            return self.equals(items[0], items[1], stack)
        parts = [self.condition(item, stack) for item in items]
        decided = [part for part in parts if part is not None]
        if len(decided) < len(parts):
            return None
        if name == "Fn::Not":
            return _not(decided[0])
        return _all(decided) if name == "Fn::And" else _any(decided)

    def equals(self, left: Any, right: Any, stack: tuple[str, ...]) -> Schema | None:
        if _is_literal(left) and _is_literal(right):
            return canonical(left) == canonical(right)
        ref, literal = (left, right) if _is_literal(right) else (right, left)
        name = whole_variable(ref) if isinstance(ref, str) else None
        if name is None or not _is_literal(literal) or name not in self.params:
            return None
        return self.value_is(name, canonical(literal), stack)

    def value_is(self, name: str, text: str, stack: tuple[str, ...]) -> Schema | None:
        """``value(name) == text``: the shown, given value, else the Default."""
        shown = self.visible(name, stack)
        if shown is None:
            return None
        given = {"required": [name], "properties": {name: {"enum": _forms(text)}}}
        present = {"required": [name], "properties": {name: {"not": {"type": "null"}}}}
        default_is = canonical(self.params[name].default) == text
        uses_default = _not(_all([shown, present]))
        return _any([_all([shown, given]), _all([uses_default, default_is])])


def _is_literal(value: Any) -> bool:
    if isinstance(value, str):
        return not variables(value)
    return isinstance(value, bool | int | float) or value is None


def _forms(text: str) -> list[Any]:
    """Every JSON value whose console text is ``text``."""
    forms: list[Any] = [text]
    number = as_number(text)
    if number is not None and canonical(number) == text:
        forms.append(number)
    if text in ("true", "false"):
        forms.append(text == "true")
    return forms


def _not(part: Schema) -> Schema:
    return (not part) if isinstance(part, bool) else {"not": part}


def _all(parts: list[Schema]) -> Schema:
    if any(part is False for part in parts):
        return False
    kept = [part for part in parts if part is not True]
    return True if not kept else kept[0] if len(kept) == 1 else {"allOf": kept}


def _any(parts: list[Schema]) -> Schema:
    if any(part is True for part in parts):
        return True
    kept = [part for part in parts if part is not False]
    return False if not kept else kept[0] if len(kept) == 1 else {"anyOf": kept}


def _needs_value(param: Param) -> bool:
    """True when a shown parameter without a usable Default must be given."""
    return (param.required or not param.declares_default) and not param.has_default


def _then(param: Param) -> dict[str, Any]:
    then: dict[str, Any] = {"properties": {param.name: _constraints(param)}}
    if _needs_value(param):
        then["required"] = [param.name]
    return then


def _constraints(param: Param) -> dict[str, Any]:
    """Type and constraint keywords; null (not given) allowed unless a value is needed."""
    kind = _TYPES.get(param.type, "string")
    kinds = [kind] if isinstance(kind, str) else list(kind)
    nullable = not _needs_value(param)
    rules: dict[str, Any] = {"type": [*kinds, "null"] if nullable else kinds}
    item_rules = _value_rules(param)
    if param.type == "CommaDelimitedList":
        rules["items"] = {"type": ["string", "number"], **item_rules}
    else:
        rules.update(item_rules)
    if "enum" in rules and nullable:
        rules["enum"] = [*rules["enum"], None]
    if param.required:
        rules["not"] = {"const": ""}
    return rules


def _value_rules(param: Param) -> dict[str, Any]:
    spec, rules = param.spec, dict[str, Any]()
    allowed = spec.get("AllowedValues")
    if isinstance(allowed, list) and allowed:
        rules["enum"] = _enum(param, allowed)
    pattern = spec.get("AllowedPattern")
    if isinstance(pattern, str) and param.type in ("String", "CommaDelimitedList"):
        rules["pattern"] = pattern  # JSON Schema searches too, as ROS does
    for key, keyword in _NUMERIC_KEYWORDS.get(param.type, ()):
        number = as_number(spec.get(key))
        if number is not None:
            rules[keyword] = number
    return rules


_NUMERIC_KEYWORDS = {
    "String": (("MinLength", "minLength"), ("MaxLength", "maxLength")),
    "Number": (("MinValue", "minimum"), ("MaxValue", "maximum")),
}


def _enum(param: Param, allowed: list[Any]) -> list[Any]:
    if param.type in ("Number", "Boolean"):
        typed = [coerce(param.type, value) for value in allowed]
        return [value for value in typed if not isinstance(value, NotOfType)]
    return [canonical(value) for value in allowed]


def _annotations(param: Param, locale: str) -> dict[str, Any]:
    spec, notes = param.spec, dict[str, Any]()
    title = messages.localized(spec.get("Label"), locale)
    description = messages.localized(spec.get("Description"), locale)
    notes.update({"title": title} if title else {})
    notes.update({"description": description} if description else {})
    if param.no_echo:
        notes["writeOnly"] = True
    elif param.has_default:
        default = coerce(param.type, param.default)
        notes["default"] = param.default if isinstance(default, NotOfType) else default
    return notes
