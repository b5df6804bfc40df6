"""Compute Nest's template criteria (``GetServiceTemplateCriterionIssues``) as lint findings.

The issues are the service draft's, as Compute Nest has it; each names a template and a
position (a JSON path such as ``$.Parameters.Password``), which is located in the local
template to give ``file:line:column``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from nestgen import yamlio
from nestgen.cloud.session import Session
from nestgen.errors import NestgenError
from nestgen.lint.finding import Finding
from nestgen.publish.package import Package
from nestgen.publish.remote import DRAFT
from nestgen.publish.server_rules import MANDATORY, RECOMMENDED

CN = "computenest"
_TOKEN = re.compile(r"\[(\d+)\]|\['([^']*)'\]|\[\"([^\"]*)\"\]|([^.\[\]/]+)")


def json_path(text: str) -> tuple[Any, ...]:
    """``$.Resources.A.Properties.B[0]`` (or ``/Resources/A``) -> ('Resources', 'A', ...)."""
    body = text.strip().removeprefix("$")
    found: list[Any] = []
    for index, quoted, double, name in _TOKEN.findall(body):
        if index:
            found.append(int(index))
        else:
            found.append(quoted or double or name)
    return tuple(found)


def templates(pkg: Package) -> dict[str, str]:
    """TemplateConfigs Name -> the local template path."""
    configs = (pkg.service.get("DeployMetadata") or {}).get("TemplateConfigs") or []
    return {
        str(c.get("Name")): str(c.get("Url"))
        for c in configs
        if isinstance(c, dict) and c.get("Url") in pkg.files
    }


def _local(pkg: Package, entry: dict[str, Any]) -> str | None:
    """The local template an issue list belongs to: by template name, else by file name."""
    by_name = templates(pkg)
    name = str(entry.get("TemplateName") or "")
    if name in by_name:
        return by_name[name]
    url = str(entry.get("TemplateUrl") or "")
    uploaded = {f.upload_name: path for path, f in pkg.files.items()}
    return uploaded.get(url.rsplit("/", 1)[-1].split("?")[0])


def _message(issue: dict[str, Any]) -> str:
    extend = issue.get("ExtendInfo") or {}
    details = ", ".join(
        f"{k} {extend[k]}"
        for k in ("Property", "PropertyValue", "AssociationProperty")
        if extend.get(k)
    )
    kind = str(issue.get("Type") or "criterion")
    where = str(issue.get("Position") or "")
    return f"{kind} at {where}" + (f" ({details})" if details else "")


def _finding(
    issue: dict[str, Any], relpath: str | None, doc: yamlio.Document | None, display: Path | None
) -> Finding:
    rule = MANDATORY if str(issue.get("Level")) == "Mandatory" else RECOMMENDED
    line = column = 0
    path = json_path(str(issue.get("Position") or ""))
    if doc is not None and path:
        where = doc.locate(path)
        line, column = where.line, where.column
    name = relpath or "config.yaml"
    file = str(display / name) if display else name
    return Finding(rule.id, rule.severity, file, line, column, _message(issue), path)


def criterion_findings(
    session: Session, pkg: Package, service_id: str, display: Path | None
) -> list[Finding]:
    """The draft's criterion issues, located in the local templates."""
    body = session.call(
        CN,
        "GetServiceTemplateCriterionIssues",
        {"ServiceId": service_id, "ServiceVersion": DRAFT, "RegionId": session.settings.region},
    )
    findings: list[Finding] = []
    for entry in body.get("TemplateCriterionIssueList") or []:
        relpath = _local(pkg, entry)
        doc = None
        if relpath is not None:
            try:
                doc = yamlio.loads(pkg.files[relpath].data, relpath)
            except NestgenError:
                doc = None
        findings += [
            _finding(issue, relpath, doc, display) for issue in entry.get("CriterionIssues") or []
        ]
    return sorted(findings, key=Finding.sort_key)
