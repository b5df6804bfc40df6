"""The service as Compute Nest stores it: built from the package, read from GetService."""

from __future__ import annotations

import copy
import difflib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from nestgen import yamlio
from nestgen.publish.package import TABLES, Package, Ref, service_infos

INFO_FIELDS = ("Locale", "Name", "ShortDescription", "Image", "LongDescriptionUrl")
LOCALE_FIELDS = ("OriginalValue", "ZhValue", "EnValue")  # ServiceLocaleConfigs entries


@dataclass(frozen=True)
class ServicePayload:
    """The fields nestgen sends with CreateService / UpdateService and compares."""

    deploy_type: str
    service_type: str
    deploy_metadata: dict[str, Any]
    service_infos: tuple[dict[str, Any], ...]
    operation_metadata: dict[str, Any] | None
    locale_configs: tuple[dict[str, str], ...] = ()  # names per locale (UpdateService only)

    def comparable(self) -> dict[str, Any]:
        """A plain, ordered view for equality and diffs."""
        view: dict[str, Any] = {
            "DeployType": self.deploy_type,
            "ServiceType": self.service_type,
            "ServiceInfo": sorted(self.service_infos, key=lambda i: str(i.get("Locale"))),
            "DeployMetadata": self.deploy_metadata,
        }
        if self.operation_metadata is not None:
            view["OperationMetadata"] = self.operation_metadata
        if self.locale_configs:
            view["ServiceLocaleConfigs"] = sorted(
                self.locale_configs, key=lambda c: str(c.get("OriginalValue"))
            )
        return json.loads(json.dumps(view, sort_keys=True, ensure_ascii=False))

    def urls(self) -> list[str]:
        """Every object URL the service refers to."""
        found = [c.get("Url") for c in self.deploy_metadata.get("TemplateConfigs") or []]
        for info in self.service_infos:
            found += [info.get("Image"), info.get("LongDescriptionUrl")]
        return [u for u in found if isinstance(u, str) and "://" in u]


def _plain(value: Any) -> Any:
    return json.loads(json.dumps(value, ensure_ascii=False))


def _subst(value: Any, urls: Mapping[str, str]) -> Any:
    return urls.get(value, value) if isinstance(value, str) else value


def build_payload(
    pkg: Package, urls: Mapping[str, str], relations: Mapping[Ref, tuple[str, str]]
) -> ServicePayload:
    """The desired service: local paths swapped for URLs, artifact references for ids."""
    meta = _plain(copy.deepcopy(pkg.service.get("DeployMetadata") or {}))
    for config in meta.get("TemplateConfigs") or []:
        config["Url"] = _subst(config.get("Url"), urls)
    supplier = meta.get("SupplierDeployMetadata") or {}
    for (table, placeholder), (artifact_id, version) in relations.items():
        entries = supplier.get(table)
        if isinstance(entries, dict) and placeholder in entries:
            entries[placeholder] = {"ArtifactId": artifact_id, "ArtifactVersion": version}
    infos = []
    for info in service_infos(pkg.service):
        entry = {k: _subst(info.get(k), urls) for k in INFO_FIELDS if info.get(k) is not None}
        entry.setdefault("Name", pkg.name)
        infos.append(_plain(entry))
    operation = pkg.service.get("OperationMetadata")
    return ServicePayload(
        str(pkg.service.get("DeployType") or "ros"),
        str(pkg.service.get("ServiceType") or "private"),
        meta,
        tuple(infos),
        _plain(operation) if operation is not None else None,
        _locale_configs(pkg.service.get("ServiceLocaleConfigs")),
    )


def _locale_configs(entries: Any) -> tuple[dict[str, str], ...]:
    """``ServiceLocaleConfigs`` as sent and compared: the three text fields of each entry."""
    return tuple(
        {k: str(e[k]) for k in LOCALE_FIELDS if e.get(k) is not None}
        for e in entries or []
        if isinstance(e, Mapping)
    )


def remote_relation(remote: ServicePayload | None, ref: Ref) -> dict[str, Any]:
    """The ``{ArtifactId, ArtifactVersion}`` the remote service has under ``ref``."""
    if remote is None:
        return {}
    supplier = remote.deploy_metadata.get("SupplierDeployMetadata") or {}
    relation = (supplier.get(ref[0]) or {}).get(ref[1])
    return relation if isinstance(relation, dict) else {}


def unresolved(payload: ServicePayload) -> list[str]:
    """Every ``${...}`` reference left in an artifact relation (Compute Nest takes it literally)."""
    supplier = payload.deploy_metadata.get("SupplierDeployMetadata") or {}
    return sorted(
        f"{table} {key}: {value}"
        for table in TABLES
        for key, relation in (supplier.get(table) or {}).items()
        if isinstance(relation, dict)
        for value in relation.values()
        if isinstance(value, str) and "${" in value
    )


def _json_field(value: Any) -> Any:
    if isinstance(value, str) and value.strip():
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def remote_payload(body: Mapping[str, Any], with_operation: bool) -> ServicePayload:
    """The same view of a ``GetService`` answer."""
    infos = tuple(
        {k: i[k] for k in INFO_FIELDS if i.get(k) is not None}
        for i in body.get("ServiceInfos") or []
    )
    operation = _json_field(body.get("OperationMetadata")) if with_operation else None
    return ServicePayload(
        str(body.get("DeployType") or ""),
        str(body.get("ServiceType") or ""),
        _json_field(body.get("DeployMetadata")) or {},
        infos,
        operation if with_operation else None,
        _locale_configs(body.get("ServiceLocaleConfigs")),
    )


def diff(remote: ServicePayload | None, desired: ServicePayload) -> list[str]:
    """A unified diff of the two payloads as YAML (empty when they are equal)."""
    before = yamlio.dumps(remote.comparable()).splitlines() if remote else []
    after = yamlio.dumps(desired.comparable()).splitlines()
    return list(difflib.unified_diff(before, after, "remote", "local", lineterm="", n=2))
