"""``publish --launch``: pre-launch the draft as a new version, launch it, bounded waits."""

from __future__ import annotations

from pathlib import Path

import pytest
from fakecloud import FakeCloud, Server
from publish_helpers import PLAIN_TEMPLATE, env_for, publish, write_package

from nestgen.errors import CheckFailed, NestgenError, RemoteError

PLAIN = PLAIN_TEMPLATE


def _pkg(root: Path, template: str = PLAIN) -> Path:
    return write_package(root, chart=None, template=template)


def _versions(fake: FakeCloud) -> dict[str, str]:
    (service,) = fake.services.values()
    return {v: s["Status"] for v, s in service["versions"].items()}


def test_launch_pre_launches_launches_and_then_is_a_noop(tmp_path: Path, bare):
    fake, env = bare
    pkg = _pkg(tmp_path / "pkg")
    outcome = publish(pkg, env, launch=True)
    assert _versions(fake) == {"1": "Online"}
    assert [w for w in fake.writes() if "Launch" in w] == ["PreLaunchService", "LaunchService"]
    assert "service nestgen-demo: version 1 launched" in outcome.result.reports
    polled = [e.params.get("ServiceVersion") for e in fake.journal if e.action == "GetService"]
    assert polled.count("1") >= 2  # Launching, then Online
    before, writes = len(fake.journal), len(fake.writes())
    assert publish(pkg, env, launch=True).result is None
    assert len(fake.writes()) == writes
    assert [e.action for e in fake.journal[before:]] == [
        "ListServices",
        "GetService",
        "ListServices",  # AllVersions
        "GetService",  # the Online version, compared with the package
    ]


def test_a_changed_template_becomes_a_new_online_version(tmp_path: Path, bare):
    fake, env = bare
    pkg = _pkg(tmp_path / "pkg")
    publish(pkg, env, launch=True)
    _pkg(pkg, PLAIN.replace("Default: 1", "Default: 2"))
    publish(pkg, env, launch=True)
    assert _versions(fake) == {"1": "Offline", "2": "Online"}
    (service,) = fake.services.values()
    assert service["Version"] == "3" and service["Status"] == "Draft"  # the next draft


def test_a_failing_service_test_refuses_the_launch_unless_forced(tmp_path: Path, bare):
    fake, env = bare
    fake.test_status = "SERVICE_TSET_DOING"
    pkg = _pkg(tmp_path / "pkg")
    with pytest.raises(CheckFailed, match="service test has not passed"):
        publish(pkg, env, launch=True)
    assert "PreLaunchService" not in fake.calls() and len(fake.services) == 1
    publish(pkg, env, launch=True, force=True)
    assert _versions(fake) == {"1": "Online"}


def test_launch_waits_are_bounded(tmp_path: Path, bare):
    fake, env = bare
    pkg = _pkg(tmp_path / "pkg")
    publish(pkg, env)
    fake.settle_reads = 10_000
    with pytest.raises(RemoteError, match=r"gave up waiting for service .* v1 after 1s"):
        publish(pkg, {**env, "NESTGEN_POLL_INTERVAL": "0.2"}, launch=True, timeout=1)


@pytest.mark.parametrize("kind", ["drop-after", "drop", "500", "throttle", "400"])
@pytest.mark.parametrize("action", ["PreLaunchService", "LaunchService"])
def test_faults_at_the_launch_calls_converge(tmp_path: Path, kind: str, action: str):
    fake = FakeCloud()
    with Server(fake) as server:
        env = env_for(fake, server, tmp_path)
        pkg = _pkg(tmp_path / "pkg")
        fake.fail_next(action, kind)
        try:
            publish(pkg, env, launch=True)
        except NestgenError as exc:
            assert "\n" not in str(exc)
        publish(pkg, env, launch=True)
        assert _versions(fake) == {"1": "Online"}  # no second version
        writes = len(fake.writes())
        assert publish(pkg, env, launch=True).result is None
        assert len(fake.writes()) == writes


def test_status_shows_versions_and_pending_changes(tmp_path: Path, bare):
    from test_publish_errors import nestgen

    fake, env = bare
    pkg = _pkg(tmp_path / "pkg")
    before = nestgen(["status", str(pkg)], env)
    assert before.returncode == 0, before.stderr
    assert before.stdout.startswith("Service nestgen-demo does not exist in cn-hangzhou yet.\n")
    assert "  create       service nestgen-demo" in before.stdout
    publish(pkg, env, launch=True)
    _pkg(pkg, PLAIN.replace("Default: 1", "Default: 2"))
    writes = len(fake.writes())
    text = nestgen(["status", str(pkg)], env)
    assert text.returncode == 0, text.stderr
    (service,) = fake.services
    assert text.stdout.splitlines()[:4] == [
        f"Service nestgen-demo ({service}) in cn-hangzhou:",
        "  version  status",
        "  1        Online",
        "  2        Draft  (the draft)",
    ]
    assert "The working tree would change 2 thing(s)" in text.stdout
    assert "  upload       file ros_templates/template.yaml" in text.stdout
    data = __import__("json").loads(nestgen(["status", str(pkg), "--format", "json"], env).stdout)
    assert data["versions"] == [
        {"version": "1", "status": "Online", "draft": False},
        {"version": "2", "status": "Draft", "draft": True},
    ]
    assert [p["step"] for p in data["pending"]] == ["file", "service"]
    assert len(fake.writes()) == writes and "target" not in data["pending"][0]
