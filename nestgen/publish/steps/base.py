"""The shape every publish step shares, and the two contexts steps run in.

A step module has one ``plan(ctx) -> list[Step]`` (what it reads, read calls only) and one
frozen dataclass whose ``lines()`` is its plan text and whose ``apply(run)`` carries it out
and returns what it reports (one line, or None when it had nothing to do).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Collection
from dataclasses import asdict, dataclass, field, fields
from typing import Any, ClassVar, Protocol

from nestgen.cloud.session import Session
from nestgen.publish.package import LocalArtifact, Package, Ref
from nestgen.publish.payload import ServicePayload
from nestgen.publish.wait import Progress, wait_for

CN = "computenest"
LEAVE = "leave"
TRANSIENT = "transient"  # field metadata: kept in memory, never rendered or saved


class Step(Protocol):
    """One thing publishing does: its plan line, its apply, what it reports."""

    kind: ClassVar[str]
    action: str

    def lines(self) -> list[str]: ...

    def apply(self, run: Run) -> str | None: ...


def changes(step: Step) -> bool:
    """Whether the step writes something."""
    return step.action != LEAVE


def step_dict(step: Any) -> dict[str, Any]:
    """The step as a plain record (``step`` names its kind; transient fields are left out)."""
    data = {"step": step.kind, **asdict(step)}
    for f in fields(step):
        if f.metadata.get(TRANSIENT):
            data.pop(f.name, None)
    return data


def client_token(action: str, *parts: Any) -> str:
    """A token derived from the request, so a retried or rerun call is recognised."""
    text = json.dumps([action, *parts], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


WORDS = {
    "create": "create",
    "add-version": "add version",
    "update-draft": "update draft",
    "release": "release",
    "wait": "wait for",
    "upload": "upload",
    "update": "update",
    "launch": "launch",
    LEAVE: "unchanged",
}


def line(action: str, text: str) -> str:
    """One plan line: the action word in a column, then what it acts on."""
    return f"  {WORDS.get(action, action):<12} {text}"


@dataclass(frozen=True)
class PlanOptions:
    """What the user asked to plan for."""

    service_id: str | None = None
    release: bool = False
    launch: bool = False


@dataclass
class PlanContext:
    """What planning reads: the package, the remote service, and the steps planned so far."""

    session: Session
    pkg: Package
    options: PlanOptions
    body: dict[str, Any] | None  # GetService(draft), None when the service does not exist
    remote: ServicePayload | None
    steps: list[Any] = field(default_factory=list)

    def of(self, kind: str) -> list[Any]:
        return [s for s in self.steps if s.kind == kind]

    def artifact(self, section: str) -> LocalArtifact:
        return next(a for a in self.pkg.artifacts if a.section == section)


@dataclass(frozen=True)
class ApplyOptions:
    """How to apply: release artifacts, launch, wait for states, and for how long."""

    release: bool = False
    wait: bool = True
    timeout: float = 600.0
    launch: bool = False
    force: bool = False  # launch although the service test has not passed


@dataclass
class Run:
    """One apply run: what earlier steps produced, for the later ones."""

    session: Session
    pkg: Package
    options: ApplyOptions
    progress: Progress
    remote: ServicePayload | None
    relations: dict[Ref, tuple[str, str]] = field(default_factory=dict)
    artifacts: dict[str, tuple[str, str, str | None]] = field(default_factory=dict)  # id, v, status
    urls: dict[str, str] = field(default_factory=dict)
    uploads: dict[str, str] = field(default_factory=dict)
    service_id: str | None = None
    service_version: str | None = None
    service_written: bool = False
    reports: list[str] = field(default_factory=list)
    cache: dict[str, Any] = field(default_factory=dict)  # e.g. the registry login

    def call(self, action: str, fields: dict[str, Any]) -> dict[str, Any]:
        return self.session.call(CN, action, fields)

    def artifact(self, section: str) -> LocalArtifact:
        return next(a for a in self.pkg.artifacts if a.section == section)

    def refer(self, local: LocalArtifact, artifact_id: str, version: str) -> None:
        """Every relation naming ``local`` now points at this artifact version."""
        for ref in local.refs:
            self.relations[ref] = (artifact_id, version)

    def wait(
        self,
        what: str,
        poll: Callable[[], tuple[str, str]],
        done: Collection[str],
        failed: Collection[str],
    ) -> str:
        """Poll within ``--timeout``, showing progress."""
        return wait_for(
            what,
            poll,
            done=done,
            failed=failed,
            timeout=self.session.deadline.cap(self.options.timeout),
            interval=self.session.settings.poll_interval,
            progress=self.progress,
        )
