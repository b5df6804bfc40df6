"""The spec's test cases: written as service_test/<name>.yaml, their parameters checked
against the built template (params check) before anything is written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from nestgen.errors import CheckFailed, InputErrors
from nestgen.package import build_package
from nestgen.spec import load_spec
from nestgen.spec.loader import EMBEDDED_SPEC


def _spec_copy(tmp_path: Path, text: str) -> Path:
    shutil.copytree(EMBEDDED_SPEC.parent.parent, tmp_path / "data")
    path = tmp_path / "data" / "service_config" / "jupyterhub.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_matrix_is_written_in_computenest_cli_layout(tmp_path: Path, embedded_spec):
    out = tmp_path / "out"
    build_package(embedded_spec, out)
    names = sorted(p.name for p in (out / "service_test").iterdir())
    assert names == [
        "existcs-flannel.yaml",
        "existcs-terway.yaml",
        "newack-flannel.yaml",
        "newack-terway.yaml",
    ]
    case = yaml.safe_load((out / "service_test" / "newack-terway.yaml").read_text())
    assert case["templateName"] == "JupyterHub on ACK" and case["regionId"] == "cn-hangzhou"
    assert case["parameters"]["AckNetworkPlugin"] == "Terway"
    assert case["parameters"]["ZoneId"] == "$[iact3-auto]"


def test_a_parameter_the_form_hides_stops_the_build(tmp_path: Path):
    text = EMBEDDED_SPEC.read_text(encoding="utf-8").replace(
        "      CsOptions: ExistCs\n", "      CsOptions: ExistCs\n      PayType: PrePaid\n", 1
    )
    path = _spec_copy(tmp_path, text)
    line = (
        text.splitlines().index(
            "  - name: existcs-flannel  # an existing Flannel cluster of the test account"
        )
        + 1
    )
    with pytest.raises(CheckFailed) as caught:
        build_package(load_spec(path), tmp_path / "out")
    message = str(caught.value)
    assert f"{path}:{line}:5: tests existcs-flannel: warning: PayType: value ignored" in message
    assert not (tmp_path / "out").exists()


def test_a_test_of_an_unknown_template_is_a_spec_error(tmp_path: Path):
    text = EMBEDDED_SPEC.read_text(encoding="utf-8").replace(
        "  - name: newack-flannel\n    template: JupyterHub on ACK\n",
        "  - name: newack-flannel\n    template: Nope\n",
    )
    with pytest.raises(InputErrors, match=r"tests\[0\]|no template named 'Nope'"):
        load_spec(_spec_copy(tmp_path, text))
