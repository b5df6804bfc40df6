"""The build checks the deployed Helm values against a locally cached chart's values schema."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from nestgen.errors import CheckFailed
from nestgen.package import build_package
from nestgen.spec import load_spec

REPO = Path(__file__).resolve().parents[2]
SPEC = """\
name: demo
service:
  info:
    zh-CN: {name: 演示, short_description: 演示服务}
    en-US: {name: Demo, short_description: A demo service}
artifacts:
  - {key: app, type: helmchart, chart: app, version: 1.2.3, repository: https://example.com/charts}
templates:
  - name: Demo
    file: demo.yaml
    description: {en: Demo, zh-cn: 演示}
    regions: [cn-hangzhou]
    groups:
      - cluster
      - network
      - workers
      - password
      - helm:
          artifact: app
          values: values.yaml
          template_values:
            service: {port: PORT}
"""
SCHEMA = {
    "type": "object",
    "properties": {
        "replicas": {"type": "integer"},
        "service": {"type": "object", "properties": {"port": {"type": "integer"}}},
    },
}


def _chart(schema: dict | None = SCHEMA, extra: str = "") -> bytes:
    files = {
        "app/Chart.yaml": "apiVersion: v2\nname: app\nversion: 1.2.3\n",
        "app/values.yaml": "replicas: 1\nservice: {port: 80}\n" + extra,
    }
    if schema is not None:
        files["app/values.schema.json"] = json.dumps(schema)
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w") as tar:
        for path, text in sorted(files.items()):
            info = tarfile.TarInfo(path)
            info.size = len(text.encode())
            tar.addfile(info, io.BytesIO(text.encode()))
    return gzip.compress(raw.getvalue(), mtime=0)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty chart cache (``$XDG_CACHE_HOME/nestgen/charts``)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = tmp_path / "cache" / "nestgen" / "charts"
    folder.mkdir(parents=True)
    return folder


def _spec(tmp_path: Path, replicas: str = "2", port: str = "8080") -> Path:
    (tmp_path / "values.yaml").write_text(f"# overlay\nreplicas: {replicas}\n")
    path = tmp_path / "demo.yaml"
    path.write_text(SPEC.replace("PORT", port), encoding="utf-8")
    return path


def test_a_value_the_chart_rejects_fails_the_build_at_its_origin(tmp_path, cache):
    (cache / "app-1.2.3.tgz").write_bytes(_chart())
    spec = load_spec(_spec(tmp_path, replicas="two", port="http"))
    out = tmp_path / "out"
    with pytest.raises(CheckFailed) as caught:
        build_package(spec, out)
    assert caught.value.exit_code == 1
    message = str(caught.value)
    values, spec_file = tmp_path / "values.yaml", tmp_path / "demo.yaml"
    assert f"{values}:2:1: replicas: 'two' is not of type 'integer'" in message
    assert f"{spec_file}:22:23: service.port: 'http' is not of type 'integer'" in message
    assert "app-1.2.3.tgz values.schema.json, with the default form" in message
    assert not out.exists()


def test_values_the_chart_accepts_build(tmp_path, cache):
    (cache / "app-1.2.3.tgz").write_bytes(_chart())
    assert build_package(load_spec(_spec(tmp_path)), tmp_path / "out")


def test_without_a_local_chart_nothing_is_checked(tmp_path, cache):
    assert build_package(load_spec(_spec(tmp_path, replicas="two")), tmp_path / "out")


def test_a_cached_chart_the_lock_contradicts_is_not_used(tmp_path, cache):
    (cache / "app-1.2.3.tgz").write_bytes(_chart())
    other = "sha256:" + hashlib.sha256(b"another archive").hexdigest()
    (tmp_path / "demo.lock.yaml").write_text(
        f"charts:\n  app: {{chart: app, version: 1.2.3, digest: '{other}'}}\n"
    )
    assert build_package(load_spec(_spec(tmp_path, replicas="two")), tmp_path / "out")


def test_the_locked_chart_is_used(tmp_path, cache):
    data = _chart()
    (cache / "app-1.2.3.tgz").write_bytes(data)
    digest = "sha256:" + hashlib.sha256(data).hexdigest()
    (tmp_path / "demo.lock.yaml").write_text(
        f"charts:\n  app: {{chart: app, version: 1.2.3, digest: '{digest}'}}\n"
    )
    with pytest.raises(CheckFailed, match="replicas: 'two'"):
        build_package(load_spec(_spec(tmp_path, replicas="two")), tmp_path / "out")


def test_a_chart_without_a_schema_checks_nothing(tmp_path, cache):
    (cache / "app-1.2.3.tgz").write_bytes(_chart(schema=None))
    assert build_package(load_spec(_spec(tmp_path, replicas="two")), tmp_path / "out")


def test_the_cli_exits_1_with_the_origin_and_writes_nothing(tmp_path, cache):
    (cache / "app-1.2.3.tgz").write_bytes(_chart())
    spec = _spec(tmp_path, replicas="two")
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, "-m", "nestgen", "build", str(spec), "--out", str(out)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.startswith("error: the chart's values schema rejects")
    assert f"{tmp_path / 'values.yaml'}:2:1: replicas:" in result.stderr
    assert "Traceback" not in result.stderr and not out.exists()


def test_a_value_written_nowhere_in_the_spec_is_reported_at_the_helm_group(tmp_path, cache):
    # A value none of the spec's files writes (here the chart's own default, which its
    # schema rejects) is reported at the spec's helm group.
    schema = {**SCHEMA, "properties": {**SCHEMA["properties"], "note": {"type": "string"}}}
    (cache / "app-1.2.3.tgz").write_bytes(_chart(schema, extra="note: 7\n"))
    with pytest.raises(CheckFailed) as caught:
        build_package(load_spec(_spec(tmp_path)), tmp_path / "out")
    (line,) = str(caught.value).splitlines()[1:]
    assert line.strip().startswith(f"{tmp_path / 'demo.yaml'}:18:9: note: 7 is not of type")
