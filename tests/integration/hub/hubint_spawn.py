"""Spawning and stopping a user's server through the hub, read back from the Swarm."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from hubint_hub import Hub, HubClient
from hubint_servers import wait_until
from hubint_swarm import Swarm, wait_for_task_state


def escaped(username: str) -> str:
    """A username as DockerSpawner writes it in object names ('-' becomes '-2d')."""
    return username.replace("-", "-2d")


def log_in(hub: Hub, username: str) -> HubClient:
    """Sign a user up (open signup) and log them in."""
    client = hub.client()
    assert "signup was successful" in client.signup(username, f"{username}-password")
    assert client.login(username, f"{username}-password")
    return client


def spawn(swarm: Swarm, client: HubClient, username: str, task_state: str = "running") -> dict:
    """Ask the hub for the user's server; return its service once a task is in ``task_state``.

    The hub answers 202 (still pending) after its slow-spawn timeout: the toy server never
    answers over HTTP, so the spawn stays pending until it is stopped.
    """
    service = f"jupyter-{escaped(username)}"
    with ThreadPoolExecutor(1) as pool:
        started = pool.submit(client.api, "POST", f"/users/{username}/server")
        wait_until(lambda: swarm.inspect("service", service) is not None, 60, service)
        wait_for_task_state(swarm, service, task_state)
        assert started.result().status_code == 202, started.result().text
    found = swarm.inspect("service", service)
    assert found is not None
    return found


def stop(swarm: Swarm, client: HubClient, username: str) -> None:
    """Stop the user's server through the hub's API and wait until its service is gone."""
    answer = client.api("DELETE", f"/users/{username}/server")
    assert answer.status_code in (202, 204), answer.text
    service = f"jupyter-{escaped(username)}"
    wait_until(lambda: swarm.inspect("service", service) is None, 60, f"{service} removed")


def task_spec(service: dict) -> dict:
    """The task template of a service spec."""
    return service["Spec"]["TaskTemplate"]


def running_task(swarm: Swarm, service: str) -> dict:
    """``docker inspect`` of the running task of a service."""
    ids = swarm.docker("service", "ps", "-q", "--filter", "desired-state=running", service)
    [task_id] = ids.split()
    found = swarm.inspect("inspect", task_id)
    assert found is not None
    return found
