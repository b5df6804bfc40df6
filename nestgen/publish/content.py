"""An artifact's content, put where Compute Nest reads it; returns its ``ArtifactProperty``.

Charts are pushed to the registry ``GetArtifactRepositoryCredentials`` names, files are
uploaded to OSS, container images must be in (or are copied to) Compute Nest's registry,
ECS images and scripts are sent as config.yaml gives them.
"""

from __future__ import annotations

import posixpath
from typing import Any

from nestgen.cloud import oss
from nestgen.cloud.oci import Registry, copy_image
from nestgen.cloud.session import Session
from nestgen.errors import InputError, RemoteError
from nestgen.publish.package import LocalArtifact, LocalFile
from nestgen.publish.steps.base import Run

CN = "computenest"


def push_target(path: str) -> tuple[str, str]:
    """The registry host and namespace to push to: the parent of ``Path``.

    computenest-cli pushes charts and images to ``dirname(Path)`` (``helm push ...
    oci://<dirname>``, ``docker push <dirname>/<repo>:<tag>``); nestgen does the same.
    """
    parent = posixpath.dirname(path.strip())
    host, _, namespace = parent.partition("/")
    if not host:
        raise RemoteError(f"GetArtifactRepositoryCredentials: Path {path!r} names no registry")
    return host, namespace


def registry(run: Run, kind: str) -> tuple[Registry, str]:
    """The registry and namespace for ``kind`` (HelmChart or AcrImage), logged in once."""
    cached = run.cache.get(f"registry:{kind}")
    if cached is None:
        body = run.call(
            "GetArtifactRepositoryCredentials",
            {"ArtifactType": kind, "DeployRegionId": run.session.settings.region},
        )
        creds = body.get("Credentials") or {}
        resources = body.get("AvailableResources") or []
        if not resources or not resources[0].get("Path"):
            raise RemoteError("GetArtifactRepositoryCredentials named no repository")
        host, namespace = push_target(str(resources[0]["Path"]))
        settings = run.session.settings
        login = Registry(
            host,
            str(creds.get("Username", "")),
            str(creds.get("Password", "")),
            run.session.policy,
            settings.timeout,
            run.session.deadline,
        )
        cached = run.cache[f"registry:{kind}"] = (login, namespace)
    return cached


def _repo_id(run: Run, kind: str, name: str) -> str | None:
    body = run.call("ListAcrImageRepositories", {"ArtifactType": kind, "RepoName": name})
    for repo in body.get("Repositories") or []:
        if repo.get("RepoName") == name:
            return str(repo["RepoId"])
    return None


def _chart(run: Run, local: LocalArtifact) -> dict[str, str]:
    """Push the chart; its ArtifactProperty names the repository and tag."""
    archive = local.archive
    assert archive is not None
    login, namespace = registry(run, "HelmChart")
    name = f"{namespace}/{archive.name}" if namespace else archive.name
    run.session.log.pushes.append(f"{name}:{archive.version}")
    login.push_chart(name, archive.version, archive.data, archive.config_blob())
    repo_id = _repo_id(run, "HelmChart", archive.name)
    if repo_id is None:
        raise RemoteError(
            f"the chart repository {archive.name} is not known to Compute Nest after the push"
        )
    return {
        "RepoId": repo_id,
        "RepoName": archive.name,
        "Tag": archive.version,
        "RepoType": local.repo_type,
    }


def _has_tag(run: Run, repo_id: str, tag: str) -> bool:
    body = run.call(
        "ListAcrImageTags", {"ArtifactType": "AcrImage", "RepoId": repo_id, "MaxResults": 100}
    )
    return any(str(i.get("Tag")) == tag for i in body.get("Images") or [])


def _image(run: Run, local: LocalArtifact) -> dict[str, str]:
    """The image must be in Compute Nest's registry; an AcrImageBuilder source is copied."""
    image = local.image
    assert image is not None
    repo_id = _repo_id(run, "AcrImage", image.repo)
    if repo_id is None or not _has_tag(run, repo_id, image.tag):
        if not image.source:
            raise InputError(
                f"AcrImage artifact {local.section}: {image.repo}:{image.tag} is not in "
                "Compute Nest's registry; push it, or give an AcrImageBuilder DockerRepoUrl"
            )
        login, namespace = registry(run, "AcrImage")
        target = f"{namespace}/{image.repo}" if namespace else image.repo
        run.session.log.pushes.append(f"{target}:{image.tag}")
        copy_image(image.source, login, target, image.tag, run.session.policy)
        repo_id = _repo_id(run, "AcrImage", image.repo)
        if repo_id is None:
            raise RemoteError(f"the image repository {image.repo} is not known after the copy")
    return {
        "RepoId": repo_id,
        "RepoName": image.repo,
        "Tag": image.tag,
        "RepoType": local.repo_type,
    }


def upload_target(session: Session, name: str, visibility: str) -> oss.UploadTarget:
    """Where ``name`` goes: ``GetUploadCredentials`` (a one-off STS key for that object)."""
    body = session.call(CN, "GetUploadCredentials", {"FileName": name, "Visibility": visibility})
    return oss.UploadTarget.from_body(body)


def holds(session: Session, target: oss.UploadTarget, data: bytes) -> bool:
    """Whether the object is already there with this content (an earlier, unfinished run)."""
    settings = session.settings
    timeout = session.deadline.cap(settings.timeout)
    left = session.deadline.remaining
    return oss.holds(target, data, settings.oss, session.policy, timeout, left)


def upload(session: Session, target: oss.UploadTarget, local: LocalFile, name: str) -> str:
    """PUT the file; return the URL Compute Nest reads it from."""
    session.log.uploads.append(name)
    settings = session.settings
    timeout = session.deadline.cap(settings.timeout)
    left = session.deadline.remaining
    return oss.upload(target, local.data, settings.oss, session.policy, timeout, left)


def _file(run: Run, local: LocalArtifact) -> dict[str, str]:
    """Upload the file (unless already there); its ArtifactProperty is the object URL."""
    assert local.file is not None
    name = local.file.upload_name
    target = upload_target(run.session, name, "private")
    if holds(run.session, target, local.file.data):
        url = target.public_url
    else:
        url = upload(run.session, target, local.file, name)
    return {"Url": url, "RegionId": run.session.settings.region}


def artifact_property(run: Run, local: LocalArtifact) -> dict[str, Any]:
    """Publish the content of ``local``; return the ``ArtifactProperty`` that names it."""
    if local.kind == "HelmChart":
        return _chart(run, local)
    if local.kind == "File":
        return _file(run, local)
    if local.kind == "AcrImage":
        return _image(run, local)
    return dict(local.literal)
