"""Deployment-parameter reference pages, one per locale, generated from the templates.

They replace the hand-written parameter tables of a service's deployment guide, which
drift from the template; the text comes from the same labels and descriptions the
console shows.
"""

from __future__ import annotations

from typing import Any

from nestgen.rosvalues import is_no_echo
from nestgen.spec.model import Spec

LOCALES = {"en-US": "en", "zh-CN": "zh-cn"}
_HEAD = {
    "en": ("Deployment parameters", "Template", "Parameter", "Label", "Description", "Default",
           "Shown when", "always", "and", "or", "not"),
    "zh-cn": ("部署参数说明", "模板", "参数", "名称", "说明", "默认值", "显示条件", "始终", "且",
              "或", "非"),
}  # fmt: skip


def condition_text(node: Any, locale: str) -> str:
    """A Visible condition or a template condition as a short readable expression."""
    return _condition(node, _HEAD[locale])


def text_in(value: Any, locale: str) -> str:
    """A ROS text in ``locale``: ``{en, zh-cn}``, ``{default: ...}`` or a plain string."""
    if isinstance(value, dict):
        if locale in value:
            return str(value[locale])
        if "default" in value:
            return text_in(value["default"], locale)
        return str(next(iter(value.values()), ""))
    return "" if value is None else str(value)


def _operand(value: Any) -> str:
    if isinstance(value, dict) and set(value) == {"Ref"}:
        return str(value["Ref"])
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).strip("${}") if value != "" else "''"


def _condition(node: Any, words: tuple[str, ...]) -> str:
    if not (isinstance(node, dict) and len(node) == 1):  # a hand-written condition name or value
        return _operand(node)
    ((name, argument),) = node.items()
    if name == "Fn::Equals" and isinstance(argument, list) and len(argument) == 2:
        left, right = argument
        return f"{_operand(left)} = {_operand(right)}"
    if name == "Fn::Not":
        return f"{words[10]} ({_condition(argument, words)})"
    if name not in ("Fn::And", "Fn::Or") or not isinstance(argument, list):
        return _operand(node)
    joiner = f" {words[8] if name == 'Fn::And' else words[9]} "
    return joiner.join(_condition(part, words) for part in argument)


def _cell(value: Any) -> str:
    text = "" if value is None else _operand(value) if isinstance(value, bool) else str(value)
    return text.replace("|", "\\|").replace("\n", " ")


def _row(name: str, body: dict[str, Any], locale: str, words: tuple[str, ...]) -> str:
    visible = body.get("AssociationPropertyMetadata", {}).get("Visible")
    shown = _condition(visible["Condition"], words) if visible else words[7]
    default = "" if is_no_echo(body) or "Default" not in body else body["Default"]
    if body.get("Type") == "Json" and default:
        default = "(JSON)"
    cells = [f"`{name}`", text_in(body.get("Label"), locale),
             text_in(body.get("Description"), locale),
             default, shown]  # fmt: skip
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


def render_parameter_doc(spec: Spec, templates: dict[str, dict[str, Any]], locale: str) -> str:
    """The page for one console locale (``en`` or ``zh-cn``)."""
    words = _HEAD[locale]
    info = spec.service.info_for(next(k for k, v in LOCALES.items() if v == locale))
    lines = [f"# {info.name or spec.name}: {words[0]}", "", info.short_description, ""]
    shown = {t.name: t.shown_name(locale) for t in spec.templates}
    for name, template in templates.items():
        lines += [f"## {words[1]}: {shown.get(name, name)}", ""]
        lines += parameter_tables(template, locale, level=3)
    return "\n".join(lines)


def parameter_tables(template: dict[str, Any], locale: str, level: int) -> list[str]:
    """Markdown lines: a heading (at ``level``) and a table per ParameterGroup."""
    words = _HEAD[locale]
    lines: list[str] = []
    interface = (template.get("Metadata") or {}).get("ALIYUN::ROS::Interface") or {}
    parameters = template.get("Parameters") or {}
    for group in interface.get("ParameterGroups") or []:
        lines += [f"{'#' * level} {text_in(group.get('Label'), locale) or '-'}", ""]
        lines += ["| " + " | ".join(words[2:7]) + " |", "|---|---|---|---|---|"]
        names = [p for p in group.get("Parameters") or [] if p in parameters]  # hand-written
        lines += [_row(p, parameters[p], locale, words) for p in names]
        lines.append("")
    return lines
