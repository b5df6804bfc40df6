"""``file:line:col: severity ID message``, one finding a line."""

from __future__ import annotations

from collections.abc import Sequence

from nestgen.lint.finding import Finding


def render(findings: Sequence[Finding], files: Sequence[str]) -> str:
    """One line per finding (empty text when there are none)."""
    return "".join(
        f"{f.file}:{f.line}:{f.column}: {f.severity} {f.rule} {f.message}\n" for f in findings
    )
