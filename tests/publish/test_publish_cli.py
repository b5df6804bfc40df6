"""The commands as users run them: plan output, --validate, lint gate, secrets, imports."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest
from fakecloud import FakeCloud
from publish_helpers import REPO, TEMPLATE, plan, publish, write_package
from publish_servers import RegistryProcess, chart_archive
from test_publish_errors import nestgen

from nestgen.errors import CheckFailed
from nestgen.publish.run import Target, run_plan
from nestgen.publish.source import Source

pytestmark = pytest.mark.integration


def test_plan_text_and_json(tmp_path: Path, env, fake: FakeCloud, chart_file):
    pkg = write_package(tmp_path / "pkg")
    args = ["plan", str(pkg), "--region", "cn-hangzhou", "--chart", f"demo={chart_file}"]
    text = nestgen(args, env)
    assert text.returncode == 0, text.stderr
    assert "create       artifact nestgen-demo-chart: chart demo 0.1.0" in text.stdout
    assert "upload       file ros_templates/template.yaml" in text.stdout
    assert "create       service nestgen-demo" in text.stdout
    data = json.loads(nestgen([*args, "--format", "json"], env).stdout)
    assert [s["step"] for s in data["steps"]] == ["artifact", "file", "file", "service"]
    assert data["steps"][-1]["action"] == "create" and data["changes"] == 4
    assert "target" not in data["steps"][1]  # the upload credentials stay in memory
    assert fake.writes() == []
    publish(pkg, env, charts={"demo": chart_file})
    after = json.loads(nestgen([*args, "--format", "json"], env).stdout)
    assert after["changes"] == 0 and after["steps"][-1]["diff"] == []


def test_plan_shows_a_readable_diff(tmp_path: Path, env, chart_file):
    pkg = write_package(tmp_path / "pkg")
    publish(pkg, env, charts={"demo": chart_file})
    write_package(pkg, name="nestgen-demo")
    config = (pkg / "config.yaml").read_text().replace("A demo", "A better demo")
    (pkg / "config.yaml").write_text(config)
    result = plan(pkg, env, charts={"demo": chart_file})
    assert result.service.action == "update"
    assert "-    ShortDescription: A demo" in result.service.diff
    assert "+    ShortDescription: A better demo" in result.service.diff


def test_validate_calls_ros(tmp_path: Path, env, fake: FakeCloud, chart_file):
    pkg = write_package(tmp_path / "pkg")
    args = ["plan", str(pkg), "--region", "cn-hangzhou", "--chart", str(chart_file), "--validate"]
    result = nestgen(args, env)
    assert result.returncode == 0, result.stderr
    assert (
        "check        ros_templates/template.yaml: valid (1 parameters, 1 resources)"
        in result.stdout
    )
    assert "estimated cost: 1.25 CNY" in result.stdout
    assert {"ValidateTemplate", "GetTemplateEstimateCost"} <= set(fake.calls())
    # A type the offline linter knows (ROS's own spec) but this ROS endpoint does not.
    typo = "ALIYUN::CS::ClusterHelmApplication"
    fake.unknown_resource_types = frozenset({typo})
    bad = nestgen(args, env)
    assert bad.returncode == 1, bad.stderr
    assert (
        f"INVALID ValidateTemplate failed: InvalidTemplate: Template format error: Unknown "
        f"resource Type : {typo}"
    ) in bad.stdout


def test_lint_invalid_template_never_reaches_ros(tmp_path: Path, env, fake: FakeCloud, chart_file):
    pkg = write_package(tmp_path / "pkg", template="Resources: {}\n")
    result = nestgen(
        ["plan", str(pkg), "--region", "cn-hangzhou", "--chart", str(chart_file), "--validate"], env
    )
    assert result.returncode == 1 and result.stdout == ""
    assert "ros_templates/template.yaml:1:1: E1001 ROSTemplateFormatVersion" in result.stderr
    assert "Finding(" not in result.stderr and fake.journal == []


# A Ref to a parameter that does not exist: ROS rejects the template (lint error E2001).
BROKEN_REF = TEMPLATE.replace(
    "replicas: !Ref Replicas", "replicas: !Ref Replicas\n        password: !Ref AdminPasword"
)


def test_lint_errors_stop_publishing(tmp_path: Path, env, fake: FakeCloud, chart_file):
    pkg = write_package(tmp_path / "pkg", template=BROKEN_REF)
    with pytest.raises(CheckFailed) as caught:
        publish(pkg, env, charts={"demo": chart_file})
    message = str(caught.value)
    assert message.startswith("1 lint error(s); nothing was published")
    line = BROKEN_REF.splitlines().index("        password: !Ref AdminPasword") + 1
    assert f"ros_templates/template.yaml:{line}:" in message and " E2001 " in message
    assert fake.journal == []


def test_lint_warnings_are_shown_and_do_not_block(tmp_path: Path, env, fake: FakeCloud, chart_file):
    unused = TEMPLATE.replace("Resources:", "  Unused:\n    Type: String\nResources:")
    pkg = write_package(tmp_path / "pkg", template=unused)
    notes: list[str] = []
    result, _ = run_plan(
        Source(path=pkg, charts={"demo": chart_file}),
        Target(region="cn-hangzhou"),
        env,
        notes.append,
    )
    assert result.service.action == "create"
    line = unused.splitlines().index("  Unused:") + 1
    assert [n for n in notes if "W2008" in n] == [
        f"lint ros_templates/template.yaml:{line}:3: W2008 parameter 'Unused' is never used"
    ]


def test_no_secret_in_output_logs_or_argv(
    tmp_path: Path, env, fake: FakeCloud, chart_file, registry: RegistryProcess, caplog, monkeypatch
):
    fake.security_token = "sts-token-topsecret"
    env = {**env, "ALIBABA_CLOUD_SECURITY_TOKEN": fake.security_token}
    pkg = write_package(tmp_path / "pkg")
    spawned: list[object] = []
    monkeypatch.setattr(
        subprocess.Popen, "__init__", lambda self, args, *a, **k: spawned.append(args) or 1 / 0
    )
    caplog.set_level(logging.DEBUG)
    outcome = publish(pkg, env, charts={"demo": chart_file}, release=True)
    assert outcome.result is not None and spawned == []
    monkeypatch.undo()
    newer = tmp_path / "demo-0.2.0.tgz"
    newer.write_bytes(chart_archive("demo", "0.2.0"))
    write_package(pkg, chart_version="0.2.0")
    saved = tmp_path / "p.json"
    runs = [
        nestgen(
            [
                "--debug",
                "publish",
                str(pkg),
                "--region",
                "cn-hangzhou",
                "--yes",
                "--chart",
                str(newer),
                "--launch",
            ],
            env,
        ),
        nestgen(
            ["publish", str(pkg), "--region", "cn-hangzhou", "--yes", "--chart", str(newer)],
            {**env, "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "x"},
        ),
        nestgen(
            ["--debug", "plan", str(pkg), "--chart", str(newer), "--validate", "-o", str(saved)],
            env,
        ),
        nestgen(["status", str(pkg), "--chart", str(newer), "--format", "json"], env),
    ]
    text = caplog.text + "".join(r.stdout + r.stderr for r in runs)
    text += saved.read_text()
    secrets = [
        fake.access_key_secret,
        fake.security_token,
        registry.password,
        *[s for pair in fake.sts.values() for s in pair],
    ]
    assert [r.returncode for r in runs] == [0, 2, 0, 0], runs[0].stderr + runs[2].stderr
    assert "LaunchService" in fake.calls() and '"format": "nestgen-plan/1"' in text
    for secret in secrets:
        assert secret not in text


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["build", "--help"],
        ["lint", "--help"],
        ["plan", "--help"],
        ["publish", "--help"],
        ["status", "--help"],
        ["test", "--help"],
    ],
)
def test_commands_without_cloud_import_no_sdk(args: list[str]):
    prefixes = ("alibabacloud", "oss2", "Tea")
    code = (
        f"import sys; from nestgen.cli import run; run({args!r}); "
        f"print([m for m in sys.modules if m.startswith({prefixes!r})])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(REPO)},
        timeout=60,
    )
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stdout + result.stderr
