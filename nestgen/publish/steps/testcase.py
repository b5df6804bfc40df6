"""Service test cases (``service_test/*.yaml``): create, update or leave, on the draft's version.

A case is recognised by its name (``ListServiceTestCases`` of the draft's version); an
existing case is updated only when its ``TestConfig`` differs. The plan shows a case's name,
template and the digest of its config, never its parameters (they may hold passwords).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import yaml

from nestgen.publish.remote import paged
from nestgen.publish.steps.base import LEAVE, PlanContext, Run, client_token, line
from nestgen.publish.testcases import LocalTestCase


@dataclass(frozen=True)
class TestCaseStep:
    """One test case file and what publishing does with it."""

    kind: ClassVar[str] = "testcase"
    name: str
    template: str
    digest: str
    action: str  # create | update | leave
    case_id: str | None = None

    def lines(self) -> list[str]:
        ident = f" ({self.case_id})" if self.case_id else ""
        return [
            line(self.action, f"test case {self.name}{ident}: {self.template} {self.digest[:19]}")
        ]

    def apply(self, run: Run) -> str | None:
        if self.action == LEAVE:
            return None
        local = next(c for c in run.pkg.tests if c.name == self.name)
        if self.action == "create":
            fields = {
                "ServiceId": run.service_id,
                "ServiceVersion": run.service_version,
                "TemplateName": local.template,
                "TestCaseName": local.name,
                "TestConfig": local.config,
                "RegionId": run.session.settings.region,
            }
            fields["ClientToken"] = client_token("CreateServiceTestCase", fields)
            body = run.call("CreateServiceTestCase", fields)
            return f"test case {self.name}: created {body.get('TestCaseId')}"
        run.call(
            "UpdateServiceTestCase",
            {
                "TestCaseId": self.case_id,
                "TestCaseName": local.name,
                "TestConfig": local.config,
                "RegionId": run.session.settings.region,
            },
        )
        return f"test case {self.name}: updated"


def remote_cases(session: Any, service_id: str, version: str) -> list[dict[str, Any]]:
    """The test cases of one service version."""
    return paged(
        session,
        "ListServiceTestCases",
        {"ServiceId": service_id, "ServiceVersion": version, "RegionId": session.settings.region},
        "Data",
    )


def same_config(remote: Any, local: LocalTestCase) -> bool:
    try:
        return yaml.safe_load(str(remote or "")) == yaml.safe_load(local.config)
    except yaml.YAMLError:
        return False


def plan(ctx: PlanContext) -> list[TestCaseStep]:
    """One ListServiceTestCases when the package has cases and the service exists."""
    cases = ctx.pkg.tests
    if not cases:
        return []
    found: dict[str, dict[str, Any]] = {}
    if ctx.body is not None:
        version = str(ctx.body.get("Version") or "draft")
        found = {
            str(c.get("TestCaseName")): c
            for c in remote_cases(ctx.session, str(ctx.body["ServiceId"]), version)
        }
    steps = []
    for case in cases:
        remote = found.get(case.name)
        if remote is None:
            action = "create"
        else:
            action = LEAVE if same_config(remote.get("TestConfig"), case) else "update"
        case_id = str(remote["TestCaseId"]) if remote else None
        steps.append(TestCaseStep(case.name, case.template, case.digest, action, case_id))
    return steps
