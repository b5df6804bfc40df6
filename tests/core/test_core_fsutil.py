"""Atomic writes leave the previous output intact when something fails."""

from __future__ import annotations

from pathlib import Path

import pytest

from nestgen.fsutil import replace_dir_atomic, write_atomic


def test_write_atomic_replaces_content(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "f.txt"
    write_atomic(target, "one")
    write_atomic(target, b"two")
    assert target.read_text() == "two"
    assert [p.name for p in target.parent.iterdir()] == ["f.txt"]


def test_failed_directory_build_keeps_previous_tree(tmp_path: Path) -> None:
    out = tmp_path / "pkg"
    replace_dir_atomic(out, lambda d: (d / "config.yaml").write_text("old"))

    def broken(staging: Path) -> None:
        (staging / "config.yaml").write_text("new")
        raise RuntimeError("generator failed half-way")

    with pytest.raises(RuntimeError):
        replace_dir_atomic(out, broken)
    assert (out / "config.yaml").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pkg"]


def test_directory_swap_replaces_whole_tree(tmp_path: Path) -> None:
    out = tmp_path / "pkg"
    replace_dir_atomic(out, lambda d: (d / "stale.yaml").write_text("x"))
    replace_dir_atomic(out, lambda d: (d / "fresh.yaml").write_text("y"))
    assert [p.name for p in out.iterdir()] == ["fresh.yaml"]
