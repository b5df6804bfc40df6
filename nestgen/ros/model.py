"""The template model: parameters, conditions, resources, outputs and console metadata.

Objects are built by the parameter groups and rendered by :meth:`Template.to_dict` into a
plain mapping with keys in a fixed order, so the dumped YAML is byte-identical every run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from nestgen.errors import InputError
from nestgen.ros.conditions import Cond

FORMAT_VERSION = "2015-09-01"
INTERFACE = "ALIYUN::ROS::Interface"


@dataclass(frozen=True)
class Text:
    """A text in both console locales."""

    en: str
    zh: str

    def to_ros(self) -> dict[str, str]:
        return {"en": self.en, "zh-cn": self.zh}

    @classmethod
    def from_mapping(cls, data: dict[str, str]) -> Text:
        """Build from a spec mapping with ``en`` and ``zh-cn`` keys."""
        return cls(en=data["en"], zh=data["zh-cn"])

    def in_locale(self, key: str) -> str:
        """The text for console locale ``key`` (``en`` or ``zh-cn``)."""
        return self.zh if key == "zh-cn" else self.en


_NO_DEFAULT = object()
NO_DEFAULT = _NO_DEFAULT  # a Parameter's default when it has none (ROS then requires a value)


def artifact_placeholder(kind: str, key: str) -> str:
    """How a template names a Compute Nest artifact: ``{{ computenest::<kind>::<key> }}``."""
    return "{{ computenest::" + kind + "::" + key + " }}"


@dataclass
class Parameter:
    """One ROS parameter with its console metadata."""

    name: str
    type: str
    label: Text
    description: Text | None = None
    default: Any = _NO_DEFAULT
    allowed_values: list[Any] | None = None
    allowed_pattern: str | None = None
    min_length: int | None = None
    max_length: int | None = None
    min_value: int | None = None
    max_value: int | None = None
    no_echo: bool = False
    confirm: bool = False
    constraint: Text | None = None
    required: bool = False
    association: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    value_labels: dict[Any, Text] | None = None
    visible: Cond | None = None

    @property
    def has_default(self) -> bool:
        return self.default is not _NO_DEFAULT

    def to_ros(self) -> dict[str, Any]:
        """The parameter's body in the template, keys in a fixed order."""
        body: dict[str, Any] = {"Type": self.type, "Label": self.label.to_ros()}
        if self.description:
            body["Description"] = self.description.to_ros()
        if self.has_default:
            body["Default"] = self.default
        _put(body, "AllowedValues", self.allowed_values)
        _put(body, "AllowedPattern", self.allowed_pattern)
        for key, value in (
            ("MinLength", self.min_length),
            ("MaxLength", self.max_length),
            ("MinValue", self.min_value),
            ("MaxValue", self.max_value),
        ):
            _put(body, key, value)
        if self.no_echo:
            body["NoEcho"] = True
        if self.confirm:
            body["Confirm"] = True
        if self.constraint:
            body["ConstraintDescription"] = self.constraint.to_ros()
        if self.required:
            body["Required"] = True
        _put(body, "AssociationProperty", self.association)
        meta = self._association_metadata()
        if meta:
            body["AssociationPropertyMetadata"] = meta
        return body

    def _association_metadata(self) -> dict[str, Any]:
        meta = dict(self.metadata)
        if self.value_labels:
            meta["ValueLabelMapping"] = {k: v.to_ros() for k, v in self.value_labels.items()}
        if self.visible is not None:
            meta["Visible"] = {"Condition": self.visible.console()}
        return meta


def _put(body: dict[str, Any], key: str, value: Any) -> None:
    if value is not None:
        body[key] = value


@dataclass
class RawParameter:
    """A parameter written as ROS in the spec: its body is used as given."""

    name: str
    body: dict[str, Any]

    @property
    def has_default(self) -> bool:
        return "Default" in self.body

    def to_ros(self) -> dict[str, Any]:
        return dict(self.body)


@dataclass
class RawOutput:
    """An output written as ROS in the spec (Description, Value, Condition, Label...)."""

    name: str
    body: dict[str, Any]

    def to_ros(self) -> dict[str, Any]:
        return dict(self.body)


@dataclass
class ParameterGroup:
    """A labelled block of the console form."""

    label: Text
    names: list[str] = field(default_factory=list)


@dataclass
class Output:
    """A stack output shown on the instance page."""

    name: str
    description: Text
    value: Any
    condition: str | None = None

    def to_ros(self) -> dict[str, Any]:
        body: dict[str, Any] = {"Description": self.description.to_ros(), "Value": self.value}
        if self.condition:
            body["Condition"] = self.condition
        return body


@dataclass
class Template:
    """A ROS template under construction."""

    description: Text
    parameters: dict[str, Parameter | RawParameter] = field(default_factory=dict)
    conditions: dict[str, Any] = field(default_factory=dict)
    mappings: dict[str, Any] = field(default_factory=dict)
    locals: dict[str, Any] = field(default_factory=dict)  # raw ROS only
    resources: dict[str, dict[str, Any]] = field(default_factory=dict)
    outputs: dict[str, Output | RawOutput] = field(default_factory=dict)
    groups: list[ParameterGroup] = field(default_factory=list)
    raw_description: Any = None  # replaces Description when not None ('': no Description)
    raw_metadata: dict[str, Any] | None = None  # replaces Metadata when not None (raw ROS)

    def add_group(self, label: Text, parameters: Sequence[Parameter | RawParameter]) -> None:
        """Add a console group and its parameters; a name already taken is an error."""
        for parameter in parameters:
            self.add_parameter(parameter)
        self.groups.append(ParameterGroup(label, [p.name for p in parameters]))

    def add_parameter(self, parameter: Parameter | RawParameter) -> None:
        """Add one parameter (ungrouped until a group names it)."""
        if parameter.name in self.parameters or parameter.name in self.resources:
            raise InputError(f"duplicate parameter name {parameter.name!r}")
        self.parameters[parameter.name] = parameter

    def add_condition(self, name: str, condition: Cond | dict[str, Any]) -> None:
        """Add a named condition (a :class:`Cond` or a raw ROS expression)."""
        if name in self.conditions:
            raise InputError(f"duplicate condition name {name!r}")
        self.conditions[name] = condition.ros() if isinstance(condition, Cond) else condition

    def add_resource(self, name: str, body: dict[str, Any]) -> dict[str, Any]:
        """Add a resource and return its body so later groups can extend it."""
        if name in self.resources or name in self.parameters:
            raise InputError(f"duplicate resource name {name!r}")
        self.resources[name] = body
        return body

    def resource(self, name: str) -> dict[str, Any]:
        """A resource added earlier (a missing one is a bug in the group order)."""
        return self.resources[name]

    def add_mapping(self, name: str, body: dict[str, Any]) -> None:
        """Add a named mapping (raw ROS from the spec)."""
        if name in self.mappings:
            raise InputError(f"duplicate mapping name {name!r}")
        self.mappings[name] = body

    def add_output(self, output: Output | RawOutput) -> None:
        if output.name in self.outputs:
            raise InputError(f"duplicate output name {output.name!r}")
        self.outputs[output.name] = output

    def to_dict(self) -> dict[str, Any]:
        """The whole template as plain data, sections in the conventional order."""
        body: dict[str, Any] = {"ROSTemplateFormatVersion": FORMAT_VERSION}
        if self.raw_description is None:
            body["Description"] = self.description.to_ros()
        elif self.raw_description != "":
            body["Description"] = self.raw_description
        body["Parameters"] = {n: p.to_ros() for n, p in self.parameters.items()}
        if self.mappings:
            body["Mappings"] = dict(self.mappings)
        if self.conditions:
            body["Conditions"] = dict(self.conditions)
        if self.locals:
            body["Locals"] = dict(self.locals)
        body["Resources"] = dict(self.resources)
        if self.outputs:
            body["Outputs"] = {n: o.to_ros() for n, o in self.outputs.items()}
        if self.raw_metadata is not None:
            body["Metadata"] = dict(self.raw_metadata)
        else:
            body["Metadata"] = {INTERFACE: self._interface()}
        return body

    def _interface(self) -> dict[str, Any]:
        groups = [{"Parameters": list(g.names), "Label": g.label.to_ros()} for g in self.groups]
        interface: dict[str, Any] = {"ParameterGroups": groups}
        if self.outputs:
            interface["Outputs"] = list(self.outputs)
        return interface
