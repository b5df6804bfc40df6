"""The nestgen error tree and the exit codes the CLI maps it to.

Every user-facing failure is a :class:`NestgenError`; the CLI catches it in one place
(:mod:`nestgen.cli`) and prints its message.  Anything else is an internal error.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

EXIT_OK = 0
EXIT_NO = 1  # the tool ran and the answer is "no": findings, failed check, incomplete apply
EXIT_USAGE = 2  # bad usage or bad input
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130


@dataclass(frozen=True)
class Location:
    """A place in a file: 1-based line and column (0 when unknown)."""

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.column}"
        return self.file


class NestgenError(Exception):
    """Base of every error the CLI reports as a message instead of a traceback."""

    exit_code = EXIT_INTERNAL

    def __init__(self, message: str, *, location: Location | None = None, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.location = location
        self.field = field

    def __str__(self) -> str:
        prefix = f"{self.location}: " if self.location else ""
        field = f"{self.field}: " if self.field else ""
        return f"{prefix}{field}{self.message}"

    def lines(self) -> list[str]:
        """The message as printed, one line per problem."""
        return [str(self)]

    def notes(self) -> list[str]:
        """Warnings printed after the problems (none unless a subclass has some)."""
        return []


class UsageError(NestgenError):
    """The command line is wrong (unknown option value, missing path, ...)."""

    exit_code = EXIT_USAGE


class OutputError(UsageError):
    """An output path cannot be written (a file where a folder must be, no permission, ...)."""


class InputError(NestgenError):
    """A user file is wrong: bad YAML, schema violations, unknown names."""

    exit_code = EXIT_USAGE


_P = TypeVar("_P")


class InputErrors(InputError, Generic[_P]):
    """Several input problems reported together, one per line (each problem's ``str``)."""

    def __init__(self, problems: Iterable[_P], summary: str = "") -> None:
        self.problems: list[_P] = list(problems)
        super().__init__(summary or f"{len(self.problems)} problem(s)")

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]


class CheckFailed(NestgenError):
    """The tool ran and the answer is "no" (stale output, invalid parameters, findings)."""

    exit_code = EXIT_NO


class RemoteError(NestgenError):
    """A cloud call failed in a way that is not the user's input (``code``: the server's)."""

    exit_code = EXIT_NO

    def __init__(
        self, message: str, *, code: str = "", location: Location | None = None, field: str = ""
    ) -> None:
        super().__init__(message, location=location, field=field)
        self.code = code


class InternalError(NestgenError):
    """A bug in nestgen."""

    exit_code = EXIT_INTERNAL
