"""``nestgen status``: parse options, call :func:`nestgen.publish.status.run_status`."""

from __future__ import annotations

import os
from typing import Any

import click

from nestgen.cli.publish import _common, _source_target, _warn


@click.command("status")
@_common
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def status(fmt: str, **kw: Any) -> int:
    """Show the service's versions and their states, and what PATH would change; read-only."""
    from nestgen.errors import UsageError
    from nestgen.publish.status import render_json, render_text, run_status

    if len(kw["regions"]) > 1:
        raise UsageError("status takes one --region (one site) at a time")
    source, target = _source_target(**kw)
    result, _ = run_status(source, target, os.environ, _warn)
    click.echo(render_json(result) if fmt == "json" else render_text(result), nl=False)
    return 0
