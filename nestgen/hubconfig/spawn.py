"""What one user's Swarm service gets: image, placement, GPUs, environment and volume.

Everything here is computed from the frozen settings on every call, so no spawn can see
(or change) what another spawn got.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from nestgen.hubconfig.model import Constraint, Gpu, Persistence, SpawnerSettings


@dataclass(frozen=True)
class SpawnPlan:
    """The per-user choices; the ``*_spec`` methods return fresh dicts each time."""

    image: str
    suffix: str | None
    constraints: tuple[Constraint, ...]
    gpu: Gpu | None
    settings: SpawnerSettings

    def placement_spec(self) -> dict[str, Any]:
        """SwarmSpawner.extra_placement_spec: constraints, preferences, platforms."""
        spec: dict[str, Any] = {}
        if self.constraints:
            spec["constraints"] = [str(c) for c in self.constraints]
        if self.settings.preferences:
            spec["preferences"] = [tuple(p) for p in self.settings.preferences]
        if self.settings.platforms:
            spec["platforms"] = [tuple(p) for p in self.settings.platforms]
        return spec

    def resources_spec(self) -> dict[str, Any]:
        """SwarmSpawner.extra_resources_spec: a GPU count as a Swarm generic resource."""
        if self.gpu is None or self.gpu.kind != "count":
            return {}
        resource = {"DiscreteResourceSpec": {"Kind": "GPU", "Value": self.gpu.count}}
        return {"generic_resources": [resource]}

    def environment(self) -> dict[str, str]:
        """Spawner.environment: SPAWNER_ENVIRONMENT plus NVIDIA_VISIBLE_DEVICES when needed."""
        env = dict(self.settings.environment)
        if self.gpu is not None and self.gpu.kind != "count":
            env["NVIDIA_VISIBLE_DEVICES"] = self.gpu.visible_devices
        return env

    def endpoint_spec(self) -> dict[str, str]:
        """SwarmSpawner.extra_endpoint_spec."""
        mode = self.settings.endpoint_mode
        return {"mode": mode} if mode else {}

    def describe(self) -> str:
        """One log line."""
        origin = f"suffix -{self.suffix}" if self.suffix else "defaults"
        placed = ", ".join(str(c) for c in self.constraints) or "none"
        return f"image {self.image} ({origin}); constraints: {placed}; GPUs: {self.gpu or 'none'}"


def plan_for(settings: SpawnerSettings, username: str) -> SpawnPlan:
    """The plan for ``username``: suffix rule first, then the global settings."""
    rule = settings.rule_for(username)
    gpu = rule.gpu if rule is not None and rule.gpu is not None else settings.gpus
    constraints = list(settings.constraints)
    if rule is not None:
        constraints.extend(c for c in rule.constraints if c not in constraints)
    if gpu is not None and gpu.kind != "count" and settings.gpu_constraint not in constraints:
        constraints.append(settings.gpu_constraint)
    return SpawnPlan(
        image=rule.image if rule is not None else settings.notebook_image,
        suffix=rule.suffix if rule is not None else None,
        constraints=tuple(constraints),
        gpu=gpu,
        settings=settings,
    )


def volume_target(settings: SpawnerSettings) -> str:
    """Where the persistent volume is mounted: notebook dir + subpath."""
    subpath = settings.persistence.target_subpath
    return settings.notebook_dir if subpath == "/" else settings.notebook_dir + subpath


def volume_mount(persistence: Persistence, target: str, namespace: dict[str, str]) -> Any:
    """The docker.types.Mount for one user (templates rendered with ``namespace``)."""
    from docker.types import DriverConfig, Mount

    source = persistence.source_name.format(**namespace)
    options = persistence.driver_options
    if options is None:
        return Mount(target=target, source=source, type="volume")
    rendered = {**options, "device": options["device"].format(**namespace)}
    return Mount(
        target=target, source=source, type="volume", driver_config=DriverConfig("local", rendered)
    )
