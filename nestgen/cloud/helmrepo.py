"""Fetch a chart from a Helm repository over HTTP(S), cached under the user's cache dir."""

from __future__ import annotations

import hashlib
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from pathlib import Path

import yaml

from nestgen.cloud.chart import ChartArchive, read_chart
from nestgen.errors import InputError, RemoteError
from nestgen.fsutil import user_cache_dir, write_atomic


def cache_dir(env: Mapping[str, str]) -> Path:
    """``$XDG_CACHE_HOME/nestgen/charts`` (``~/.cache`` by default)."""
    return user_cache_dir(env) / "charts"


def _get(url: str, timeout: float) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read()
    except urllib.error.HTTPError as exc:
        raise InputError(f"Helm repository: {url} answered HTTP {exc.code}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise RemoteError(f"Helm repository unreachable: {url} ({reason})") from None


def _entry(repository: str, chart: str, version: str, timeout: float) -> dict:
    index_url = repository.rstrip("/") + "/index.yaml"
    try:
        index = yaml.safe_load(_get(index_url, timeout)) or {}
    except yaml.YAMLError:
        raise RemoteError(f"Helm repository: {index_url} is not valid YAML") from None
    for entry in (index.get("entries") or {}).get(chart) or []:
        if str(entry.get("version")) == version:
            return entry
    raise InputError(f"chart {chart} {version} not found in the Helm repository {repository}")


def _cached(path: Path, digest: str | None) -> bytes | None:
    if not digest or not path.is_file():
        return None
    data = path.read_bytes()
    return data if "sha256:" + hashlib.sha256(data).hexdigest() == digest else None


def fetch_chart(
    repository: str,
    chart: str,
    version: str,
    *,
    env: Mapping[str, str],
    expected_digest: str | None = None,
    timeout: float = 30.0,
) -> ChartArchive:
    """The archive of ``chart`` ``version``: from the cache when its digest is known."""
    path = cache_dir(env) / f"{chart}-{version}.tgz"
    data = _cached(path, expected_digest)
    if data is None:
        entry = _entry(repository, chart, version, timeout)
        urls = entry.get("urls") or []
        if not urls:
            raise RemoteError(f"Helm repository lists {chart} {version} without a URL")
        data = _get(urllib.parse.urljoin(repository.rstrip("/") + "/", urls[0]), timeout)
        listed = entry.get("digest")
        if listed and hashlib.sha256(data).hexdigest() != listed:
            raise RemoteError(f"{chart} {version}: download does not match the index digest")
        write_atomic(path, data)
    archive = read_chart(data, f"{chart}-{version}.tgz")
    if (archive.name, archive.version) != (chart, version):
        raise InputError(
            f"{repository}: archive holds {archive.name} {archive.version}, not {chart} {version}"
        )
    return archive
