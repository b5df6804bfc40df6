"""Carry out a plan: publish artifacts, upload files, write the service, wait."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from nestgen.cloud import oss
from nestgen.cloud.oci import Registry
from nestgen.cloud.session import Session
from nestgen.errors import RemoteError
from nestgen.publish.package import LocalArtifact, LocalFile, Package
from nestgen.publish.payload import ServicePayload, build_payload, diff
from nestgen.publish.plan import ArtifactStep, Plan
from nestgen.publish.wait import Progress, wait_for

CN = "computenest"
SERVICE_BUSY = ("Creating", "Updating", "Launching")
SERVICE_FAILED = ("CreateFailed", "UpdateFailed")
ARTIFACT_FAILED = ("ScanFailed", "CreateFailed", "Deleted")


@dataclass(frozen=True)
class ApplyOptions:
    """How to apply: release charts, wait for states, and for how long."""

    release: bool = False
    wait: bool = True
    timeout: float = 600.0


def client_token(action: str, *parts: Any) -> str:
    """A token derived from the request, so a retried or rerun call is recognised."""
    text = json.dumps([action, *parts], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


class Applier:
    """One apply run; remembers the registry login between charts."""

    def __init__(
        self, session: Session, pkg: Package, options: ApplyOptions, progress: Progress
    ) -> None:
        self.session, self.pkg, self.options, self.progress = session, pkg, options, progress
        self._registry: tuple[Registry, str] | None = None

    def call(self, action: str, fields: dict[str, Any]) -> dict[str, Any]:
        return self.session.call(CN, action, fields)

    # ------------------------------------------------------------------ charts
    def registry(self) -> tuple[Registry, str]:
        """The registry and namespace path that ``GetArtifactRepositoryCredentials`` names."""
        if self._registry is None:
            body = self.call(
                "GetArtifactRepositoryCredentials",
                {"ArtifactType": "HelmChart", "DeployRegionId": self.session.settings.region},
            )
            creds = body.get("Credentials") or {}
            resources = body.get("AvailableResources") or []
            if not resources or not resources[0].get("Path"):
                raise RemoteError("GetArtifactRepositoryCredentials named no repository")
            host, _, namespace = str(resources[0]["Path"]).partition("/")
            registry = Registry(
                host,
                str(creds.get("Username", "")),
                str(creds.get("Password", "")),
                self.session.policy,
                self.session.settings.timeout,
            )
            self._registry = (registry, namespace)
        return self._registry

    def push(self, chart: LocalArtifact) -> None:
        assert chart.archive is not None
        registry, namespace = self.registry()
        name = f"{namespace}/{chart.archive.name}" if namespace else chart.archive.name
        self.session.log.pushes.append(f"{name}:{chart.archive.version}")
        registry.push_chart(
            name, chart.archive.version, chart.archive.data, chart.archive.config_blob()
        )

    def repo_id(self, chart: LocalArtifact) -> str:
        assert chart.archive is not None
        body = self.call(
            "ListAcrImageRepositories",
            {"ArtifactType": "HelmChart", "RepoName": chart.archive.name},
        )
        for repo in body.get("Repositories") or []:
            if repo.get("RepoName") == chart.archive.name:
                return str(repo["RepoId"])
        raise RemoteError(
            f"the chart repository {chart.archive.name} is not known to Compute Nest after the push"
        )

    def chart_property(self, chart: LocalArtifact) -> dict[str, str]:
        """Push the chart; its ArtifactProperty names the repository and tag."""
        assert chart.archive is not None
        self.push(chart)
        return {
            "RepoId": self.repo_id(chart),
            "RepoName": chart.archive.name,
            "Tag": chart.archive.version,
            "RepoType": chart.repo_type,
        }

    def file_property(self, local: LocalArtifact) -> dict[str, str]:
        """Upload the file; its ArtifactProperty is the object URL."""
        assert local.file is not None
        url = self.upload(local.file, local.file.upload_name, "private")
        return {"Url": url, "RegionId": self.session.settings.region}

    def add_version(self, local: LocalArtifact, step: ArtifactStep) -> tuple[str, str]:
        """Publish the content, then create the artifact or add a version to it."""
        prop = (
            self.chart_property(local) if local.kind == "HelmChart" else self.file_property(local)
        )
        fields = {
            "ArtifactType": local.kind,
            "Name": local.artifact_name,
            "VersionName": local.version_name,
            "ArtifactProperty": prop,
            "ArtifactId": step.artifact_id,
        }
        fields["ClientToken"] = client_token("CreateArtifact", fields)
        body = self.call("CreateArtifact", {k: v for k, v in fields.items() if v is not None})
        return str(body["ArtifactId"]), str(body["ArtifactVersion"])

    def release(self, artifact_id: str, version: str, status: str | None) -> None:
        if status in (None, "Created"):
            self.call(
                "ReleaseArtifact",
                {
                    "ArtifactId": artifact_id,
                    "ClientToken": client_token("Release", artifact_id, version),
                },
            )
        if not self.options.wait:
            return

        def poll() -> tuple[str, str]:
            body = self.call("GetArtifact", {"ArtifactId": artifact_id, "ArtifactVersion": version})
            return str(body.get("Status")), str(body.get("StatusDetail") or "")

        wait_for(
            f"artifact {artifact_id} v{version}",
            poll,
            done=("Available",),
            failed=ARTIFACT_FAILED,
            timeout=self.session.deadline.cap(self.options.timeout),
            interval=self.session.settings.poll_interval,
            progress=self.progress,
        )

    def artifact(self, local: LocalArtifact, step: ArtifactStep) -> tuple[str, str]:
        """Carry out one artifact step; return the artifact id and version to refer to."""
        if step.action in ("create", "add-version"):
            artifact_id, version = self.add_version(local, step)
            status = None
        else:
            artifact_id, version = str(step.artifact_id), str(step.artifact_version)
            status = step.status
        if self.options.release and status != "Available":
            self.release(artifact_id, version, status)
        return artifact_id, version

    # ------------------------------------------------------------------ files
    def upload(self, local: LocalFile, name: str, visibility: str = "public") -> str:
        """Upload one file under ``name``; return the URL Compute Nest reads it from."""
        body = self.call("GetUploadCredentials", {"FileName": name, "Visibility": visibility})
        target = oss.UploadTarget.from_body(body)
        self.session.log.uploads.append(name)
        settings = self.session.settings
        return oss.upload(target, local.data, settings.oss, self.session.policy, settings.timeout)

    # ------------------------------------------------------------------ service
    def service_fields(self, desired: ServicePayload) -> dict[str, Any]:
        fields: dict[str, Any] = {
            "RegionId": self.session.settings.region,
            "DeployType": desired.deploy_type,
            "ServiceType": desired.service_type,
            "DeployMetadata": json.dumps(
                desired.deploy_metadata, ensure_ascii=False, sort_keys=True
            ),
            "ServiceInfo": list(desired.service_infos),
        }
        if desired.operation_metadata is not None:
            fields["OperationMetadata"] = json.dumps(
                desired.operation_metadata, ensure_ascii=False, sort_keys=True
            )
        return fields

    def write_service(self, plan: Plan, desired: ServicePayload) -> tuple[str, str] | None:
        """Create the service or update its draft; None when nothing differs."""
        fields = self.service_fields(desired)
        step = plan.service
        if step.service_id is None:
            fields["ClientToken"] = client_token("CreateService", self.pkg.name, fields)
            body = self.call("CreateService", fields)
            return str(body["ServiceId"]), str(body.get("Version") or "draft")
        if plan.remote is not None and not diff(plan.remote, desired):
            return None
        fields.update(ServiceId=step.service_id, ServiceVersion=step.version or "draft")
        fields["ClientToken"] = client_token("UpdateService", fields, plan.remote)
        self.call("UpdateService", fields)
        return step.service_id, step.version or "draft"

    def wait_service(self, service_id: str, version: str) -> None:
        def poll() -> tuple[str, str]:
            body = self.call("GetService", {"ServiceId": service_id, "ServiceVersion": version})
            return str(body.get("Status")), str(body.get("StatusDetail") or "")

        wait_for(
            f"service {service_id}",
            poll,
            done=_settled(),
            failed=SERVICE_FAILED,
            timeout=self.session.deadline.cap(self.options.timeout),
            interval=self.session.settings.poll_interval,
            progress=self.progress,
        )


def _settled() -> frozenset[str]:
    return frozenset({"Draft", "Submitted", "Approved", "Online", "Offline", "Beta"})


@dataclass(frozen=True)
class ApplyResult:
    """What the run changed, for the summary line."""

    service_id: str | None
    artifacts: dict[str, tuple[str, str]]
    uploads: dict[str, str]
    service_written: bool


def apply_plan(
    session: Session, pkg: Package, plan: Plan, options: ApplyOptions, progress: Progress
) -> ApplyResult:
    """Apply ``plan`` in order: artifacts, files, then the service; wait within the bound."""
    applier = Applier(session, pkg, options, progress)
    by_placeholder = {a.placeholder: a for a in pkg.artifacts}
    relations = {
        step.placeholder: applier.artifact(by_placeholder[step.placeholder], step)
        for step in plan.artifacts
    }
    urls = {f.path: f.url for f in plan.files if f.url}
    uploads = {
        f.path: applier.upload(pkg.files[f.path], f.upload_name)
        for f in plan.files
        if f.action == "upload"
    }
    urls.update(uploads)
    desired = build_payload(pkg, urls, relations)
    written = applier.write_service(plan, desired)
    if written and options.wait:
        applier.wait_service(*written)
    service_id = written[0] if written else plan.service.service_id
    return ApplyResult(service_id, relations, uploads, written is not None)


def settle(
    session: Session, pkg: Package, plan: Plan, options: ApplyOptions, progress: Progress
) -> None:
    """Nothing to write, but an earlier run may have left the service mid-transition."""
    step = plan.service
    if options.wait and step.service_id and step.status in SERVICE_BUSY:
        Applier(session, pkg, options, progress).wait_service(
            step.service_id, step.version or "draft"
        )
