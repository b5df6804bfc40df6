"""Endpoints, timeouts and retry knobs, read once from an environment mapping."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from nestgen.cloud.retry import RetryPolicy
from nestgen.errors import UsageError

# The supplier API is served from these regions; others need an endpoint override.
SUPPLIER_REGIONS = ("cn-hangzhou", "ap-southeast-1")


@dataclass(frozen=True)
class Endpoint:
    """Where a client connects: ``host[:port]`` and ``http`` or ``https``."""

    host: str
    protocol: str = "https"

    @property
    def url(self) -> str:
        return f"{self.protocol}://{self.host}"


@dataclass(frozen=True, kw_only=True)
class CloudSettings:
    """Everything about *how* nestgen talks to the cloud, independent of *what* it says."""

    region: str
    computenest: Endpoint
    ros: Endpoint
    oss: Endpoint | None  # None: oss-{region}.aliyuncs.com of the upload credentials
    timeout: float = 10.0
    attempts: int = 4
    backoff: float = 1.0
    poll_interval: float = 3.0


def parse_endpoint(value: str, name: str) -> Endpoint:
    """Read an endpoint override URL; its scheme picks http or https."""
    parts = urlsplit(value if "://" in value else f"https://{value}")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError(f"{name} must be a URL such as https://host[:port], got {value!r}")
    return Endpoint(parts.netloc, parts.scheme)


def _number(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name, "")
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise UsageError(f"{name} must be a number, got {raw!r}") from None
    if value < 0:
        raise UsageError(f"{name} must not be negative, got {raw!r}")
    return value


def override(env: Mapping[str, str], name: str, region: str) -> tuple[str, str] | None:
    """``NAME_<REGION>`` (e.g. ``NESTGEN_OSS_ENDPOINT_AP_SOUTHEAST_1``), else ``NAME``."""
    for key in (f"{name}_{region.upper().replace('-', '_')}", name):
        if env.get(key):
            return key, env[key]
    return None


def _default_endpoint(product: str, region: str, env: Mapping[str, str], name: str) -> Endpoint:
    found = override(env, name, region)
    if found:
        return parse_endpoint(found[1], found[0])
    return Endpoint(f"{product}.{region}.aliyuncs.com")


def check_region(region: str, env: Mapping[str, str]) -> None:
    """Reject a region the supplier API does not serve (unless an endpoint is overridden)."""
    if override(env, "NESTGEN_COMPUTENEST_ENDPOINT", region) or region in SUPPLIER_REGIONS:
        return
    raise UsageError(
        f"unknown region {region!r}: the Compute Nest supplier API is served in "
        f"{', '.join(SUPPLIER_REGIONS)} (or set NESTGEN_COMPUTENEST_ENDPOINT)"
    )


def load_settings(region: str, env: Mapping[str, str]) -> CloudSettings:
    """Build the settings for ``region`` from ``env`` (``NESTGEN_*`` overrides)."""
    check_region(region, env)
    oss = override(env, "NESTGEN_OSS_ENDPOINT", region)
    knobs = _knobs(env)
    return CloudSettings(
        region=region,
        computenest=_default_endpoint("computenest", region, env, "NESTGEN_COMPUTENEST_ENDPOINT"),
        ros=_default_endpoint("ros", region, env, "NESTGEN_ROS_ENDPOINT"),
        oss=parse_endpoint(oss[1], oss[0]) if oss else None,
        timeout=knobs["timeout"],
        attempts=int(knobs["attempts"]),
        backoff=knobs["backoff"],
        poll_interval=_number(env, "NESTGEN_POLL_INTERVAL", 3.0),
    )


def _knobs(env: Mapping[str, str]) -> dict[str, float]:
    return {
        "timeout": _number(env, "NESTGEN_HTTP_TIMEOUT", 10.0),
        "attempts": max(1, int(_number(env, "NESTGEN_RETRY_ATTEMPTS", 4))),
        "backoff": _number(env, "NESTGEN_RETRY_BACKOFF", 1.0),
    }


def transfer_policy(env: Mapping[str, str]) -> tuple[RetryPolicy, float]:
    """The retry policy and per-request timeout for hosts outside any region (image sources)."""
    knobs = _knobs(env)
    return RetryPolicy(int(knobs["attempts"]), knobs["backoff"]), knobs["timeout"]
