"""The ``docker stack deploy`` file for the proxy and the hub, from the hub settings.

Secrets never appear in the file: their variables are written as ``${NAME}``, which
``docker stack deploy`` fills from the deploying shell's environment.
"""

from __future__ import annotations

import ipaddress
from typing import Any
from urllib.parse import urlsplit

from nestgen import yamlio
from nestgen.hubconfig.errors import HubConfigError, Problem
from nestgen.hubconfig.model import HubSettings
from nestgen.hubconfig.variables import VARIABLES, shown

DEFAULT_HUB_IMAGE = "nestgen/swarm-hub:latest"
DEFAULT_PROXY_IMAGE = "quay.io/jupyterhub/configurable-http-proxy:4.6.3"
DATA_VOLUME = "jupyterhub-data"
DATA_DIR = "/data"
RESTART = {"condition": "any", "delay": "5s", "window": "60s"}


def stack_file(
    settings: HubSettings,
    *,
    hub_image: str = DEFAULT_HUB_IMAGE,
    proxy_image: str = DEFAULT_PROXY_IMAGE,
) -> str:
    """The stack YAML (deterministic); the settings must describe an external proxy."""
    proxy_name, hub_name = _service_names(settings)
    network = settings.spawner.network_name or ""
    document = {
        "version": "3.8",
        "services": {
            proxy_name: _proxy_service(settings, hub_name, proxy_image, network),
            hub_name: _hub_service(settings, hub_image, network),
        },
        "volumes": {DATA_VOLUME: {}},
        "networks": {network: {"name": network, "driver": "overlay", "attachable": True}},
    }
    return yamlio.dumps(document)


def _service_names(settings: HubSettings) -> tuple[str, str]:
    problems = []
    if settings.proxy.should_start:
        problems.append(
            Problem(
                "PROXY_SHOULD_START",
                "True",
                (
                    "False for a stack: the proxy runs as its own service (set PROXY_API_URL to "
                    "http://proxy:8001 and CONFIGPROXY_AUTH_TOKEN too)"
                ),
            )
        )
    proxy_host = urlsplit(settings.proxy.api_url or "").hostname or ""
    hub_host = settings.hub.connect_ip
    for name, host in (("PROXY_API_URL", proxy_host), ("HUB_CONNECT_IP", hub_host)):
        if host and _is_ip(host):
            problems.append(Problem(name, host, "a service name (not an IP address) in a stack"))
    if proxy_host and proxy_host == hub_host:
        problems.append(Problem("HUB_CONNECT_IP", hub_host, "a name other than the proxy's"))
    if problems:
        raise HubConfigError(problems)
    return proxy_host, hub_host


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _deploy(constraints: list[str] | None = None) -> dict[str, Any]:
    deploy: dict[str, Any] = {"mode": "replicated", "replicas": 1, "endpoint_mode": "dnsrr"}
    if constraints:
        deploy["placement"] = {"constraints": constraints}
    deploy["restart_policy"] = dict(RESTART)
    return deploy


def _proxy_service(settings: HubSettings, hub_name: str, image: str, network: str) -> dict:
    hub_url = f"http://{hub_name}:{settings.hub.hub_port}"
    port = settings.hub.port
    command = [
        "--ip=0.0.0.0",
        f"--port={port}",
        "--api-ip=0.0.0.0",
        f"--api-port={settings.proxy_api_port}",
        f"--error-target={hub_url}/hub/error",
    ]
    if settings.hub.ssl_key and settings.hub.ssl_cert:
        command += [f"--ssl-key={settings.hub.ssl_key}", f"--ssl-cert={settings.hub.ssl_cert}"]
    return {
        "image": image,
        # the image's entrypoint runs configurable-http-proxy: only its options go here
        "command": command,
        "environment": {"CONFIGPROXY_AUTH_TOKEN": "${CONFIGPROXY_AUTH_TOKEN}"},
        "networks": [network],
        # host mode: published without the ingress mesh, which dnsrr services cannot use
        "ports": [{"target": port, "published": port, "protocol": "tcp", "mode": "host"}],
        "deploy": _deploy(),
    }


def _environment(settings: HubSettings) -> dict[str, str]:
    env = {}
    for name, value in settings.source:
        secret = VARIABLES[name].secret and shown(name, value) != value
        env[name] = f"${{{name}}}" if secret else value.replace("$", "$$")
    env["CONFIGPROXY_AUTH_TOKEN"] = "${CONFIGPROXY_AUTH_TOKEN}"
    return dict(sorted(env.items()))


def _hub_service(settings: HubSettings, image: str, network: str) -> dict:
    return {
        "image": image,
        "environment": _environment(settings),
        "networks": [network],
        "volumes": [
            "/var/run/docker.sock:/var/run/docker.sock",
            f"{DATA_VOLUME}:{DATA_DIR}",
        ],
        # SwarmSpawner creates services: only a manager's Docker API can
        "deploy": _deploy(["node.role==manager"]),
    }
