"""Against the hand-written JupyterHub package: everything it offers, none of its defects."""

from __future__ import annotations

import pytest

from nestgen import yamlio

REFERENCE = "computenest/aliyun-computenest+jupyterhub/.computenest"


@pytest.fixture
def reference(corpus):
    return yamlio.load_file(corpus / REFERENCE / "ros_templates" / "template.yaml").data


@pytest.fixture
def ours(embedded_files):
    return yamlio.loads(embedded_files["ros_templates/template.yaml"]).data


def test_offers_every_reference_parameter_and_resource(reference, ours):
    assert set(reference["Parameters"]) <= set(ours["Parameters"])
    assert set(reference["Resources"]) <= set(ours["Resources"])
    for name, body in reference["Resources"].items():
        assert ours["Resources"][name]["Type"] == body["Type"], name
    assert len(ours["Outputs"]) >= len(reference["Outputs"])


def test_module_properties_are_ones_the_reference_uses(reference, ours):
    for name in ("VpcModule", "AckOrAcsClusterModule", "FluxHelmApplicationModule"):
        extra = set(ours["Resources"][name]["Properties"]) - set(
            reference["Resources"][name]["Properties"]
        )
        assert not extra, (name, extra)


def test_reference_defects_are_absent(ours):
    parameters = ours["Parameters"]
    assert parameters["LoginPassword"].get("Default") is None
    assert parameters["ZoneId"]["AssociationProperty"].count("::") == 3
    assert "NewAcs" not in str(ours["Conditions"])
    assert ours["Description"]["en"].isascii()
    for group in ours["Metadata"]["ALIYUN::ROS::Interface"]["ParameterGroups"]:
        assert set(group["Label"]) == {"en", "zh-cn"}
    for output in ours["Outputs"].values():
        assert set(output["Description"]) == {"en", "zh-cn"}
