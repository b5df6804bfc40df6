"""Hub to running notebook on the real Swarm, against the Swarm starting the same image alone.

Setup (not timed): a private dockerd in Swarm mode, the real hub and notebook images
(images/build-rootfs, cached by inputs) and the stack from ``nestgen hub stack``, as in
tests/integration/hub/test_int_hub_e2e.py. Then, round-robin, whole processes:

- ``hub``: sign a new user up, log in, ask the hub for the server, wait until
  ``/user/<name>/api/status`` answers 200 through the proxy (a token from the hub's API);
- ``direct`` (the baseline): ``docker service create`` of the notebook image running
  ``jupyter server`` with a host-mode published port, wait until ``/api/status`` answers.

Each is stopped and its service and volume removed between runs (not timed). Needs root,
mmdebstrap, dockerd, configurable-http-proxy (scripts/install-test-deps).
Run: python3 bench/bench_hub_spawn.py [--runs N]
"""

from __future__ import annotations

import json
import secrets
import statistics
import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path

import requests
from benchlib import REPO, runs_from_argv

sys.path[:0] = [str(REPO / "tests" / "integration"), str(REPO / "tests" / "integration" / "hub")]
DIRECT = "bench-direct"


def _wait_status(url: str, token: str, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(url, headers={"Authorization": f"token {token}"}, timeout=5).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    sys.exit(f"no answer from {url} in {timeout:.0f} s")


def hub_client(url: str, user: str) -> None:
    """One user's way from signup to a notebook answering through the proxy."""
    from hubint_hub import HubClient

    client = HubClient(url)
    password = f"{user}-password"
    assert "signup was successful" in client.signup(user, password)
    assert client.login(user, password)
    assert client.api("POST", f"/users/{user}/server").status_code in (201, 202)
    token = client.api("POST", f"/users/{user}/tokens", {"note": "bench"}).json()["token"]
    _wait_status(f"{url}/user/{user}/api/status", token)


def direct_client(env: dict[str, str], image: str, network: str) -> None:
    """The notebook image as a plain Swarm service, until its API answers."""
    from hubint_servers import free_port

    port, token = free_port(), secrets.token_hex(16)
    subprocess.run(
        ["docker", "service", "create", "--detach", "--name", DIRECT, "--network", network,
         "--endpoint-mode", "dnsrr", "--publish", f"mode=host,target=8888,published={port}",
         "--mount", f"type=volume,source={DIRECT},target=/home/jovyan/work", image,
         "jupyter", "server", "--ServerApp.ip=0.0.0.0", "--ServerApp.port=8888",
         f"--IdentityProvider.token={token}"],
        env=env, check=True, capture_output=True,
    )  # fmt: skip
    _wait_status(f"http://127.0.0.1:{port}/api/status", token)


def _tasks(swarm, *services: str) -> str:
    """The ids of the containers left of these services' tasks."""
    label = "label=com.docker.swarm.service.name="  # label filters combine with AND: one each
    return "".join(swarm.docker("ps", "-aq", "--filter", label + name) for name in services)


def _timed(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True)
    return time.perf_counter() - start


def main() -> None:
    if sys.argv[1:2] == ["--hub"]:
        return hub_client(sys.argv[2], sys.argv[3])
    if sys.argv[1:2] == ["--direct"]:
        return direct_client(json.loads(sys.argv[2]), sys.argv[3], sys.argv[4])
    runs = runs_from_argv(default=3)
    from hubint_images import build_image, proxy_image
    from hubint_servers import temp_dir, wait_until
    from hubint_stack import NETWORK, deploy_stack, stack_settings
    from hubint_swarm import engine_left_clean, start_swarm

    with ExitStack() as stack:
        swarm = stack.enter_context(start_swarm(()))
        hub = build_image(swarm, "hub", "bench/hub:real")
        notebook = build_image(swarm, "notebook", "bench/notebook:real")
        proxy = proxy_image(swarm, hub, "bench/proxy:real")
        workdir = stack.enter_context(temp_dir("bench-stack-"))
        stack.enter_context(engine_left_clean(swarm))
        deployed = stack.enter_context(
            deploy_stack(swarm, workdir, stack_settings(notebook), hub, proxy)
        )
        env = {**swarm.env, "PATH": "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin"}
        me = [sys.executable, str(Path(__file__).resolve())]
        timings: dict[str, list[float]] = {"direct": [], "hub": []}
        for run in range(runs):
            user = f"bench{run}"
            timings["hub"].append(_timed([*me, "--hub", deployed.url, user]))
            swarm.docker("service", "rm", f"jupyter-{user}", check=False)
            timings["direct"].append(_timed([*me, "--direct", json.dumps(env), notebook, NETWORK]))
            swarm.docker("service", "rm", DIRECT)
            gone = [f"jupyter-{user}", DIRECT]
            wait_until(lambda: not _tasks(swarm, *gone), 120, "tasks gone")  # noqa: B023
            swarm.docker("volume", "rm", DIRECT, f"jupyterhub-user-{user}")
    base = statistics.median(timings["direct"])
    for name, values in timings.items():
        median = statistics.median(values)
        print(f"{name:<7} median {median:6.1f} s  min {min(values):6.1f} s  x direct "
              f"{median / base:4.2f}  ({runs} runs)")  # fmt: skip


if __name__ == "__main__":
    main()
