"""The typed plan: what publishing would do, and how it reads as text or JSON."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from nestgen.publish.payload import ServicePayload


@dataclass(frozen=True)
class ArtifactStep:
    """One Helm chart or file artifact: create / add-version / release / leave."""

    kind: str
    key: str
    placeholder: str
    artifact_name: str
    source: str  # the chart name or the file path
    version: str  # the chart version ("" for a file)
    digest: str
    version_name: str
    action: str
    artifact_id: str | None = None
    artifact_version: str | None = None
    status: str | None = None


@dataclass(frozen=True)
class FileStep:
    """One package file: upload or leave (the remote copy has the same digest)."""

    path: str
    upload_name: str
    action: str
    url: str | None = None


@dataclass(frozen=True)
class ServiceStep:
    """The service draft: create / update / leave, with a diff of what changes."""

    name: str
    action: str
    service_id: str | None = None
    version: str | None = None
    status: str | None = None
    diff: tuple[str, ...] = ()


@dataclass(frozen=True)
class Check:
    """An online check of one template (``--validate``)."""

    template: str
    ok: bool
    detail: str
    cost: str | None = None


@dataclass
class Plan:
    """Everything ``publish`` would change, decided from the remote state."""

    region: str
    artifacts: list[ArtifactStep]
    files: list[FileStep]
    service: ServiceStep
    checks: list[Check] = field(default_factory=list)
    region_from: str | None = None  # where the region came from, when not from --region
    remote: ServicePayload | None = field(default=None, repr=False, compare=False)

    def changes(self) -> int:
        """How many steps write something."""
        steps = [a.action for a in self.artifacts] + [f.action for f in self.files]
        return sum(a != "leave" for a in [*steps, self.service.action])

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("remote")
        data["changes"] = self.changes()
        return data


def render_json(plan: Plan) -> str:
    return json.dumps(plan.to_dict(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


_WORDS = {
    "create": "create",
    "add-version": "add version",
    "release": "release",
    "upload": "upload",
    "update": "update",
    "leave": "unchanged",
}


def _artifact_line(step: ArtifactStep) -> str:
    where = f" ({step.artifact_id} v{step.artifact_version})" if step.artifact_id else ""
    what = (
        f"chart {step.source} {step.version}" if step.kind == "HelmChart" else f"file {step.source}"
    )
    return (
        f"  {_WORDS[step.action]:<12} artifact {step.artifact_name}: {what} "
        f"{step.digest[:19]}{where}"
    )


def render_text(plan: Plan) -> str:
    """A readable plan: one line per step, then the service diff and the checks."""
    origin = f" (from {plan.region_from})" if plan.region_from else ""
    lines = [f"Plan for region {plan.region}{origin}:"]
    lines += [_artifact_line(a) for a in plan.artifacts]
    lines += [f"  {_WORDS[f.action]:<12} file {f.path} -> {f.upload_name}" for f in plan.files]
    service = plan.service
    ident = f" ({service.service_id})" if service.service_id else ""
    lines.append(f"  {_WORDS[service.action]:<12} service {service.name}{ident}")
    lines += [f"    {line}" for line in service.diff]
    for check in plan.checks:
        state = "valid" if check.ok else "INVALID"
        lines.append(f"  check        {check.template}: {state} {check.detail}".rstrip())
        if check.cost:
            lines.append(f"               estimated cost: {check.cost}")
    total = plan.changes()
    lines.append(f"{total} change(s)." if total else "No changes: the remote side is up to date.")
    return "\n".join(lines) + "\n"
