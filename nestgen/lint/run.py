"""The ``nestgen lint`` command's core, without click: options in, report and exit code out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from nestgen.errors import EXIT_NO, EXIT_OK, UsageError
from nestgen.lint.config import LintConfig, check_ids, load_config, split_ids
from nestgen.lint.engine import LintResult, lint_paths
from nestgen.lint.formats import FORMATS
from nestgen.lint.parallel import resolve_jobs
from nestgen.lint.registry import RULES, RULES_BY_ID


@dataclass(frozen=True)
class LintRequest:
    """What the command line asked for."""

    paths: Sequence[Path]
    fmt: str = "text"
    ignore: Sequence[str] = ()
    severity: str = "info"
    settings_file: Path | None = None
    jobs: int | None = None  # None: NESTGEN_LINT_JOBS, else one per CPU; 1: one process


def rule_table() -> str:
    """The rule catalogue, one ``ID  severity  description`` line per rule."""
    return "".join(f"{r.id}  {r.severity:<7}  {r.description}\n" for r in RULES)


def effective_config(request: LintRequest) -> LintConfig:
    """Settings from the nearest settings file plus the command line's --ignore."""
    config = load_config(explicit=request.settings_file)
    check_ids(config.ignore, RULES_BY_ID, "settings")
    extra = split_ids(request.ignore)
    check_ids(extra, RULES_BY_ID, "--ignore")
    return config.with_ignores(extra)


def summary(result: LintResult) -> str:
    """``3 error(s), 1 warning(s), 0 info in 2 file(s)``."""
    return (
        f"{result.count('error')} error(s), {result.count('warning')} warning(s), "
        f"{result.count('info')} info in {len(result.files)} file(s)"
    )


def run_lint(request: LintRequest) -> tuple[str, str, int]:
    """Lint and render: (report for stdout, summary for stderr, exit code)."""
    if not request.paths:
        raise UsageError("nothing to lint: give at least one PATH (or --list-rules)")
    if request.fmt not in FORMATS:
        raise UsageError(f"unknown format {request.fmt!r}")
    jobs = resolve_jobs(request.jobs)
    result = lint_paths(request.paths, config=effective_config(request), jobs=jobs)
    shown = result.at_least(request.severity)
    report = FORMATS[request.fmt](shown, result.files)
    return report, summary(result), EXIT_NO if result.has_errors else EXIT_OK
