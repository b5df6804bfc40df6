"""The JupyterHub template, rendered once per test session from the embedded spec."""

from __future__ import annotations

from typing import Any

import pytest

from nestgen import yamlio
from nestgen.package import render_package
from nestgen.spec import load_spec


@pytest.fixture(scope="session")
def jupyterhub_template() -> dict[str, Any]:
    """The generated template, read back through the YAML loader (what users get)."""
    files = render_package(load_spec())
    return yamlio.loads(files["ros_templates/template.yaml"]).data


@pytest.fixture(scope="session")
def defaults(jupyterhub_template: dict[str, Any]) -> dict[str, Any]:
    """Every parameter's default (None when it has none)."""
    return {n: b.get("Default") for n, b in jupyterhub_template["Parameters"].items()}
