"""``nestgen lint --update-spec``: the resource-type spec refreshed from ROS itself.

``ListResourceTypes`` names every type (resources and data sources) and
``GetResourceType`` gives each one's ``Properties`` and ``Attributes``; the result is
written to the user's cache (:func:`nestgen.rosspec.spec.cached_path`), where the linter
prefers it to the shipped file.  What the shipped file knows beyond ROS's answer (legacy
property names, hand-declared types) is kept.  The property schema read here is the
Heat-style one ROS answers with (``Type``, ``Required``, ``Schema`` for members,
``Constraints`` with ``AllowedValues``/``Range``/``Length``/``AllowedPattern``); keys are
read case-insensitively.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

Call = Callable[[str, dict[str, Any]], dict[str, Any]]
SCALARS = {"string": "string", "number": "number", "integer": "number", "boolean": "boolean"}
ENTITY_TYPES = ("Resource", "DataSource")


def _get(mapping: Any, key: str) -> Any:
    """``mapping[key]`` whatever the case of the key (ROS answers ``Type`` or ``type``)."""
    if not isinstance(mapping, Mapping):
        return None
    if key in mapping:
        return mapping[key]
    folded = key.lower()
    return next((v for k, v in mapping.items() if str(k).lower() == folded), None)


def convert_property(schema: Mapping[str, Any]) -> dict[str, Any]:
    """One ROS property schema as the spec's property description."""
    kind = str(_get(schema, "Type") or "any").lower()
    members = _get(schema, "Schema")
    described: dict[str, Any]
    if kind in SCALARS:
        described = {"type": SCALARS[kind]}
    elif kind == "list":
        item = _get(members, "*") if isinstance(members, Mapping) else None
        described = {"type": "list", "items": convert_property(item) if item else {"type": "any"}}
    elif kind == "map" and isinstance(members, Mapping) and members:
        props = {str(k): convert_property(v) for k, v in members.items() if k != "*"}
        described = {"type": "struct", "properties": dict(sorted(props.items()))}
        if "*" in members:
            described = {"type": "map", "items": convert_property(members["*"])}
    elif kind == "map":
        described = {"type": "map", "items": {"type": "any"}}
    else:
        described = {"type": "json" if kind == "json" else "any"}
    if _get(schema, "Required") is True:
        described["required"] = True
    for constraint in _get(schema, "Constraints") or []:
        described.update(_constraint(constraint))
    return described


def _constraint(constraint: Any) -> dict[str, Any]:
    allowed = _get(constraint, "AllowedValues")
    if isinstance(allowed, list):
        return {"allowed": allowed}
    pattern = _get(constraint, "AllowedPattern")
    if isinstance(pattern, str):
        return {"pattern": pattern}
    found: dict[str, Any] = {}
    for key, (low, high) in (("Range", ("min", "max")), ("Length", ("minLength", "maxLength"))):
        bounds = _get(constraint, key)
        if isinstance(bounds, Mapping):
            for name, target in (("Min", low), ("Max", high)):
                value = _get(bounds, name)
                if isinstance(value, int | float) and not isinstance(value, bool):
                    found[target] = value
    return found


def convert_type(body: Mapping[str, Any]) -> dict[str, Any]:
    """A ``GetResourceType`` answer as a spec entry."""
    properties = _get(body, "Properties") or {}
    attributes = _get(body, "Attributes") or {}
    return {
        "attributes": sorted(str(a) for a in attributes),
        "properties": {str(k): convert_property(v) for k, v in sorted(properties.items())},
    }


def fetch(call: Call, progress: Callable[[int, int], None] | None = None) -> dict[str, dict]:
    """Every type ROS lists, described by ``GetResourceType``."""
    names: set[str] = set()
    for entity in ENTITY_TYPES:
        body = call("ListResourceTypes", {"EntityType": entity})
        names.update(str(n) for n in _get(body, "ResourceTypes") or [])
    types: dict[str, dict] = {}
    for index, name in enumerate(sorted(names), 1):
        types[name] = convert_type(call("GetResourceType", {"ResourceType": name}))
        if progress:
            progress(index, len(names))
    return types


def merge(fetched: Mapping[str, dict], shipped: Mapping[str, str]) -> dict[str, dict]:
    """ROS's answer, plus the shipped file's legacy names and the types ROS did not list."""
    merged = {name: dict(entry) for name, entry in fetched.items()}
    for name, raw in shipped.items():
        entry = json.loads(raw)
        if name not in merged:
            merged[name] = entry
            continue
        legacy = {
            k: v for k, v in entry.get("legacy", {}).items() if k not in merged[name]["properties"]
        }
        if legacy:
            merged[name]["legacy"] = legacy
    return merged


def refresh(region: str, env: Mapping[str, str], profile: str | None = None) -> tuple[Path, int]:
    """Fetch the spec from ROS in ``region`` into the user's cache; (path, type count)."""
    import gzip

    import click

    from nestgen.cloud import credentials
    from nestgen.cloud.session import Session
    from nestgen.cloud.settings import load_settings
    from nestgen.fsutil import write_atomic
    from nestgen.rosspec.extract import encode_spec
    from nestgen.rosspec.spec import SHIPPED, cached_path

    # Only the ROS client is used; the supplier API's region check does not apply.
    settings = load_settings(region, {"NESTGEN_COMPUTENEST_ENDPOINT": "unused", **env})
    session = Session(settings, credentials.resolve(env, profile))

    def progress(done: int, total: int) -> None:
        if done == total or done % 100 == 0:
            click.echo(f"GetResourceType: {done}/{total}", err=True)

    fetched = fetch(lambda action, fields: session.call("ros", action, fields), progress)
    shipped = json.loads(gzip.decompress(SHIPPED.read_bytes()))
    types = merge(fetched, shipped["types"])
    path = cached_path(env)
    write_atomic(path, encode_spec(types, {f"ros GetResourceType ({region})": "live"}))
    return path, len(types)
