"""The pre-spawn hook on real JupyterHub Users with real SwarmSpawners."""

from __future__ import annotations

import logging

import pytest
from docker.types import ContainerSpec, EndpointSpec, Placement, Resources
from hub_samples import settings_of
from traitlets.config import Config

from nestgen.hubconfig.swarm import configure

RULES = {
    "SPAWNER_CONSTRAINTS": "node.role==worker",
    "SPAWNER_CONSTRAINT_IMAGES": (
        "base:node.labels.calc==cpu->me/base:1;"
        "torch:node.labels.calc==gpu,node.labels.cuda==12->me/torch:2"
    ),
    "SPAWNER_CONSTRAINT_WITH_GPUS": "torch->2",
}


def _spawned(spawner_for, username: str, **env: str):
    spawner = spawner_for(username, settings_of(**env))
    spawner.run_pre_spawn_hook()
    return spawner


def test_hub_suffix_user_gets_its_image_constraints_and_gpus(spawner_for, caplog) -> None:
    caplog.set_level(logging.INFO)
    spawner = _spawned(spawner_for, "bob-torch", **RULES)
    assert spawner.image == "me/torch:2"
    assert spawner.extra_placement_spec == {
        "constraints": ["node.role==worker", "node.labels.calc==gpu", "node.labels.cuda==12"]
    }
    assert spawner.extra_resources_spec == {
        "generic_resources": [{"DiscreteResourceSpec": {"Kind": "GPU", "Value": 2}}]
    }
    logged = [r.getMessage() for r in caplog.records if "nestgen hub" in r.getMessage()]
    assert logged == [
        "nestgen hub: user bob-torch gets image me/torch:2 (suffix -torch); constraints: "
        "node.role==worker, node.labels.calc==gpu, node.labels.cuda==12; GPUs: 2; "
        "volume jupyterhub-user-bob-2dtorch at /home/jovyan/work/persistence"
    ]


@pytest.mark.parametrize(
    ("username", "image"),
    [
        ("torch", "jupyter/base-notebook:notebook-6.5.4"),  # no dash: not a suffix user
        ("-torch", "jupyter/base-notebook:notebook-6.5.4"),
        ("bob-torchy", "jupyter/base-notebook:notebook-6.5.4"),
        ("bob-base-torch", "me/torch:2"),  # the last suffix counts
        ("bob-torch-base", "me/base:1"),
        ("Bob-TORCH", "me/torch:2"),
    ],
)
def test_hub_suffix_rules_need_a_dash_and_use_the_last_part(spawner_for, username, image) -> None:
    assert _spawned(spawner_for, username, **RULES).image == image


def test_hub_no_leak_between_users_or_spawns(spawner_for) -> None:
    settings = settings_of(**RULES)
    config = Config()
    configure(config, settings)
    torch = spawner_for("bob-torch", config)
    plain = spawner_for("alice", config)
    for _ in range(2):  # a second spawn of the same user adds nothing
        torch.run_pre_spawn_hook()
        plain.run_pre_spawn_hook()
    assert torch.extra_placement_spec["constraints"] == [
        "node.role==worker",
        "node.labels.calc==gpu",
        "node.labels.cuda==12",
    ]
    assert plain.image == "jupyter/base-notebook:notebook-6.5.4"
    assert plain.extra_placement_spec == {"constraints": ["node.role==worker"]}
    assert plain.extra_resources_spec == {}
    assert config.SwarmSpawner.extra_placement_spec == {"constraints": ["node.role==worker"]}
    assert torch.extra_placement_spec is not plain.extra_placement_spec
    assert [m["Source"] for m in plain.extra_container_spec["mounts"]] == ["jupyterhub-user-alice"]


def test_hub_suffix_without_gpu_rule_keeps_the_global_gpus(spawner_for) -> None:
    spawner = _spawned(spawner_for, "bob-base", **RULES, SPAWNER_USE_GPUS="all")
    assert spawner.environment == {"NVIDIA_VISIBLE_DEVICES": "all"}
    assert spawner.extra_placement_spec["constraints"][-1] == "node.labels.gpu==true"
    torch = _spawned(spawner_for, "bob-torch", **RULES, SPAWNER_USE_GPUS="all")
    assert "NVIDIA_VISIBLE_DEVICES" not in torch.environment
    assert "node.labels.gpu==true" not in torch.extra_placement_spec["constraints"]


def test_hub_local_volume_has_no_driver_options(spawner_for) -> None:
    spawner = _spawned(spawner_for, "bob-torch")
    (mount,) = spawner.extra_container_spec["mounts"]
    assert mount == {
        "Target": "/home/jovyan/work/persistence",
        "Source": "jupyterhub-user-bob-2dtorch",
        "Type": "volume",
        "ReadOnly": False,
    }


@pytest.mark.parametrize(
    ("env", "options"),
    [
        (
            {
                "SPAWNER_PERSISTENCE_VOLUME_TYPE": "nfs3",
                "SPAWNER_PERSISTENCE_NFS_HOST": "10.0.0.10",
                "SPAWNER_PERSISTENCE_NFS_DEVICE": ":/nas/{username}",
            },
            {"type": "nfs", "o": "addr=10.0.0.10,rw,vers=3,nolock,soft", "device": ":/nas/bob-2dx"},
        ),
        (
            {
                "SPAWNER_PERSISTENCE_VOLUME_TYPE": "nfs4",
                "SPAWNER_PERSISTENCE_NFS_HOST": "nas.lan",
                "SPAWNER_PERSISTENCE_NFS_DEVICE": ":/exports",
                "SPAWNER_PERSISTENCE_NFS_OPTS": ",ro",
            },
            {"type": "nfs", "o": "addr=nas.lan,ro", "device": ":/exports"},
        ),
        (
            {
                "SPAWNER_PERSISTENCE_VOLUME_TYPE": "cifs",
                "SPAWNER_PERSISTENCE_CIFS_HOST": "smb.lan",
                "SPAWNER_PERSISTENCE_CIFS_DEVICE": "//smb.lan/home/{raw_username}",
            },
            {
                "type": "cifs",
                "o": "addr=smb.lan,file_mode=0777,dir_mode=0777",
                "device": "//smb.lan/home/bob-x",
            },
        ),
    ],
    ids=["nfs3", "nfs4", "cifs"],
)
def test_hub_remote_volumes_use_the_local_driver(spawner_for, env, options) -> None:
    spawner = _spawned(
        spawner_for,
        "bob-x",
        **env,
        SPAWNER_PERSISTENCE_VOLUME_SOURCE_NAME="home-{username}",
        SPAWNER_PERSISTENCE_VOLUME_TARGET_SUBPATH="/",
    )
    (mount,) = spawner.extra_container_spec["mounts"]
    assert mount["Type"] == "volume" and mount["Source"] == "home-bob-2dx"
    assert mount["Target"] == "/home/jovyan/work"
    assert mount["VolumeOptions"]["DriverConfig"] == {"Name": "local", "Options": options}


def test_hub_volume_is_added_to_the_spawners_own_mounts(spawner_for) -> None:
    config = Config()
    configure(config, settings_of())
    config.SwarmSpawner.volumes = {"/srv/shared": {"bind": "/shared", "mode": "ro"}}
    spawner = spawner_for("carol", config)
    spawner.run_pre_spawn_hook()
    mounts = spawner.extra_container_spec["mounts"]
    assert [(m["Type"], m["Source"], m["Target"]) for m in mounts] == [
        ("bind", "/srv/shared", "/shared"),
        ("volume", "jupyterhub-user-carol", "/home/jovyan/work/persistence"),
    ]


def test_hub_hook_output_is_accepted_by_docker_py(spawner_for) -> None:
    spawner = _spawned(
        spawner_for,
        "bob-torch",
        **RULES,
        SPAWNER_ENDPOINT_MODE="dnsrr",
        SPAWNER_PREFERENCE="spread:node.labels.zone",
        SPAWNER_PLATFORM="x86_64:linux",
    )
    # the same calls SwarmSpawner.create_object makes
    container = ContainerSpec(
        image=spawner.image, env=spawner.get_env(), **spawner.extra_container_spec
    )
    resources = Resources(mem_limit=spawner.mem_limit, **spawner.extra_resources_spec)
    placement = Placement(**spawner.extra_placement_spec)
    endpoint = EndpointSpec(**spawner.extra_endpoint_spec)
    assert container["Mounts"][0]["Source"] == "jupyterhub-user-bob-2dtorch"
    assert resources["Reservations"]["GenericResources"] == [
        {"DiscreteResourceSpec": {"Kind": "GPU", "Value": 2}}
    ]
    assert placement["Preferences"] == [{"Spread": {"SpreadDescriptor": "node.labels.zone"}}]
    assert placement["Platforms"] == [{"Architecture": "x86_64", "OS": "linux"}]
    assert endpoint == {"Mode": "dnsrr"}
