"""ChartValues merged over a chart's values.yaml and checked with its values.schema.json."""

from __future__ import annotations

import json

import pytest
from params_samples import make_chart

from nestgen.errors import InputError
from nestgen.params import check_parameters
from nestgen.params.files import check_file

CHART_VALUES = {
    "hub": {"db": {"type": "sqlite-pvc"}},
    "singleuser": {"cpu": {"limit": 1}, "storage": {"capacity": "10Gi"}},
}
SCHEMA = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "type": "object",
    "required": ["hub", "singleuser"],
    "properties": {
        "hub": {
            "type": "object",
            "properties": {"db": {"properties": {"type": {"enum": ["sqlite-pvc", "mysql"]}}}},
        },
        "singleuser": {
            "type": "object",
            "properties": {
                "cpu": {"properties": {"limit": {"type": "number"}}},
                "storage": {"required": ["capacity"]},
                "extraLabels": {"type": "object", "additionalProperties": {"type": "string"}},
            },
        },
    },
}


@pytest.fixture
def chart(tmp_path):
    return make_chart(tmp_path, CHART_VALUES, SCHEMA)


def helm_errors(problems):
    return [p.message for p in problems if p.code == "helm"]


def test_values_merged_over_chart_defaults_pass(hub, chart):
    values = {"ClusterId": "c1", "ChartValues": {"singleuser": {"cpu": {"limit": 2.5}}}}
    assert check_parameters(hub, values, chart=chart) == []


def test_wrong_type_names_the_json_path(hub, chart):
    values = {"ClusterId": "c1", "ChartValues": '{"singleuser": {"cpu": {"limit": "2"}}}'}
    assert helm_errors(check_parameters(hub, values, chart=chart)) == [
        "singleuser.cpu.limit: '2' is not of type 'number'"
    ]


def test_every_violation_is_reported(hub, chart):
    overlay = {
        "hub": {"db": {"type": "postgres"}},
        "singleuser": {"extraLabels": {"eci": True}, "storage": {"capacity": None}},
    }
    messages = helm_errors(
        check_parameters(hub, {"ClusterId": "c1", "ChartValues": overlay}, chart=chart)
    )
    assert len(messages) == 3
    assert any(m.startswith("hub.db.type: 'postgres' is not one of") for m in messages)
    assert any(m.startswith("singleuser.extraLabels.eci: True") for m in messages)
    # null removes the chart's default, as Helm does, so the required key is missing
    assert any(m.startswith("singleuser.storage: 'capacity' is a required") for m in messages)


def test_template_default_is_checked_when_no_value_is_given(hub, tmp_path):
    strict = {
        "properties": {
            "singleuser": {
                "properties": {"storage": {"properties": {"capacity": {"pattern": "^[0-9]+Mi$"}}}}
            }
        }
    }
    chart = make_chart(tmp_path, {}, strict)
    [message] = helm_errors(check_parameters(hub, {"ClusterId": "c1"}, chart=chart))
    assert message.startswith("singleuser.storage.capacity: '20Gi' does not match")


def test_values_schema_alone(hub):
    values = {"ClusterId": "c1", "ChartValues": {"singleuser": {"cpu": {"limit": "x"}}}}
    problems = check_parameters(
        hub,
        values,
        values_schema=SCHEMA["properties"]["singleuser"]
        and {"type": "object", "properties": {"singleuser": SCHEMA["properties"]["singleuser"]}},
    )
    assert helm_errors(problems) == ["singleuser.cpu.limit: 'x' is not of type 'number'"]


def test_chart_without_schema_checks_nothing(hub, tmp_path):
    chart = make_chart(tmp_path, CHART_VALUES, None)
    values = {"ClusterId": "c1", "ChartValues": {"singleuser": {"cpu": {"limit": "x"}}}}
    assert check_parameters(hub, values, chart=chart) == []


def test_bad_chart_archive_and_bad_schema_are_input_errors(hub, tmp_path):
    broken = tmp_path / "broken.tgz"
    broken.write_bytes(b"not a tar")
    with pytest.raises(InputError, match="chart archive"):
        check_parameters(hub, {"ClusterId": "c1"}, chart=broken)
    with pytest.raises(InputError, match="not a valid JSON Schema"):
        check_parameters(hub, {"ClusterId": "c1"}, chart=make_chart(tmp_path, {}, {"type": 5}))


def test_chart_found_from_package_config(tmp_path, hub):
    package = tmp_path / "pkg"
    (package / "ros_templates").mkdir(parents=True)
    template = package / "ros_templates" / "template.yaml"
    template.write_bytes(hub.read_bytes())
    charts = package / "resources" / "artifact_resources" / "helm_chart"
    charts.mkdir(parents=True)
    archive = make_chart(charts, CHART_VALUES, SCHEMA)
    rel = archive.relative_to(package).as_posix()
    (package / "config.yaml").write_text(
        f"HelmChartBuilder:\n  HelmChart_1:\n    HelmChartPath: {rel}\n"
    )
    params = tmp_path / "values.json"
    params.write_text(
        json.dumps({"ClusterId": "c1", "ChartValues": {"hub": {"db": {"type": "x"}}}})
    )
    [problem] = check_file(template, params)
    assert problem.code == "helm" and problem.message.startswith("hub.db.type:")
