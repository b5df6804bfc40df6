"""Service tests as code: ``service_test/*.yaml`` published as test cases, ``nestgen test``."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml
from fakecloud import FakeCloud, Server
from publish_helpers import PLAIN_TEMPLATE, env_for, plan, publish, write_package
from test_publish_errors import nestgen

from nestgen.errors import CheckFailed, InputError, NestgenError
from nestgen.publish.package import load_package

SECRET = "Case-Passw0rd-not-shown"


def _pkg(root: Path, replicas: int = 1) -> Path:
    pkg = write_package(root, chart=None, template=PLAIN_TEMPLATE)
    cases = pkg / "service_test"
    cases.mkdir(exist_ok=True)
    for name, region in (("small", "cn-hangzhou"), ("abroad", "ap-southeast-1")):
        case = {
            "templateName": "Container cluster",
            "regionId": region,
            "parameters": {"Replicas": replicas, "AdminPassword": SECRET},
        }
        (cases / f"{name}.yaml").write_text(yaml.safe_dump(case))
    return pkg


def _replicas(case: dict) -> int:
    """The Replicas parameter a published case's TestConfig holds."""
    config = yaml.safe_load(case["TestConfig"])
    return int(config.get("parameters", config)["Replicas"])


def _cases(fake: FakeCloud) -> list[dict]:
    return [c for cases in fake.test_cases.values() for c in cases]


def test_cases_are_published_idempotently_and_never_shown(tmp_path: Path, bare):
    fake, env = bare
    pkg = _pkg(tmp_path / "pkg")
    text = nestgen(["plan", str(pkg)], env)
    assert text.returncode == 0, text.stderr
    assert "  create       test case abroad: Container cluster sha256:" in text.stdout
    publish(pkg, env)
    assert sorted(c["TestCaseName"] for c in _cases(fake)) == ["abroad", "small"]
    (service,) = fake.services
    assert set(fake.test_cases) == {(service, "1")}
    before, writes = len(fake.journal), len(fake.writes())
    assert publish(pkg, env).result is None
    assert [e.action for e in fake.journal[before:]] == [
        "ListServices",
        "GetService",
        "ListServiceTestCases",
    ]
    _pkg(pkg, replicas=2)
    changed = plan(pkg, env)
    assert [(s.name, s.action) for s in changed.of("testcase")] == [
        ("abroad", "update"),
        ("small", "update"),
    ]
    publish(pkg, env)
    assert fake.writes()[writes:] == ["UpdateServiceTestCase"] * 2 and len(_cases(fake)) == 2
    saved = tmp_path / "plan.json"
    outputs = [
        nestgen(["plan", str(pkg), "--format", "json", "-o", str(saved)], env),
        nestgen(["publish", str(pkg), "--yes"], env),
        nestgen(["status", str(pkg)], env),
    ]
    shown = "".join(o.stdout + o.stderr for o in outputs) + saved.read_text()
    assert SECRET not in shown


def test_a_case_must_name_a_template(tmp_path: Path):
    pkg = _pkg(tmp_path / "pkg")
    (pkg / "service_test" / "small.yaml").write_text("templateName: Nope\nparameters: {}\n")
    with pytest.raises(InputError, match=r"templateName must name a template.*Container cluster"):
        load_package(pkg)


def test_nestgen_test_runs_waits_and_reports(tmp_path: Path, bare):
    fake, env = bare
    pkg = _pkg(tmp_path / "pkg")
    early = nestgen(["test", str(pkg)], env)
    assert early.returncode == 1 and "run `nestgen publish` first" in early.stderr
    publish(pkg, env)
    started = nestgen(["test", str(pkg)], env)
    assert started.returncode == 0 and "Started" in started.stdout
    assert len(fake.test_tasks) == 2  # one per region
    passed = nestgen(["test", str(pkg), "--wait"], env)
    assert passed.returncode == 0, passed.stderr
    assert "  PASS small (Container cluster, cn-hangzhou)" in passed.stdout
    assert "2 passed, 0 failed." in passed.stdout
    assert "case small: deploying" in passed.stderr  # the task's log, as it comes
    fake.failing_cases = {"abroad"}
    failed = nestgen(["test", str(pkg), "--wait", "--format", "junit"], env)
    assert failed.returncode == 1
    suite = ElementTree.fromstring(failed.stdout.split("?>", 1)[1])
    assert suite.get("tests") == "2" and suite.get("failures") == "1"
    failure = suite.find("testcase/failure")
    assert failure is not None and "WaitCondition timed out" in (failure.text or "")
    data = json.loads(nestgen(["test", str(pkg), "--wait", "--format", "json"], env).stdout)
    assert data["failed"] == 1 and {c["name"]: c["passed"] for c in data["cases"]} == {
        "abroad": False,
        "small": True,
    }
    assert SECRET not in failed.stdout + failed.stderr
    _pkg(pkg, replicas=3)
    stale = nestgen(["test", str(pkg)], env)
    assert stale.returncode == 1 and "are not on version 1" in stale.stderr


def test_a_failed_test_task_refuses_the_launch(tmp_path: Path, bare):
    fake, env = bare
    pkg = _pkg(tmp_path / "pkg")
    publish(pkg, env)
    fake.failing_cases = {"small"}
    assert nestgen(["test", str(pkg), "--wait"], env).returncode == 1
    with pytest.raises(CheckFailed, match=r"test task .* is Failed; launch refused"):
        publish(pkg, env, launch=True)
    assert "PreLaunchService" not in fake.calls()
    fake.failing_cases = set()
    assert nestgen(["test", str(pkg), "--wait"], env).returncode == 0
    publish(pkg, env, launch=True)
    (service,) = fake.services.values()
    assert {v: s["Status"] for v, s in service["versions"].items()} == {"1": "Online"}


@pytest.mark.parametrize("kind", ["drop-after", "drop", "500", "throttle", "400"])
@pytest.mark.parametrize("action", ["CreateServiceTestCase", "UpdateServiceTestCase"])
def test_faults_at_the_test_case_calls_converge(tmp_path: Path, kind: str, action: str):
    fake = FakeCloud()
    with Server(fake) as server:
        env = env_for(fake, server, tmp_path)
        pkg = _pkg(tmp_path / "pkg")
        if action == "UpdateServiceTestCase":  # published once, then the cases change
            publish(pkg, env)
            pkg = _pkg(tmp_path / "pkg", replicas=2)
        fake.fail_next(action, kind)
        try:
            publish(pkg, env)
        except NestgenError as exc:
            assert "\n" not in str(exc)
        publish(pkg, env)
        assert sorted(c["TestCaseName"] for c in _cases(fake)) == ["abroad", "small"]
        if action == "UpdateServiceTestCase":
            assert all(_replicas(c) == 2 for c in _cases(fake))
        writes = len(fake.writes())
        assert publish(pkg, env).result is None and len(fake.writes()) == writes


def test_cases_are_inherited_by_the_next_draft(tmp_path: Path, bare):
    fake, env = bare
    pkg = _pkg(tmp_path / "pkg")
    publish(pkg, env, launch=True)
    (service,) = fake.services
    assert set(fake.test_cases) == {(service, "1"), (service, "2")}
    writes = len(fake.writes())
    assert publish(pkg, env).result is None  # the draft's inherited cases are recognised
    assert len(fake.writes()) == writes
