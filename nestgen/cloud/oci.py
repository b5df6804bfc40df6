"""A small OCI distribution client: push and pull Helm charts, Basic or Bearer auth.

Speaks plain HTTP to registries on 127.0.0.0/8 (as Docker does) and HTTPS elsewhere.
The password only ever travels in an ``Authorization`` header.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

from nestgen.cloud.deadline import Deadline
from nestgen.cloud.retry import RetryPolicy, Transient
from nestgen.errors import InputError, RemoteError

HELM_CONFIG = "application/vnd.cncf.helm.config.v1+json"
HELM_LAYER = "application/vnd.cncf.helm.chart.content.v1.tar+gzip"
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_INDEX = "application/vnd.oci.image.index.v1+json"
DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json"
DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json"
MANIFESTS = (OCI_MANIFEST, OCI_INDEX, DOCKER_MANIFEST, DOCKER_LIST)
INDEXES = (OCI_INDEX, DOCKER_LIST)
DOCKER_HUB = "registry-1.docker.io"


def sha256_digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and addresses in 127.0.0.0/8 (with or without a port)."""
    name = urllib.parse.urlsplit(f"//{host}").hostname or ""
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes


@dataclass
class Registry:
    """One registry host with one user; tokens are cached per scope."""

    host: str
    username: str
    password: str = field(repr=False)
    policy: RetryPolicy = field(default_factory=RetryPolicy)
    timeout: float = 30.0
    deadline: Deadline = field(default_factory=Deadline)  # --timeout: caps every request
    _auth: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def base(self) -> str:
        return f"{'http' if is_loopback(self.host) else 'https'}://{self.host}"

    def _basic(self) -> str:
        pair = f"{self.username}:{self.password}".encode()
        return "Basic " + base64.b64encode(pair).decode("ascii")

    def _login(self) -> dict[str, str]:
        """The Basic header for a token request; none for anonymous pulls."""
        return {"Authorization": self._basic()} if self.username else {}

    def _send(self, method: str, url: str, data: bytes | None, headers: dict[str, str]) -> Reply:
        request = urllib.request.Request(url, data=data, method=method, headers=headers)
        if self.deadline.expired:
            raise RemoteError(f"registry {self.host}: gave up: {self.deadline.describe()} ran out")
        try:
            with _OPENER.open(request, timeout=self.deadline.cap(self.timeout)) as response:
                return Reply(response.status, dict(response.headers.items()), response.read())
        except urllib.error.HTTPError as exc:
            reply = Reply(exc.code, dict(exc.headers.items()), exc.read())
            if exc.code >= 500 or exc.code == 429:
                raise Transient(RemoteError(f"registry {self.host}: HTTP {exc.code}")) from None
            return reply
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise Transient(RemoteError(f"cannot reach registry {self.host}: {reason}")) from None

    def _token(self, challenge: str, scope: str) -> str:
        params = dict(re.findall(r'(\w+)="([^"]*)"', challenge))
        realm = params.pop("realm", "")
        if not realm:
            raise RemoteError(f"registry {self.host} sent a Bearer challenge without a realm")
        query = {"service": params.get("service", ""), "scope": params.get("scope", scope)}
        url = f"{realm}?{urllib.parse.urlencode(query)}"
        reply = self._send("GET", url, None, self._login())
        if reply.status != 200:
            raise InputError(
                f"registry {self.host} refused the credentials (token: {reply.status})"
            )
        payload = json.loads(reply.body or b"{}")
        token = payload.get("token") or payload.get("access_token")
        if not token:
            raise RemoteError(f"registry {self.host} token endpoint returned no token")
        return f"Bearer {token}"

    def _authorize(self, reply: Reply, scope: str) -> None:
        challenge = {k.lower(): v for k, v in reply.headers.items()}.get("www-authenticate", "")
        if challenge.lower().startswith("basic") and self.username:
            self._auth[scope] = self._basic()
        elif challenge.lower().startswith("bearer"):
            self._auth[scope] = self._token(challenge, scope)
        elif not self.username:
            raise InputError(f"registry {self.host} needs credentials for this image")
        else:
            raise RemoteError(f"registry {self.host} asked for unknown auth {challenge!r}")

    def request(
        self,
        method: str,
        path: str,
        scope: str,
        data: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Reply:
        """Send one request, answering one auth challenge, retrying transient failures."""
        url = path if path.startswith("http") else f"{self.base}{path}"

        def attempt() -> Reply:
            sent = dict(headers or {})
            if scope in self._auth:
                sent["Authorization"] = self._auth[scope]
            reply = self._send(method, url, data, sent)
            if reply.status == 401 and "Authorization" not in sent:
                self._authorize(reply, scope)
                return attempt()
            return reply

        reply = self.policy.run(attempt, self.deadline.remaining)
        if reply.status == 401:
            raise InputError(f"registry {self.host} refused the credentials")
        return reply

    def _has_blob(self, name: str, digest: str, scope: str) -> bool:
        return self.request("HEAD", f"/v2/{name}/blobs/{digest}", scope).status == 200

    def push_blob(self, name: str, data: bytes) -> str:
        """Upload one blob unless the registry has it; return its digest."""
        scope = f"repository:{name}:pull,push"
        digest = sha256_digest(data)
        if self._has_blob(name, digest, scope):
            return digest
        start = self.request("POST", f"/v2/{name}/blobs/uploads/", scope)
        location = {k.lower(): v for k, v in start.headers.items()}.get("location", "")
        if start.status != 202 or not location:
            raise RemoteError(f"registry {self.host}: upload start answered {start.status}")
        url = urllib.parse.urljoin(self.base + "/", location)
        url += ("&" if "?" in url else "?") + urllib.parse.urlencode({"digest": digest})
        done = self.request("PUT", url, scope, data, {"Content-Type": "application/octet-stream"})
        if done.status != 201:
            raise RemoteError(f"registry {self.host}: blob upload answered {done.status}")
        return digest

    def push_chart(self, name: str, tag: str, archive: bytes, config: bytes) -> str:
        """Push a Helm chart in Helm's OCI layout; return the manifest digest."""
        layers = [(HELM_CONFIG, config), (HELM_LAYER, archive)]
        descriptors = [
            {"mediaType": kind, "digest": self.push_blob(name, blob), "size": len(blob)}
            for kind, blob in layers
        ]
        manifest = {"schemaVersion": 2, "config": descriptors[0], "layers": descriptors[1:]}
        body = json.dumps(manifest, separators=(",", ":"), sort_keys=True).encode()
        self.put_manifest(name, tag, OCI_MANIFEST, body)
        return sha256_digest(body)

    def manifest(self, name: str, reference: str) -> tuple[str, dict]:
        """The manifest digest and document of ``name:reference``."""
        _, body = self.raw_manifest(name, reference, (OCI_MANIFEST,))
        return sha256_digest(body), json.loads(body)

    def blob(self, name: str, digest: str) -> bytes:
        """Download a blob and check its digest."""
        reply = self.request("GET", f"/v2/{name}/blobs/{digest}", f"repository:{name}:pull")
        if reply.status != 200 or sha256_digest(reply.body) != digest:
            raise RemoteError(f"registry {self.host}: blob {digest} missing or corrupt")
        return reply.body

    def raw_manifest(
        self, name: str, reference: str, accept: tuple[str, ...] = MANIFESTS
    ) -> tuple[str, bytes]:
        """The media type and bytes of a manifest or index (unchanged, so digests hold)."""
        reply = self.request(
            "GET",
            f"/v2/{name}/manifests/{reference}",
            f"repository:{name}:pull",
            headers={"Accept": ", ".join(accept)},
        )
        if reply.status != 200:
            raise RemoteError(f"registry {self.host}: {name}:{reference} not found")
        kind = {k.lower(): v for k, v in reply.headers.items()}.get("content-type", "")
        return (
            kind.split(";")[0].strip() or json.loads(reply.body).get("mediaType", "")
        ), reply.body

    def put_manifest(self, name: str, reference: str, kind: str, body: bytes) -> None:
        reply = self.request(
            "PUT",
            f"/v2/{name}/manifests/{reference}",
            f"repository:{name}:pull,push",
            body,
            {"Content-Type": kind},
        )
        if reply.status != 201:
            raise RemoteError(f"registry {self.host}: manifest push answered {reply.status}")


class _KeepAuthOnSameHost(urllib.request.HTTPRedirectHandler):
    """Follow redirects, but never send a registry's Authorization to another host (a CDN)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None and urllib.parse.urlsplit(newurl).netloc != req.host:
            new.remove_header("Authorization")
        return new


_OPENER = urllib.request.build_opener(_KeepAuthOnSameHost())


def parse_image(reference: str) -> tuple[str, str, str]:
    """``[host/]name[:tag|@digest]`` -> (host, name, tag or digest), Docker's defaults."""
    rest, at, digest = reference.partition("@")
    first, slash, remainder = rest.partition("/")
    if slash and ("." in first or ":" in first or first == "localhost"):
        host, path = DOCKER_HUB if first in ("docker.io", "index.docker.io") else first, remainder
    else:
        host, path = DOCKER_HUB, rest
    name, colon, tag = path.rpartition(":") if ":" in path.rsplit("/", 1)[-1] else (path, "", "")
    if host == DOCKER_HUB and "/" not in name:
        name = f"library/{name}"
    if not name:
        raise InputError(f"cannot read the image reference {reference!r}")
    return host, name, digest if at else (tag if colon else "latest")


def _copy_manifest(
    source: Registry, src: str, reference: str, target: Registry, dst: str, tag: str
) -> None:
    kind, body = source.raw_manifest(src, reference)
    document = json.loads(body)
    if kind in INDEXES:
        for child in document.get("manifests") or []:
            _copy_manifest(source, src, child["digest"], target, dst, child["digest"])
    else:
        for descriptor in [document.get("config") or {}, *(document.get("layers") or [])]:
            digest = descriptor.get("digest")
            if digest and not target._has_blob(dst, digest, f"repository:{dst}:pull,push"):
                target.push_blob(dst, source.blob(src, digest))
    target.put_manifest(dst, tag, kind, body)


def copy_image(reference: str, target: Registry, name: str, tag: str, policy: RetryPolicy) -> None:
    """Copy the image ``reference`` (anonymous pull) to ``target`` as ``name:tag``.

    Every platform of a multi-platform index is copied, byte for byte, so its digest holds.
    """
    host, src, ref = parse_image(reference)
    source = Registry(host, "", "", policy, target.timeout, target.deadline)
    _copy_manifest(source, src, ref, target, name, tag)


def image_digest(
    reference: str, policy: RetryPolicy, timeout: float = 10.0, deadline: Deadline | None = None
) -> str:
    """The digest of the image ``reference`` (its manifest or index), read anonymously."""
    host, name, ref = parse_image(reference)
    if ref.startswith("sha256:"):
        return ref
    source = Registry(host, "", "", policy, timeout, deadline or Deadline())
    _, body = source.raw_manifest(name, ref)
    return sha256_digest(body)
