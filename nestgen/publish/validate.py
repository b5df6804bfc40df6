"""``plan --validate``: ROS checks per template, Compute Nest's criteria, a DryRun (read-only)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nestgen.cloud.session import Session
from nestgen.errors import NestgenError
from nestgen.lint.finding import Finding
from nestgen.publish.criteria import criterion_findings, templates
from nestgen.publish.dryrun import dry_run
from nestgen.publish.package import Package, find_config
from nestgen.publish.plan import Check, Plan
from nestgen.publish.server_rules import INVALID_TEMPLATE
from nestgen.publish.steps.base import changes


def _amounts(value: Any, found: dict[str, float]) -> None:
    if isinstance(value, dict):
        amount, currency = value.get("TradeAmount"), value.get("Currency")
        if isinstance(amount, int | float) and currency:
            found[str(currency)] = found.get(str(currency), 0.0) + float(amount)
            return
        for item in value.values():
            _amounts(item, found)
    elif isinstance(value, list):
        for item in value:
            _amounts(item, found)


def _cost(session: Session, body: str) -> str:
    try:
        answer = session.call(
            "ros",
            "GetTemplateEstimateCost",
            {"TemplateBody": body, "RegionId": session.settings.region},
        )
    except NestgenError as exc:
        return f"unavailable ({exc.message})"
    totals: dict[str, float] = {}
    _amounts(answer.get("Resources"), totals)
    return ", ".join(f"{v:.2f} {k}" for k, v in sorted(totals.items())) or "no priced resources"


def check_template(session: Session, relpath: str, body: str) -> Check:
    """Validate one template, then estimate its cost at the default parameters."""
    try:
        answer = session.call(
            "ros", "ValidateTemplate", {"TemplateBody": body, "RegionId": session.settings.region}
        )
    except NestgenError as exc:
        return Check(relpath, False, exc.message)
    detail = (
        f"({len(answer.get('Parameters') or [])} parameters, "
        f"{len(answer.get('Resources') or [])} resources)"
    )
    return Check(relpath, True, detail, _cost(session, body))


def validate_templates(session: Session, pkg: Package) -> list[Check]:
    """Check every local template the service deploys."""
    configs = (pkg.service.get("DeployMetadata") or {}).get("TemplateConfigs") or []
    paths = [str(c["Url"]) for c in configs if isinstance(c, dict) and c.get("Url") in pkg.files]
    return [
        check_template(session, p, pkg.files[p].data.decode("utf-8", "replace"))
        for p in dict.fromkeys(paths)
    ]


def _invalid(relpath: str, check: Check, display: Path | None) -> Finding:
    file = str(display / relpath) if display else relpath
    return Finding(INVALID_TEMPLATE.id, INVALID_TEMPLATE.severity, file, 1, 1, check.detail)


def validate(session: Session, pkg: Package, plan: Plan, display: Path | None) -> None:
    """The server-side checks, read-only: ROS per template, the draft's template criteria,
    a DryRun of the service write; results go to ``plan.checks``, ``notes`` and ``findings``."""
    plan.checks = validate_templates(session, pkg)
    findings = [_invalid(c.template, c, display) for c in plan.checks if not c.ok]
    service_id = plan.service.service_id
    if service_id is None:
        plan.notes.append("criteria     skipped: the service does not exist yet")
    else:
        issues = criterion_findings(session, pkg, service_id, display)
        stale = [
            f.path for f in plan.of("file") if changes(f) and f.path in templates(pkg).values()
        ]
        of = "the published draft" + (" (templates changed since: publish first)" if stale else "")
        plan.notes.append(f"criteria     {len(issues)} issue(s) in {of}")
        findings += issues
    config = find_config(pkg.root).relative_to(pkg.root).as_posix()
    summary, dry = dry_run(session, pkg, plan, str(display / config) if display else config)
    plan.notes.append(f"dry run      {summary}")
    plan.findings = sorted(findings + dry, key=Finding.sort_key)
