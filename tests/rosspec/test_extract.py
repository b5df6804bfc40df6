"""The ROS CDK extraction, on a tiny assembly in the generator's layout (no network)."""

from __future__ import annotations

import copy
import gzip
import json
from pathlib import Path

from assembly_fixture import ASSEMBLY, SCRIPT, SCRIPTS, tarball, write_wheel

from nestgen.rosspec.build import HAND_DECLARED, build_spec, package_of
from nestgen.rosspec.extract import encode_spec, extract_assembly, read_package_assembly
from nestgen.rosspec.spec import SHIPPED, parse


def test_extracts_type_name_ros_names_shapes_checks_and_attributes() -> None:
    thing = extract_assembly(ASSEMBLY, SCRIPTS)["ALIYUN::DEMO::Thing"]
    assert thing["attributes"] == ["Arn", "ThingId"]
    props = thing["properties"]
    assert sorted(props) == ["Disks", "Labels", "Mode", "Size", "Tags", "ThingName"]
    assert props["ThingName"] == {
        "type": "string",
        "required": True,
        "minLength": 2,
        "maxLength": 64,
        "pattern": "^[a-z]+$",
    }
    assert props["Size"] == {"type": "number", "min": 1}
    assert props["Mode"] == {"type": "string", "allowed": ["fast", "slow"]}
    assert props["Labels"] == {"type": "map", "items": {"type": "string"}}
    disks = props["Disks"]["items"]
    assert disks["type"] == "struct"
    assert disks["properties"] == {"Category": {"type": "string", "required": True}}
    assert props["Tags"]["items"]["properties"]["Key"]["required"] is True


def test_a_property_the_template_mapper_does_not_render_is_not_a_ros_property() -> None:
    script = SCRIPT.replace("        'Mode': ros.stringToRosTemplate(properties.mode),\n", "")
    props = extract_assembly(ASSEMBLY, {"lib/demo.generated.js": script})["ALIYUN::DEMO::Thing"]
    assert "Mode" not in props["properties"]


def test_a_class_without_a_type_name_is_skipped() -> None:
    script = SCRIPT.replace('RosThing.ROS_RESOURCE_TYPE_NAME = "ALIYUN::DEMO::Thing";', "")
    assert extract_assembly(ASSEMBLY, {"lib/demo.generated.js": script}) == {}


def test_wheels_and_sdists_are_read_alike(tmp_path: Path) -> None:
    wheel = write_wheel(tmp_path, "1.2.3")
    assembly, scripts = read_package_assembly(wheel.read_bytes())
    assert assembly["name"] == ASSEMBLY["name"] and scripts == SCRIPTS
    assert package_of(wheel) == ("ros-cdk-demo", "1.2.3")
    assert package_of(tmp_path / "ros-cdk-demo-1.0.27.tar.gz") == ("ros-cdk-demo", "1.0.27")
    assert read_package_assembly(_sdist(tmp_path).read_bytes())[1] == SCRIPTS


def _sdist(folder: Path) -> Path:
    import io
    import tarfile

    path = folder / "ros-cdk-demo-1.0.0.tar.gz"
    data = tarball()
    with tarfile.open(path, "w:gz") as tar:
        info = tarfile.TarInfo("ros-cdk-demo-1.0.0/src/ros_cdk_demo/_jsii/x.jsii.tgz")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    return path


def test_the_same_wheels_give_the_same_bytes(tmp_path: Path) -> None:
    current, old = tmp_path / "a", tmp_path / "b"
    current.mkdir()
    old.mkdir()
    wheels = [write_wheel(current, "1.2.3")]
    older = copy.deepcopy(ASSEMBLY)
    older["types"]["@alicloud/ros-cdk-demo.RosThingProps"]["properties"].append(
        {"name": "payType", "optional": True, "type": {"primitive": "string"}}
    )
    old_mapping = "        PayType: ros.stringToRosTemplate(properties.payType),\n"
    old_script = SCRIPT.replace(
        "    return {\n        'ThingName'", f"    return {{\n{old_mapping}        'ThingName'"
    )
    legacy = [write_wheel(old, "1.0.0", older, {"lib/demo.generated.js": old_script})]
    first = encode_spec(*build_spec(wheels, legacy))
    second = encode_spec(*build_spec(list(reversed(wheels)), legacy))
    assert first == second
    assert first[4:8] == b"\0\0\0\0"  # gzip mtime 0
    document = json.loads(gzip.decompress(first))
    assert document["sources"] == {"ros-cdk-demo": "1.2.3"}
    thing = json.loads(document["types"]["ALIYUN::DEMO::Thing"])
    assert thing["legacy"] == {"PayType": "ros-cdk-demo 1.0.0"}
    assert "PayType" not in thing["properties"]
    assert set(HAND_DECLARED) <= set(document["types"])


def test_the_shipped_spec_loads_and_records_its_sources() -> None:
    spec = parse(SHIPPED.read_bytes(), str(SHIPPED))
    assert len(spec.sources) > 100 and all(n.startswith("ros-cdk-") for n in spec.sources)
    instance = spec.get("ALIYUN::ECS::Instance")
    assert instance is not None and instance.properties is not None
    assert instance.properties["InstanceType"]["required"] is True
    assert "AllocatePublicIP" in instance.properties and "PublicIp" in instance.attributes
    assert spec.get("DATASOURCE::ECS::Zones") is not None
    assert spec.get("ALIYUN::CS::KubernetesCluster").checked is False
    assert spec.get("ALIYUN::NOPE::Nothing") is None
