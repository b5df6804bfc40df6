"""Shared data and helpers for the params tests: the JupyterHub-like template, good values,
a chart builder (imported by test modules; fixtures live in this folder's conftest.py)."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path
from typing import Any

from nestgen import yamlio

FIXTURES = Path(__file__).parent / "fixtures"
HUB = FIXTURES / "jupyterhub_like.yaml"
GOOD_PASSWORD = "Nestgen-2024x"

# Values a user must type in (no usable Default), by parameter name.
SAMPLES: dict[str, Any] = {
    "ClusterId": "c0123456789abcdef",
    "ZoneId": "cn-hangzhou-i",
    "VpcId": "vpc-0abc123",
    "VSwitchId": "vsw-0abc123",
    "PodVSwitchId": "vsw-0def456",
    "WorkerInstanceType": "ecs.g6.large",
    "LoginPassword": GOOD_PASSWORD,
}


def make_chart(
    folder: Path, values: dict[str, Any], schema: dict[str, Any] | None, name: str = "hubchart"
) -> Path:
    """A chart archive like `helm package` makes: name/Chart.yaml, values.yaml, schema."""
    files = {
        f"{name}/Chart.yaml": f"apiVersion: v2\nname: {name}\nversion: 0.1.0\n",
        f"{name}/values.yaml": yamlio.dumps(values),
        f"{name}/charts/sub/values.schema.json": json.dumps({"type": "string"}),
    }
    if schema is not None:
        files[f"{name}/values.schema.json"] = json.dumps(schema)
    path = folder / f"{name}-0.1.0.tgz"
    with tarfile.open(path, "w:gz") as archive:
        for member, text in files.items():
            data = text.encode()
            info = tarfile.TarInfo(member)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


def codes(problems: list[Any], severity: str = "error") -> set[tuple[str, str]]:
    """{(parameter, code)} of the problems with ``severity``."""
    return {(p.parameter, p.code) for p in problems if p.severity == severity}
