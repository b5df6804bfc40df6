"""Resource-type facts from one ROS CDK assembly: the jsii JSON plus its generated JavaScript.

Alibaba's ROS CDK (``ros-cdk-*`` on PyPI) ships, in each wheel, a jsii assembly
(``_jsii/*.jsii.tgz``): ``package/.jsii`` describes every ``Ros<Resource>`` class and its
``Ros<Resource>Props`` interface (property types, optional or required, nested structs), and
``package/lib/**/*.generated.js`` holds what the types do not say: the ROS type name
(``RosX.ROS_RESOURCE_TYPE_NAME = "ALIYUN::..."``), the exact ROS property names
(``'AllocatePublicIP': ...(properties.allocatePublicIp)``), the attribute names
(``this.getAtt('InstanceId')``) and the validators' allowed values, ranges, lengths and
patterns.  :func:`extract_assembly` turns one assembly into ``{type name: entry}``;
:func:`encode_spec` writes the shipped file.  Both are pure, so the same wheels give the
same bytes.
"""

from __future__ import annotations

import gzip
import io
import json
import re
import tarfile
from collections.abc import Iterator, Mapping
from typing import Any

CORE = "@alicloud/ros-cdk-core."
RESOURCE_BASE = CORE + "RosResource"
RESOLVABLE = CORE + "IResolvable"
# ros-cdk-core's RosTag: validateRosTag asks for both a key and a value.
ROS_TAG = {
    "type": "struct",
    "properties": {"Key": {"type": "string", "required": True}, "Value": {"type": "string"}},
}
FORMAT = 1

_TYPE_NAME = re.compile(r'^(\w+)\.ROS_RESOURCE_TYPE_NAME = "([^"]+)";$', re.M)
_FUNCTION = re.compile(r"^function (\w+)\(properties[^)]*\) \{\n(.*?)^\}$", re.M | re.S)
# 'AllocatePublicIP': ros.booleanToRosTemplate(properties.allocatePublicIp), (older CDKs
# leave the quotes out where JavaScript allows it)
_MAPPED = re.compile(r"^\s*'?([^'\s:]+)'?: .*\(properties\.(\w+)\),?$", re.M)
_CLASS = re.compile(r"^class (\w+) extends ros\.RosResource \{\n(.*?)^\}$", re.M | re.S)
_GETATT = re.compile(r"this\.attr\w+ = this\.getAtt\('([^']+)'\)")
_CHECK = re.compile(
    r"ros\.propertyValidator\('(\w+)', ros\.(validateAllowedValues|validateRange|"
    r"validateLength|validateAllowedPattern)\)\(\{\n(.*?)\}\)\);",
    re.S,
)
_FIELD = re.compile(r"^\s*(allowedValues|min|max|reg): (.*?),?$", re.M)


def read_package_assembly(data: bytes) -> tuple[dict, dict[str, str]]:
    """The jsii assembly (parsed) and its generated JS ``{path: text}`` from a wheel or sdist."""
    import zipfile

    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = sorted(n for n in archive.namelist() if n.endswith(".jsii.tgz"))
            tgz = archive.read(names[0]) if names else None
    else:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as sdist:
            members = sorted(
                (m for m in sdist.getmembers() if m.name.endswith(".jsii.tgz")),
                key=lambda m: m.name,
            )
            handle = sdist.extractfile(members[0]) if members else None
            tgz = handle.read() if handle else None
    if tgz is None:
        raise ValueError("no _jsii/*.jsii.tgz in the package")
    return read_tarball(tgz)


def read_tarball(tgz: bytes) -> tuple[dict, dict[str, str]]:
    """The assembly and generated JS from a ``.jsii.tgz`` (npm package layout)."""
    assembly: dict | None = None
    scripts: dict[str, str] = {}
    with tarfile.open(fileobj=io.BytesIO(tgz), mode="r:gz") as tar:
        for member in tar.getmembers():
            name = member.name.removeprefix("package/")
            handle = tar.extractfile(member) if member.isfile() else None
            if handle is None:
                continue
            if name == ".jsii":
                assembly = json.loads(handle.read())
            elif name.endswith(".generated.js"):
                scripts[name] = handle.read().decode("utf-8")
    if assembly is None:
        raise ValueError("no package/.jsii in the tarball")
    return assembly, scripts


def _functions(script: str) -> dict[str, str]:
    return {m.group(1): m.group(2) for m in _FUNCTION.finditer(script)}


def _lcfirst(text: str) -> str:
    return text[:1].lower() + text[1:]


class _Assembly:
    """One assembly's types and scripts, with the lookups extraction needs."""

    def __init__(self, assembly: Mapping[str, Any], scripts: Mapping[str, str]) -> None:
        self.types: Mapping[str, Any] = assembly.get("types", {})
        self.prefixes = sorted(
            (f"{name}." for name in (assembly.get("name", ""), *assembly.get("submodules", {}))),
            key=len,
            reverse=True,
        )
        self.functions: dict[str, dict[str, str]] = {}
        self.type_names: dict[str, dict[str, str]] = {}
        self.classes: dict[str, dict[str, str]] = {}
        for path, script in scripts.items():
            key = path.removesuffix(".js")
            self.functions[key] = _functions(script)
            self.type_names[key] = dict(_TYPE_NAME.findall(script))
            self.classes[key] = {m.group(1): m.group(2) for m in _CLASS.finditer(script)}

    def resources(self) -> Iterator[tuple[str, dict]]:
        for fqn in sorted(self.types):
            kind = self.types[fqn]
            if kind.get("kind") == "class" and kind.get("base") == RESOURCE_BASE:
                entry = self.resource(kind)
                if entry is not None:
                    yield entry

    def resource(self, cls: Mapping[str, Any]) -> tuple[str, dict] | None:
        module = cls["locationInModule"]["filename"].removesuffix(".ts")
        name = cls["name"]
        type_name = self.type_names.get(module, {}).get(name)
        if type_name is None:
            return None
        props = self.props_fqn(cls)
        entry: dict[str, Any] = {
            "attributes": sorted(set(_GETATT.findall(self.classes.get(module, {}).get(name, "")))),
            "properties": self.struct(props, module, set()) if props else {},
        }
        return type_name, entry

    def props_fqn(self, cls: Mapping[str, Any]) -> str | None:
        for parameter in cls.get("initializer", {}).get("parameters", []):
            if parameter.get("name") == "props":
                return parameter["type"].get("fqn")
        return None

    def local_name(self, fqn: str) -> list[str]:
        """``...ecs.datasource.RosInstances.FiltersProperty`` -> [RosInstances, FiltersProperty]."""
        for prefix in self.prefixes:
            if fqn.startswith(prefix):
                return fqn[len(prefix) :].split(".")
        return fqn.split(".")[1:]

    def struct(self, fqn: str, module: str, seen: set[str]) -> dict[str, dict]:
        """ROS name -> property description for one jsii data interface."""
        interface = self.types[fqn]
        parts = self.local_name(fqn)
        functions = self.functions.get(module, {})
        mapper = functions.get(_lcfirst("".join(parts)) + "ToRosTemplate", "")
        ros_names = {camel: ros for ros, camel in _MAPPED.findall(mapper)}
        checks = _checks(functions.get("_".join(parts) + "Validator", ""))
        result: dict[str, dict] = {}
        for prop in interface.get("properties", []):
            camel = prop["name"]
            ros = ros_names.get(camel)
            if ros is None:
                continue  # not rendered into the template: not a ROS property
            described = self.shape(prop["type"], module, seen | {fqn})
            if not prop.get("optional"):
                described["required"] = True
            described.update(checks.get(camel, {}))
            result[ros] = described
        return dict(sorted(result.items()))

    def shape(self, ref: Mapping[str, Any], module: str, seen: set[str]) -> dict[str, Any]:
        """A jsii type reference as ``{"type": ...}`` (IResolvable, i.e. a function, dropped)."""
        if "union" in ref:
            options = [t for t in ref["union"]["types"] if t.get("fqn") != RESOLVABLE]
            shapes = []
            for option in options:
                item = self.shape(option, module, seen)
                if item not in shapes:
                    shapes.append(item)
            if len(shapes) == 1:
                return shapes[0]
            return {"type": "union", "of": shapes} if shapes else {"type": "any"}
        if "primitive" in ref:
            return {"type": ref["primitive"]}
        if "collection" in ref:
            kind = "list" if ref["collection"]["kind"] == "array" else "map"
            items = self.shape(ref["collection"]["elementtype"], module, seen)
            return {"type": kind, "items": items}
        fqn = ref.get("fqn", "")
        if fqn == CORE + "RosTag":
            return json.loads(json.dumps(ROS_TAG))
        target = self.types.get(fqn)
        if target and target.get("datatype") and fqn not in seen:
            return {"type": "struct", "properties": self.struct(fqn, module, seen)}
        return {"type": "any"}


def _checks(validator: str) -> dict[str, dict[str, Any]]:
    """camelCase name -> allowed/min/max/minLength/maxLength/pattern from a validator."""
    found: dict[str, dict[str, Any]] = {}
    for camel, check, body in _CHECK.findall(validator):
        fields = dict(_FIELD.findall(body))
        into = found.setdefault(camel, {})
        if check == "validateAllowedValues":
            values = _js_value(fields.get("allowedValues", ""))
            if isinstance(values, list):
                into["allowed"] = values
        elif check == "validateAllowedPattern":
            match = re.fullmatch(r"/(.*)/(\w*)", fields.get("reg", ""))
            if match and not match.group(2):
                into["pattern"] = match.group(1)
        else:
            keys = ("min", "max") if check == "validateRange" else ("minLength", "maxLength")
            for key, field in zip(keys, ("min", "max"), strict=True):
                value = _js_value(fields.get(field, "undefined"))
                if isinstance(value, int | float) and not isinstance(value, bool):
                    into[key] = value
    return found


def _js_value(text: str) -> Any:
    """A JS literal the generator wrote (JSON-compatible), or None."""
    try:
        return json.loads(text)
    except ValueError:
        return None


def extract_assembly(assembly: Mapping[str, Any], scripts: Mapping[str, str]) -> dict[str, dict]:
    """``{ROS type name: {"attributes": [...], "properties": {...}}}`` for one assembly."""
    return dict(sorted(_Assembly(assembly, scripts).resources()))


def encode_spec(types: Mapping[str, dict], sources: Mapping[str, str]) -> bytes:
    """The shipped file: gzip (mtime 0, no name) of compact JSON with sorted keys.

    Each type's entry is stored as its own JSON text, so a reader parses the index once and
    decodes only the types a template uses.
    """
    document = {
        "format": FORMAT,
        "sources": dict(sorted(sources.items())),
        "types": {name: _compact(types[name]) for name in sorted(types)},
    }
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0, filename="", compresslevel=9) as out:
        out.write(_compact(document).encode("utf-8"))
        out.write(b"\n")
    return buffer.getvalue()


def _compact(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
