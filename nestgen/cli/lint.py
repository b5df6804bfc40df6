"""``nestgen lint``: parse options, call :func:`nestgen.lint.run.run_lint`, print."""

from __future__ import annotations

from pathlib import Path

import click

from nestgen.lint.finding import SEVERITIES


@click.command("lint")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "sarif", "junit"]),
    default="text",
    show_default=True,
    help="Report format.",
)
@click.option(
    "--ignore",
    multiple=True,
    metavar="IDS",
    help="Rule ids or id prefixes to skip, comma-separated (repeatable).",
)
@click.option(
    "--severity",
    type=click.Choice(SEVERITIES),
    default="info",
    show_default=True,
    help="Show findings at this level and above (errors always set the exit code).",
)
@click.option(
    "--config",
    "settings_file",
    type=click.Path(path_type=Path),
    help="Settings file (.nestgen.yaml or pyproject.toml); default: nearest one.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=0),
    default=None,
    metavar="N",
    help="Worker processes for large runs (default: $NESTGEN_LINT_JOBS, else one per CPU; "
    "1: one process).",
)
@click.option("--list-rules", is_flag=True, help="Print the rule catalogue and exit.")
@click.option(
    "--update-spec",
    is_flag=True,
    help="Refresh the ROS resource-type spec from ROS (GetResourceType) into the user's cache.",
)
@click.option(
    "--region", default="cn-hangzhou", show_default=True, help="ROS region for --update-spec."
)
def lint(
    paths: tuple[Path, ...],
    fmt: str,
    ignore: tuple[str, ...],
    severity: str,
    settings_file: Path | None,
    jobs: int | None,
    list_rules: bool,
    update_spec: bool,
    region: str,
) -> int:
    """Lint ROS templates, service configs (with the templates they name) and parameter files.

    PATH may be a file or a folder (searched recursively by content). Exit code: 0 no
    errors, 1 at least one error-level finding, 2 usage or input problems.
    """
    from nestgen.lint.run import LintRequest, rule_table, run_lint

    if list_rules:
        click.echo(rule_table(), nl=False)
        return 0
    if update_spec:
        import os

        from nestgen.rosspec.online import refresh

        path, count = refresh(region, os.environ)
        click.echo(f"{path}: {count} resource types from ROS ({region})", err=True)
        if not paths:
            return 0
    from nestgen.rosspec.spec import check_override

    check_override()
    report, summary, code = run_lint(LintRequest(paths, fmt, ignore, severity, settings_file, jobs))
    click.echo(report, nl=False)
    click.echo(summary, err=True)
    return code
