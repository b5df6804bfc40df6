"""The hub spawns users' servers as services of a real single-node Docker Swarm.

The toy images only idle (the host-side hub cannot reach the overlay network), so each test
reads back the service the SwarmSpawner created with ``docker service inspect`` while the
spawn is pending, and stopping the server through the hub's API removes the service.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from hubint_hub import Hub, HubClient
from hubint_settings import ACTIVE_SERVER_LIMIT
from hubint_spawn import escaped, log_in, running_task, spawn, stop, task_spec
from hubint_swarm import GPU_COUNT, IDLE_COMMAND, Swarm

pytestmark = pytest.mark.integration

USERS = ("alice", "bob-torch", "torch", "carol")
GPU_REQUEST = [{"DiscreteResourceSpec": {"Kind": "GPU", "Value": 1}}]
MIB = 1024 * 1024


@pytest.fixture(scope="module")
def clients(swarm_hub: Hub) -> dict[str, HubClient]:
    """A logged-in browser session per test user."""
    return {name: log_in(swarm_hub, name) for name in USERS}


@pytest.fixture(scope="module")
def services(swarm: Swarm, clients: dict[str, HubClient]) -> Iterator[dict[str, dict]]:
    """Every test user's service, spawned in parallel; stopped at the end of the module."""
    with ThreadPoolExecutor(len(USERS)) as pool:
        found = dict(
            zip(USERS, pool.map(lambda u: spawn(swarm, clients[u], u), USERS), strict=True)
        )
    yield found
    for name in USERS:
        if swarm.inspect("service", f"jupyter-{escaped(name)}") is not None:
            stop(swarm, clients[name], name)


def mounts(service: dict) -> list[tuple[str, str, str]]:
    """(type, source, target) of every mount of the service's container."""
    spec = task_spec(service)["ContainerSpec"]
    return [(m["Type"], m["Source"], m["Target"]) for m in spec.get("Mounts", [])]


def test_default_user_gets_the_default_image_and_command(swarm: Swarm, services) -> None:
    container = task_spec(services["alice"])["ContainerSpec"]
    assert container["Image"] == swarm.image("hubint/notebook:base")
    assert container["Args"][:3] == ["/bin/sh", "-c", IDLE_COMMAND.split(" ", 2)[2][1:-1]]
    env = dict(item.split("=", 1) for item in container["Env"])
    assert env["HUBINT_MARK"] == "yes"
    assert env["HUBINT_URL"] == "http://example.invalid:8080/x"


def test_resources_are_limits_and_reservations(services) -> None:
    resources = task_spec(services["alice"])["Resources"]
    assert resources["Limits"] == {"NanoCPUs": 1_500_000_000, "MemoryBytes": 512 * MIB}
    assert resources["Reservations"] == {"NanoCPUs": 250_000_000, "MemoryBytes": 128 * MIB}


def test_placement_network_and_endpoint(swarm: Swarm, services) -> None:
    service = services["alice"]
    assert task_spec(service)["Placement"]["Constraints"] == ["node.role==manager"]
    network_id = swarm.inspect("network", swarm.network)["Id"]
    assert [n["Target"] for n in task_spec(service)["Networks"]] == [network_id]
    assert service["Spec"]["EndpointSpec"]["Mode"] == "dnsrr"


def test_user_volume_is_a_named_volume(services) -> None:
    assert mounts(services["alice"]) == [
        ("volume", "jupyterhub-user-alice", "/home/jovyan/work/persistence")
    ]


def test_suffix_user_gets_its_image_constraints_and_gpus(swarm: Swarm, services) -> None:
    service = services["bob-torch"]
    assert task_spec(service)["ContainerSpec"]["Image"] == swarm.image("hubint/torch:gpu")
    assert sorted(task_spec(service)["Placement"]["Constraints"]) == [
        "node.labels.hubint_gpu==yes",
        "node.role==manager",
    ]
    assert task_spec(service)["Resources"]["Reservations"]["GenericResources"] == GPU_REQUEST
    assert mounts(service) == [
        ("volume", "jupyterhub-user-bob-2dtorch", "/home/jovyan/work/persistence")
    ]
    task = running_task(swarm, "jupyter-bob-2dtorch")
    assert task["GenericResources"] == GPU_REQUEST, f"the task got one of the {GPU_COUNT} GPUs"


def test_suffix_rules_do_not_leak_to_other_users(swarm: Swarm, services) -> None:
    for name in ("alice", "torch"):
        spec = task_spec(services[name])
        assert spec["ContainerSpec"]["Image"] == swarm.image("hubint/notebook:base"), name
        assert spec["Placement"]["Constraints"] == ["node.role==manager"], name
        assert "GenericResources" not in spec["Resources"].get("Reservations", {}), name


def test_active_server_limit_refuses_one_more_server(
    swarm_hub: Hub, swarm: Swarm, services
) -> None:
    """Runs before the stop test: all USERS' servers are active (pending) here."""
    assert len(services) == ACTIVE_SERVER_LIMIT
    extra = log_in(swarm_hub, "erin")
    refused = extra.api("POST", "/users/erin/server")
    assert refused.status_code == 429
    assert "Active user limit exceeded" in refused.text
    assert swarm.inspect("service", "jupyter-erin") is None


def test_stopping_removes_the_service_and_keeps_the_volume(swarm: Swarm, clients, services) -> None:
    assert swarm.inspect("volume", "jupyterhub-user-carol") is not None
    stop(swarm, clients["carol"], "carol")
    assert swarm.inspect("service", "jupyter-carol") is None
    assert swarm.inspect("volume", "jupyterhub-user-carol") is not None
    assert swarm.inspect("service", "jupyter-alice") is not None, "other users keep theirs"


def test_hub_logs_the_choice_of_the_pre_spawn_hook(swarm_hub: Hub, swarm: Swarm, services) -> None:
    wanted = ("bob-torch", swarm.image("hubint/torch:gpu"), "node.labels.hubint_gpu==yes")
    lines = [
        line for line in swarm_hub.log_text().splitlines() if all(part in line for part in wanted)
    ]
    assert lines, "one log line names the user, the chosen image and the added constraint"
