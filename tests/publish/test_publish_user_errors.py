"""plan/publish failures a user causes or meets: one line, bounded time, no SDK traceback.

Unit tests (no fake server): a package without charts, endpoints on loopback that refuse or
never answer, a default credential chain that finds nothing.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fakecloud import FakeCloud, Server
from publish_helpers import CHARTLESS_TEMPLATE as TEMPLATE
from publish_helpers import REPO, env_for, write_package, write_spec

from nestgen.cloud.deadline import Deadline, bounded
from nestgen.cloud.retry import RetryPolicy, Transient
from nestgen.cloud.session import reach_reason
from nestgen.errors import RemoteError

KEYS = {
    "ALIBABA_CLOUD_ACCESS_KEY_ID": "AKIDtest",
    "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "s3cret-value",
}


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts connections (the kernel's backlog) and never answers."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(16)
        yield int(sock.getsockname()[1])


@pytest.fixture
def package(tmp_path: Path) -> Path:
    return write_package(tmp_path / "pkg", chart=None, template=TEMPLATE)


def _nestgen(tmp_path: Path, args: list[str], env: dict[str, str], code: str = ""):
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    full = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(REPO),
        "HOME": str(home),
        "TMPDIR": str(tmp_path),
        "ALIBABA_CLOUD_ECS_METADATA_DISABLED": "true",  # never ask 100.100.100.200
        **env,
    }
    program = f"{code}\nimport sys\nfrom nestgen.cli import run\nsys.exit(run(sys.argv[1:]))"
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", program, *args],
        env=full,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    return done, time.monotonic() - started


def _one_line(done: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in done.stderr, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("error: ")
    return lines[0]


@pytest.mark.parametrize("command", ["plan", "publish"])
def test_missing_publish_extra_names_the_install_line(tmp_path, package, command):
    hide = "import sys; sys.modules['alibabacloud_ros20190910'] = None  # not installed"
    done, _ = _nestgen(tmp_path, [command, str(package), "--region", "cn-hangzhou"], KEYS, hide)
    assert done.returncode == 2
    line = _one_line(done)
    assert "install nestgen[publish]" in line and "alibabacloud_ros20190910" in line
    assert not list(tmp_path.glob("nestgen-crash-*"))


def test_no_credentials_is_one_line_and_debug_shows_the_sdk(tmp_path, package):
    env = {"ALIBABA_CLOUD_CREDENTIALS_URI": f"http://127.0.0.1:{_closed_port()}/credentials"}
    args = ["plan", str(package), "--region", "cn-hangzhou"]
    done, _ = _nestgen(tmp_path, args, env)
    assert done.returncode == 2
    line = _one_line(done)
    assert "no credentials" in line and "ALIBABA_CLOUD_ACCESS_KEY_ID" in line
    debug, _ = _nestgen(tmp_path, ["--debug", *args], env)
    assert "Traceback" in debug.stderr and "CredentialException" in debug.stderr


def test_refused_endpoint_is_one_clear_line(tmp_path, package):
    port = _closed_port()
    env = {**KEYS, "NESTGEN_COMPUTENEST_ENDPOINT": f"http://127.0.0.1:{port}"}
    env["NESTGEN_RETRY_BACKOFF"] = "0.05"
    done, _ = _nestgen(tmp_path, ["plan", str(package), "--region", "cn-hangzhou"], env)
    assert done.returncode == 1
    line = _one_line(done)
    assert line == f"error: ListServices: cannot reach http://127.0.0.1:{port}: connection refused"
    assert "s3cret" not in done.stderr + done.stdout


@pytest.mark.parametrize("command", ["plan", "publish"])
def test_silent_endpoint_gives_up_within_timeout(tmp_path, package, silent_port, command):
    env = {**KEYS, "NESTGEN_COMPUTENEST_ENDPOINT": f"http://127.0.0.1:{silent_port}"}
    args = [command, str(package), "--region", "cn-hangzhou", "--timeout", "2"]
    done, elapsed = _nestgen(tmp_path, [*args, "--yes"] if command == "publish" else args, env)
    assert done.returncode == 1
    line = _one_line(done)
    assert f"cannot reach http://127.0.0.1:{silent_port}: no answer within" in line
    assert "the --timeout of 2 s ran out" in line
    assert elapsed < 2 + 3, f"took {elapsed:.1f} s for --timeout 2"  # + start-up under load


def test_silent_helm_repository_is_bounded_by_timeout(tmp_path, silent_port):
    """The chart fetch has no per-call cap from the deadline: the command's bound stops it."""
    spec = write_spec(tmp_path / "spec", f"http://127.0.0.1:{silent_port}/charts")
    env = {**KEYS, "NESTGEN_COMPUTENEST_ENDPOINT": f"http://127.0.0.1:{_closed_port()}"}
    done, elapsed = _nestgen(tmp_path, ["plan", str(spec), "--timeout", "3"], env)
    assert done.returncode == 1
    assert _one_line(done) == "error: nestgen plan gave up: the --timeout of 3 s ran out"
    assert elapsed < 3 + 3, f"took {elapsed:.1f} s for --timeout 3"
    assert not list(tmp_path.glob("nestgen-crash-*"))


def test_silent_oss_endpoint_is_bounded_by_timeout(tmp_path, silent_port):
    """Compute Nest answers, OSS never does: the upload gives up within --timeout."""
    package = write_package(tmp_path / "pkg", chart=None, template=TEMPLATE)
    fake = FakeCloud()
    with Server(fake) as server:
        env = env_for(fake, server, tmp_path)
        env["NESTGEN_OSS_ENDPOINT"] = f"http://127.0.0.1:{silent_port}"
        env["NESTGEN_HTTP_TIMEOUT"] = "30"  # longer than --timeout: the deadline must cut it
        args = ["publish", str(package), "--region", "cn-hangzhou", "--yes", "--timeout", "4"]
        done, elapsed = _nestgen(tmp_path, args, env)
    assert done.returncode == 1
    line = _one_line(done)  # the capped call's own message, before the backstop
    assert line.endswith("failed: cannot reach the OSS endpoint"), line
    assert elapsed < 4 + 3, f"took {elapsed:.1f} s for --timeout 4"
    assert fake.writes() == []  # nothing written after the failed upload
    assert fake.access_key_secret not in done.stdout + done.stderr


def test_bound_interrupts_a_blocked_call_and_disarms() -> None:
    import signal

    expected = r"nestgen x gave up: the --timeout of 0\.2 s ran out"
    with pytest.raises(RemoteError, match=expected), bounded(Deadline(0.2), "nestgen x"):
        time.sleep(5)  # the alarm comes at 0.7 s
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    with bounded(Deadline(5), "nestgen y"):
        pass
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)  # no alarm left armed
    with bounded(Deadline(), "nestgen z"):  # no --timeout: no alarm at all
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_retries_stop_at_the_deadline() -> None:
    now = [0.0]
    deadline = Deadline(5, clock=lambda: now[0])
    calls: list[float] = []

    def sleep(seconds: float) -> None:
        now[0] += seconds

    def fail() -> None:
        calls.append(now[0])
        now[0] += 2
        raise Transient(OSError("timed out"), retry_after=1.0)

    policy = RetryPolicy(attempts=10, backoff=1.0, sleep=sleep)
    with pytest.raises(OSError, match="timed out"):
        policy.run(fail, deadline.remaining)
    assert calls == [0.0, 3.0]  # a third attempt would start past the deadline
    assert now[0] == 5 and deadline.expired  # and no sleep past it


def test_deadline_caps_and_describes() -> None:
    now = [10.0]
    deadline = Deadline(3, clock=lambda: now[0])
    assert deadline.cap(10) == 3 and deadline.cap(1) == 1
    now[0] = 14.0
    assert deadline.remaining() == 0 and deadline.expired
    assert deadline.describe() == "the --timeout of 3 s"
    assert Deadline().cap(7) == 7 and not Deadline().expired


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("HTTPConnectionPool(host='x', port=1): Read timed out. (read timeout=10.0)", "no answer"),
        (
            "Max retries exceeded (Caused by NewConnectionError('[Errno 111] Connection refused'))",
            "connection refused",
        ),
        (
            "Failed to resolve 'nope.invalid' ([Errno -2] Name or service not known)",
            "host name not found",
        ),
        ("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed", "TLS failed"),
        ("x" * 400, "x" * 160),
    ],
)
def test_reach_reasons(text: str, reason: str) -> None:
    assert reach_reason(text, 2.5).startswith(reason)
