"""``--launch``: pre-launch the service draft as a new version, launch it, wait until Online.

``PreLaunchService`` freezes the draft into a new numbered version (Beta; the answer names
none, so nestgen lists the versions to find it) and ``LaunchService`` publishes that version.
Nothing is launched when the Online version already has the desired content; a Beta version
that has it (an earlier run that stopped) is launched without a new pre-launch. The draft's
``TestStatus`` must not say the service test is failing, unless ``--force``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from nestgen.errors import CheckFailed, RemoteError
from nestgen.publish.payload import ServicePayload, diff, remote_payload
from nestgen.publish.remote import DRAFT, paged, service_versions
from nestgen.publish.steps import service
from nestgen.publish.steps.base import CN, LEAVE, PlanContext, Run, client_token, line

ONLINE = "Online"
LAUNCHABLE = ("Beta", "Approved", "Offline")
FAILED = ("CreateFailed", "UpdateFailed")
TEST_FAILING = "SERVICE_TSET_DOING"
PASSED = ("Succeeded", "Success", "Passed")  # a test task's end states, as far as known
RUNNING = (
    "Running",
    "Pending",
    "Created",
    "Waiting",
    "Executing",
)  # Compute Nest's spelling: "has not passed the test"


@dataclass(frozen=True)
class LaunchStep:
    """``pre-launch`` (then launch), ``launch`` an existing version, or ``leave``."""

    kind: ClassVar[str] = "launch"
    name: str
    action: str
    version: str | None = None  # the version to launch (``launch``) or that is Online
    online: str | None = None
    known: tuple[str, ...] = ()  # the versions there were when planning

    def lines(self) -> list[str]:
        if self.action == LEAVE:
            return [line(LEAVE, f"launch of {self.name}: version {self.online} is Online")]
        what = f"version {self.version}" if self.version else "the draft as a new version"
        since = f" (Online now: {self.online})" if self.online else ""
        word = "pre-launch" if self.action == "pre-launch" else "launch"
        return [line(word, f"{what} of service {self.name}, until {ONLINE}{since}")]

    def apply(self, run: Run) -> str | None:
        if self.action == LEAVE:
            return None
        service_id = str(run.service_id)
        version = self.version
        if self.action == "pre-launch":
            _tested(run, service_id)
            run.call(
                "PreLaunchService",
                {
                    "ServiceId": service_id,
                    "RegionId": run.session.settings.region,
                    "ClientToken": client_token("PreLaunchService", service_id, _content(run)),
                },
            )
            version = _new_beta(run, service_id, set(self.known))
        body = run.call(
            "LaunchService",
            {
                "ServiceId": service_id,
                "ServiceVersion": version,
                "RegionId": run.session.settings.region,
                "ClientToken": client_token("LaunchService", service_id, version),
            },
        )
        version = str(body.get("Version") or version)
        if run.options.wait:
            run.wait(
                f"service {service_id} v{version}",
                lambda: _state(run, service_id, str(version)),
                done=(ONLINE,),
                failed=FAILED,
            )
        return f"service {self.name}: version {version} launched"


def versions(run: Any, service_id: str) -> list[tuple[str, str]]:
    """(version, status) of every version that is not the draft, oldest first."""
    return [
        (str(s.get("Version")), str(s.get("Status")))
        for s in service_versions(run.session, service_id)
        if s.get("Status") in (*LAUNCHABLE, ONLINE, "Launching")
    ]


def _tested(run: Run, service_id: str) -> None:
    body = run.cache.get("service")  # read by the service step's wait, if it waited
    if not isinstance(body, dict) or body.get("ServiceId") != service_id:
        body = run.call("GetService", {"ServiceId": service_id, "ServiceVersion": DRAFT})
    if run.options.force:
        return
    if body.get("TestStatus") == TEST_FAILING:
        raise CheckFailed(
            f"service {service_id}: the service test has not passed (TestStatus "
            f"{TEST_FAILING}); launch refused (--force launches anyway)"
        )
    if run.pkg.tests:  # the last test task of this version, when the package has cases
        version = str(body.get("Version") or DRAFT)
        tasks = paged(
            run.session,
            "ListServiceTestTasks",
            {"ServiceId": service_id, "ServiceVersion": version},
            "ServiceTestTasks",
        )
        last = max(tasks, key=lambda t: str(t.get("CreateTime") or ""), default=None)
        if last is not None and last.get("Status") not in (*PASSED, *RUNNING):
            raise CheckFailed(
                f"service {service_id}: test task {last.get('TaskId')} of version {version} "
                f"is {last.get('Status')}; launch refused (--force launches anyway)"
            )


def _new_beta(run: Run, service_id: str, before: set[str]) -> str:
    fresh = [v for v, status in versions(run, service_id) if v not in before]
    if not fresh:
        raise RemoteError(f"service {service_id}: PreLaunchService made no new version")
    return fresh[-1]


def _content(run: Run) -> dict[str, Any]:
    return service.payload(run.pkg, run.urls, run.relations).comparable()


def _state(run: Run, service_id: str, version: str) -> tuple[str, str]:
    body = run.call("GetService", {"ServiceId": service_id, "ServiceVersion": version})
    return str(body.get("Status")), str(body.get("StatusDetail") or "")


def _payload(ctx: PlanContext, service_id: str, version: str) -> ServicePayload:
    body = ctx.session.call(CN, "GetService", {"ServiceId": service_id, "ServiceVersion": version})
    return remote_payload(body, ctx.pkg.service.get("OperationMetadata") is not None)


def plan(ctx: PlanContext) -> list[LaunchStep]:
    """With ``--launch``: ListServices(AllVersions), and GetService of the Online version."""
    if not ctx.options.launch:
        return []
    name = ctx.pkg.name
    if ctx.body is None:
        return [LaunchStep(name, "pre-launch")]
    desired = service.planned(ctx)
    service_id = str(ctx.body["ServiceId"])
    found = versions(ctx, service_id)
    online = next((v for v, status in reversed(found) if status == ONLINE), None)
    known = tuple(v for v, _ in found)
    if online and not diff(_payload(ctx, service_id, online), desired):
        return [LaunchStep(name, LEAVE, online=online, known=known)]
    newer = [v for v, status in found if status in LAUNCHABLE and _after(v, online)]
    for version in reversed(newer):
        if not diff(_payload(ctx, service_id, version), desired):
            return [LaunchStep(name, "launch", version=version, online=online, known=known)]
    return [LaunchStep(name, "pre-launch", online=online, known=known)]


def _after(version: str, online: str | None) -> bool:
    if online is None or not (version.isdigit() and online.isdigit()):
        return True
    return int(version) > int(online)
