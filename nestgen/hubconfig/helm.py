"""The same settings as zero-to-jupyterhub Helm values, and what has no Kubernetes equivalent."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from nestgen.hubconfig import dburl
from nestgen.hubconfig.envfile import read_env_file
from nestgen.hubconfig.model import Constraint, HubSettings, SpawnerSettings
from nestgen.hubconfig.variables import SECRET_NAME, VARIABLES, declared_traits, value_of

PULL_POLICIES = {"ifnotpresent": "IfNotPresent", "always": "Always", "never": "Never"}
_ARCH = {"x86_64": "amd64", "aarch64": "arm64"}
_NODE_KEYS = {
    "node.hostname": "kubernetes.io/hostname",
    "node.platform.os": "kubernetes.io/os",
    "node.platform.arch": "kubernetes.io/arch",
}
GPU_RESOURCE = "nvidia.com/gpu"

NO_KUBERNETES_EQUIVALENT: dict[str, str] = {
    v.name: v.no_helm for v in VARIABLES.values() if v.no_helm
}


def helm_values(
    settings: HubSettings, *, include_secrets: bool = False, password_login: bool = True
) -> dict[str, Any]:
    """zero-to-jupyterhub values for ``settings``.

    Without ``include_secrets`` the proxy token is left out and the database URL loses its
    password (pass them at deploy time); see :func:`helm_unmapped`.  With
    ``password_login=False`` the authenticator is left to the caller (the ACK service signs
    in through Alibaba Cloud OAuth), so no NativeAuthenticator settings are rendered.
    """
    values: dict[str, Any] = {
        "hub": _hub_values(settings, include_secrets, password_login),
        "singleuser": _singleuser_values(settings.spawner, include_secrets),
    }
    _merge(values, declared_values(settings))
    if include_secrets and settings.proxy.auth_token:
        values["proxy"] = {"secretToken": settings.proxy.auth_token}
    return values


def declared_values(settings: HubSettings) -> dict[str, Any]:
    """The values variables declare with ``helm_copy``: each path gets the value as parsed."""
    given = dict(settings.source)
    values: dict[str, Any] = {}
    for var in VARIABLES.values():
        if var.helm and var.helm_copy and (var.name in given or not var.helm_when_set):
            *parents, leaf = var.helm.split(".")
            node = values
            for key in parents:
                node = node.setdefault(key, {})
            node[leaf] = value_of(settings, var.name)
    return values


def _merge(into: dict[str, Any], extra: dict[str, Any]) -> None:
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value


def helm_values_from_env_file(
    path: Path, *, include_secrets: bool = False, password_login: bool | None = None
) -> dict[str, Any]:
    """helm_values() of the settings in an env file (SPAWNER_NETWORK_NAME not required).

    ``password_login`` defaults to whether the file sets any ``AUTH_*`` variable: a service
    that offers password sign-in says how, one that does not leaves the authenticator alone.
    """
    environ = read_env_file(path)
    if password_login is None:
        password_login = any(name.startswith("AUTH_") for name in environ)
    return helm_values(
        HubSettings.from_env(environ, swarm=False),
        include_secrets=include_secrets,
        password_login=password_login,
    )


def _hub_values(
    settings: HubSettings, include_secrets: bool, password_login: bool
) -> dict[str, Any]:
    hub, spawner = settings.hub, settings.spawner
    # the plain copies (limits, KubeSpawner and JupyterHub traits) come from declared_values
    values: dict[str, Any] = {"config": {}, "db": _db_values(hub.db_url, include_secrets)}
    if password_login:
        _add_password_login(values["config"], settings)
    if spawner.suffix_rules:
        values["extraConfig"] = {"nestgen-suffix-rules": suffix_hook_code(spawner)}
    return values


def _add_password_login(config: dict[str, Any], settings: HubSettings) -> None:
    """NativeAuthenticator as the hub's authenticator, with the AUTH_* settings."""
    config["JupyterHub"] = {"authenticator_class": "nativeauthenticator.NativeAuthenticator"}
    config["Authenticator"] = {"admin_users": list(settings.auth.admin_users), "allow_all": True}
    config["NativeAuthenticator"] = declared_traits(settings)["NativeAuthenticator"]


def _db_values(url: str, include_secrets: bool) -> dict[str, Any]:
    kind = dburl.kind(url)
    if kind == "sqlite":
        memory = url.rstrip("/") in ("sqlite:", "sqlite:/") or url.endswith(":memory:")
        return {"type": "sqlite-memory" if memory else "sqlite-pvc"}
    return {"type": kind, "url": url if include_secrets else dburl.without_password(url)}


def split_image(reference: str) -> tuple[str, str]:
    """(name, tag) of an image reference; the tag keeps a digest, defaults to latest."""
    name, at, digest = reference.partition("@")
    slash = name.rfind("/")
    colon = name.rfind(":")
    tag = "latest"
    if colon > slash:
        name, tag = name[:colon], name[colon + 1 :]
    return name, f"{tag}@{digest}" if at else tag


def _singleuser_values(spawner: SpawnerSettings, include_secrets: bool) -> dict[str, Any]:
    name, tag = split_image(spawner.notebook_image)
    image: dict[str, Any] = {"name": name, "tag": tag}
    if spawner.pull_policy in PULL_POLICIES:
        image["pullPolicy"] = PULL_POLICIES[spawner.pull_policy]
    values: dict[str, Any] = {
        "image": image,
        "cpu": {"limit": spawner.cpu_limit or None, "guarantee": spawner.cpu_guarantee or None},
        "cmd": list(spawner.cmd),
    }
    env = {k: v for k, v in spawner.environment if include_secrets or not SECRET_NAME.search(k)}
    if env:
        values["extraEnv"] = env
    values.update(_placement_values(spawner))
    if spawner.gpus is not None and spawner.gpus.kind == "count":
        count = str(spawner.gpus.count)
        values["extraResource"] = {
            "limits": {GPU_RESOURCE: count},
            "guarantees": {GPU_RESOURCE: count},
        }
    return values


def node_selector(constraints: tuple[Constraint, ...]) -> dict[str, str]:
    """The ``==`` constraints that have a Kubernetes node label."""
    selector = {}
    for constraint in constraints:
        key = _node_label(constraint.key)
        if key is not None and constraint.op == "==":
            selector[key] = _label_value(key, constraint.value)
    return selector


def _node_label(key: str) -> str | None:
    if key.startswith("node.labels."):
        return key[len("node.labels.") :]
    return _NODE_KEYS.get(key)


def _label_value(key: str, value: str) -> str:
    return _ARCH.get(value, value) if key == "kubernetes.io/arch" else value


def _placement_values(spawner: SpawnerSettings) -> dict[str, Any]:
    values: dict[str, Any] = {}
    selector = node_selector(spawner.constraints)
    if selector:
        values["nodeSelector"] = selector
    expressions = [
        {"key": key, "operator": "NotIn", "values": [_label_value(key, c.value)]}
        for c in spawner.constraints
        if c.op == "!=" and (key := _node_label(c.key)) is not None
    ]
    if spawner.platforms:
        archs = sorted({_ARCH.get(a, a) for a, _ in spawner.platforms})
        systems = sorted({o for _, o in spawner.platforms})
        expressions.append({"key": "kubernetes.io/arch", "operator": "In", "values": archs})
        expressions.append({"key": "kubernetes.io/os", "operator": "In", "values": systems})
    if expressions:
        values["extraNodeAffinity"] = {"required": [{"matchExpressions": expressions}]}
    return values


_HOOK = """\
# nestgen: per-suffix image, node selector and GPUs (from SPAWNER_CONSTRAINT_IMAGES)
import json

_nestgen_rules = json.loads({rules!r})


def _nestgen_suffix_hook(spawner):
    head, dash, suffix = spawner.user.name.rpartition("-")
    rule = _nestgen_rules.get(suffix.lower()) if dash and head else None
    if rule is None:
        return
    spawner.image = rule["image"]
    spawner.node_selector = {{**spawner.node_selector, **rule["node_selector"]}}
    if rule["gpus"]:
        gpus = {{"{gpu}": rule["gpus"]}}
        spawner.extra_resource_limits = {{**spawner.extra_resource_limits, **gpus}}
        spawner.extra_resource_guarantees = {{**spawner.extra_resource_guarantees, **gpus}}
    spawner.log.info("nestgen: user %s gets image %s (suffix -%s)",
                     spawner.user.name, rule["image"], suffix)


c.KubeSpawner.pre_spawn_hook = _nestgen_suffix_hook
"""


def suffix_hook_code(spawner: SpawnerSettings) -> str:
    """hub.extraConfig Python for the suffix rules (KubeSpawner traits)."""
    rules = {
        rule.suffix: {
            "image": rule.image,
            "node_selector": node_selector(rule.constraints),
            "gpus": str(rule.gpu.count) if rule.gpu and rule.gpu.kind == "count" else None,
        }
        for rule in spawner.suffix_rules
    }
    return _HOOK.format(rules=json.dumps(rules, sort_keys=True), gpu=GPU_RESOURCE)


def helm_unmapped(settings: HubSettings, *, include_secrets: bool = False) -> list[tuple[str, str]]:
    """(variable, why) for each given setting the Helm values cannot carry."""
    given = dict(settings.source)
    notes = [(n, why) for n, why in NO_KUBERNETES_EQUIVALENT.items() if n in given]
    spawner = settings.spawner
    if spawner.pull_policy == "skip":
        notes.append(
            ("SPAWNER_PULL_POLICY", "skip has no Kubernetes pull policy; left to the chart")
        )
    notes.extend(_unmapped_constraints(spawner))
    gpus = [("SPAWNER_USE_GPUS", spawner.gpus)] + [
        ("SPAWNER_CONSTRAINT_WITH_GPUS", r.gpu) for r in spawner.suffix_rules
    ]
    notes.extend(
        (n, f"GPUs '{g}': Kubernetes allocates GPUs by count only")
        for n, g in gpus
        if g is not None and g.kind != "count"
    )
    if not include_secrets:
        if settings.proxy.auth_token:
            notes.append(("CONFIGPROXY_AUTH_TOKEN", "secret: set proxy.secretToken at deploy time"))
        if dburl.mask(settings.hub.db_url) != settings.hub.db_url:
            notes.append(("HUB_DB_URL", "the password is left out of hub.db.url"))
        notes.extend(
            ("SPAWNER_ENVIRONMENT", f"{name} looks secret: left out of singleuser.extraEnv")
            for name, _ in spawner.environment
            if SECRET_NAME.search(name)
        )
    if dburl.kind(settings.hub.db_url) == "sqlite" and "HUB_DB_URL" in given:
        notes.append(("HUB_DB_URL", "SQLite lives where the chart puts it (hub.db.type)"))
    return notes


def _unmapped_constraints(spawner: SpawnerSettings) -> list[tuple[str, str]]:
    found = [("SPAWNER_CONSTRAINTS", c) for c in spawner.constraints] + [
        ("SPAWNER_CONSTRAINT_IMAGES", c) for r in spawner.suffix_rules for c in r.constraints
    ]
    notes = [
        (n, f"{c}: no Kubernetes node label for {c.key}")
        for n, c in found
        if _node_label(c.key) is None
    ]
    notes.extend(
        (n, f"{c}: suffix rules keep only '==' constraints")
        for n, c in found[len(spawner.constraints) :]
        if c.op == "!=" and _node_label(c.key) is not None
    )
    return notes
