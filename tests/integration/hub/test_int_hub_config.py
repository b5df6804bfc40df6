"""The real ``jupyterhub`` process refuses bad variables before it starts anything."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from hubint_hub import hub_command, hub_environment

pytestmark = pytest.mark.integration

BAD = {
    "SPAWNER_CPU_LIMIT": "abc",
    "SPAWNER_MEM_LIMIT": "4Gi",
    "SPAWNER_USE_GPUS": "0",
    "SPAWNER_CONSTRAINTS": "calculation_type==cpu",
    "AUTH_OPEN_SIGNUP": "maybe",
    "HUB_HUB_PORT": "8000",
    "HUB_PORT": "8000",
}


def test_every_bad_variable_is_named_before_anything_starts(tmp_path: Path) -> None:
    argv, env = hub_command(tmp_path, hub_environment(tmp_path, BAD))
    done = subprocess.run(
        argv, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 2, done.stderr
    for name, value in BAD.items():
        if name != "HUB_PORT":  # the clash is reported on HUB_HUB_PORT
            assert f"{name}={value!r}" in done.stderr, name
    assert not (tmp_path / "cookie_secret").exists(), "nothing may start with bad settings"
    assert not (tmp_path / "jupyterhub.sqlite").exists()
    assert not (tmp_path / "jupyterhub-proxy.pid").exists()
