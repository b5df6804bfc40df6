"""Linting in worker processes: the same findings, files and bytes as one process."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from lint_helpers import FIXTURES, RULE_FIXTURES

from nestgen.errors import EXIT_INTERRUPTED, InputError, UsageError
from nestgen.lint import lint_paths, parallel
from nestgen.lint.formats import FORMATS

REPO = Path(__file__).resolve().parents[2]
GOOD = FIXTURES / "good_package"


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    environ = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "nestgen", "lint", *args],
        env=environ,
        capture_output=True,
        text=True,
        check=False,
    )


def _same(paths: list[Path]) -> None:
    """jobs=1 and jobs=2 agree on files, findings and every format's bytes."""
    one, two = lint_paths(paths, jobs=1), lint_paths(paths, jobs=2)
    assert two.files == one.files
    assert two.findings == one.findings
    for render in FORMATS.values():
        assert render(two.findings, two.files) == render(one.findings, one.files)


@pytest.fixture
def always_parallel(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every run of two or more files large enough for workers."""
    monkeypatch.setattr(parallel, "MIN_BYTES", 0)
    monkeypatch.setattr(parallel, "MIN_FILES", 2)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """Packages that share templates, a config under another name, broken and skipped files."""
    root = tmp_path / "tree"
    for name in ("a", "b"):
        shutil.copytree(GOOD, root / name)
    shared = (root / "a" / "ros_templates" / "template.yaml").read_text(encoding="utf-8")
    config = (GOOD / "config.yaml").read_text(encoding="utf-8")
    # b's config also names a's template, and one outside the tree (linted as an extra file)
    (root / "b" / "config.yaml").write_text(
        config.replace(
            "        Url: ros_templates/template.yaml\n",
            "        Url: ros_templates/template.yaml\n"
            "      - Name: Shared\n        Url: ../a/ros_templates/template.yaml\n"
            "      - Name: Outside\n        Url: ../../outside.yaml\n"
            "      - Name: Gone\n        Url: missing.yaml\n",
        ),
        encoding="utf-8",
    )
    (tmp_path / "outside.yaml").write_text(shared.replace("Cluster", "Other"), encoding="utf-8")
    (root / "c").mkdir()
    (root / "c" / "service.yaml").write_text(  # a config by content, not by name
        config.replace("ros_templates/template.yaml", "../a/ros_templates/template.yaml"),
        encoding="utf-8",
    )
    for rule_file in sorted(RULE_FIXTURES.glob("*.yaml"))[:20]:
        shutil.copy(rule_file, root / "c" / rule_file.name)
    (root / "c" / "ros_templates").mkdir()
    (root / "c" / "ros_templates" / "broken.yaml").write_text("Resources: [\n", encoding="utf-8")
    (root / "c" / "notes.yaml").write_text("just: a mapping\n", encoding="utf-8")
    (root / "c" / "template.yaml.j2").write_text("{{ x }}\n", encoding="utf-8")
    return root


def test_corpus_cli_bytes_equal(corpus: Path) -> None:
    for fmt in ("json", "sarif"):
        one = _cli(str(corpus), "--format", fmt, "-j", "1")
        two = _cli(str(corpus), "--format", fmt, "-j", "2")
        assert one.returncode == two.returncode == 1
        assert one.stdout and two.stdout == one.stdout
        assert two.stderr == one.stderr


def test_corpus_api_equal(corpus: Path) -> None:
    _same([corpus / "computenest", corpus / "ros-official"])


def test_tree_equal(tree: Path, always_parallel: None) -> None:
    _same([tree])
    _same([tree / "c", tree / "b" / "config.yaml", tree / "a"])
    _same([tree / "b" / "config.yaml", tree / "c" / "service.yaml"])
    result = lint_paths([tree], jobs=2)
    assert os.path.normpath(str(tree.parent / "outside.yaml")) in result.files
    assert {f.rule for f in result.findings} >= {"E0000", "E6003", "I0004"}


def test_tree_errors_equal(tree: Path, always_parallel: None) -> None:
    empty = tree / "empty"
    empty.mkdir()
    (empty / "notes.yaml").write_text("just: a mapping\n", encoding="utf-8")
    for jobs in (1, 2):
        with pytest.raises(InputError, match="no ROS templates"):
            lint_paths([tree / "c", empty], jobs=jobs)
        with pytest.raises(UsageError, match="no such file"):
            lint_paths([tree / "c", tree / "nope"], jobs=jobs)
    _same(
        [tree / "c", tree / "c" / "ros_templates" / "broken.yaml"]
    )  # a file reached twice: one process


def test_small_runs_stay_in_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> None:
        raise AssertionError("a small run started workers")

    monkeypatch.setattr(parallel, "lint_parallel", refuse)
    assert not lint_paths([GOOD], jobs=2).has_errors
    assert lint_paths([RULE_FIXTURES], jobs=2).has_errors


def test_worker_exception_is_e0005(tree: Path, always_parallel: None, monkeypatch) -> None:
    real = parallel.file_findings

    def explode(source, config, package):
        if source.path.name == "E2001.yaml":
            raise RuntimeError("boom")
        return real(source, config, package)

    monkeypatch.setattr(parallel, "file_findings", explode)  # inherited by forked workers
    result = lint_paths([tree / "c"], jobs=2)
    crashes = [f for f in result.findings if "worker process" in f.message]
    assert [(f.rule, Path(f.file).name) for f in crashes] == [("E0005", "E2001.yaml")]
    assert "RuntimeError: boom" in crashes[0].message
    assert any(f.rule == "E0000" for f in result.findings)  # the other files were linted
    assert result.files == lint_paths([tree / "c"], jobs=1).files


def test_dead_worker_is_e0005(tree: Path, always_parallel: None, monkeypatch) -> None:
    real = parallel.file_findings

    def die(source, config, package):
        if source.path.name == "E2001.yaml":
            os._exit(9)
        return real(source, config, package)

    monkeypatch.setattr(parallel, "file_findings", die)
    result = lint_paths([tree / "c"], jobs=2)
    crashes = [f for f in result.findings if "worker process" in f.message]
    assert any(f.file.endswith("E2001.yaml") for f in crashes)
    assert all(f.rule == "E0005" and "BrokenProcessPool" in f.message for f in crashes)


def test_jobs_option_and_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(parallel.ENV_JOBS, raising=False)
    assert parallel.resolve_jobs(None) == parallel.default_jobs() >= 1
    assert parallel.resolve_jobs(3) == 3
    assert parallel.resolve_jobs(0) == parallel.default_jobs()
    assert parallel.resolve_jobs(None, {parallel.ENV_JOBS: "1"}) == 1
    assert parallel.resolve_jobs(2, {parallel.ENV_JOBS: "1"}) == 2
    with pytest.raises(UsageError, match="NESTGEN_LINT_JOBS"):
        parallel.resolve_jobs(None, {parallel.ENV_JOBS: "many"})


def test_jobs_usage_errors_exit_2() -> None:
    assert _cli(str(GOOD), "-j", "-1").returncode == 2
    bad_env = _cli(str(GOOD), env={parallel.ENV_JOBS: "x"})
    assert bad_env.returncode == 2
    assert "NESTGEN_LINT_JOBS" in bad_env.stderr
    assert _cli(str(GOOD), "--jobs", "2").returncode == 0


# The child lints in workers whose tasks announce their pid on a pipe and then hang: the
# test interrupts only once the workers are busy, and only the interrupt can end the run.
_HANGING_CHILD = """
import os, signal, sys, time
# Python leaves Ctrl-C ignored when it starts with SIGINT ignored (as in a background job of a
# non-interactive shell, which CI may be): give the child the terminal's usual handler.
signal.signal(signal.SIGINT, signal.default_int_handler)
from nestgen.lint import parallel
parallel.MIN_BYTES, parallel.MIN_FILES = 0, 2
announce = int(sys.argv[1])

def hang(indexes):
    os.write(announce, f"{os.getpid()}\\n".encode())
    while True:
        time.sleep(60)

parallel.lint_files = hang  # forked workers inherit it
from nestgen.cli import run
sys.exit(run(sys.argv[2:]))
"""


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            return handle.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.parametrize("repeat", range(3))
def test_ctrl_c_stops_parallel_lint_at_once(tmp_path: Path, repeat: int) -> None:
    read_end, write_end = os.pipe()
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            _HANGING_CHILD,
            str(write_end),
            "lint",
            str(RULE_FIXTURES),
            "-j",
            "2",
        ],
        env={**os.environ, "PYTHONPATH": str(REPO), "TMPDIR": str(tmp_path)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        pass_fds=(write_end,),
    )
    os.close(write_end)
    try:
        with os.fdopen(read_end, "rb", buffering=0) as announced:
            workers = {int(announced.readline()), int(announced.readline())}  # both busy
        started = time.monotonic()
        os.killpg(process.pid, signal.SIGINT)  # what a terminal does: the whole group
        stdout, stderr = process.communicate(timeout=30)
        elapsed = time.monotonic() - started
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert process.returncode == EXIT_INTERRUPTED, stderr
    assert elapsed < 0.5, f"stopped {elapsed:.2f} s after SIGINT"
    assert stdout == "", "no partial report"
    assert "Traceback" not in stderr and stderr.strip() in ("Aborted.", "Interrupted.")
    assert not [pid for pid in workers if _alive(pid)], "worker processes outlived the run"
    assert not list(tmp_path.glob("nestgen-crash-*"))


def test_small_run_imports_no_pool_machinery() -> None:
    code = (
        "import sys; from nestgen.cli import run; "
        f"code = run(['lint', {str(GOOD)!r}]); "
        "print(code, 'concurrent.futures' in sys.modules, 'multiprocessing' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.split() == ["0", "False", "False"]


@pytest.mark.parametrize("enabled", [True, False])
def test_a_run_restores_the_garbage_collector(enabled: bool) -> None:
    import gc

    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        lint_paths([GOOD])
        assert gc.isenabled() is enabled
        with pytest.raises(UsageError):
            lint_paths([GOOD / "nope.yaml"])
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()
