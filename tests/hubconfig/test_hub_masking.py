"""Secrets in mount options and spawner environment values never reach the output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from nestgen.hubconfig.variables import mask_environment, mask_options

REPO = Path(__file__).resolve().parents[2]
SETTINGS = """\
PROXY_SHOULD_START=False
PROXY_API_URL=http://proxy:8001
CONFIGPROXY_AUTH_TOKEN="s3cr3t-token"
SPAWNER_NETWORK_NAME=jupyterhub_network
SPAWNER_PERSISTENCE_VOLUME_TYPE=cifs
SPAWNER_PERSISTENCE_CIFS_HOST=files.example.com
SPAWNER_PERSISTENCE_CIFS_DEVICE=//files.example.com/share
SPAWNER_PERSISTENCE_CIFS_OPTS=",username=bob,pass=hunter2x,vers=3.0"
"""
SECRETS = ("AKIAsecretkey", "hunter2x", "pw123", "s3cr3t-token")


def _hub(tmp_path: Path, text: str, *args: str) -> subprocess.CompletedProcess[str]:
    env_file = tmp_path / "hub.env"
    env_file.write_text(text, encoding="utf-8")
    base = {k: v for k, v in os.environ.items() if not k.startswith(("PROXY_", "HUB_", "SPAWNER_"))}
    return subprocess.run(
        [sys.executable, "-m", "nestgen", "hub", *args, "--env-file", str(env_file)],
        env={**base, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("option", ["pass", "password", "PASSWORD", "credentials"])
def test_mount_option_secrets_are_masked(option):
    assert mask_options(f"username=bob,{option}=hunter2x,vers=3.0") == (
        f"username=bob,{option}=***,vers=3.0"
    )
    assert mask_options(f"{option}=hunter2x") == f"{option}=***"
    assert mask_options("passes=1,nopass=2") == "passes=1,nopass=2"


def test_secret_looking_environment_names_are_masked():
    text = "S3_ACCESS_KEY:AKIAsecretkey;MODE:lab;DB_PASS:pw123;API_TOKEN:t"
    assert mask_environment(text) == "S3_ACCESS_KEY:***;MODE:lab;DB_PASS:***;API_TOKEN:***"


def test_resolved_config_shows_no_secret(tmp_path):
    env = 'SPAWNER_ENVIRONMENT="S3_ACCESS_KEY:AKIAsecretkey;MODE:lab;DB_PASS:pw123"\n'
    done = _hub(tmp_path, SETTINGS + env, "config", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert not [s for s in SECRETS if s in done.stdout + done.stderr]
    data = json.loads(done.stdout)
    environment = data["SwarmSpawner"]["environment"]
    assert environment == {"S3_ACCESS_KEY": "***", "MODE": "lab", "DB_PASS": "***"}
    assert "pass=***" in json.dumps(data)


def test_a_bad_environment_value_is_shown_masked(tmp_path):
    env = 'SPAWNER_ENVIRONMENT="S3_ACCESS_KEY:AKIAsecretkey;broken"\n'
    done = _hub(tmp_path, SETTINGS + env, "check")
    assert done.returncode == 2
    assert "SPAWNER_ENVIRONMENT='S3_ACCESS_KEY:***;broken'" in done.stderr
    assert not [s for s in SECRETS if s in done.stdout + done.stderr]
