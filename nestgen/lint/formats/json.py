"""A JSON list of findings (rule, severity, file, line, column, message, path)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from nestgen.lint.finding import Finding


def render(findings: Sequence[Finding], files: Sequence[str]) -> str:
    """Indented, key order fixed, non-ASCII kept as is."""
    return json.dumps([f.as_dict() for f in findings], indent=2, ensure_ascii=False) + "\n"
