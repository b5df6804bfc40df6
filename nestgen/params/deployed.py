"""The Helm values a template deploys for one set of form choices, over the chart's defaults.

The template's Helm resource merges ChartValues with what the template adds (``Fn::MergeMap``,
``Fn::If`` on form choices); :func:`deployed_values` resolves that offline, and
:func:`chart_values` merges the result over the chart's ``values.yaml`` with Helm's rules, as
``helm install`` would.  :func:`chart_images` lists the images those values make the chart pull.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from nestgen.params.helm import Chart, merge, validate_values
from nestgen.ros.sample import Sampler

HELM_RESOURCE_TYPES = (
    "MODULE::ACS::ComputeNest::FluxOciHelmDeploy",
    "ALIYUN::CS::ClusterHelmApplication",
)


def helm_resources(template: Mapping[str, Any]) -> list[str]:
    """The names of the resources that install a Helm chart, in template order."""
    resources = template.get("Resources") or {}
    return [
        name
        for name, body in resources.items()
        if isinstance(body, Mapping) and body.get("Type") in HELM_RESOURCE_TYPES
    ]


def deployed_values(
    template: Mapping[str, Any], choices: Mapping[str, Any] | None = None, resource: str = ""
) -> dict[str, Any]:
    """The ChartValues a Helm resource receives, ROS functions resolved with sample values."""
    names = helm_resources(template)
    name = resource or (names[0] if names else "")
    if name not in names:
        raise ValueError("the template has no Helm resource" if not names else f"no {name}")
    raw = template["Resources"][name].get("Properties", {}).get("ChartValues", {})
    values = Sampler(template, choices or {}).resolve(raw)
    if not isinstance(values, dict):
        raise ValueError(f"{name}.ChartValues does not resolve to a mapping")
    return values


def chart_values(chart: Chart, values: Mapping[str, Any]) -> dict[str, Any]:
    """``values`` over the chart's defaults, as Helm merges them."""
    merged = merge(dict(chart.values), dict(values))
    return dict(merged) if isinstance(merged, Mapping) else {}


@dataclass(frozen=True)
class SchemaProblem:
    """One violation of the chart's values schema, for one set of form choices."""

    choices: str
    path: str
    message: str


def check_against_chart(
    chart: Chart, template: Mapping[str, Any], choice_sets: Mapping[str, Mapping[str, Any]]
) -> list[SchemaProblem]:
    """Every schema violation of the merged values, for each named set of form choices."""
    if chart.schema is None:
        return []
    problems = []
    for label, choices in choice_sets.items():
        merged = chart_values(chart, deployed_values(template, choices))
        for path, message in validate_values(merged, chart.schema):
            problems.append(SchemaProblem(label, path, message))
    return problems


@dataclass(frozen=True)
class ImageUse:
    """An image reference in the values, where it sits, and whether its part is enabled."""

    path: str
    reference: str
    enabled: bool
    needs: str = ""  # the values switch its part needs ("" when always on)


# Parts of zero-to-jupyterhub that are off unless enabled; a path inside one pulls only then.
_SWITCHES: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...] = (
    ("proxy.traefik", (("proxy", "https", "enabled"),)),
    ("proxy.secretSync", (("proxy", "https", "enabled"),)),
    ("scheduling.userScheduler", (("scheduling", "userScheduler", "enabled"),)),
    ("scheduling.userPlaceholder", (("scheduling", "userPlaceholder", "enabled"),)),
    ("prePuller.hook", (("prePuller", "hook", "enabled"),)),
    ("prePuller", (("prePuller", "hook", "enabled"), ("prePuller", "continuous", "enabled"))),
    ("singleuser.networkTools", (("singleuser", "cloudMetadata", "blockWithIptables"),)),
)


def _flag(values: Mapping[str, Any], keys: tuple[str, ...]) -> bool:
    node: Any = values
    for key in keys:
        node = node.get(key) if isinstance(node, Mapping) else None
    return bool(node)


def _use(values: Mapping[str, Any], path: str, reference: str) -> ImageUse:
    """Enabled when the innermost part around ``path`` is on (any one of its switches)."""
    around = [(p, keys) for p, keys in _SWITCHES if path.startswith(p + ".")]
    parts = [k for p, k in around if not any(q.startswith(p + ".") for q, _ in around)]
    enabled = all(any(_flag(values, k) for k in alternatives) for alternatives in parts)
    needs = " and ".join(" or ".join(".".join(k) for k in alternatives) for alternatives in parts)
    return ImageUse(path, reference, enabled, needs)


def _images(node: Any, path: str) -> Iterator[tuple[str, str]]:
    if not isinstance(node, Mapping):
        return
    name, tag = node.get("name"), node.get("tag")
    if path.endswith("image") and isinstance(name, str) and name:
        yield path, f"{name}:{tag}" if tag else name
        return
    for key, value in node.items():
        yield from _images(value, f"{path}.{key}" if path else str(key))


def chart_images(values: Mapping[str, Any]) -> list[ImageUse]:
    """Every ``image: {name, tag}`` in merged chart values, sorted by path."""
    found = [_use(values, p, ref) for p, ref in _images(values, "")]
    return sorted(found, key=lambda use: use.path)
