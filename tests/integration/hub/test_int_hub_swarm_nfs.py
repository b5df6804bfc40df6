"""NFS persistence, GPUs by device visibility and placement options, read back from the Swarm.

The spawned task stays pending (the node has no ``node.labels.gpu==true``), so the NFS
volume is never mounted: the test reads the spec the SwarmSpawner created, then stops it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

import pytest
from hubint_hub import HubClient, start_hub
from hubint_servers import temp_dir
from hubint_settings import ADMIN
from hubint_spawn import log_in, spawn, stop, task_spec
from hubint_swarm import IDLE_COMMAND, Swarm

pytestmark = pytest.mark.integration


def nfs_settings(swarm: Swarm) -> dict[str, str]:
    """NFS v4 per-user volumes, all GPUs visible, preferences and platforms."""
    return {
        "AUTH_ADMIN_USER": ADMIN,
        "AUTH_OPEN_SIGNUP": "True",
        "SPAWNER_NOTEBOOK_IMAGE": swarm.image("hubint/notebook:base"),
        "SPAWNER_NETWORK_NAME": swarm.network,
        "SPAWNER_SPAWN_CMD": IDLE_COMMAND,
        "SPAWNER_START_TIMEOUT": "60",
        "SPAWNER_NOTEBOOK_DIR": "/home/jovyan/notebooks",
        "SPAWNER_PERSISTENCE_VOLUME_TYPE": "nfs4",
        "SPAWNER_PERSISTENCE_VOLUME_SOURCE_NAME": "nfs-{username}",
        "SPAWNER_PERSISTENCE_VOLUME_TARGET_SUBPATH": "/shared",
        "SPAWNER_PERSISTENCE_NFS_HOST": "127.0.0.1",
        "SPAWNER_PERSISTENCE_NFS_DEVICE": ":/exports/{username}",
        "SPAWNER_USE_GPUS": "all",
        "SPAWNER_PREFERENCE": "spread:node.labels.zone",
        "SPAWNER_PLATFORM": "amd64:linux",
    }


class Pending(NamedTuple):
    """A spawn left pending: the service spec read back, and the user's browser session."""

    service: dict
    client: HubClient


@pytest.fixture(scope="module")
def dora(swarm: Swarm) -> Iterator[Pending]:
    """The pending service of user ``dora`` on a hub with NFS volumes; stopped afterwards."""
    with temp_dir("hubint-hub-") as workdir, \
            start_hub(workdir, nfs_settings(swarm), extra_env=swarm.env) as hub:
        client = log_in(hub, "dora")
        yield Pending(spawn(swarm, client, "dora", task_state="pending"), client)
        if swarm.inspect("service", "jupyter-dora") is not None:
            stop(swarm, client, "dora")


def test_nfs_volume_has_the_local_driver_options(dora: Pending) -> None:
    [mount] = task_spec(dora.service)["ContainerSpec"]["Mounts"]
    assert (mount["Type"], mount["Source"]) == ("volume", "nfs-dora")
    assert mount["Target"] == "/home/jovyan/notebooks/shared"
    driver = mount["VolumeOptions"]["DriverConfig"]
    assert driver["Name"] == "local"
    assert driver["Options"] == {
        "type": "nfs", "o": "addr=127.0.0.1,rw,nfsvers=4,async", "device": ":/exports/dora"}


def test_all_gpus_are_made_visible_with_a_constraint(dora: Pending) -> None:
    spec = task_spec(dora.service)
    env = dict(item.split("=", 1) for item in spec["ContainerSpec"]["Env"])
    assert env["NVIDIA_VISIBLE_DEVICES"] == "all"
    assert spec["Placement"]["Constraints"] == ["node.labels.gpu==true"]
    assert "GenericResources" not in spec["Resources"].get("Reservations", {})


def test_preferences_and_platforms(dora: Pending) -> None:
    placement = task_spec(dora.service)["Placement"]
    assert placement["Preferences"] == [{"Spread": {"SpreadDescriptor": "node.labels.zone"}}]
    assert placement["Platforms"] == [{"Architecture": "amd64", "OS": "linux"}]


def test_stopping_a_pending_spawn_removes_the_service(swarm: Swarm, dora: Pending) -> None:
    """Runs last in this module: the other tests read the spec first."""
    stop(swarm, dora.client, "dora")
    assert swarm.inspect("service", "jupyter-dora") is None
