"""SDK clients built once per run, every call through one retry policy and one error map."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from nestgen.cloud.credentials import Credentials
from nestgen.cloud.deadline import Deadline
from nestgen.cloud.retry import RetryPolicy, Transient
from nestgen.cloud.settings import CloudSettings, Endpoint
from nestgen.errors import InputError, NestgenError, RemoteError

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


# What the HTTP stack says -> what the user reads (first match wins).
_REACH_REASONS = (
    (("timed out", "timeout"), "no answer within {timeout:.2g} s"),
    (("Connection refused", "Errno 111"), "connection refused"),
    (
        (
            "Name or service not known",
            "nodename nor servname",
            "Temporary failure in name resolution",
            "NameResolutionError",
            "getaddrinfo failed",
        ),
        "host name not found",
    ),
    (("SSLError", "CERTIFICATE_VERIFY_FAILED", "SSL:"), "TLS failed (certificate or protocol)"),
    (("Network is unreachable", "No route to host"), "network unreachable"),
    (("Connection reset", "RemoteDisconnected", "Connection aborted"), "connection dropped"),
)


def reach_reason(text: str, timeout: float) -> str:
    """A short reason for a failed connection, from the HTTP stack's long message."""
    for needles, reason in _REACH_REASONS:
        if any(n.lower() in text.lower() for n in needles):
            return reason.format(timeout=timeout)
    first = (text.splitlines() or [""])[0]
    return first if len(first) <= 160 else first[:160].rsplit(" ", 1)[0] + " ..."


def translate(
    exc: BaseException, action: str, endpoint: str = "the endpoint", timeout: float = 0
) -> Exception:
    """Turn an SDK exception into the nestgen error a user reads."""
    from Tea.exceptions import TeaException, UnretryableException

    if isinstance(exc, NestgenError):
        return exc
    if isinstance(exc, UnretryableException):
        inner = getattr(exc, "inner_exception", None) or exc
        text = str(getattr(inner, "message", "") or inner)
        return RemoteError(f"{action}: cannot reach {endpoint}: {reach_reason(text, timeout)}")
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
        self,
        settings: CloudSettings,
        credentials: Credentials,
        policy: RetryPolicy | None = None,
        deadline: Deadline | None = None,
    ) -> None:
        self.settings = settings
        self.credentials = credentials
        self.policy = policy or RetryPolicy(settings.attempts, settings.backoff)
        self.deadline = deadline or Deadline()
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

    def endpoint(self, product: str) -> Endpoint:
        return self.settings.computenest if product == "computenest" else self.settings.ros

    def call(
        self, product: str, action: str, fields: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """Send ``action`` with request ``fields`` (API names); return the body as a dict.

        Each attempt's HTTP timeouts are cut to what is left of the deadline; none starts
        once it is spent.
        """
        from darabonba.runtime import RuntimeOptions

        models = self.models(product)
        request = getattr(models, f"{action}Request")().from_map(fields or {})
        _keep_extra_property(request, fields or {})
        method: Callable[..., Any] = getattr(self.client(product), f"{_snake(action)}_with_options")
        url = self.endpoint(product).url
        self.log.calls.append(action)
        log.debug("call %s", action)

        budgets: list[float] = []

        def attempt() -> Any:
            budget = self.deadline.cap(self.settings.timeout)
            budgets.append(budget)
            if budget <= 0:
                raise RemoteError(f"{action}: gave up: {self.deadline.describe()} ran out")
            ms = max(1, int(budget * 1000))
            try:
                return method(request, RuntimeOptions(connect_timeout=ms, read_timeout=ms))
            except Exception as exc:
                raise classify(exc) from None

        try:
            response = self.policy.run(attempt, self.deadline.remaining)
        except Exception as exc:
            error = translate(exc, action, url, budgets[-1] if budgets else 0)
            if (
                self.deadline.expired
                and isinstance(error, RemoteError)
                and "ran out" not in str(error)
            ):
                error = RemoteError(f"{error.message} ({self.deadline.describe()} ran out)")
            raise error from None
        body = response.body.to_map() if response.body is not None else {}
        if body.get("Success") is False:
            code = str(body.get("Code", ""))
            raise RemoteError(f"{action} failed: {code}: {body.get('Message', '')}", code=code)
        return body
