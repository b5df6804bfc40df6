"""The package as publishing sees it: files to upload, artifacts to publish, the service."""

from __future__ import annotations

import copy
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nestgen import yamlio
from nestgen.cloud.chart import ChartArchive
from nestgen.errors import InputError

_REF = re.compile(r"^\$\{(\w+)\.([\w.-]+)\.(\w+)\}$")
_KEY = re.compile(r"computenest::(helmchart|file)::([\w.-]+)")
# placeholder kind -> (relation table in SupplierDeployMetadata, ArtifactType)
KINDS = {
    "helmchart": ("HelmChartArtifactRelation", "HelmChart"),
    "file": ("FileArtifactRelation", "File"),
}


@dataclass(frozen=True)
class LocalFile:
    """A package file that Compute Nest reads from OSS (a template, an icon)."""

    relpath: str
    data: bytes = field(repr=False)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def upload_name(self) -> str:
        """The object name: the content digest makes a remote copy recognisable."""
        path = Path(self.relpath)
        return f"{path.stem}-{self.sha256[:16]}{path.suffix}"


@dataclass
class LocalArtifact:
    """A Helm chart or file artifact the service refers to by a placeholder key."""

    kind: str  # the ArtifactType: "HelmChart" or "File"
    key: str  # the short key, e.g. "jupyterhub"
    placeholder: str  # '{{ computenest::helmchart::jupyterhub }}'
    artifact_name: str
    repo_type: str = "Public"
    path: str | None = None  # HelmChartPath inside the package, if any
    repository: str | None = None  # HelmRepoUrl of a HelmRepo builder, if any
    digest: str | None = None  # the builder's pinned Digest, if any
    expected: tuple[str | None, str | None] = (None, None)  # RepoName, Tag in config.yaml
    archive: ChartArchive | None = None  # a chart's archive, once attached
    file: LocalFile | None = None  # a file artifact's content

    def attach(self, archive: ChartArchive, origin: str) -> None:
        """Use ``archive``, which must be the chart and version config.yaml names."""
        name, tag = self.expected
        if (name and name != archive.name) or (tag and tag != archive.version):
            raise InputError(
                f"chart {self.key}: config.yaml names {name or archive.name} "
                f"{tag or archive.version}, but {origin} holds {archive.name} "
                f"{archive.version}"
            )
        self.archive = archive

    @property
    def identity(self) -> tuple[str, str, str]:
        """What is published: (chart name or file path, chart version or "", sha256 digest)."""
        if self.file is not None:
            return self.file.relpath, "", f"sha256:{self.file.sha256}"
        assert self.archive is not None, "chart archive not attached"
        return self.archive.name, self.archive.version, self.archive.digest

    @property
    def version_name(self) -> str:
        """The artifact version name, kept remotely: version plus a digest prefix."""
        _, version, digest = self.identity
        return f"{version or 'sha256'}-{digest[7:19]}"


@dataclass
class Package:
    """A Compute Nest package directory read for publishing (never written to)."""

    root: Path
    service: dict[str, Any]
    files: dict[str, LocalFile]
    artifacts: list[LocalArtifact]
    name: str
    region: str | None = None  # Service.RegionId, the default publishing region


def _section(config: Any, name: str) -> dict[str, Any]:
    value = config.get(name) if isinstance(config, dict) else None
    return value if isinstance(value, dict) else {}


def service_infos(service: dict[str, Any]) -> list[dict[str, Any]]:
    """``ServiceInfo`` as a list (the config allows one mapping or a list per locale)."""
    info = service.get("ServiceInfo") or []
    return [dict(i) for i in ([info] if isinstance(info, dict) else info) if isinstance(i, dict)]


def _is_local(url: Any) -> bool:
    return isinstance(url, str) and bool(url) and "://" not in url


def _read_file(root: Path, relpath: str) -> LocalFile:
    path = root / relpath
    try:
        return LocalFile(relpath, path.read_bytes())
    except OSError as exc:
        raise InputError(
            f"{relpath}: cannot read ({exc.strerror})", location=None, field=str(root)
        ) from None


def _local_files(root: Path, service: dict[str, Any]) -> dict[str, LocalFile]:
    configs = (service.get("DeployMetadata") or {}).get("TemplateConfigs") or []
    refs = [c.get("Url") for c in configs if isinstance(c, dict)]
    refs += [i.get(k) for i in service_infos(service) for k in ("Image", "LongDescriptionUrl")]
    local = [str(ref) for ref in refs if _is_local(ref)]
    return {ref: _read_file(root, ref) for ref in dict.fromkeys(local)}


def _resolve(value: Any, config: dict[str, Any]) -> Any:
    match = _REF.match(value) if isinstance(value, str) else None
    if not match:
        return value
    section, name, attr = match.groups()
    return _section(config, section).get(name, {}).get(attr)


def _chart(base: dict[str, Any], prop: dict[str, Any], config: dict[str, Any]) -> LocalArtifact:
    builder_ref = _REF.match(str(prop.get("RepoName", "")))
    builder = (
        _section(config, "HelmChartBuilder").get(builder_ref.group(2), {}) if builder_ref else {}
    )
    builder = builder if isinstance(builder, dict) else {}
    repo, tag = _resolve(prop.get("RepoName"), config), _resolve(prop.get("Tag"), config)
    return LocalArtifact(
        **base,
        repo_type=str(prop.get("RepoType") or "Public"),
        path=builder.get("HelmChartPath"),
        repository=builder.get("HelmRepoUrl") if builder.get("BuildType") == "HelmRepo" else None,
        digest=builder.get("Digest"),
        expected=(str(repo) if repo else None, str(tag) if tag else None),
    )


def _file(base: dict[str, Any], prop: dict[str, Any], root: Path) -> LocalArtifact:
    url = prop.get("Url")
    if not _is_local(url):
        raise InputError(
            f"file artifact {base['key']}: ArtifactProperty.Url must be a path inside the package"
        )
    return LocalArtifact(**base, file=_read_file(root, str(url)))


def _artifact(
    placeholder: str,
    relation: dict[str, Any],
    config: dict[str, Any],
    service_name: str,
    root: Path,
) -> LocalArtifact | None:
    ref = _REF.match(str(relation.get("ArtifactId", "")))
    key_match = _KEY.search(placeholder)
    if not ref or ref.group(1) != "Artifact" or not key_match:
        return None  # an artifact managed elsewhere: its literal ids are published as they are
    kind, key = key_match.groups()
    artifact = _section(config, "Artifact").get(ref.group(2)) or {}
    prop = artifact.get("ArtifactProperty") or {}
    base = {
        "kind": KINDS[kind][1],
        "key": key,
        "placeholder": placeholder,
        "artifact_name": str(artifact.get("ArtifactName") or f"{service_name}-{key}"),
    }
    return _chart(base, prop, config) if kind == "helmchart" else _file(base, prop, root)


def _artifacts(
    service: dict[str, Any], config: dict[str, Any], name: str, root: Path
) -> list[LocalArtifact]:
    supplier = (service.get("DeployMetadata") or {}).get("SupplierDeployMetadata") or {}
    found = [
        _artifact(str(k), v, config, name, root)
        for table, _ in KINDS.values()
        for k, v in (supplier.get(table) or {}).items()
        if isinstance(v, dict)
    ]
    return [a for a in found if a is not None]


def find_config(root: Path) -> Path:
    """``config.yaml`` at the package root, or under ``.computenest/``."""
    for candidate in (root / "config.yaml", root / ".computenest" / "config.yaml"):
        if candidate.is_file():
            return candidate
    raise InputError(f"{root}: no config.yaml (is this a Compute Nest package directory?)")


def load_package(root: str | Path, service_name: str | None = None) -> Package:
    """Read ``config.yaml`` and the files it names; the service name defaults to ServiceInfo."""
    config_path = find_config(Path(root))
    config = yamlio.load_file(config_path).data
    service = _section(config, "Service")
    if not service:
        raise InputError("config.yaml has no Service section", field=str(config_path))
    infos = service_infos(service)
    name = service_name or next((str(i["Name"]) for i in infos if i.get("Name")), "")
    if not name:
        raise InputError(
            "the service has no name: give ServiceInfo Name or --service-name",
            field=str(config_path),
        )
    base = config_path.parent
    region = service.get("RegionId")
    return Package(
        base,
        copy.deepcopy(service),
        _local_files(base, service),
        _artifacts(service, config, name, base),
        name,
        str(region) if isinstance(region, str) and region else None,
    )
