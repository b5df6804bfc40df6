"""Shared package fixtures: the embedded spec and its rendered files."""

from __future__ import annotations

import pytest

from nestgen.package import render_package
from nestgen.spec import Spec, load_spec


@pytest.fixture(scope="session")
def embedded_spec() -> Spec:
    return load_spec()


@pytest.fixture(scope="session")
def embedded_files(embedded_spec: Spec) -> dict[str, bytes]:
    return render_package(embedded_spec)
