"""The service spec as typed, immutable data (built by :mod:`nestgen.spec.loader`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nestgen.errors import Location
from nestgen.ros.model import Text, artifact_placeholder

LOCALES = ("zh-CN", "en-US")


@dataclass(frozen=True)
class ServiceInfo:
    """The service's name and short description in one locale."""

    locale: str
    name: str
    short_description: str  # "" when not given (config.yaml then has no ShortDescription)


@dataclass(frozen=True)
class Service:
    """Service-level settings of config.yaml."""

    type: str
    deploy_type: str
    region: str
    info: tuple[ServiceInfo, ...]
    logo: Path | None = None

    def info_for(self, locale: str) -> ServiceInfo:
        """The info of ``locale`` (``zh-CN``/``en-US``), else the first one given."""
        return next((i for i in self.info if i.locale == locale), self.info[0])


ARTIFACT_FIELDS = {
    "helmchart": ("chart", "version"),
    "ecsimage": ("image_id",),
    "file": ("path",),
    "acrimage": ("image",),
}
OPTIONAL_ARTIFACT_FIELDS = {
    "helmchart": ("repository", "path"),
    "ecsimage": ("region", "regions"),
    "file": ("region",),
}
# an artifact that exists already takes only its id (and version) besides key and type
EXISTING_ARTIFACT_FIELDS = ("artifact_id", "artifact_version")
# a helmchart comes from a Helm repository or from an archive in the package: exactly one
ONE_OF_ARTIFACT_FIELDS = {"helmchart": ("repository", "path")}


@dataclass(frozen=True)
class Artifact:
    """A deployment artifact: a Helm chart (``digest`` from the lock file when known), an ECS
    image (source ``image_id`` in ``region``, offered in ``regions``), a local file (``path``)
    or a container image reference (``image``); a chart without ``repository`` is the archive
    at ``path``."""

    key: str
    type: str
    chart: str = ""
    version: str = ""
    repository: str = ""
    digest: str | None = None
    image_id: str = ""
    region: str = ""
    regions: tuple[str, ...] = ()
    path: Path | None = None
    image: str = ""
    artifact_id: str = ""  # an artifact that exists in Compute Nest already (no build)
    artifact_version: str = ""
    images: tuple[tuple[str, str], ...] = ()  # a chart's (values path, pinned image), the lock's
    source: str = ""  # a re-hosted image: the image it copies (``name:tag@sha256:...``)
    rehosts: str = ""  # a re-hosted image: its chart's key, or ``compose:<template name>``
    values: tuple[str, ...] = ()  # a re-hosted image: where in those values (``hub.image``)

    @property
    def placeholder(self) -> str:
        """How templates refer to it: ``{{ computenest::<type>::<key> }}``."""
        return artifact_placeholder(self.type, self.key)


@dataclass(frozen=True)
class ExtraParameter:
    """A service-specific parameter declared in the spec (beyond the groups)."""

    name: str
    type: str
    label: Text
    properties: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class OutputSpec:
    """A stack output: a ROS expression with a two-locale description."""

    name: str
    description: Text
    value: Any


RAW_SECTIONS = ("parameters", "conditions", "mappings", "locals", "resources", "outputs")


@dataclass(frozen=True)
class RawRos:
    """ROS written in the spec, merged into the generated template (plain data)."""

    parameters: dict[str, Any] = field(default_factory=dict)
    conditions: dict[str, Any] = field(default_factory=dict)
    mappings: dict[str, Any] = field(default_factory=dict)
    locals: dict[str, Any] = field(default_factory=dict)  # ROS Locals, as written
    resources: dict[str, Any] = field(default_factory=dict)
    outputs: dict[str, Any] = field(default_factory=dict)
    description: Any = None  # a raw Description replacing the spec's ('' = none at all)
    metadata: dict[str, Any] | None = None  # a raw Metadata replacing the generated one
    patch: dict[str, Any] = field(default_factory=dict)  # section -> name -> merge patch
    # (ROS section, name) -> where the spec wrote it, e.g. ("Resources", "Bucket")
    origins: dict[tuple[str, str], Location] = field(default_factory=dict)


@dataclass(frozen=True)
class TemplateSpec:
    """One ROS template: its file, regions and the parameter groups it is built from."""

    name: str
    file: str
    description: Text
    regions: tuple[str, ...]
    groups: dict[str, dict[str, Any]]
    parameters: tuple[ExtraParameter, ...] = ()
    parameters_label: Text | None = None
    outputs: tuple[OutputSpec, ...] = ()
    raw: RawRos = field(default_factory=RawRos)
    label: Text | None = None  # the name per locale; ``name`` is the stored original
    supplier: bool = False  # a managed service's template (SupplierTemplateConfigs)
    images: tuple[tuple[str, str], ...] = ()  # its compose file's (path, pinned image), locked

    def shown_name(self, key: str) -> str:
        """The name the console shows in locale ``key`` (``en`` or ``zh-cn``)."""
        return self.label.in_locale(key) if self.label else self.name


@dataclass(frozen=True)
class Operation:
    """A modify-parameters operation offered after deployment."""

    template: str
    name: str
    description: str  # the stored original (the en text when given per locale)
    parameters: tuple[str, ...]
    label: Text | None = None  # the name per locale
    description_text: Text | None = None  # the description per locale

    def shown_name(self, key: str) -> str:
        """The name the console shows in locale ``key`` (``en`` or ``zh-cn``)."""
        return self.label.in_locale(key) if self.label else self.name

    def shown_description(self, key: str) -> str:
        """The description in locale ``key``."""
        return self.description_text.in_locale(key) if self.description_text else self.description


@dataclass(frozen=True)
class TestCase:
    """A service test case: a template deployed in a region with these parameters."""

    name: str
    template: str
    region: str
    parameters: dict[str, Any] = field(repr=False)  # may hold passwords: never shown
    origin: Location | None = field(default=None, compare=False)  # where the spec has it


@dataclass(frozen=True)
class Permission:
    """A RAM policy a RAM user needs to deploy the service, with a note on why."""

    policy: str
    note: str


@dataclass(frozen=True)
class Link:
    """A further-reading link of the deployment guide."""

    title: str
    url: str


@dataclass(frozen=True)
class GuideText:
    """The service-specific prose of the deployment guide in one locale (all optional)."""

    locale: str
    overview: str = ""
    billing: str = ""
    permissions: tuple[Permission, ...] = ()
    verification: str = ""
    advanced: str = ""
    links: tuple[Link, ...] = ()


@dataclass(frozen=True)
class Spec:
    """A whole service spec; paths in it are resolved against ``base_dir``."""

    path: Path
    name: str
    service: Service
    artifacts: tuple[Artifact, ...]
    templates: tuple[TemplateSpec, ...]
    operations: tuple[Operation, ...] = ()
    tests: tuple[TestCase, ...] = ()
    hub_settings: Path | None = None
    docs: tuple[GuideText, ...] = ()
    config: dict[str, Any] = field(default_factory=dict)  # raw config.yaml fields to add
    files: dict[str, Path] = field(default_factory=dict)  # package path -> a file to copy
    images: str = "keep"  # keep: images as the charts name them; acr: re-hosted (AcrImage)

    @property
    def base_dir(self) -> Path:
        return self.path.parent

    @property
    def lock_path(self) -> Path:
        """``<spec stem>.lock.yaml`` beside the spec (written by publishing)."""
        return self.path.with_name(f"{self.path.stem}.lock.yaml")

    def guide_text(self, locale: str) -> GuideText:
        """The guide prose of ``locale`` (``zh-CN`` or ``en-US``); empty when not given."""
        return next((g for g in self.docs if g.locale == locale), GuideText(locale))

    def artifact(self, key: str) -> Artifact:
        return next(a for a in self.artifacts if a.key == key)

    def resolve(self, relative: str) -> Path:
        """A path named in the spec, relative to the spec's folder."""
        return (self.base_dir / relative).resolve()

    def inputs(self) -> tuple[Path, ...]:
        """Every file a build reads: the spec, its lock file, logo, hub settings, values files."""
        found = [self.path, self.lock_path]
        found += [p for p in (self.service.logo, self.hub_settings) if p is not None]
        for template in self.templates:
            values = template.groups.get("helm", {}).get("values")
            if isinstance(values, str):
                found.append(self.resolve(values))
        return tuple(found + list(self.files.values()))
