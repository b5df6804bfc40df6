"""Boolean expressions over parameter values, rendered for the console and for ROS.

One expression serves two places: ``AssociationPropertyMetadata.Visible`` (the console
form, ``${Name}``) and the template's ``Conditions`` section (``Ref: Name``).  Only the
four functions the console accepts exist here: Equals, Not, And, Or.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


class Cond:
    """Base of the condition expressions."""

    def console(self) -> dict[str, Any]:
        """The ``Visible.Condition`` form."""
        raise NotImplementedError

    def ros(self) -> dict[str, Any]:
        """The ``Conditions`` section form."""
        raise NotImplementedError

    def evaluate(self, values: Mapping[str, Any]) -> bool:
        """Evaluate against parameter values (used by tests and previews)."""
        raise NotImplementedError


@dataclass(frozen=True)
class Eq(Cond):
    """``parameter == value``."""

    name: str
    value: Any

    def console(self) -> dict[str, Any]:
        return {"Fn::Equals": ["${" + self.name + "}", self.value]}

    def ros(self) -> dict[str, Any]:
        return {"Fn::Equals": [{"Ref": self.name}, self.value]}

    def evaluate(self, values: Mapping[str, Any]) -> bool:
        return bool(values.get(self.name) == self.value)


@dataclass(frozen=True)
class Not(Cond):
    """Negation."""

    inner: Cond

    def console(self) -> dict[str, Any]:
        return {"Fn::Not": self.inner.console()}

    def ros(self) -> dict[str, Any]:
        return {"Fn::Not": self.inner.ros()}

    def evaluate(self, values: Mapping[str, Any]) -> bool:
        return not self.inner.evaluate(values)


@dataclass(frozen=True)
class And(Cond):
    """All of the parts (two or more)."""

    parts: tuple[Cond, ...]

    def console(self) -> dict[str, Any]:
        return {"Fn::And": [p.console() for p in self.parts]}

    def ros(self) -> dict[str, Any]:
        return {"Fn::And": [p.ros() for p in self.parts]}

    def evaluate(self, values: Mapping[str, Any]) -> bool:
        return all(p.evaluate(values) for p in self.parts)


@dataclass(frozen=True)
class Or(Cond):
    """Any of the parts (two or more)."""

    parts: tuple[Cond, ...]

    def console(self) -> dict[str, Any]:
        return {"Fn::Or": [p.console() for p in self.parts]}

    def ros(self) -> dict[str, Any]:
        return {"Fn::Or": [p.ros() for p in self.parts]}

    def evaluate(self, values: Mapping[str, Any]) -> bool:
        return any(p.evaluate(values) for p in self.parts)


def both(first: Cond | None, second: Cond) -> Cond:
    """``first and second``, flattening nested Ands; ``second`` alone when ``first`` is None."""
    if first is None:
        return second
    left = first.parts if isinstance(first, And) else (first,)
    return And((*left, second))
