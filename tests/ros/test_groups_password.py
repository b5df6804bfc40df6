"""LoginPassword: NoEcho, confirmed, no Default, and a pattern that enforces the policy."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nestgen.ros.groups.password import PATTERN, SPECIALS

ACCEPTED = [
    "Abcdefg1",  # upper, lower, digit
    "abcdef1!",  # lower, digit, special
    "ABCDEF1!",  # upper, digit, special
    "Abcdefg!",  # upper, lower, special
    "Tr0ub4dor&3x",
    "P@ssw0rd-2024",
    "a1'b2'c3'",  # the quote is one of the seed's specials
    "Aa1" + "x" * 27,  # exactly 30
    "()~!@#$%^&*-+={}[]:;'<>,.?/Aa1",  # every special character, 30 long
]
REJECTED = [
    "Abc1!",  # too short
    "Aa1!" + "x" * 27,  # 31 characters
    "abcdefgh",  # one class
    "abcd1234",  # two classes
    "ABCD!!!!",  # two classes
    "Abcdefg1 ",  # space is not allowed
    "Abcdef_1",  # underscore is not among the seed's specials
    "Abcdef|1",  # nor is the pipe
    "Abcdéfg1",  # nor non-ASCII letters
    "Abcdefg1\n",  # no trailing newline sneaking past $
    "",
]


@pytest.mark.parametrize("password", ACCEPTED)
def test_pattern_accepts(password):
    assert re.fullmatch(PATTERN, password)
    assert re.search(PATTERN, password)


@pytest.mark.parametrize("password", REJECTED)
def test_pattern_rejects(password):
    assert not re.fullmatch(PATTERN, password)


def test_specials_are_the_seed_list():
    assert SPECIALS == "()~!@#$%^&*-+={}[]:;'<>,.?/"
    for char in SPECIALS:
        assert re.fullmatch(PATTERN, f"abcdefg1{char}"), char


def test_parameter_shape(jupyterhub_template):
    body = jupyterhub_template["Parameters"]["LoginPassword"]
    assert body["NoEcho"] is True
    assert body["Confirm"] is True
    # null: empty and unvalidated for ROS when the form hides it; never a committed secret
    assert "Default" in body and body["Default"] is None
    assert (body["MinLength"], body["MaxLength"]) == (8, 30)
    assert body["AllowedPattern"] == PATTERN
    assert re.compile(body["AllowedPattern"])
    assert set(body["ConstraintDescription"]) == {"en", "zh-cn"}
    for text in body["ConstraintDescription"].values():
        assert SPECIALS in text and "8" in text and "30" in text
    assert body["AssociationProperty"] == "ALIYUN::ECS::Instance::Password"


def test_cluster_module_receives_the_password(jupyterhub_template):
    properties = jupyterhub_template["Resources"]["AckOrAcsClusterModule"]["Properties"]
    assert properties["LoginPassword"] == {"Ref": "LoginPassword"}
    assert "LoginPassword" not in str(jupyterhub_template.get("Outputs"))


def _policy(password: str) -> bool:
    """The seed's rule, written plainly: 8-30 allowed characters, three of four classes."""
    classes = [
        any(c.isascii() and c.isupper() for c in password),
        any(c.isascii() and c.islower() for c in password),
        any(c.isascii() and c.isdigit() for c in password),
        any(c in SPECIALS for c in password),
    ]
    allowed = all((c.isascii() and c.isalnum()) or c in SPECIALS for c in password)
    return 8 <= len(password) <= 30 and allowed and sum(classes) >= 3


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from("aZ9" + SPECIALS + "_| é\n\t"), max_size=34))
def test_pattern_is_the_policy(password):
    assert bool(re.fullmatch(PATTERN, password)) is _policy(password)
