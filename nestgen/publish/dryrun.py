"""``CreateService`` / ``UpdateService`` with ``DryRun``: Compute Nest checks the service as it
would be sent, and names the policies the deployment role lacks, without changing anything.

The dry run needs what the service refers to to exist: it is made only when the plan has
no artifact or file left to publish (``plan`` uploads nothing); otherwise it says why not.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nestgen.cloud.session import Session
from nestgen.errors import NestgenError
from nestgen.lint.finding import Finding
from nestgen.publish.package import Package
from nestgen.publish.plan import Plan
from nestgen.publish.remote import DRAFT
from nestgen.publish.server_rules import DRY_RUN, MISSING_POLICY
from nestgen.publish.steps.base import changes
from nestgen.publish.steps.service import payload, service_fields

CN = "computenest"


def pending(plan: Plan) -> list[str]:
    """What must be published before a dry run can see it."""
    return [
        f"{s.kind} {getattr(s, 'artifact_name', None) or getattr(s, 'path', '')}".strip()
        for s in plan.steps
        if s.kind in ("artifact", "release", "file") and changes(s)
    ]


def _policies(answer: dict[str, Any]) -> list[str]:
    policy = (answer.get("DryRunResult") or {}).get("RolePolicy") or {}
    missing = policy.get("MissingPolicy") or []
    return [
        f"{m.get('ServiceName') or '?'}: {', '.join(m.get('Action') or [])} on "
        f"{m.get('Resource') or '*'}"
        for m in missing
        if isinstance(m, dict)
    ]


def dry_run(session: Session, pkg: Package, plan: Plan, config: str) -> tuple[str, list[Finding]]:
    """One dry run of the service write the plan would make: (summary, findings)."""
    waiting = pending(plan)
    if waiting:
        return f"skipped until published: {', '.join(waiting)}", []
    urls = {s.path: str(s.url) for s in plan.of("file")}
    relations = {}
    for step in plan.of("artifact"):
        local = next(a for a in pkg.artifacts if a.section == step.section)
        for ref in local.refs:
            relations[ref] = (str(step.artifact_id), str(step.artifact_version))
    fields = service_fields(session.settings.region, payload(pkg, urls, relations))
    service = plan.service
    action = "CreateService" if service.service_id is None else "UpdateService"
    if service.service_id is not None:
        fields.update(ServiceId=service.service_id, ServiceVersion=service.version or DRAFT)
    fields["DryRun"] = True  # no ClientToken: a token would make the real call answer this one
    try:
        answer = session.call(CN, action, fields)
    except NestgenError as exc:
        return f"{action} DryRun: rejected", [
            Finding(DRY_RUN.id, DRY_RUN.severity, config, 1, 1, exc.message)
        ]
    missing = _policies(answer)
    findings = [
        Finding(
            MISSING_POLICY.id,
            MISSING_POLICY.severity,
            config,
            1,
            1,
            f"the deployment role lacks {m}",
        )
        for m in missing
    ]
    return f"{action} DryRun: accepted" + (
        f", {len(missing)} missing policy" if missing else ""
    ), findings


def config_file(display: Path | None) -> str:
    """The config.yaml findings name."""
    return str(display / "config.yaml") if display else "config.yaml"
