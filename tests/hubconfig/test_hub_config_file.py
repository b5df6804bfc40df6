"""The image's jupyterhub_config.py, loaded by traitlets and JupyterHub's own classes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hub_samples import EXTERNAL
from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

from nestgen.hubconfig.variables import PREFIXES

REPO = Path(__file__).resolve().parents[2]
CONFIG_FILE = REPO / "images" / "swarm-hub" / "jupyterhub_config.py"
ENV = {
    **EXTERNAL,
    "SPAWNER_NETWORK_NAME": "hubnet",
    "HUB_DB_URL": "postgresql://hub:pw@db:5432/jupyterhub",
    "HUB_CONNECT_IP": "jupyterhub",
    "SPAWNER_MEM_LIMIT": "1.5G",
    "SPAWNER_CPU_LIMIT": "1.5",
    "SPAWNER_SPAWN_CMD": "jupyterhub-singleuser --debug",
    "AUTH_ADMIN_USER": "admin,boss",
    "AUTH_ALLOWED_FAILED_LOGINS": "5",
    "AUTH_SECONDS_BEFORE_NEXT_TRY": "0",
    "AUTH_MINIMUM_PASSWORD_LENGTH": "8",
}


@pytest.fixture
def hub_env(monkeypatch: pytest.MonkeyPatch):
    """Only the given hub variables in os.environ."""

    def set_env(env: dict[str, str]) -> None:
        for name in list(os.environ):
            if name.startswith(PREFIXES) or name == "CONFIGPROXY_AUTH_TOKEN":
                monkeypatch.delenv(name)
        for name, value in env.items():
            monkeypatch.setenv(name, value)

    return set_env


def _load() -> Config:
    return PyFileConfigLoader(CONFIG_FILE.name, path=str(CONFIG_FILE.parent)).load_config()


def test_hub_config_file_drives_jupyterhub_classes(hub_env, spawner_for) -> None:
    from jupyterhub.app import JupyterHub
    from jupyterhub.proxy import ConfigurableHTTPProxy
    from nativeauthenticator import NativeAuthenticator

    hub_env(ENV)
    config = _load()
    hub = JupyterHub(config=config)
    assert (hub.hub_ip, hub.hub_port, hub.hub_connect_ip) == ("0.0.0.0", 8001, "jupyterhub")
    assert hub.db_url == "postgresql+psycopg2://hub:pw@db:5432/jupyterhub"
    assert hub.spawner_class.__name__ == "SwarmSpawner"
    assert hub.authenticator_class is NativeAuthenticator
    proxy = ConfigurableHTTPProxy(config=config, app=hub)
    assert (proxy.should_start, proxy.api_url, proxy.auth_token) == (
        False,
        "http://proxy:8001",
        "s3cr3t-token",
    )
    auth = NativeAuthenticator(config=config, db=spawner_for.db)
    assert auth.allow_all is True
    assert auth.admin_users == {"admin", "boss"}
    assert (auth.allowed_failed_logins, auth.seconds_before_next_try) == (5, 0)
    assert (auth.minimum_password_length, auth.enable_signup, auth.open_signup) == (8, True, False)
    spawner = spawner_for("alice", config)
    assert spawner.mem_limit == int(1.5 * 1024**3)
    assert spawner.cpu_limit == 1.5
    assert spawner.cmd == ["jupyterhub-singleuser", "--debug"]
    assert spawner.network_name == "hubnet" and spawner.use_internal_ip is True


def test_hub_config_file_seed_defaults_start_cleanly(hub_env) -> None:
    from jupyterhub.app import JupyterHub
    from jupyterhub.proxy import ConfigurableHTTPProxy

    hub_env({"SPAWNER_NETWORK_NAME": "hubnet"})
    config = _load()
    hub = JupyterHub(config=config)
    proxy = ConfigurableHTTPProxy(config=config, app=hub)
    assert proxy.should_start is True
    assert hub.hub_port != int(proxy.api_url.rsplit(":", 1)[1])
    assert hub.db_url == "sqlite:////data/jupyterhub.sqlite"


def test_hub_config_file_stops_on_bad_settings(hub_env, capsys) -> None:
    hub_env(
        {
            "SPAWNER_NETWORK_NAME": "hubnet",
            "SPAWNER_CPU_LIMIT": "abc",
            "CONFIGPROXY_AUTH_TOKEN": "two words",
            "PROXY_SHOULD_START": "False",
        }
    )
    with pytest.raises(SystemExit) as caught:
        _load()
    assert caught.value.code == 2
    err = capsys.readouterr().err
    lines = err.splitlines()
    assert any(line.startswith("hub settings: SPAWNER_CPU_LIMIT='abc'") for line in lines)
    assert any(line.startswith("hub settings: CONFIGPROXY_AUTH_TOKEN='***'") for line in lines)
    assert any(line.startswith("hub settings: PROXY_API_URL=unset") for line in lines)
    assert "two words" not in err


def test_hub_config_file_through_the_jupyterhub_app(hub_env) -> None:
    from jupyterhub.app import JupyterHub

    hub_env(
        {"SPAWNER_NETWORK_NAME": "hubnet", "HUB_PORT": "8100", "SPAWNER_ENDPOINT_MODE": "dnsrr"}
    )
    app = JupyterHub()
    app.load_config_file(str(CONFIG_FILE))
    assert app.port == 8100
    assert app.config.SwarmSpawner.extra_endpoint_spec == {"mode": "dnsrr"}
