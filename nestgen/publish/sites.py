"""Both supplier sites in one run: ``--region cn-hangzhou --region ap-southeast-1``.

Each site is its own Compute Nest (its own endpoint, services and artifacts): the package is
prepared once, then planned per site, every step labelled with its site. Publishing asks once
for all sites and applies them in the order given; when one fails, the error says which
sites were published and which were not, so a half-written pair is never silent.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from nestgen.cloud.session import CallLog, Session
from nestgen.errors import CheckFailed, NestgenError, UsageError
from nestgen.publish.apply import ApplyResult, apply_plan
from nestgen.publish.package import Package
from nestgen.publish.plan import Plan, render_text
from nestgen.publish.planner import make_plan
from nestgen.publish.run import Target, open_session
from nestgen.publish.source import Source, Warn, prepare
from nestgen.publish.steps.base import ApplyOptions, PlanOptions
from nestgen.publish.wait import Progress


@dataclass
class SitePlans:
    """One plan per site, in the order the sites were given."""

    plans: list[Plan]
    logs: list[CallLog] = field(default_factory=list)

    def changes(self) -> int:
        return sum(p.changes() for p in self.plans)

    def to_dict(self) -> dict[str, Any]:
        sites = []
        for plan in self.plans:
            data = plan.to_dict()
            for step in data["steps"]:
                step["site"] = plan.region
            sites.append(data)
        return {"sites": sites, "changes": self.changes()}


def render_sites_text(plans: SitePlans) -> str:
    """Every site's plan under its own header, then the total."""
    text = "".join(render_text(p) for p in plans.plans)
    total = plans.changes()
    return text + (f"{total} change(s) on {len(plans.plans)} sites.\n" if total else "")


def render_sites_json(plans: SitePlans) -> str:
    return json.dumps(plans.to_dict(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


class SiteFailed(NestgenError):
    """A site failed; the message says what the other sites are left with."""

    def __init__(
        self, region: str, cause: NestgenError, done: list[str], left: list[str] | None
    ) -> None:
        super().__init__(f"{region}: {cause.message}")
        self.exit_code = cause.exit_code
        if left is None:  # while planning
            self.state = "nothing was published on any site"
        else:
            self.state = (
                f"published: {', '.join(done) or 'no site'}; not published: "
                f"{', '.join([region, *left])} (rerun to finish)"
            )

    def notes(self) -> list[str]:
        return [self.state]


def _plans(sessions: list[Session], pkg: Package, options: PlanOptions) -> SitePlans:
    plans = []
    for session in sessions:
        try:
            plans.append(make_plan(session, pkg, options))
        except NestgenError as exc:
            raise SiteFailed(session.settings.region, exc, [], None) from None
    return SitePlans(plans, [s.log for s in sessions])


def _sessions(target: Target, regions: tuple[str, ...], env: Mapping[str, str]) -> list[Session]:
    """One session per site, after the checks that need no call."""
    if len(set(regions)) != len(regions):
        raise UsageError(f"--region given twice: {', '.join(regions)}")
    if target.service_id:
        raise UsageError("--service-id names a service of one site: give one --region with it")
    return [open_session(target, env, r) for r in regions]


def plan_sites(
    source: Source,
    target: Target,
    regions: tuple[str, ...],
    env: Mapping[str, str],
    warn: Warn,
    *,
    release: bool = False,
    launch: bool = False,
) -> SitePlans:
    """Plan every site (read calls only)."""
    sessions = _sessions(target, regions, env)
    options = PlanOptions(release=release or launch, launch=launch)
    with prepare(source, env, warn, target.deadline) as prepared:
        return _plans(sessions, prepared.package, options)


@dataclass(frozen=True)
class SitesOutcome:
    plans: SitePlans
    results: list[ApplyResult | None]


def publish_sites(
    source: Source,
    target: Target,
    regions: tuple[str, ...],
    env: Mapping[str, str],
    warn: Warn,
    *,
    options: ApplyOptions,
    confirm: Callable[[SitePlans], bool],
    progress: Progress,
) -> SitesOutcome:
    """Plan every site, ask once, apply site after site; save the chart lock after the first."""
    sessions = _sessions(target, regions, env)
    plan_options = PlanOptions(release=options.release, launch=options.launch)
    with prepare(source, env, warn, target.deadline) as prepared:
        pkg = prepared.package
        plans = _plans(sessions, pkg, plan_options)
        if plans.changes() and not confirm(plans):
            raise CheckFailed("publishing cancelled; nothing was changed")
        results: list[ApplyResult | None] = []
        for index, (session, plan) in enumerate(zip(sessions, plans.plans, strict=True)):
            try:
                result = apply_plan(session, pkg, plan, options, progress)
            except NestgenError as exc:
                done = [p.region for p in plans.plans[:index]]
                left = [p.region for p in plans.plans[index + 1 :]]
                raise SiteFailed(plan.region, exc, done, left) from None
            results.append(result if plan.changes() else None)
            if prepared.lock:
                prepared.lock.save()
    return SitesOutcome(plans, results)
