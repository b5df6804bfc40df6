"""What every parameter group shares: its record type, the build context and cluster names."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from nestgen.ros.conditions import And, Cond, Eq
from nestgen.ros.model import Template, Text

# The cluster group's names, which the groups that extend the cluster module use.
CLUSTER_RESOURCE = "AckOrAcsClusterModule"
VPC_RESOURCE = "VpcModule"
HELM_RESOURCE = "FluxHelmApplicationModule"
CREATE_CLUSTER = "CreateClusterCondition"
NEW_CLUSTER = Eq("CsOptions", "NewAck")

# The ECS groups' names (instances without a cluster).
INSTANCES_RESOURCE = "EcsInstanceGroup"
SECURITY_GROUP_RESOURCE = "EcsSecurityGroup"


@dataclass(frozen=True)
class BuildContext:
    """What a group may need beyond its options: the computed Helm values, file contents."""

    chart_values: dict[str, Any] = field(default_factory=dict)
    startup_file: str = ""  # the startup group's compose file or script, as text
    # re-hosted images (spec ``images: acr``): (values path, artifact placeholder, tag)
    images: tuple[tuple[str, str, str], ...] = ()
    compose_images: tuple[tuple[str, str, str], ...] = ()  # the same, for the compose file


Apply = Callable[[Template, BuildContext, dict[str, Any]], None]


@dataclass(frozen=True)
class Group:
    """A reusable block of the console form plus the resources it needs."""

    name: str
    label: Text
    apply: Apply
    requires: tuple[str, ...] = ()
    excludes: tuple[str, ...] = ()
    options: dict[str, Any] = field(default_factory=dict)  # JSON Schema properties

    def options_schema(self) -> dict[str, Any]:
        """The JSON Schema of this group's options in the spec."""
        return {"type": "object", "additionalProperties": False, "properties": self.options}


def has_cluster(template: Template) -> bool:
    """Whether the cluster group built this template (groups shared with ECS ask)."""
    return CLUSTER_RESOURCE in template.resources


def outside_cluster(condition: Cond | None) -> Cond | None:
    """``condition`` without its "new cluster" part, for templates that have no cluster."""
    if condition is None or condition == NEW_CLUSTER:
        return None
    if isinstance(condition, And):
        parts = tuple(p for p in condition.parts if p != NEW_CLUSTER)
        return parts[0] if len(parts) == 1 else And(parts)
    return condition


def text(en: str, zh: str) -> Text:
    """Shorthand for a two-locale text."""
    return Text(en=en, zh=zh)


def ref(name: str) -> dict[str, str]:
    return {"Ref": name}


def get_att(resource: str, attribute: str) -> dict[str, list[str]]:
    return {"Fn::GetAtt": [resource, attribute]}
