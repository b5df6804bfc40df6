"""The table of variables: name, default as written in the seed, parser, and how to show it."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from nestgen.hubconfig import dburl, values
from nestgen.hubconfig.model import MASK

PREFIXES = ("PROXY_", "HUB_", "SPAWNER_", "AUTH_", "CONFIGPROXY_")
VOLUME_TYPES = ("local", "nfs3", "nfs4", "cifs")
PULL_POLICIES = ("ifnotpresent", "always", "never", "skip")
NFS_DEFAULT_OPTS = {"nfs3": ",rw,vers=3,nolock,soft", "nfs4": ",rw,nfsvers=4,async"}
CIFS_DEFAULT_OPTS = ",file_mode=0777,dir_mode=0777"
_SECRET_OPTION = re.compile(r"((?:^|,)(?:password|pass|credentials)=)[^,]*", re.IGNORECASE)
SECRET_NAME = re.compile(r"PASS|TOKEN|SECRET|KEY|CREDENTIAL", re.IGNORECASE)


def _mask_all(_text: str) -> str:
    return MASK


def mask_options(text: str) -> str:
    """Mount options with password=... masked."""
    return _SECRET_OPTION.sub(lambda m: m.group(1) + MASK, text)


def mask_environment(text: str) -> str:
    """An ``A:1;B:2`` list with the values of secret-looking names masked."""
    parts = []
    for part in text.split(";"):
        name, sep, _ = part.partition(":")
        parts.append(f"{name}{sep}{MASK}" if sep and SECRET_NAME.search(name) else part)
    return ";".join(parts)


@dataclass(frozen=True)
class Var:
    """One environment variable, declared once: everything else is derived from this.

    ``field`` is where the parsed value goes in HubSettings (``section.attr``; empty when the
    loader derives a compound value from several variables, see ``DERIVED``).  ``trait`` is the
    Swarm trait that gets the value as is; ``swarm`` describes the landing when code shapes
    it.  ``helm`` is the zero-to-jupyterhub values path: copied as is when ``helm_copy``
    (only when the environment sets it if ``helm_when_set``), else rendered by
    nestgen.hubconfig.helm;
    ``no_helm`` says why a variable has no Kubernetes equivalent.
    """

    name: str
    parse: Callable[[str], Any]
    default: str | None
    accepts: str
    field: str = ""
    trait: str = ""
    swarm: str = ""
    helm: str = ""
    helm_copy: bool = True
    helm_when_set: bool = False
    no_helm: str = ""
    default_doc: str = ""
    show: Callable[[str], str] = str
    secret: bool = False

    @property
    def helm_paths(self) -> tuple[str, ...]:
        """The values paths ``helm`` names (', '-separated)."""
        return tuple(p for p in self.helm.split(", ") if p)

    @property
    def lands(self) -> str:
        """Where the value lands on Swarm (docs)."""
        return self.swarm or f"`{self.trait}`"


def _pv(reason: str) -> str:
    return f"{reason} storage is a Kubernetes PersistentVolume"


def _vars() -> list[Var]:
    v = values
    num = values.integer
    nat = "integer >= 0"
    boolean = "boolean"
    return [
        Var(
            "PROXY_SHOULD_START",
            v.boolean,
            "True",
            boolean,
            field="proxy.should_start",
            trait="ConfigurableHTTPProxy.should_start",
            no_helm="the chart always runs its own proxy",
        ),
        Var(
            "PROXY_API_URL",
            v.http_url,
            None,
            "http(s) URL with a host",
            field="proxy.api_url",
            swarm="`ConfigurableHTTPProxy.api_url`",
            default_doc="— (required when the proxy is external)",
            no_helm="the chart wires the hub to its own proxy",
        ),
        Var(
            "CONFIGPROXY_AUTH_TOKEN",
            v.token,
            None,
            "token without spaces",
            field="proxy.auth_token",
            swarm="`ConfigurableHTTPProxy.auth_token`",
            default_doc="— (required when the proxy is external)",
            helm="proxy.secretToken",
            helm_copy=False,  # only with include_secrets
            show=_mask_all,
            secret=True,
        ),
        Var(
            "HUB_HUB_PORT",
            v.port,
            None,  # depends on PROXY_SHOULD_START (loader)
            "port",
            field="hub.hub_port",
            trait="JupyterHub.hub_port",
            default_doc="★ 8081 if the hub starts the proxy, else 8001",
            no_helm="the chart sets the hub's port and service",
        ),
        Var(
            "HUB_CONNECT_IP",
            v.host,
            "jupyterhub",
            "host name or IP",
            field="hub.connect_ip",
            trait="JupyterHub.hub_connect_ip",
            swarm="`JupyterHub.hub_connect_ip` (`hub_ip` is always `0.0.0.0`)",
            no_helm="the chart sets the hub's service address",
        ),
        Var(
            "HUB_PORT",
            v.port,
            "8000",
            "port",
            field="hub.port",
            trait="JupyterHub.port",
            no_helm="the public port is the chart's proxy service (proxy.service)",
        ),
        Var(
            "HUB_SSL_KEY",
            v.absolute_path,
            None,
            "absolute path; with HUB_SSL_CERT",
            field="hub.ssl_key",
            swarm="`JupyterHub.ssl_key`",
            no_helm="HTTPS is proxy.https, configured with certificate contents, not paths",
        ),
        Var(
            "HUB_SSL_CERT",
            v.absolute_path,
            None,
            "absolute path; with HUB_SSL_KEY",
            field="hub.ssl_cert",
            swarm="`JupyterHub.ssl_cert`",
            no_helm="HTTPS is proxy.https, configured with certificate contents, not paths",
        ),
        Var(
            "HUB_COOKIE_SECRET_FILE",
            v.absolute_path,
            "/data/jupyterhub_cookie_secret",
            "absolute path",
            field="hub.cookie_secret_file",
            trait="JupyterHub.cookie_secret_file",
            no_helm="the chart keeps the cookie secret in a Kubernetes Secret",
        ),
        Var(
            "HUB_DB_URL",
            dburl.normalise,
            "sqlite:////data/jupyterhub.sqlite",
            "sqlite, postgres(ql), mysql, mariadb URLs",
            field="hub.db_url",
            trait="JupyterHub.db_url",
            swarm="`JupyterHub.db_url`, normalised (below)",
            helm="hub.db",
            helm_copy=False,  # type + url, password only with include_secrets
            show=dburl.mask,
            secret=True,
        ),
        Var(
            "HUB_ACTIVE_SERVER_LIMIT",
            partial(num, minimum=0),
            "100",
            nat,
            field="hub.active_server_limit",
            trait="JupyterHub.active_server_limit",
            helm="hub.activeServerLimit",
        ),
        Var(
            "HUB_ACTIVE_USER_WINDOW",
            partial(num, minimum=1),
            "1800",
            "integer >= 1 (s)",
            field="hub.active_user_window",
            trait="JupyterHub.active_user_window",
            helm="hub.config.JupyterHub.active_user_window",
        ),
        Var(
            "HUB_ACTIVITY_RESOLUTION",
            partial(num, minimum=1),
            "30",
            "integer >= 1 (s)",
            field="hub.activity_resolution",
            trait="JupyterHub.activity_resolution",
            helm="hub.config.JupyterHub.activity_resolution",
        ),
        Var(
            "HUB_CONCURRENT_SPAWN_LIMIT",
            partial(num, minimum=0),
            "20",
            nat,
            field="hub.concurrent_spawn_limit",
            trait="JupyterHub.concurrent_spawn_limit",
            helm="hub.concurrentSpawnLimit",
        ),
        Var(
            "HUB_INTERNAL_SSL_PATH",
            v.absolute_path,
            None,
            "absolute path",
            field="hub.internal_ssl_path",
            swarm="`JupyterHub.internal_ssl = True`, `.internal_certs_location` (single node only)",
            no_helm="internal SSL is not offered by the chart",
        ),
        Var(
            "HUB_INIT_SPAWNERS_TIMEOUT",
            partial(num, minimum=-1),
            "60",
            "integer >= -1 (-1 = wait forever)",
            field="hub.init_spawners_timeout",
            trait="JupyterHub.init_spawners_timeout",
            helm="hub.config.JupyterHub.init_spawners_timeout",
        ),
        Var(
            "SPAWNER_NOTEBOOK_IMAGE",
            v.image,
            "jupyter/base-notebook:notebook-6.5.4",
            "image reference",
            field="spawner.notebook_image",
            trait="SwarmSpawner.image",
            helm="singleuser.image",
            helm_copy=False,  # split into name and tag
        ),
        Var(
            "SPAWNER_PULL_POLICY",
            partial(v.choice, options=PULL_POLICIES),
            "ifnotpresent",
            "ifnotpresent, always, never, skip (any case)",
            field="spawner.pull_policy",
            trait="SwarmSpawner.pull_policy",
            helm="singleuser.image.pullPolicy",
            helm_copy=False,  # Kubernetes spelling; skip is left to the chart
        ),
        Var(
            "SPAWNER_NETWORK_NAME",
            v.network,
            None,
            "Docker network name",
            field="spawner.network_name",
            trait="SwarmSpawner.network_name",
            swarm="`SwarmSpawner.network_name`; `use_internal_ip = True`",
            default_doc="**required** (Swarm only)",
            no_helm="pods share the cluster network",
        ),
        Var(
            "SPAWNER_NOTEBOOK_DIR",
            v.directory,
            "/home/jovyan/work",
            "absolute path",
            field="spawner.notebook_dir",
            trait="SwarmSpawner.notebook_dir",
            helm="hub.config.KubeSpawner.notebook_dir",
            helm_when_set=True,  # the chart mounts the user's disk itself: its default stands
        ),
        Var(
            "SPAWNER_PERSISTENCE_VOLUME_TYPE",
            partial(v.choice, options=VOLUME_TYPES),
            "local",
            "local, nfs3, nfs4, cifs",
            swarm="the per-user volume mount (below)",
            no_helm="user storage is singleuser.storage (a PVC per user)",
        ),
        Var(
            "SPAWNER_PERSISTENCE_VOLUME_SOURCE_NAME",
            v.volume_name,
            "jupyterhub-user-{username}",
            "volume name; fields `{username}`, `{safe_username}`, `{raw_username}`, "
            "`{servername}`, `{prefix}`, `{imagename}`",
            swarm="mount source",
            no_helm="user storage is singleuser.storage",
        ),
        Var(
            "SPAWNER_PERSISTENCE_VOLUME_TARGET_SUBPATH",
            v.subpath,
            "/persistence",
            "`/…` without `..`",
            swarm="mount target = notebook dir + subpath",
            no_helm="user storage is singleuser.storage",
        ),
        Var(
            "SPAWNER_PERSISTENCE_NFS_HOST",
            v.host,
            None,
            "host",
            swarm="driver option `o=addr=HOST…`",
            default_doc="— (required for nfs3/nfs4)",
            no_helm=_pv("NFS"),
        ),
        Var(
            "SPAWNER_PERSISTENCE_NFS_DEVICE",
            v.nfs_device,
            None,
            "`:/export/path` (fields allowed)",
            swarm="driver option `device`",
            default_doc="— (required for nfs3/nfs4)",
            no_helm=_pv("NFS"),
        ),
        Var(
            "SPAWNER_PERSISTENCE_NFS_OPTS",
            v.mount_options,
            None,  # depends on the volume type (loader)
            "options without spaces (leading `,` added)",
            swarm="appended to `o`",
            default_doc="nfs3 `,rw,vers=3,nolock,soft`; nfs4 `,rw,nfsvers=4,async`",
            no_helm=_pv("NFS"),
            show=mask_options,
            secret=True,
        ),
        Var(
            "SPAWNER_PERSISTENCE_CIFS_HOST",
            v.host,
            None,
            "host",
            swarm="driver option `o=addr=HOST…`",
            default_doc="— (required for cifs)",
            no_helm=_pv("CIFS"),
        ),
        Var(
            "SPAWNER_PERSISTENCE_CIFS_DEVICE",
            v.cifs_device,
            None,
            "`//host/share[/path]` (fields allowed)",
            swarm="driver option `device`",
            default_doc="— (required for cifs)",
            no_helm=_pv("CIFS"),
        ),
        Var(
            "SPAWNER_PERSISTENCE_CIFS_OPTS",
            v.mount_options,
            CIFS_DEFAULT_OPTS,
            "as NFS options (`password=` is masked in output)",
            swarm="appended to `o`",
            no_helm=_pv("CIFS"),
            show=mask_options,
            secret=True,
        ),
        Var(
            "SPAWNER_CPU_LIMIT",
            v.cpu,
            "2",
            "number >= 0 (0 = none)",
            field="spawner.cpu_limit",
            swarm="`SwarmSpawner.cpu_limit`",
            helm="singleuser.cpu.limit",
            helm_copy=False,  # 0 means none
        ),
        Var(
            "SPAWNER_CPU_GUARANTEE",
            v.cpu,
            "1",
            "number >= 0 (0 = none); at most the limit",
            field="spawner.cpu_guarantee",
            swarm="`SwarmSpawner.cpu_guarantee`",
            helm="singleuser.cpu.guarantee",
            helm_copy=False,  # 0 means none
        ),
        Var(
            "SPAWNER_MEM_LIMIT",
            v.byte_size,
            "4G",
            "number + upper-case K/M/G/T (`1.5G`; not `4g`, `4Gi`, `4GB`, `4096`)",
            field="spawner.mem_limit",
            trait="SwarmSpawner.mem_limit",
            helm="singleuser.memory.limit",
        ),
        Var(
            "SPAWNER_MEM_GUARANTEE",
            v.byte_size,
            "1G",
            "as the limit; at most the limit (compared in bytes)",
            field="spawner.mem_guarantee",
            trait="SwarmSpawner.mem_guarantee",
            helm="singleuser.memory.guarantee",
        ),
        Var(
            "SPAWNER_ENVIRONMENT",
            v.environment,
            "",
            "`A:1;B:http://x:8080/p` (split on `;`, then the first `:`)",
            field="spawner.environment",
            swarm="`SwarmSpawner.environment`",
            helm="singleuser.extraEnv",
            helm_copy=False,  # secret-looking names only with include_secrets
            show=mask_environment,
            secret=True,
        ),
        Var(
            "SPAWNER_ENDPOINT_MODE",
            partial(v.choice, options=("vip", "dnsrr")),
            None,
            "vip, dnsrr",
            field="spawner.endpoint_mode",
            swarm='`SwarmSpawner.extra_endpoint_spec = {"mode": …}`',
            no_helm="a Swarm service setting",
        ),
        Var(
            "SPAWNER_SPAWN_CMD",
            v.command,
            "start-singleuser.sh",
            "command line, split with shell rules",
            field="spawner.cmd",
            swarm="`SwarmSpawner.cmd` (a list)",
            helm="singleuser.cmd",
            helm_copy=False,  # a list
        ),
        Var(
            "SPAWNER_REMOVE",
            v.boolean,
            "True",
            "boolean; False is accepted with a warning",
            field="spawner.remove",
            swarm="nothing: SwarmSpawner always removes services; volumes persist",
            no_helm="a Swarm service setting (pods are always deleted)",
        ),
        Var(
            "SPAWNER_DEBUG",
            v.boolean,
            "True",
            boolean,
            field="spawner.debug",
            trait="SwarmSpawner.debug",
            helm="hub.config.KubeSpawner.debug",
        ),
        Var(
            "SPAWNER_CONSECUTIVE_FAILURE_LIMIT",
            partial(num, minimum=0),
            "0",
            nat,
            field="spawner.consecutive_failure_limit",
            trait="SwarmSpawner.consecutive_failure_limit",
            swarm="`Spawner.consecutive_failure_limit` (the hub exits after N failures)",
            helm="hub.consecutiveFailureLimit",
        ),
        Var(
            "SPAWNER_POLL_INTERVAL",
            partial(num, minimum=0),
            "30",
            nat,
            field="spawner.poll_interval",
            trait="SwarmSpawner.poll_interval",
            helm="hub.config.KubeSpawner.poll_interval",
        ),
        Var(
            "SPAWNER_START_TIMEOUT",
            partial(num, minimum=1),
            "120",
            "integer >= 1",
            field="spawner.start_timeout",
            trait="SwarmSpawner.start_timeout",
            helm="singleuser.startTimeout",
        ),
        Var(
            "SPAWNER_USE_GPUS",
            v.gpu,
            None,
            "positive count; `all` or `-1`; `device_id=ID[,ID]`",
            field="spawner.gpus",
            swarm="count → `extra_resources_spec.generic_resources` (a `GPU` "
            "`DiscreteResourceSpec`); all/devices → `NVIDIA_VISIBLE_DEVICES` + "
            "SPAWNER_GPU_CONSTRAINT",
            helm="singleuser.extraResource",
            helm_copy=False,  # counts only, as nvidia.com/gpu
        ),
        Var(
            "SPAWNER_GPU_CONSTRAINT",
            v.constraint,
            "node.labels.gpu==true",
            "constraint",
            field="spawner.gpu_constraint",
            swarm="★ placement constraint added for `all`/`device_id=`",
            no_helm="Kubernetes schedules GPUs by the nvidia.com/gpu resource",
        ),
        Var(
            "SPAWNER_CONSTRAINTS",
            v.constraints,
            "",
            "`KEY==V` / `KEY!=V`, `,`-separated, full keys",
            field="spawner.constraints",
            swarm="`extra_placement_spec.constraints`",
            helm="singleuser.nodeSelector, singleuser.extraNodeAffinity",
            helm_copy=False,  # == on labels: nodeSelector; != : NotIn expressions
        ),
        Var(
            "SPAWNER_PREFERENCE",
            v.preferences,
            "",
            "`spread:node.labels.K`, `,`-separated",
            field="spawner.preferences",
            swarm="`extra_placement_spec.preferences`",
            no_helm="Swarm spread preferences have no singleuser.* value",
        ),
        Var(
            "SPAWNER_PLATFORM",
            v.platforms,
            "",
            "`arch:os`, `,`-separated",
            field="spawner.platforms",
            swarm="`extra_placement_spec.platforms`",
            helm="singleuser.extraNodeAffinity",
            helm_copy=False,
        ),
        Var(
            "SPAWNER_CONSTRAINT_IMAGES",
            v.suffix_rules,
            "",
            "`suffix[:c1,c2]->image;…`",
            swarm="the pre-spawn hook",
            helm="hub.extraConfig",
            helm_copy=False,  # a KubeSpawner pre-spawn hook
        ),
        Var(
            "SPAWNER_CONSTRAINT_WITH_GPUS",
            v.suffix_gpus,
            "",
            "`suffix->gpus;…`, declared suffixes only",
            swarm="the pre-spawn hook",
            helm="hub.extraConfig",
            helm_copy=False,
        ),
        Var(
            "AUTH_ADMIN_USER",
            v.name_list,
            "admin",
            "names, `,`-separated",
            field="auth.admin_users",
            swarm="`Authenticator.admin_users`; `allow_all = True` always",
            helm="hub.config.Authenticator.admin_users",
            helm_copy=False,  # with password sign-in only
        ),
        *(
            Var(
                f"AUTH_{trait.upper()}",
                parse,
                default,
                accepts,
                field=f"auth.{trait}",
                trait=f"NativeAuthenticator.{trait}",
                helm=f"hub.config.NativeAuthenticator.{trait}",
                helm_copy=False,  # with password sign-in only
            )
            for trait, parse, default, accepts in (
                ("check_common_password", v.boolean, "False", boolean),
                ("minimum_password_length", partial(num, minimum=1), "6", "integer >= 1"),
                ("allowed_failed_logins", partial(num, minimum=0), "3", nat),
                ("seconds_before_next_try", partial(num, minimum=0), "1200", nat),
                ("enable_signup", v.boolean, "True", boolean),
                ("open_signup", v.boolean, "False", boolean),
            )
        ),
    ]


VARIABLES: dict[str, Var] = {var.name: var for var in _vars()}


def shown(name: str, text: str) -> str:
    """How a value may appear in messages and output (secrets masked)."""
    var = VARIABLES.get(name)
    return var.show(text) if var else text


def value_of(settings: Any, name: str) -> Any:
    """The settings' value of a variable with a ``field``."""
    section, attr = VARIABLES[name].field.split(".")
    return getattr(getattr(settings, section), attr)


def declared_traits(settings: Any) -> dict[str, dict[str, Any]]:
    """Class -> trait -> value for the variables that declare a ``trait`` (values as parsed)."""
    traits: dict[str, dict[str, Any]] = {}
    for var in VARIABLES.values():
        if var.trait:
            cls, name = var.trait.split(".")
            traits.setdefault(cls, {})[name] = value_of(settings, var.name)
    return traits
