"""Shared settings for the hub settings tests (imported by test modules; fixtures live in
this folder's conftest.py)."""

from __future__ import annotations

from nestgen.hubconfig import HubSettings

BASE = {"SPAWNER_NETWORK_NAME": "jupyterhub_network"}
EXTERNAL = {
    "PROXY_SHOULD_START": "False",
    "PROXY_API_URL": "http://proxy:8001",
    "CONFIGPROXY_AUTH_TOKEN": "s3cr3t-token",
}


def settings_of(**env: str) -> HubSettings:
    """Settings from BASE plus ``env``."""
    return HubSettings.from_env({**BASE, **env})
