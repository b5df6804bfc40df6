"""Lint independent units in worker processes; the result equals the one-process run.

A unit is a standalone file, or a service config with the templates it names (cross-file
checks stay inside one unit).  Workers load, classify and lint their unit and send back
findings plus what the parent needs to rebuild the file list in the one-process order.
Files named ``config.yaml`` go first, so that the templates they cover are loaded once; a
config found under another name is still linted with its templates (the templates are then
linted twice, and the duplicate findings merge).  Runs that the plan cannot reproduce
exactly (a missing path, a file reached twice) fall back to one process.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from nestgen.errors import InputError, UsageError
from nestgen.lint.config import LintConfig
from nestgen.lint.context import PackageTemplate, SourceFile
from nestgen.lint.discover import load_source, walk
from nestgen.lint.engine import LintResult, file_findings, named_templates
from nestgen.lint.finding import Finding
from nestgen.lint.registry import CRASH_RULE, RULES_BY_ID

if TYPE_CHECKING:  # the pool machinery is imported only when a run uses it
    from concurrent.futures import Future, ProcessPoolExecutor

MIN_BYTES = 256 * 1024  # below this much YAML, starting workers costs more than it saves
MIN_FILES = 4
CHUNK = 6  # standalone files per task
CONFIG_NAMES = ("config.yaml", "config.yml")
ENV_JOBS = "NESTGEN_LINT_JOBS"


class Candidate(NamedTuple):
    """A file the run will load: its path, whether it was named, and the argument it came from."""

    path: Path
    explicit: bool
    arg: int
    key: Path  # the resolved path, resolved once by the parent


class Entry(NamedTuple):
    """What a worker learned about one candidate (``kept``: it is linted, not skipped)."""

    candidate: int  # the index in the plan
    kept: bool
    kind: str = "unknown"


class UnitResult:
    """A task's answer: entries for the candidates it covered, findings, templates it added."""

    def __init__(self) -> None:
        self.entries: list[Entry] = []
        self.findings: list[Finding] = []
        self.extras: list[tuple[int, str, str]] = []  # (config index, resolved, display)


def worth_it(candidates: list[Candidate]) -> bool:
    """True when the run is large enough for workers to pay off."""
    if len(candidates) < MIN_FILES:
        return False
    total = 0
    for candidate in candidates:
        try:
            total += candidate.path.stat().st_size
        except OSError:
            continue  # loading will say what is wrong with it
        if total >= MIN_BYTES:
            return True
    return False


def plan(paths: Sequence[str | Path]) -> list[Candidate] | None:
    """Every file the run will load, in order; None when only one process is exact."""
    found: list[Candidate] = []
    for arg, raw in enumerate(paths):
        path = Path(raw)
        if path.is_dir():
            found.extend(Candidate(p, False, arg, p.resolve()) for p in walk(path))
        elif path.exists():
            found.append(Candidate(path, True, arg, path.resolve()))
        else:
            return None  # the one-process run raises the right error at the right moment
    return found if len({c.key for c in found}) == len(found) else None


# Set in each worker by _init (inherited through fork, never pickled per task).
_CANDIDATES: list[Candidate] = []
_BY_PATH: dict[Path, int] = {}
_CONFIG = LintConfig()


def _init(candidates: list[Candidate], config: LintConfig) -> None:
    """Worker start: remember the plan and leave Ctrl-C to the parent."""
    import signal

    global _CANDIDATES, _BY_PATH, _CONFIG
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _CANDIDATES, _CONFIG = candidates, config
    _BY_PATH = {c.key: i for i, c in enumerate(candidates)}


def _load(index: int) -> SourceFile | None:
    candidate = _CANDIDATES[index]
    return load_source(candidate.path, explicit=candidate.explicit)


def lint_files(indexes: list[int]) -> UnitResult:
    """Worker task: load and lint candidates; a config brings its templates into its unit."""
    result = UnitResult()
    for index in indexes:
        try:
            _lint_one(index, result)
        except Exception as exc:  # a crash is a finding, never a traceback
            result.entries.append(Entry(index, True, "crashed"))
            result.findings.append(crash_finding(_CANDIDATES[index], exc))
    return result


def _lint_one(index: int, result: UnitResult) -> None:
    source = _load(index)
    result.entries.append(Entry(index, source is not None, source.kind if source else ""))
    if source is None:
        return
    if source.kind == "config":
        _lint_config(index, source, result)
    else:
        result.findings.extend(file_findings(source, _CONFIG, []))


def crash_finding(candidate: Candidate, exc: BaseException) -> Finding:
    """Finding E0005 for a file whose linting failed outside a rule."""
    crash = RULES_BY_ID[CRASH_RULE]
    message = f"linting crashed in a worker process: {type(exc).__name__}: {exc}"
    display = os.path.normpath(str(candidate.path))
    return Finding(crash.id, crash.severity, display, 0, 0, message)


def _lint_config(config_index: int, config: SourceFile, result: UnitResult) -> None:
    """The config with its package; templates that are not configs are linted here too."""
    package: list[PackageTemplate] = []
    loaded: dict[Path, SourceFile | None] = {}
    for name, url, path_in_config in named_templates(config):
        path = config.path.parent / url
        key = path.resolve() if path.exists() else None
        if key is not None and key not in loaded:
            loaded[key] = _named_source(config_index, path, key, result)
        template = loaded.get(key) if key is not None else None
        package.append(PackageTemplate(name, url, path_in_config, template))
    result.findings.extend(file_findings(config, _CONFIG, package))
    for source in loaded.values():
        if source is not None and source.kind != "config":
            result.findings.extend(file_findings(source, _CONFIG, []))


def _named_source(
    config_index: int, path: Path, key: Path, result: UnitResult
) -> SourceFile | None:
    """A named template: the run's own file when it lints it, else loaded as named.

    A named file that is itself a config gets no entry: its own unit lints it.
    """
    index = _BY_PATH.get(key)
    if index is not None:
        source = _load(index)
        if source is None or source.kind != "config":
            result.entries.append(Entry(index, source is not None, source.kind if source else ""))
        if source is not None:
            return source
    if not path.is_file():
        return None
    source = load_source(path, explicit=True)
    result.extras.append((config_index, str(key), source.display))
    return source


def default_jobs() -> int:
    """The CPUs this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def resolve_jobs(option: int | None, environ: dict[str, str] | None = None) -> int:
    """``-j N``, else ``NESTGEN_LINT_JOBS``, else the CPU count (0 also means auto)."""
    if option is None:
        raw = (os.environ if environ is None else environ).get(ENV_JOBS, "").strip()
        try:
            option = int(raw) if raw else 0
        except ValueError:
            raise UsageError(f"{ENV_JOBS}={raw!r} is not a number of processes") from None
    if option < 0:
        raise UsageError(f"jobs must be 0 (auto) or more, not {option}")
    return option or default_jobs()


def lint_parallel(
    candidates: list[Candidate], paths: Sequence[str | Path], config: LintConfig, jobs: int
) -> LintResult:
    """Lint the planned candidates in ``jobs`` worker processes."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    first = [i for i, c in enumerate(candidates) if c.path.name in CONFIG_NAMES]
    context = multiprocessing.get_context("fork" if sys.platform == "linux" else None)
    with ProcessPoolExecutor(
        jobs, context, initializer=_init, initargs=(candidates, config)
    ) as pool:
        try:
            results = _collect(pool, candidates, [[i] for i in first])
            done = {e.candidate for r in results for e in r.entries}
            rest = [i for i in range(len(candidates)) if i not in done]
            chunks = [rest[i : i + CHUNK] for i in range(0, len(rest), CHUNK)]
            results += _collect(pool, candidates, chunks)
        except KeyboardInterrupt:
            _stop(pool)
            raise
    return _merge(candidates, paths, results)


def _stop(pool: ProcessPoolExecutor) -> None:
    """Ctrl-C: drop the queued tasks and end the workers now, not after their tasks.

    Workers ignore SIGINT (the parent decides); they are killed and reaped here, so leaving
    the pool's ``with`` block does not wait for the work already handed to them.
    """
    workers = list((pool._processes or {}).values())  # no public way to end running tasks
    pool.shutdown(wait=False, cancel_futures=True)  # (this forgets the workers: read first)
    for worker in workers:
        worker.kill()
    for worker in workers:
        worker.join()


def _collect(
    pool: ProcessPoolExecutor, candidates: list[Candidate], tasks: list[list[int]]
) -> list[UnitResult]:
    futures = [(task, _submit(pool, task)) for task in tasks]
    return [_answer(candidates, task, future) for task, future in futures]


def _submit(pool: ProcessPoolExecutor, task: list[int]) -> Future:
    """Submit a task; a pool broken by a dead worker gives a failed future instead."""
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    try:
        return pool.submit(lint_files, task)
    except BrokenProcessPool as exc:
        future: Future = Future()
        future.set_exception(exc)
        return future


def _answer(candidates: list[Candidate], task: list[int], future: Future) -> UnitResult:
    """The task's result; a worker that failed becomes an E0005 finding per file."""
    try:
        return future.result()
    except Exception as exc:  # a dead worker is a finding per file, never a traceback
        result = UnitResult()
        for index in task:
            result.entries.append(Entry(index, True, "crashed"))
            result.findings.append(crash_finding(candidates[index], exc))
        return result


def _merge(
    candidates: list[Candidate], paths: Sequence[str | Path], results: list[UnitResult]
) -> LintResult:
    """One result in the one-process order: files in discovery order, then added templates."""
    kinds: dict[int, str | None] = {}
    for result in results:
        for entry in result.entries:
            kinds.setdefault(entry.candidate, entry.kind if entry.kept else None)
    _check_folders(candidates, paths, kinds)
    files = [
        os.path.normpath(str(c.path)) for i, c in enumerate(candidates) if kinds.get(i) is not None
    ]
    known = {str(c.key) for i, c in enumerate(candidates) if kinds.get(i) is not None}
    extras = sorted((e for r in results for e in r.extras), key=lambda e: e[0])  # stable
    for _, resolved, display in extras:
        if resolved not in known:
            known.add(resolved)
            files.append(display)
    findings = {f for result in results for f in result.findings}
    return LintResult(sorted(findings, key=Finding.sort_key), files)


def _check_folders(
    candidates: list[Candidate], paths: Sequence[str | Path], kinds: dict[int, str | None]
) -> None:
    """The one-process run's error for a folder with nothing to lint."""
    for arg, raw in enumerate(paths):
        if not Path(raw).is_dir():
            continue
        mine = [i for i, c in enumerate(candidates) if c.arg == arg]
        if not any(kinds.get(i) not in (None, "unknown") for i in mine):
            raise InputError(
                f"{Path(raw)}: no ROS templates, service configs or parameter files found here"
            )
