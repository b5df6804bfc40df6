"""NFS and CIFS persistence, GPUs by visibility, placement options, read back from the Swarm.

The spawned task stays pending (the node has no ``node.labels.gpu==true``), so the remote
volume is never mounted: the tests read the spec the SwarmSpawner created, then stop it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

import pytest
from hubint_hub import Hub, HubClient, start_hub
from hubint_servers import temp_dir
from hubint_settings import ADMIN
from hubint_spawn import log_in, spawn, stop, task_spec
from hubint_swarm import IDLE_COMMAND, Swarm

pytestmark = pytest.mark.integration


CIFS_SECRET = "cifs-secret-pw"
VOLUMES = {
    "nfs4": (
        {
            "SPAWNER_PERSISTENCE_NFS_HOST": "127.0.0.1",
            "SPAWNER_PERSISTENCE_NFS_DEVICE": ":/exports/{username}",
        },
        {"type": "nfs", "o": "addr=127.0.0.1,rw,nfsvers=4,async", "device": ":/exports/dora"},
    ),
    "cifs": (
        {
            "SPAWNER_PERSISTENCE_CIFS_HOST": "127.0.0.1",
            "SPAWNER_PERSISTENCE_CIFS_DEVICE": "//127.0.0.1/homes/{username}",
            "SPAWNER_PERSISTENCE_CIFS_OPTS": f",username=hub,password={CIFS_SECRET},vers=3.0",
        },
        {
            "type": "cifs",
            "o": f"addr=127.0.0.1,username=hub,password={CIFS_SECRET},vers=3.0",
            "device": "//127.0.0.1/homes/dora",
        },
    ),
}


def remote_volume_settings(swarm: Swarm, kind: str) -> dict[str, str]:
    """NFS or CIFS per-user volumes, all GPUs visible, preferences and platforms."""
    return {
        "AUTH_ADMIN_USER": ADMIN,
        "AUTH_OPEN_SIGNUP": "True",
        "SPAWNER_NOTEBOOK_IMAGE": swarm.image("hubint/notebook:base"),
        "SPAWNER_NETWORK_NAME": swarm.network,
        "SPAWNER_SPAWN_CMD": IDLE_COMMAND,
        "SPAWNER_START_TIMEOUT": "60",
        "SPAWNER_NOTEBOOK_DIR": "/home/jovyan/notebooks",
        "SPAWNER_PERSISTENCE_VOLUME_TYPE": kind,
        "SPAWNER_PERSISTENCE_VOLUME_SOURCE_NAME": "remote-{username}",
        "SPAWNER_PERSISTENCE_VOLUME_TARGET_SUBPATH": "/shared",
        **VOLUMES[kind][0],
        "SPAWNER_USE_GPUS": "all",
        "SPAWNER_PREFERENCE": "spread:node.labels.zone",
        "SPAWNER_PLATFORM": "amd64:linux",
    }


class Pending(NamedTuple):
    """A spawn left pending: the volume kind, the service spec read back, the user's session."""

    kind: str
    service: dict
    client: HubClient
    hub: Hub


@pytest.fixture(scope="module", params=sorted(VOLUMES))
def dora(request: pytest.FixtureRequest, swarm: Swarm) -> Iterator[Pending]:
    """The pending service of user ``dora`` on a hub with NFS or CIFS volumes."""
    kind = request.param
    with (
        temp_dir("hubint-hub-") as workdir,
        start_hub(workdir, remote_volume_settings(swarm, kind), extra_env=swarm.env) as hub,
    ):
        client = log_in(hub, "dora")
        yield Pending(kind, spawn(swarm, client, "dora", task_state="pending"), client, hub)
        if swarm.inspect("service", "jupyter-dora") is not None:
            stop(swarm, client, "dora")


def test_remote_volume_has_the_local_driver_options(dora: Pending) -> None:
    [mount] = task_spec(dora.service)["ContainerSpec"]["Mounts"]
    assert (mount["Type"], mount["Source"]) == ("volume", "remote-dora")
    assert mount["Target"] == "/home/jovyan/notebooks/shared"
    driver = mount["VolumeOptions"]["DriverConfig"]
    assert driver["Name"] == "local"
    assert driver["Options"] == VOLUMES[dora.kind][1]


def test_mount_options_stay_out_of_the_hub_log(dora: Pending) -> None:
    if dora.kind != "cifs":
        pytest.skip("only the CIFS options hold a password")
    assert CIFS_SECRET not in dora.hub.log_text()


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


def kernel_filesystems() -> set[str]:
    """The filesystem types this kernel can mount (/proc/filesystems)."""
    with open("/proc/filesystems") as table:
        return {line.split()[-1] for line in table if line.strip()}


def test_the_engine_takes_the_volume_options_and_tries_the_mount(
    swarm: Swarm, dora: Pending
) -> None:
    """The local driver accepts the spawner's options as they are; mounting then reaches the
    kernel. No NFS/CIFS server listens on loopback, so the mount fails either way; on a kernel
    without the filesystem (this sandbox: no nfs/cifs in /proc/filesystems, no modules) it is
    mount(2) failing with ENODEV, "no such device"."""
    [mount] = task_spec(dora.service)["ContainerSpec"]["Mounts"]
    options = mount["VolumeOptions"]["DriverConfig"]["Options"]
    volume = f"hubint-probe-{dora.kind}"
    opts = [arg for key, value in sorted(options.items()) for arg in ("--opt", f"{key}={value}")]
    swarm.docker("volume", "create", "--driver", "local", *opts, volume)
    try:
        assert swarm.inspect("volume", volume)["Options"] == options
        image = swarm.image("hubint/notebook:base")
        with pytest.raises(RuntimeError) as caught:
            swarm.docker("run", "--rm", "--network", "none", "-v", f"{volume}:/mnt", image, "true")
        error = str(caught.value)
        assert "failed to mount local volume" in error
        assert f"mount {options['device']}:" in error
        if options["type"] not in kernel_filesystems():
            assert error.rstrip().splitlines()[0].endswith("no such device"), error
    finally:
        swarm.docker("volume", "rm", "-f", volume, check=False)
