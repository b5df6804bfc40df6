"""``scripts/update-ros-spec`` rebuilds the shipped spec byte for byte from the same wheels.

Needs the pinned ROS CDK wheels offline: ``NESTGEN_ROS_CDK_WHEELS=DIR`` with ``DIR/current``
(the versions of ``scripts/ros-cdk-packages.txt``) and ``DIR/legacy`` (those of
``scripts/ros-cdk-legacy.txt``), e.g. from ``pip download --no-deps -d DIR/current -r ...``.
Skips, saying why, when they are not there; CI never downloads.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from nestgen.rosspec.build import package_files, package_of, read_pins
from nestgen.rosspec.spec import SHIPPED, parse

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "update-ros-spec"


def _wheels() -> Path:
    folder = os.environ.get("NESTGEN_ROS_CDK_WHEELS")
    if not folder:
        pytest.skip("NESTGEN_ROS_CDK_WHEELS is not set: the pinned ROS CDK wheels are not offline")
    root = Path(folder)
    if not (root / "current").is_dir() or not (root / "legacy").is_dir():
        pytest.skip(f"{root} lacks current/ and legacy/ wheel folders")
    return root


def _versions(files: list[Path]) -> set[str]:
    return {"==".join(package_of(path)) for path in files}


def test_the_script_rebuilds_the_shipped_file_byte_for_byte(tmp_path):
    root = _wheels()
    current, legacy = package_files(root / "current"), package_files(root / "legacy")
    pins = set(read_pins(REPO / "scripts" / "ros-cdk-packages.txt"))
    if _versions(current) != pins:
        pytest.skip(f"{root}/current does not hold exactly the pinned versions")
    if _versions(legacy) != set(read_pins(REPO / "scripts" / "ros-cdk-legacy.txt")):
        pytest.skip(f"{root}/legacy does not hold exactly the pinned legacy versions")
    out = tmp_path / "ros_spec.json.gz"
    command = [sys.executable, str(SCRIPT), "--wheels", str(root), "--out", str(out)]
    result = subprocess.run(command, capture_output=True, text=True, check=False, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == SHIPPED.read_bytes()
    assert parse(out.read_bytes(), str(out)).sources == {
        name: version for name, version in (pin.split("==") for pin in pins)
    }
