"""The typed plan: the steps publishing would take, and how they read as text or JSON."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from nestgen.lint.finding import Finding
from nestgen.publish.payload import ServicePayload
from nestgen.publish.steps.base import Step, changes, step_dict


@dataclass(frozen=True)
class Check:
    """An online check of one template (``--validate``)."""

    template: str
    ok: bool
    detail: str
    cost: str | None = None


@dataclass
class Plan:
    """Everything ``publish`` would change, decided from the remote state, in apply order."""

    region: str
    steps: list[Step]
    checks: list[Check] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the other server-side checks said
    findings: list[Finding] = field(default_factory=list)  # --validate, in lint's terms
    region_from: str | None = None  # where the region came from, when not from --region
    remote: ServicePayload | None = field(default=None, repr=False, compare=False)

    def of(self, kind: str) -> list[Any]:
        """The steps of one kind (``artifact``, ``file``, ``service``, ...)."""
        return [s for s in self.steps if s.kind == kind]

    @property
    def service(self) -> Any:
        """The service step (every plan has exactly one)."""
        return self.of("service")[0]

    def errors(self) -> bool:
        """Whether a check failed: an invalid template or an error-level finding."""
        return any(not c.ok for c in self.checks) or any(
            f.severity == "error" for f in self.findings
        )

    def changes(self) -> int:
        """How many steps write something."""
        return sum(changes(s) for s in self.steps)

    def to_dict(self) -> dict[str, Any]:
        return {
            "region": self.region,
            "region_from": self.region_from,
            "steps": [step_dict(s) for s in self.steps],
            "checks": [asdict(c) for c in self.checks],
            "notes": list(self.notes),
            "findings": [f.as_dict() for f in self.findings],
            "changes": self.changes(),
        }


def render_json(plan: Plan) -> str:
    return json.dumps(plan.to_dict(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def render_sarif(plan: Plan) -> str:
    """The findings of ``--validate`` as SARIF, with the server-side rules described."""
    from nestgen.lint.formats.sarif import render_rules
    from nestgen.publish.server_rules import SERVER_RULES

    return render_rules(plan.findings, SERVER_RULES)


def render_text(plan: Plan) -> str:
    """A readable plan: the lines of every step in order, then the checks."""
    origin = f" (from {plan.region_from})" if plan.region_from else ""
    lines = [f"Plan for region {plan.region}{origin}:"]
    for step in plan.steps:
        lines += step.lines()
    for check in plan.checks:
        state = "valid" if check.ok else "INVALID"
        lines.append(f"  check        {check.template}: {state} {check.detail}".rstrip())
        if check.cost:
            lines.append(f"               estimated cost: {check.cost}")
    lines += [f"  {note}" for note in plan.notes]
    lines += [
        f"  {f.file}:{f.line}:{f.column}: {f.severity} {f.rule} {f.message}" for f in plan.findings
    ]
    total = plan.changes()
    lines.append(f"{total} change(s)." if total else "No changes: the remote side is up to date.")
    return "\n".join(lines) + "\n"
