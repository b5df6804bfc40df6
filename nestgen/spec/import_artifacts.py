"""The artifacts of a published config.yaml as spec ``artifacts:`` (for ``nestgen import``).

A relation (``HelmChartArtifactRelation``, ``FileArtifactRelation``,
``AcrImageArtifactRelation``) maps a placeholder to ``${Artifact.<id>.ArtifactId}``; the
artifact and its builder give the spec's fields.  EcsImage relations are keyed by a source
image id, not by a placeholder: they stay raw config (:mod:`nestgen.spec.import_config`).
A relation to an artifact that exists already (``ArtifactId: artifact-...``) becomes an
artifact with ``artifact_id``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nestgen.package.config import RELATIONS

_KIND = {section: kind for kind, section in RELATIONS.items() if kind != "ecsimage"}
_PLACEHOLDER = re.compile(r"^\{\{\s*computenest::([a-z]+)::([^}\s]+)\s*\}\}$")
_ARTIFACT_REF = re.compile(r"^\$\{Artifact\.([^.}]+)\.ArtifactId\}$")
_EXISTING = re.compile(r"^artifact-[0-9a-z]+$")
_ANY_PLACEHOLDER = re.compile(r"\{\{\s*computenest::[a-z]+::[^}\s]+\s*\}\}")
_SPACES = re.compile(r"(?<=\{\{)\s+|\s+(?=\}\})")
_BUILDER_REF = re.compile(r"^\$\{([A-Za-z]+)\.([^.}]+)\.[A-Za-z]+\}$")


@dataclass
class ImportedArtifacts:
    """The spec's artifacts, the files they name that are absent, and what was left out."""

    artifacts: list[dict[str, Any]] = field(default_factory=list)
    missing_files: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    sources: dict[str, set[str]] = field(default_factory=dict)  # section -> entries imported
    relations: dict[str, set[str]] = field(default_factory=dict)  # section -> placeholders
    origins: list[str | None] = field(default_factory=list)  # per artifact: its Artifact entry


def _builder(config: dict[str, Any], value: Any) -> dict[str, Any]:
    """The builder entry a ``${HelmChartBuilder.X.RepoName}`` value points at ({} if none)."""
    match = _BUILDER_REF.match(str(value or ""))
    if not match:
        return {}
    section = config.get(match.group(1))
    entry = section.get(match.group(2)) if isinstance(section, dict) else None
    return entry if isinstance(entry, dict) else {}


def _path(config_dir: Path, relative: str, spec_dir: Path) -> tuple[str, Path]:
    """A package path as the spec names it (relative to the spec's folder) and its location."""
    located = (config_dir / relative).resolve()
    return Path(os.path.relpath(located, spec_dir.resolve())).as_posix(), located


def _fields(
    kind: str, artifact: dict[str, Any], config: dict[str, Any], config_dir: Path, spec_dir: Path
) -> tuple[dict[str, Any], Path | None] | str:
    """The spec fields of one artifact and the file it names, or why it cannot be carried."""
    prop = artifact.get("ArtifactProperty") or {}
    if kind == "file":
        url = prop.get("Url")
        if not isinstance(url, str) or "://" in url:
            return "its Url is not a file in the package"
        path, located = _path(config_dir, url, spec_dir)
        region = prop.get("RegionId")
        return {"path": path} | ({"region": str(region)} if region else {}), located
    builder = _builder(config, prop.get("RepoName"))
    if kind == "acrimage":
        image = builder.get("DockerRepoUrl")
        if not image:
            return "no AcrImageBuilder DockerRepoUrl"
        return {"image": str(image)}, None
    chart, tag = builder.get("RepoName"), builder.get("Tag")
    if not chart or tag is None:
        return "no HelmChartBuilder RepoName and Tag"
    found: dict[str, Any] = {"chart": str(chart), "version": str(tag)}
    if builder.get("HelmRepoUrl"):
        return found | {"repository": str(builder["HelmRepoUrl"])}, None
    if not builder.get("HelmChartPath"):
        return "its HelmChartBuilder has neither HelmChartPath nor HelmRepoUrl"
    path, located = _path(config_dir, str(builder["HelmChartPath"]), spec_dir)
    return found | {"path": path}, located


def used_placeholders(value: Any) -> set[str]:
    """Every placeholder written in ``value`` (the imported templates), without spaces."""
    if isinstance(value, str):
        return {_SPACES.sub("", m.group(0)) for m in _ANY_PLACEHOLDER.finditer(value)}
    if isinstance(value, dict):
        return {p for k, v in value.items() for p in used_placeholders(k) | used_placeholders(v)}
    if isinstance(value, list):
        return {p for v in value for p in used_placeholders(v)}
    return set()


def import_artifacts(
    config: dict[str, Any], config_dir: Path, spec_dir: Path, used: set[str] | None = None
) -> ImportedArtifacts:
    """The artifacts ``config`` relates to placeholders, in relation order; with ``used``,
    only those whose placeholder a template uses (the others stay raw config)."""
    result = ImportedArtifacts()
    deploy = (config.get("Service") or {}).get("DeployMetadata") or {}
    supplier = deploy.get("SupplierDeployMetadata") or {}
    section_artifacts = config.get("Artifact")
    declared: dict[str, Any] = section_artifacts if isinstance(section_artifacts, dict) else {}
    if supplier.get("ArtifactRelation"):
        result.notes.append(
            "EcsImage artifacts (ArtifactRelation, keyed by a source image id) are kept under "
            "config: as written, not as ecsimage artifacts"
        )
    for section, kind in _KIND.items():
        for placeholder, target in (supplier.get(section) or {}).items():
            parts = _PLACEHOLDER.match(str(placeholder))
            ref = _ARTIFACT_REF.match(str((target or {}).get("ArtifactId", "")))
            name = ref.group(1) if ref else None
            if not parts or parts.group(1) != kind:
                result.notes.append(f"{section}: {placeholder!r} is not a {kind} placeholder")
                continue
            if used is not None and _SPACES.sub("", str(placeholder)) not in used:
                result.notes.append(f"{placeholder}: no template uses it; kept under config:")
                continue
            existing = str((target or {}).get("ArtifactId", ""))
            if name is None and _EXISTING.match(existing):
                version = (target or {}).get("ArtifactVersion")
                found = {"artifact_id": existing} | (
                    {"artifact_version": str(version)} if version else {}
                )
                result.artifacts.append({"key": parts.group(2), "type": kind, **found})
                result.relations.setdefault(section, set()).add(str(placeholder))
                result.origins.append(None)
                continue
            if name is None or not isinstance(declared.get(name), dict):
                result.notes.append(
                    f"{placeholder}: relates to {target.get('ArtifactId')!r}, not to an artifact "
                    "of the config: not imported"
                )
                continue
            fields = _fields(kind, declared[name], config, config_dir, spec_dir)
            if isinstance(fields, str):
                result.notes.append(f"{placeholder}: {fields}: not imported")
                continue
            body, located = fields
            result.artifacts.append({"key": parts.group(2), "type": kind, **body})
            result.relations.setdefault(section, set()).add(str(placeholder))
            result.origins.append(name)
            result.sources.setdefault("Artifact", set()).add(name)
            builder = _BUILDER_REF.match(
                str((declared[name].get("ArtifactProperty") or {}).get("RepoName", ""))
            )
            if builder:
                result.sources.setdefault(builder.group(1), set()).add(builder.group(2))
            if located is not None and not located.is_file():
                result.missing_files.append(located)
                result.notes.append(f"{placeholder}: {body['path']} does not exist (yet)")
    return result
