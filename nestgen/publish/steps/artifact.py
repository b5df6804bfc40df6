"""Artifacts (charts, files, container and ECS images, scripts): create, add a version,
update the draft, or leave them.

Compute Nest keeps one unreleased version per artifact, ``draft``: ``CreateArtifact`` makes it
(``EntityAlreadyExist.DraftArtifact`` when there is one) and ``UpdateArtifact`` changes it.
A version is recognised by its ``VersionName``, which carries the content digest.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from nestgen.errors import RemoteError
from nestgen.publish import remote
from nestgen.publish.content import artifact_property
from nestgen.publish.package import LocalArtifact
from nestgen.publish.payload import remote_relation
from nestgen.publish.steps.base import LEAVE, PlanContext, Run, client_token, line

FAILED = ("CreateFailed", "ScanFailed", "UpdateFailed", "Deleted")
DRAFT_EXISTS = "EntityAlreadyExist.DraftArtifact"


@dataclass(frozen=True)
class ArtifactStep:
    """One artifact of the package and what publishing does to it."""

    kind: ClassVar[str] = "artifact"
    type: str  # ArtifactType
    key: str
    section: str
    artifact_name: str
    source: str  # the chart name, file path, image or ECS image id
    version: str  # the chart version or image tag ("" otherwise)
    digest: str
    version_name: str
    regions: tuple[str, ...]
    action: str  # create | add-version | update-draft | leave
    artifact_id: str | None = None
    artifact_version: str | None = None
    status: str | None = None

    def lines(self) -> list[str]:
        where = f" ({self.artifact_id} v{self.artifact_version})" if self.artifact_version else ""
        what = {
            "HelmChart": f"chart {self.source} {self.version}",
            "File": f"file {self.source}",
            "AcrImage": f"image {self.source}",
            "EcsImage": f"ECS image {self.source}",
            "Script": "script",
        }[self.type]
        regions = f" in {','.join(self.regions)}" if self.regions and self.action != LEAVE else ""
        text = f"artifact {self.artifact_name}: {what} {self.digest[:19]}{where}{regions}"
        return [line(self.action, text)]

    def planned_version(self) -> str:
        """The version the service will name: an unreleased change is the draft."""
        if self.action == LEAVE and self.artifact_version:
            return self.artifact_version
        return remote.DRAFT

    def apply(self, run: Run) -> str | None:
        local = run.artifact(self.section)
        if self.action == LEAVE:
            assert self.artifact_id and self.artifact_version
            run.refer(local, self.artifact_id, self.artifact_version)
            run.artifacts[self.section] = (self.artifact_id, self.artifact_version, self.status)
            return None
        prop = artifact_property(run, local)
        body = self._write(run, local, prop)
        artifact_id = str(body.get("ArtifactId") or self.artifact_id)
        version = str(body.get("ArtifactVersion") or remote.DRAFT)
        run.refer(local, artifact_id, version)
        run.artifacts[self.section] = (artifact_id, version, str(body.get("Status") or "Created"))
        return f"artifact {self.artifact_name}: {self.action} -> {artifact_id} v{version}"

    def _write(self, run: Run, local: LocalArtifact, prop: dict[str, Any]) -> dict[str, Any]:
        regions = {"SupportRegionIds": list(self.regions)} if self.regions else {}
        if self.action == "update-draft":
            return _update(run, str(self.artifact_id), self.version_name, prop, regions)
        fields: dict[str, Any] = {
            "ArtifactType": local.kind,
            "Name": local.artifact_name,
            "VersionName": self.version_name,
            "ArtifactProperty": prop,
            **regions,
        }
        if self.artifact_id:
            fields["ArtifactId"] = self.artifact_id
        fields["ClientToken"] = client_token("CreateArtifact", fields)
        try:
            return run.call("CreateArtifact", fields)
        except RemoteError as exc:
            if exc.code != DRAFT_EXISTS or not self.artifact_id:
                raise
            # a draft appeared since planning (another run): change it instead
            return _update(run, self.artifact_id, self.version_name, prop, regions)


def _update(
    run: Run, artifact_id: str, version_name: str, prop: dict[str, Any], regions: dict[str, Any]
) -> dict[str, Any]:
    fields = {
        "ArtifactId": artifact_id,
        "VersionName": version_name,
        "ArtifactProperty": prop,
        **regions,
    }
    fields["ClientToken"] = client_token("UpdateArtifact", fields)
    return run.call("UpdateArtifact", fields)


def _known_id(ctx: PlanContext, local: LocalArtifact) -> str | None:
    """The artifact id the remote service already names, else the one called by its name."""
    for ref in local.refs:
        value = remote_relation(ctx.remote, ref).get("ArtifactId")
        if isinstance(value, str) and value and not value.startswith("${"):
            return value
    return remote.find_artifact(ctx.session, local.artifact_name, local.kind)


def _step(ctx: PlanContext, local: LocalArtifact) -> ArtifactStep:
    source, version, digest = local.identity
    base: dict[str, Any] = dict(
        type=local.kind,
        key=local.key,
        section=local.section,
        artifact_name=local.artifact_name,
        source=source,
        version=version,
        digest=digest,
        version_name=local.version_name,
        regions=local.regions,
    )
    artifact_id = _known_id(ctx, local)
    if artifact_id is None:
        return ArtifactStep(**base, action="create")
    found = remote.versions(ctx.session, artifact_id)
    draft = remote.draft(found)
    mine = remote.named(found, local.version_name)
    if mine is None:
        action = "update-draft" if draft else "add-version"
        return ArtifactStep(**base, action=action, artifact_id=artifact_id)
    status = str(mine.get("Status") or "")
    number = str(mine.get("ArtifactVersion"))
    if status in FAILED:
        raise RemoteError(
            f"artifact {local.artifact_name} version {number} is {status}: "
            f"{mine.get('StatusDetail') or 'no detail'}"
        )
    if local.regions and remote.regions(mine) != frozenset(local.regions):
        action = "update-draft" if draft else "add-version"  # the regions changed, not the content
        return ArtifactStep(**base, action=action, artifact_id=artifact_id)
    return ArtifactStep(
        **base, action=LEAVE, artifact_id=artifact_id, artifact_version=number, status=status
    )


def plan(ctx: PlanContext) -> list[ArtifactStep]:
    """One step per artifact: ListArtifactVersions (and ListArtifacts for a new service)."""
    return [_step(ctx, a) for a in ctx.pkg.artifacts]
