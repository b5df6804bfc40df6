"""Container images re-hosted in Compute Nest's registry (the spec's ``images: acr``).

Each image a chart's deployed values pull, pinned in the lock file by digest
(``charts.<key>.images: {values path: name:tag@sha256:...}``), becomes one AcrImage artifact.
Its repository in Compute Nest's registry is the image's last path segment (``-2``, ``-3``
when two images share it), its tag the source tag plus 12 hex of the digest, so a tag never
names two contents.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace

from nestgen.spec.model import Artifact, Spec, TemplateSpec

KEEP, ACR = "keep", "acr"
_UNSAFE = re.compile(r"[^a-z0-9._-]+")


def split_reference(reference: str) -> tuple[str, str, str]:
    """``[host/]path[:tag][@sha256:hex]`` -> (path with host, tag or "latest", digest or "")."""
    rest, _, digest = reference.partition("@")
    head, slash, last = rest.rpartition("/")
    name, colon, tag = last.partition(":")
    return f"{head}{slash}{name}", tag if colon else "latest", digest


def repo_and_tag(reference: str) -> tuple[str, str]:
    """The repository and tag a pinned image gets in Compute Nest's registry."""
    name, tag, digest = split_reference(reference)
    repo = _UNSAFE.sub("-", name.rsplit("/", 1)[-1].lower()).strip("-._") or "image"
    return repo, f"{tag}-{digest.partition(':')[2][:12]}" if digest else tag


def image_artifacts(chart_key: str, pinned: Mapping[str, str], taken: set[str]) -> list[Artifact]:
    """One AcrImage artifact per distinct pinned image (values paths sorted); keys unique."""
    paths: dict[str, list[str]] = {}
    for path in sorted(pinned):
        paths.setdefault(pinned[path], []).append(path)
    found = []
    for reference, where in sorted(paths.items(), key=lambda item: item[1][0]):
        repo, tag = repo_and_tag(reference)
        key, n = repo, 1
        while key in taken:
            n += 1
            key = f"{repo}-{n}"
        taken.add(key)
        found.append(
            Artifact(
                key=key,
                type="acrimage",
                image=f"{key}:{tag}",
                source=reference,
                rehosts=chart_key,
                values=tuple(where),
            )
        )
    return found


def compose_owner(template: str) -> str:
    """How the pins of a template's compose file are named beside the charts' keys."""
    return f"compose:{template}"


def _composes(template: TemplateSpec) -> bool:
    return "compose" in template.groups.get("startup", {})


def with_images(spec: Spec, pinned: Mapping[str, Mapping[str, str]]) -> Spec:
    """``spec`` with the re-hosted images of ``pinned`` (owner -> values path -> image; an
    owner is a chart key or :func:`compose_owner` of a template with a compose file).

    Images re-hosted before are replaced; with ``images: keep`` the spec is unchanged.
    """
    own = tuple(a for a in spec.artifacts if not a.rehosts)
    if spec.images != ACR:
        return replace(spec, artifacts=own)
    taken = {a.key for a in own}
    derived: list[Artifact] = []
    charts = []
    for artifact in own:
        if artifact.type == "helmchart" and not artifact.artifact_id:
            images = dict(pinned.get(artifact.key, {}))
            charts.append(replace(artifact, images=tuple(sorted(images.items()))))
            derived += image_artifacts(artifact.key, images, taken)
        else:
            charts.append(artifact)
    templates = []
    for template in spec.templates:
        owner = compose_owner(template.name)
        images = dict(pinned.get(owner, {})) if _composes(template) else {}
        templates.append(replace(template, images=tuple(sorted(images.items()))))
        derived += image_artifacts(owner, images, taken)
    return replace(spec, artifacts=(*charts, *derived), templates=tuple(templates))


def pinned_images(spec: Spec) -> dict[str, dict[str, str]]:
    """The lock's pinned images, per owner (as :func:`with_images` takes them)."""
    found = {a.key: dict(a.images) for a in spec.artifacts if a.type == "helmchart" and a.images}
    found |= {compose_owner(t.name): dict(t.images) for t in spec.templates if t.images}
    return found


def owned(spec: Spec, owner: str) -> tuple[tuple[str, str, str], ...]:
    """The re-hosted images of ``owner``: (values path, placeholder, published tag), sorted."""
    found = [
        (path, a.placeholder, a.image.partition(":")[2])
        for a in spec.artifacts
        if a.rehosts and a.rehosts == owner
        for path in a.values
    ]
    return tuple(sorted(found))
