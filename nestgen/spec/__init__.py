"""The service spec: JSON Schema (package data), loader with positions, dataclass model."""

from nestgen.spec.loader import EMBEDDED_SPEC, load_spec
from nestgen.spec.model import (
    Artifact,
    GuideText,
    Operation,
    Service,
    ServiceInfo,
    Spec,
    TemplateSpec,
)

__all__ = [
    "EMBEDDED_SPEC",
    "Artifact",
    "GuideText",
    "Operation",
    "Service",
    "ServiceInfo",
    "Spec",
    "TemplateSpec",
    "load_spec",
]
