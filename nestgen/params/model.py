"""The parameters of a ROS template, as the console sees them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nestgen import yamlio
from nestgen.errors import InputError, Location
from nestgen.rosvalues import declared_type, is_no_echo, is_required

_MISSING = object()


@dataclass(frozen=True)
class Param:
    """One template parameter: its type, console metadata and constraints."""

    name: str
    type: str = "String"
    spec: Mapping[str, Any] = field(default_factory=dict)
    location: Location | None = None

    @property
    def has_default(self) -> bool:
        """True when the template gives a non-null Default."""
        return self.spec.get("Default") is not None

    @property
    def default(self) -> Any:
        return self.spec.get("Default")

    @property
    def declares_default(self) -> bool:
        """True when the Default key is present (``null`` means "empty, not validated")."""
        return "Default" in self.spec

    @property
    def required(self) -> bool:
        """The console's ``Required: true``."""
        return is_required(self.spec)

    @property
    def no_echo(self) -> bool:
        """True for a secret, whatever the spelling of ``NoEcho``."""
        return is_no_echo(self.spec)

    @property
    def visible(self) -> Any:
        """The raw ``Visible.Condition`` expression, or ``None`` when always visible."""
        meta = self.spec.get("AssociationPropertyMetadata")
        visible = meta.get("Visible") if isinstance(meta, Mapping) else None
        return visible.get("Condition") if isinstance(visible, Mapping) else None

    @property
    def metadata(self) -> Mapping[str, Any]:
        meta = self.spec.get("AssociationPropertyMetadata")
        return meta if isinstance(meta, Mapping) else {}


@dataclass(frozen=True)
class ParamSet:
    """All parameters of one template, in template order."""

    params: dict[str, Param]
    source: str = "<template>"
    description: Any = None

    def __contains__(self, name: object) -> bool:
        return name in self.params

    def __getitem__(self, name: str) -> Param:
        return self.params[name]


def load_template(template: Path | str | Mapping[str, Any]) -> ParamSet:
    """Read a template (path or mapping) and return its parameters; no Parameters is an error."""
    if isinstance(template, Mapping):
        data: Any = template
        source = "<template>"
    else:
        doc = yamlio.load_file(template)
        data, source = doc.data, doc.filename
    if not isinstance(data, Mapping):
        raise InputError("the template is not a mapping", location=Location(source))
    raw = data.get("Parameters")
    if not isinstance(raw, Mapping) or not raw:
        raise InputError("the template has no Parameters section", location=Location(source))
    params = {str(name): _param(str(name), spec, raw, source) for name, spec in raw.items()}
    return ParamSet(params, source, data.get("Description"))


def _param(name: str, spec: Any, parent: Mapping[str, Any], source: str) -> Param:
    mark = parent.key_marks.get(name) if isinstance(parent, yamlio.YMap) else None
    where = Location(source, mark.line, mark.column) if mark else None
    if not isinstance(spec, Mapping):
        raise InputError(f"parameter {name} is not a mapping", location=where)
    return Param(name, declared_type(spec), spec, where)
