"""The real single-user image, built here (images/build-rootfs: Debian rootfs + PyPI pins),
serving Jupyter on the test Swarm; a file written through the REST API outlives the service.

The hub itself is not in this picture yet (see docs/hub-integration.md): the notebook server
is started directly, and a client container on the same overlay network talks to it.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import time
from collections.abc import Iterator

import pytest
from hubint_swarm import Swarm, wait_for_task_state

pytestmark = pytest.mark.integration
SERVICE = "hubint-nb"
VOLUME = "hubint-nb-work"

CLIENT = """
import json, sys, time, urllib.error, urllib.request
url, token, method = sys.argv[1], sys.argv[2], sys.argv[3]
body = json.dumps({"type": "file", "format": "text", "content": "written by the test"}).encode()
for _ in range(120):
    try:
        req = urllib.request.Request(url, data=body if method == "PUT" else None, method=method,
                                     headers={"Authorization": "token " + token})
        print(urllib.request.urlopen(req, timeout=5).read().decode())
        break
    except urllib.error.HTTPError as exc:
        sys.exit(f"{method} {url}: {exc.code} {exc.read().decode()}")
    except OSError as exc:
        error = exc
        time.sleep(1)
else:
    sys.exit(f"no answer from {url}: {error}")
"""


@pytest.fixture
def notebook_service(swarm: Swarm, notebook_image: str) -> Iterator[str]:
    token = secrets.token_hex(16)
    yield token
    swarm.docker("service", "rm", SERVICE, check=False)
    _wait_gone(swarm)
    swarm.docker("volume", "rm", "-f", VOLUME, check=False)


def _wait_gone(swarm: Swarm) -> None:
    for _ in range(60):
        if not swarm.docker(
            "ps", "-aq", "--filter", f"label=com.docker.swarm.service.name={SERVICE}"
        ):
            return
        time.sleep(1)


def _start(swarm: Swarm, image: str, token: str) -> None:
    swarm.docker(
        "service", "create", "--detach", "--name", SERVICE,
        "--network", swarm.network, "--endpoint-mode", "dnsrr",
        "--mount", f"type=volume,source={VOLUME},target=/home/jovyan/work",
        image, "jupyter", "server", "--ServerApp.ip=0.0.0.0", "--ServerApp.port=8888",
        f"--IdentityProvider.token={token}", "--ServerApp.root_dir=/home/jovyan/work",
    )  # fmt: skip
    wait_for_task_state(swarm, SERVICE, "running", timeout=180)


def _client(swarm: Swarm, image: str, token: str, method: str) -> str:
    url = f"http://{SERVICE}:8888/api/contents/hello.txt?content=1"
    return swarm.docker(
        "run", "--rm", "--network", swarm.network, image,
        "python3", "-c", CLIENT, url, token, method,
    )  # fmt: skip


def test_hub_image_is_a_real_single_user_image(swarm: Swarm, notebook_image: str) -> None:
    out = swarm.docker(
        "run", "--rm", "--network", "none", notebook_image,
        "sh", "-c", "id -u; jupyterhub-singleuser --version; jupyter lab --version",
    )  # fmt: skip
    uid, hub_version, lab_version = out.split()
    assert uid == "1000"  # jovyan: jupyter_server refuses root
    assert hub_version == "5.2.1"  # the hub's own version (images/notebook/requirements.txt)
    assert lab_version.startswith("4.")


def test_hub_image_serves_jupyter_and_keeps_files_across_restarts(
    swarm: Swarm, notebook_image: str, notebook_service: str
) -> None:
    token = notebook_service
    _start(swarm, notebook_image, token)
    written = _client(swarm, notebook_image, token, "PUT")
    assert '"name": "hello.txt"' in written or '"name":"hello.txt"' in written
    swarm.docker("service", "rm", SERVICE)
    _wait_gone(swarm)
    assert swarm.inspect("volume", VOLUME) is not None
    _start(swarm, notebook_image, token)
    read = _client(swarm, notebook_image, token, "GET")
    assert "written by the test" in read


def test_hub_image_has_the_hub_and_refuses_bad_settings(swarm: Swarm, hub_image: str) -> None:
    out = swarm.docker(
        "run", "--rm", "--network", "none", hub_image,
        "sh", "-c", "jupyterhub --version; configurable-http-proxy --version",
    )  # fmt: skip
    hub_version, proxy_version = out.split()
    assert hub_version == "5.2.1"
    assert proxy_version.startswith("4.")
    bad = subprocess.run(
        ["docker", "run", "--rm", "--network", "none",
         "-e", "SPAWNER_NETWORK_NAME=net", "-e", "SPAWNER_CPU_LIMIT=abc", hub_image],
        env={**os.environ, **swarm.env}, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert bad.returncode == 2, bad.stderr
    assert "hub settings: SPAWNER_CPU_LIMIT='abc'" in bad.stderr
