"""CIDR rules: private ranges and prefix limits, no overlap, the vSwitch inside the VPC."""

from __future__ import annotations

import pytest
from params_samples import codes

from nestgen.params import check_parameters


def check(hub, new_ack, **values):
    return codes(check_parameters(hub, {**new_ack, **values}))


# Neutral networks that meet nothing below: VPC 192.168/16, pod 10.0/16, service 172.16/16
# (the defaults); each case moves one network and, when needed, clears the way for it.
CASES = [
    # (parameter, accepted, rejected, other values)
    ("VpcCidrBlock", "10.0.0.0/8", "11.0.0.0/8", {"PodCidr": "172.30.0.0/16"}),
    ("VpcCidrBlock", "172.20.0.0/16", "172.20.0.0/29", {}),
    ("VpcCidrBlock", "192.168.0.0/16", "192.168.0.0/15", {}),
    ("VSwitchCidrBlock", "192.168.255.0/29", "192.168.0.0/30", {}),
    ("PodCidr", "10.8.0.0/14", "100.64.0.0/16", {}),
    ("PodCidr", "172.24.0.0/13", "172.20.0.0/20", {}),
    ("ServiceCidr", "172.21.0.0/20", "172.21.0.0/25", {}),
    ("ServiceCidr", "10.96.0.0/16", "10.1.0.0/12", {}),
]


@pytest.mark.parametrize(("name", "good", "bad", "others"), CASES)
def test_cidr_limits(hub, new_ack, name, good, bad, others):
    if name == "VpcCidrBlock":
        others = {**others, "VSwitchCidrBlock": good.split("/")[0] + "/29"}
    assert check(hub, new_ack, **others, **{name: good}) == set()
    assert check(hub, new_ack, **others, **{name: bad}) >= {(name, "cidr")}


@pytest.mark.parametrize("text", ["10.0.0.0", "10.0.0/16", "10.0.0.0/33", "fd00::/8", "banana"])
def test_malformed_cidr_is_rejected(hub, new_ack, text):
    assert ("PodCidr", "cidr") in check(hub, new_ack, PodCidr=text)


def test_host_bits_suggest_the_network(hub, new_ack):
    [problem] = check_parameters(hub, {**new_ack, "PodCidr": "10.0.3.7/16"})
    assert "did you mean 10.0.0.0/16" in problem.message


def test_pod_and_service_must_not_overlap(hub, new_ack):
    found = check(hub, new_ack, PodCidr="172.16.0.0/16", ServiceCidr="172.16.128.0/20")
    assert found == {("ServiceCidr", "cidr-overlap")}


def test_pod_must_not_overlap_vpc(hub, new_ack):
    assert check(hub, new_ack, PodCidr="192.168.0.0/16") == {("PodCidr", "cidr-overlap")}


def test_service_must_not_overlap_vpc_even_from_defaults(hub, new_ack):
    found = check(hub, new_ack, VpcCidrBlock="172.16.0.0/12", VSwitchCidrBlock="172.16.1.0/24")
    assert found == {("ServiceCidr", "cidr-overlap")}


def test_vswitch_must_lie_inside_vpc(hub, new_ack):
    assert check(hub, new_ack, VSwitchCidrBlock="192.169.0.0/24") == {("VSwitchCidrBlock", "cidr")}
    found = check(hub, new_ack, VpcCidrBlock="192.168.0.0/20", VSwitchCidrBlock="192.168.64.0/24")
    assert found == {("VSwitchCidrBlock", "cidr-outside")}


def test_hidden_network_parameters_are_not_checked(hub, new_ack):
    values = {**new_ack, "AckNetworkPlugin": "terway-eniip", "PodVSwitchId": "vsw-1"}
    problems = check_parameters(hub, {**values, "PodCidr": "192.168.0.0/16"})
    assert [(p.parameter, p.code) for p in problems] == [("PodCidr", "ignored")]


def test_existing_vpc_skips_vpc_relations(hub, new_ack):
    values = {**new_ack, "VpcOption": "ExistingVPC", "VpcId": "vpc-1", "VSwitchId": "vsw-1"}
    assert check_parameters(hub, {**values, "PodCidr": "192.168.0.0/16"}) == []


def test_a_vswitch_partly_outside_its_vpc_is_rejected(hub, new_ack):
    """Overlapping is not enough: every address of the vSwitch must be in the VPC."""
    found = check(hub, new_ack, VpcCidrBlock="192.168.0.0/20", VSwitchCidrBlock="192.168.0.0/19")
    assert found == {("VSwitchCidrBlock", "cidr-outside")}
    found = check(hub, new_ack, VpcCidrBlock="192.168.16.0/20", VSwitchCidrBlock="192.168.0.0/19")
    assert found == {("VSwitchCidrBlock", "cidr-outside")}
