"""The shared YAML loader keeps positions, reads ROS short tags and dumps deterministically."""

from __future__ import annotations

import datetime

import pytest

from nestgen.errors import EXIT_USAGE
from nestgen.yamlio import YamlSyntaxError, dumps, load_file, loads

TEMPLATE = """\
ROSTemplateFormatVersion: '2015-09-01'
Parameters:
  Name:
    Type: String
Resources:
  Vpc:
    Type: ALIYUN::ECS::VPC
    Properties:
      VpcName: !Ref Name
      Description: !Sub 'vpc-${Name}'
      Tags: !GetAtt Other.Arn
      Cidr: !Join [',', [a, b]]
"""


def test_short_tags_load_as_long_forms() -> None:
    props = loads(TEMPLATE).data["Resources"]["Vpc"]["Properties"]
    assert props["VpcName"] == {"Ref": "Name"}
    assert props["Description"] == {"Fn::Sub": "vpc-${Name}"}
    assert props["Tags"] == {"Fn::GetAtt": ["Other", "Arn"]}
    assert props["Cidr"] == {"Fn::Join": [",", ["a", "b"]]}


def test_positions_of_keys_values_and_items() -> None:
    doc = loads(TEMPLATE, "t.yaml")
    assert str(doc.locate(["Parameters", "Name", "Type"])) == "t.yaml:4:5"
    assert str(doc.locate(["Parameters", "Name", "Type"], value=True)) == "t.yaml:4:11"
    assert (
        str(doc.locate(["Resources", "Vpc", "Properties", "Cidr", "Fn::Join", 1])) == "t.yaml:12:25"
    )


def test_locate_stops_at_deepest_existing_node() -> None:
    doc = loads(TEMPLATE, "t.yaml")
    assert str(doc.locate(["Parameters", "Name", "NoSuchKey", "x"])) == "t.yaml:3:3"


def test_duplicate_keys_are_collected_with_both_places() -> None:
    doc = loads("a:\n  b: 1\n  b: 2\n")
    assert doc.data == {"a": {"b": 2}}
    [dup] = doc.duplicates
    assert (dup.key, dup.first.line, dup.second.line, dup.path) == ("b", 2, 3, ("a",))


def test_null_keys_are_noted() -> None:
    doc = loads("Outputs:\n  ~: 1\n")
    assert doc.null_keys and doc.null_keys[0][0].line == 2


def test_unquoted_version_loads_as_date() -> None:
    assert loads("v: 2015-09-01\n").data["v"] == datetime.date(2015, 9, 1)


def test_syntax_error_has_file_line_column() -> None:
    with pytest.raises(YamlSyntaxError) as info:
        loads("a: [1, 2\nb: 3\n", "bad.yaml")
    assert info.value.exit_code == EXIT_USAGE
    assert str(info.value).startswith("bad.yaml:")
    assert info.value.location is not None and info.value.location.line >= 2


def test_binary_and_non_utf8_files_are_input_errors(tmp_path) -> None:
    binary = tmp_path / "x.yaml"
    binary.write_bytes(b"\x89PNG\x00\x00")
    with pytest.raises(YamlSyntaxError, match="binary"):
        load_file(binary)
    latin = tmp_path / "y.yaml"
    latin.write_bytes("a: caf\xe9\n".encode("latin-1"))
    with pytest.raises(YamlSyntaxError, match="UTF-8"):
        load_file(latin)


def test_dump_is_deterministic_and_keeps_order_and_quotes_version() -> None:
    data = {"ROSTemplateFormatVersion": "2015-09-01", "b": [{"x": "中文"}], "a": "yes"}
    text = dumps(data)
    assert text == dumps(data)
    assert text.splitlines()[0] == "ROSTemplateFormatVersion: '2015-09-01'"
    assert "中文" in text and "a: 'yes'" in text
    assert text.index("b:") < text.index("a:")


def test_dump_round_trips_loaded_documents() -> None:
    doc = loads(TEMPLATE)
    assert loads(dumps(doc.data)).data == doc.data


def test_multiline_strings_dump_as_literal_blocks() -> None:
    assert dumps({"s": "line1\nline2"}) == "s: |-\n  line1\n  line2\n"
