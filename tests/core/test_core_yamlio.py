"""The shared YAML loader keeps positions, reads ROS short tags and dumps deterministically."""

from __future__ import annotations

import copy
import datetime

import pytest

from nestgen.errors import EXIT_USAGE
from nestgen.yamlio import Mark, YamlSyntaxError, YMap, YSeq, dumps, load_file, loads

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


MERGED = """\
base: &base
  a: 1
  b: [x, y]
child:
  <<: *base
  b: 2
  c: !Ref base
"""


def test_marks_read_after_loading_are_mark_tuples() -> None:
    data = loads(MERGED).data
    child = data["child"]
    assert child.mark == Mark(5, 3) and isinstance(child.mark, Mark)
    assert child.key_marks == {"a": Mark(2, 3), "b": Mark(6, 3), "c": Mark(7, 3)}
    assert child.value_marks == {"a": Mark(2, 6), "b": Mark(6, 6), "c": Mark(7, 6)}
    assert data["base"]["b"].item_marks == [Mark(3, 7), Mark(3, 10)]
    assert child["c"].key_marks == child["c"].value_marks == {"Ref": Mark(7, 6)}
    every = [*child.key_marks.values(), *child.value_marks.values(), *data["base"]["b"].item_marks]
    assert all(type(mark) is Mark for mark in every)


def test_duplicate_of_a_merged_key_names_the_merged_place() -> None:
    doc = loads("a: &a {k: 1}\nb:\n  <<: *a\n  k: 2\n  k: 3\n")
    merged, repeated = doc.duplicates
    assert (merged.first, merged.second, merged.path) == (Mark(1, 8), Mark(4, 3), ("b",))
    assert (repeated.first, repeated.second) == (Mark(4, 3), Mark(5, 3))
    assert all(type(d.first) is Mark and type(d.second) is Mark for d in doc.duplicates)
    assert doc.data["b"].key_marks["k"] == Mark(5, 3)


def test_marks_can_be_edited_and_survive_copies() -> None:
    data = loads(MERGED).data
    child = data["child"]
    child.key_marks["d"] = Mark(9, 9)
    assert child.key_marks["d"] == Mark(9, 9) and child.value_marks["a"] == Mark(2, 6)
    copied = copy.deepcopy(data)
    assert copied["base"].key_marks == data["base"].key_marks == {"a": Mark(2, 3), "b": Mark(3, 3)}
    assert copied["base"]["b"].item_marks == [Mark(3, 7), Mark(3, 10)]
    assert copied.mark == Mark(1, 1)
    made = YMap({"x": 1})
    assert (made.mark, made.key_marks, YSeq([1]).item_marks) == (Mark(0, 0), {}, [])
    made.value_marks = {"x": Mark(1, 4)}
    assert made.value_marks == {"x": Mark(1, 4)}


def test_plain_scalar_types_do_not_depend_on_what_was_loaded_before() -> None:
    text = "a: 1\nb: '1'\nc: yes\nd: 'yes'\ne: !!str 2\nf: ~\ng: 2015-09-01\nh: \"~\"\n"
    expected = {"a": 1, "b": "1", "c": True, "d": "yes", "e": "2", "f": None}
    expected |= {"g": datetime.date(2015, 9, 1), "h": "~"}
    for _ in range(2):
        assert loads(text).data == expected
        swapped = loads("a: '1'\nb: 1\nc: 'yes'\nd: yes\n").data
        assert swapped == {"a": "1", "b": 1, "c": "yes", "d": True}
    long_int = "1" * 80
    assert loads(f"n: {long_int}\n").data == loads(f"n: {long_int}\n").data == {"n": int(long_int)}
