"""ROS functions resolved offline, with sample values for what only a deployment knows.

Used to see what a template hands to a resource (the Helm values, say) for one set of form
choices: parameters take the given values or their defaults, pseudo parameters and resource
attributes take recognisable sample values, conditions are evaluated on the parameters.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from nestgen.ros.values import deep_merge
from nestgen.subvars import substitute

PSEUDO_SAMPLES: dict[str, str] = {
    "ALIYUN::StackName": "sample-stack",
    "ALIYUN::StackId": "sample-stack-id",
    "ALIYUN::Region": "cn-hangzhou",
    "ALIYUN::AccountId": "1000000000000001",
    "ALIYUN::TenantId": "1000000000000002",
    "ALIYUN::NoValue": "",
}


class SampleError(ValueError):
    """A function that cannot be resolved offline (unknown name, wrong shape)."""


@dataclass
class Sampler:
    """Resolves ROS values of one template for one set of parameter values."""

    template: Mapping[str, Any]
    choices: Mapping[str, Any] = field(default_factory=dict)

    def parameter(self, name: str) -> Any:
        """A parameter's value: the choice, else its default (Json defaults parsed)."""
        if name in PSEUDO_SAMPLES:
            return PSEUDO_SAMPLES[name]
        spec = (self.template.get("Parameters") or {}).get(name)
        if spec is None:
            raise SampleError(f"Ref to unknown parameter {name}")
        value = self.choices[name] if name in self.choices else spec.get("Default")
        if value is None:
            return f"sample-{name}"
        if spec.get("Type") == "Json" and isinstance(value, str):
            return json.loads(value)
        return value

    def condition(self, name: str) -> bool:
        """The truth of a named condition."""
        conditions = self.template.get("Conditions") or {}
        if name not in conditions:
            raise SampleError(f"unknown condition {name}")
        return self._truth(conditions[name])

    def _truth(self, expr: Any) -> bool:
        if isinstance(expr, bool):
            return expr
        if isinstance(expr, Mapping) and len(expr) == 1:
            ((fn, arg),) = expr.items()
            if fn == "Condition":
                return self.condition(arg)
            if fn == "Fn::Equals":
                left, right = (self.resolve(item) for item in arg)
                return _text(left) == _text(right)
            if fn == "Fn::Not":
                return not self._truth(arg[0] if isinstance(arg, list) else arg)
            if fn == "Fn::And":
                return all(self._truth(item) for item in arg)
            if fn == "Fn::Or":
                return any(self._truth(item) for item in arg)
        raise SampleError(f"not a condition: {expr!r}")

    def resolve(self, value: Any) -> Any:
        """``value`` with every ROS function replaced by what it yields here."""
        if isinstance(value, list):
            return [self.resolve(item) for item in value]
        if not isinstance(value, Mapping):
            return value
        if len(value) == 1:
            ((key, arg),) = value.items()
            handler = _FUNCTIONS.get(key)
            if handler is not None:
                return handler(self, arg)
        return {key: self.resolve(item) for key, item in value.items()}

    def _ref(self, name: Any) -> Any:
        return self.parameter(str(name))

    def _get_att(self, arg: Any) -> Any:
        resource, attribute = (str(part) for part in self.resolve(arg))
        return f"sample-{resource}-{attribute}"

    def _sub(self, arg: Any) -> str:
        text, names = (arg[0], self.resolve(arg[1])) if isinstance(arg, list) else (arg, {})

        def value(name: str) -> str:
            if name in names:
                return _text(names[name])
            if "." in name:
                resource, attribute = name.split(".", 1)
                return f"sample-{resource}-{attribute}"
            return _text(self.parameter(name))

        return substitute(str(text), value)

    def _if(self, arg: Any) -> Any:
        name, when_true, when_false = arg
        return self.resolve(when_true if self.condition(name) else when_false)

    def _merge_map(self, arg: Any) -> dict[str, Any]:
        merged: dict[str, Any] = {}
        for item in self.resolve(arg):
            if not isinstance(item, Mapping):
                raise SampleError(f"Fn::MergeMap item is not a mapping: {item!r}")
            merged = deep_merge(merged, dict(item))
        return merged

    def _join(self, arg: Any) -> str:
        separator, items = arg
        return str(separator).join(_text(item) for item in self.resolve(items))


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


_FUNCTIONS = {
    "Ref": Sampler._ref,
    "Fn::GetAtt": Sampler._get_att,
    "Fn::Sub": Sampler._sub,
    "Fn::If": Sampler._if,
    "Fn::MergeMap": Sampler._merge_map,
    "Fn::Join": Sampler._join,
}
