"""Spec checks a new user's typos hit: regions, unknown keys, all reported at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from spec_helpers import positioned_problems

from nestgen.regions import ROS_REGIONS, unknown_region
from nestgen.spec import load_spec

REPO = Path(__file__).resolve().parents[2]


def test_a_misspelt_region_is_an_error_with_a_suggestion(write_spec, minimal_spec_text):
    text = minimal_spec_text.replace("regions: [cn-hangzhou]", "regions: [cn-hangzou, cn-beijing]")
    (found,) = positioned_problems(write_spec(text))
    assert found["field"] == "templates[0].regions[0]"
    assert "unknown region 'cn-hangzou' (did you mean cn-hangzhou?)" in found["msg"]
    assert "new_regions" in found["msg"]


def test_new_regions_accepts_a_region_nestgen_does_not_know(write_spec, minimal_spec_text):
    text = minimal_spec_text.replace("regions: [cn-hangzhou]", "regions: [xx-newland-1]")
    (found,) = positioned_problems(write_spec(text))
    assert "unknown region 'xx-newland-1';" in found["msg"]  # nothing close: no suggestion
    spec = load_spec(write_spec(text + "new_regions: [xx-newland-1]\n"))
    assert spec.templates[0].regions == ("xx-newland-1",)


def test_unknown_keys_get_a_suggestion_and_all_are_reported(write_spec, minimal_spec_text):
    text = minimal_spec_text.replace("service:\n", "service:\n  regoin: cn-hangzhou\n")
    text = text.replace("    file: demo.yaml\n", "    file: demo.yaml\n    regons: [cn-beijing]\n")
    text += "hub_setings: hub.env\n"
    messages = {m["field"]: m["msg"] for m in positioned_problems(write_spec(text))}
    assert messages == {
        "service.regoin": "unknown key 'regoin' (did you mean region?)",
        "templates[0].regons": "unknown key 'regons' (did you mean regions?)",
        "hub_setings": "unknown key 'hub_setings' (did you mean hub_settings?)",
    }


def test_every_embedded_and_example_region_is_known():
    for spec in (load_spec(), load_spec(REPO / "examples" / "grafana-ack" / "grafana.yaml")):
        for template in spec.templates:
            assert all(unknown_region(r) is None for r in template.regions)


def test_the_region_list_is_the_ros_sdks():
    """The list is ROS's own endpoint table (plus special regions real packages name)."""
    import inspect
    import re

    client = pytest.importorskip("alibabacloud_ros20190910.client", reason="publish extra")
    sdk = set(re.findall(r"'([a-z]{2}-[a-z0-9-]+)': '", inspect.getsource(client)))
    assert sdk, "the SDK's endpoint map moved"
    assert sdk <= ROS_REGIONS, f"new ROS regions: {sorted(sdk - ROS_REGIONS)}"
    assert ROS_REGIONS - sdk == {"cn-shanghai-cloudspe"}
