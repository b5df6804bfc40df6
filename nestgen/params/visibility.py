"""The console's ``Visible`` conditions: Fn::Equals/Not/And/Or over ``${Name}`` values."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from nestgen.params.model import ParamSet
from nestgen.rosvalues import canonical
from nestgen.subvars import substitute as _substitute
from nestgen.subvars import variables

FUNCTIONS = ("Fn::Equals", "Fn::Not", "Fn::And", "Fn::Or")
Lookup = Callable[[str], Any]


class ConditionError(ValueError):
    """A condition that uses something other than the four console functions."""


def function_of(expr: Any) -> tuple[str, Any]:
    """The single ``Fn::`` key of a condition node and its argument."""
    if not isinstance(expr, Mapping) or len(expr) != 1:
        raise ConditionError(f"expected one of {', '.join(FUNCTIONS)}, got {expr!r}")
    ((name, arg),) = expr.items()
    if name not in FUNCTIONS:
        raise ConditionError(f"{name} is not allowed in Visible")
    return name, arg


def operands(name: str, arg: Any) -> list[Any]:
    """The arguments of a function, checked for count."""
    if name == "Fn::Not":
        return [arg[0] if isinstance(arg, list) and len(arg) == 1 else arg]
    if not isinstance(arg, list) or (name == "Fn::Equals" and len(arg) != 2) or not arg:
        raise ConditionError(
            f"{name} takes a list of {'two ' if name == 'Fn::Equals' else ''}items"
        )
    return list(arg)


def evaluate(expr: Any, lookup: Lookup) -> bool:
    """The truth of a condition with ``${X}`` replaced by ``lookup(X)``."""
    if isinstance(expr, bool):
        return expr
    name, arg = function_of(expr)
    items = operands(name, arg)
    if name == "Fn::Equals":
        return substitute(items[0], lookup) == substitute(items[1], lookup)
    if name == "Fn::Not":
        return not evaluate(items[0], lookup)
    if name == "Fn::And":
        return all(evaluate(item, lookup) for item in items)
    return any(evaluate(item, lookup) for item in items)


def substitute(value: Any, lookup: Lookup) -> str:
    """A comparison operand as text, ``${X}`` replaced and ``${!X}`` unescaped."""
    if isinstance(value, Mapping | list):
        raise ConditionError(f"cannot compare {value!r}")
    if not isinstance(value, str):
        return canonical(value)
    return _substitute(value, lambda name: canonical(lookup(name)))


def references(expr: Any) -> list[str]:
    """Every ``${X}`` a condition names, in order."""
    found: list[str] = []
    if isinstance(expr, str):
        found.extend(variables(expr))
    elif isinstance(expr, Mapping):
        for item in expr.values():
            found.extend(references(item))
    elif isinstance(expr, list):
        for item in expr:
            found.extend(references(item))
    return found


class Form:
    """The console form for one set of values: what is visible, what each value is."""

    def __init__(self, params: ParamSet, values: Mapping[str, Any]) -> None:
        self.params = params
        self.values = values
        self.unknown_refs: set[str] = set()
        self.broken: dict[str, str] = {}
        self._visible: dict[str, bool] = {}
        self._pending: set[str] = set()

    def visible(self, name: str) -> bool:
        """Whether the console shows parameter ``name`` (a cycle counts as visible)."""
        if name in self._visible:
            return self._visible[name]
        if name in self._pending:
            return True
        self._pending.add(name)
        try:
            result = self._evaluate(name)
        finally:
            self._pending.discard(name)
        self._visible[name] = result
        return result

    def _evaluate(self, name: str) -> bool:
        condition = self.params[name].visible
        if condition is None:
            return True
        try:
            return evaluate(condition, self.lookup)
        except ConditionError as exc:
            self.broken[name] = str(exc)
            return True

    def value(self, name: str) -> Any:
        """The value the deployment gets: the given one when shown, else the Default."""
        given = self.values.get(name)
        if given is not None and self.visible(name):
            return given
        return self.params[name].default

    def lookup(self, name: str) -> Any:
        if name not in self.params:
            self.unknown_refs.add(name)
            return None
        return self.value(name)


def render(expr: Any) -> str:
    """A compact text form of a condition: ``${CsOptions} == NewAck and ...``."""
    try:
        name, arg = function_of(expr)
        items = operands(name, arg)
    except ConditionError:
        return repr(expr)
    if name == "Fn::Equals":
        return f"{items[0]} == {items[1]}"
    if name == "Fn::Not":
        inner = items[0]
        if isinstance(inner, Mapping) and "Fn::Equals" in inner:
            left, right = operands("Fn::Equals", inner["Fn::Equals"])
            return f"{left} != {right}"
        return f"not ({render(inner)})"
    joiner = " and " if name == "Fn::And" else " or "
    return joiner.join(f"({render(i)})" if _is_junction(i) else render(i) for i in items)


def _is_junction(expr: Any) -> bool:
    return isinstance(expr, Mapping) and bool({"Fn::And", "Fn::Or"} & set(expr))
