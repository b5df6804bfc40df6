"""The build's check of a template's Helm values against the chart's own values schema.

When the chart archive of a helm group's artifact is on this machine (the chart cache that
``nestgen plan/publish`` fill, verified against the lock digest when the lock has one), the
values the built template deploys (its ChartValues default plus what the template merges over
it) are merged over the chart's ``values.yaml`` and checked with its ``values.schema.json``,
for the default form and with each Boolean switch on. Each violation is reported at the value's
origin: the spec's ``template_values``, the helm values file, the hub settings file, or else
the spec's helm group.
Without a local chart nothing is checked.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from nestgen import yamlio
from nestgen.errors import CheckFailed, Location
from nestgen.package.config import TEMPLATES_DIR
from nestgen.ros.values import plain
from nestgen.spec.checks import group_entries
from nestgen.spec.model import Artifact, Spec, TemplateSpec

_STEP = re.compile(r"\.?([^.\[\]]+)|\[(\d+)\]")


def local_chart(artifact: Artifact, env: Mapping[str, str]) -> Path | None:
    """The cached archive of a chart artifact, if there is one the lock does not contradict."""
    from nestgen.cloud.helmrepo import cache_dir  # stdlib and yaml only; no SDK

    if artifact.type != "helmchart" or not artifact.chart or not artifact.version:
        return None
    path = cache_dir(env) / f"{artifact.chart}-{artifact.version}.tgz"
    if not path.is_file():
        return None
    if artifact.digest:
        digest = "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
        if digest != artifact.digest:
            return None
    return path


def _choice_sets(template: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The default form, then each Boolean parameter switched on."""
    sets: dict[str, dict[str, Any]] = {"the default form": {}}
    for name, body in (template.get("Parameters") or {}).items():
        if isinstance(body, Mapping) and body.get("Type") == "Boolean":
            sets[f"{name} on"] = {name: True}
    return sets


def _steps(path: str) -> tuple[Any, ...]:
    return tuple(int(i) if i else key for key, i in _STEP.findall(path))


def _found(doc: yamlio.Document, base: tuple[Any, ...], steps: tuple[Any, ...]) -> bool:
    node: Any = doc.data
    for step in (*base, *steps):
        in_map = isinstance(node, Mapping) and step in node
        in_list = isinstance(node, list) and isinstance(step, int) and step < len(node)
        if not (in_map or in_list):
            return False
        node = node[step]
    return True


def _origin(spec: Spec, index: int, steps: tuple[Any, ...]) -> Location:
    """Where the value at ``steps`` was written: the spec's template_values, the values file,
    else the hub settings file (their values have no line of their own), else the helm group."""
    spec_doc = yamlio.load_file(spec.path)
    raw = spec_doc.data["templates"][index]
    group, options = next((g, o) for g, name, o in group_entries(raw) if name == "helm")
    base = ("templates", index, "groups", group, "helm", "template_values")
    if _found(spec_doc, base, steps):
        return spec_doc.locate((*base, *steps))
    if "values" in options:
        values = yamlio.load_file(spec.resolve(options["values"]))
        if _found(values, (), steps):
            return values.locate(steps)
    if spec.hub_settings is not None:
        return Location(str(spec.hub_settings))
    return spec_doc.locate(("templates", index, "groups", group))


def chart_problems(
    spec: Spec, files: Mapping[str, bytes], env: Mapping[str, str] | None = None
) -> list[str]:
    """Every schema violation of the deployed values, as ``origin: message`` lines."""
    env = os.environ if env is None else env
    lines: list[str] = []
    for index, template in enumerate(spec.templates):
        options = template.groups.get("helm")
        if options is None or "artifact" not in options:
            continue
        archive = local_chart(spec.artifact(options["artifact"]), env)
        if archive is None:
            continue
        lines += _template_problems(spec, index, template, files, archive)
    return lines


def _template_problems(
    spec: Spec,
    index: int,
    template: TemplateSpec,
    files: Mapping[str, bytes],
    archive: Path,
) -> list[str]:
    from nestgen.params.deployed import check_against_chart
    from nestgen.params.helm import load_chart

    relative = f"{TEMPLATES_DIR}/{template.file}"
    doc = yamlio.loads(files[relative].decode("utf-8"), relative)
    body = plain(doc.data)
    chart = load_chart(archive)
    problems = check_against_chart(chart, body, _choice_sets(body))
    seen: set[tuple[str, str]] = set()
    lines = []
    for problem in problems:
        if (problem.path, problem.message) in seen:
            continue
        seen.add((problem.path, problem.message))
        where = _origin(spec, index, _steps(problem.path))
        lines.append(
            f"{where}: {problem.path}: {problem.message} (chart {archive.name} values.schema.json,"
            f" with {problem.choices})"
        )
    return lines


def check_chart_values(spec: Spec, files: Mapping[str, bytes]) -> None:
    """Raise :class:`CheckFailed` when a locally available chart rejects the deployed values."""
    lines = chart_problems(spec, files)
    if lines:
        raise CheckFailed(
            "the chart's values schema rejects the values the template deploys:\n  "
            + "\n  ".join(lines)
        )
