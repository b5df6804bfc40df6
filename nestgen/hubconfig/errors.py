"""The error raised when hub settings are wrong: every bad variable, one line each."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from nestgen.errors import InputErrors, Location


@dataclass(frozen=True)
class Problem:
    """One bad variable: its name, its value as shown (masked if secret), what was expected."""

    variable: str
    value: str | None
    expected: str
    location: Location | None = None  # the env file line that set it (or the file)
    hint: str = ""  # a note that explains it, such as a misspelt name set instead

    def __str__(self) -> str:
        shown = "unset" if self.value is None else repr(self.value)
        where = f"{self.location}: " if self.location else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}{self.variable}={shown}: {self.expected}{hint}"


class HubConfigError(InputErrors[Problem]):
    """Hub settings that cannot be used; ``problems`` lists every bad variable."""

    def __init__(self, problems: Iterable[Problem], warnings: Iterable[str] = ()) -> None:
        problems = list(problems)
        names = ", ".join(sorted({p.variable for p in problems}))
        super().__init__(problems, f"{len(problems)} bad hub setting(s): {names}")
        self.warnings = tuple(warnings)

    def notes(self) -> list[str]:
        """Warnings about the same settings (unknown names, ignored values)."""
        return list(self.warnings)

    @property
    def variables(self) -> list[str]:
        """The names of the bad variables, in report order."""
        return [p.variable for p in self.problems]


class BadValue(ValueError):
    """Raised by a value parser; carries what was expected."""

    def __init__(self, expected: str) -> None:
        super().__init__(expected)
        self.expected = expected
