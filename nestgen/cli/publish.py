"""``nestgen plan`` and ``nestgen publish``: parse options, call :mod:`nestgen.publish.run`."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from nestgen.errors import EXIT_NO, EXIT_USAGE, NestgenError, UsageError

if TYPE_CHECKING:
    from nestgen.cloud.deadline import Deadline


def _charts(values: tuple[str, ...]) -> dict[str, Path]:
    charts: dict[str, Path] = {}
    for value in values:
        key, sep, path = value.partition("=")
        if not sep:
            key, path = "", value
        if key in charts:
            raise UsageError(f"--chart {key or '(the only chart)'} given twice")
        charts[key] = Path(path)
    return charts


def _warn(message: str) -> None:
    click.echo(f"warning: {message}", err=True)


def _options(timeout: float = 600.0) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The options every cloud command takes; ``timeout`` is its --timeout default."""
    return lambda fn: _add_common(fn, timeout)


_common = _options()  # the default --timeout of 600 s


def _deadline(timeout: float) -> Deadline:
    """The command's --timeout, counted from the process start."""
    from nestgen.cli import STARTED
    from nestgen.cloud.deadline import Deadline

    return Deadline(timeout, start=STARTED)


def _within_timeout(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Run the command inside its --timeout, counted from the process start."""

    @functools.wraps(fn)
    def bounded_command(*args: Any, **kw: Any) -> Any:
        from nestgen.cloud.deadline import bounded

        with bounded(_deadline(kw["timeout"]), f"nestgen {fn.__name__}"):
            return fn(*args, **kw)

    return bounded_command


def _add_common(fn: Callable[..., Any], timeout: float) -> Callable[..., Any]:
    fn = _within_timeout(fn)
    options = [
        click.argument("path", type=click.Path(path_type=Path), required=False),
        click.option(
            "--region",
            "regions",
            multiple=True,
            help="Region of the supplier API (default: config.yaml's Service.RegionId); give "
            "it twice (cn-hangzhou, ap-southeast-1) for both supplier sites.",
        ),
        click.option("--profile", help="aliyun CLI profile to take credentials from."),
        click.option("--service-name", help="Service name (default: ServiceInfo Name)."),
        click.option("--service-id", help="Publish to this service instead of finding it."),
        click.option(
            "--chart",
            "charts",
            multiple=True,
            metavar="[KEY=]ARCHIVE",
            help="Publish a local chart archive instead of fetching it.",
        ),
        click.option(
            "--update-lock",
            is_flag=True,
            help="Accept a chart whose digest differs from the lock file and record it.",
        ),
        click.option(
            "--timeout",
            type=click.FloatRange(min=1),
            default=timeout,
            show_default=True,
            help="Seconds the whole command may take: every HTTP call and wait fits in it.",
        ),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def _source_target(
    path: Path | None,
    regions: tuple[str, ...],
    profile: str | None,
    service_name: str | None,
    service_id: str | None,
    charts: tuple[str, ...],
    update_lock: bool,
    timeout: float,
) -> tuple[Any, Any]:
    _need_publish_extra()
    from nestgen.publish.run import Target
    from nestgen.publish.source import Source

    source = Source(
        path=path, service_name=service_name, charts=_charts(charts), update_lock=update_lock
    )
    region = regions[0] if len(regions) == 1 else None
    deadline = _deadline(timeout)
    return source, Target(region=region, profile=profile, service_id=service_id, deadline=deadline)


# The modules of the publish extra (setup.cfg), by import name.
PUBLISH_MODULES = (
    "alibabacloud_computenestsupplier20210521",
    "alibabacloud_ros20190910",
    "alibabacloud_tea_openapi",
    "alibabacloud_credentials",
    "oss2",
)


def _need_publish_extra() -> None:
    """Exit 2 naming the install line when the cloud SDKs are not installed."""
    import importlib.util

    missing = [m for m in PUBLISH_MODULES if importlib.util.find_spec(m) is None]
    if missing:
        raise UsageError(
            f"plan and publish need the Alibaba Cloud SDKs ({', '.join(missing)} missing): "
            "install nestgen[publish] (pip install 'nestgen[publish]'; "
            "in a checkout: scripts/venv publish)"
        )


@click.command()
@_common
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "sarif"]),
    default="text",
    help="text or json: the plan (with --validate's findings); sarif: the findings only.",
)
@click.option(
    "--validate",
    is_flag=True,
    help="Also run the server-side checks: ROS ValidateTemplate and the cost estimate per "
    "template, Compute Nest's template criteria, a CreateService/UpdateService DryRun.",
)
@click.option("--release", is_flag=True, help="Plan to release artifacts too.")
@click.option("--launch", is_flag=True, help="Plan to launch the service too (implies --release).")
@click.option(
    "-o",
    "--out",
    "save_to",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Save the plan to FILE, for `nestgen publish FILE` (applied only if nothing changed).",
)
@click.option(
    "--detailed-exitcode",
    is_flag=True,
    help="Exit 0 when there is nothing to publish, 2 when there are changes, 1 on any error.",
)
def plan(detailed_exitcode: bool, **kw: Any) -> int:
    """Show what publishing PATH (a package directory or a spec) would change; read-only.

    Without PATH: the current folder if it is a package, else the spec named by
    [tool.nestgen.build] in ./pyproject.toml (as `nestgen build` uses it).
    Exit code: 0, or 1 when a server-side check (--validate) finds an error; with
    --detailed-exitcode, 2 when there are changes to publish and 1 on any error.
    """
    try:
        return _plan(detailed_exitcode=detailed_exitcode, **kw)
    except NestgenError as exc:
        if detailed_exitcode and exc.exit_code == EXIT_USAGE:
            exc.exit_code = EXIT_NO  # 2 means "changes" here, as in terraform plan
        raise


def _plan(
    fmt: str,
    validate: bool,
    release: bool,
    launch: bool,
    save_to: Path | None,
    detailed_exitcode: bool,
    **kw: Any,
) -> int:
    from nestgen.errors import CheckFailed
    from nestgen.publish.plan import render_json, render_sarif, render_text
    from nestgen.publish.run import run_plan

    if fmt == "sarif" and not validate:
        raise UsageError("--format sarif reports the findings of --validate: add --validate")
    if len(kw["regions"]) > 1:
        if validate or save_to is not None:
            raise UsageError("--validate and -o take one --region (one site) at a time")
        return _plan_sites(fmt, release, launch, detailed_exitcode, **kw)
    source, target = _source_target(**kw)
    result, _ = run_plan(
        source,
        target,
        os.environ,
        _warn,
        validate=validate,
        release=release,
        launch=launch,
        save_to=save_to,
    )
    render = {"json": render_json, "sarif": render_sarif}.get(fmt, render_text)
    click.echo(render(result), nl=False)
    if result.errors():
        raise CheckFailed("a server-side check failed (see the findings)")
    if save_to is not None:
        click.echo(
            f"Saved the plan to {save_to}: `nestgen publish {save_to}` applies it.", err=True
        )
    return 2 if detailed_exitcode and result.changes() else 0


def _plan_sites(fmt: str, release: bool, launch: bool, detailed_exitcode: bool, **kw: Any) -> int:
    from nestgen.publish.sites import plan_sites, render_sites_json, render_sites_text

    source, target = _source_target(**kw)
    plans = plan_sites(
        source, target, kw["regions"], os.environ, _warn, release=release, launch=launch
    )
    click.echo(render_sites_json(plans) if fmt == "json" else render_sites_text(plans), nl=False)
    return 2 if detailed_exitcode and plans.changes() else 0


def _only_plan(kw: dict[str, Any], release: bool, launch: bool) -> None:
    """With a saved plan, what to publish comes from the plan, not from the command line."""
    given = [k for k in ("regions", "profile", "service_name", "service_id") if kw.get(k)]
    given += ["chart"] * bool(kw.get("charts")) + ["update_lock"] * bool(kw.get("update_lock"))
    given += ["release"] * release + ["launch"] * launch
    if given:
        flags = {"regions": "region"}
        names = ", ".join(f"--{flags.get(g, g).replace('_', '-')}" for g in given)
        raise UsageError(f"{names}: a saved plan already says what and where to publish")


def _confirm(yes: bool, render: Callable[[Any], str] | None = None) -> Callable[[Any], bool]:
    def confirm(the_plan: Any) -> bool:
        from nestgen.publish.plan import render_text

        click.echo((render or render_text)(the_plan), nl=False)
        if yes:
            return True
        if not sys.stdin.isatty():
            raise UsageError(
                "there are changes to apply: confirm with --yes (no terminal to ask on)"
            )
        return click.confirm("Apply these changes?", default=False)

    return confirm


@click.command()
@_common
@click.option("--yes", "-y", is_flag=True, help="Apply without asking.")
@click.option("--release", is_flag=True, help="Release artifacts and wait for Available.")
@click.option(
    "--launch",
    is_flag=True,
    help="Also pre-launch the draft as a new version and launch it (implies --release).",
)
@click.option("--force", is_flag=True, help="Launch although the service test has not passed.")
@click.option("--wait/--no-wait", default=True, help="Wait for services and artifacts to settle.")
def publish(yes: bool, release: bool, launch: bool, force: bool, wait: bool, **kw: Any) -> int:
    """Publish PATH (a package directory, a spec, or a plan saved by `plan -o`) to Compute
    Nest, changing only what differs. A saved plan is applied only if neither the package nor
    the remote side changed since it was made.

    Without PATH: the current folder if it is a package, else the spec named by
    [tool.nestgen.build] in ./pyproject.toml (as `nestgen build` uses it).
    """
    from nestgen.publish import saved
    from nestgen.publish.apply import ApplyOptions
    from nestgen.publish.run import from_saved, run_publish
    from nestgen.publish.wait import Progress

    if len(kw["regions"]) > 1:
        return _publish_sites(yes, release, launch, force, wait, **kw)
    expected = None
    path = kw.get("path")
    if path is not None and saved.is_saved_plan(path):
        expected = saved.load(path)
        _only_plan(kw, release, launch)
        source, target = from_saved(expected, _deadline(kw["timeout"]))
        release, launch = (
            bool(expected.options.get("release")),
            bool(expected.options.get("launch")),
        )
    else:
        source, target = _source_target(**kw)
    progress = Progress(sys.stderr, tty=sys.stderr.isatty())
    outcome = run_publish(
        source,
        target,
        os.environ,
        _warn,
        options=ApplyOptions(
            release=release or launch, wait=wait, timeout=kw["timeout"], launch=launch, force=force
        ),
        confirm=_confirm(yes),
        progress=progress,
        expected=expected,
    )
    log = outcome.log
    if outcome.result is None:
        click.echo(f"Nothing to publish: up to date ({len(log.calls)} read call(s)).")
        return 0
    service = outcome.result.service_id
    for report in outcome.result.reports:
        click.echo(f"  {report}")
    click.echo(
        f"Published service {service}: {len(log.calls)} API call(s), "
        f"{len(log.uploads)} upload(s), {len(log.pushes)} chart push(es)."
    )
    return 0


def _publish_sites(
    yes: bool, release: bool, launch: bool, force: bool, wait: bool, **kw: Any
) -> int:
    from nestgen.publish.apply import ApplyOptions
    from nestgen.publish.sites import publish_sites, render_sites_text
    from nestgen.publish.wait import Progress

    source, target = _source_target(**kw)
    outcome = publish_sites(
        source,
        target,
        kw["regions"],
        os.environ,
        _warn,
        options=ApplyOptions(
            release=release or launch, wait=wait, timeout=kw["timeout"], launch=launch, force=force
        ),
        confirm=_confirm(yes, render_sites_text),
        progress=Progress(sys.stderr, tty=sys.stderr.isatty()),
    )
    for plan, result, log in zip(
        outcome.plans.plans, outcome.results, outcome.plans.logs, strict=True
    ):
        if result is None:
            click.echo(f"{plan.region}: nothing to publish ({len(log.calls)} read call(s)).")
            continue
        for report in result.reports:
            click.echo(f"  {report}")
        click.echo(
            f"{plan.region}: published service {result.service_id}: {len(log.calls)} API "
            f"call(s), {len(log.uploads)} upload(s), {len(log.pushes)} chart push(es)."
        )
    return 0
