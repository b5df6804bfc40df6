"""Atomic writes: a failed build leaves the previous output untouched; validation catches
broken packages before the swap."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from nestgen import yamlio
from nestgen.errors import CheckFailed, UsageError
from nestgen.package import build_package
from nestgen.package.validate import validate_package
from nestgen.spec import load_spec
from nestgen.spec.loader import EMBEDDED_SPEC


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _spec_copy(tmp_path: Path, text: str) -> Path:
    """A copy of the embedded spec (with the files it names) whose text is replaced."""
    data_dir = EMBEDDED_SPEC.parent.parent
    shutil.copytree(data_dir, tmp_path / "data")
    path = tmp_path / "data" / "service_config" / "jupyterhub.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_failed_validation_leaves_previous_output(tmp_path, embedded_spec):
    out = tmp_path / "out"
    build_package(embedded_spec, out)
    before = _snapshot(out)
    text = EMBEDDED_SPEC.read_text(encoding="utf-8").replace(
        "      - ChartValues\n", "      - NotAParameter\n"
    )
    broken = load_spec(_spec_copy(tmp_path, text))
    with pytest.raises(CheckFailed, match=r"W6004 .NotAParameter. is not a parameter"):
        build_package(broken, out)
    assert _snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "out"]  # no staging left


def test_build_refuses_to_replace_a_folder_that_is_not_a_package(tmp_path, embedded_spec):
    (tmp_path / "notes.txt").write_text("keep me")
    with pytest.raises(UsageError, match="refusing to replace"):
        build_package(embedded_spec, tmp_path)
    assert (tmp_path / "notes.txt").read_text() == "keep me"
    (tmp_path / "file").write_text("x")
    with pytest.raises(UsageError, match="not a folder"):
        build_package(embedded_spec, tmp_path / "file")
    build_package(embedded_spec, tmp_path / "empty")  # absent or empty is fine


def test_build_refuses_the_working_folder_and_the_spec_folder(tmp_path, embedded_spec, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UsageError, match="it contains"):
        build_package(embedded_spec, tmp_path)
    with pytest.raises(UsageError, match="it contains"):
        build_package(embedded_spec, embedded_spec.path.parent.parent)


def _edit_template(root: Path, edit) -> None:
    path = root / "ros_templates" / "template.yaml"
    data = yamlio.load_file(path).data
    edit(data)
    path.write_text(yamlio.dumps(data), encoding="utf-8")


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda t: t["Parameters"]["LoginPassword"].update(Default="computenest*12345"),
         "W3009 NoEcho parameter .LoginPassword. has a literal Default"),
        (lambda t: t["Metadata"]["ALIYUN::ROS::Interface"]["ParameterGroups"][0]["Parameters"]
         .append("ZoneId"), "W4008 parameter .ZoneId. is in more than one group"),
        (lambda t: t["Metadata"]["ALIYUN::ROS::Interface"]["ParameterGroups"][0]["Parameters"]
         .remove("ClusterId"), "W4007 .*ClusterId"),
        (lambda t: t["Parameters"]["ZoneId"]["Label"].pop("zh-cn"), "W4010 .*ZoneId"),
        (lambda t: t["Outputs"]["Endpoint"]["Description"].pop("en"), "W4010 .*Endpoint"),
        (lambda t: t["Resources"]["FluxHelmApplicationModule"]["Properties"].update(
            HelmChartUrl="{{ computenest::helmchart::other }}"), "E6001 .*other.* is not declared"),
    ],
    ids=["noecho-default", "two-groups", "no-group", "locale", "output-locale", "placeholder"],
)  # fmt: skip
def test_validation_catches(tmp_path, embedded_spec, edit, message):
    build_package(embedded_spec, tmp_path / "pkg")
    _edit_template(tmp_path / "pkg", edit)
    with pytest.raises(CheckFailed, match=message):
        validate_package(tmp_path / "pkg")


def test_validation_catches_a_missing_template(tmp_path, embedded_spec):
    build_package(embedded_spec, tmp_path / "pkg")
    (tmp_path / "pkg" / "ros_templates" / "template.yaml").unlink()
    with pytest.raises(CheckFailed, match=r"E6003 template file .* does not exist"):
        validate_package(tmp_path / "pkg")
