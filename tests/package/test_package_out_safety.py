"""``build --out``: nothing nestgen did not write is ever deleted, and the folder keeps its mode."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from nestgen.errors import UsageError
from nestgen.package import build_package
from nestgen.package.manifest import MANIFEST, first_foreign, read_manifest
from nestgen.spec import load_spec
from nestgen.spec.loader import EMBEDDED_SPEC

REPO = Path(__file__).resolve().parents[2]


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _spec_copy(tmp_path: Path, replace: tuple[str, str] | None = None) -> Path:
    shutil.copytree(EMBEDDED_SPEC.parent.parent, tmp_path / "data")
    path = tmp_path / "data" / "service_config" / "jupyterhub.yaml"
    if replace:
        text = path.read_text(encoding="utf-8")
        assert replace[0] in text
        path.write_text(text.replace(*replace), encoding="utf-8")
    return path


def test_a_package_folder_with_other_files_is_refused_naming_the_first(tmp_path, embedded_spec):
    out = tmp_path / "out"
    build_package(embedded_spec, out)
    (out / "README.md").write_text("my notes")
    (out / ".git").mkdir()
    (out / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    before = _tree(out)
    with pytest.raises(UsageError, match=r"\.git/ was not written by nestgen"):
        build_package(embedded_spec, out)
    assert _tree(out) == before
    shutil.rmtree(out / ".git")
    with pytest.raises(UsageError, match=r"README\.md was not written by nestgen"):
        build_package(embedded_spec, out)
    assert (out / "README.md").read_text() == "my notes"


def test_a_config_yaml_alone_does_not_make_a_folder_replaceable(tmp_path, embedded_spec):
    (tmp_path / "config.yaml").write_text("mine: true\n")
    (tmp_path / "notes.txt").write_text("keep me")
    with pytest.raises(UsageError, match=r"config\.yaml was not written by nestgen"):
        build_package(embedded_spec, tmp_path)
    assert (tmp_path / "notes.txt").read_text() == "keep me"


def test_a_generated_file_edited_by_hand_is_not_overwritten(tmp_path, embedded_spec):
    out = tmp_path / "out"
    build_package(embedded_spec, out)
    (out / "config.yaml").write_text("# my edit\n", encoding="utf-8")
    with pytest.raises(UsageError, match=r"config\.yaml was changed since nestgen wrote it"):
        build_package(embedded_spec, out)
    assert (out / "config.yaml").read_text(encoding="utf-8") == "# my edit\n"


def test_a_symlink_is_foreign(tmp_path, embedded_spec):
    out = tmp_path / "out"
    build_package(embedded_spec, out)
    (out / "docs" / "link").symlink_to(tmp_path)
    with pytest.raises(UsageError, match=r"docs/link was not written by nestgen"):
        build_package(embedded_spec, out)
    assert (out / "docs" / "link").is_symlink()


def test_rebuild_replaces_what_nestgen_wrote_before(tmp_path, embedded_spec):
    out = tmp_path / "out"
    grafana = load_spec(REPO / "examples" / "grafana-ack" / "grafana.yaml")
    build_package(grafana, out)
    first = set(_tree(out))
    written = build_package(embedded_spec, out)
    assert set(_tree(out)) == {*written, MANIFEST}
    assert first - set(written) - {MANIFEST}, "the two specs should differ in some file"
    assert set(read_manifest(out)) == set(written)
    assert first_foreign(out) is None


def test_an_out_folder_holding_a_spec_input_is_refused(tmp_path):
    out = tmp_path / "pkg"
    spec = load_spec(_spec_copy(tmp_path))
    build_package(spec, out)
    shutil.copy2(tmp_path / "data" / "service_config" / "hub.env", out / "hub.env")
    moved = load_spec(
        _spec_copy(tmp_path / "b", ("hub_settings: hub.env", "hub_settings: ../../../pkg/hub.env"))
    )
    assert moved.hub_settings == (out / "hub.env").resolve()
    with pytest.raises(UsageError, match=r"it contains .*pkg/hub\.env, which the spec reads"):
        build_package(moved, out)
    assert (out / "hub.env").is_file()


@pytest.mark.parametrize("inside", ["logo", "values", "lock"])
def test_every_kind_of_input_counts(tmp_path, inside):
    spec = load_spec(
        _spec_copy(
            tmp_path,
            ("  region: cn-hangzhou\n", "  region: cn-hangzhou\n  logo: ../service_logo.png\n"),
        )
    )
    named = {
        "logo": spec.service.logo,
        "values": spec.resolve("../helm/jupyterhub-ack-values.yaml"),
        "lock": spec.lock_path,
    }[inside]
    assert named in spec.inputs()
    with pytest.raises(UsageError, match="which the spec reads"):
        build_package(spec, named.parent)


def test_rebuild_keeps_the_folder_mode(tmp_path, embedded_spec):
    out = tmp_path / "out"
    build_package(embedded_spec, out)
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o777 & ~umask
    for mode in (0o755, 0o750):
        out.chmod(mode)
        build_package(embedded_spec, out)
        assert out.stat().st_mode & 0o777 == mode


def test_cli_refusal_is_exit_2_with_one_line(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "README.md").write_text("x")
    done = subprocess.run(
        [sys.executable, "-m", "nestgen", "build", "--out", str(out)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0
    assert "README.md was not written by nestgen" in done.stderr
