"""File uploads to the OSS location that ``GetUploadCredentials`` hands out."""

from __future__ import annotations

import base64
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from nestgen.cloud.retry import RetryPolicy, Transient
from nestgen.cloud.settings import Endpoint
from nestgen.errors import RemoteError


@dataclass(frozen=True)
class UploadTarget:
    """A one-off STS key for one object (the body of ``GetUploadCredentials``)."""

    bucket: str
    key: str
    region: str
    access_key_id: str
    access_key_secret: str = field(repr=False)
    security_token: str = field(repr=False)

    @classmethod
    def from_body(cls, body: dict[str, Any]) -> UploadTarget:
        data = body.get("Data") or {}
        try:
            return cls(
                data["BucketName"],
                data["Key"],
                data["RegionId"],
                data["AccessKeyId"],
                data["AccessKeySecret"],
                data["SecurityToken"],
            )
        except KeyError as exc:
            raise RemoteError(f"GetUploadCredentials returned no {exc.args[0]}") from None

    @property
    def public_url(self) -> str:
        """The address Compute Nest reads the object from."""
        return f"https://{self.bucket}.oss-{self.region}.aliyuncs.com/{self.key}"


def _classify(exc: Exception) -> Exception:
    import oss2

    if isinstance(exc, oss2.exceptions.RequestError):
        return Transient(exc)
    if isinstance(exc, oss2.exceptions.OssError) and (exc.status >= 500 or exc.status == 429):
        return Transient(exc)
    return exc


def _describe(exc: Exception) -> str:
    import oss2

    if isinstance(exc, oss2.exceptions.RequestError):
        return "cannot reach the OSS endpoint"
    if isinstance(exc, oss2.exceptions.OssError):
        return f"{exc.status} {exc.code}: {exc.message} (request {exc.request_id})"
    return f"{type(exc).__name__}: {exc}"


def _bucket(target: UploadTarget, endpoint: Endpoint | None, timeout: float) -> Any:
    import oss2

    oss2.defaults.request_retries = 0  # nestgen's own policy retries instead
    # oss2's debug records print request headers, STS token included: never emit them.
    logging.getLogger("oss2").setLevel(max(logging.INFO, logging.getLogger("oss2").level))
    auth = oss2.StsAuth(target.access_key_id, target.access_key_secret, target.security_token)
    url = endpoint.url if endpoint else f"https://oss-{target.region}.aliyuncs.com"
    return oss2.Bucket(auth, url, target.bucket, connect_timeout=timeout)


def _md5(data: bytes) -> bytes:
    return hashlib.md5(data).digest()  # an integrity check, not security


def holds(
    target: UploadTarget,
    data: bytes,
    endpoint: Endpoint | None,
    policy: RetryPolicy,
    timeout: float,
    remaining: Callable[[], float] | None = None,
) -> bool:
    """Whether the object already holds ``data`` (a HEAD: its ETag is the content MD5)."""
    import oss2

    bucket = _bucket(target, endpoint, timeout)

    def head() -> Any:
        try:
            return bucket.head_object(target.key)
        except oss2.exceptions.OssError as exc:
            if exc.status in (403, 404):  # absent, or a key that may only PUT: upload it
                return None
            raise

    result = _run(policy, head, f"checking {target.key}", remaining)
    return result is not None and (result.etag or "").upper() == _md5(data).hex().upper()


def _run(
    policy: RetryPolicy, call: Any, what: str, remaining: Callable[[], float] | None = None
) -> Any:
    """``call()`` under the retry policy (no retry past ``remaining``); a failure is one
    RemoteError naming ``what``."""

    def attempt() -> Any:
        try:
            return call()
        except Exception as exc:
            raise _classify(exc) from None

    try:
        return policy.run(attempt, remaining)
    except Exception as exc:
        raise RemoteError(f"{what} failed: {_describe(exc)}") from None


def upload(
    target: UploadTarget,
    data: bytes,
    endpoint: Endpoint | None,
    policy: RetryPolicy,
    timeout: float,
    remaining: Callable[[], float] | None = None,
) -> str:
    """PUT ``data`` with its Content-MD5, check the returned ETag, and return the object URL."""
    bucket = _bucket(target, endpoint, timeout)
    digest = _md5(data)
    headers = {"Content-MD5": base64.b64encode(digest).decode("ascii")}

    result = _run(
        policy,
        lambda: bucket.put_object(target.key, data, headers=headers),
        f"upload of {target.key}",
        remaining,
    )
    if (result.etag or "").upper() != digest.hex().upper():
        raise RemoteError(f"upload of {target.key} failed: OSS stored a different ETag")
    return target.public_url
