"""What to preview: a template file, or a package folder whose config.yaml names templates."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nestgen import yamlio
from nestgen.errors import InputError, Location

DEFAULT_TEMPLATE = Path("ros_templates") / "template.yaml"


@dataclass(frozen=True)
class Source:
    """The template to render and the region its association fields are chosen in."""

    template: Path
    region: str = ""


def resolve(target: Path) -> Source:
    """A template file as is; a package folder by its config.yaml (first TemplateConfigs Url)."""
    if target.is_file():
        return Source(target, _region_beside(target))
    config = target / "config.yaml"
    if config.is_file():
        return _from_config(config)
    if (target / DEFAULT_TEMPLATE).is_file():
        return Source(target / DEFAULT_TEMPLATE)
    raise InputError(
        "not a template file nor a package folder (no config.yaml, no ros_templates/template.yaml)",
        location=Location(str(target)),
    )


def _from_config(config: Path) -> Source:
    data = yamlio.load_file(config).data
    service = data.get("Service") if isinstance(data, Mapping) else None
    service = service if isinstance(service, Mapping) else {}
    deploy = service.get("DeployMetadata")
    configs = deploy.get("TemplateConfigs") if isinstance(deploy, Mapping) else None
    for entry in configs if isinstance(configs, list) else []:
        url = entry.get("Url") if isinstance(entry, Mapping) else None
        if isinstance(url, str) and "://" not in url:
            path = config.parent / url
            if not path.is_file():
                raise InputError(
                    f"TemplateConfigs Url {url} names no file", location=Location(str(config))
                )
            return Source(path, _region(entry, service))
    raise InputError(
        "config.yaml names no local template (TemplateConfigs[].Url)",
        location=Location(str(config)),
    )


def _region(entry: Mapping[str, Any], service: Mapping[str, Any]) -> str:
    """The first AllowedRegions entry of the template config, else the service's RegionId."""
    regions = entry.get("AllowedRegions")
    if isinstance(regions, list) and regions and isinstance(regions[0], str):
        return regions[0]
    region = service.get("RegionId")
    return region if isinstance(region, str) else ""


def _region_beside(template: Path) -> str:
    """The region of a template inside a package (config.yaml one folder up), else ``""``."""
    config = template.resolve().parent.parent / "config.yaml"
    if not config.is_file():
        return ""
    try:
        source = _from_config(config)
    except InputError:
        return ""
    return source.region if source.template.resolve() == template.resolve() else ""
