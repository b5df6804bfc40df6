"""Every spec the repository ships (the ECS examples, the ACK ones) builds through the gate."""

from __future__ import annotations

from pathlib import Path

import pytest

from nestgen import yamlio
from nestgen.package import build_package
from nestgen.package.validate import validate_package
from nestgen.spec import load_spec

REPO = Path(__file__).resolve().parents[2]


def _specs() -> list[Path]:
    """YAML files under examples/ and service_config/ that are specs (name + templates)."""
    found = []
    for path in sorted([*REPO.glob("examples/*/*.yaml"), *REPO.glob("service_config/*.yaml")]):
        data = yamlio.load_file(path).data
        if isinstance(data, dict) and "templates" in data and "name" in data:
            found.append(path)
    return found


SPECS = _specs()


def test_the_shipped_specs_are_found():
    names = {p.relative_to(REPO).as_posix() for p in SPECS}
    shipped = {
        "examples/compose-ecs/compose-ecs.yaml",
        "examples/compose-rds/compose-rds.yaml",
        "examples/grafana-ack/grafana.yaml",
        "service_config/jupyterhub.yaml",
    }
    assert shipped <= names


@pytest.mark.parametrize("spec_path", SPECS, ids=lambda p: p.stem)
def test_every_shipped_spec_builds_and_validates(spec_path, tmp_path):
    files = build_package(load_spec(spec_path), tmp_path / "pkg")  # the gate lints it
    assert "config.yaml" in files
    validate_package(tmp_path / "pkg")
