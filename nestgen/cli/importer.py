"""``nestgen import``: turn an existing package into a spec (groups where recognised, raw ROS)."""

from __future__ import annotations

from pathlib import Path

import click


@click.command(name="import")
@click.argument("package", type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "-o",
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="SPEC",
    help="Write the spec to SPEC (atomically) instead of standard output.",
)
@click.option(
    "--no-groups",
    is_flag=True,
    help="Write every template as raw ROS instead of recognising parameter groups.",
)
def import_(package: Path, out: Path | None, no_groups: bool) -> None:
    """Write a spec for PACKAGE (a folder with config.yaml or .computenest/config.yaml)."""
    from nestgen.lint import lint_package  # keeps --help fast
    from nestgen.lint.run import summary
    from nestgen.publish.package import find_config
    from nestgen.spec.importer import import_package, spec_text, write_spec

    spec_dir = out.parent if out is not None else None
    imported = import_package(package, spec_dir, groups=not no_groups)
    for note in imported.notes:
        click.echo(f"note: {note}", err=True)
    result = lint_package(find_config(package).parent)  # import fixes nothing silently
    for finding in result.findings:
        if finding.severity in ("error", "warning"):
            click.echo(finding.display(), err=True)
    click.echo(f"lint of the package: {summary(result)}", err=True)
    if out is None:
        click.echo(spec_text(imported), nl=False)
    else:
        write_spec(imported, out)
        click.echo(f"wrote {out} ({len(imported.spec['templates'])} template(s))", err=True)
