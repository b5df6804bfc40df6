"""The node password: NoEcho, 8-30 characters, three of four character classes."""

from __future__ import annotations

import pytest
from params_samples import codes

from nestgen.params import check_parameters

ACCEPTED = [
    "Passw0rdX",  # upper, lower, digit
    "hello-World",  # upper, lower, special
    "nest9gen!x",  # lower, digit, special
    "NEST9GEN!X",  # upper, digit, special
    "Aa1!Aa1!Aa1!Aa1!Aa1!Aa1!Aa1!Aa",  # 30 characters, all four
]
REJECTED = [
    ("password", {"pattern"}),  # one class
    ("password123", {"pattern"}),  # two classes
    ("PASSWORD!!", {"pattern"}),  # two classes
    ("Aa1!", {"pattern", "length"}),  # three classes, too short
    ("Aa1!" * 8, {"pattern", "length"}),  # 32 characters
    ("Pass word1", {"pattern"}),  # a space is not an allowed character
    ("Pässw0rd1", {"pattern"}),  # nor is a non-ASCII letter
]


@pytest.mark.parametrize("password", ACCEPTED)
def test_password_with_three_classes_is_accepted(hub, new_ack, password):
    assert check_parameters(hub, {**new_ack, "LoginPassword": password}) == []


@pytest.mark.parametrize(("password", "expected"), REJECTED)
def test_weak_password_is_rejected_without_echoing_it(hub, new_ack, password, expected):
    problems = check_parameters(hub, {**new_ack, "LoginPassword": password})
    assert {code for _, code in codes(problems)} == expected
    for problem in problems:
        assert password not in problem.message
        assert "at least three of" in problem.message


def test_password_message_in_chinese(hub, new_ack):
    [problem] = check_parameters(hub, {**new_ack, "LoginPassword": "password"}, locale="zh-cn")
    assert "至少包含大写字母" in problem.message


def test_password_is_not_asked_for_an_existing_cluster(hub):
    problems = check_parameters(hub, {"ClusterId": "c1", "LoginPassword": "weak"})
    assert [(p.severity, p.code) for p in problems] == [("warning", "ignored")]
    assert "weak" not in problems[0].message
