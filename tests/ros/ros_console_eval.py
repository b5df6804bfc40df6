"""Evaluate console Visible conditions (Fn::Equals/Not/And/Or over ``${Name}``) for tests."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def _value(term: Any, values: Mapping[str, Any]) -> Any:
    if isinstance(term, str) and term.startswith("${") and term.endswith("}"):
        return values[term[2:-1]]
    return term


def evaluate(condition: Mapping[str, Any], values: Mapping[str, Any]) -> bool:
    """The truth of a console condition for the given parameter values."""
    ((name, argument),) = condition.items()
    if name == "Fn::Equals":
        left, right = (_value(t, values) for t in argument)
        return left == right
    if name == "Fn::Not":
        return not evaluate(argument, values)
    if name == "Fn::And":
        return all(evaluate(part, values) for part in argument)
    if name == "Fn::Or":
        return any(evaluate(part, values) for part in argument)
    raise AssertionError(f"the console does not accept {name} in Visible")


def visible(template: Mapping[str, Any], values: Mapping[str, Any]) -> set[str]:
    """Names of the parameters the console shows for ``values``."""
    shown = set()
    for name, body in template["Parameters"].items():
        rule = body.get("AssociationPropertyMetadata", {}).get("Visible")
        if rule is None or evaluate(rule["Condition"], values):
            shown.add(name)
    return shown
