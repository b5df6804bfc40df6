"""The table of variables: name, default as written in the seed, parser, and how to show it."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from nestgen.hubconfig import dburl, values
from nestgen.hubconfig.model import MASK

PREFIXES = ("PROXY_", "HUB_", "SPAWNER_", "AUTH_")
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
    """One environment variable."""

    name: str
    parse: Callable[[str], Any]
    default: str | None = None
    show: Callable[[str], str] = str
    secret: bool = False


def _vars() -> list[Var]:
    v = values
    num = values.integer
    return [
        Var("PROXY_SHOULD_START", v.boolean, "True"),
        Var("PROXY_API_URL", v.http_url),
        Var("CONFIGPROXY_AUTH_TOKEN", v.token, show=_mask_all, secret=True),
        Var("HUB_HUB_PORT", v.port),  # default depends on PROXY_SHOULD_START (loader)
        Var("HUB_CONNECT_IP", v.host, "jupyterhub"),
        Var("HUB_PORT", v.port, "8000"),
        Var("HUB_SSL_KEY", v.absolute_path),
        Var("HUB_SSL_CERT", v.absolute_path),
        Var("HUB_COOKIE_SECRET_FILE", v.absolute_path, "/data/jupyterhub_cookie_secret"),
        Var("HUB_DB_URL", dburl.normalise, "sqlite:////data/jupyterhub.sqlite", dburl.mask, True),
        Var("HUB_ACTIVE_SERVER_LIMIT", partial(num, minimum=0), "100"),
        Var("HUB_ACTIVE_USER_WINDOW", partial(num, minimum=1), "1800"),
        Var("HUB_ACTIVITY_RESOLUTION", partial(num, minimum=1), "30"),
        Var("HUB_CONCURRENT_SPAWN_LIMIT", partial(num, minimum=0), "20"),
        Var("HUB_INTERNAL_SSL_PATH", v.absolute_path),
        Var("HUB_INIT_SPAWNERS_TIMEOUT", partial(num, minimum=-1), "60"),
        Var("SPAWNER_NOTEBOOK_IMAGE", v.image, "jupyter/base-notebook:notebook-6.5.4"),
        Var("SPAWNER_PULL_POLICY", partial(v.choice, options=PULL_POLICIES), "ifnotpresent"),
        Var("SPAWNER_NETWORK_NAME", v.network),
        Var("SPAWNER_NOTEBOOK_DIR", v.absolute_path, "/home/jovyan/work"),
        Var("SPAWNER_PERSISTENCE_VOLUME_TYPE", partial(v.choice, options=VOLUME_TYPES), "local"),
        Var("SPAWNER_PERSISTENCE_VOLUME_SOURCE_NAME", v.volume_name, "jupyterhub-user-{username}"),
        Var("SPAWNER_PERSISTENCE_VOLUME_TARGET_SUBPATH", v.subpath, "/persistence"),
        Var("SPAWNER_PERSISTENCE_NFS_HOST", v.host),
        Var("SPAWNER_PERSISTENCE_NFS_DEVICE", v.nfs_device),
        Var("SPAWNER_PERSISTENCE_NFS_OPTS", v.mount_options, show=mask_options, secret=True),
        Var("SPAWNER_PERSISTENCE_CIFS_HOST", v.host),
        Var("SPAWNER_PERSISTENCE_CIFS_DEVICE", v.cifs_device),
        Var(
            "SPAWNER_PERSISTENCE_CIFS_OPTS", v.mount_options, CIFS_DEFAULT_OPTS, mask_options, True
        ),
        Var("SPAWNER_CPU_LIMIT", v.cpu, "2"),
        Var("SPAWNER_CPU_GUARANTEE", v.cpu, "1"),
        Var("SPAWNER_MEM_LIMIT", v.byte_size, "4G"),
        Var("SPAWNER_MEM_GUARANTEE", v.byte_size, "1G"),
        Var("SPAWNER_ENVIRONMENT", v.environment, show=mask_environment, secret=True),
        Var("SPAWNER_ENDPOINT_MODE", partial(v.choice, options=("vip", "dnsrr"))),
        Var("SPAWNER_SPAWN_CMD", v.command, "start-singleuser.sh"),
        Var("SPAWNER_REMOVE", v.boolean, "True"),
        Var("SPAWNER_DEBUG", v.boolean, "True"),
        Var("SPAWNER_CONSECUTIVE_FAILURE_LIMIT", partial(num, minimum=0), "0"),
        Var("SPAWNER_POLL_INTERVAL", partial(num, minimum=0), "30"),
        Var("SPAWNER_START_TIMEOUT", partial(num, minimum=1), "120"),
        Var("SPAWNER_USE_GPUS", v.gpu),
        Var("SPAWNER_GPU_CONSTRAINT", v.constraint, "node.labels.gpu==true"),
        Var("SPAWNER_CONSTRAINTS", v.constraints),
        Var("SPAWNER_PREFERENCE", v.preferences),
        Var("SPAWNER_PLATFORM", v.platforms),
        Var("SPAWNER_CONSTRAINT_IMAGES", v.suffix_rules),
        Var("SPAWNER_CONSTRAINT_WITH_GPUS", v.suffix_gpus),
        Var("AUTH_ADMIN_USER", v.name_list, "admin"),
        Var("AUTH_CHECK_COMMON_PASSWORD", v.boolean, "False"),
        Var("AUTH_MINIMUM_PASSWORD_LENGTH", partial(num, minimum=1), "6"),
        Var("AUTH_ALLOWED_FAILED_LOGINS", partial(num, minimum=0), "3"),
        Var("AUTH_SECONDS_BEFORE_NEXT_TRY", partial(num, minimum=0), "1200"),
        Var("AUTH_ENABLE_SIGNUP", v.boolean, "True"),
        Var("AUTH_OPEN_SIGNUP", v.boolean, "False"),
    ]


VARIABLES: dict[str, Var] = {var.name: var for var in _vars()}


def shown(name: str, text: str) -> str:
    """How a value may appear in messages and output (secrets masked)."""
    var = VARIABLES.get(name)
    return var.show(text) if var else text
