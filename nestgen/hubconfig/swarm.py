"""apply(c): the JupyterHub configuration for the Swarm image, and the pre-spawn hook."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Mapping
from typing import Any

from nestgen.hubconfig.errors import HubConfigError
from nestgen.hubconfig.model import HubSettings, SpawnerSettings
from nestgen.hubconfig.spawn import plan_for, volume_mount, volume_target
from nestgen.hubconfig.variables import declared_traits

# a child of the JupyterHub application logger, so its handlers show our lines
log = logging.getLogger("JupyterHub.nestgen")

Traits = dict[str, dict[str, Any]]


class SuffixHook:
    """Spawner.pre_spawn_hook: image, constraints, GPUs and volume from the username.

    Every call builds new dicts from the frozen settings and assigns them, so nothing a
    previous spawn chose (for this user or another) can leak into this one.
    """

    def __init__(self, settings: SpawnerSettings) -> None:
        self.settings = settings

    def __call__(self, spawner: Any) -> None:
        plan = plan_for(self.settings, spawner.user.name)
        spawner.image = plan.image
        spawner.extra_placement_spec = plan.placement_spec()
        spawner.extra_resources_spec = plan.resources_spec()
        spawner.extra_endpoint_spec = plan.endpoint_spec()
        spawner.environment = plan.environment()
        namespace = spawner.template_namespace()
        mount = volume_mount(self.settings.persistence, volume_target(self.settings), namespace)
        # extra_container_spec["mounts"] replaces SwarmSpawner's own mounts: keep them
        spawner.extra_container_spec = {"mounts": [*getattr(spawner, "mounts", []), mount]}
        spawner.log.info(
            "nestgen hub: user %s gets %s; volume %s at %s",
            spawner.user.name,
            plan.describe(),
            mount["Source"],
            mount["Target"],
        )

    def __repr__(self) -> str:
        suffixes = ",".join(r.suffix for r in self.settings.suffix_rules) or "none"
        return f"nestgen.hubconfig.SuffixHook(suffixes={suffixes})"


def _hub_traits(settings: HubSettings) -> dict[str, Any]:
    hub = settings.hub
    traits: dict[str, Any] = {
        "hub_ip": "0.0.0.0",
        "internal_ssl": hub.internal_ssl_path is not None,
        "spawner_class": "dockerspawner.SwarmSpawner",
        "authenticator_class": "nativeauthenticator.NativeAuthenticator",
    }
    if hub.ssl_key and hub.ssl_cert:
        traits.update(ssl_key=hub.ssl_key, ssl_cert=hub.ssl_cert)
    if hub.internal_ssl_path:
        traits["internal_certs_location"] = hub.internal_ssl_path
    return traits


def _proxy_traits(settings: HubSettings) -> dict[str, Any]:
    traits: dict[str, Any] = {}
    if settings.proxy.api_url:
        traits["api_url"] = settings.proxy.api_url
    if settings.proxy.auth_token:
        traits["auth_token"] = settings.proxy.auth_token
    return traits


def _auth_traits(settings: HubSettings) -> Traits:
    auth = settings.auth
    return {
        "Authenticator": {"allow_all": True, "admin_users": set(auth.admin_users)},
        "NativeAuthenticator": {},  # every option is declared with its trait
    }


def _spawner_traits(settings: SpawnerSettings) -> dict[str, Any]:
    plan = plan_for(settings, "")  # what a user without a suffix gets
    return {
        "use_internal_ip": True,
        "cmd": list(settings.cmd),
        "cpu_limit": settings.cpu_limit or None,
        "cpu_guarantee": settings.cpu_guarantee or None,
        "environment": plan.environment(),
        "extra_endpoint_spec": plan.endpoint_spec(),
        "extra_placement_spec": plan.placement_spec(),
        "extra_resources_spec": plan.resources_spec(),
        "pre_spawn_hook": SuffixHook(settings),
    }


def traits_for(settings: HubSettings) -> Traits:
    """Class -> trait -> value: everything apply() sets (secrets unmasked)."""
    traits: Traits = {
        "JupyterHub": _hub_traits(settings),
        "ConfigurableHTTPProxy": _proxy_traits(settings),
        **_auth_traits(settings),
        "SwarmSpawner": _spawner_traits(settings.spawner),
    }
    for cls, declared in declared_traits(settings).items():
        traits[cls] = {**declared, **traits[cls]}
    return traits


def configure(c: Any, settings: HubSettings) -> None:
    """Set every trait of ``traits_for(settings)`` on the traitlets Config ``c``."""
    for cls, traits in traits_for(settings).items():
        section = c[cls]
        for name, value in traits.items():
            setattr(section, name, value)


def apply(c: Any, environ: Mapping[str, str] | None = None) -> HubSettings:
    """Read the settings (``os.environ`` once when ``environ`` is None) and configure ``c``."""
    env = dict(os.environ if environ is None else environ)
    settings = HubSettings.from_env(env)
    configure(c, settings)
    for note in settings.warnings:
        log.warning("%s", note)
    return settings


def apply_or_exit(c: Any, environ: Mapping[str, str] | None = None) -> HubSettings:
    """apply(), but bad settings print one line per variable to stderr and exit with 2."""
    try:
        return apply(c, environ)
    except HubConfigError as exc:
        for line in exc.lines():
            print(f"hub settings: {line}", file=sys.stderr)
        for note in exc.notes():
            print(f"hub settings: warning: {note}", file=sys.stderr)
        raise SystemExit(2) from None
