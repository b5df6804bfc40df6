"""Hub settings (env file) rendered by nestgen.hubconfig and merged into ChartValues."""

from __future__ import annotations

import importlib.util
import json

import pytest

from nestgen import yamlio
from nestgen.package.values import chart_values, hub_values
from nestgen.ros.values import deep_merge

HUBCONFIG = importlib.util.find_spec("nestgen.hubconfig") is not None


@pytest.mark.skipif(not HUBCONFIG, reason="nestgen.hubconfig not merged yet")
def test_hub_settings_are_merged_after_the_overlay(embedded_spec, embedded_files):
    from nestgen.hubconfig import helm_values_from_env_file

    rendered = helm_values_from_env_file(embedded_spec.hub_settings)
    assert rendered
    template = yamlio.loads(embedded_files["ros_templates/template.yaml"]).data
    default = json.loads(template["Parameters"]["ChartValues"]["Default"])
    options = embedded_spec.templates[0].groups["helm"]
    overlay = yamlio.load_file(embedded_spec.resolve(options["values"])).data
    assert default == deep_merge(json.loads(json.dumps(overlay)), rendered)


@pytest.mark.skipif(HUBCONFIG, reason="only meaningful before nestgen.hubconfig is merged")
def test_build_skips_hub_settings_while_hubconfig_is_absent(embedded_spec):
    assert hub_values(embedded_spec.hub_settings) is None
    assert chart_values(embedded_spec, embedded_spec.templates[0])["hub"]["db"]


def test_deep_merge():
    base = {"a": {"b": 1, "c": {"d": 2}}, "e": [1]}
    assert deep_merge(base, {"a": {"c": {"f": 3}}, "e": [2]}) == {
        "a": {"b": 1, "c": {"d": 2, "f": 3}},
        "e": [2],
    }
    assert base == {"a": {"b": 1, "c": {"d": 2}}, "e": [1]}
