"""The template model: ordering, duplicates, conditions in both forms."""

from __future__ import annotations

import pytest

from nestgen.errors import InputError
from nestgen.ros import And, Eq, Not, Or, Parameter, Template, Text
from nestgen.ros.conditions import both


def _param(name: str, **kwargs) -> Parameter:
    return Parameter(name=name, type="String", label=Text(name, name), **kwargs)


def test_duplicate_names_are_rejected():
    template = Template(Text("d", "d"))
    template.add_group(Text("g", "g"), [_param("A")])
    with pytest.raises(InputError, match="duplicate parameter name 'A'"):
        template.add_parameter(_param("A"))
    template.add_resource("R", {"Type": "ALIYUN::RAM::AppSecret"})
    with pytest.raises(InputError, match="duplicate resource name 'R'"):
        template.add_resource("R", {})
    with pytest.raises(InputError, match="duplicate parameter name 'R'"):
        template.add_parameter(_param("R"))


def test_sections_and_parameter_keys_in_fixed_order():
    template = Template(Text("d", "描述"))
    template.add_group(
        Text("g", "组"),
        [_param("A", default="x", allowed_values=["x"], visible=Eq("B", 1), required=True)],
    )
    body = template.to_dict()
    assert list(body) == [
        "ROSTemplateFormatVersion", "Description", "Parameters", "Resources", "Metadata",
    ]  # fmt: skip
    assert body["ROSTemplateFormatVersion"] == "2015-09-01"
    assert list(body["Parameters"]["A"]) == [
        "Type", "Label", "Default", "AllowedValues", "Required", "AssociationPropertyMetadata",
    ]  # fmt: skip


def test_conditions_render_for_console_and_ros():
    cond = And((Eq("A", "x"), Not(Or((Eq("B", 1), Eq("C", True))))))
    assert cond.console() == {
        "Fn::And": [
            {"Fn::Equals": ["${A}", "x"]},
            {"Fn::Not": {"Fn::Or": [{"Fn::Equals": ["${B}", 1]}, {"Fn::Equals": ["${C}", True]}]}},
        ]
    }
    assert cond.ros()["Fn::And"][0] == {"Fn::Equals": [{"Ref": "A"}, "x"]}
    assert cond.evaluate({"A": "x", "B": 2, "C": False})
    assert not cond.evaluate({"A": "x", "B": 1, "C": False})


def test_both_flattens():
    joined = both(both(Eq("A", 1), Eq("B", 2)), Eq("C", 3))
    assert isinstance(joined, And) and len(joined.parts) == 3
    assert both(None, Eq("A", 1)) == Eq("A", 1)


def test_no_echo_without_default_is_rendered_without_default():
    body = _param("Secret", no_echo=True, confirm=True).to_ros()
    assert body["NoEcho"] is True and body["Confirm"] is True
    assert "Default" not in body
