"""The real hub and notebook images (images/build-rootfs), imported into the test engine."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from hubint_servers import require_binary
from hubint_swarm import Swarm

REPO = Path(__file__).resolve().parents[3]
# The hub image runs the proxy too: the stack's proxy service passes only CHP's options.
PROXY_DOCKERFILE = 'FROM {hub}\nENTRYPOINT ["tini", "--", "configurable-http-proxy"]\nCMD []\n'


def build_image(swarm: Swarm, kind: str, name: str, timeout: float = 1800) -> str:
    """``images/build-rootfs KIND`` (its rootfs tar cached by inputs) into the test engine."""
    require_binary("mmdebstrap")
    tag = swarm.image(name)
    done = subprocess.run(
        [str(REPO / "images" / "build-rootfs"), kind, tag],
        env={**os.environ, **swarm.env},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return tag


def proxy_image(swarm: Swarm, hub_image: str, name: str) -> str:
    """The hub image with configurable-http-proxy as its entrypoint (no layer is copied)."""
    tag = swarm.image(name)
    done = subprocess.run(
        ["docker", "build", "--network", "none", "-q", "-t", tag, "-"],
        input=PROXY_DOCKERFILE.format(hub=hub_image),
        env={**os.environ, **swarm.env, "DOCKER_BUILDKIT": "0"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return tag
