"""Every variable of the seed: its default, a good value and its effect, and bad values."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hub_samples import BASE, EXTERNAL, settings_of

from nestgen.errors import InputError
from nestgen.hubconfig import HubConfigError, HubSettings
from nestgen.hubconfig.report import resolved_config
from nestgen.hubconfig.swarm import traits_for
from nestgen.hubconfig.variables import VARIABLES

Getter = Callable[[HubSettings], Any]


def R(*path: str) -> Getter:
    """The value at ``path`` in the resolved configuration (secrets masked)."""

    def get(settings: HubSettings) -> Any:
        node: Any = resolved_config(settings)
        for key in path:
            node = node[key]
        return node

    return get


def T(cls: str, trait: str) -> Getter:
    """The unmasked trait value apply() sets."""
    return lambda settings: traits_for(settings)[cls][trait]


HOOK = ("SwarmSpawner", "pre_spawn_hook")
NFS = {
    "SPAWNER_PERSISTENCE_VOLUME_TYPE": "nfs3",
    "SPAWNER_PERSISTENCE_NFS_HOST": "10.0.0.10",
    "SPAWNER_PERSISTENCE_NFS_DEVICE": ":/exports/{username}",
}
CIFS = {
    "SPAWNER_PERSISTENCE_VOLUME_TYPE": "cifs",
    "SPAWNER_PERSISTENCE_CIFS_HOST": "u1.your-server.de",
    "SPAWNER_PERSISTENCE_CIFS_DEVICE": "//u1.your-server.de/backup",
}
SUFFIX = {"SPAWNER_CONSTRAINT_IMAGES": "torch:node.labels.kind==gpu->me/torch:2"}

# (variable, the seed's default as resolved, where it lands)
DEFAULTS: list[tuple[str, Any, Getter]] = [
    ("PROXY_SHOULD_START", True, R("ConfigurableHTTPProxy", "should_start")),
    ("HUB_CONNECT_IP", "jupyterhub", R("JupyterHub", "hub_connect_ip")),
    ("HUB_PORT", 8000, R("JupyterHub", "port")),
    (
        "HUB_COOKIE_SECRET_FILE",
        "/data/jupyterhub_cookie_secret",
        R("JupyterHub", "cookie_secret_file"),
    ),
    ("HUB_DB_URL", "sqlite:////data/jupyterhub.sqlite", R("JupyterHub", "db_url")),
    ("HUB_ACTIVE_SERVER_LIMIT", 100, R("JupyterHub", "active_server_limit")),
    ("HUB_ACTIVE_USER_WINDOW", 1800, R("JupyterHub", "active_user_window")),
    ("HUB_ACTIVITY_RESOLUTION", 30, R("JupyterHub", "activity_resolution")),
    ("HUB_CONCURRENT_SPAWN_LIMIT", 20, R("JupyterHub", "concurrent_spawn_limit")),
    ("HUB_INTERNAL_SSL_PATH", False, R("JupyterHub", "internal_ssl")),
    ("HUB_INIT_SPAWNERS_TIMEOUT", 60, R("JupyterHub", "init_spawners_timeout")),
    ("SPAWNER_NOTEBOOK_IMAGE", "jupyter/base-notebook:notebook-6.5.4", R("SwarmSpawner", "image")),
    ("SPAWNER_PULL_POLICY", "ifnotpresent", R("SwarmSpawner", "pull_policy")),
    ("SPAWNER_NOTEBOOK_DIR", "/home/jovyan/work", R("SwarmSpawner", "notebook_dir")),
    (
        "SPAWNER_PERSISTENCE_VOLUME_TYPE",
        None,
        lambda s: R(*HOOK, "volume")(s).get("driver_options"),
    ),
    (
        "SPAWNER_PERSISTENCE_VOLUME_SOURCE_NAME",
        "jupyterhub-user-{username}",
        R(*HOOK, "volume", "source"),
    ),
    (
        "SPAWNER_PERSISTENCE_VOLUME_TARGET_SUBPATH",
        "/home/jovyan/work/persistence",
        R(*HOOK, "volume", "target"),
    ),
    ("SPAWNER_CPU_LIMIT", 2.0, R("SwarmSpawner", "cpu_limit")),
    ("SPAWNER_CPU_GUARANTEE", 1.0, R("SwarmSpawner", "cpu_guarantee")),
    ("SPAWNER_MEM_LIMIT", "4G", R("SwarmSpawner", "mem_limit")),
    ("SPAWNER_MEM_GUARANTEE", "1G", R("SwarmSpawner", "mem_guarantee")),
    ("SPAWNER_ENVIRONMENT", {}, R("SwarmSpawner", "environment")),
    ("SPAWNER_ENDPOINT_MODE", {}, R("SwarmSpawner", "extra_endpoint_spec")),
    ("SPAWNER_SPAWN_CMD", ["start-singleuser.sh"], R("SwarmSpawner", "cmd")),
    ("SPAWNER_REMOVE", (), lambda s: s.warnings),
    ("SPAWNER_DEBUG", True, R("SwarmSpawner", "debug")),
    ("SPAWNER_CONSECUTIVE_FAILURE_LIMIT", 0, R("SwarmSpawner", "consecutive_failure_limit")),
    ("SPAWNER_POLL_INTERVAL", 30, R("SwarmSpawner", "poll_interval")),
    ("SPAWNER_START_TIMEOUT", 120, R("SwarmSpawner", "start_timeout")),
    ("SPAWNER_USE_GPUS", {}, R("SwarmSpawner", "extra_resources_spec")),
    ("SPAWNER_GPU_CONSTRAINT", "node.labels.gpu==true", lambda s: str(s.spawner.gpu_constraint)),
    ("SPAWNER_CONSTRAINTS", {}, R("SwarmSpawner", "extra_placement_spec")),
    (
        "SPAWNER_PERSISTENCE_CIFS_OPTS",
        "addr=u1.your-server.de,file_mode=0777,dir_mode=0777",
        lambda _: R(*HOOK, "volume", "driver_options", "o")(settings_of(**CIFS)),
    ),
    ("SPAWNER_CONSTRAINT_IMAGES", [], R(*HOOK, "suffix_rules")),
    (
        "SPAWNER_CONSTRAINT_WITH_GPUS",
        [None],
        lambda s: [r.gpu for r in settings_of(**SUFFIX).spawner.suffix_rules],
    ),
    ("SPAWNER_PREFERENCE", {}, R("SwarmSpawner", "extra_placement_spec")),
    ("SPAWNER_PLATFORM", {}, R("SwarmSpawner", "extra_placement_spec")),
    ("AUTH_ADMIN_USER", ["admin"], R("Authenticator", "admin_users")),
    ("AUTH_CHECK_COMMON_PASSWORD", False, R("NativeAuthenticator", "check_common_password")),
    ("AUTH_MINIMUM_PASSWORD_LENGTH", 6, R("NativeAuthenticator", "minimum_password_length")),
    ("AUTH_ALLOWED_FAILED_LOGINS", 3, R("NativeAuthenticator", "allowed_failed_logins")),
    ("AUTH_SECONDS_BEFORE_NEXT_TRY", 1200, R("NativeAuthenticator", "seconds_before_next_try")),
    ("AUTH_ENABLE_SIGNUP", True, R("NativeAuthenticator", "enable_signup")),
    ("AUTH_OPEN_SIGNUP", False, R("NativeAuthenticator", "open_signup")),
]

# (variable, env, expected, where it lands)
EFFECTS: list[tuple[str, dict[str, str], Any, Getter]] = [
    ("PROXY_SHOULD_START", EXTERNAL, False, R("ConfigurableHTTPProxy", "should_start")),
    ("PROXY_API_URL", EXTERNAL, "http://proxy:8001", R("ConfigurableHTTPProxy", "api_url")),
    ("CONFIGPROXY_AUTH_TOKEN", EXTERNAL, "s3cr3t-token", T("ConfigurableHTTPProxy", "auth_token")),
    ("CONFIGPROXY_AUTH_TOKEN", EXTERNAL, "***", R("ConfigurableHTTPProxy", "auth_token")),
    ("HUB_HUB_PORT", {"HUB_HUB_PORT": "9000"}, 9000, R("JupyterHub", "hub_port")),
    ("HUB_HUB_PORT", {}, 8081, R("JupyterHub", "hub_port")),
    ("HUB_HUB_PORT", EXTERNAL, 8001, R("JupyterHub", "hub_port")),
    (
        "HUB_CONNECT_IP",
        {"HUB_CONNECT_IP": "10.1.2.3"},
        "10.1.2.3",
        R("JupyterHub", "hub_connect_ip"),
    ),
    ("HUB_PORT", {"HUB_PORT": "8443"}, 8443, R("JupyterHub", "port")),
    (
        "HUB_SSL_KEY",
        {"HUB_SSL_KEY": "/ssl/k.pem", "HUB_SSL_CERT": "/ssl/c.pem"},
        "/ssl/k.pem",
        R("JupyterHub", "ssl_key"),
    ),
    (
        "HUB_SSL_CERT",
        {"HUB_SSL_KEY": "/ssl/k.pem", "HUB_SSL_CERT": "/ssl/c.pem"},
        "/ssl/c.pem",
        R("JupyterHub", "ssl_cert"),
    ),
    (
        "HUB_COOKIE_SECRET_FILE",
        {"HUB_COOKIE_SECRET_FILE": "/srv/cookie"},
        "/srv/cookie",
        R("JupyterHub", "cookie_secret_file"),
    ),
    (
        "HUB_DB_URL",
        {"HUB_DB_URL": "postgres://u:pw@db:5432/hub"},
        "postgresql+psycopg2://u:pw@db:5432/hub",
        T("JupyterHub", "db_url"),
    ),
    (
        "HUB_DB_URL",
        {"HUB_DB_URL": "postgresql://u:pw@db/hub"},
        "postgresql+psycopg2://u:***@db/hub",
        R("JupyterHub", "db_url"),
    ),
    (
        "HUB_DB_URL",
        {"HUB_DB_URL": "mysql://u:pw@db:3306/hub"},
        "mysql+pymysql://u:pw@db:3306/hub",
        T("JupyterHub", "db_url"),
    ),
    (
        "HUB_DB_URL",
        {"HUB_DB_URL": "mariadb://u@db/hub"},
        "mysql+pymysql://u@db/hub",
        T("JupyterHub", "db_url"),
    ),
    (
        "HUB_ACTIVE_SERVER_LIMIT",
        {"HUB_ACTIVE_SERVER_LIMIT": "7"},
        7,
        R("JupyterHub", "active_server_limit"),
    ),
    (
        "HUB_ACTIVE_USER_WINDOW",
        {"HUB_ACTIVE_USER_WINDOW": "600"},
        600,
        R("JupyterHub", "active_user_window"),
    ),
    (
        "HUB_ACTIVITY_RESOLUTION",
        {"HUB_ACTIVITY_RESOLUTION": "10"},
        10,
        R("JupyterHub", "activity_resolution"),
    ),
    (
        "HUB_CONCURRENT_SPAWN_LIMIT",
        {"HUB_CONCURRENT_SPAWN_LIMIT": "5"},
        5,
        R("JupyterHub", "concurrent_spawn_limit"),
    ),
    (
        "HUB_INTERNAL_SSL_PATH",
        {"HUB_INTERNAL_SSL_PATH": "/srv/certs"},
        True,
        R("JupyterHub", "internal_ssl"),
    ),
    (
        "HUB_INTERNAL_SSL_PATH",
        {"HUB_INTERNAL_SSL_PATH": "/srv/certs"},
        "/srv/certs",
        R("JupyterHub", "internal_certs_location"),
    ),
    (
        "HUB_INIT_SPAWNERS_TIMEOUT",
        {"HUB_INIT_SPAWNERS_TIMEOUT": "-1"},
        -1,
        R("JupyterHub", "init_spawners_timeout"),
    ),
    (
        "SPAWNER_NOTEBOOK_IMAGE",
        {"SPAWNER_NOTEBOOK_IMAGE": "127.0.0.1:5000/nb:1"},
        "127.0.0.1:5000/nb:1",
        R("SwarmSpawner", "image"),
    ),
    (
        "SPAWNER_PULL_POLICY",
        {"SPAWNER_PULL_POLICY": "Always"},
        "always",
        R("SwarmSpawner", "pull_policy"),
    ),
    (
        "SPAWNER_NETWORK_NAME",
        {"SPAWNER_NETWORK_NAME": "hubnet"},
        "hubnet",
        R("SwarmSpawner", "network_name"),
    ),
    (
        "SPAWNER_NOTEBOOK_DIR",
        {"SPAWNER_NOTEBOOK_DIR": "/home/me/"},
        "/home/me",
        R("SwarmSpawner", "notebook_dir"),
    ),
    ("SPAWNER_PERSISTENCE_VOLUME_TYPE", NFS, "nfs", R(*HOOK, "volume", "driver_options", "type")),
    (
        "SPAWNER_PERSISTENCE_VOLUME_SOURCE_NAME",
        {"SPAWNER_PERSISTENCE_VOLUME_SOURCE_NAME": "home-{username}"},
        "home-{username}",
        R(*HOOK, "volume", "source"),
    ),
    (
        "SPAWNER_PERSISTENCE_VOLUME_TARGET_SUBPATH",
        {"SPAWNER_PERSISTENCE_VOLUME_TARGET_SUBPATH": "/data"},
        "/home/jovyan/work/data",
        R(*HOOK, "volume", "target"),
    ),
    (
        "SPAWNER_PERSISTENCE_NFS_HOST",
        NFS,
        "addr=10.0.0.10,rw,vers=3,nolock,soft",
        R(*HOOK, "volume", "driver_options", "o"),
    ),
    (
        "SPAWNER_PERSISTENCE_NFS_DEVICE",
        NFS,
        ":/exports/{username}",
        R(*HOOK, "volume", "driver_options", "device"),
    ),
    (
        "SPAWNER_PERSISTENCE_NFS_OPTS",
        {**NFS, "SPAWNER_PERSISTENCE_NFS_OPTS": "vers=3,hard"},
        "addr=10.0.0.10,vers=3,hard",
        R(*HOOK, "volume", "driver_options", "o"),
    ),
    (
        "SPAWNER_PERSISTENCE_NFS_OPTS",
        {**NFS, "SPAWNER_PERSISTENCE_VOLUME_TYPE": "nfs4"},
        "addr=10.0.0.10,rw,nfsvers=4,async",
        R(*HOOK, "volume", "driver_options", "o"),
    ),
    (
        "SPAWNER_PERSISTENCE_CIFS_HOST",
        CIFS,
        "addr=u1.your-server.de,file_mode=0777,dir_mode=0777",
        R(*HOOK, "volume", "driver_options", "o"),
    ),
    (
        "SPAWNER_PERSISTENCE_CIFS_DEVICE",
        CIFS,
        "//u1.your-server.de/backup",
        R(*HOOK, "volume", "driver_options", "device"),
    ),
    (
        "SPAWNER_PERSISTENCE_CIFS_OPTS",
        {**CIFS, "SPAWNER_PERSISTENCE_CIFS_OPTS": ",username=u1,password=hunter2"},
        "addr=u1.your-server.de,username=u1,password=***",
        R(*HOOK, "volume", "driver_options", "o"),
    ),
    (
        "SPAWNER_CPU_LIMIT",
        {"SPAWNER_CPU_LIMIT": "0.5", "SPAWNER_CPU_GUARANTEE": "0.25"},
        0.5,
        R("SwarmSpawner", "cpu_limit"),
    ),
    (
        "SPAWNER_CPU_GUARANTEE",
        {"SPAWNER_CPU_GUARANTEE": "0"},
        None,
        R("SwarmSpawner", "cpu_guarantee"),
    ),
    ("SPAWNER_MEM_LIMIT", {"SPAWNER_MEM_LIMIT": "1.5G"}, "1.5G", R("SwarmSpawner", "mem_limit")),
    (
        "SPAWNER_MEM_GUARANTEE",
        {"SPAWNER_MEM_GUARANTEE": "512M"},
        "512M",
        R("SwarmSpawner", "mem_guarantee"),
    ),
    (
        "SPAWNER_ENVIRONMENT",
        {"SPAWNER_ENVIRONMENT": "A:1;URL:http://x:8080/p;"},
        {"A": "1", "URL": "http://x:8080/p"},
        R("SwarmSpawner", "environment"),
    ),
    (
        "SPAWNER_ENVIRONMENT",
        {"SPAWNER_ENVIRONMENT": "API_TOKEN:abc"},
        {"API_TOKEN": "***"},
        R("SwarmSpawner", "environment"),
    ),
    (
        "SPAWNER_ENDPOINT_MODE",
        {"SPAWNER_ENDPOINT_MODE": "DNSRR"},
        {"mode": "dnsrr"},
        R("SwarmSpawner", "extra_endpoint_spec"),
    ),
    (
        "SPAWNER_SPAWN_CMD",
        {"SPAWNER_SPAWN_CMD": "start.sh --x='a b' \"c d\""},
        ["start.sh", "--x=a b", "c d"],
        R("SwarmSpawner", "cmd"),
    ),
    (
        "SPAWNER_REMOVE",
        {"SPAWNER_REMOVE": "False"},
        True,
        lambda s: any(w.startswith("SPAWNER_REMOVE=False is ignored") for w in s.warnings),
    ),
    ("SPAWNER_DEBUG", {"SPAWNER_DEBUG": "no"}, False, R("SwarmSpawner", "debug")),
    (
        "SPAWNER_CONSECUTIVE_FAILURE_LIMIT",
        {"SPAWNER_CONSECUTIVE_FAILURE_LIMIT": "3"},
        3,
        R("SwarmSpawner", "consecutive_failure_limit"),
    ),
    (
        "SPAWNER_POLL_INTERVAL",
        {"SPAWNER_POLL_INTERVAL": "0"},
        0,
        R("SwarmSpawner", "poll_interval"),
    ),
    (
        "SPAWNER_START_TIMEOUT",
        {"SPAWNER_START_TIMEOUT": "300"},
        300,
        R("SwarmSpawner", "start_timeout"),
    ),
    (
        "SPAWNER_USE_GPUS",
        {"SPAWNER_USE_GPUS": "2"},
        {"generic_resources": [{"DiscreteResourceSpec": {"Kind": "GPU", "Value": 2}}]},
        R("SwarmSpawner", "extra_resources_spec"),
    ),
    (
        "SPAWNER_USE_GPUS",
        {"SPAWNER_USE_GPUS": "all"},
        {"NVIDIA_VISIBLE_DEVICES": "all"},
        R("SwarmSpawner", "environment"),
    ),
    (
        "SPAWNER_USE_GPUS",
        {"SPAWNER_USE_GPUS": "-1"},
        {"constraints": ["node.labels.gpu==true"]},
        R("SwarmSpawner", "extra_placement_spec"),
    ),
    (
        "SPAWNER_USE_GPUS",
        {"SPAWNER_USE_GPUS": "device_id=0,GPU-1a"},
        {"NVIDIA_VISIBLE_DEVICES": "0,GPU-1a"},
        R("SwarmSpawner", "environment"),
    ),
    (
        "SPAWNER_GPU_CONSTRAINT",
        {"SPAWNER_USE_GPUS": "all", "SPAWNER_GPU_CONSTRAINT": "node.labels.accel==nvidia"},
        {"constraints": ["node.labels.accel==nvidia"]},
        R("SwarmSpawner", "extra_placement_spec"),
    ),
    (
        "SPAWNER_CONSTRAINTS",
        {"SPAWNER_CONSTRAINTS": "node.role==manager, node.labels.zone!=b"},
        {"constraints": ["node.role==manager", "node.labels.zone!=b"]},
        R("SwarmSpawner", "extra_placement_spec"),
    ),
    (
        "SPAWNER_PREFERENCE",
        {"SPAWNER_PREFERENCE": "spread:node.labels.zone"},
        {"preferences": [["spread", "node.labels.zone"]]},
        R("SwarmSpawner", "extra_placement_spec"),
    ),
    (
        "SPAWNER_PLATFORM",
        {"SPAWNER_PLATFORM": "x86_64:linux,aarch64:linux"},
        {"platforms": [["x86_64", "linux"], ["aarch64", "linux"]]},
        R("SwarmSpawner", "extra_placement_spec"),
    ),
    (
        "SPAWNER_CONSTRAINT_IMAGES",
        SUFFIX,
        [
            {
                "suffix": "torch",
                "image": "me/torch:2",
                "constraints": ["node.labels.kind==gpu"],
                "gpus": None,
            }
        ],
        R(*HOOK, "suffix_rules"),
    ),
    (
        "SPAWNER_CONSTRAINT_WITH_GPUS",
        {**SUFFIX, "SPAWNER_CONSTRAINT_WITH_GPUS": "torch->all"},
        "all",
        lambda s: R(*HOOK, "suffix_rules")(s)[0]["gpus"],
    ),
    (
        "AUTH_ADMIN_USER",
        {"AUTH_ADMIN_USER": "root, admin"},
        ["admin", "root"],
        R("Authenticator", "admin_users"),
    ),
    (
        "AUTH_CHECK_COMMON_PASSWORD",
        {"AUTH_CHECK_COMMON_PASSWORD": "TRUE"},
        True,
        R("NativeAuthenticator", "check_common_password"),
    ),
    (
        "AUTH_MINIMUM_PASSWORD_LENGTH",
        {"AUTH_MINIMUM_PASSWORD_LENGTH": "10"},
        10,
        R("NativeAuthenticator", "minimum_password_length"),
    ),
    (
        "AUTH_ALLOWED_FAILED_LOGINS",
        {"AUTH_ALLOWED_FAILED_LOGINS": "0"},
        0,
        R("NativeAuthenticator", "allowed_failed_logins"),
    ),
    (
        "AUTH_SECONDS_BEFORE_NEXT_TRY",
        {"AUTH_SECONDS_BEFORE_NEXT_TRY": "60"},
        60,
        R("NativeAuthenticator", "seconds_before_next_try"),
    ),
    (
        "AUTH_ENABLE_SIGNUP",
        {"AUTH_ENABLE_SIGNUP": "off"},
        False,
        R("NativeAuthenticator", "enable_signup"),
    ),
    ("AUTH_OPEN_SIGNUP", {"AUTH_OPEN_SIGNUP": "1"}, True, R("NativeAuthenticator", "open_signup")),
]

# (variable, bad value, other variables needed to reach the check)
BAD: list[tuple[str, str, dict[str, str]]] = [
    ("PROXY_SHOULD_START", "ture", {}),
    ("PROXY_API_URL", "proxy:8001", {}),
    ("PROXY_API_URL", "http://proxy:99999", {}),
    ("CONFIGPROXY_AUTH_TOKEN", "two words", {}),
    ("HUB_HUB_PORT", "70000", {}),
    ("HUB_HUB_PORT", "0", {}),
    ("HUB_CONNECT_IP", "bad_host!", {}),
    ("HUB_PORT", "http", {}),
    ("HUB_SSL_KEY", "key.pem", {"HUB_SSL_CERT": "/c.pem"}),
    ("HUB_SSL_CERT", "cert.pem", {"HUB_SSL_KEY": "/k.pem"}),
    ("HUB_COOKIE_SECRET_FILE", "cookie", {}),
    ("HUB_DB_URL", "postgresql+psycopg://u@db/hub", {}),
    ("HUB_DB_URL", "oracle://u@db/hub", {}),
    ("HUB_DB_URL", "postgresql://db", {}),
    ("HUB_DB_URL", "sqlite:data.sqlite", {}),
    ("HUB_ACTIVE_SERVER_LIMIT", "-1", {}),
    ("HUB_ACTIVE_USER_WINDOW", "0", {}),
    ("HUB_ACTIVITY_RESOLUTION", "1.5", {}),
    ("HUB_CONCURRENT_SPAWN_LIMIT", "many", {}),
    ("HUB_INTERNAL_SSL_PATH", "certs", {}),
    ("HUB_INIT_SPAWNERS_TIMEOUT", "-5", {}),
    ("SPAWNER_NOTEBOOK_IMAGE", "Jupyter/Base", {}),
    ("SPAWNER_NOTEBOOK_IMAGE", "a b", {}),
    ("SPAWNER_PULL_POLICY", "sometimes", {}),
    ("SPAWNER_NETWORK_NAME", "-bad name", {}),
    ("SPAWNER_NOTEBOOK_DIR", "work", {}),
    ("SPAWNER_PERSISTENCE_VOLUME_TYPE", "nfs", {}),
    ("SPAWNER_PERSISTENCE_VOLUME_SOURCE_NAME", "user-{user}", {}),
    ("SPAWNER_PERSISTENCE_VOLUME_SOURCE_NAME", "user/{username}", {}),
    ("SPAWNER_PERSISTENCE_VOLUME_TARGET_SUBPATH", "persistence", {}),
    ("SPAWNER_PERSISTENCE_VOLUME_TARGET_SUBPATH", "/../etc", {}),
    ("SPAWNER_PERSISTENCE_NFS_HOST", "nas host", NFS),
    ("SPAWNER_PERSISTENCE_NFS_DEVICE", "/exports", NFS),
    ("SPAWNER_PERSISTENCE_NFS_OPTS", ",rw, vers=3", NFS),
    ("SPAWNER_PERSISTENCE_CIFS_HOST", "bad host", CIFS),
    ("SPAWNER_PERSISTENCE_CIFS_DEVICE", "\\\\server\\share", CIFS),
    ("SPAWNER_PERSISTENCE_CIFS_OPTS", "a b", CIFS),
    ("SPAWNER_CPU_LIMIT", "abc", {}),
    ("SPAWNER_CPU_LIMIT", "nan", {}),
    ("SPAWNER_CPU_GUARANTEE", "-1", {}),
    ("SPAWNER_MEM_LIMIT", "4g", {}),
    ("SPAWNER_MEM_LIMIT", "4Gi", {}),
    ("SPAWNER_MEM_LIMIT", "4GB", {}),
    ("SPAWNER_MEM_LIMIT", "4096", {}),
    ("SPAWNER_MEM_GUARANTEE", "1 G", {}),
    ("SPAWNER_ENVIRONMENT", "A=1", {}),
    ("SPAWNER_ENVIRONMENT", "A:1;A:2", {}),
    ("SPAWNER_ENDPOINT_MODE", "ingress", {}),
    ("SPAWNER_SPAWN_CMD", "start.sh 'unbalanced", {}),
    ("SPAWNER_REMOVE", "maybe", {}),
    ("SPAWNER_DEBUG", "2", {}),
    ("SPAWNER_CONSECUTIVE_FAILURE_LIMIT", "-1", {}),
    ("SPAWNER_POLL_INTERVAL", "x", {}),
    ("SPAWNER_START_TIMEOUT", "0", {}),
    ("SPAWNER_USE_GPUS", "0", {}),
    ("SPAWNER_USE_GPUS", "-2", {}),
    ("SPAWNER_USE_GPUS", "two", {}),
    ("SPAWNER_USE_GPUS", "device_id=", {}),
    ("SPAWNER_GPU_CONSTRAINT", "gpu==true", {}),
    ("SPAWNER_CONSTRAINTS", "calculation_type==cpu", {}),
    ("SPAWNER_CONSTRAINTS", "node.role==boss", {}),
    ("SPAWNER_CONSTRAINTS", "node.labels.x=y", {}),
    ("SPAWNER_CONSTRAINTS", "node.labels==y", {}),
    ("SPAWNER_PREFERENCE", "binpack:node.labels.zone", {}),
    ("SPAWNER_PREFERENCE", "spread:zone", {}),
    ("SPAWNER_PLATFORM", "linux", {}),
    ("SPAWNER_CONSTRAINT_IMAGES", "torch=me/torch", {}),
    ("SPAWNER_CONSTRAINT_IMAGES", "to-rch->me/torch", {}),
    ("SPAWNER_CONSTRAINT_IMAGES", "torch:calculation_type==gpu->me/torch", {}),
    ("SPAWNER_CONSTRAINT_IMAGES", "a->me/a;a->me/b", {}),
    ("SPAWNER_CONSTRAINT_IMAGES", "a->Not An Image", {}),
    ("SPAWNER_CONSTRAINT_WITH_GPUS", "torch->0", SUFFIX),
    ("SPAWNER_CONSTRAINT_WITH_GPUS", "torch", SUFFIX),
    ("SPAWNER_CONSTRAINT_WITH_GPUS", "base->1", SUFFIX),
    ("AUTH_ADMIN_USER", " , ", {}),
    ("AUTH_ADMIN_USER", "ad min", {}),
    ("AUTH_CHECK_COMMON_PASSWORD", "Y", {}),
    ("AUTH_MINIMUM_PASSWORD_LENGTH", "0", {}),
    ("AUTH_ALLOWED_FAILED_LOGINS", "three", {}),
    ("AUTH_SECONDS_BEFORE_NEXT_TRY", "-10", {}),
    ("AUTH_ENABLE_SIGNUP", "enable", {}),
    ("AUTH_OPEN_SIGNUP", "nope", {}),
]


@pytest.mark.parametrize(("name", "expected", "get"), DEFAULTS, ids=[d[0] for d in DEFAULTS])
def test_hub_default_matches_the_seed(name: str, expected: Any, get: Getter) -> None:
    assert get(settings_of()) == expected


@pytest.mark.parametrize(
    ("name", "env", "expected", "get"), EFFECTS, ids=[f"{e[0]}-{i}" for i, e in enumerate(EFFECTS)]
)
def test_hub_value_lands_in_the_configuration(
    name: str, env: dict, expected: Any, get: Getter
) -> None:
    assert get(settings_of(**env)) == expected


@pytest.mark.parametrize(("name", "value", "env"), BAD, ids=[f"{b[0]}={b[1]}" for b in BAD])
def test_hub_bad_value_fails_at_load_naming_it(name: str, value: str, env: dict) -> None:
    with pytest.raises(HubConfigError) as caught:
        settings_of(**{**env, name: value})
    assert name in caught.value.variables
    line = next(line for line in caught.value.lines() if line.startswith(f"{name}="))
    secret = VARIABLES[name].secret and VARIABLES[name].show(value) != value
    assert (repr(value) in line) != secret


def test_hub_every_variable_is_covered() -> None:
    with_default = {n for n, v in VARIABLES.items() if v.default is not None}
    assert with_default <= {d[0] for d in DEFAULTS}
    assert set(VARIABLES) == {e[0] for e in EFFECTS}
    assert set(VARIABLES) == {b[0] for b in BAD}


def test_hub_all_bad_variables_reported_at_once() -> None:
    bad = {
        "SPAWNER_CPU_LIMIT": "abc",
        "SPAWNER_MEM_LIMIT": "4g",
        "AUTH_OPEN_SIGNUP": "nope",
        "HUB_PORT": "x",
        "SPAWNER_CONSTRAINTS": "calculation_type==cpu",
    }
    with pytest.raises(HubConfigError) as caught:
        HubSettings.from_env(bad)
    assert set(caught.value.variables) == {*bad, "SPAWNER_NETWORK_NAME"}
    assert isinstance(caught.value, InputError)
    assert "node.labels.calculation_type" in str(caught.value)


def test_hub_secrets_are_masked_in_errors() -> None:
    env = {
        "CONFIGPROXY_AUTH_TOKEN": "tok en",
        "HUB_DB_URL": "oracle://u:hunter2@db/x",
        "SPAWNER_PERSISTENCE_CIFS_OPTS": "password=hunter2 x",
        **CIFS,
    }
    with pytest.raises(HubConfigError) as caught:
        settings_of(**env)
    text = str(caught.value)
    assert "hunter2" not in text and "tok en" not in text
    assert {"CONFIGPROXY_AUTH_TOKEN", "HUB_DB_URL", "SPAWNER_PERSISTENCE_CIFS_OPTS"} <= set(
        caught.value.variables
    )


def test_hub_blank_values_mean_unset() -> None:
    assert settings_of(HUB_PORT="  ", SPAWNER_USE_GPUS="") == settings_of()


def test_hub_unknown_prefixed_variable_warns() -> None:
    warnings = settings_of(SPAWNER_CPU_LIMT="3").warnings
    assert any(w.startswith("SPAWNER_CPU_LIMT is not a hub setting") for w in warnings)
    assert settings_of(PATH="/bin").warnings == ()


def test_hub_ignored_storage_variables_warn() -> None:
    warnings = settings_of(SPAWNER_PERSISTENCE_NFS_HOST="10.0.0.1").warnings
    assert warnings == (
        "SPAWNER_PERSISTENCE_NFS_HOST is ignored: SPAWNER_PERSISTENCE_VOLUME_TYPE is local",
    )


def test_hub_settings_are_frozen_and_source_kept() -> None:
    settings = settings_of(HUB_PORT="8080")
    with pytest.raises(AttributeError):
        settings.hub.port = 1  # type: ignore[misc]
    assert dict(settings.source) == {**BASE, "HUB_PORT": "8080"}
