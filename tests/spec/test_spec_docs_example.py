"""docs/spec.md's complete ECS spec builds, lints clean, and filled in passes params check."""

from __future__ import annotations

import re
from pathlib import Path

from nestgen import yamlio
from nestgen.package import build_package
from nestgen.params import check_parameters
from nestgen.spec import load_spec

SPEC_DOC = Path(__file__).resolve().parents[2] / "docs" / "spec.md"
MARK = "<!-- complete ECS spec -->\n```yaml\n"


def _example() -> str:
    text = SPEC_DOC.read_text(encoding="utf-8")
    start = text.index(MARK) + len(MARK)
    return text[start : text.index("```", start)]


def test_the_complete_ecs_spec_of_the_docs_builds(tmp_path):
    (tmp_path / "uptime.yaml").write_text(_example(), encoding="utf-8")
    compose = "services:\n  web:\n    image: louislam/uptime-kuma:1\n    ports: ['80:3001']\n"
    (tmp_path / "docker-compose.yaml").write_text(compose, encoding="utf-8")
    build_package(load_spec(tmp_path / "uptime.yaml"), tmp_path / "pkg")  # the lint gate
    template = yamlio.load_file(tmp_path / "pkg" / "ros_templates" / "template.yaml").data
    endpoint = template["Outputs"]["Endpoint"]["Value"]["Fn::Sub"][0]
    assert re.fullmatch(r"http://\$\{Address\}/", endpoint)  # port 80 is http's own
    values = {"ZoneId": "cn-hangzhou-h", "InstancePassword": "Example-Passw0rd",
              "AdminPassword": "Example-Passw0rd"}  # fmt: skip
    errors = [p for p in check_parameters(template, values) if p.severity == "error"]
    assert errors == []
