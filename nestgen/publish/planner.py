"""Decide the plan from the package and the remote state (read calls only)."""

from __future__ import annotations

from typing import Any

from nestgen.cloud.session import Session
from nestgen.errors import InputError, RemoteError
from nestgen.publish.package import KINDS, LocalArtifact, Package
from nestgen.publish.payload import ServicePayload, build_payload, diff, remote_payload
from nestgen.publish.plan import ArtifactStep, FileStep, Plan, ServiceStep

CN = "computenest"
FAILED = ("CreateFailed", "ScanFailed", "UpdateFailed", "Deleted")


def paged(session: Session, action: str, fields: dict[str, Any], key: str) -> list[dict[str, Any]]:
    """Every item of a listing, following ``NextToken`` (one call for one page)."""
    items: list[dict[str, Any]] = []
    token = None
    for _ in range(100):  # a bound, in case a server keeps handing out tokens
        body = session.call(
            CN, action, {**fields, "MaxResults": 100, **({"NextToken": token} if token else {})}
        )
        items += body.get(key) or []
        token = body.get("NextToken")
        if not token:
            break
    return items


def _names(service: dict[str, Any]) -> set[str]:
    return {str(i.get("Name")) for i in service.get("ServiceInfos") or []}


def find_service(session: Session, name: str, service_id: str | None) -> dict[str, Any] | None:
    """The service's draft as ``GetService`` returns it, or None when there is none."""
    if not service_id:
        services = paged(
            session,
            "ListServices",
            {"Filter": [{"Name": "Name", "Value": [name]}], "RegionId": session.settings.region},
            "Services",
        )
        ids = sorted({s["ServiceId"] for s in services if name in _names(s)})
        if len(ids) > 1:
            raise InputError(
                f"{len(ids)} services are named {name!r} ({', '.join(ids)}): "
                "choose one with --service-id"
            )
        if not ids:
            return None
        service_id = ids[0]
    return session.call(CN, "GetService", {"ServiceId": service_id, "ServiceVersion": "draft"})


def _remote_relation(remote: ServicePayload | None, placeholder: str) -> dict[str, Any]:
    if remote is None:
        return {}
    supplier = remote.deploy_metadata.get("SupplierDeployMetadata") or {}
    for table, _ in KINDS.values():
        relation = (supplier.get(table) or {}).get(placeholder)
        if isinstance(relation, dict):
            return relation
    return {}


def find_artifact(session: Session, name: str) -> str | None:
    """The id of the artifact called ``name``, if any."""
    found = paged(
        session, "ListArtifacts", {"Filter": [{"Name": "Name", "Values": [name]}]}, "Artifacts"
    )
    ids = [a["ArtifactId"] for a in found if a.get("Name") == name]
    return ids[0] if ids else None


def find_version(session: Session, artifact_id: str, version_name: str) -> dict[str, Any] | None:
    """The artifact version whose name records this chart digest, if any."""
    for version in paged(session, "ListArtifactVersions", {"ArtifactId": artifact_id}, "Artifacts"):
        if version.get("VersionName") == version_name and version.get("Status") != "Deleted":
            return version
    return None


def artifact_step(
    session: Session, local: LocalArtifact, remote: ServicePayload | None, release: bool
) -> ArtifactStep:
    """Compare one artifact with the versions Compute Nest has."""
    source, version_label, digest = local.identity
    base = dict(
        kind=local.kind,
        key=local.key,
        placeholder=local.placeholder,
        artifact_name=local.artifact_name,
        source=source,
        version=version_label,
        digest=digest,
        version_name=local.version_name,
    )
    artifact_id = _remote_relation(remote, local.placeholder).get("ArtifactId")
    if not isinstance(artifact_id, str) or artifact_id.startswith("${"):
        artifact_id = find_artifact(session, local.artifact_name)
    if artifact_id is None:
        return ArtifactStep(**base, action="create")
    version = find_version(session, artifact_id, local.version_name)
    if version is None:
        return ArtifactStep(**base, action="add-version", artifact_id=artifact_id)
    status = str(version.get("Status") or "")
    if status in FAILED:
        raise RemoteError(
            f"artifact {local.artifact_name} version {version.get('ArtifactVersion')}"
            f" is {status}: {version.get('StatusDetail') or 'no detail'}"
        )
    action = "release" if release and status != "Available" else "leave"
    return ArtifactStep(
        **base,
        action=action,
        artifact_id=artifact_id,
        artifact_version=str(version.get("ArtifactVersion")),
        status=status,
    )


def file_steps(pkg: Package, remote: ServicePayload | None) -> list[FileStep]:
    """Files whose digest-named copy the service already points at are left alone."""
    known = {url.rsplit("/", 1)[-1]: url for url in (remote.urls() if remote else [])}
    steps = []
    for relpath, local in sorted(pkg.files.items()):
        url = known.get(local.upload_name)
        steps.append(FileStep(relpath, local.upload_name, "leave" if url else "upload", url))
    return steps


def planned_payload(
    pkg: Package, artifacts: list[ArtifactStep], files: list[FileStep]
) -> ServicePayload:
    """The service payload with placeholders where uploads and new versions are pending."""
    urls = {f.path: f.url or f"<upload {f.path}>" for f in files}
    relations = {
        c.placeholder: (c.artifact_id or "<new artifact>", c.artifact_version or "<new version>")
        for c in artifacts
    }
    return build_payload(pkg, urls, relations)


def service_step(
    pkg: Package,
    body: dict[str, Any] | None,
    remote: ServicePayload | None,
    desired: ServicePayload,
) -> ServiceStep:
    if body is None or remote is None:
        return ServiceStep(pkg.name, "create", diff=tuple(diff(None, desired)))
    lines = tuple(diff(remote, desired))
    return ServiceStep(
        pkg.name,
        "update" if lines else "leave",
        body.get("ServiceId"),
        str(body.get("Version") or ""),
        body.get("Status"),
        lines,
    )


def make_plan(
    session: Session, pkg: Package, *, service_id: str | None = None, release: bool = False
) -> Plan:
    """Read the remote state and decide every step; makes read calls only."""
    body = find_service(session, pkg.name, service_id)
    with_operation = pkg.service.get("OperationMetadata") is not None
    remote = remote_payload(body, with_operation) if body else None
    artifacts = [artifact_step(session, a, remote, release) for a in pkg.artifacts]
    files = file_steps(pkg, remote)
    desired = planned_payload(pkg, artifacts, files)
    return Plan(
        session.settings.region,
        artifacts,
        files,
        service_step(pkg, body, remote, desired),
        remote=remote,
    )
