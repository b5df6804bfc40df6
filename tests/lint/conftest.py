"""Fixtures for the linter tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


@pytest.fixture
def write(tmp_path: Path):
    """Write a text file under tmp_path and return its path."""

    def _write(name: str, text: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    return _write


def _corpus_candidates() -> list[Path]:
    repo = Path(__file__).resolve().parents[2]
    env = os.environ.get("NESTGEN_CORPUS")
    # The main checkout sits beside shared/; a worktree under wt/ sits one level deeper.
    return (
        [Path(env)]
        if env
        else [repo.parent / "shared" / "corpus", repo.parent.parent / "shared" / "corpus"]
    )


@pytest.fixture
def corpus() -> Path:
    """The shared corpus (also found from a worktree); skips when it is absent."""
    for candidate in _corpus_candidates():
        if candidate.is_dir():
            return candidate
    pytest.skip(
        f"the shared corpus is absent ({_corpus_candidates()[0]}); these tests read real packages"
    )
