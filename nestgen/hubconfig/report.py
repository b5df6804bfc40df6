"""The resolved configuration as JSON-ready data (class -> trait -> value), secrets masked."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from nestgen.hubconfig import dburl
from nestgen.hubconfig.envfile import read_env_file
from nestgen.hubconfig.model import MASK, HubSettings, SpawnerSettings
from nestgen.hubconfig.spawn import volume_target
from nestgen.hubconfig.swarm import SuffixHook, traits_for
from nestgen.hubconfig.variables import SECRET_NAME, mask_options


def environ_from(env_file: Path | None, environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The variables of ``env_file`` if given, else of ``environ`` (default os.environ)."""
    if env_file is not None:
        return read_env_file(env_file)
    return dict(os.environ if environ is None else environ)


def _jsonable(value: Any) -> Any:
    if isinstance(value, set | frozenset):
        return sorted(value)
    if isinstance(value, tuple | list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return value


def _hook_description(spawner: SpawnerSettings) -> dict[str, Any]:
    persistence = spawner.persistence
    options = persistence.driver_options
    volume: dict[str, Any] = {"source": persistence.source_name, "target": volume_target(spawner)}
    if options is not None:
        volume["driver_options"] = {**options, "o": mask_options(options["o"])}
    rules = [
        {
            "suffix": rule.suffix,
            "image": rule.image,
            "constraints": [str(c) for c in rule.constraints],
            "gpus": None if rule.gpu is None else str(rule.gpu),
        }
        for rule in spawner.suffix_rules
    ]
    return {"hook": "nestgen.hubconfig.SuffixHook", "suffix_rules": rules, "volume": volume}


def resolved_config(settings: HubSettings) -> dict[str, dict[str, Any]]:
    """What apply() sets, as JSON-ready data with secrets masked."""
    result: dict[str, dict[str, Any]] = {}
    for cls, traits in traits_for(settings).items():
        section = {}
        for name, value in traits.items():
            if isinstance(value, SuffixHook):
                section[name] = _hook_description(settings.spawner)
            else:
                section[name] = _jsonable(value)
        result[cls] = section
    proxy = result["ConfigurableHTTPProxy"]
    if "auth_token" in proxy:
        proxy["auth_token"] = MASK
    result["JupyterHub"]["db_url"] = dburl.mask(settings.hub.db_url)
    env = result["SwarmSpawner"]["environment"]
    for name in env:
        if SECRET_NAME.search(name):
            env[name] = MASK
    return result
