"""What several commands share: ``-o/--output FILE`` and writing text to it or to stdout."""

from __future__ import annotations

from pathlib import Path

import click

from nestgen.fsutil import write_atomic

OUTPUT = click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to FILE (atomically) instead of standard output.",
)


def emit(text: str, output: Path | None) -> None:
    """``text`` to ``output`` (atomically) or to stdout, ending in exactly one newline there."""
    if output is None:
        click.echo(text, nl=not text.endswith("\n"))
    else:
        write_atomic(output, text)
