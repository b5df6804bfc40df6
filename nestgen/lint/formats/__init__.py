"""Output formats: each a function from findings (and the rule list) to text."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from nestgen.lint.finding import Finding
from nestgen.lint.formats import json as json_format
from nestgen.lint.formats import junit, sarif, text

Formatter = Callable[[Sequence[Finding], Sequence[str]], str]

FORMATS: dict[str, Formatter] = {
    "text": text.render,
    "json": json_format.render,
    "sarif": sarif.render,
    "junit": junit.render,
}
