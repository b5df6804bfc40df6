"""The docker stack file: parsed back and checked."""

from __future__ import annotations

import pytest
import yaml
from hub_samples import EXTERNAL, settings_of

from nestgen.hubconfig import HubConfigError, stack_file

SEED = {
    **EXTERNAL,
    "HUB_DB_URL": "postgresql://postgres:postgres@pghost:5433/jupyterhub",
    "SPAWNER_NOTEBOOK_IMAGE": "hsz1273327/small-dataset-notebook:notebook-6.5.4",
    "SPAWNER_CONSTRAINTS": "node.role==manager",
    "SPAWNER_ENDPOINT_MODE": "dnsrr",
    "SPAWNER_ENVIRONMENT": "PRICE:$5",
}


def _stack(**env: str) -> dict:
    return yaml.safe_load(stack_file(settings_of(**env), hub_image="127.0.0.1:5000/hub:1"))


def test_hub_stack_proxy_service() -> None:
    proxy = _stack(**SEED)["services"]["proxy"]
    assert proxy["command"] == [
        "--ip=0.0.0.0",
        "--port=8000",
        "--api-ip=0.0.0.0",
        "--api-port=8001",
        "--error-target=http://jupyterhub:8001/hub/error",
    ]
    assert proxy["environment"] == {"CONFIGPROXY_AUTH_TOKEN": "${CONFIGPROXY_AUTH_TOKEN}"}
    assert proxy["ports"] == [
        {"target": 8000, "published": 8000, "protocol": "tcp", "mode": "host"}
    ]
    assert proxy["networks"] == ["jupyterhub_network"]
    assert proxy["deploy"]["endpoint_mode"] == "dnsrr"
    assert proxy["deploy"]["restart_policy"]["condition"] == "any"


def test_hub_stack_hub_service() -> None:
    document = _stack(**SEED)
    hub = document["services"]["jupyterhub"]
    assert hub["image"] == "127.0.0.1:5000/hub:1"
    env = hub["environment"]
    assert env["PROXY_SHOULD_START"] == "False"
    assert env["PROXY_API_URL"] == "http://proxy:8001"
    assert env["CONFIGPROXY_AUTH_TOKEN"] == "${CONFIGPROXY_AUTH_TOKEN}"
    assert env["HUB_DB_URL"] == "${HUB_DB_URL}"  # holds a password
    assert env["SPAWNER_ENVIRONMENT"] == "PRICE:$$5"  # '$' escaped for stack interpolation
    assert env["SPAWNER_NETWORK_NAME"] == "jupyterhub_network"
    assert list(env) == sorted(env)
    assert "/var/run/docker.sock:/var/run/docker.sock" in hub["volumes"]
    assert "jupyterhub-data:/data" in hub["volumes"]
    assert hub["deploy"]["placement"] == {"constraints": ["node.role==manager"]}
    assert hub["deploy"]["endpoint_mode"] == "dnsrr"
    assert document["networks"] == {
        "jupyterhub_network": {
            "name": "jupyterhub_network",
            "driver": "overlay",
            "attachable": True,
        }
    }
    assert document["volumes"] == {"jupyterhub-data": {}}


def test_hub_stack_has_no_secrets_and_is_deterministic() -> None:
    text = stack_file(settings_of(**SEED))
    assert "s3cr3t-token" not in text and "postgres:postgres@" not in text
    assert text == stack_file(settings_of(**dict(reversed(list(SEED.items())))))


def test_hub_stack_follows_ports_and_names() -> None:
    env = {
        **SEED,
        "PROXY_API_URL": "http://chp:9001",
        "HUB_CONNECT_IP": "hub",
        "HUB_HUB_PORT": "8081",
        "HUB_PORT": "443",
        "HUB_SSL_KEY": "/ssl/k.pem",
        "HUB_SSL_CERT": "/ssl/c.pem",
    }
    services = _stack(**env)["services"]
    assert set(services) == {"chp", "hub"}
    command = services["chp"]["command"]
    assert "--api-port=9001" in command and "--port=443" in command
    assert "--error-target=http://hub:8081/hub/error" in command
    assert command[-2:] == ["--ssl-key=/ssl/k.pem", "--ssl-cert=/ssl/c.pem"]
    assert services["chp"]["ports"][0]["published"] == 443


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({}, "PROXY_SHOULD_START"),
        ({**EXTERNAL, "HUB_CONNECT_IP": "10.0.0.5"}, "HUB_CONNECT_IP"),
        ({**EXTERNAL, "PROXY_API_URL": "http://10.0.0.6:8001"}, "PROXY_API_URL"),
        ({**EXTERNAL, "HUB_CONNECT_IP": "proxy"}, "HUB_CONNECT_IP"),
    ],
)
def test_hub_stack_needs_an_external_proxy_and_service_names(env, variable) -> None:
    with pytest.raises(HubConfigError) as caught:
        stack_file(settings_of(**env))
    assert caught.value.variables == [variable]


def test_hub_stack_accepted_by_docker_stack_config(tmp_path) -> None:
    """Docker's own compose loader (client side, no daemon) parses and interpolates the file."""
    import shutil
    import subprocess

    docker = shutil.which("docker")
    if docker is None:
        pytest.skip("the docker CLI is absent (scripts/install-test-deps installs docker.io)")
    path = tmp_path / "stack.yml"
    path.write_text(stack_file(settings_of(**SEED)), encoding="utf-8")
    secrets = {"CONFIGPROXY_AUTH_TOKEN": "tok-from-shell", "HUB_DB_URL": "postgresql://u:p@h/d"}
    env = {
        "PATH": "/usr/bin:/bin:/usr/local/bin",
        "HOME": str(tmp_path),
        "DOCKER_HOST": f"unix://{tmp_path}/no-daemon.sock",
        **secrets,
    }
    result = subprocess.run(
        [docker, "stack", "config", "-c", str(path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    probe = subprocess.run(
        [docker, "stack", "config", "--help"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if probe.returncode != 0 or "--compose-file" not in probe.stdout:
        pytest.skip("this docker CLI has no 'docker stack config' (added in Docker 20.10)")
    if result.returncode != 0 and "Cannot connect to the Docker daemon" in result.stderr:
        pytest.skip("this docker CLI's 'stack config' needs a daemon")
    assert result.returncode == 0, result.stderr
    resolved = yaml.safe_load(result.stdout)
    hub_env = resolved["services"]["jupyterhub"]["environment"]
    assert hub_env["CONFIGPROXY_AUTH_TOKEN"] == "tok-from-shell"
    assert hub_env["HUB_DB_URL"] == "postgresql://u:p@h/d"
    assert hub_env["SPAWNER_ENVIRONMENT"] == "PRICE:$5"
    assert resolved["networks"]["jupyterhub_network"]["attachable"] is True
