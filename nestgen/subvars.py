"""``${X}`` variables in ROS text: ``Fn::Sub`` strings, console metadata, ``Visible`` conditions.

``${!X}`` is the escape for the literal text ``${X}``: it names no variable.  The linter,
the parameter checker and the schema export all read variables through these functions.
"""

from __future__ import annotations

import re
from collections.abc import Callable

VARIABLE = re.compile(r"\$\{(!?)([^}]*)\}")


def variables(text: str) -> list[str]:
    """The names of the ``${X}`` in ``text`` as written (not stripped), escapes skipped."""
    return [match.group(2) for match in VARIABLE.finditer(text) if not match.group(1)]


def whole_variable(text: str) -> str | None:
    """``X`` when ``text`` is exactly one ``${X}`` (not an escape), else None."""
    match = VARIABLE.fullmatch(text)
    return match.group(2) if match and not match.group(1) else None


def substitute(text: str, value: Callable[[str], str]) -> str:
    """``text`` with each ``${X}`` replaced by ``value(X)`` and each ``${!X}`` by ``${X}``."""

    def replace(match: re.Match[str]) -> str:
        if match.group(1):
            return "${" + match.group(2) + "}"
        return value(match.group(2))

    return VARIABLE.sub(replace, text)
