"""The two entry points the CLI calls: ``run_plan`` and ``run_publish``."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from nestgen.cloud import credentials
from nestgen.cloud.deadline import Deadline
from nestgen.cloud.session import CallLog, Session
from nestgen.cloud.settings import load_settings
from nestgen.errors import CheckFailed, UsageError
from nestgen.publish import saved
from nestgen.publish.apply import ApplyOptions, ApplyResult, apply_plan
from nestgen.publish.plan import Plan
from nestgen.publish.planner import make_plan
from nestgen.publish.source import Prepared, Source, Warn, prepare, resolve_path
from nestgen.publish.steps.base import PlanOptions, step_dict
from nestgen.publish.validate import validate as check
from nestgen.publish.wait import Progress


@dataclass(frozen=True, kw_only=True)
class Target:
    """Where to publish: region, credentials profile, an explicit service id."""

    region: str | None = None  # None: the package's Service.RegionId
    profile: str | None = None
    service_id: str | None = None
    deadline: Deadline = field(default_factory=Deadline)  # --timeout: the whole command


REGION_FROM_CONFIG = "config.yaml Service.RegionId"


def open_session(target: Target, env: Mapping[str, str], region: str | None = None) -> Session:
    """Settings and credentials resolved once; clients are built on the first call."""
    settings = load_settings(region or target.region or "", env)
    return Session(settings, credentials.resolve(env, target.profile), deadline=target.deadline)


@dataclass(frozen=True)
class _Ready:
    prepared: Prepared
    session: Session
    region_from: str | None  # set when the region is the package's, not --region

    def plan(self, target: Target, release: bool, launch: bool = False) -> Plan:
        options = PlanOptions(service_id=target.service_id, release=release, launch=launch)
        plan = make_plan(self.session, self.prepared.package, options)
        plan.region_from = self.region_from
        return plan


@contextmanager
def ready(source: Source, target: Target, env: Mapping[str, str], warn: Warn) -> Iterator[_Ready]:
    """The prepared package and its session; a given --region is checked before building."""
    early = open_session(target, env) if target.region else None
    with prepare(source, env, warn, target.deadline) as prepared:
        if early is not None:
            yield _Ready(prepared, early, None)
            return
        region = prepared.package.region
        if not region:
            raise UsageError("give --region: config.yaml has no Service.RegionId")
        yield _Ready(prepared, open_session(target, env, region), REGION_FROM_CONFIG)


def run_plan(
    source: Source,
    target: Target,
    env: Mapping[str, str],
    warn: Warn,
    *,
    validate: bool = False,
    release: bool = False,
    launch: bool = False,
    save_to: Path | None = None,
) -> tuple[Plan, CallLog]:
    """Plan without changing anything remote (``--validate`` adds the server-side checks;
    ``save_to`` writes the plan for ``publish PLAN``)."""
    with ready(source, target, env, warn) as state:
        plan = state.plan(target, release or launch, launch)
        prepared = state.prepared
        if validate:
            check(state.session, prepared.package, plan, prepared.display)
        if save_to is not None:
            saved.save(save_to, _saved(source, target, release or launch, launch, prepared, plan))
    return plan, state.session.log


def _saved(
    source: Source, target: Target, release: bool, launch: bool, prepared: Prepared, plan: Plan
) -> saved.SavedPlan:
    path = resolve_path(source.path, Path.cwd()).resolve()
    return saved.SavedPlan(
        source={
            "path": str(path),
            "service_name": source.service_name,
            "charts": {k: str(Path(v).resolve()) for k, v in sorted(source.charts.items())},
            "update_lock": source.update_lock,
        },
        target={
            "region": target.region,
            "profile": target.profile,
            "service_id": target.service_id,
        },
        options={"release": release, "launch": launch},
        local=saved.local_digest(prepared.package),
        remote=saved.remote_digest(plan),
        steps=[step_dict(s) for s in plan.steps],
    )


def from_saved(plan: saved.SavedPlan, deadline: Deadline | None = None) -> tuple[Source, Target]:
    """The source and target a saved plan was made for, bounded by ``deadline``."""
    data = plan.source
    source = Source(
        path=Path(data["path"]),
        service_name=data.get("service_name"),
        charts={k: Path(v) for k, v in (data.get("charts") or {}).items()},
        update_lock=bool(data.get("update_lock")),
    )
    target = plan.target
    return source, Target(
        region=target.get("region"),
        profile=target.get("profile"),
        service_id=target.get("service_id"),
        deadline=deadline or Deadline(),
    )


@dataclass(frozen=True)
class PublishOutcome:
    plan: Plan
    result: ApplyResult | None
    log: CallLog


def run_publish(
    source: Source,
    target: Target,
    env: Mapping[str, str],
    warn: Warn,
    *,
    options: ApplyOptions,
    confirm: Callable[[Plan], bool],
    progress: Progress,
    expected: saved.SavedPlan | None = None,
) -> PublishOutcome:
    """Plan, ask ``confirm`` when there are changes, apply, then save the chart lock.

    With ``expected`` (a saved plan), the new plan must be that plan: same package, same
    remote state; otherwise nothing is applied."""
    with ready(source, target, env, warn) as state:
        session, prepared = state.session, state.prepared
        plan = state.plan(target, options.release, options.launch)
        if expected is not None:
            expected.check(prepared.package, plan)
        if plan.changes() == 0:
            apply_plan(session, prepared.package, plan, options, progress)  # waits if busy
            if prepared.lock:
                prepared.lock.save()
            return PublishOutcome(plan, None, session.log)
        if not confirm(plan):
            raise CheckFailed("publishing cancelled; nothing was changed")
        result = apply_plan(session, prepared.package, plan, options, progress)
        if prepared.lock:
            prepared.lock.save()
    return PublishOutcome(plan, result, session.log)
