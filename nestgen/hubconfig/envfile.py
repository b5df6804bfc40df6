"""The env file format shared by --env-file and the generator: KEY=VALUE lines.

Blank lines and lines starting with '#' are skipped, ``export`` before a key is allowed, and a
value wrapped in matching single or double quotes loses them.  Nothing else is interpreted: a
'#' inside a value is part of it (URLs, tokens), and there is no variable expansion.
"""

from __future__ import annotations

import re
from pathlib import Path

from nestgen.errors import InputError, InputErrors, Location

_LINE = re.compile(r"^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$")


class EnvFile(dict[str, str]):
    """The variables of an env file; ``locations`` says where each was set."""

    def __init__(self, filename: str) -> None:
        super().__init__()
        self.filename = filename
        self.locations: dict[str, Location] = {}

    def where(self, name: str) -> Location:
        """The line that set ``name``, or the file itself for a variable it does not set."""
        return self.locations.get(name, Location(self.filename))


def parse_env_text(text: str, filename: str = "<env>") -> EnvFile:
    """Parse env-file text; raise InputErrors with file:line for bad or repeated lines."""
    result = EnvFile(filename)
    first_line: dict[str, int] = {}
    problems: list[InputError] = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        where = Location(filename, number, 1)
        match = _LINE.match(stripped)
        if match is None:
            problems.append(InputError("expected KEY=VALUE", location=where))
            continue
        key, value = match.group(1), _unquote(match.group(2).strip())
        if key in first_line:
            problems.append(
                InputError(f"{key} is set twice (first on line {first_line[key]})", location=where)
            )
        first_line.setdefault(key, number)
        result[key] = value
        result.locations.setdefault(key, where)
    if problems:
        raise InputErrors(problems)
    return result


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


def read_env_file(path: str | Path) -> EnvFile:
    """Read an env file (see the module docstring)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        where = Location(str(path))
        raise InputError(f"cannot read the env file: {exc.strerror}", location=where) from None
    except UnicodeDecodeError:
        raise InputError("the env file is not UTF-8 text", location=Location(str(path))) from None
    return parse_env_text(text, str(path))
