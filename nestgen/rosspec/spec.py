"""The ROS resource-type spec as the linter reads it: loaded once, each type decoded on use.

The shipped file is ``nestgen/data/ros_spec.json.gz`` (from the ROS CDK, see
``scripts/update-ros-spec``).  ``nestgen lint --update-spec`` writes a fresher one from ROS
itself into the user's cache (``$XDG_CACHE_HOME/nestgen/ros_spec.json.gz``); when that file
is there and readable it is used instead.  ``$NESTGEN_ROS_SPEC`` names another file
(``shipped`` forces the shipped one).

Property descriptions are plain mappings: ``type`` (string, number, boolean, any, json,
list, map, struct, union), ``required``, ``items`` (list/map members), ``properties``
(struct keys), ``of`` (union members), ``allowed``, ``min``/``max``,
``minLength``/``maxLength``, ``pattern``.  A type's ``legacy`` names properties ROS no
longer documents that older CDK versions or published templates use, with where they were
seen.
"""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from nestgen.fsutil import user_cache_dir
from nestgen.rosspec.modules import MODULES, ObservedModule

SHIPPED = Path(__file__).resolve().parent.parent / "data" / "ros_spec.json.gz"
CACHE_NAME = "ros_spec.json.gz"
FORMAT = 1


@dataclass(frozen=True)
class ResourceType:
    """One resource type: its properties and attributes (None when not known: unchecked)."""

    name: str
    properties: Mapping[str, dict] | None
    attributes: frozenset[str] | None
    source: str = ""
    legacy: Mapping[str, str] = field(default_factory=dict)  # old property -> where seen
    observed: bool = False  # names known only from published use (Compute Nest modules)

    @property
    def checked(self) -> bool:
        """True when the spec describes the properties (not only the name)."""
        return self.properties is not None


class Spec:
    """The type index of one spec file; entries are decoded on first use."""

    def __init__(self, document: Mapping[str, Any], origin: str) -> None:
        self.origin = origin
        self.sources: Mapping[str, str] = document.get("sources", {})
        self._raw: Mapping[str, str] = document.get("types", {})
        self._decoded: dict[str, ResourceType] = {}

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name in self._raw

    def names(self) -> Iterator[str]:
        """Every type name, sorted."""
        return iter(self._raw)

    def get(self, name: str) -> ResourceType | None:
        """The type, or None when the spec does not know it."""
        found = self._decoded.get(name)
        if found is None and name in self._raw:
            entry = json.loads(self._raw[name])
            unchecked = entry.get("unchecked", False)
            module = MODULES.get(name) if unchecked else None
            found = (
                module_type(name, module)
                if module
                else ResourceType(
                    name,
                    None if unchecked else entry.get("properties", {}),
                    None if unchecked else frozenset(entry.get("attributes", ())),
                    entry.get("source", ""),
                    entry.get("legacy", {}),
                )
            )
            self._decoded[name] = found
        return found


def module_type(name: str, module: ObservedModule) -> ResourceType:
    """A Compute Nest module as published templates show it: names only, any values."""
    properties = {prop: {"type": "any"} for prop in module.properties}
    return ResourceType(
        name, properties, frozenset(module.attributes), module.source, observed=True
    )


def parse(data: bytes, origin: str) -> Spec:
    """A spec from the bytes of a spec file; ValueError when it is not one."""
    try:
        document = json.loads(gzip.decompress(data))
    except (OSError, EOFError, ValueError) as exc:
        raise ValueError(f"{origin}: not a ROS spec file ({exc})") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ValueError(f"{origin}: not a ROS spec file of format {FORMAT}")
    return Spec(document, origin)


def cached_path(env: Mapping[str, str] | None = None) -> Path:
    """Where ``nestgen lint --update-spec`` keeps the spec it fetched from ROS."""
    return user_cache_dir(os.environ if env is None else env) / CACHE_NAME


def spec_path(env: Mapping[str, str] | None = None) -> Path:
    """The file the linter reads: ``$NESTGEN_ROS_SPEC``, else the cached one, else shipped."""
    env = os.environ if env is None else env
    chosen = env.get("NESTGEN_ROS_SPEC", "")
    if chosen == "shipped":
        return SHIPPED
    if chosen:
        return Path(chosen)
    cached = cached_path(env)
    return cached if cached.is_file() else SHIPPED


def check_override(env: Mapping[str, str] | None = None) -> None:
    """Refuse a ``$NESTGEN_ROS_SPEC`` that names no readable spec file (an input error)."""
    from nestgen.errors import InputError

    env = os.environ if env is None else env
    chosen = env.get("NESTGEN_ROS_SPEC", "")
    if chosen and chosen != "shipped":
        try:
            parse(Path(chosen).read_bytes(), chosen)
        except (OSError, ValueError) as exc:
            reason = f"{chosen}: {exc.strerror}" if isinstance(exc, OSError) else str(exc)
            raise InputError(f"NESTGEN_ROS_SPEC: {reason}") from None


@cache
def load_spec() -> Spec:
    """The spec for this process (a broken cached file falls back to the shipped one)."""
    path = spec_path()
    try:
        return parse(path.read_bytes(), str(path))
    except (OSError, ValueError):
        if path == SHIPPED:
            raise
        return parse(SHIPPED.read_bytes(), str(SHIPPED))
