"""From a template or package to the preview page on disk."""

from __future__ import annotations

from pathlib import Path

from nestgen import yamlio
from nestgen.errors import UsageError
from nestgen.fsutil import write_atomic
from nestgen.params import messages
from nestgen.params.model import load_template
from nestgen.preview.form import FormModel, build_form
from nestgen.preview.page import render_page
from nestgen.preview.source import resolve


def page_name(locale: str) -> str:
    """The file name of the page for ``locale`` inside the output folder."""
    return f"form.{locale}.html"


def form_model(target: Path, locale: str = "en") -> FormModel:
    """The form model of a template file or a package folder (InputError when it does not parse)."""
    if locale not in messages.LOCALES:
        raise UsageError(f"unknown locale {locale!r} (choose from {', '.join(messages.LOCALES)})")
    source = resolve(target)
    params = load_template(source.template)
    data = yamlio.load_file(source.template).data
    return build_form(params, data, locale, source.region)


def preview_page(target: Path, locale: str = "en") -> str:
    """The page's HTML for a template file or a package folder."""
    return render_page(form_model(target, locale))


def write_preview(target: Path, out_dir: Path, locale: str = "en") -> Path:
    """Write the page into ``out_dir`` atomically and return its path; nothing on bad input."""
    text = preview_page(target, locale)
    path = out_dir / page_name(locale)
    write_atomic(path, text)
    return path
