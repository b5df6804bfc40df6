"""``nestgen status``: the service's versions and their states, and what the working tree
would change (the plan's changed steps), read-only."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from nestgen.cloud.session import CallLog
from nestgen.publish.plan import Plan
from nestgen.publish.remote import service_versions
from nestgen.publish.run import Target, ready
from nestgen.publish.source import Source, Warn
from nestgen.publish.steps.base import changes, step_dict


@dataclass
class Status:
    """The remote versions of one service and the local changes not yet published."""

    name: str
    region: str
    service_id: str | None
    draft: str | None  # the draft's version number
    versions: list[tuple[str, str]] = field(default_factory=list)  # (version, status)
    plan: Plan | None = None

    def to_dict(self) -> dict[str, Any]:
        pending = [step_dict(s) for s in self.plan.steps if changes(s)] if self.plan else []
        return {
            "service": {"name": self.name, "id": self.service_id, "region": self.region},
            "versions": [
                {"version": v, "status": s, "draft": v == self.draft} for v, s in self.versions
            ],
            "changes": len(pending),
            "pending": pending,
        }


def run_status(
    source: Source, target: Target, env: Mapping[str, str], warn: Warn
) -> tuple[Status, CallLog]:
    """Plan, then list the service's versions (one more read call)."""
    with ready(source, target, env, warn) as state:
        plan = state.plan(target, release=False)
        step = plan.service
        status = Status(state.prepared.package.name, plan.region, step.service_id, step.version)
        if step.service_id:
            status.versions = [
                (str(v.get("Version")), str(v.get("Status")))
                for v in service_versions(state.session, step.service_id)
            ]
        status.plan = plan
    return status, state.session.log


def render_text(status: Status) -> str:
    if status.service_id is None:
        lines = [f"Service {status.name} does not exist in {status.region} yet."]
    else:
        lines = [f"Service {status.name} ({status.service_id}) in {status.region}:"]
        lines.append(f"  {'version':<8} status")
        for version, state in status.versions:
            mark = "  (the draft)" if version == status.draft else ""
            lines.append(f"  {version:<8} {state}{mark}")
    pending = [s for s in status.plan.steps if changes(s)] if status.plan else []
    if pending:
        lines.append(f"The working tree would change {len(pending)} thing(s) (`nestgen plan`):")
        lines += [s.lines()[0] for s in pending]
    else:
        lines.append("The working tree is published: no changes.")
    return "\n".join(lines) + "\n"


def render_json(status: Status) -> str:
    return json.dumps(status.to_dict(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
