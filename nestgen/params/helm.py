"""Helm chart values: merge ChartValues over a chart's values.yaml, validate with its schema."""

from __future__ import annotations

import json
import tarfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from nestgen import yamlio
from nestgen.errors import InputError, Location

HELM_PARAMETER = "ChartValues"


@dataclass(frozen=True)
class Chart:
    """What a chart contributes to a values check: its defaults and its schema."""

    values: Mapping[str, Any] = field(default_factory=dict)
    schema: Mapping[str, Any] | None = None
    source: str = "<chart>"


def load_chart(path: Path) -> Chart:
    """Read ``values.yaml`` and ``values.schema.json`` from a chart archive or folder."""
    files = _chart_dir_files(path) if path.is_dir() else _chart_archive_files(path)
    values = _parse_values(files.get("values.yaml"), path) if "values.yaml" in files else {}
    raw_schema = files.get("values.schema.json")
    schema = _parse_schema(raw_schema, f"{path}:values.schema.json") if raw_schema else None
    return Chart(values, schema, str(path))


def _chart_dir_files(path: Path) -> dict[str, bytes]:
    names = ("values.yaml", "values.schema.json")
    return {n: (path / n).read_bytes() for n in names if (path / n).is_file()}


def _chart_archive_files(path: Path) -> dict[str, bytes]:
    try:
        with tarfile.open(path, "r:*") as archive:
            return _top_level_files(archive)
    except (OSError, tarfile.TarError) as exc:
        raise InputError(
            f"cannot read the chart archive: {exc}", location=Location(str(path))
        ) from None


def _top_level_files(archive: tarfile.TarFile) -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    for member in archive.getmembers():
        parts = PurePosixPath(member.name).parts
        if (
            member.isfile()
            and len(parts) == 2
            and parts[1] in ("values.yaml", "values.schema.json")
        ):
            handle = archive.extractfile(member)
            if handle is not None:
                found.setdefault(parts[1], handle.read())
    return found


def _parse_values(raw: bytes | None, path: Path) -> Mapping[str, Any]:
    data = yamlio.loads(raw or b"", f"{path}:values.yaml").data
    if data is None:
        return {}
    if not isinstance(data, Mapping):
        raise InputError("the chart's values.yaml is not a mapping", location=Location(str(path)))
    return data


def _parse_schema(raw: bytes | str, source: str) -> Mapping[str, Any]:
    try:
        schema = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"values schema is not JSON: {exc}", location=Location(source)) from None
    if not isinstance(schema, dict):
        raise InputError("values schema is not a JSON object", location=Location(source))
    import jsonschema  # slow to import (format checkers): only when a schema is used

    try:
        jsonschema.validators.validator_for(
            schema, default=jsonschema.Draft7Validator
        ).check_schema(schema)
    except jsonschema.exceptions.SchemaError as exc:
        raise InputError(
            f"values schema is not a valid JSON Schema: {exc.message}", location=Location(source)
        ) from None
    return schema


def load_values_schema(path: Path) -> Mapping[str, Any]:
    """Read a ``values.schema.json`` given on its own (``--values-schema``)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", location=Location(str(path))) from None
    return _parse_schema(raw, str(path))


def merge(base: Any, overlay: Any) -> Any:
    """Helm's merge: mappings merge key by key, ``null`` removes a key, anything else replaces."""
    if not isinstance(base, Mapping) or not isinstance(overlay, Mapping):
        return overlay
    merged = dict(base)
    for key, value in overlay.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = merge(base.get(key), value)
    return merged


def json_path(path: Any) -> str:
    """``singleuser.cpu.limit`` / ``hub.extraEnv[0]`` from a jsonschema error path."""
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text or "(root)"


def validate_values(values: Any, schema: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Every schema violation as ``(json path, message)``, in document order."""
    import jsonschema

    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft7Validator)
    errors = sorted(cls(schema).iter_errors(values), key=lambda e: [str(p) for p in e.path])
    return [(json_path(error.absolute_path), error.message) for error in errors]


def discover_chart(template: Path) -> Path | None:
    """The chart archive a package's config.yaml names for ``HelmChartBuilder``, if exactly one."""
    root = template.resolve().parent.parent
    config = root / "config.yaml"
    if not config.is_file():
        return None
    try:
        data = yamlio.load_file(config).data
    except InputError:
        return None
    builders = data.get("HelmChartBuilder") if isinstance(data, Mapping) else None
    if not isinstance(builders, Mapping):
        return None
    paths = [b.get("HelmChartPath") for b in builders.values() if isinstance(b, Mapping)]
    found = [root / p for p in paths if isinstance(p, str) and (root / p).is_file()]
    return found[0] if len(found) == 1 else None
