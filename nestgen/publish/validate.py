"""Online checks with ROS: ValidateTemplate and GetTemplateEstimateCost per template."""

from __future__ import annotations

from typing import Any

from nestgen.cloud.session import Session
from nestgen.errors import NestgenError
from nestgen.publish.package import Package
from nestgen.publish.plan import Check


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
