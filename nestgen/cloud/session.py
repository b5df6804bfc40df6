"""SDK clients built once per run, every call through one retry policy and one error map."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from nestgen.cloud.credentials import Credentials
from nestgen.cloud.retry import RetryPolicy, Transient
from nestgen.cloud.settings import CloudSettings, Endpoint
from nestgen.errors import InputError, RemoteError

log = logging.getLogger("nestgen.cloud")

# Error codes that mean "your credentials are wrong", an input problem rather than an outage.
AUTH_CODES = (
    "InvalidAccessKeyId",
    "SignatureDoesNotMatch",
    "InvalidSecurityToken",
    "IncompleteSignature",
    "Forbidden.AccessKeyDisabled",
    "InvalidAccessKeySecret",
)


@dataclass
class CallLog:
    """What a run said to the cloud: one entry per API call, upload and push."""

    calls: list[str] = field(default_factory=list)
    uploads: list[str] = field(default_factory=list)
    pushes: list[str] = field(default_factory=list)


def _snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_")


def classify(exc: BaseException) -> BaseException:
    """Wrap a transient SDK failure in :class:`Transient`; return anything else unchanged."""
    from Tea.exceptions import TeaException, UnretryableException

    if isinstance(exc, UnretryableException):
        return Transient(exc)
    if isinstance(exc, TeaException):
        status = getattr(exc, "status_code", None) or 0
        retry_after = getattr(exc, "retry_after", None)
        code = str(getattr(exc, "code", "") or "")
        if retry_after is not None or code.startswith("Throttling") or status >= 500:
            seconds = retry_after / 1000 if isinstance(retry_after, int | float) else None
            return Transient(exc, seconds)
    return exc


def translate(exc: BaseException, action: str) -> Exception:
    """Turn an SDK exception into the nestgen error a user reads."""
    from Tea.exceptions import TeaException, UnretryableException

    if isinstance(exc, UnretryableException):
        reason = str(getattr(exc, "inner_exception", "") or exc).splitlines()[0][:200]
        return RemoteError(f"{action}: cannot reach the endpoint ({reason})")
    if isinstance(exc, TeaException):
        code = str(getattr(exc, "code", "") or "")
        data = exc.data if isinstance(exc.data, dict) else {}
        message = str(data.get("Message") or getattr(exc, "message", "") or "")
        message = (message.splitlines() or [""])[0][:300]
        request_id = data.get("RequestId") or getattr(exc, "request_id", None) or ""
        text = f"{action} failed: {code}: {message}" + (
            f" (request {request_id})" if request_id else ""
        )
        status = getattr(exc, "status_code", None) or 0
        if code.startswith(AUTH_CODES) or (status in (401, 403) and "AccessKey" in code):
            return InputError(f"credentials rejected: {text}")
        if code.startswith(("InvalidRegionId", "InvalidRegion")):
            return InputError(text)
        return RemoteError(text, code=code)
    return RemoteError(f"{action} failed: {type(exc).__name__}: {exc}")


def _keep_extra_property(request: Any, fields: dict[str, Any]) -> None:
    """Send ``ArtifactProperty`` keys the SDK's model lacks (``ScriptMetadata`` in 7.3.2).

    The model is serialised through its ``to_map``; the unknown keys are added back there.
    """
    prop, model = fields.get("ArtifactProperty"), getattr(request, "artifact_property", None)
    if not isinstance(prop, dict) or model is None or not hasattr(model, "to_map"):
        return
    known = model.to_map()
    extra = {k: v for k, v in prop.items() if k not in known}
    if extra:
        model.to_map = lambda: {**known, **extra}


class Session:
    """One run's clients for Compute Nest and ROS, built on first use."""

    def __init__(
        self, settings: CloudSettings, credentials: Credentials, policy: RetryPolicy | None = None
    ) -> None:
        self.settings = settings
        self.credentials = credentials
        self.policy = policy or RetryPolicy(settings.attempts, settings.backoff)
        self.log = CallLog()
        self._clients: dict[str, Any] = {}

    def _config(self, endpoint: Endpoint) -> Any:
        from alibabacloud_tea_openapi.utils_models import Config

        ms = int(self.settings.timeout * 1000)
        return Config(
            access_key_id=self.credentials.access_key_id,
            access_key_secret=self.credentials.access_key_secret,
            security_token=self.credentials.security_token,
            region_id=self.settings.region,
            endpoint=endpoint.host,
            protocol=endpoint.protocol,
            connect_timeout=ms,
            read_timeout=ms,
        )

    def client(self, product: str) -> Any:
        """The SDK client for ``computenest`` or ``ros`` (imported on first use)."""
        if product not in self._clients:
            if product == "computenest":
                from alibabacloud_computenestsupplier20210521.client import Client

                endpoint = self.settings.computenest
            else:
                from alibabacloud_ros20190910.client import Client

                endpoint = self.settings.ros
            self._clients[product] = Client(self._config(endpoint))
        return self._clients[product]

    def models(self, product: str) -> Any:
        """The request-model module of ``product``."""
        if product == "computenest":
            import alibabacloud_computenestsupplier20210521.models as models
        else:
            import alibabacloud_ros20190910.models as models
        return models

    def call(
        self, product: str, action: str, fields: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """Send ``action`` with request ``fields`` (API names); return the body as a dict."""
        models = self.models(product)
        request = getattr(models, f"{action}Request")().from_map(fields or {})
        _keep_extra_property(request, fields or {})
        method: Callable[..., Any] = getattr(self.client(product), _snake(action))
        self.log.calls.append(action)
        log.debug("call %s", action)

        def attempt() -> Any:
            try:
                return method(request)
            except Exception as exc:
                raise classify(exc) from None

        try:
            response = self.policy.run(attempt)
        except Exception as exc:
            raise translate(exc, action) from None
        body = response.body.to_map() if response.body is not None else {}
        if body.get("Success") is False:
            code = str(body.get("Code", ""))
            raise RemoteError(f"{action} failed: {code}: {body.get('Message', '')}", code=code)
        return body
