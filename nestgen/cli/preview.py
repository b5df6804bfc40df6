"""``nestgen preview``: the deploy form as the console lays it out, as one static HTML page."""

from __future__ import annotations

import webbrowser
from pathlib import Path

import click

from nestgen.errors import EXIT_OK


@click.command("preview")
@click.argument(
    "target", metavar="PACKAGE_OR_TEMPLATE", type=click.Path(exists=True, path_type=Path)
)
@click.option(
    "--locale",
    type=click.Choice(["zh-cn", "en"]),
    default="zh-cn",
    show_default=True,
    help="Language of the form's labels, descriptions and messages.",
)
@click.option(
    "-o",
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("preview"),
    show_default=True,
    help="Folder to write form.LOCALE.html into (atomically).",
)
@click.option("--open", "open_page", is_flag=True, help="Open the page in a web browser.")
def preview(target: Path, locale: str, out_dir: Path, open_page: bool) -> int:
    """Write the deploy form of PACKAGE_OR_TEMPLATE as a static HTML page (no server)."""
    from nestgen.preview import write_preview

    path = write_preview(target, out_dir, locale)
    click.echo(str(path))
    if open_page:
        webbrowser.open(path.resolve().as_uri())
    return EXIT_OK
