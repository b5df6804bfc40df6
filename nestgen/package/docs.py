"""Deployment-parameter reference pages, one per locale, generated from the templates.

They replace the hand-written parameter tables of a service's deployment guide, which
drift from the template; the text comes from the same labels and descriptions the
console shows.
"""

from __future__ import annotations

from typing import Any

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


def _operand(value: Any) -> str:
    if isinstance(value, dict) and set(value) == {"Ref"}:
        return str(value["Ref"])
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).strip("${}") if value != "" else "''"


def _condition(node: Any, words: tuple[str, ...]) -> str:
    ((name, argument),) = node.items()
    if name == "Fn::Equals":
        left, right = argument
        return f"{_operand(left)} = {_operand(right)}"
    if name == "Fn::Not":
        return f"{words[10]} ({_condition(argument, words)})"
    joiner = f" {words[8] if name == 'Fn::And' else words[9]} "
    return joiner.join(_condition(part, words) for part in argument)


def _cell(value: Any) -> str:
    text = "" if value is None else _operand(value) if isinstance(value, bool) else str(value)
    return text.replace("|", "\\|").replace("\n", " ")


def _row(name: str, body: dict[str, Any], locale: str, words: tuple[str, ...]) -> str:
    visible = body.get("AssociationPropertyMetadata", {}).get("Visible")
    shown = _condition(visible["Condition"], words) if visible else words[7]
    default = "" if body.get("NoEcho") or "Default" not in body else body["Default"]
    if body.get("Type") == "Json" and default:
        default = "(JSON)"
    cells = [f"`{name}`", body["Label"][locale], body.get("Description", {}).get(locale, ""),
             default, shown]  # fmt: skip
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


def render_parameter_doc(spec: Spec, templates: dict[str, dict[str, Any]], locale: str) -> str:
    """The page for one console locale (``en`` or ``zh-cn``)."""
    words = _HEAD[locale]
    info = next(i for i in spec.service.info if LOCALES[i.locale] == locale)
    lines = [f"# {info.name}: {words[0]}", "", info.short_description, ""]
    for name, template in templates.items():
        lines += [f"## {words[1]}: {name}", ""]
        lines += parameter_tables(template, locale, level=3)
    return "\n".join(lines)


def parameter_tables(template: dict[str, Any], locale: str, level: int) -> list[str]:
    """Markdown lines: a heading (at ``level``) and a table per ParameterGroup."""
    words = _HEAD[locale]
    lines: list[str] = []
    for group in template["Metadata"]["ALIYUN::ROS::Interface"]["ParameterGroups"]:
        lines += [f"{'#' * level} {group['Label'][locale]}", ""]
        lines += ["| " + " | ".join(words[2:7]) + " |", "|---|---|---|---|---|"]
        lines += [_row(p, template["Parameters"][p], locale, words) for p in group["Parameters"]]
        lines.append("")
    return lines
