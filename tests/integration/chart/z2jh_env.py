"""The hub pod and a user pod of the real zero-to-jupyterhub chart, emulated in a temp dir.

The chart mounts its merged values and resource names under ``/usr/local/etc/jupyterhub``;
:func:`hub_etc` lays out the same files under a temp folder (the two config files are the
chart's own, with only that prefix changed).  :func:`probe` loads them in a child process
with real JupyterHub and KubeSpawner.  :func:`start_singleuser` starts the real
``jupyterhub-singleuser`` with a user pod's environment, its volumes as empty folders (a
fresh disk) under a temp root, and the image's working directory.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tarfile
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import yaml

MOUNT = "/usr/local/etc/jupyterhub"
PROBE = Path(__file__).with_name("z2jh_probe.py")
RELEASE = "jupyterhub"
NAMESPACE = "sample-stack"
# The chart's resource names for release "jupyterhub" with fullnameOverride "" (its default).
NAMES = (
    "hub",
    "proxy-api",
    "proxy-public",
    "singleuser",
    "user-scheduler",
    "priority",
    "image-pull-secret",
)
SERVICE_PORTS = {"HUB_SERVICE_PORT": "8081", "PROXY_API_SERVICE_PORT": "8001"}
# WORKDIR of the docker-stacks images (jupyter/base-notebook): the user's home.
IMAGE_WORKDIR = "/home/jovyan"
USER_TOKEN = "user-browser-token"


def extract_chart(archive: Path, into: Path) -> Path:
    """Unpack a chart archive; the chart folder inside."""
    with tarfile.open(archive, "r:gz") as tar:
        tar.extractall(into, filter="data")
    (folder,) = [p for p in into.iterdir() if (p / "Chart.yaml").is_file()]
    return folder


def hub_etc(chart: Path, values: Mapping[str, Any], root: Path) -> Path:
    """``/usr/local/etc/jupyterhub`` of the hub pod, under ``root``."""
    etc = root / MOUNT.lstrip("/")
    (etc / "secret").mkdir(parents=True)
    (etc / "config").mkdir()
    for name in ("jupyterhub_config.py", "z2jh.py"):
        code = (chart / "files" / "hub" / name).read_text()
        (etc / name).write_text(code.replace(MOUNT, str(etc)))
    meta = yaml.safe_load((chart / "Chart.yaml").read_text())
    mounted = json.loads(json.dumps(values))  # plain dicts, as Helm renders them
    mounted["Chart"] = {
        "Name": meta["name"],
        "Version": meta["version"],
        "AppVersion": meta["appVersion"],
    }
    mounted["Release"] = {"Name": RELEASE, "Namespace": NAMESPACE, "Service": "Helm"}
    (etc / "secret" / "values.yaml").write_text(yaml.safe_dump(mounted))
    for key, value in {
        "hub.config.JupyterHub.cookie_secret": "ab" * 32,
        "hub.config.CryptKeeper.keys": "cd" * 32,
        "hub.config.ConfigurableHTTPProxy.auth_token": "ef" * 32,
    }.items():
        (etc / "secret" / key).write_text(value)
    for name in NAMES:
        (etc / "config" / name).write_text(name)
    return etc


# KubeSpawner loads a client configuration when created; this one names a cluster on
# loopback that is never contacted (manifests are built offline).
KUBECONFIG = {
    "apiVersion": "v1",
    "kind": "Config",
    "clusters": [{"name": "none", "cluster": {"server": "https://127.0.0.1:9"}}],
    "users": [{"name": "none", "user": {"token": "unused"}}],
    "contexts": [{"name": "none", "context": {"cluster": "none", "user": "none"}}],
    "current-context": "none",
}


def probe(etc: Path, extra_env: Mapping[str, str]) -> dict[str, Any]:
    """What the chart's hub config makes of the values (see z2jh_probe.py)."""
    kubeconfig = etc.parent / "kubeconfig"
    kubeconfig.write_text(yaml.safe_dump(KUBECONFIG))
    env = {
        **os.environ,
        **SERVICE_PORTS,
        "POD_NAMESPACE": NAMESPACE,
        "HELM_RELEASE_NAME": RELEASE,
        "KUBECONFIG": str(kubeconfig),
        **extra_env,
    }
    done = subprocess.run(
        [sys.executable, str(PROBE), str(etc)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class _HubApi(BaseHTTPRequestHandler):
    """Just enough of the hub's REST API for a single-user server to check a token."""

    user = "alice"

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def _send(self, status: int, body: Any) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("X-JupyterHub-Version", _jupyterhub_version())
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        if self.path.rstrip("/").endswith("/hub/api"):
            self._send(200, {"version": _jupyterhub_version()})
        elif self.path.startswith("/hub/api/user"):
            if self.headers.get("Authorization", "") != f"token {USER_TOKEN}":
                self._send(403, {"status": 403, "message": "bad token"})
                return
            scopes = [f"access:servers!user={self.user}", f"read:users:name!user={self.user}"]
            self._send(
                200,
                {
                    "kind": "user",
                    "name": self.user,
                    "admin": False,
                    "groups": [],
                    "scopes": scopes,
                    "session_id": None,
                },
            )
        else:
            self._send(404, {"status": 404})

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        self._send(200, {})


def _jupyterhub_version() -> str:
    import jupyterhub

    return str(jupyterhub.__version__)


@contextmanager
def hub_api() -> Iterator[str]:
    """A loopback stand-in for the hub's API; yields its ``.../hub/api`` URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _HubApi)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hub/api"
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class SingleUser:
    """A running (or exited) jupyterhub-singleuser and where to reach it."""

    process: subprocess.Popen[str]
    url: str
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]


def emulate_volumes(pod: Mapping[str, Any], root: Path) -> None:
    """Each volume mount of the notebook container as an empty folder under ``root``."""
    for mount in pod["spec"]["containers"][0].get("volumeMounts", []):
        (root / mount["mountPath"].lstrip("/")).mkdir(parents=True, exist_ok=True)


def inside(root: Path, path: str) -> Path:
    return root / path.lstrip("/")


@contextmanager
def start_singleuser(pod: Mapping[str, Any], root: Path, api_url: str) -> Iterator[SingleUser]:
    """The pod's notebook container as a local process, its filesystem under ``root``."""
    container = pod["spec"]["containers"][0]
    env = {item["name"]: item.get("value", "") for item in container.get("env", [])}
    port = free_port()
    prefix = "/user/alice/"
    home = inside(root, IMAGE_WORKDIR)
    home.mkdir(parents=True, exist_ok=True)
    env.update(
        JUPYTERHUB_API_URL=api_url,
        JUPYTERHUB_ACTIVITY_URL=f"{api_url}/users/alice/activity",
        JUPYTERHUB_SERVICE_URL=f"http://127.0.0.1:{port}{prefix}",
        JUPYTERHUB_SERVICE_PREFIX=prefix,
        JUPYTERHUB_BASE_URL="/",
        HOME=str(home),
        PATH=os.environ["PATH"],
    )
    if "JUPYTERHUB_ROOT_DIR" in env:
        env["JUPYTERHUB_ROOT_DIR"] = str(inside(root, env["JUPYTERHUB_ROOT_DIR"]))
    workdir = inside(root, container.get("workingDir") or IMAGE_WORKDIR)
    log = root.parent / "singleuser.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            # The pod runs as jovyan (uid 1000); a root test runner needs jupyter_server's
            # explicit consent to run as root, nothing else changes.
            [sys.executable, "-m", "jupyterhub.singleuser"]
            + (["--ServerApp.allow_root=True"] if os.geteuid() == 0 else []),
            env=env,
            cwd=workdir if workdir.is_dir() else home,
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
        )
    try:
        yield SingleUser(process, f"http://127.0.0.1:{port}{prefix}", log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_for_status(server: SingleUser, timeout: float = 60.0) -> dict[str, Any] | None:
    """``GET api/status`` with the user's token once it answers; None if the server exited."""
    import urllib.error
    import urllib.request

    request = urllib.request.Request(
        server.url + "api/status", headers={"Authorization": f"token {USER_TOKEN}"}
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            return None
        try:
            with urllib.request.urlopen(request, timeout=5) as answer:
                return dict(json.loads(answer.read()))
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    raise AssertionError(f"no answer from {server.url} in {timeout}s:\n{server.output()}")
