"""Parameter files: reading one, and checking it against a template file."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from nestgen import yamlio
from nestgen.errors import InputError, Location
from nestgen.params import helm
from nestgen.params.check import check_parameters
from nestgen.params.problem import ERROR, Problem


def load_values(path: Path) -> yamlio.Document:
    """Read a parameter file: a YAML or JSON mapping of parameter names to values."""
    doc = yamlio.load_file(path)
    where = Location(doc.filename)
    if doc.data is None:
        raise InputError("the parameter file is empty", location=where)
    if not isinstance(doc.data, Mapping):
        kind = type(doc.data).__name__
        raise InputError(
            f"the parameter file is not a mapping of names to values ({kind})", location=where
        )
    if "ROSTemplateFormatVersion" in doc.data and "Parameters" in doc.data:
        raise InputError(
            "this is a ROS-format parameter declaration (e.g. preset parameters), not values; "
            "pass it as TEMPLATE",
            location=where,
        )
    return doc


def check_file(
    template: Path,
    parameters: Path,
    *,
    locale: str = "en",
    chart: Path | None = None,
    values_schema: Path | None = None,
) -> list[Problem]:
    """Check a parameter file against a template file; a chart is found from config.yaml."""
    doc = load_values(parameters)
    schema = helm.load_values_schema(values_schema) if values_schema else None
    if chart is None and schema is None:
        chart = helm.discover_chart(template)
    problems = [_duplicate(doc.filename, dup) for dup in doc.duplicates if not dup.path]
    problems += check_parameters(
        template, doc.data, locale=locale, values_schema=schema, chart=chart, source=doc.filename
    )
    return problems


def _duplicate(filename: str, dup: yamlio.DuplicateKey) -> Problem:
    where = Location(filename, dup.second.line, dup.second.column)
    message = f"given twice (first at line {dup.first.line}); the later value is used"
    return Problem(ERROR, str(dup.key), message, "duplicate", where)
