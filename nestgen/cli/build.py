"""``nestgen build``: generate a Compute Nest package from a service spec."""

from __future__ import annotations

from pathlib import Path

import click

from nestgen.errors import CheckFailed


@click.command()
@click.argument("spec", required=False, type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    metavar="DIR",
    help="Write the full package to DIR (replaced atomically).",
)
@click.option(
    "--check",
    is_flag=True,
    help="Write nothing; exit 1 with a diff when the files on disk are stale.",
)
def build(spec: Path | None, out: Path | None, check: bool) -> None:
    """Generate a Compute Nest package from SPEC (default: the embedded JupyterHub spec).

    With --out DIR the whole package is written to DIR.  Without --out, the repository
    copy named by [tool.nestgen.build] in ./pyproject.toml is updated (or checked).
    """
    from nestgen.package.build import run_build  # keeps --help fast

    result = run_build(spec, out, check, Path.cwd())
    if check:
        if result.diff:
            click.echo("\n".join(result.diff))
            raise CheckFailed(f"generated files in {result.target} are stale; run `nestgen build`")
        click.echo(f"up to date: {result.target}")
        return
    click.echo(f"wrote {len(result.written)} file(s) to {result.target}")
