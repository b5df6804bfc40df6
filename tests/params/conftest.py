"""Fixtures for the params tests: the JupyterHub-like template, good value sets, chart builder."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from params_samples import GOOD_PASSWORD, HUB, SAMPLES, make_chart

from nestgen import yamlio


@pytest.fixture
def hub() -> Path:
    return HUB


@pytest.fixture
def hub_data() -> dict[str, Any]:
    """The fixture template as plain data, for tests that alter it."""
    return json.loads(json.dumps(yamlio.load_file(HUB).data))


@pytest.fixture
def new_ack() -> dict[str, Any]:
    """A complete, valid NewAck parameter set (new VPC, flannel)."""
    return {
        "CsOptions": "NewAck",
        "ZoneId": SAMPLES["ZoneId"],
        "WorkerInstanceType": SAMPLES["WorkerInstanceType"],
        "LoginPassword": GOOD_PASSWORD,
    }


@pytest.fixture
def chart_factory(tmp_path: Path) -> Callable[..., Path]:
    return lambda values, schema, name="hubchart": make_chart(tmp_path, values, schema, name)
