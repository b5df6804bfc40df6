"""``--release``: release an artifact's draft and wait until the released version is Available.

``ReleaseArtifact`` turns the draft into a numbered version; the draft then no longer
exists, so nestgen polls the version the call returns (or, when an answer names none, the
version that carries the draft's ``VersionName``), and the service's relation is repointed
to it before the service is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from nestgen.errors import RemoteError
from nestgen.publish import remote
from nestgen.publish.steps.artifact import ArtifactStep
from nestgen.publish.steps.base import LEAVE, PlanContext, Run, client_token, line

AVAILABLE = "Available"
FAILED = ("ScanFailed", "CreateFailed", "Deleted")


@dataclass(frozen=True)
class ReleaseStep:
    """Release one artifact's draft (``release``), or wait for a release under way (``wait``)."""

    kind: ClassVar[str] = "release"
    section: str
    artifact_name: str
    version_name: str
    action: str
    artifact_id: str | None = None
    artifact_version: str | None = None
    status: str | None = None

    def lines(self) -> list[str]:
        where = f" ({self.artifact_id} v{self.artifact_version})" if self.artifact_version else ""
        return [line(self.action, f"artifact {self.artifact_name}{where}: until {AVAILABLE}")]

    def apply(self, run: Run) -> str | None:
        artifact_id, version, status = run.artifacts[self.section]
        if self.action == "release" and version == remote.DRAFT and status in (None, "Created"):
            body = run.call(
                "ReleaseArtifact",
                {
                    "ArtifactId": artifact_id,
                    "ClientToken": client_token("ReleaseArtifact", artifact_id, self.version_name),
                },
            )
            version = str(body.get("ArtifactVersion") or remote.DRAFT)
            if version == remote.DRAFT:
                version = _released(run, artifact_id, self.version_name)
        if run.options.wait:
            run.wait(
                f"artifact {self.artifact_name} v{version}",
                lambda: _state(run, artifact_id, version),
                done=(AVAILABLE,),
                failed=FAILED,
            )
        run.refer(run.artifact(self.section), artifact_id, version)
        run.artifacts[self.section] = (artifact_id, version, AVAILABLE)
        return f"artifact {self.artifact_name}: released as v{version}"


def _state(run: Run, artifact_id: str, version: str) -> tuple[str, str]:
    body = run.call("GetArtifact", {"ArtifactId": artifact_id, "ArtifactVersion": version})
    return str(body.get("Status")), str(body.get("StatusDetail") or "")


def _released(run: Run, artifact_id: str, version_name: str) -> str:
    """The numbered version the draft became (for an answer that named no version)."""

    def poll() -> tuple[str, str]:
        found = remote.named(remote.versions(run.session, artifact_id), version_name)
        number = str(found.get("ArtifactVersion")) if found else remote.DRAFT
        return ("released" if number != remote.DRAFT else "releasing"), number

    state = run.wait(f"artifact {artifact_id} release", poll, done=("released",), failed=())
    found = remote.named(remote.versions(run.session, artifact_id), version_name)
    if state != "released" or found is None:
        raise RemoteError(f"artifact {artifact_id}: no released version named {version_name}")
    return str(found["ArtifactVersion"])


def _for(step: ArtifactStep) -> ReleaseStep | None:
    base = dict(
        section=step.section, artifact_name=step.artifact_name, version_name=step.version_name
    )
    if step.action != LEAVE:
        return ReleaseStep(**base, action="release", artifact_id=step.artifact_id)
    if step.status == AVAILABLE:
        return None
    action = "release" if step.artifact_version == remote.DRAFT else "wait"
    return ReleaseStep(
        **base,
        action=action,
        artifact_id=step.artifact_id,
        artifact_version=step.artifact_version,
        status=step.status,
    )


def plan(ctx: PlanContext) -> list[ReleaseStep]:
    """With ``--release``: every artifact whose version is not yet Available (no read calls)."""
    if not ctx.options.release:
        return []
    steps = (_for(s) for s in ctx.of("artifact"))
    return [s for s in steps if s is not None]


def planned_version(ctx: PlanContext, section: str) -> str | None:
    """``<released version>`` when a release of ``section`` is planned."""
    return "<released version>" if any(s.section == section for s in ctx.of("release")) else None
