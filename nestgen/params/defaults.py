"""``defaults_file``: the parameter file a user starts from, one commented entry per field."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path, PurePath
from typing import Any

from nestgen import yamlio
from nestgen.params import messages
from nestgen.params.model import Param, load_template
from nestgen.params.visibility import Form
from nestgen.rosvalues import NotOfType, coerce

_NOTES = {
    "en": ("required", "secret: never stored here", "a JSON object"),
    "zh-cn": ("必填", "密码类参数：不在此文件中保存默认值", "JSON 对象"),
}


def defaults_file(template: Path | Mapping[str, Any], *, locale: str = "en") -> str:
    """YAML text: every parameter shown with the defaults, set to its Default or left blank."""
    params = load_template(template)
    form = Form(params, {})
    name = PurePath(params.source).name
    lines = [
        f"# Parameters for {name} (nestgen params defaults).",
        "# Blank entries need a value; parameters shown only for other choices are left out.",
    ]
    for param in params.params.values():
        if form.visible(param.name):
            lines.extend(["", _comment(param, locale), _entry(param)])
    return "\n".join(lines) + "\n"


def _comment(param: Param, locale: str) -> str:
    label = messages.localized(param.spec.get("Label"), locale) or param.name
    required, secret, _ = _NOTES.get(locale, _NOTES["en"])
    notes = [required] if param.required or not param.declares_default else []
    notes += [secret] if param.no_echo else []
    text = " ".join(label.split())
    return f"# {text}" + (f" ({'; '.join(notes)})" if notes else "")


def _entry(param: Param) -> str:
    if param.no_echo or not param.has_default:
        return f"{param.name}:"
    value = coerce(param.type, param.default)
    if isinstance(value, NotOfType):
        value = param.default
    return yamlio.dumps({param.name: value}).rstrip("\n")
