"""``nestgen test``: parse options, call :func:`nestgen.publish.servicetest.run_tests`."""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from nestgen.cli.publish import _options, _source_target, _warn


@click.command("test")
@_options(timeout=3600.0)
@click.option("--wait", is_flag=True, help="Follow the test task to its end and report per case.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "junit"]), default="text")
def test(wait: bool, fmt: str, **kw: Any) -> int:
    """Run the service test cases of PATH (service_test/*.yaml) on the published draft.

    Exit code: 0 started (or, with --wait, every case passed), 1 a case failed, 2 bad input.
    """
    from nestgen.errors import UsageError
    from nestgen.publish.servicetest import render_json, render_junit, render_text, run_tests
    from nestgen.publish.wait import Progress

    if len(kw["regions"]) > 1:
        raise UsageError("test takes one --region (one site) at a time")
    if fmt == "junit" and not wait:
        raise UsageError("--format junit reports results: add --wait")
    source, target = _source_target(**kw)
    run, _ = run_tests(
        source,
        target,
        os.environ,
        _warn,
        wait=wait,
        timeout=kw["timeout"],
        progress=Progress(sys.stderr, tty=sys.stderr.isatty()),
        echo=lambda text: click.echo(f"  {text}", err=True),
    )
    render = {"json": render_json, "junit": render_junit}.get(fmt, render_text)
    click.echo(render(run), nl=False)
    return 1 if run.failed() else 0
