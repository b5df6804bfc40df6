"""The hub as a Swarm stack: ``nestgen hub stack`` deployed with the real images.

The stack file is the one ``nestgen hub stack`` writes; the test changes one thing in it: the
Docker socket the hub mounts is the test engine's (a private socket, not /var/run/docker.sock).
The proxy's port is published in host mode, so the test (and Chromium) reach the hub's public
URL on 127.0.0.1 without the ingress mesh.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

import requests
import yaml
from hubint_hub import Hub
from hubint_servers import free_port, wait_until
from hubint_settings import ADMIN
from hubint_swarm import Swarm

STACK = "hubint"
NETWORK = "hubint-e2e"  # made by the stack (and removed with it)
SOCKET = "/var/run/docker.sock"


def stack_settings(notebook_image: str, **extra: str) -> dict[str, str]:
    """Hub variables for a stack: external proxy, state on the data volume, real notebooks."""
    return {
        "PROXY_SHOULD_START": "False",
        "PROXY_API_URL": "http://proxy:8001",
        "CONFIGPROXY_AUTH_TOKEN": secrets.token_hex(32),
        "HUB_CONNECT_IP": "hub",
        "HUB_PORT": str(free_port()),
        "HUB_COOKIE_SECRET_FILE": "/data/jupyterhub_cookie_secret",
        "HUB_DB_URL": "sqlite:////data/jupyterhub.sqlite",
        "AUTH_ADMIN_USER": ADMIN,
        "AUTH_OPEN_SIGNUP": "True",
        "SPAWNER_NETWORK_NAME": NETWORK,
        "SPAWNER_ENDPOINT_MODE": "dnsrr",
        "SPAWNER_NOTEBOOK_IMAGE": notebook_image,
        "SPAWNER_PULL_POLICY": "ifnotpresent",
        "SPAWNER_SPAWN_CMD": "jupyterhub-singleuser",
        "SPAWNER_START_TIMEOUT": "180",
        # the default /persistence does not exist in the image: Docker makes the mount point
        # root-owned and the notebook (uid 1000) gets "Permission denied" writing there
        "SPAWNER_PERSISTENCE_VOLUME_TARGET_SUBPATH": "/",
        **extra,
    }


def stack_yaml(
    workdir: Path, settings: Mapping[str, str], swarm: Swarm, hub_image: str, proxy_image: str
) -> Path:
    """``nestgen hub stack`` on an env file of ``settings``, with the test engine's socket."""
    env_file = workdir / "hub.env"
    env_file.write_text("".join(f"{k}={v}\n" for k, v in settings.items()))
    done = subprocess.run(
        [sys.executable, "-m", "nestgen", "hub", "stack", "--env-file", str(env_file),
         "--hub-image", hub_image, "--proxy-image", proxy_image],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    document = yaml.safe_load(done.stdout)
    hub = document["services"]["hub"]
    assert f"{SOCKET}:{SOCKET}" in hub["volumes"]
    hub["volumes"] = [f"{swarm.socket}:{SOCKET}" if v.startswith(SOCKET) else v
                      for v in hub["volumes"]]  # fmt: skip
    path = workdir / "stack.yml"
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    return path


@contextlib.contextmanager
def deploy_stack(
    swarm: Swarm, workdir: Path, settings: Mapping[str, str], hub_image: str, proxy_image: str
) -> Iterator[Hub]:
    """Deploy the stack, wait until the hub answers through the proxy, remove it at the end."""
    path = stack_yaml(workdir, settings, swarm, hub_image, proxy_image)
    env = {**os.environ, **swarm.env, "CONFIGPROXY_AUTH_TOKEN": settings["CONFIGPROXY_AUTH_TOKEN"]}
    log = workdir / "stack.log"
    hub = Hub(f"http://127.0.0.1:{settings['HUB_PORT']}", log, dict(settings))
    try:
        subprocess.run(
            ["docker", "stack", "deploy", "--resolve-image", "never", "-c", str(path), STACK],
            env=env, capture_output=True, text=True, timeout=120, check=True,
        )  # fmt: skip
        try:
            wait_until(lambda: requests.get(f"{hub.url}/hub/api", timeout=2).ok, 240, "the hub")
        except TimeoutError:
            save_logs(swarm, log)
            raise
        yield hub
    finally:
        save_logs(swarm, log)
        swarm.docker("stack", "rm", STACK, check=False)


def save_logs(swarm: Swarm, log: Path) -> None:
    """The stack's services' logs and task states, into ``log`` (for failure messages)."""
    parts = []
    for service in ("hub", "proxy"):
        name = f"{STACK}_{service}"
        parts.append(f"== {name}\n" + swarm.docker("service", "ps", "--no-trunc", name,
                                                  check=False))  # fmt: skip
        logs = subprocess.run(
            ["docker", "service", "logs", "--raw", name],
            env={**os.environ, **swarm.env}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True, timeout=60, check=False,
        )  # fmt: skip
        parts.append(logs.stdout)
    log.write_text("\n".join(parts))
