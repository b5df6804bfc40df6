"""The package as publishing sees it: files to upload, artifacts to publish, the service."""

from __future__ import annotations

import copy
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nestgen import yamlio
from nestgen.cloud.chart import ChartArchive
from nestgen.errors import InputError
from nestgen.publish.testcases import LocalTestCase, load_cases

_REF = re.compile(r"^\$\{(\w+)\.([\w.-]+)\.(\w+)\}$")
_KEY = re.compile(r"computenest::(\w+)::([\w.-]+)")
SUPPLIER = ("Service", "DeployMetadata", "SupplierDeployMetadata")
# The relation tables of SupplierDeployMetadata (ECS images and scripts share ArtifactRelation).
TABLES = (
    "HelmChartArtifactRelation",
    "FileArtifactRelation",
    "AcrImageArtifactRelation",
    "ArtifactRelation",
)
ARTIFACT_TYPES = ("HelmChart", "File", "AcrImage", "EcsImage", "Script")
Ref = tuple[str, str]  # (relation table, placeholder key)


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


@dataclass(frozen=True)
class ImageRef:
    """A container image in Compute Nest's registry (``RepoName:Tag``), and where it comes from."""

    repo: str
    tag: str
    source: str = ""  # AcrImageBuilder DockerRepoUrl: the image to copy there, if any


@dataclass
class LocalArtifact:
    """An artifact of config.yaml's ``Artifact`` section that a relation of the service names."""

    kind: str  # the ArtifactType: HelmChart, File, AcrImage, EcsImage or Script
    key: str  # the short key, e.g. "jupyterhub" (placeholder name, else the section name)
    placeholder: str  # the first relation key naming it, e.g. '{{ computenest::helmchart::x }}'
    artifact_name: str
    section: str = ""  # its name in the Artifact section, e.g. "Artifact_1"
    refs: tuple[Ref, ...] = ()  # every (table, placeholder) that refers to it
    regions: tuple[str, ...] = ()  # SupportRegionIds: declared, else the templates' regions
    repo_type: str = "Public"
    path: str | None = None  # HelmChartPath inside the package, if any
    repository: str | None = None  # HelmRepoUrl of a HelmRepo builder, if any
    digest: str | None = None  # the builder's pinned Digest, if any
    expected: tuple[str | None, str | None] = (None, None)  # RepoName, Tag in config.yaml
    archive: ChartArchive | None = None  # a chart's archive, once attached
    file: LocalFile | None = None  # a file artifact's content
    image: ImageRef | None = None  # an AcrImage artifact's image
    literal: dict[str, str] = field(default_factory=dict)  # EcsImage / Script: sent as given

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
        """What is published: (source, version or "", sha256 digest of the content)."""
        if self.file is not None:
            return self.file.relpath, "", f"sha256:{self.file.sha256}"
        if self.image is not None:
            text = f"{self.image.repo}:{self.image.tag} {self.image.source}"
            return f"{self.image.repo}:{self.image.tag}", self.image.tag, _digest(text)
        if self.kind in ("EcsImage", "Script"):
            text = json.dumps(self.literal, sort_keys=True, ensure_ascii=False)
            return self.literal.get("ImageId", self.kind.lower()), "", _digest(text)
        assert self.archive is not None, "chart archive not attached"
        return self.archive.name, self.archive.version, self.archive.digest

    @property
    def version_name(self) -> str:
        """The artifact version name, kept remotely: version plus a digest prefix."""
        _, version, digest = self.identity
        prefix = {"EcsImage": "image", "Script": "script"}.get(self.kind, "sha256")
        return f"{version or prefix}-{digest[7:19]}"


def _digest(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


@dataclass
class Package:
    """A Compute Nest package directory read for publishing (never written to)."""

    root: Path
    service: dict[str, Any]
    files: dict[str, LocalFile]
    artifacts: list[LocalArtifact]
    name: str
    region: str | None = None  # Service.RegionId, the default publishing region
    tests: list[LocalTestCase] = field(default_factory=list)  # service_test/*.yaml


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


def _builder(prop: dict[str, Any], config: dict[str, Any], table: str) -> dict[str, Any]:
    """The ``HelmChartBuilder`` / ``AcrImageBuilder`` entry ``RepoName`` refers to, if any."""
    ref = _REF.match(str(prop.get("RepoName", "")))
    found = _section(config, table).get(ref.group(2), {}) if ref and ref.group(1) == table else {}
    return found if isinstance(found, dict) else {}


def _repo_tag(prop: dict[str, Any], config: dict[str, Any]) -> tuple[str | None, str | None]:
    repo, tag = _resolve(prop.get("RepoName"), config), _resolve(prop.get("Tag"), config)
    return (str(repo) if repo else None, str(tag) if tag else None)


def _chart(base: dict[str, Any], prop: dict[str, Any], config: dict[str, Any]) -> LocalArtifact:
    builder = _builder(prop, config, "HelmChartBuilder")
    return LocalArtifact(
        **base,
        repo_type=str(prop.get("RepoType") or "Public"),
        path=builder.get("HelmChartPath"),
        repository=builder.get("HelmRepoUrl") if builder.get("BuildType") == "HelmRepo" else None,
        digest=builder.get("Digest"),
        expected=_repo_tag(prop, config),
    )


def _image(base: dict[str, Any], prop: dict[str, Any], config: dict[str, Any]) -> LocalArtifact:
    repo, tag = _repo_tag(prop, config)
    if not repo:
        raise InputError(f"AcrImage artifact {base['section']}: ArtifactProperty has no RepoName")
    source = _builder(prop, config, "AcrImageBuilder").get("DockerRepoUrl")
    return LocalArtifact(
        **base,
        repo_type=str(prop.get("RepoType") or "Public"),
        expected=(repo, tag or "latest"),
        image=ImageRef(repo, tag or "latest", str(source or "")),
    )


def _literal(base: dict[str, Any], prop: dict[str, Any], needs: tuple[str, ...]) -> LocalArtifact:
    """An ECS image (``RegionId``, ``ImageId``) or a script (``ScriptMetadata``), as given."""
    values = {
        k: v if isinstance(v, str) else json.dumps(v, sort_keys=True) for k, v in prop.items()
    }
    missing = [k for k in needs if not values.get(k) or str(values[k]).startswith("${")]
    if missing:
        raise InputError(
            f"{base['kind']} artifact {base['section']}: ArtifactProperty needs "
            f"{' and '.join(missing)} (image builders are not supported by nestgen publish)"
        )
    return LocalArtifact(**base, literal=values)


def _file(base: dict[str, Any], prop: dict[str, Any], root: Path) -> LocalArtifact:
    url = prop.get("Url")
    if not _is_local(url):
        raise InputError(
            f"file artifact {base['key']}: ArtifactProperty.Url must be a path inside the package"
        )
    return LocalArtifact(**base, file=_read_file(root, str(url)))


def template_regions(service: dict[str, Any]) -> tuple[str, ...]:
    """Every region a template allows (``AllowedRegions``), in first-seen order."""
    configs = (service.get("DeployMetadata") or {}).get("TemplateConfigs") or []
    regions = [
        str(r)
        for c in configs
        if isinstance(c, dict) and isinstance(c.get("AllowedRegions"), list)
        for r in c["AllowedRegions"]
    ]
    return tuple(dict.fromkeys(regions))


@dataclass(frozen=True)
class _Reader:
    """What parsing one artifact needs: the config, its document (for locations), the names."""

    config: dict[str, Any]
    doc: yamlio.Document
    service_name: str
    root: Path
    regions: tuple[str, ...]

    def unresolved(self, path: tuple[Any, ...], message: str) -> InputError:
        return InputError(message, location=self.doc.locate(path, value=True))

    def artifact(self, section: str, ref: Ref, path: tuple[Any, ...]) -> LocalArtifact:
        artifact = _section(self.config, "Artifact").get(section)
        if not isinstance(artifact, dict):
            raise self.unresolved(
                path,
                f"{ref[0]} {ref[1]}: ${{Artifact.{section}.ArtifactId}} names no artifact "
                "in config.yaml's Artifact section",
            )
        kind = str(artifact.get("ArtifactType") or "")
        if kind not in ARTIFACT_TYPES:
            raise self.unresolved(
                ("Artifact", section, "ArtifactType"),
                f"artifact {section}: ArtifactType must be one of {', '.join(ARTIFACT_TYPES)}",
            )
        key_match = _KEY.search(ref[1])
        key = key_match.group(2) if key_match else section
        prop = artifact.get("ArtifactProperty") or {}
        declared = artifact.get("SupportRegionIds")
        base = {
            "kind": kind,
            "key": key,
            "placeholder": ref[1],
            "artifact_name": str(artifact.get("ArtifactName") or f"{self.service_name}-{key}"),
            "section": section,
            "refs": (ref,),
            "regions": tuple(str(r) for r in declared)
            if isinstance(declared, list)
            else self.regions,
        }
        if kind == "HelmChart":
            return _chart(base, prop, self.config)
        if kind == "File":
            return _file(base, prop, self.root)
        if kind == "AcrImage":
            return _image(base, prop, self.config)
        return _literal(
            base, prop, ("RegionId", "ImageId") if kind == "EcsImage" else ("ScriptMetadata",)
        )


def _artifacts(reader: _Reader, service: dict[str, Any]) -> list[LocalArtifact]:
    """One artifact per ``${Artifact.X...}`` section named by a relation (literal ids are left)."""
    supplier = (service.get("DeployMetadata") or {}).get("SupplierDeployMetadata") or {}
    found: dict[str, LocalArtifact] = {}
    for table in TABLES:
        relations = supplier.get(table)
        for placeholder, relation in (relations if isinstance(relations, dict) else {}).items():
            if not isinstance(relation, dict):
                continue
            path = (*SUPPLIER, table, placeholder, "ArtifactId")
            value = str(relation.get("ArtifactId", ""))
            ref = _REF.match(value)
            if ref is None:
                if "${" in value:
                    raise reader.unresolved(path, f"{table} {placeholder}: cannot read {value!r}")
                continue  # an artifact managed elsewhere: its literal ids are published as they are
            if ref.group(1) != "Artifact":
                raise reader.unresolved(
                    path, f"{table} {placeholder}: {value} must refer to the Artifact section"
                )
            section = ref.group(2)
            if section in found:
                found[section].refs += ((table, str(placeholder)),)
            else:
                found[section] = reader.artifact(section, (table, str(placeholder)), path)
    return list(found.values())


def find_config(root: Path) -> Path:
    """``config.yaml`` at the package root, or under ``.computenest/``."""
    for candidate in (root / "config.yaml", root / ".computenest" / "config.yaml"):
        if candidate.is_file():
            return candidate
    raise InputError(f"{root}: no config.yaml (is this a Compute Nest package directory?)")


def load_package(root: str | Path, service_name: str | None = None) -> Package:
    """Read ``config.yaml`` and the files it names; the service name defaults to ServiceInfo."""
    config_path = find_config(Path(root))
    doc = yamlio.load_file(config_path)
    config = doc.data
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
        _artifacts(_Reader(config, doc, name, base, template_regions(service)), service),
        name,
        str(region) if isinstance(region, str) and region else None,
        load_cases(base, service),
    )
