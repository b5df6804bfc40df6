"""``nestgen test``: run the service's test cases (``CreateServiceTestTask``), follow them,
and report pass or fail per case.

The cases are the package's ``service_test/*.yaml`` as ``publish`` put them on the draft's
version: a case that is missing there or differs is refused (publish first). Cases are
grouped into one task per region they deploy in. With ``--wait`` the task is polled until it
ends (within ``--timeout``), its log lines are shown as they come, and the report has every
case's status and execution report.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any
from xml.etree import ElementTree

from nestgen.cloud.session import CallLog, Session
from nestgen.errors import CheckFailed, UsageError
from nestgen.publish.remote import CN, find_service, paged
from nestgen.publish.run import Target, ready
from nestgen.publish.source import Source, Warn
from nestgen.publish.steps.launch import PASSED, RUNNING
from nestgen.publish.steps.testcase import remote_cases, same_config
from nestgen.publish.testcases import LocalTestCase
from nestgen.publish.wait import Progress, wait_for


@dataclass(frozen=True)
class CaseResult:
    name: str
    template: str
    region: str
    status: str
    report: str = ""

    @property
    def passed(self) -> bool:
        return self.status in PASSED


@dataclass
class TestRun:
    """The tasks started and, after waiting, every case's result."""

    service_id: str
    version: str
    tasks: list[tuple[str, str]] = field(default_factory=list)  # (task id, region)
    cases: list[CaseResult] = field(default_factory=list)
    waited: bool = False

    def failed(self) -> list[CaseResult]:
        return [c for c in self.cases if not c.passed]

    def to_dict(self) -> dict[str, object]:
        return {
            "service_id": self.service_id,
            "version": self.version,
            "tasks": [{"task_id": t, "region": r} for t, r in self.tasks],
            "waited": self.waited,
            "cases": [asdict(c) | {"passed": c.passed} for c in self.cases],
            "failed": len(self.failed()),
        }


def _published(
    session: Session, service_id: str, version: str, cases: list[LocalTestCase]
) -> dict[str, str]:
    """Case name -> id, refusing cases that publish has not put there as they are."""
    remote = {str(c.get("TestCaseName")): c for c in remote_cases(session, service_id, version)}
    stale = [
        c.name
        for c in cases
        if c.name not in remote or not same_config(remote[c.name].get("TestConfig"), c)
    ]
    if stale:
        raise CheckFailed(
            f"test case(s) {', '.join(stale)} are not on version {version} as the package has "
            "them: run `nestgen publish` first"
        )
    return {c.name: str(remote[c.name]["TestCaseId"]) for c in cases}


def _follow(
    session: Session, task_id: str, timeout: float, progress: Progress, echo: Callable[[str], None]
) -> dict[str, Any]:
    shown = 0
    last: dict[str, Any] = {}

    def poll() -> tuple[str, str]:
        nonlocal shown, last
        last = session.call(CN, "GetServiceTestTask", {"TaskId": task_id})
        logs = paged(
            session,
            "ListServiceTestTaskLogs",
            {"TaskId": task_id, "SortOrder": "Ascending"},
            "TaskLogs",
        )
        for entry in logs[shown:]:
            echo(f"{entry.get('Timestamp', '')} {entry.get('Content', '')}".strip())
        shown = len(logs)
        status = str(last.get("Status") or "")
        return ("running" if status in RUNNING else "ended"), status

    wait_for(
        f"test task {task_id}",
        poll,
        done=("ended",),
        failed=(),
        timeout=session.deadline.cap(timeout),
        interval=session.settings.poll_interval,
        progress=progress,
    )
    return last


def run_tests(
    source: Source,
    target: Target,
    env: Mapping[str, str],
    warn: Warn,
    *,
    wait: bool,
    timeout: float,
    progress: Progress,
    echo: Callable[[str], None],
) -> tuple[TestRun, CallLog]:
    """Start one test task per region; with ``wait``, follow them and collect the results."""
    with ready(source, target, env, warn) as state:
        session, pkg = state.session, state.prepared.package
        if not pkg.tests:
            raise UsageError("the package has no service_test/*.yaml: no test case to run")
        body = find_service(session, pkg.name, target.service_id)
        if body is None:
            raise CheckFailed(f"service {pkg.name} does not exist yet: run `nestgen publish` first")
        service_id, version = str(body["ServiceId"]), str(body.get("Version") or "draft")
        ids = _published(session, service_id, version, pkg.tests)
        run = TestRun(service_id, version)
        by_region: dict[str, list[LocalTestCase]] = {}
        for case in pkg.tests:
            by_region.setdefault(case.region, []).append(case)
        for region, cases in sorted(by_region.items()):
            answer = session.call(
                CN,
                "CreateServiceTestTask",
                {
                    "TaskName": f"nestgen {pkg.name} v{version} {region}",
                    "TaskRegionId": region,
                    "TestCaseIds": [ids[c.name] for c in cases],
                    "RegionId": session.settings.region,
                },
            )
            run.tasks.append((str(answer["TaskId"]), region))
        if wait:
            run.waited = True
            for task_id, region in run.tasks:
                last = _follow(session, task_id, timeout, progress, echo)
                details = {str(d.get("CaseName")): d for d in last.get("ExecutionDetails") or []}
                for case in by_region[region]:
                    detail = details.get(case.name) or {}
                    run.cases.append(
                        CaseResult(
                            case.name,
                            case.template,
                            region,
                            str(detail.get("Status") or last.get("Status") or "Unknown"),
                            str(detail.get("ExecutionReport") or ""),
                        )
                    )
    return run, session.log


def render_text(run: TestRun) -> str:
    tasks = ", ".join(f"{t} ({r})" for t, r in run.tasks)
    lines = [f"Service {run.service_id} v{run.version}: test task(s) {tasks}"]
    if not run.waited:
        lines.append("Started; `nestgen test --wait` follows a run to its end.")
        return "\n".join(lines) + "\n"
    for case in run.cases:
        word = "PASS" if case.passed else "FAIL"
        report = f": {case.report}" if case.report and not case.passed else ""
        lines.append(f"  {word} {case.name} ({case.template}, {case.region}){report}")
    failed = len(run.failed())
    lines.append(f"{len(run.cases) - failed} passed, {failed} failed.")
    return "\n".join(lines) + "\n"


def render_json(run: TestRun) -> str:
    return json.dumps(run.to_dict(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def render_junit(run: TestRun) -> str:
    """JUnit XML: one suite per service version, one test case per case."""
    suite = ElementTree.Element(
        "testsuite",
        name=f"{run.service_id} v{run.version}",
        tests=str(len(run.cases)),
        failures=str(len(run.failed())),
    )
    for case in run.cases:
        item = ElementTree.SubElement(
            suite, "testcase", classname=case.template, name=f"{case.name} ({case.region})"
        )
        if not case.passed:
            failure = ElementTree.SubElement(item, "failure", message=case.status)
            failure.text = case.report
    ElementTree.indent(suite)
    return ElementTree.tostring(suite, encoding="unicode", xml_declaration=True) + "\n"
