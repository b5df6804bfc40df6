"""Values read from files the spec names: the ChartValues default, the start-up file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nestgen import yamlio
from nestgen.errors import InputError
from nestgen.ros.values import deep_merge, plain
from nestgen.spec.model import Spec, TemplateSpec


def overlay_values(path: Path) -> dict[str, Any]:
    """A Helm values file as a mapping (an empty file is an empty mapping)."""
    doc = yamlio.load_file(path)
    if doc.data is None:
        return {}
    if not isinstance(doc.data, dict):
        raise InputError("Helm values must be a YAML mapping", location=doc.locate(()))
    return dict(plain(doc.data))


def hub_values(path: Path) -> dict[str, Any]:
    """Helm values rendered from a hub settings env file (the Swarm image's variables)."""
    from nestgen.hubconfig import helm_values_from_env_file  # only specs with hub settings

    return helm_values_from_env_file(path)


def chart_values(spec: Spec, template: TemplateSpec) -> dict[str, Any]:
    """The helm group's values file, with the spec's hub settings merged over it."""
    options = template.groups.get("helm", {})
    values = overlay_values(spec.resolve(options["values"])) if "values" in options else {}
    if spec.hub_settings is not None:
        values = deep_merge(values, hub_values(spec.hub_settings))
    return values


def startup_file(spec: Spec, template: TemplateSpec) -> str:
    """The startup group's docker compose file or shell script as text ("" without one)."""
    options = template.groups.get("startup", {})
    name = options.get("compose", options.get("script"))
    if not name:
        return ""
    path = spec.resolve(name)
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the start-up file: {exc}") from None
