"""Private-range CIDR patterns for VPC, vSwitch, Pod and Service networks.

The ranges are those the ACK console accepts: VPCs within 10.0.0.0/8, 172.16.0.0/12 and
192.168.0.0/16; Pod networks in the same ranges; Service networks with a /16 to /24 mask.
"""

from __future__ import annotations

_OCTET = r"(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])"
_REST3 = rf"{_OCTET}\.{_OCTET}\.{_OCTET}"
_REST2 = rf"{_OCTET}\.{_OCTET}"
_TEN = rf"10\.{_REST3}"
_172 = rf"172\.(1[6-9]|2[0-9]|3[01])\.{_REST2}"
_192 = rf"192\.168\.{_REST2}"


def _mask(low: int, high: int) -> str:
    """A regex matching the integers low..high (at most 39), one branch per tens digit."""
    branches = []
    for tens in range(low // 10, high // 10 + 1):
        first, last = max(low, tens * 10) % 10, min(high, tens * 10 + 9) % 10
        digits = f"[{first}-{last}]" if first != last else str(first)
        branches.append(f"{tens}{digits}" if tens else digits)
    return "(" + "|".join(branches) + ")"


def _pattern(ten: tuple[int, int], b172: tuple[int, int], b192: tuple[int, int]) -> str:
    return f"^({_TEN}/{_mask(*ten)}|{_172}/{_mask(*b172)}|{_192}/{_mask(*b192)})$"


VPC = _pattern((8, 24), (12, 24), (16, 24))
VSWITCH = _pattern((16, 29), (16, 29), (16, 29))
POD = _pattern((8, 24), (12, 24), (16, 24))
SERVICE = _pattern((16, 24), (16, 24), (16, 24))
