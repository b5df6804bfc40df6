"""Run in a child process: load the chart's real hub config and report what it makes.

argv: the emulated ``/usr/local/etc/jupyterhub`` folder.  Loads ``jupyterhub_config.py`` as
the hub pod does (real JupyterHub, KubeSpawner, the configured authenticator) and prints JSON:
the user pod and PVC manifests KubeSpawner builds offline, the spawner's environment and the
authenticator's class and settings.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

from jupyterhub.app import JupyterHub
from kubernetes_asyncio.client import ApiClient
from kubespawner import KubeSpawner
from traitlets.config import PyFileConfigLoader

USER = "alice"
SETTINGS = (
    "client_id",
    "login_service",
    "oauth_callback_url",
    "authorize_url",
    "token_url",
    "userdata_url",
    "username_claim",
    "scope",
    "admin_users",
    "allow_all",
)


class _User:
    """The few user attributes KubeSpawner reads when building a manifest."""

    name = USER
    escaped_name = USER
    id = 1
    url = f"/user/{USER}/"
    admin = False


async def _probe(etc: Path) -> dict:
    config = PyFileConfigLoader("jupyterhub_config.py", path=str(etc)).load_config()
    app = JupyterHub(config=config)
    authenticator = app.authenticator_class(config=config)
    spawner = KubeSpawner(_mock=True, config=config, user=_User())
    spawner.api_token = "probe-token"
    spawner.oauth_client_id = f"jupyterhub-user-{USER}"
    pod = await spawner.get_pod_manifest()
    pvc = spawner.get_pvc_manifest()
    serialize = ApiClient().sanitize_for_serialization
    return {
        "pod": serialize(pod),
        "pvc": serialize(pvc),
        "storage_pvc_ensure": spawner.storage_pvc_ensure,
        "authenticator": f"{type(authenticator).__module__}.{type(authenticator).__name__}",
        "settings": {
            k: _plain(getattr(authenticator, k)) for k in SETTINGS if hasattr(authenticator, k)
        },
        "spawner_class": f"{type(spawner).__module__}.{type(spawner).__name__}",
        "configured_spawner": str(config.JupyterHub.spawner_class),
    }


def _plain(value: object) -> object:
    if isinstance(value, set | frozenset):
        return sorted(value)
    if isinstance(value, list | tuple):
        return list(value)
    return value if isinstance(value, str | int | float | bool) or value is None else str(value)


if __name__ == "__main__":
    print(json.dumps(asyncio.run(_probe(Path(sys.argv[1])))))
