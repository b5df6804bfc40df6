"""Build the shipped spec from ROS CDK wheels (used by ``scripts/update-ros-spec``).

The current packages are pinned in ``scripts/ros-cdk-packages.txt``, older releases in
``scripts/ros-cdk-legacy.txt``; pip downloads them (``--no-deps``).  Every assembly is
extracted (:mod:`nestgen.rosspec.extract`) and the current types are merged.  A property an
older release described that the current one lacks is kept as the type's ``legacy``
(ROS keeps deprecated properties for old templates, but no longer documents them), and so
are a few found only in published templates (:data:`LEGACY_PROPERTIES`).  Types ROS accepts
that the CDK does not describe are declared by hand (:data:`HAND_DECLARED`, each with its
source): only their names are known.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

from nestgen.rosspec.extract import encode_spec, extract_assembly, read_package_assembly

PACKAGE_FILE = re.compile(r"^(ros[-_]cdk[-_][a-z0-9_-]+?)-(\d[^-]*?)(?:-py3-.*\.whl|\.tar\.gz)$")

# Types that ROS deploys but the ROS CDK does not describe.  "unchecked": only the name is
# known; property, required and attribute rules leave such resources alone.
HAND_DECLARED: dict[str, str] = {
    "ALIYUN::CS::KubernetesCluster": (
        "ROS resource-type reference, aliyun-cs-kubernetescluster (ACK dedicated clusters; "
        "dropped from the CDK when ACK stopped creating them)"
    ),
    "ALIYUN::RandomString": (
        "a ROS type outside the CDK, used by Alibaba's own Compute Nest packages "
        "(aliyun-computenest/comfy-ui)"
    ),
    "ALIYUN::ROS::MergePay": (
        "a ROS type outside the CDK, used by Alibaba's official ROS templates "
        "(aliyun/ros-templates, solutions/cloud-market)"
    ),
    "MODULE::ACS::ComputeNest::AckOrAcsCluster": "Compute Nest's public ROS module (ACK or ACS)",
    "MODULE::ACS::ComputeNest::FluxOciHelmDeploy": "Compute Nest's public ROS module (Helm)",
    "MODULE::ACS::ComputeNest::VpcAndVSwitch": "Compute Nest's public ROS module (network)",
}


# Properties that no ROS CDK release describes but that published templates (which deploy)
# set; with where they are used.  The linter warns on them instead of calling them errors.
_PUBLISHED = "published templates: "
LEGACY_PROPERTIES: dict[tuple[str, str], str] = {
    ("ALIYUN::CDN::DomainConfig", "Functions"): "aliyun/ros-templates (fc-mini-program)",
    ("ALIYUN::ECS::InstanceGroup", "MinAmount"): "aliyun/ros-templates (ecs-group-attach-slb)",
    ("ALIYUN::ECS::InstanceGroup", "WillReplace"): "aliyun-computenest (minecraft, 7daystodie)",
    ("ALIYUN::ESS::ScalingConfiguration", "InstanceChargeType"): "aliyun/ros-templates (kafka)",
    ("ALIYUN::ESS::ScalingGroup", "VpcId"): "aliyun/ros-templates (4 cluster templates)",
    ("ALIYUN::OOS::ApplicationGroupDeployment", "RegionId"): "aliyun-computenest (open-notebook)",
    ("ALIYUN::OOS::DeployRevision", "RegionId"): "aliyun-computenest (open-notebook)",
    ("ALIYUN::SLB::LoadBalancer", "SupportPrivateLink"): "aliyun-computenest (mysql-privatelink)",
    ("ALIYUN::VPC::EIPAssociation", "InstanceType"): "aliyun/ros-templates (game-business-zone)",
    ("ALIYUN::VPC::NatGateway", "ZoneId"): "aliyun/ros-templates (open-source-puppet)",
}


def read_pins(path: Path) -> list[str]:
    """``name==version`` lines of a pin file (blank lines and ``#`` comments skipped)."""
    lines = (line.split("#", 1)[0].strip() for line in path.read_text("utf-8").splitlines())
    return [line for line in lines if line]


def download(requirements: Iterable[str], into: Path) -> list[Path]:
    """Download the packages with pip (no dependencies) and return their paths.

    Old releases are sdists, for which pip prepares metadata; with ``wheel`` installed that
    runs in this environment (fast) instead of a fresh build environment per package.
    """
    import importlib.util

    command = [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(into)]
    if importlib.util.find_spec("wheel") and importlib.util.find_spec("setuptools"):
        command.append("--no-build-isolation")
    rounds: list[list[str]] = []  # pip takes one version of a package per call
    seen: dict[str, int] = {}
    for requirement in requirements:
        name = re.split(r"[=<>!~ ]", requirement, maxsplit=1)[0]
        index = seen[name] = seen.get(name, -1) + 1
        if index == len(rounds):
            rounds.append([])
        rounds[index].append(requirement)
    for group in rounds:
        subprocess.run([*command, *group], check=True)
    return package_files(into)


def package_files(folder: Path) -> list[Path]:
    """The ros-cdk wheels and sdists (a few old packages have no wheel) in a folder."""
    return sorted(p for p in folder.iterdir() if PACKAGE_FILE.match(p.name))


def package_of(path: Path) -> tuple[str, str]:
    """(distribution name, version) from a wheel or sdist file name."""
    match = PACKAGE_FILE.match(path.name)
    if not match:
        raise ValueError(f"{path.name}: not a ros-cdk package file name")
    return match.group(1).replace("_", "-"), match.group(2)


def build_spec(
    wheels: Iterable[Path], legacy: Iterable[Path] = ()
) -> tuple[dict[str, dict], dict[str, str]]:
    """Merge the current packages' types (the newest wins a clash), legacy names, hand ones."""
    types: dict[str, dict] = {}
    versions: dict[str, str] = {}
    origin: dict[str, tuple[tuple[int, ...], str]] = {}
    for path in sorted(wheels, key=lambda p: p.name):
        name, version = package_of(path)
        versions[name] = version
        rank = (_version_key(version), name)
        for type_name, entry in _extract(path).items():
            if type_name not in origin or rank > origin[type_name]:
                types[type_name], origin[type_name] = entry, rank
    _add_legacy(types, legacy)
    for (type_name, prop), source in sorted(LEGACY_PROPERTIES.items()):
        if type_name in types and prop not in types[type_name]["properties"]:
            types[type_name].setdefault("legacy", {})[prop] = _PUBLISHED + source
    for type_name, source in HAND_DECLARED.items():
        types.setdefault(type_name, {"source": source, "unchecked": True})
    return types, versions


def _extract(path: Path) -> dict[str, dict]:
    return extract_assembly(*read_package_assembly(path.read_bytes()))


def _add_legacy(types: dict[str, dict], legacy: Iterable[Path]) -> None:
    """Record, per current type, the properties only older releases had (newest release wins)."""
    releases = sorted((_version_key(package_of(p)[1]), p.name, p) for p in legacy)
    for _, _, path in releases:
        name, version = package_of(path)
        for type_name, entry in _extract(path).items():
            current = types.get(type_name)
            if current is None:
                continue
            for prop in entry["properties"]:
                if prop not in current["properties"]:
                    current.setdefault("legacy", {})[prop] = f"{name} {version}"
    for entry in types.values():
        if "legacy" in entry:
            entry["legacy"] = dict(sorted(entry["legacy"].items()))


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version))


def write_pins(path: Path, versions: Mapping[str, str]) -> None:
    """Rewrite the pin file with the versions that were downloaded."""
    from nestgen.fsutil import write_atomic

    head = [line for line in path.read_text("utf-8").splitlines() if line.startswith("#")]
    body = [f"{name}=={versions[name]}" for name in sorted(versions)]
    write_atomic(path, "\n".join([*head, *body]) + "\n")


def main(argv: list[str]) -> int:
    """``update-ros-spec [--latest] [--wheels DIR] [--pins FILE] [--out FILE]``."""
    import argparse

    from nestgen.fsutil import write_atomic

    root = Path(__file__).resolve().parents[2]
    parser = argparse.ArgumentParser(prog="update-ros-spec", description=__doc__)
    parser.add_argument("--pins", type=Path, default=root / "scripts" / "ros-cdk-packages.txt")
    parser.add_argument("--legacy", type=Path, default=root / "scripts" / "ros-cdk-legacy.txt")
    parser.add_argument("--out", type=Path, default=root / "nestgen" / "data" / "ros_spec.json.gz")
    parser.add_argument(
        "--wheels", type=Path, help="use DIR/current and DIR/legacy, download nothing"
    )
    parser.add_argument("--latest", action="store_true", help="newest versions; update the pins")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="ros-cdk-") as tmp:
        current, old = Path(tmp) / "current", Path(tmp) / "legacy"
        if args.wheels:
            wheels = package_files(args.wheels / "current")
            legacy = package_files(args.wheels / "legacy")
        else:
            pins = read_pins(args.pins)
            wanted = [p.split("==")[0] for p in pins] if args.latest else pins
            wheels = download(wanted, current)
            legacy = download(read_pins(args.legacy), old)
        types, versions = build_spec(wheels, legacy)
        if args.latest:
            write_pins(args.pins, versions)
        data = encode_spec(types, versions)
        write_atomic(args.out, data)
    print(f"{args.out}: {len(types)} types from {len(versions)} packages, {len(data):,} bytes")
    return 0
