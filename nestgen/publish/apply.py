"""Carry out a plan: every step's apply, in plan order, within the waiting bound."""

from __future__ import annotations

from dataclasses import dataclass

from nestgen.cloud.session import Session
from nestgen.publish.package import Package, Ref
from nestgen.publish.plan import Plan
from nestgen.publish.steps.base import ApplyOptions, Run
from nestgen.publish.wait import Progress

__all__ = ["ApplyOptions", "ApplyResult", "apply_plan"]


@dataclass(frozen=True)
class ApplyResult:
    """What the run changed, for the summary line."""

    service_id: str | None
    artifacts: dict[Ref, tuple[str, str]]
    uploads: dict[str, str]
    service_written: bool
    reports: tuple[str, ...] = ()


def apply_plan(
    session: Session, pkg: Package, plan: Plan, options: ApplyOptions, progress: Progress
) -> ApplyResult:
    """Apply every step of ``plan`` in order; each reports one line of what it did."""
    run = Run(session, pkg, options, progress, plan.remote)
    for step in plan.steps:
        report = step.apply(run)
        if report:
            run.reports.append(report)
    return ApplyResult(
        run.service_id,
        run.relations,
        run.uploads,
        run.service_written,
        tuple(run.reports),
    )
