"""Test hygiene shared by every test: no network but loopback, no real home directory."""

from __future__ import annotations

import ipaddress
import os
import shutil
import socket
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def _find_corpus() -> Path:
    """``$NESTGEN_CORPUS``, else ``shared/corpus`` beside the checkout or any parent (worktrees)."""
    if os.environ.get("NESTGEN_CORPUS"):
        return Path(os.environ["NESTGEN_CORPUS"])
    for parent in REPO.parents:
        candidate = parent / "shared" / "corpus"
        if candidate.is_dir():
            return candidate
    return REPO.parent / "shared" / "corpus"


CORPUS = _find_corpus()

_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


def _is_local(address: object) -> bool:
    if isinstance(address, str | bytes):  # AF_UNIX path
        return True
    host = address[0] if isinstance(address, tuple) else None
    if host in ("localhost", "", None):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _guarded(real):
    def connect(self: socket.socket, address: object):
        if not _is_local(address):
            raise OSError(f"tests may not reach the network: connect to {address!r} refused")
        return real(self, address)

    return connect


@pytest.fixture(autouse=True)
def _no_network_no_home(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory):
    """Fail any connection off loopback; point HOME and TMPDIR at empty folders.

    TMPDIR (inherited by subprocesses) and ``tempfile.tempdir`` keep what a run leaves, such
    as a crash log of a test that provokes an internal error, inside pytest's own temp tree.
    """
    monkeypatch.setattr(socket.socket, "connect", _guarded(_real_connect))
    monkeypatch.setattr(socket.socket, "connect_ex", _guarded(_real_connect_ex))
    tmp = tmp_path_factory.mktemp("tmp")
    monkeypatch.setenv("TMPDIR", str(tmp))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def corpus() -> Path:
    """The shared corpus of real Compute Nest packages; skips when it is absent."""
    if not CORPUS.is_dir():
        pytest.skip(f"the shared corpus is absent ({CORPUS}); these tests read real packages")
    return CORPUS


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    """The files of the repository that `nestgen build` reads and writes, in a temp folder."""
    for name in ("service_config", "ros_templates", "helm"):
        shutil.copytree(REPO / name, tmp_path / name)
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path
