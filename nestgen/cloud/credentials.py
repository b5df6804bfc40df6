"""Where the access key comes from: environment, aliyun CLI profile, or the default chain."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from nestgen.errors import InputError

ENV_ID = "ALIBABA_CLOUD_ACCESS_KEY_ID"
ENV_SECRET = "ALIBABA_CLOUD_ACCESS_KEY_SECRET"
ENV_TOKEN = "ALIBABA_CLOUD_SECURITY_TOKEN"


@dataclass(frozen=True)
class Credentials:
    """An access key (and STS token); the secret parts never appear in ``repr``."""

    access_key_id: str
    access_key_secret: str = field(repr=False)
    security_token: str | None = field(default=None, repr=False)
    source: str = ""

    def secrets(self) -> list[str]:
        """The values that must never be printed."""
        return [s for s in (self.access_key_secret, self.security_token) if s]


def from_env(env: Mapping[str, str]) -> Credentials | None:
    """The ``ALIBABA_CLOUD_ACCESS_KEY_*`` variables, when both are set."""
    key, secret = env.get(ENV_ID, ""), env.get(ENV_SECRET, "")
    if not (key and secret):
        return None
    return Credentials(key, secret, env.get(ENV_TOKEN) or None, source="environment")


def _aliyun_config(env: Mapping[str, str]) -> dict:
    path = Path(env.get("HOME", str(Path.home()))) / ".aliyun" / "config.json"
    if not path.is_file():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read the aliyun CLI configuration {path}: {exc}") from None


def from_profile(env: Mapping[str, str], name: str | None) -> Credentials | None:
    """An AK or StsToken profile of the aliyun CLI; None when absent or of another mode."""
    config = _aliyun_config(env)
    wanted = name or env.get("ALIBABA_CLOUD_PROFILE") or config.get("current", "")
    profiles = {p.get("name"): p for p in config.get("profiles", [])}
    profile = profiles.get(wanted)
    if profile is None:
        if name:
            raise InputError(f"aliyun CLI profile {name!r} not found in ~/.aliyun/config.json")
        return None
    if profile.get("mode", "AK") not in ("AK", "StsToken"):
        return None
    key, secret = profile.get("access_key_id", ""), profile.get("access_key_secret", "")
    if not (key and secret):
        raise InputError(f"aliyun CLI profile {wanted!r} has no access key")
    token = profile.get("sts_token") if profile.get("mode") == "StsToken" else None
    return Credentials(key, secret, token or None, source=f"aliyun profile {wanted}")


def from_default_chain() -> Credentials:
    """Ask alibabacloud-credentials' default chain (RAM roles, OIDC, credentials file...)."""
    try:
        from alibabacloud_credentials.client import Client
    except ImportError:
        raise InputError(
            "no credentials: set ALIBABA_CLOUD_ACCESS_KEY_ID/_SECRET or use --profile"
        ) from None
    # The chain logs each failed provider with a traceback on its own handler ("credentials"):
    # a user without credentials reads one line instead; --debug shows them.
    sdk_log = logging.getLogger("credentials")
    was_disabled = sdk_log.disabled
    sdk_log.disabled = not logging.getLogger("nestgen").isEnabledFor(logging.DEBUG)
    try:
        model = Client().get_credential()
    except Exception as exc:  # the chain raises assorted types when it finds nothing
        raise InputError(
            f"no credentials: set {ENV_ID} and {ENV_SECRET}, or give --profile NAME "
            f"(aliyun CLI); the default chain found none ({type(exc).__name__}; --debug shows why)"
        ) from exc
    finally:
        sdk_log.disabled = was_disabled
    return Credentials(
        model.access_key_id,
        model.access_key_secret,
        model.security_token or None,
        source="default chain",
    )


def resolve(env: Mapping[str, str], profile: str | None = None) -> Credentials:
    """Credentials by precedence: ``--profile``, environment, current profile, default chain."""
    if profile:
        found = from_profile(env, profile)
        if found is None:
            return from_default_chain()
        return found
    return from_env(env) or from_profile(env, None) or from_default_chain()
