"""Helm chart archives: their digest and the Chart.yaml inside."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from nestgen.errors import InputError


@dataclass(frozen=True)
class ChartArchive:
    """A chart archive in memory: name and version from its Chart.yaml, sha256 digest."""

    name: str
    version: str
    data: bytes
    metadata: dict

    @property
    def digest(self) -> str:
        return "sha256:" + hashlib.sha256(self.data).hexdigest()

    def config_blob(self) -> bytes:
        """The OCI config blob Helm writes: Chart.yaml as compact JSON."""
        return json.dumps(self.metadata, separators=(",", ":"), sort_keys=True).encode()


def _chart_yaml(data: bytes, origin: str) -> dict:
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
            for member in tar.getmembers():
                parts = member.name.split("/")
                if len(parts) == 2 and parts[1] == "Chart.yaml" and member.isfile():
                    handle = tar.extractfile(member)
                    loaded = yaml.safe_load(handle.read()) if handle else None
                    if isinstance(loaded, dict):
                        return loaded
    except (tarfile.TarError, OSError, yaml.YAMLError) as exc:
        raise InputError(f"{origin}: not a Helm chart archive ({exc})") from None
    raise InputError(f"{origin}: no <chart>/Chart.yaml inside; not a Helm chart archive")


def read_chart(data: bytes, origin: str) -> ChartArchive:
    """Parse a chart archive's bytes; ``origin`` names it in error messages."""
    meta = _chart_yaml(data, origin)
    name, version = str(meta.get("name", "")), str(meta.get("version", ""))
    if not name or not version:
        raise InputError(f"{origin}: Chart.yaml lacks a name or version")
    return ChartArchive(name, version, data, meta)


def load_chart(path: str | Path) -> ChartArchive:
    """Read a chart archive from disk."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read chart archive {path}: {exc.strerror}") from None
    return read_chart(data, str(path))
