"""Fixtures for spec tests: a minimal valid spec written to a temporary folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

MINIMAL = """\
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
      - helm: {artifact: app}
"""


@pytest.fixture
def write_spec(tmp_path: Path) -> Callable[[str], Path]:
    """Write spec text to ``tmp_path/spec.yaml`` and return its path."""

    def write(text: str, name: str = "spec.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def minimal_spec_text() -> str:
    return MINIMAL
