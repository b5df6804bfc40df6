"""The commands as users run them: plan output, --validate, lint gate, secrets, imports."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path
from types import ModuleType, SimpleNamespace

import pytest
from fakecloud import FakeCloud
from publish_helpers import REPO, plan, publish, write_package
from publish_servers import RegistryProcess, chart_archive
from test_publish_errors import nestgen

from nestgen.errors import CheckFailed

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
    assert data["service"]["action"] == "create" and data["changes"] == 4
    assert fake.writes() == []
    publish(pkg, env, charts={"demo": chart_file})
    after = json.loads(nestgen([*args, "--format", "json"], env).stdout)
    assert after["changes"] == 0 and after["service"]["diff"] == []


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
    args = ["plan", str(pkg), "--region", "cn-hangzhou", "--chart", str(chart_file),
            "--validate"]
    result = nestgen(args, env)
    assert result.returncode == 0, result.stderr
    assert "check        ros_templates/template.yaml: valid (1 parameters, 1 resources)" \
        in result.stdout
    assert "estimated cost: 1.25 CNY" in result.stdout
    assert {"ValidateTemplate", "GetTemplateEstimateCost"} <= set(fake.calls())
    (pkg / "ros_templates" / "template.yaml").write_text("Resources: {}\n")
    bad = nestgen(args, env)
    assert bad.returncode == 1
    assert "INVALID ValidateTemplate failed: InvalidTemplate: Template format error" in bad.stdout


def test_lint_errors_stop_publishing(tmp_path: Path, env, fake: FakeCloud, chart_file,
                                     monkeypatch: pytest.MonkeyPatch):
    finding = SimpleNamespace(severity="error", __str__=None)
    report = SimpleNamespace(findings=[SimpleNamespace(severity="warning"), finding])
    module = ModuleType("nestgen.lint")
    module.lint_package = lambda path: report  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "nestgen.lint", module)
    with pytest.raises(CheckFailed, match="1 lint error"):
        publish(write_package(tmp_path / "pkg"), env, charts={"demo": chart_file})
    assert fake.journal == []


def _spec_modules(monkeypatch: pytest.MonkeyPatch, repository: str) -> None:
    """Stand-ins for the spec loader and package builder of the build branch."""
    spec = SimpleNamespace(artifacts=[SimpleNamespace(
        key="demo", type="HelmChart", chart="demo", version="0.1.0", repository=repository)])
    spec_mod, package_mod = ModuleType("nestgen.spec"), ModuleType("nestgen.package")
    spec_mod.load_spec = lambda path: spec  # type: ignore[attr-defined]
    package_mod.build_package = lambda s, out: write_package(Path(out))  # type: ignore
    monkeypatch.setitem(sys.modules, "nestgen.spec", spec_mod)
    monkeypatch.setitem(sys.modules, "nestgen.package", package_mod)


def test_publish_from_a_spec_writes_the_lock(tmp_path: Path, env, helm_repo, fake,
                                             monkeypatch: pytest.MonkeyPatch):
    _spec_modules(monkeypatch, helm_repo.url)
    spec_path = tmp_path / "service.yaml"
    spec_path.write_text("name: demo\n")
    publish(spec_path, env)
    lock = (tmp_path / "service.lock.yaml").read_text()
    assert "sha256:" in lock and len(fake.services) == 1
    assert publish(spec_path, env).result is None
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("service")) == [
        "service.lock.yaml", "service.yaml"]


def test_digest_mismatch_through_the_cli(tmp_path: Path, env, helm_repo, fake, capsys,
                                         monkeypatch: pytest.MonkeyPatch):
    from nestgen.cli import run

    _spec_modules(monkeypatch, helm_repo.url)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    spec_path = tmp_path / "service.yaml"
    spec_path.write_text("name: demo\n")
    (tmp_path / "service.lock.yaml").write_text(
        "charts:\n  demo:\n    chart: demo\n    version: 0.1.0\n    digest: sha256:"
        + "1" * 64 + "\n")
    code = run(["publish", str(spec_path), "--region", "cn-hangzhou", "--yes"])
    err = capsys.readouterr().err
    assert code == 2 and fake.journal == []
    (line,) = [line for line in err.splitlines() if line.startswith("error:")]
    assert "does not match the lock" in line and "--update-lock" in line


def test_no_secret_in_output_logs_or_argv(tmp_path: Path, env, fake: FakeCloud, chart_file,
                                          registry: RegistryProcess, caplog, monkeypatch):
    fake.security_token = "sts-token-topsecret"
    env = {**env, "ALIBABA_CLOUD_SECURITY_TOKEN": fake.security_token}
    pkg = write_package(tmp_path / "pkg")
    spawned: list[object] = []
    monkeypatch.setattr(subprocess.Popen, "__init__",
                        lambda self, args, *a, **k: spawned.append(args) or 1 / 0)
    caplog.set_level(logging.DEBUG)
    outcome = publish(pkg, env, charts={"demo": chart_file}, release=True)
    assert outcome.result is not None and spawned == []
    monkeypatch.undo()
    newer = tmp_path / "demo-0.2.0.tgz"
    newer.write_bytes(chart_archive("demo", "0.2.0"))
    write_package(pkg, chart_version="0.2.0")
    runs = [nestgen(["--debug", "publish", str(pkg), "--region", "cn-hangzhou", "--yes",
                     "--chart", str(newer), "--release"], env),
            nestgen(["publish", str(pkg), "--region", "cn-hangzhou", "--yes",
                     "--chart", str(newer)], {**env, "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "x"})]
    text = caplog.text + "".join(r.stdout + r.stderr for r in runs)
    secrets = [fake.access_key_secret, fake.security_token, registry.password,
               *[s for pair in fake.sts.values() for s in pair]]
    assert runs[0].returncode == 0 and runs[1].returncode == 2
    for secret in secrets:
        assert secret not in text


@pytest.mark.parametrize("args", [["--help"], ["build", "--help"], ["lint", "--help"],
                                  ["plan", "--help"], ["publish", "--help"]])
def test_commands_without_cloud_import_no_sdk(args: list[str]):
    prefixes = ("alibabacloud", "oss2", "Tea")
    code = (f"import sys; from nestgen.cli import run; run({args!r}); "
            f"print([m for m in sys.modules if m.startswith({prefixes!r})])")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={"PYTHONPATH": str(REPO)}, timeout=60)
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stdout + result.stderr
