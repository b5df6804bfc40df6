"""The two entry points the CLI calls: ``run_plan`` and ``run_publish``."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from nestgen.cloud import credentials
from nestgen.cloud.session import CallLog, Session
from nestgen.cloud.settings import load_settings
from nestgen.errors import CheckFailed
from nestgen.publish.apply import ApplyOptions, ApplyResult, apply_plan, settle
from nestgen.publish.plan import Plan
from nestgen.publish.planner import make_plan
from nestgen.publish.source import Source, Warn, prepare
from nestgen.publish.validate import validate_templates
from nestgen.publish.wait import Progress


@dataclass(frozen=True, kw_only=True)
class Target:
    """Where to publish: region, credentials profile, an explicit service id."""

    region: str
    profile: str | None = None
    service_id: str | None = None


def open_session(target: Target, env: Mapping[str, str]) -> Session:
    """Settings and credentials resolved once; clients are built on the first call."""
    settings = load_settings(target.region, env)
    return Session(settings, credentials.resolve(env, target.profile))


def run_plan(source: Source, target: Target, env: Mapping[str, str], warn: Warn, *,
             validate: bool = False, release: bool = False) -> tuple[Plan, CallLog]:
    """Plan without changing anything remote (``--validate`` adds the ROS checks)."""
    session = open_session(target, env)
    with prepare(source, env, warn) as prepared:
        plan = make_plan(session, prepared.package, service_id=target.service_id,
                         release=release)
        if validate:
            plan.checks = validate_templates(session, prepared.package)
    return plan, session.log


@dataclass(frozen=True)
class PublishOutcome:
    plan: Plan
    result: ApplyResult | None
    log: CallLog


def run_publish(source: Source, target: Target, env: Mapping[str, str], warn: Warn, *,
                options: ApplyOptions, confirm: Callable[[Plan], bool],
                progress: Progress) -> PublishOutcome:
    """Plan, ask ``confirm`` when there are changes, apply, then save the chart lock."""
    session = open_session(target, env)
    with prepare(source, env, warn) as prepared:
        plan = make_plan(session, prepared.package, service_id=target.service_id,
                         release=options.release)
        if plan.changes() == 0:
            settle(session, prepared.package, plan, options, progress)
            if prepared.lock:
                prepared.lock.save()
            return PublishOutcome(plan, None, session.log)
        if not confirm(plan):
            raise CheckFailed("publishing cancelled; nothing was changed")
        result = apply_plan(session, prepared.package, plan, options, progress)
        if prepared.lock:
            prepared.lock.save()
    return PublishOutcome(plan, result, session.log)
