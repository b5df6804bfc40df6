"""The secret rules read NoEcho and Default as ROS does: any type, any spelling of true."""

from __future__ import annotations

import pytest

from nestgen.lint import lint_paths

TEMPLATE = """\
ROSTemplateFormatVersion: '2015-09-01'
Parameters:
  DbPassword:
    Type: String
    NoEcho: {no_echo}
    Default: {default}
Resources: {{}}
Outputs:
  Shown:
    Value:
      Ref: DbPassword
"""


def _rules(write, no_echo: str, default: str) -> set[str]:
    path = write("template.yaml", TEMPLATE.format(no_echo=no_echo, default=default))
    return {f.rule for f in lint_paths([path]).findings}


@pytest.mark.parametrize("default", ["12345", "0", "3.5", "'hunter2'"])
def test_any_literal_default_of_a_no_echo_parameter_is_flagged(write, default):
    assert "W3009" in _rules(write, "true", default)


@pytest.mark.parametrize("no_echo", ["true", "True", "'True'", "'true'"])
def test_no_echo_spelt_as_a_string_keeps_both_secret_rules(write, no_echo):
    found = _rules(write, no_echo, "'hunter2'")
    assert {"W3009", "W3011"} <= found
    assert "W3010" not in found  # it is NoEcho


@pytest.mark.parametrize("no_echo", ["false", "'False'"])
def test_no_echo_false_is_not_a_secret(write, no_echo):
    found = _rules(write, no_echo, "'hunter2'")
    assert "W3009" not in found and "W3011" not in found
    assert "W3010" in found  # a password-like name without NoEcho
