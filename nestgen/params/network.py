"""CIDR rules for VPC, vSwitch, pod and service networks (ACK and VPC console limits).

Limits: a VPC is a private range or a subnet of one, /8-/28 (/12 and /16 floors for the 172.16
and 192.168 ranges); a vSwitch is /16-/29 and lies inside its VPC; a pod network (Flannel) is a
subnet of 10.0.0.0/8, of 192.168.0.0/16, or of 172.16.0.0/12 with a /12-/16 prefix; a service
network is a /16-/24 subnet of the three ranges.  Pod, service and VPC networks must not overlap.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from nestgen.params import messages
from nestgen.params.model import Param

Net = ipaddress.IPv4Network
_TEN, _ONE72, _ONE92 = Net("10.0.0.0/8"), Net("172.16.0.0/12"), Net("192.168.0.0/16")

# role -> [(range, shortest prefix, longest prefix)]
LIMITS: dict[str, list[tuple[Net, int, int]]] = {
    "vpc": [(_TEN, 8, 28), (_ONE72, 12, 28), (_ONE92, 16, 28)],
    "vswitch": [(_TEN, 16, 29), (_ONE72, 16, 29), (_ONE92, 16, 29)],
    "pod": [(_TEN, 8, 32), (_ONE72, 12, 16), (_ONE92, 16, 32)],
    "service": [(_TEN, 16, 24), (_ONE72, 16, 24), (_ONE92, 16, 24)],
}
ROLE_NAMES = {
    "vpc": "VPC",
    "vswitch": "vSwitch",
    "pod": "pod network",
    "service": "service network",
}
_BY_PROPERTY = {
    "ALIYUN::VPC::VPC::CidrBlock": "vpc",
    "ALIYUN::VPC::VSwitch::CidrBlock": "vswitch",
    "ALIYUN::CS::ManagedKubernetesCluster::PodCidr": "pod",
    "ALIYUN::CS::ManagedKubernetesCluster::ServiceCidr": "service",
}
_BY_NAME = {
    "VpcCidrBlock": "vpc",
    "VSwitchCidrBlock": "vswitch",
    "PodCidr": "pod",
    "ContainerCidr": "pod",
    "ServiceCidr": "service",
}
OVERLAP_PAIRS = (("vpc", "pod"), ("vpc", "service"), ("pod", "service"))
Finding = tuple[str, str, str]  # (parameter, code, message)


@dataclass(frozen=True)
class Cidr:
    """A network parameter with a well-formed value."""

    name: str
    role: str
    network: Net
    text: str


def role_of(param: Param) -> str | None:
    """The network role of a parameter (by AssociationProperty, else by name)."""
    prop = param.spec.get("AssociationProperty")
    if isinstance(prop, str) and prop in _BY_PROPERTY:
        return _BY_PROPERTY[prop]
    return _BY_NAME.get(param.name) if param.type == "String" else None


def check_networks(values: Mapping[str, tuple[Param, Any]], locale: str) -> list[Finding]:
    """All CIDR findings for the visible network parameters (name -> (param, value))."""
    findings: list[Finding] = []
    cidrs: dict[str, Cidr] = {}
    for name, (param, value) in values.items():
        role = role_of(param)
        if role is None or not isinstance(value, str) or not value:
            continue
        problem = _validate(role, value, locale)
        if problem:
            findings.append((name, *problem))
        else:
            cidrs.setdefault(role, Cidr(name, role, Net(value), value))
    findings.extend(_relations(cidrs, locale))
    return findings


def _validate(role: str, text: str, locale: str) -> tuple[str, str] | None:
    try:
        loose = Net(text.strip(), strict=False)
    except ValueError:
        return "cidr", messages.text("cidr-syntax", locale, value=repr(text))
    if "/" not in text:
        return "cidr", messages.text("cidr-syntax", locale, value=repr(text))
    if str(loose) != text.strip():
        return "cidr", messages.text("cidr-host-bits", locale, value=text, network=loose)
    ranges = LIMITS[role]
    home = next(((r, lo, hi) for r, lo, hi in ranges if loose.subnet_of(r)), None)
    if home is None:
        listed = ", ".join(str(r) for r, _, _ in ranges)
        return "cidr", messages.text("cidr-private", locale, value=text, ranges=listed)
    _, low, high = home
    if not low <= loose.prefixlen <= high:
        role_text = ROLE_NAMES[role]
        return "cidr", messages.text(
            "cidr-prefix", locale, value=text, low=low, high=high, role=role_text
        )
    return None


def _relations(cidrs: Mapping[str, Cidr], locale: str) -> Iterator[Finding]:
    for first, second in OVERLAP_PAIRS:
        a, b = cidrs.get(first), cidrs.get(second)
        if a and b and a.network.overlaps(b.network):
            message = messages.text(
                "cidr-overlap", locale, value=b.text, other=a.name, other_value=a.text
            )
            yield b.name, "cidr-overlap", message
    vpc, vswitch = cidrs.get("vpc"), cidrs.get("vswitch")
    if vpc and vswitch and not vswitch.network.subnet_of(vpc.network):
        message = messages.text(
            "cidr-outside", locale, value=vswitch.text, other=vpc.name, other_value=vpc.text
        )
        yield vswitch.name, "cidr-outside", message
