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


def test_write_atomic_never_writes_into_the_existing_file(tmp_path: Path) -> None:
    """A reader holding the old file (or a hard link to it) never sees a half-written one."""
    import os

    target = tmp_path / "out.json"
    target.write_text("old content", encoding="utf-8")
    link = tmp_path / "link.json"
    os.link(target, link)
    with target.open(encoding="utf-8") as reader:
        write_atomic(target, "new content")
        assert reader.read() == "old content"
    assert target.read_text(encoding="utf-8") == "new content"
    assert link.read_text(encoding="utf-8") == "old content"  # a new inode was renamed in
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.json", "out.json"]


def test_a_failed_write_leaves_the_old_file(tmp_path: Path, monkeypatch) -> None:
    import os

    from nestgen.errors import OutputError

    target = tmp_path / "out.json"
    target.write_text("old content", encoding="utf-8")

    def no_rename(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", no_rename)
    with pytest.raises(OutputError, match="no space left on device"):
        write_atomic(target, "new content")
    assert target.read_text(encoding="utf-8") == "old content"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]  # no temp file left


def test_a_failed_swap_puts_the_previous_tree_back(tmp_path: Path, monkeypatch) -> None:
    """The old folder is renamed aside first; when the new one cannot take its place, the old
    one comes back, and neither the staging folder nor the backup is left behind."""
    import os

    from nestgen.errors import OutputError

    out = tmp_path / "pkg"
    replace_dir_atomic(out, lambda d: (d / "config.yaml").write_text("old"))
    real_replace = os.replace

    def refuse_staging(src, dst) -> None:
        if ".new." in Path(src).name:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", refuse_staging)
    with pytest.raises(OutputError, match="no space left on device"):
        replace_dir_atomic(out, lambda d: (d / "config.yaml").write_text("new"))
    assert (out / "config.yaml").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pkg"]
