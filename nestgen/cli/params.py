"""``nestgen params``: check a parameter set, export the JSON Schema, write a defaults file."""

from __future__ import annotations

import json
from pathlib import Path

import click

from nestgen.cli import SuggestingGroup
from nestgen.cli.output import OUTPUT, emit
from nestgen.errors import EXIT_NO, EXIT_OK

_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)
_LOCALE = click.option(
    "--locale",
    type=click.Choice(["en", "zh-cn"]),
    default="en",
    show_default=True,
    help="Language of labels, messages and ConstraintDescription.",
)


@click.group("params", cls=SuggestingGroup)
def params() -> None:
    """Check deployment parameters the way the console does; export their schema."""


@params.command("check")
@click.argument("template", type=_FILE)
@click.argument("parameters", type=_FILE)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@_LOCALE
@click.option(
    "--chart",
    type=click.Path(exists=True, path_type=Path),
    help="Helm chart (.tgz or folder) whose values.schema.json checks ChartValues.",
)
@click.option("--values-schema", type=_FILE, help="A values.schema.json to check ChartValues.")
def check(
    template: Path,
    parameters: Path,
    fmt: str,
    locale: str,
    chart: Path | None,
    values_schema: Path | None,
) -> int:
    """Check PARAMETERS (YAML/JSON mapping) against TEMPLATE; exit 1 when invalid."""
    from nestgen.params import files as core
    from nestgen.params import report

    problems = core.check_file(
        template, parameters, locale=locale, chart=chart, values_schema=values_schema
    )
    click.echo(report.as_json(problems) if fmt == "json" else report.as_text(problems), nl=False)
    return EXIT_NO if report.summary(problems)["errors"] else EXIT_OK


@params.command("schema")
@click.argument("template", type=_FILE)
@_LOCALE
@OUTPUT
def schema(template: Path, locale: str, output: Path | None) -> int:
    """Print a JSON Schema (draft 2020-12) for TEMPLATE's parameters."""
    from nestgen.params import parameters_schema

    text = json.dumps(parameters_schema(template, locale=locale), indent=2, ensure_ascii=False)
    emit(text + "\n", output)
    return EXIT_OK


@params.command("defaults")
@click.argument("template", type=_FILE)
@_LOCALE
@OUTPUT
def defaults(template: Path, locale: str, output: Path | None) -> int:
    """Print the parameter file to start from: defaults and blanks, labelled."""
    from nestgen.params import defaults_file

    emit(defaults_file(template, locale=locale), output)
    return EXIT_OK
