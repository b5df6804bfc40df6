"""`nestgen build` as a process: exit codes, messages, nothing written on bad input."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "nestgen", "build", *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_out_builds_the_embedded_spec_anywhere(tmp_path):
    result = _run("--out", str(tmp_path / "build" / "jupyterhub"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "wrote 11 file(s)" in result.stdout  # config, template, logo, 2 x 2 docs, 4 tests
    assert (tmp_path / "build" / "jupyterhub" / "ros_templates" / "template.yaml").is_file()
    again = _run("--out", str(tmp_path / "build" / "jupyterhub"), "--check", cwd=tmp_path)
    assert again.returncode == 0, again.stdout


def test_check_passes_on_the_repository():
    result = _run("--check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "up to date" in result.stdout


def test_check_fails_on_a_hand_edited_template(repo_copy):
    template = repo_copy / "ros_templates" / "template.yaml"
    template.write_text(template.read_text().replace("Default: 120", "Default: 40"))
    result = _run("--check", cwd=repo_copy)
    assert result.returncode == 1
    assert "-    Default: 40" in result.stdout and "+    Default: 120" in result.stdout
    assert "stale; run `nestgen build`" in result.stderr
    assert "Traceback" not in result.stderr
    assert template.read_text().count("Default: 40") == 1  # --check writes nothing
    fixed = _run(cwd=repo_copy)
    assert fixed.returncode == 0, fixed.stderr
    assert _run("--check", cwd=repo_copy).returncode == 0


def test_bad_spec_exits_2_with_positions_and_writes_nothing(tmp_path):
    spec = tmp_path / "bad.yaml"
    spec.write_text("name: demo\ncolour: red\nservice: {}\ntemplates: 3\n")
    out = tmp_path / "out"
    result = _run(str(spec), "--out", str(out))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert lines == [
        f"error: {spec}:2:1: colour: unknown key 'colour'",
        f"error: {spec}:3:10: service: missing required field 'info'",
        f"error: {spec}:4:12: templates: expected list, got integer",
    ]
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml"]


def test_invalid_yaml_exits_2(tmp_path):
    spec = tmp_path / "bad.yaml"
    spec.write_text("name: [demo\n")
    result = _run(str(spec), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert f"{spec}:2:1: invalid YAML" in result.stderr
    assert "Traceback" not in result.stderr


def test_usage_errors(tmp_path):
    spec_only = _run(str(REPO / "examples" / "grafana-ack" / "grafana.yaml"))
    assert spec_only.returncode == 2 and "needs --out" in spec_only.stderr
    outside = _run(cwd=tmp_path)
    assert outside.returncode == 2 and "tool.nestgen.build" in outside.stderr


def test_example_spec_builds(tmp_path):
    result = _run(
        str(REPO / "examples" / "grafana-ack" / "grafana.yaml"), "--out", str(tmp_path / "g")
    )
    assert result.returncode == 0, result.stderr


def test_help_does_not_load_the_generator():
    code = (
        "import sys; from nestgen.cli import run; run(['build', '--help']);"
        "print(sorted(m for m in sys.modules if m.startswith(('nestgen.', 'yaml', 'jsonschema'))))"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert "--check" in result.stdout
    loaded = result.stdout.strip().splitlines()[-1]
    assert "nestgen.package" not in loaded and "nestgen.spec" not in loaded
    assert "jsonschema" not in loaded


def _ecs_spec(tmp_path: Path, old: str = "", new: str = "") -> Path:
    example = REPO / "examples" / "compose-ecs"
    (tmp_path / "docker-compose.yaml").write_bytes((example / "docker-compose.yaml").read_bytes())
    text = (example / "compose-ecs.yaml").read_text(encoding="utf-8")
    spec = tmp_path / "spec.yaml"
    spec.write_text(text.replace(old, new), encoding="utf-8")
    return spec


def test_ecs_example_exit_codes(tmp_path):
    good = _run(str(_ecs_spec(tmp_path)), "--out", str(tmp_path / "ok"), cwd=tmp_path)
    assert good.returncode == 0, good.stderr
    raw = (
        "    ros:\n      resources:\n        EcsInstanceGroup: {Type: ALIYUN::ECS::VPC}\n"
        "        Extra:\n          Type: ALIYUN::ECS::VPC\n"
        "          Properties: {VpcName: {Ref: NoSuchParameter}}\n"
    )
    clash = _ecs_spec(tmp_path, "docs:\n", raw + "docs:\n")
    result = _run(str(clash), "--out", str(tmp_path / "clash"), cwd=tmp_path)
    assert result.returncode == 2
    assert "spec.yaml:47:9: templates[0].ros.resources.EcsInstanceGroup:" in result.stderr
    finding = _ecs_spec(tmp_path, "docs:\n", raw.replace("EcsInstanceGroup", "Other") + "docs:\n")
    result = _run(str(finding), "--out", str(tmp_path / "lint"), cwd=tmp_path)
    assert result.returncode == 1
    assert (
        "spec.yaml:48:9: E2001 Ref to undefined name 'NoSuchParameter'"
        in result.stdout + result.stderr
    )
    assert not (tmp_path / "clash").exists() and not (tmp_path / "lint").exists()
