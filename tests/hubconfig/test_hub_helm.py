"""Helm rendering: validated against the values schema inside a chart archive."""

from __future__ import annotations

import copy
import io
import json
import tarfile
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import jsonschema
import pytest
import yaml
from hub_samples import EXTERNAL
from traitlets.config import Config

from nestgen import yamlio
from nestgen.hubconfig import HubSettings, helm_unmapped, helm_values, helm_values_from_env_file
from nestgen.hubconfig.helm import split_image

REPO = Path(__file__).resolve().parents[2]
FULL = {
    **EXTERNAL,
    "HUB_DB_URL": "postgresql://hub:pw@db.internal:5432/jupyterhub",
    "SPAWNER_NOTEBOOK_IMAGE": "registry.example.com:5000/team/notebook:2024.1",
    "SPAWNER_PULL_POLICY": "always",
    "SPAWNER_CPU_LIMIT": "4",
    "SPAWNER_CPU_GUARANTEE": "0.5",
    "SPAWNER_MEM_LIMIT": "8G",
    "SPAWNER_MEM_GUARANTEE": "1.5G",
    "SPAWNER_ENVIRONMENT": "A:1;URL:http://x:8080/p;API_TOKEN:abc",
    "SPAWNER_SPAWN_CMD": "jupyterhub-singleuser --debug",
    "SPAWNER_START_TIMEOUT": "600",
    "SPAWNER_USE_GPUS": "1",
    "SPAWNER_CONSTRAINTS": (
        "node.labels.pool==cpu,node.platform.arch==x86_64,node.labels.zone!=b,node.role==worker"
    ),
    "SPAWNER_PLATFORM": "x86_64:linux,aarch64:linux",
    "SPAWNER_CONSTRAINT_IMAGES": "torch:node.labels.pool==gpu->me/torch:2;r->me/r",
    "SPAWNER_CONSTRAINT_WITH_GPUS": "torch->2",
    "AUTH_ADMIN_USER": "admin,boss",
    "AUTH_OPEN_SIGNUP": "true",
}


def _real_chart() -> Path:
    for parent in REPO.parents:
        candidate = parent / "shared" / "charts" / "jupyterhub-4.0.0.tgz"
        if candidate.is_file():
            return candidate
    pytest.skip("the real zero-to-jupyterhub chart (shared/charts/jupyterhub-4.0.0.tgz) is absent")


@pytest.fixture(scope="module")
def chart_schema() -> dict[str, Any]:
    """The real chart's own values.schema.json and values.yaml, read out of its archive."""
    with tarfile.open(_real_chart()) as tar:
        schema = json.load(io.TextIOWrapper(tar.extractfile("jupyterhub/values.schema.json")))
        defaults = yaml.safe_load(tar.extractfile("jupyterhub/values.yaml"))
    jsonschema.Draft7Validator.check_schema(schema)
    return {"schema": schema, "defaults": defaults}


def _merge(base: Any, override: Any) -> Any:
    if isinstance(base, dict) and isinstance(override, dict):
        merged = copy.deepcopy(base)
        for key, value in override.items():
            merged[key] = _merge(base.get(key), value)
        return merged
    return copy.deepcopy(override)


def _validate(chart: dict[str, Any], values: dict[str, Any]) -> None:
    merged = _merge(chart["defaults"], values)
    jsonschema.Draft7Validator(chart["schema"]).validate(merged)


def _values(include_secrets: bool = False, **env: str) -> dict[str, Any]:
    return helm_values(HubSettings.from_env(env, swarm=False), include_secrets=include_secrets)


@pytest.mark.parametrize("env", [{}, FULL], ids=["defaults", "full"])
@pytest.mark.parametrize("include_secrets", [False, True])
def test_hub_helm_values_pass_the_chart_schema(chart_schema, env, include_secrets) -> None:
    values = _values(include_secrets, **env)
    _validate(chart_schema, values)
    # and survive the trip through YAML unchanged
    assert yaml.safe_load(yamlio.dumps(values)) == values


def test_hub_helm_schema_can_fail(chart_schema) -> None:
    values = _values()
    values["singleuser"]["cpu"]["limit"] = "2"
    with pytest.raises(jsonschema.ValidationError):
        _validate(chart_schema, values)
    values = _values()
    values["singleuser"]["image"]["pullPolicy"] = "IfMissing"
    with pytest.raises(jsonschema.ValidationError):
        _validate(chart_schema, values)


def test_hub_helm_singleuser_mapping() -> None:
    single = _values(**FULL)["singleuser"]
    assert single["image"] == {
        "name": "registry.example.com:5000/team/notebook",
        "tag": "2024.1",
        "pullPolicy": "Always",
    }
    assert single["cpu"] == {"limit": 4.0, "guarantee": 0.5}
    assert single["memory"] == {"limit": "8G", "guarantee": "1.5G"}
    assert single["extraEnv"] == {"A": "1", "URL": "http://x:8080/p"}  # the token stays out
    assert single["cmd"] == ["jupyterhub-singleuser", "--debug"]
    assert single["startTimeout"] == 600
    assert single["nodeSelector"] == {"pool": "cpu", "kubernetes.io/arch": "amd64"}
    assert single["extraNodeAffinity"] == {
        "required": [
            {
                "matchExpressions": [
                    {"key": "zone", "operator": "NotIn", "values": ["b"]},
                    {"key": "kubernetes.io/arch", "operator": "In", "values": ["amd64", "arm64"]},
                    {"key": "kubernetes.io/os", "operator": "In", "values": ["linux"]},
                ]
            }
        ]
    }
    assert single["extraResource"] == {
        "limits": {"nvidia.com/gpu": "1"},
        "guarantees": {"nvidia.com/gpu": "1"},
    }


def test_hub_helm_notebook_dir_only_when_set_on_purpose() -> None:
    """The Swarm default is where the Swarm volume is mounted; the chart mounts home instead."""
    assert "notebook_dir" not in _values()["hub"]["config"]["KubeSpawner"]
    chosen = _values(SPAWNER_NOTEBOOK_DIR="/home/jovyan/projects")["hub"]["config"]
    assert chosen["KubeSpawner"]["notebook_dir"] == "/home/jovyan/projects"


def test_hub_helm_hub_mapping() -> None:
    hub = _values(**FULL)["hub"]
    assert hub["config"]["JupyterHub"]["authenticator_class"] == (
        "nativeauthenticator.NativeAuthenticator"
    )
    assert hub["config"]["Authenticator"] == {"admin_users": ["admin", "boss"], "allow_all": True}
    assert hub["config"]["NativeAuthenticator"]["open_signup"] is True
    assert (hub["activeServerLimit"], hub["concurrentSpawnLimit"]) == (100, 20)
    assert hub["db"] == {
        "type": "postgres",
        "url": "postgresql+psycopg2://hub@db.internal:5432/jupyterhub",
    }


@pytest.mark.parametrize(
    ("url", "db"),
    [
        (None, {"type": "sqlite-pvc"}),
        ("sqlite://", {"type": "sqlite-memory"}),
        ("sqlite:///:memory:", {"type": "sqlite-memory"}),
        ("mysql://u:pw@db/hub", {"type": "mysql", "url": "mysql+pymysql://u@db/hub"}),
    ],
)
def test_hub_helm_database_types(url: str | None, db: dict) -> None:
    env = {"HUB_DB_URL": url} if url else {}
    assert _values(**env)["hub"]["db"] == db


def test_hub_helm_secrets_only_on_request() -> None:
    plain = json.dumps(_values(**FULL))
    assert "s3cr3t-token" not in plain and ":pw@" not in plain and "abc" not in plain
    with_secrets = _values(True, **FULL)
    assert with_secrets["proxy"] == {"secretToken": "s3cr3t-token"}
    assert with_secrets["hub"]["db"]["url"] == (
        "postgresql+psycopg2://hub:pw@db.internal:5432/jupyterhub"
    )
    assert with_secrets["singleuser"]["extraEnv"]["API_TOKEN"] == "abc"


def test_hub_helm_pull_policy_skip_is_left_to_the_chart() -> None:
    settings = HubSettings.from_env({"SPAWNER_PULL_POLICY": "skip"}, swarm=False)
    assert "pullPolicy" not in helm_values(settings)["singleuser"]["image"]
    assert ("SPAWNER_PULL_POLICY", "skip has no Kubernetes pull policy; left to the chart") in (
        helm_unmapped(settings)
    )


def test_hub_helm_unmapped_lists_swarm_only_settings() -> None:
    settings = HubSettings.from_env(
        {**FULL, "SPAWNER_ENDPOINT_MODE": "dnsrr", "SPAWNER_USE_GPUS": "all"}, swarm=False
    )
    notes = dict(helm_unmapped(settings))
    for name in (
        "PROXY_SHOULD_START",
        "PROXY_API_URL",
        "SPAWNER_ENDPOINT_MODE",
        "CONFIGPROXY_AUTH_TOKEN",
        "HUB_DB_URL",
        "SPAWNER_CONSTRAINTS",
        "SPAWNER_USE_GPUS",
        "SPAWNER_ENVIRONMENT",
    ):
        assert name in notes, name
    assert "node.role" in notes["SPAWNER_CONSTRAINTS"]
    assert "extraResource" not in helm_values(settings)["singleuser"]
    assert dict(helm_unmapped(HubSettings.from_env({}, swarm=False))) == {}


@pytest.mark.parametrize(
    ("reference", "name", "tag"),
    [
        ("jupyter/base-notebook", "jupyter/base-notebook", "latest"),
        ("127.0.0.1:5000/nb", "127.0.0.1:5000/nb", "latest"),
        ("127.0.0.1:5000/nb:v1", "127.0.0.1:5000/nb", "v1"),
        ("nb:v1@sha256:" + "a" * 64, "nb", "v1@sha256:" + "a" * 64),
    ],
)
def test_hub_helm_image_split(reference: str, name: str, tag: str) -> None:
    assert split_image(reference) == (name, tag)


def _run_hook(code: str, username: str, shared: dict) -> SimpleNamespace:
    c = Config()
    exec(compile(code, "extraConfig", "exec"), {"c": c})  # the chart execs it the same way
    spawner = SimpleNamespace(
        user=SimpleNamespace(name=username),
        image="default:1",
        node_selector=shared,
        extra_resource_limits={},
        extra_resource_guarantees={},
        log=SimpleNamespace(info=lambda *args: None),
    )
    c.KubeSpawner.pre_spawn_hook(spawner)
    return spawner


def test_hub_helm_suffix_hook_code() -> None:
    code = _values(**FULL)["hub"]["extraConfig"]["nestgen-suffix-rules"]
    shared = {"pool": "cpu"}
    torch = _run_hook(code, "bob-torch", shared)
    assert torch.image == "me/torch:2"
    assert torch.node_selector == {"pool": "gpu"}
    assert torch.extra_resource_limits == {"nvidia.com/gpu": "2"}
    assert shared == {"pool": "cpu"}  # the shared selector is not mutated
    assert _run_hook(code, "torch", shared).image == "default:1"  # no dash, no rule
    assert _run_hook(code, "bob-x-r", shared).image == "me/r"
    assert _run_hook(code, "bob-r", shared).extra_resource_limits == {}


def test_hub_helm_values_from_env_file(tmp_path: Path) -> None:
    env_file = tmp_path / "hub.env"
    env_file.write_text("# hub\nSPAWNER_CPU_LIMIT=3\nSPAWNER_MEM_LIMIT='2G'\n", encoding="utf-8")
    values = helm_values_from_env_file(env_file)
    assert values["singleuser"]["cpu"]["limit"] == 3.0
    assert values["singleuser"]["memory"]["limit"] == "2G"
