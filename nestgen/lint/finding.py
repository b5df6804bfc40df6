"""What a rule reports: a :class:`Finding` with a place, and the severity order."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SEVERITIES = ("info", "warning", "error")
SEVERITY_OF_LETTER = {"E": "error", "W": "warning", "I": "info"}


def severity_rank(severity: str) -> int:
    """0 for info, 1 for warning, 2 for error."""
    return SEVERITIES.index(severity)


@dataclass(frozen=True)
class Finding:
    """One problem at one place (1-based line and column; 0 when unknown)."""

    rule: str
    severity: str
    file: str
    line: int
    column: int
    message: str
    path: tuple[Any, ...] = ()

    def sort_key(self) -> tuple[str, int, int, str, str]:
        """Order by file, position, rule and message."""
        return (self.file, self.line, self.column, self.rule, self.message)

    def display(self, base: Path | None = None) -> str:
        """``file:line:col: RULE message``, the file relative to ``base`` when given."""
        where = Path(os.path.relpath(self.file, base)).as_posix() if base else self.file
        return f"{where}:{self.line}:{self.column}: {self.rule} {self.message}"

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping (path items that are not numbers become text)."""
        return {
            "rule": self.rule,
            "severity": self.severity,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "path": [p if isinstance(p, int) else str(p) for p in self.path],
        }
