"""The per-parameter rules as messages: :func:`nestgen.rosvalues.violations`, in a locale."""

from __future__ import annotations

from typing import Any

from nestgen.params import messages
from nestgen.params.model import Param
from nestgen.rosvalues import Violation, canonical, shown, violations

Finding = tuple[str, str]  # (code, message)


def check_value(param: Param, value: Any, locale: str) -> list[Finding]:
    """Every rule ``value`` breaks for ``param``, each message ending with ConstraintDescription."""
    return [
        (found.code, _with_hint(param, _message(param, found, locale), locale))
        for found in violations(param.spec, value)
    ]


def _with_hint(param: Param, message: str, locale: str) -> str:
    hint = messages.localized(param.spec.get("ConstraintDescription"), locale)
    return message + messages.text("constraint", locale, text=hint) if hint else message


def _message(param: Param, found: Violation, locale: str) -> str:
    value = shown(found.value, secret=param.no_echo)
    if found.code == "type":
        return messages.text(found.key, locale, value=value, error=found.limit)
    if found.key == "allowed-values":
        allowed = "***" if param.no_echo else ", ".join(found.limit)
        return messages.text(found.key, locale, value=value, allowed=f"[{allowed}]")
    if found.key == "bad-pattern":
        return messages.text(found.key, locale, error=found.limit)
    if found.key == "pattern":
        # a long pattern says less than the ConstraintDescription that follows it
        named = "AllowedPattern" if param.spec.get("ConstraintDescription") else found.limit
        return messages.text(found.key, locale, value=value, pattern=named)
    return messages.text(found.key, locale, value=value, limit=canonical(found.limit))
