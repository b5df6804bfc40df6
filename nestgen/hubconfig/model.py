"""The typed hub settings: frozen dataclasses, one per variable family."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urlsplit

GpuKind = Literal["count", "all", "devices"]
VolumeType = Literal["local", "nfs3", "nfs4", "cifs"]

DEFAULT_PROXY_API_PORT = 8001
MASK = "***"


@dataclass(frozen=True)
class Constraint:
    """A Swarm placement constraint with a full key."""

    key: str
    op: str
    value: str

    def __str__(self) -> str:
        return f"{self.key}{self.op}{self.value}"


@dataclass(frozen=True)
class Gpu:
    """A GPU request: a count of generic resources, all GPUs, or named devices."""

    kind: GpuKind
    count: int = 0
    devices: tuple[str, ...] = ()

    def __str__(self) -> str:
        if self.kind == "count":
            return str(self.count)
        if self.kind == "all":
            return "all"
        return "device_id=" + ",".join(self.devices)

    @property
    def visible_devices(self) -> str:
        """The NVIDIA_VISIBLE_DEVICES value for ``all`` and device requests."""
        return "all" if self.kind == "all" else ",".join(self.devices)


@dataclass(frozen=True)
class SuffixRule:
    """What a user whose name ends in ``-<suffix>`` gets instead of the defaults."""

    suffix: str
    image: str
    constraints: tuple[Constraint, ...] = ()
    gpu: Gpu | None = None


@dataclass(frozen=True)
class ProxySettings:
    """PROXY_* and CONFIGPROXY_AUTH_TOKEN."""

    should_start: bool
    api_url: str | None
    auth_token: str | None = field(repr=False)


@dataclass(frozen=True)
class ServerSettings:
    """HUB_*: the hub process itself."""

    hub_port: int
    connect_ip: str
    port: int
    ssl_key: str | None
    ssl_cert: str | None
    cookie_secret_file: str
    db_url: str = field(repr=False)
    active_server_limit: int
    active_user_window: int
    activity_resolution: int
    concurrent_spawn_limit: int
    internal_ssl_path: str | None
    init_spawners_timeout: int


@dataclass(frozen=True)
class Persistence:
    """SPAWNER_PERSISTENCE_*: the per-user volume."""

    type: VolumeType
    source_name: str
    target_subpath: str
    host: str | None
    device: str | None
    options: str = field(repr=False)

    @property
    def driver_options(self) -> dict[str, str] | None:
        """The local driver's options for NFS/CIFS (``{username}`` not yet rendered)."""
        if self.type == "local":
            return None
        kind = "cifs" if self.type == "cifs" else "nfs"
        return {"type": kind, "o": f"addr={self.host}{self.options}", "device": self.device or ""}


@dataclass(frozen=True)
class SpawnerSettings:
    """SPAWNER_*: the single-user services."""

    network_name: str | None  # required on Swarm only
    notebook_image: str
    pull_policy: str
    notebook_dir: str
    persistence: Persistence
    cpu_limit: float
    cpu_guarantee: float
    mem_limit: str
    mem_guarantee: str
    environment: tuple[tuple[str, str], ...] = field(repr=False)
    endpoint_mode: str | None
    cmd: tuple[str, ...]
    remove: bool
    debug: bool
    consecutive_failure_limit: int
    poll_interval: int
    start_timeout: int
    gpus: Gpu | None
    gpu_constraint: Constraint
    constraints: tuple[Constraint, ...]
    preferences: tuple[tuple[str, str], ...]
    platforms: tuple[tuple[str, str], ...]
    suffix_rules: tuple[SuffixRule, ...]

    def rule_for(self, username: str) -> SuffixRule | None:
        """The rule for the part after the last '-' of ``username`` (a dash is required)."""
        head, dash, suffix = username.rpartition("-")
        if not dash or not head:
            return None
        wanted = suffix.lower()
        return next((r for r in self.suffix_rules if r.suffix == wanted), None)


@dataclass(frozen=True)
class AuthSettings:
    """AUTH_*: NativeAuthenticator and the admins."""

    admin_users: tuple[str, ...]
    check_common_password: bool
    minimum_password_length: int
    allowed_failed_logins: int
    seconds_before_next_try: int
    enable_signup: bool
    open_signup: bool


@dataclass(frozen=True)
class HubSettings:
    """Every PROXY_*, HUB_*, SPAWNER_* and AUTH_* setting, validated.

    Built only by the loader from the declarations in nestgen.hubconfig.variables (the
    defaults live there, not here).

    ``warnings`` holds what was accepted but deserves a word (SPAWNER_REMOVE=False, unknown
    variables with a known prefix); ``source`` the recognised variables as they were given.
    """

    proxy: ProxySettings
    hub: ServerSettings
    spawner: SpawnerSettings
    auth: AuthSettings
    warnings: tuple[str, ...] = ()
    source: tuple[tuple[str, str], ...] = field(default=(), repr=False)

    @classmethod
    def from_env(cls, environ: Mapping[str, str], *, swarm: bool = True) -> HubSettings:
        """Parse and validate every variable; raise HubConfigError listing each bad one.

        ``swarm=False`` (for Helm values) does not require SPAWNER_NETWORK_NAME.
        """
        from nestgen.hubconfig.loader import load

        return load(environ, swarm=swarm)

    def to_helm_values(self, *, include_secrets: bool = False) -> dict[str, Any]:
        """These settings as zero-to-jupyterhub values (see nestgen.hubconfig.helm_values)."""
        from nestgen.hubconfig.helm import helm_values

        return helm_values(self, include_secrets=include_secrets)

    @property
    def proxy_api_port(self) -> int:
        """The port of the proxy's REST API (8001 unless PROXY_API_URL says otherwise)."""
        return api_port_of(self.proxy.api_url)


def api_port_of(url: str | None) -> int:
    """The port a proxy API URL names (8001 when there is no URL)."""
    if not url:
        return DEFAULT_PROXY_API_PORT
    parts = urlsplit(url)
    return parts.port or (443 if parts.scheme == "https" else 80)
