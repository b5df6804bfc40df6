"""The second example spec (Grafana on ACK) builds into a valid package."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from nestgen import yamlio
from nestgen.package import build_package, render_package
from nestgen.package.validate import validate_package
from nestgen.spec import load_spec

REPO = Path(__file__).resolve().parents[2]

EXAMPLE = REPO / "examples" / "grafana-ack" / "grafana.yaml"


def test_example_builds(tmp_path):
    spec = load_spec(EXAMPLE)
    files = build_package(spec, tmp_path / "grafana")
    assert "ros_templates/grafana.yaml" in files
    validate_package(tmp_path / "grafana")
    template = yamlio.load_file(tmp_path / "grafana" / "ros_templates" / "grafana.yaml").data
    parameters = template["Parameters"]
    assert "DomainAddress" not in parameters and "OAuthApplication" not in template["Resources"]
    assert parameters["GrafanaAdminPassword"]["NoEcho"] is True
    assert "Default" not in parameters["GrafanaAdminPassword"]
    groups = template["Metadata"]["ALIYUN::ROS::Interface"]["ParameterGroups"]
    assert groups[-1]["Parameters"] == ["GrafanaAdminUser", "GrafanaAdminPassword"]
    deploy = template["Resources"]["FluxHelmApplicationModule"]["Properties"]
    assert deploy["HelmChartUrl"] == "{{ computenest::helmchart::grafana }}"
    assert deploy["ChartValues"]["Fn::MergeMap"][1] == {
        "adminUser": {"Ref": "GrafanaAdminUser"},
        "adminPassword": {"Ref": "GrafanaAdminPassword"},
    }


def _metadata_refs(node):
    if isinstance(node, dict):
        for value in node.values():
            yield from _metadata_refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _metadata_refs(value)
    elif isinstance(node, str):
        yield from re.findall(r"\$\{([^}!]+)\}", node)


@pytest.mark.parametrize("spec_path", [None, EXAMPLE], ids=["jupyterhub", "grafana"])
def test_console_metadata_names_only_parameters(spec_path):
    spec = load_spec(spec_path)
    for relative, data in render_package(spec).items():
        if not relative.startswith("ros_templates/"):
            continue
        template = yamlio.loads(data).data
        names = set(template["Parameters"]) | {"RegionId"}
        for name, body in template["Parameters"].items():
            refs = set(_metadata_refs(body.get("AssociationPropertyMetadata", {})))
            assert refs <= names, (name, refs - names)
