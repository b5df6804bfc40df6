"""Output formats: each a function from findings (and the rule list) to text.

A format's module is imported when the format is used (``junit`` needs ``xml.etree``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from importlib import import_module

from nestgen.lint.finding import Finding

Formatter = Callable[[Sequence[Finding], Sequence[str]], str]
MODULES = {"text": "text", "json": "json", "sarif": "sarif", "junit": "junit"}


def _lazy(module: str) -> Formatter:
    def render(findings: Sequence[Finding], files: Sequence[str]) -> str:
        return import_module(f"nestgen.lint.formats.{module}").render(findings, files)

    render.__doc__ = f"Render in the {module} format (module imported on first use)."
    return render


FORMATS: dict[str, Formatter] = {name: _lazy(module) for name, module in MODULES.items()}
