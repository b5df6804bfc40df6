"""Bad input and remote failures: one clear message, the right exit code, no secrets."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from fakecloud import FakeCloud
from publish_helpers import REPO, publish, write_package

from nestgen.cloud.session import Session
from nestgen.cloud.settings import load_settings
from nestgen.errors import InputError, RemoteError
from nestgen.publish.run import Target, open_session

pytestmark = pytest.mark.integration


def nestgen(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    full = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(REPO), **env}
    return subprocess.run(
        [sys.executable, "-m", "nestgen", *args],
        env=full,
        text=True,
        capture_output=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def _one_error(result: subprocess.CompletedProcess[str]) -> str:
    lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    return lines[0]


def test_wrong_secret_is_an_input_error(tmp_path: Path, env, chart_file):
    pkg = write_package(tmp_path / "pkg")
    bad = {**env, "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "not-the-secret"}
    result = nestgen(
        ["publish", str(pkg), "--region", "cn-hangzhou", "--yes", "--chart", f"demo={chart_file}"],
        bad,
    )
    assert result.returncode == 2
    assert "credentials rejected" in _one_error(result)


def test_unknown_key_is_an_input_error(tmp_path: Path, env, chart_file):
    pkg = write_package(tmp_path / "pkg")
    bad = {**env, "ALIBABA_CLOUD_ACCESS_KEY_ID": "LTAInobody"}
    result = nestgen(["plan", str(pkg), "--region", "cn-hangzhou", "--chart", str(chart_file)], bad)
    assert result.returncode == 2
    assert "InvalidAccessKeyId" in _one_error(result)


def test_unknown_region_without_override(tmp_path: Path, env, chart_file):
    pkg = write_package(tmp_path / "pkg")
    plain = {k: v for k, v in env.items() if not k.startswith("NESTGEN_COMPUTENEST")}
    result = nestgen(["plan", str(pkg), "--region", "mars-north-1"], plain)
    assert result.returncode == 2
    assert "unknown region 'mars-north-1'" in _one_error(result)


def test_region_the_server_rejects(tmp_path: Path, env, chart_file):
    pkg = write_package(tmp_path / "pkg")
    result = nestgen(
        ["plan", str(pkg), "--region", "eu-central-1", "--chart", str(chart_file)], env
    )
    assert result.returncode == 2
    assert "InvalidRegionId" in _one_error(result)


def test_missing_chart(tmp_path: Path, env):
    pkg = write_package(tmp_path / "pkg")
    result = nestgen(["publish", str(pkg), "--region", "cn-hangzhou", "--yes"], env)
    assert result.returncode == 2
    assert "chart demo: no archive" in _one_error(result)
    result = nestgen(
        [
            "publish",
            str(pkg),
            "--region",
            "cn-hangzhou",
            "--yes",
            "--chart",
            str(tmp_path / "absent.tgz"),
        ],
        env,
    )
    assert result.returncode == 2
    assert "cannot read chart archive" in _one_error(result)


def test_unreachable_endpoint(tmp_path: Path, env, chart_file):
    from publish_servers import free_port

    pkg = write_package(tmp_path / "pkg")
    down = {**env, "NESTGEN_COMPUTENEST_ENDPOINT": f"http://127.0.0.1:{free_port()}"}
    result = nestgen(
        ["publish", str(pkg), "--region", "cn-hangzhou", "--yes", "--chart", str(chart_file)], down
    )
    assert result.returncode == 1
    assert "cannot reach http://127.0.0.1:" in _one_error(result)


def test_changes_need_yes_without_a_terminal(tmp_path: Path, env, chart_file, fake: FakeCloud):
    pkg = write_package(tmp_path / "pkg")
    result = nestgen(
        ["publish", str(pkg), "--region", "cn-hangzhou", "--chart", str(chart_file)], env
    )
    assert result.returncode == 2 and "--yes" in _one_error(result)
    assert fake.writes() == []


def test_permanent_4xx_is_not_retried(tmp_path: Path, env, fake: FakeCloud, chart_file):
    fake.inject(0, "400")
    with pytest.raises(RemoteError, match="InvalidParameter"):
        publish(write_package(tmp_path / "pkg"), env, charts={"demo": chart_file})
    assert [e.action for e in fake.journal] == ["ListServices"]


def test_throttling_is_retried(tmp_path: Path, env, fake: FakeCloud, chart_file):
    fake.inject(0, "throttle", count=2)
    publish(write_package(tmp_path / "pkg"), env, charts={"demo": chart_file})
    assert [e.action for e in fake.journal][:3] == ["ListServices"] * 3
    assert len(fake.services) == 1


def test_success_false_is_an_error(env, fake: FakeCloud):
    session: Session = open_session(Target(region="cn-hangzhou"), env)
    with pytest.raises(RemoteError, match=r"InvalidParameter\.FileName"):
        session.call("computenest", "GetUploadCredentials", {"FileName": "a/b"})


def test_sts_token_is_sent_and_checked(env, fake: FakeCloud):
    fake.security_token = "sts-token-for-test"
    session = open_session(Target(region="cn-hangzhou"), env)
    with pytest.raises(InputError, match="credentials rejected"):
        session.call("computenest", "ListServices", {"RegionId": "cn-hangzhou"})
    good = open_session(
        Target(region="cn-hangzhou"), {**env, "ALIBABA_CLOUD_SECURITY_TOKEN": "sts-token-for-test"}
    )
    assert good.call("computenest", "ListServices", {"RegionId": "cn-hangzhou"}) is not None


def test_settings_reject_bad_endpoint():
    from nestgen.errors import UsageError

    with pytest.raises(UsageError):
        load_settings("cn-hangzhou", {"NESTGEN_OSS_ENDPOINT": "ftp://x"})
