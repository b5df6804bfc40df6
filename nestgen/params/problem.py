"""The result of a parameter check: one :class:`Problem` per finding."""

from __future__ import annotations

from dataclasses import dataclass

from nestgen.errors import Location

ERROR = "error"
WARNING = "warning"
INFO = "info"

# Problem codes a JSON Schema can decide (see :mod:`nestgen.params.schema`).
SCHEMA_CODES = frozenset(
    {"unknown", "required", "type", "allowed-values", "pattern", "length", "range"}
)


@dataclass(frozen=True)
class Problem:
    """One finding about a parameter set; ``code`` names the rule, ``location`` the place."""

    severity: str
    parameter: str
    message: str
    code: str = ""
    location: Location | None = None

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        name = f"{self.parameter}: " if self.parameter else ""
        return f"{where}{self.severity}: {name}{self.message}"

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready form (location as file/line/column)."""
        where = self.location
        return {
            "severity": self.severity,
            "parameter": self.parameter,
            "code": self.code,
            "message": self.message,
            "file": where.file if where else None,
            "line": where.line if where else None,
            "column": where.column if where else None,
        }


def has_errors(problems: list[Problem]) -> bool:
    """True when any problem is an error (the parameter set would not deploy)."""
    return any(p.severity == ERROR for p in problems)
