"""The per-parameter rules: type, AllowedValues, AllowedPattern, lengths and ranges."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from nestgen.params import messages
from nestgen.params.model import Param
from nestgen.params.values import NotOfType, as_number, canonical, coerce, shown
from nestgen.patterns import pattern_matches

Finding = tuple[str, str]  # (code, message)


def check_value(param: Param, value: Any, locale: str) -> list[Finding]:
    """Every rule ``value`` breaks for ``param``, each message ending with ConstraintDescription."""
    typed = coerce(param.type, value)
    if isinstance(typed, NotOfType):
        fields = dict(typed.fields)
        if param.no_echo and "value" in fields:
            fields["value"] = shown(value, secret=True)
        return [("type", _with_hint(param, messages.text(typed.key, locale, **fields), locale))]
    found = list(_rules(param, typed, locale))
    return [(code, _with_hint(param, text, locale)) for code, text in found]


def _with_hint(param: Param, message: str, locale: str) -> str:
    hint = messages.localized(param.spec.get("ConstraintDescription"), locale)
    return message + messages.text("constraint", locale, text=hint) if hint else message


def _rules(param: Param, typed: Any, locale: str) -> Iterator[Finding]:
    items = typed if param.type == "CommaDelimitedList" else [typed]
    for item in items:
        yield from _allowed(param, item, locale)
        if isinstance(item, str):
            yield from _pattern(param, item, locale)
    if param.type == "String" and isinstance(typed, str):
        yield from _lengths(param, typed, locale)
    if param.type == "Number":
        yield from _range(param, typed, locale)


def _allowed(param: Param, item: Any, locale: str) -> Iterator[Finding]:
    allowed = param.spec.get("AllowedValues")
    if not isinstance(allowed, list) or not allowed:
        return
    if param.type == "Number":
        ok = any(as_number(a) == item for a in allowed)
    else:
        ok = canonical(item) in {canonical(a) for a in allowed}
    if not ok:
        shown_allowed = "[***]" if param.no_echo else ", ".join(canonical(a) for a in allowed)
        value = shown(item, secret=param.no_echo)
        yield (
            "allowed-values",
            messages.text("allowed-values", locale, value=value, allowed=f"[{shown_allowed}]"),
        )


def _pattern(param: Param, text: str, locale: str) -> Iterator[Finding]:
    pattern = param.spec.get("AllowedPattern")
    if not isinstance(pattern, str) or param.type.startswith("ALIYUN::OOS::"):
        return
    try:
        ok = pattern_matches(pattern, text)
    except re.error as exc:
        yield "pattern", messages.text("bad-pattern", locale, error=str(exc))
        return
    if not ok:
        value = shown(text, secret=param.no_echo)
        # a long pattern says less than the ConstraintDescription that follows it
        named = "AllowedPattern" if param.spec.get("ConstraintDescription") else pattern
        yield "pattern", messages.text("pattern", locale, value=value, pattern=named)


def _lengths(param: Param, text: str, locale: str) -> Iterator[Finding]:
    low, high = as_number(param.spec.get("MinLength")), as_number(param.spec.get("MaxLength"))
    value = shown(text, secret=param.no_echo)
    if low is not None and len(text) < low:
        yield "length", messages.text("min-length", locale, value=value, limit=canonical(low))
    if high is not None and len(text) > high:
        yield "length", messages.text("max-length", locale, value=value, limit=canonical(high))


def _range(param: Param, number: float, locale: str) -> Iterator[Finding]:
    low, high = as_number(param.spec.get("MinValue")), as_number(param.spec.get("MaxValue"))
    value = shown(number, secret=param.no_echo)
    if low is not None and number < low:
        yield "range", messages.text("min-value", locale, value=value, limit=canonical(low))
    if high is not None and number > high:
        yield "range", messages.text("max-value", locale, value=value, limit=canonical(high))
