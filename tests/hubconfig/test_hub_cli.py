"""``nestgen hub ...`` run as a process, as users run it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
GOOD = """\
PROXY_SHOULD_START=False
PROXY_API_URL=http://proxy:8001
CONFIGPROXY_AUTH_TOKEN="s3cr3t-token"
HUB_DB_URL=postgresql://hub:hunter2@db:5432/jupyterhub
SPAWNER_NETWORK_NAME=jupyterhub_network
SPAWNER_USE_GPUS=2
"""


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PROXY_", "HUB_", "SPAWNER_", "AUTH_", "CONFIGPROXY_"))
    }
    return subprocess.run(
        [sys.executable, "-m", "nestgen", "hub", *args],
        env={**base, **(env or {}), "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def good_env(tmp_path: Path) -> Path:
    path = tmp_path / "hub.env"
    path.write_text(GOOD, encoding="utf-8")
    return path


def test_hub_cli_check_ok(good_env: Path) -> None:
    result = _run("check", "--env-file", str(good_env))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok: 6 hub variable(s) set")


def test_hub_cli_check_reads_the_environment() -> None:
    result = _run("check", env={"SPAWNER_NETWORK_NAME": "net", "SPAWNER_REMOVE": "no"})
    assert result.returncode == 0, result.stderr
    assert "warning: SPAWNER_REMOVE=False is ignored" in result.stderr


def test_hub_cli_check_lists_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "bad.env"
    path.write_text(
        "SPAWNER_CPU_LIMIT=abc\nHUB_HUB_PORT=8001\nCONFIGPROXY_AUTH_TOKEN=a b\n"
        "SPAWNER_MEM_LIMIT=4Gi\n",
        encoding="utf-8",
    )
    result = _run("check", "--env-file", str(path))
    assert result.returncode == 2
    places = {
        line.split("=", 1)[0].removeprefix(f"error: {path}") for line in result.stderr.splitlines()
    }
    assert places == {
        ":1:1: SPAWNER_CPU_LIMIT",
        ":2:1: HUB_HUB_PORT",
        ":3:1: CONFIGPROXY_AUTH_TOKEN",
        ":4:1: SPAWNER_MEM_LIMIT",
        ": SPAWNER_NETWORK_NAME",  # unset: the file, no line
    }
    assert "a b" not in result.stderr
    assert "Traceback" not in result.stderr


def test_hub_cli_config_json_masks_secrets(good_env: Path) -> None:
    result = _run("config", "--env-file", str(good_env), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["ConfigurableHTTPProxy"]["auth_token"] == "***"
    assert data["JupyterHub"]["db_url"] == "postgresql+psycopg2://hub:***@db:5432/jupyterhub"
    assert (
        data["SwarmSpawner"]["extra_resources_spec"]["generic_resources"][0][
            "DiscreteResourceSpec"
        ]["Value"]
        == 2
    )
    assert "s3cr3t-token" not in result.stdout and "hunter2" not in result.stdout


def test_hub_cli_helm_values(good_env: Path, tmp_path: Path) -> None:
    result = _run("helm-values", "--env-file", str(good_env))
    assert result.returncode == 0, result.stderr
    values = yaml.safe_load(result.stdout)
    assert values["singleuser"]["extraResource"]["limits"] == {"nvidia.com/gpu": "2"}
    assert "hunter2" not in result.stdout and "s3cr3t-token" not in result.stdout
    assert "note: PROXY_SHOULD_START: the chart always runs its own proxy" in result.stderr
    refused = _run("helm-values", "--env-file", str(good_env), "--include-secrets")
    assert refused.returncode == 2 and "--output" in refused.stderr
    out = tmp_path / "values.json"
    written = _run(
        "helm-values",
        "--env-file",
        str(good_env),
        "--include-secrets",
        "--format",
        "json",
        "--output",
        str(out),
    )
    assert written.returncode == 0 and written.stdout == ""
    assert json.loads(out.read_text())["proxy"]["secretToken"] == "s3cr3t-token"


def test_hub_cli_stack(good_env: Path, tmp_path: Path) -> None:
    out = tmp_path / "stack.yml"
    result = _run(
        "stack", "--env-file", str(good_env), "--output", str(out), "--hub-image", "me/hub:1"
    )
    assert result.returncode == 0, result.stderr
    document = yaml.safe_load(out.read_text())
    assert document["services"]["jupyterhub"]["image"] == "me/hub:1"
    assert "s3cr3t-token" not in out.read_text()
    again = _run("stack", "--env-file", str(good_env), "--hub-image", "me/hub:1")
    assert again.stdout == out.read_text()


def test_hub_cli_missing_env_file(tmp_path: Path) -> None:
    result = _run("check", "--env-file", str(tmp_path / "missing.env"))
    assert result.returncode == 2
    assert "cannot read the env file" in result.stderr


def test_hub_commands_import_no_docker_or_jupyterhub(good_env: Path) -> None:
    code = (
        "import sys\n"
        "from nestgen.cli import run\n"
        f"assert run(['hub', 'helm-values', '--env-file', {str(good_env)!r}]) == 0\n"
        "assert not {'docker', 'jupyterhub', 'dockerspawner'} & set(sys.modules)\n"
        "run(['--help'])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "hub" in result.stdout


def test_hub_cli_check_explains_a_missing_variable_by_its_misspelling(tmp_path: Path) -> None:
    path = tmp_path / "typo.env"
    path.write_text("# hub\nSPAWNER_NETWORK_NAM=jhub\nHUB_PORTT=8000\n", encoding="utf-8")
    result = _run("check", "--env-file", str(path))
    assert result.returncode == 2
    error, warning = result.stderr.splitlines()
    assert error.startswith(f"error: {path}: SPAWNER_NETWORK_NAME=unset: required")
    assert error.endswith(
        f"({path}:2:1: SPAWNER_NETWORK_NAM is not a hub setting: "
        "did you mean SPAWNER_NETWORK_NAME?)"
    )
    assert warning == (
        f"warning: {path}:3:1: HUB_PORTT is not a hub setting (did you mean HUB_PORT?); "
        "it is ignored"
    )


def test_hub_cli_check_the_ack_service_settings_as_the_readme_shows() -> None:
    shipped = str(REPO / "service_config" / "hub.env")
    swarm = _run("check", "--env-file", shipped)
    assert swarm.returncode == 2
    assert "SPAWNER_NETWORK_NAME=unset: required for the Swarm hub" in swarm.stderr
    assert "nestgen hub check --for helm" in swarm.stderr
    helm = _run("check", "--for", "helm", "--env-file", shipped)
    assert helm.returncode == 0, helm.stderr
    assert helm.stdout.startswith("ok: ")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "nestgen hub check --for helm --env-file service_config/hub.env" in readme
