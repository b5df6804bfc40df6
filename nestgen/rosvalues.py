"""What a ROS parameter declaration and a value given for it mean: one reading for every user.

``lint`` (group 4, the Default against its own constraints), ``params`` (check, defaults,
schema) and ``preview`` all judge a parameter value through this module, so they cannot
disagree.  The grounds, from ROS's "Parameters" page
(https://help.aliyun.com/en/ros/user-guide/overview-10) unless marked *guess*:

- ``Type``: ``String`` (text), ``Number`` ("an integer or a floating-point number"),
  ``CommaDelimitedList`` ("80, foo, bar": items split on commas), ``Json`` ("a JSON string",
  an object or an array), ``Boolean`` (true or false), and the two OOS types (read as text).
- ``AllowedValues`` applies to every type (to each item of a list); ``AllowedPattern`` and
  ``MinLength``/``MaxLength`` to String values, ``MinValue``/``MaxValue`` to Numbers; the OOS
  types take no AllowedPattern.  *Guess*: AllowedPattern also applies to each text item of a
  CommaDelimitedList, as AllowedValues does.
- ``NoEcho``, ``Confirm`` and the console's ``Required`` are documented as true/false.  The
  corpus of published templates writes ``true``, ``True`` and ``'True'`` and they deploy.
  *Guess*: the text is read without regard to case, and for ``NoEcho`` the other words a
  boolean parser may take for true (``yes``, ``on``, ``1``, ...) count too, because masking a
  value that was not secret costs nothing and printing a secret cannot be undone.
- Numbers: a plain decimal, optionally signed, with a fraction or an exponent.  *Guess*: no
  ``1_000`` (Python's ``float`` reads it, JSON and JavaScript do not), no ``inf``/``nan``/hex.
- A Default written as a function (``{Ref: ...}`` / ``{Fn::...: ...}``) is evaluated by ROS,
  not here: it has no verdict (except for Json, whose value is any mapping).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from nestgen.patterns import pattern_matches

_NUMBER = re.compile(r"\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*")
_TRUE = frozenset({"true"})
_TRUE_FOR_SECRETS = frozenset({"true", "yes", "y", "on", "t", "1"})
TYPES = (
    "String",
    "Number",
    "CommaDelimitedList",
    "Json",
    "Boolean",
    "ALIYUN::OOS::Parameter::Value",
    "ALIYUN::OOS::SecretParameter::Value",
)


# --- the declaration -------------------------------------------------------------------


def declared_type(spec: Mapping[str, Any]) -> str:
    """The parameter's Type (``String`` when absent or not text)."""
    kind = spec.get("Type", "String")
    return kind if isinstance(kind, str) else "String"


def flag(value: Any) -> bool:
    """A true/false property (``Required``, ``Confirm``): ``true`` in any case, or YAML true."""
    if isinstance(value, bool):
        return value
    return isinstance(value, str) and value.strip().lower() in _TRUE


def is_no_echo(spec: Mapping[str, Any]) -> bool:
    """True when the parameter's value is a secret, whatever the spelling of ``NoEcho``."""
    value = spec.get("NoEcho")
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value == 1
    return isinstance(value, str) and value.strip().lower() in _TRUE_FOR_SECRETS


def is_required(spec: Mapping[str, Any]) -> bool:
    """The console's ``Required: true``."""
    return flag(spec.get("Required"))


def is_function(value: Any) -> bool:
    """A value written as ``{Ref: ...}`` or ``{Fn::...: ...}``, which ROS evaluates."""
    if not isinstance(value, Mapping) or len(value) != 1:
        return False
    key = next(iter(value))
    return isinstance(key, str) and (key == "Ref" or key.startswith("Fn::"))


# --- values ------------------------------------------------------------------------------


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
    return NotOfType("type-string", {"value": short(value)})


def _as_number(value: Any) -> Any:
    number = as_number(value)
    if number is None:
        return NotOfType("type-number", {"value": short(value)})
    return number


def _as_boolean(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return NotOfType("type-boolean", {"value": short(value)})


def _as_json(value: Any) -> Any:
    if isinstance(value, Mapping | list):
        return value
    if not isinstance(value, str):
        return NotOfType("type-json-kind", {"value": short(value)})
    try:
        parsed = json.loads(value)
    except json.JSONDecodeError as exc:
        return NotOfType(
            "type-json", {"error": f"{exc.msg} at line {exc.lineno} column {exc.colno}"}
        )
    if not isinstance(parsed, dict | list):
        return NotOfType("type-json-kind", {"value": short(value)})
    return parsed


def _as_list(value: Any) -> Any:
    if isinstance(value, str):
        return [item.strip() for item in value.split(",")]
    if isinstance(value, list) and all(isinstance(i, str | int | float) for i in value):
        return [canonical(item) for item in value]
    return NotOfType("type-list", {"value": short(value)})


_READERS = {
    "String": _as_string,
    "Number": _as_number,
    "Boolean": _as_boolean,
    "Json": _as_json,
    "CommaDelimitedList": _as_list,
}


def short(value: Any, limit: int = 60) -> str:
    """``repr(value)``, cut to ``limit`` characters."""
    shown_ = repr(value)
    return shown_ if len(shown_) <= limit else shown_[: limit - 3] + "..."


def shown(value: Any, *, secret: bool) -> str:
    """How a value appears in a message: never the value itself for NoEcho parameters."""
    return "the value" if secret else short(value)


# --- the verdict -------------------------------------------------------------------------


@dataclass(frozen=True)
class Violation:
    """One constraint a value breaks.

    ``code`` is the family (type, allowed-values, pattern, length, range), ``key`` the
    message (``type-number``, ``min-length``, ``bad-pattern``, ...), ``value`` the offending
    value or list item (never print it for a NoEcho parameter) and ``limit`` what it broke:
    the allowed texts, the pattern, the bound, or the parser's error text.
    """

    code: str
    key: str
    value: Any
    limit: Any = None


def violations(spec: Mapping[str, Any], value: Any) -> list[Violation]:
    """Every constraint of the declaration ``spec`` that ``value`` breaks ([]: ROS takes it)."""
    kind = declared_type(spec)
    typed = coerce(kind, value)
    if isinstance(typed, NotOfType):
        return [Violation("type", typed.key, value, typed.fields.get("error"))]
    found: list[Violation] = []
    for item in typed if kind == "CommaDelimitedList" else [typed]:
        found.extend(_allowed(spec, kind, item))
        if isinstance(item, str) and not kind.startswith("ALIYUN::OOS::"):
            found.extend(_pattern(spec, item))
    if kind == "String" and isinstance(typed, str):
        found.extend(_bounds(spec, "length", len(typed), typed, ("MinLength", "MaxLength")))
    if kind == "Number":
        found.extend(_bounds(spec, "value", typed, typed, ("MinValue", "MaxValue")))
    return found


def default_violations(spec: Mapping[str, Any]) -> list[Violation] | None:
    """The Default's violations; ``None`` when there is nothing to judge (absent, a function)."""
    default = spec.get("Default")
    if default is None or (is_function(default) and declared_type(spec) != "Json"):
        return None
    return violations(spec, default)


def _allowed(spec: Mapping[str, Any], kind: str, item: Any) -> list[Violation]:
    allowed = spec.get("AllowedValues")
    if not isinstance(allowed, list) or not allowed:
        return []
    if kind == "Number":
        ok = any(as_number(a) == item for a in allowed)
    else:
        ok = canonical(item) in {canonical(a) for a in allowed}
    texts = [canonical(a) for a in allowed]
    return [] if ok else [Violation("allowed-values", "allowed-values", item, texts)]


def _pattern(spec: Mapping[str, Any], text: str) -> list[Violation]:
    pattern = spec.get("AllowedPattern")
    if not isinstance(pattern, str):
        return []
    try:
        ok = pattern_matches(pattern, text)
    except re.error as exc:
        if "\\p{" in pattern:
            return []  # a Unicode class ROS knows and Python's re does not: unknown, not wrong
        return [Violation("pattern", "bad-pattern", text, str(exc))]
    return [] if ok else [Violation("pattern", "pattern", text, pattern)]


def _bounds(
    spec: Mapping[str, Any], what: str, measure: Any, value: Any, keys: tuple[str, str]
) -> list[Violation]:
    code = "length" if what == "length" else "range"
    low, high = as_number(spec.get(keys[0])), as_number(spec.get(keys[1]))
    found = []
    if low is not None and measure < low:
        found.append(Violation(code, f"min-{what}", value, low))
    if high is not None and measure > high:
        found.append(Violation(code, f"max-{what}", value, high))
    return found
