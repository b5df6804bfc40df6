"""The rule ids of the server-side checks ``plan --validate`` runs, reported like lint findings.

They are not lint rules (no offline check can run them); they share lint's id scheme
(the letter is the severity) so ``--format text|json|sarif`` read the same.
"""

from __future__ import annotations

from dataclasses import dataclass

from nestgen.lint.finding import SEVERITY_OF_LETTER


@dataclass(frozen=True)
class ServerRule:
    """A server-side check: its id and what it reports."""

    id: str
    description: str

    @property
    def severity(self) -> str:
        return SEVERITY_OF_LETTER[self.id[0]]


MANDATORY = ServerRule(
    "E8001",
    "Compute Nest's template criteria (GetServiceTemplateCriterionIssues): a Mandatory issue, "
    "which must be fixed",
)
RECOMMENDED = ServerRule(
    "W8002",
    "Compute Nest's template criteria (GetServiceTemplateCriterionIssues): a Recommended issue",
)
DRY_RUN = ServerRule(
    "E8003", "CreateService/UpdateService with DryRun rejects the service as it would be sent"
)
MISSING_POLICY = ServerRule(
    "E8004",
    "The deployment role lacks a policy the service needs (DryRun RolePolicy.MissingPolicy); "
    "deploys fail",
)
INVALID_TEMPLATE = ServerRule("E8005", "ROS ValidateTemplate rejects the template")
SERVER_RULES = (MANDATORY, RECOMMENDED, DRY_RUN, MISSING_POLICY, INVALID_TEMPLATE)
