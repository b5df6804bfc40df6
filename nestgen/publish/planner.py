"""Decide the plan from the package and the remote state (read calls only)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from nestgen.cloud.session import Session
from nestgen.publish.package import Package
from nestgen.publish.payload import remote_payload
from nestgen.publish.plan import Plan
from nestgen.publish.remote import find_service
from nestgen.publish.steps import artifact, files, launch, release, service, testcase
from nestgen.publish.steps.base import PlanContext, PlanOptions

Planner = Callable[[PlanContext], Sequence[Any]]
# Each step module plans its steps from what the earlier ones decided; apply keeps this order.
PLANNERS: tuple[Planner, ...] = (
    artifact.plan,
    release.plan,
    files.plan,
    service.plan,
    testcase.plan,
    launch.plan,
)


def make_plan(session: Session, pkg: Package, options: PlanOptions | None = None) -> Plan:
    """Read the remote state once, then let every step module plan its steps."""
    options = options or PlanOptions()
    body = find_service(session, pkg.name, options.service_id)
    with_operation = pkg.service.get("OperationMetadata") is not None
    remote = remote_payload(body, with_operation) if body else None
    ctx = PlanContext(session, pkg, options, body, remote)
    for planner in PLANNERS:
        ctx.steps += planner(ctx)
    return Plan(session.settings.region, ctx.steps, remote=remote)
