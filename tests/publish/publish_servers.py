"""Real servers for the publish tests: docker-registry, a Bearer front for it, a Helm repo."""

from __future__ import annotations

import base64
import functools
import hashlib
import io
import json
import random
import secrets
import shutil
import socket
import subprocess
import tarfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import yaml


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class RegistryProcess:
    """``docker-registry serve`` on 127.0.0.1 with one htpasswd (bcrypt) user."""

    root: Path
    user: str = "cn-user"
    password: str = field(default_factory=lambda: "regpw-" + secrets.token_hex(8))
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None
    auth: bool = True  # False: anonymous pulls and pushes, as a public source registry

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> None:
        import bcrypt

        hashed = bcrypt.hashpw(self.password.encode(), bcrypt.gensalt(rounds=5)).decode()
        (self.root / "htpasswd").write_text(f"{self.user}:{hashed}\n")
        config = {
            "version": 0.1,
            "log": {"level": "error"},
            "storage": {"filesystem": {"rootdirectory": str(self.root / "data")}},
            "http": {"addr": self.host, "secret": secrets.token_hex(8)},
        }
        if self.auth:
            config["auth"] = {
                "htpasswd": {"realm": "nestgen-test", "path": str(self.root / "htpasswd")}
            }
        (self.root / "config.yml").write_text(yaml.safe_dump(config))
        binary = shutil.which("docker-registry") or "docker-registry"
        self.process = subprocess.Popen(
            [binary, "serve", str(self.root / "config.yml")],
            stdout=subprocess.DEVNULL,
            stderr=(self.root / "registry.log").open("wb"),
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://{self.host}/v2/", timeout=1)
                return
            except urllib.error.HTTPError as exc:
                if exc.code == 401:
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(
            "docker-registry did not start: " + (self.root / "registry.log").read_text()
        )

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def basic(self) -> str:
        return "Basic " + base64.b64encode(f"{self.user}:{self.password}".encode()).decode()

    def has_repo(self, name: str) -> bool:
        return self.tags(name) is not None

    def tags(self, name: str) -> list[str] | None:
        """The repository's tags; None when it does not exist."""
        request = urllib.request.Request(
            f"http://{self.host}/v2/{name}/tags/list", headers={"Authorization": self.basic()}
        )
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                return list(json.loads(response.read()).get("tags") or [])
        except urllib.error.HTTPError:
            return None


class _BearerFront(BaseHTTPRequestHandler):
    """Demands a Bearer token (from ``/token``, given Basic credentials), then proxies."""

    protocol_version = "HTTP/1.1"
    server: BearerFront

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _token(self) -> None:
        backend = self.server.backend
        if self.headers.get("Authorization") != backend.basic():
            self._send(401, b'{"errors":[{"code":"UNAUTHORIZED"}]}', {})
            return
        token = secrets.token_hex(16)
        self.server.tokens.add(token)
        self._send(200, f'{{"token":"{token}"}}'.encode(), {"Content-Type": "application/json"})

    def _proxy(self) -> None:
        auth = self.headers.get("Authorization", "")
        if not auth.startswith("Bearer ") or auth[7:] not in self.server.tokens:
            realm = f"http://127.0.0.1:{self.server.server_address[1]}/token"
            challenge = f'Bearer realm="{realm}",service="nestgen-test"'
            self._send(401, b"{}", {"WWW-Authenticate": challenge})
            return
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        headers = {
            k: v
            for k, v in self.headers.items()
            if k.lower() not in ("authorization", "content-length")
        }
        headers["Authorization"] = self.server.backend.basic()
        url = f"http://{self.server.backend.host}{self.path}"
        request = urllib.request.Request(url, data=body, method=self.command, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                status, out, reply = response.status, response.read(), response.headers
        except urllib.error.HTTPError as exc:
            status, out, reply = exc.code, exc.read(), exc.headers
        passed = {
            k: v
            for k, v in reply.items()
            if k.lower() in ("location", "docker-content-digest", "content-type")
        }
        self._send(status, out, passed)

    def _handle(self) -> None:
        if self.path.startswith("/token"):
            self._token()
        else:
            self._proxy()

    do_GET = do_HEAD = do_PUT = do_POST = do_PATCH = _handle


class BearerFront(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, backend: RegistryProcess) -> None:
        super().__init__(("127.0.0.1", 0), _BearerFront)
        self.backend = backend
        self.tokens: set[str] = set()
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.server_address[1]}"


def chart_archive(name: str, version: str, note: str = "", values: str = "") -> bytes:
    """A small, byte-for-byte reproducible Helm chart archive (``values`` adds to its values)."""
    files = {
        f"{name}/Chart.yaml": f"apiVersion: v2\nname: {name}\nversion: {version}\n"
        f"description: test chart {note}\ntype: application\n",
        f"{name}/values.yaml": f"replicas: 1\nnote: '{note}'\n{values}",
        f"{name}/templates/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n"
        "  name: {{ .Release.Name }}\n",
    }
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        for path, text in sorted(files.items()):
            info = tarfile.TarInfo(path)
            data = text.encode()
            info.size, info.mtime, info.mode = len(data), 0, 0o644
            tar.addfile(info, io.BytesIO(data))
    import gzip

    return gzip.compress(raw.getvalue(), mtime=0)


class HelmRepo(ThreadingHTTPServer):
    """A static Helm repository on 127.0.0.1 serving ``index.yaml`` and archives."""

    daemon_threads = True

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        handler = functools.partial(_Quiet, directory=str(root))
        super().__init__(("127.0.0.1", 0), handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/charts"

    def publish(self, name: str, version: str, data: bytes) -> None:
        """Add (or replace) an archive and rewrite the index."""
        charts = self.root / "charts"
        charts.mkdir(exist_ok=True)
        (charts / f"{name}-{version}.tgz").write_bytes(data)
        entries: dict[str, list[dict[str, Any]]] = {}
        for path in sorted(charts.glob("*.tgz")):
            chart, _, ver = path.stem.rpartition("-")
            entries.setdefault(chart, []).append(
                {
                    "name": chart,
                    "version": ver,
                    "urls": [path.name],
                    "digest": hashlib.sha256(path.read_bytes()).hexdigest(),
                }
            )
        (charts / "index.yaml").write_text(yaml.safe_dump({"apiVersion": "v1", "entries": entries}))


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def push_image(
    host: str, name: str, tag: str, platforms: tuple[str, ...] = ("amd64",), size: int = 0
) -> str:
    """Push a small synthetic image to the anonymous registry ``host``: an OCI index of one
    image per architecture (one gzip layer each, ``size`` more bytes of noise in it).
    Returns the index digest."""
    from nestgen.cloud.oci import OCI_INDEX, OCI_MANIFEST, Registry, sha256_digest
    from nestgen.cloud.retry import RetryPolicy

    client = Registry(host, "", "", RetryPolicy(attempts=1))
    children = []
    for arch in platforms:
        layer = io.BytesIO()
        with tarfile.open(fileobj=layer, mode="w") as tar:
            noise = random.Random(f"{name}:{tag}:{arch}").randbytes(size)
            data = f"{name}:{tag} on {arch}\n".encode() + noise
            info = tarfile.TarInfo("hello.txt")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        import gzip

        blobs = [
            (
                "application/vnd.oci.image.config.v1+json",
                json.dumps({"architecture": arch, "os": "linux", "rootfs": {}}).encode(),
            ),
            (
                "application/vnd.oci.image.layer.v1.tar+gzip",
                gzip.compress(layer.getvalue(), mtime=0),
            ),
        ]
        config, *layers = [
            {"mediaType": kind, "digest": client.push_blob(name, blob), "size": len(blob)}
            for kind, blob in blobs
        ]
        manifest = json.dumps(
            {"schemaVersion": 2, "mediaType": OCI_MANIFEST, "config": config, "layers": layers}
        ).encode()
        client.put_manifest(name, sha256_digest(manifest), OCI_MANIFEST, manifest)
        children.append(
            {
                "mediaType": OCI_MANIFEST,
                "digest": sha256_digest(manifest),
                "size": len(manifest),
                "platform": {"architecture": arch, "os": "linux"},
            }
        )
    index = json.dumps({"schemaVersion": 2, "mediaType": OCI_INDEX, "manifests": children}).encode()
    client.put_manifest(name, tag, OCI_INDEX, index)
    return sha256_digest(index)


class _FaultFront(BaseHTTPRequestHandler):
    """Passes requests on to an anonymous registry, failing the ones at given positions."""

    protocol_version = "HTTP/1.1"
    server: FaultFront

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _handle(self) -> None:
        with self.server.lock:
            position = len(self.server.journal)
            self.server.journal.append(f"{self.command} {self.path}")
            fault = self.server.faults.pop(position, None)
        if fault == "drop":  # the connection closes before any answer
            self.close_connection = True
            return
        if fault in ("503", "throttle"):
            status = 503 if fault == "503" else 429
            self.send_response(status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"{}")
            return
        url = f"http://{self.server.backend.host}{self.path}"
        headers = {k: v for k, v in self.headers.items() if k.lower() == "accept"}
        request = urllib.request.Request(url, method=self.command, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                status, out, reply = response.status, response.read(), response.headers
        except urllib.error.HTTPError as exc:
            status, out, reply = exc.code, exc.read(), exc.headers
        if fault == "drop-after":  # the backend answered; the answer is lost
            self.close_connection = True
            return
        self.send_response(status)
        for key, value in reply.items():
            if key.lower() in ("docker-content-digest", "content-type"):
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(out)

    do_GET = do_HEAD = _handle


class FaultFront(ThreadingHTTPServer):
    """An image source registry that fails the requests at ``faults`` positions
    (``drop``, ``drop-after``, ``503``, ``throttle``); ``journal`` lists every request."""

    daemon_threads = True

    def __init__(self, backend: RegistryProcess) -> None:
        super().__init__(("127.0.0.1", 0), _FaultFront)
        self.backend = backend
        self.journal: list[str] = []
        self.faults: dict[int, str] = {}
        self.lock = threading.Lock()
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.server_address[1]}"

    def reset(self, faults: dict[int, str] | None = None) -> None:
        with self.lock:
            self.journal.clear()
            self.faults = dict(faults or {})
