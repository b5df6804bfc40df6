"""The preview page: one self-contained HTML file (inline CSS and script, no network)."""

from __future__ import annotations

import json
from html import escape
from importlib import resources
from typing import Any

from nestgen.params import messages
from nestgen.preview import texts
from nestgen.preview.form import Field, FormModel

# params message keys the page's checker formats (from nestgen.params.messages)
MESSAGE_KEYS = (
    "type-number",
    "type-json",
    "type-json-kind",
    "allowed-values",
    "pattern",
    "bad-pattern",
    "min-length",
    "max-length",
    "min-value",
    "max-value",
    "constraint",
)
PAGE_TEXTS = ("confirm-differs", "not-filled")


def asset(name: str) -> str:
    """A file of nestgen/data/preview (the page's stylesheet and script)."""
    return (resources.files("nestgen") / "data" / "preview" / name).read_text(encoding="utf-8")


def render_page(model: FormModel) -> str:
    """The whole page as text; the same model gives the same bytes."""
    locale = model.locale
    title = texts.text("page-title", locale)
    head = (
        '<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>{title}</title>\n<style>\n{css}</style>\n</head>\n"
    ).format(
        lang="zh-CN" if locale == "zh-cn" else "en", title=escape(title), css=asset("preview.css")
    )
    body = [
        "<body>",
        '<main class="page">',
        f"<header><h1>{escape(title)}</h1>",
        f'<p class="template-title">{escape(model.title)}</p>' if model.title else "",
        _region(model),
        "</header>",
        _warnings(model),
        '<div class="columns">',
        '<form id="deploy-form" autocomplete="off" novalidate>',
        *(_group(model, index) for index in range(len(model.groups))),
        "</form>",
        _values_panel(locale),
        "</div>",
        "</main>",
        f'<script type="application/json" id="nestgen-form">{_data(model)}</script>',
        f"<script>\n{asset('preview.js')}</script>",
        "</body>",
        "</html>",
        "",
    ]
    return head + "\n".join(line for line in body if line)


def _region(model: FormModel) -> str:
    region = model.region or texts.text("your-region", model.locale)
    return f'<p class="region">{escape(texts.text("region", model.locale))}: {escape(region)}</p>'


def _warnings(model: FormModel) -> str:
    if not model.warnings:
        return ""
    items = "".join(f"<li>{escape(w)}</li>" for w in model.warnings)
    heading = escape(texts.text("warnings", model.locale))
    return f'<section class="warnings" id="warnings"><h2>{heading}</h2><ul>{items}</ul></section>'


def _group(model: FormModel, index: int) -> str:
    group = model.groups[index]
    legend = f"<legend>{escape(group.label)}</legend>" if group.label else ""
    fields = "\n".join(_field(model.fields[name], model.locale) for name in group.names)
    return f'<fieldset class="group" data-group="{index}">{legend}\n{fields}\n</fieldset>'


def _field(field: Field, locale: str) -> str:
    ident = f"f-{field.name}"
    mark = (
        f' <span class="required" title="{escape(texts.text("required-mark", locale))}">*</span>'
        if field.required
        else ""
    )
    parts = [
        f'<div class="field" data-name="{escape(field.name)}" data-widget="{field.widget}">',
        f'<label class="label" for="{ident}">{escape(field.label)}{mark}</label>',
        '<div class="control">',
        _control(field, ident),
        f'<p class="message" id="{ident}-message" aria-live="polite"></p>',
        f'<p class="description">{escape(field.description)}</p>' if field.description else "",
        "</div>",
        "</div>",
    ]
    if field.confirm:
        label = texts.text("confirm", locale, label=field.label)
        parts += [
            f'<div class="field confirm" data-confirm="{escape(field.name)}">',
            f'<label class="label" for="{ident}-confirm">{escape(label)}{mark}</label>',
            '<div class="control">',
            f'<input type="password" id="{ident}-confirm" autocomplete="new-password">',
            f'<p class="message" id="{ident}-confirm-message" aria-live="polite"></p>',
            "</div>",
            "</div>",
        ]
    return "\n".join(p for p in parts if p)


def _control(field: Field, ident: str) -> str:
    name = escape(field.name)
    placeholder = f' placeholder="{escape(field.placeholder)}"' if field.placeholder else ""
    if field.widget in ("select", "association"):
        options = "".join(
            f'<option value="{escape(value)}"{" selected" if value == field.default else ""}>'
            f"{escape(label)}</option>"
            for value, label in field.choices
        )
        return f'<select id="{ident}" name="{name}">{options}</select>'
    if field.widget == "switch":
        checked = " checked" if field.default == "true" else ""
        return (
            f'<label class="switch"><input type="checkbox" role="switch" id="{ident}" '
            f'name="{name}"{checked}><span class="slider"></span></label>'
        )
    if field.widget == "json":
        return (
            f'<textarea id="{ident}" name="{name}" class="code" rows="12" spellcheck="false"'
            f"{placeholder}>{escape(field.default)}</textarea>"
        )
    kind = "password" if field.widget == "password" else "text"
    extra = ' autocomplete="new-password"' if kind == "password" else ""
    extra += ' inputmode="decimal"' if field.widget == "number" else ""
    value = f' value="{escape(field.default)}"' if field.default else ""
    return f'<input type="{kind}" id="{ident}" name="{name}"{value}{placeholder}{extra}>'


def _values_panel(locale: str) -> str:
    return (
        '<aside class="values"><h2>{title}</h2><p class="help">{help}</p>'
        '<pre id="values" class="code"></pre><p id="not-filled" class="message"></p></aside>'
    ).format(
        title=escape(texts.text("values", locale)), help=escape(texts.text("values-help", locale))
    )


def _data(model: FormModel) -> str:
    """The page's data: the visibility table, each field's rules, the message templates."""
    locale = model.locale
    data: dict[str, Any] = {
        "choices": list(model.visibility.choices),
        "choiceDefaults": dict(model.visibility.defaults),
        "table": {key: list(names) for key, names in model.visibility.table.items()},
        "order": [name for group in model.groups for name in group.names],
        "fields": {
            name: {"widget": f.widget, "confirm": f.confirm, "rules": dict(f.rules)}
            for name, f in model.fields.items()
        },
        "messages": {key: messages.template(key, locale) for key in MESSAGE_KEYS},
        "texts": {key: texts.text(key, locale) for key in PAGE_TEXTS},
    }
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
