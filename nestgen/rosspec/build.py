"""Build the shipped spec from ROS CDK wheels (used by ``scripts/update-ros-spec``).

The wheels are named, with pinned versions, in ``scripts/ros-cdk-packages.txt``; pip
downloads them (``--no-deps``).  Every wheel's assembly is extracted
(:mod:`nestgen.rosspec.extract`), the types are merged, and a few types ROS accepts that
the CDK does not describe are added by hand (:data:`HAND_DECLARED`, each with its source):
their properties and attributes are not checked.
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


def read_pins(path: Path) -> list[str]:
    """``name==version`` lines of a pin file (blank lines and ``#`` comments skipped)."""
    lines = (line.split("#", 1)[0].strip() for line in path.read_text("utf-8").splitlines())
    return [line for line in lines if line]


def download(requirements: Iterable[str], into: Path) -> list[Path]:
    """Download the wheels with pip (no dependencies) and return their paths."""
    command = [sys.executable, "-m", "pip", "download", "--no-deps"]
    subprocess.run([*command, "-q", "-d", str(into), *requirements], check=True)
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


def build_spec(wheels: Iterable[Path]) -> tuple[dict[str, dict], dict[str, str]]:
    """Merge every wheel's types (the newest version wins a clash) plus the hand-declared."""
    types: dict[str, dict] = {}
    versions: dict[str, str] = {}
    origin: dict[str, tuple[tuple[int, ...], str]] = {}
    for wheel in sorted(wheels, key=lambda p: p.name):
        name, version = package_of(wheel)
        versions[name] = version
        rank = (_version_key(version), name)
        for type_name, entry in extract_assembly(
            *read_package_assembly(wheel.read_bytes())
        ).items():
            if type_name not in origin or rank > origin[type_name]:
                types[type_name], origin[type_name] = entry, rank
    for type_name, source in HAND_DECLARED.items():
        types.setdefault(type_name, {"source": source, "unchecked": True})
    return types, versions


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
    parser.add_argument("--out", type=Path, default=root / "nestgen" / "data" / "ros_spec.json.gz")
    parser.add_argument("--wheels", type=Path, help="use the wheels in DIR, download nothing")
    parser.add_argument("--latest", action="store_true", help="newest versions; update the pins")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="ros-cdk-") as tmp:
        if args.wheels:
            wheels = package_files(args.wheels)
        else:
            pins = read_pins(args.pins)
            wanted = [p.split("==")[0] for p in pins] if args.latest else pins
            wheels = download(wanted, Path(tmp))
        types, versions = build_spec(wheels)
        if args.latest:
            write_pins(args.pins, versions)
        data = encode_spec(types, versions)
        write_atomic(args.out, data)
    print(f"{args.out}: {len(types)} types from {len(versions)} packages, {len(data):,} bytes")
    return 0
