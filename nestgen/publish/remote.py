"""Read calls that tell what Compute Nest already has: the service, artifacts, versions."""

from __future__ import annotations

import json
from typing import Any

from nestgen.cloud.session import Session
from nestgen.errors import InputError

CN = "computenest"
DRAFT = "draft"  # the one unreleased version of an artifact (CreateArtifact makes it)


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
    return session.call(CN, "GetService", {"ServiceId": service_id, "ServiceVersion": DRAFT})


def find_artifact(session: Session, name: str, kind: str) -> str | None:
    """The id of the artifact of type ``kind`` called ``name``, if any."""
    found = paged(
        session, "ListArtifacts", {"Filter": [{"Name": "Name", "Values": [name]}]}, "Artifacts"
    )
    ids = [
        a["ArtifactId"]
        for a in found
        if a.get("Name") == name and a.get("ArtifactType") in (None, kind)
    ]
    return ids[0] if ids else None


def versions(session: Session, artifact_id: str) -> list[dict[str, Any]]:
    """Every version of the artifact that is not deleted (the draft among them)."""
    found = paged(session, "ListArtifactVersions", {"ArtifactId": artifact_id}, "Artifacts")
    return [v for v in found if v.get("Status") != "Deleted"]


def named(found: list[dict[str, Any]], version_name: str) -> dict[str, Any] | None:
    """The version called ``version_name``: a released one before the draft."""
    mine = [v for v in found if v.get("VersionName") == version_name]
    mine.sort(key=lambda v: (str(v.get("ArtifactVersion")) == DRAFT, _number(v)))
    return mine[0] if mine else None


def _number(version: dict[str, Any]) -> int:
    text = str(version.get("ArtifactVersion") or "")
    return -int(text) if text.isdigit() else 0


def draft(found: list[dict[str, Any]]) -> dict[str, Any] | None:
    return next((v for v in found if str(v.get("ArtifactVersion")) == DRAFT), None)


def regions(version: dict[str, Any]) -> frozenset[str]:
    """A version's ``SupportRegionIds`` (a JSON string in listings, a list elsewhere)."""
    value = version.get("SupportRegionIds")
    if isinstance(value, str):
        try:
            value = json.loads(value) if value.strip() else []
        except ValueError:
            value = [value]
    return frozenset(str(r) for r in value) if isinstance(value, list) else frozenset()


def service_versions(session: Session, service_id: str) -> list[dict[str, Any]]:
    """Every version of the service, the draft among them (``ListServices(AllVersions)``)."""
    found = paged(
        session,
        "ListServices",
        {
            "Filter": [{"Name": "ServiceId", "Value": [service_id]}],
            "AllVersions": True,
            "RegionId": session.settings.region,
        },
        "Services",
    )
    mine = [s for s in found if s.get("ServiceId") == service_id]
    return sorted(mine, key=lambda s: _order(str(s.get("Version") or "")))


def _order(version: str) -> tuple[int, str]:
    return (int(version), "") if version.isdigit() else (1 << 30, version)
