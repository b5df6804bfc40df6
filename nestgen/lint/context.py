"""What a rule sees: one loaded file (or a nested template inside it) and the settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nestgen.errors import NestgenError
from nestgen.lint.config import LintConfig
from nestgen.lint.walk import Path as KeyPath
from nestgen.lint.walk import Usage, metadata_variables, walk_template
from nestgen.yamlio import Document

if TYPE_CHECKING:
    from nestgen.lint.resources import Problem

PSEUDO_PARAMETERS = frozenset(
    f"ALIYUN::{name}"
    for name in (
        "StackName",
        "StackId",
        "Region",
        "AccountId",
        "TenantId",
        "ResourceGroupId",
        "NoValue",
        "Index",
    )
)


@dataclass
class SourceFile:
    """A file on the command line (or named by a config), loaded or not."""

    path: Path
    display: str
    kind: str  # template | config | parameters | unknown
    doc: Document | None = None
    error: NestgenError | None = None
    size: int = 0
    note: str = ""

    @cached_property
    def key(self) -> Path:
        """The resolved path (what makes two names one file), resolved once."""
        return self.path.resolve()


@dataclass
class PackageTemplate:
    """A template named by a config's ``TemplateConfigs`` (``source`` None when missing)."""

    name: str
    url: str
    path_in_config: KeyPath
    source: SourceFile | None
    context: Context | None = None


@dataclass
class Context:
    """A rule's view of one file; for templates, handy views of the sections."""

    source: SourceFile
    config: LintConfig
    data: Any
    base: KeyPath = ()
    package: list[PackageTemplate] = field(default_factory=list)

    def section(self, name: str) -> dict:
        """A top-level section as a mapping ({} when absent or not a mapping)."""
        value = self.data.get(name) if isinstance(self.data, dict) else None
        return value if isinstance(value, dict) else {}

    @cached_property
    def parameters(self) -> dict:
        return self.section("Parameters")

    @cached_property
    def param_specs(self) -> list[tuple[str, dict]]:
        """(name, definition) for each parameter defined as a mapping."""
        return [(n, spec) for n, spec in self.parameters.items() if isinstance(spec, dict)]

    @cached_property
    def resources(self) -> dict:
        return self.section("Resources")

    @cached_property
    def locals(self) -> dict:
        return self.section("Locals")

    @cached_property
    def conditions(self) -> dict:
        return self.section("Conditions")

    @cached_property
    def outputs(self) -> dict:
        return self.section("Outputs")

    @cached_property
    def interface(self) -> dict:
        value = self.section("Metadata").get("ALIYUN::ROS::Interface")
        return value if isinstance(value, dict) else {}

    @cached_property
    def usage(self) -> Usage:
        return walk_template(self.data) if isinstance(self.data, dict) else Usage()

    @cached_property
    def resource_problems(self) -> list[Problem]:
        """The resources checked against the ROS spec (loaded on first use)."""
        from nestgen.lint.resources import check_resources
        from nestgen.rosspec.spec import load_spec

        return check_resources(self.resources, load_spec()) if self.resources else []

    @cached_property
    def metadata_vars(self) -> list[tuple[KeyPath, str]]:
        """``${X}`` names used by console metadata, with their paths."""
        return metadata_variables(self.parameters)

    @cached_property
    def ref_targets(self) -> frozenset:
        """Names a ``Ref`` or ``${X}`` may use: parameters, resources, locals, pseudo."""
        return frozenset(
            (
                *_keys(self.parameters),
                *_keys(self.resources),
                *_keys(self.locals),
                *PSEUDO_PARAMETERS,
            )
        )

    @property
    def is_terraform(self) -> bool:
        transform = self.data.get("Transform") if isinstance(self.data, dict) else None
        return "Workspace" in self.data or (isinstance(transform, str) and "Terraform" in transform)

    @property
    def is_parameters_only(self) -> bool:
        return isinstance(self.data, dict) and "Resources" not in self.data


def _keys(mapping: dict) -> list:
    return [k for k in mapping if isinstance(k, str)]
