"""A tiny ROS CDK assembly in the generator's layout: one resource with a nested struct."""

from __future__ import annotations

import io
import json
import tarfile
import zipfile
from pathlib import Path

CORE = "@alicloud/ros-cdk-core."
NAME = "@alicloud/ros-cdk-demo"
RESOLVABLE = {"fqn": CORE + "IResolvable"}


def _or_function(ref: dict) -> dict:
    return {"union": {"types": [ref, RESOLVABLE]}}


def _prop(name: str, ref: dict, optional: bool = True) -> dict:
    prop = {"name": name, "type": _or_function(ref)}
    if optional:
        prop["optional"] = True
    return prop


ASSEMBLY = {
    "name": NAME,
    "version": "1.2.3",
    "submodules": {f"{NAME}.datasource": {}},
    "types": {
        f"{NAME}.RosThing": {
            "kind": "class",
            "base": CORE + "RosResource",
            "name": "RosThing",
            "fqn": f"{NAME}.RosThing",
            "locationInModule": {"filename": "lib/demo.generated.ts"},
            "initializer": {
                "parameters": [
                    {"name": "scope", "type": {"fqn": CORE + "Construct"}},
                    {"name": "props", "type": {"fqn": f"{NAME}.RosThingProps"}},
                ]
            },
        },
        f"{NAME}.RosThingProps": {
            "kind": "interface",
            "datatype": True,
            "name": "RosThingProps",
            "fqn": f"{NAME}.RosThingProps",
            "properties": [
                _prop("thingName", {"primitive": "string"}, optional=False),
                _prop("size", {"primitive": "number"}),
                _prop("mode", {"primitive": "string"}),
                _prop(
                    "disks",
                    {
                        "collection": {
                            "kind": "array",
                            "elementtype": {"fqn": f"{NAME}.RosThing.DisksProperty"},
                        }
                    },
                ),
                _prop(
                    "labels",
                    {"collection": {"kind": "map", "elementtype": {"primitive": "string"}}},
                ),
                _prop(
                    "tags",
                    {"collection": {"kind": "array", "elementtype": {"fqn": CORE + "RosTag"}}},
                ),
            ],
        },
        f"{NAME}.RosThing.DisksProperty": {
            "kind": "interface",
            "datatype": True,
            "name": "DisksProperty",
            "namespace": "RosThing",
            "fqn": f"{NAME}.RosThing.DisksProperty",
            "properties": [_prop("category", {"primitive": "string"}, optional=False)],
        },
    },
}

SCRIPT = """\
function RosThingPropsValidator(properties) {
    const errors = new ros.ValidationResults();
    if (properties.size && (typeof properties.size) !== 'object') {
        errors.collect(ros.propertyValidator('size', ros.validateRange)({
            data: properties.size,
            min: 1,
            max: undefined,
        }));
    }
    if (properties.mode && (typeof properties.mode) !== 'object') {
        errors.collect(ros.propertyValidator('mode', ros.validateAllowedValues)({
            data: properties.mode,
            allowedValues: ["fast", "slow"],
        }));
    }
    if (properties.thingName && (typeof properties.thingName) === 'string') {
        errors.collect(ros.propertyValidator('thingName', ros.validateLength)({
            data: properties.thingName.length,
            min: 2,
            max: 64,
        }));
    }
    if (properties.thingName && (typeof properties.thingName) !== 'object') {
        errors.collect(ros.propertyValidator('thingName', ros.validateAllowedPattern)({
            data: properties.thingName,
            reg: /^[a-z]+$/
        }));
    }
    return errors.wrap('supplied properties not correct for "RosThingProps"');
}
function rosThingPropsToRosTemplate(properties, enableResourcePropertyConstraint) {
    return {
        'ThingName': ros.stringToRosTemplate(properties.thingName),
        'Size': ros.numberToRosTemplate(properties.size),
        'Mode': ros.stringToRosTemplate(properties.mode),
        'Disks': ros.listMapper(rosThingDisksPropertyToRosTemplate)(properties.disks),
        'Labels': ros.hashMapper(ros.stringToRosTemplate)(properties.labels),
        'Tags': ros.listMapper(ros.rosTagToRosTemplate)(properties.tags),
    };
}
class RosThing extends ros.RosResource {
    constructor(scope, id, props, enableResourcePropertyConstraint) {
        super(scope, id, { type: RosThing.ROS_RESOURCE_TYPE_NAME, properties: props });
        this.attrThingId = this.getAtt('ThingId');
        this.attrArn = this.getAtt('Arn');
    }
}
exports.RosThing = RosThing;
RosThing.ROS_RESOURCE_TYPE_NAME = "ALIYUN::DEMO::Thing";
function RosThing_DisksPropertyValidator(properties) {
    const errors = new ros.ValidationResults();
    return errors.wrap('supplied properties not correct for "DisksProperty"');
}
function rosThingDisksPropertyToRosTemplate(properties) {
    return {
        Category: ros.stringToRosTemplate(properties.category),
    };
}
"""

SCRIPTS = {"lib/demo.generated.js": SCRIPT}


def tarball(assembly: dict = ASSEMBLY, scripts: dict[str, str] = SCRIPTS) -> bytes:
    """The ``.jsii.tgz`` npm layout: package/.jsii and package/lib/*.js."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        files = {"package/.jsii": json.dumps(assembly).encode()}
        files.update({f"package/{k}": v.encode() for k, v in scripts.items()})
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def write_wheel(
    folder: Path, version: str, assembly: dict = ASSEMBLY, scripts: dict = SCRIPTS
) -> Path:
    """A wheel file ``ros_cdk_demo-VERSION-py3-none-any.whl`` holding the tarball."""
    path = folder / f"ros_cdk_demo-{version}-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            f"ros_cdk_demo/_jsii/ros-cdk-demo@{version}.jsii.tgz", tarball(assembly, scripts)
        )
    return path
