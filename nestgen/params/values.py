"""Reading a parameter value as its declared type, the way ROS does."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

_NUMBER = re.compile(r"\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*")


@dataclass(frozen=True)
class NotOfType:
    """Why a value is not of its parameter's type: a message key and its fields."""

    key: str
    fields: Mapping[str, Any]


def canonical(value: Any) -> str:
    """The text a value stands for when the console compares it (``1.0`` is ``"1"``)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, Mapping | list):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    return "" if value is None else str(value)


def as_number(value: Any) -> float | int | None:
    """The number a Number parameter's value stands for, or ``None``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return value if not isinstance(value, float) or math.isfinite(value) else None
    if isinstance(value, str) and _NUMBER.fullmatch(value):
        number = float(value)
        return (
            int(number)
            if number.is_integer() and "." not in value and "e" not in value.lower()
            else number
        )
    return None


def coerce(kind: str, value: Any) -> Any | NotOfType:
    """``value`` read as ``kind``; a :class:`NotOfType` when it is not of that type."""
    reader = _READERS.get(kind, _as_string)
    return reader(value)


def _as_string(value: Any) -> Any:
    if isinstance(value, str):
        return value
    if isinstance(value, bool | int | float):
        return canonical(value)  # ROS receives every parameter as text
    return NotOfType("type-string", {"value": _short(value)})


def _as_number(value: Any) -> Any:
    number = as_number(value)
    if number is None:
        return NotOfType("type-number", {"value": _short(value)})
    return number


def _as_boolean(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return NotOfType("type-boolean", {"value": _short(value)})


def _as_json(value: Any) -> Any:
    if isinstance(value, Mapping | list):
        return value
    if not isinstance(value, str):
        return NotOfType("type-json-kind", {"value": _short(value)})
    try:
        parsed = json.loads(value)
    except json.JSONDecodeError as exc:
        return NotOfType(
            "type-json", {"error": f"{exc.msg} at line {exc.lineno} column {exc.colno}"}
        )
    if not isinstance(parsed, dict | list):
        return NotOfType("type-json-kind", {"value": _short(value)})
    return parsed


def _as_list(value: Any) -> Any:
    if isinstance(value, str):
        return [item.strip() for item in value.split(",")]
    if isinstance(value, list) and all(isinstance(i, str | int | float) for i in value):
        return [canonical(item) for item in value]
    return NotOfType("type-list", {"value": _short(value)})


_READERS = {
    "String": _as_string,
    "Number": _as_number,
    "Boolean": _as_boolean,
    "Json": _as_json,
    "CommaDelimitedList": _as_list,
}


def _short(value: Any, limit: int = 60) -> str:
    shown = repr(value)
    return shown if len(shown) <= limit else shown[: limit - 3] + "..."


def shown(value: Any, *, secret: bool) -> str:
    """How a value appears in a message: ``'***'`` for NoEcho parameters."""
    return "the value" if secret else _short(value)
