"""The service draft: create it, update it when the payload differs, or leave it; then wait."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, ClassVar

from nestgen.errors import InputError
from nestgen.publish.package import Package
from nestgen.publish.payload import ServicePayload, build_payload, diff, unresolved
from nestgen.publish.remote import DRAFT
from nestgen.publish.steps import release
from nestgen.publish.steps.base import LEAVE, PlanContext, Run, client_token, line

BUSY = ("Creating", "Updating", "Launching")
FAILED = ("CreateFailed", "UpdateFailed")
SETTLED = ("Draft", "Submitted", "Approved", "Online", "Offline", "Beta")


@dataclass(frozen=True)
class ServiceStep:
    """The service draft: create / update / leave, with a diff of what changes."""

    kind: ClassVar[str] = "service"
    name: str
    action: str
    service_id: str | None = None
    version: str | None = None
    status: str | None = None
    diff: tuple[str, ...] = ()

    def lines(self) -> list[str]:
        ident = f" ({self.service_id})" if self.service_id else ""
        return [line(self.action, f"service {self.name}{ident}"), *(f"    {d}" for d in self.diff)]

    def apply(self, run: Run) -> str | None:
        desired = payload(run.pkg, run.urls, run.relations)
        run.service_id, run.service_version = self.service_id, self.version or DRAFT
        if self.service_id is None:
            fields = service_fields(run.session.settings.region, desired)
            fields["ClientToken"] = client_token("CreateService", run.pkg.name, fields)
            body = run.call("CreateService", fields)
            run.service_id = str(body["ServiceId"])
            run.service_version = str(body.get("Version") or DRAFT)
            if desired.locale_configs:  # CreateService takes no translations: update once made
                wait_service(run)
                update_service(run, desired, run.service_id, run.service_version, None)
        elif run.remote is not None and not diff(run.remote, desired):
            if run.options.wait and self.status in BUSY:
                wait_service(run)  # an earlier run left it mid-transition
            return None
        else:
            update_service(run, desired, self.service_id, self.version or DRAFT, run.remote)
        run.service_written = True
        if run.options.wait:
            wait_service(run)
        return f"service {self.name}: {'created' if self.service_id is None else 'updated'}"


def payload(pkg: Package, urls: dict[str, str], relations: Any) -> ServicePayload:
    """The service payload; a ``${...}`` left in a relation is an input error."""
    desired = build_payload(pkg, urls, relations)
    left = unresolved(desired)
    if left:
        raise InputError(
            f"unresolved artifact reference(s), Compute Nest would take them literally: "
            f"{'; '.join(left)}"
        )
    return desired


def service_fields(region: str, desired: ServicePayload) -> dict[str, Any]:
    """CreateService / UpdateService fields for ``desired``."""
    fields: dict[str, Any] = {
        "RegionId": region,
        "DeployType": desired.deploy_type,
        "ServiceType": desired.service_type,
        "DeployMetadata": json.dumps(desired.deploy_metadata, ensure_ascii=False, sort_keys=True),
        "ServiceInfo": list(desired.service_infos),
    }
    if desired.operation_metadata is not None:
        fields["OperationMetadata"] = json.dumps(
            desired.operation_metadata, ensure_ascii=False, sort_keys=True
        )
    return fields


def update_service(
    run: Run, desired: ServicePayload, service_id: str, version: str, remote: Any
) -> None:
    """UpdateService with the whole payload, translations included."""
    fields = service_fields(run.session.settings.region, desired)
    fields.update(ServiceId=service_id, ServiceVersion=version)
    if desired.locale_configs:
        fields["ServiceLocaleConfigs"] = [dict(c) for c in desired.locale_configs]
    fields["ClientToken"] = client_token("UpdateService", fields, remote)
    run.call("UpdateService", fields)


def wait_service(run: Run) -> None:
    """Poll ``GetService`` until the service leaves Creating/Updating/Launching."""
    service_id, version = str(run.service_id), str(run.service_version or DRAFT)

    def poll() -> tuple[str, str]:
        body = run.call("GetService", {"ServiceId": service_id, "ServiceVersion": version})
        run.cache["service"] = body  # the draft as last read, for later steps
        return str(body.get("Status")), str(body.get("StatusDetail") or "")

    run.wait(f"service {service_id}", poll, done=SETTLED, failed=FAILED)


def planned(ctx: PlanContext) -> ServicePayload:
    """The payload with placeholders where uploads and new versions are pending."""
    urls = {f.path: f.url or f"<upload {f.path}>" for f in ctx.of("file")}
    relations = {}
    for step in ctx.of("artifact"):
        version = release.planned_version(ctx, step.section) or step.planned_version()
        for ref in ctx.artifact(step.section).refs:
            relations[ref] = (step.artifact_id or "<new artifact>", version)
    return payload(ctx.pkg, urls, relations)


def plan(ctx: PlanContext) -> list[ServiceStep]:
    """No read call: the draft was read once for the whole plan."""
    desired = planned(ctx)
    if ctx.body is None or ctx.remote is None:
        return [ServiceStep(ctx.pkg.name, "create", diff=tuple(diff(None, desired)))]
    lines = tuple(diff(ctx.remote, desired))
    return [
        ServiceStep(
            ctx.pkg.name,
            "update" if lines else LEAVE,
            ctx.body.get("ServiceId"),
            str(ctx.body.get("Version") or ""),
            ctx.body.get("Status"),
            lines,
        )
    ]
