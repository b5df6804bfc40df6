"""Resources checked against the ROS resource-type spec: one walk, problems by kind.

Each resource's ``Properties`` are compared with its type's description
(:mod:`nestgen.rosspec.spec`): unknown keys, missing required keys, values of the wrong
shape (text or number, list, mapping, a struct's own keys) and literals outside the
allowed values, range, length or pattern.  A function (``Ref``, ``Fn::*``) may stand for
any value, except that each branch of an ``Fn::If`` is checked as if it were written in
its place.  Strings holding a ``{{ computenest::... }}`` placeholder are filled in by
Compute Nest before ROS sees them, so their contents are not checked.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from nestgen.rosvalues import as_number
from nestgen.suggest import closest

if TYPE_CHECKING:
    from nestgen.rosspec.spec import ResourceType, Spec

# Kinds of problem, one rule each.
UNKNOWN_TYPE = "type"
UNCHECKED_MODULE = "module"
UNKNOWN_PROPERTY = "property"
LEGACY_PROPERTY = "legacy"
MODULE_NAME = "module-name"  # a property or attribute no published use of the module shows
MISSING = "required"
SHAPE = "shape"
VALUE = "value"
ATTRIBUTE = "attribute"

CUSTOM_RESOURCE = "ALIYUN::ROS::CustomResource"
# GetAtt on these reads outputs their author chose (a nested stack's, a custom resource's).
OPEN_ATTRIBUTES = frozenset({"ALIYUN::ROS::Stack", CUSTOM_RESOURCE})
CHECKED_FAMILIES = ("ALIYUN::", "DATASOURCE::")
NO_VALUE = "ALIYUN::NoValue"
ALLOWED_SHOWN = 8

Path = tuple[Any, ...]


@dataclass(frozen=True)
class Problem:
    """One finding of the resource walk, before it becomes a rule's hit."""

    kind: str
    path: Path
    message: str
    value: bool = False


def is_function(value: Any) -> bool:
    """True for ``{Ref: ...}`` or ``{Fn::X: ...}``: a value ROS computes."""
    if isinstance(value, dict) and len(value) == 1:
        key = next(iter(value))
        return key == "Ref" or (isinstance(key, str) and key.startswith("Fn::"))
    return False


def resource_type(spec: Spec, type_name: str) -> ResourceType | None:
    """The spec's type (``Custom::X`` is a custom resource), or None."""
    if type_name.startswith("Custom::"):
        return spec.get(CUSTOM_RESOURCE)
    return spec.get(type_name)


def check_resources(resources: Mapping[Any, Any], spec: Spec) -> list[Problem]:
    """Every problem of every resource's type and properties."""
    problems: list[Problem] = []
    for name, resource in resources.items():
        if isinstance(resource, dict) and isinstance(resource.get("Type"), str):
            problems.extend(_resource(spec, name, resource))
    return problems


def _resource(spec: Spec, name: Any, resource: dict) -> Iterator[Problem]:
    type_name: str = resource["Type"]
    known = resource_type(spec, type_name)
    where: Path = ("Resources", name)
    if known is None:
        if type_name.startswith(CHECKED_FAMILIES):
            hint = _hint(type_name, spec.names(), cutoff=0.8)
            message = f"unknown resource type {type_name!r}{hint}"
            yield Problem(UNKNOWN_TYPE, (*where, "Type"), message, True)
        elif type_name.startswith("MODULE::"):
            message = f"module {type_name!r} is not in the ROS spec: its properties are not checked"
            yield Problem(UNCHECKED_MODULE, (*where, "Type"), message, True)
        return
    if known.properties is None:
        return
    properties = resource.get("Properties")
    if known.observed:
        yield from _observed(properties, known, where)
        return
    if properties is None:
        yield from _missing({}, known.properties, where, type_name)
    elif isinstance(properties, dict) and not is_function(properties):
        path = (*where, "Properties")
        yield from _struct(properties, known.properties, path, type_name, known.legacy)


def _observed(properties: Any, known: ResourceType, where: Path) -> Iterator[Problem]:
    """A module's properties against the names published templates give it."""
    if not isinstance(properties, dict) or is_function(properties):
        return
    spec = known.properties or {}
    for key in properties:
        if isinstance(key, str) and key not in spec and not key.startswith("Fn::"):
            message = (
                f"{known.name} property {key!r} is in no published use of the module"
                f"{_hint(key, spec)}: a typo, or one nestgen has not seen"
            )
            yield Problem(MODULE_NAME, (*where, "Properties", key), message)


def _struct(
    value: dict,
    spec: Mapping[str, dict],
    path: Path,
    owner: str,
    legacy: Mapping[str, str] | None = None,
) -> Iterator[Problem]:
    for key, item in value.items():
        if isinstance(key, str) and key.startswith("Fn::"):
            continue
        described = spec.get(key) if isinstance(key, str) else None
        if described is None:
            yield _unknown(str(key), spec, (*path, key), owner, legacy or {})
        else:
            yield from _value(item, described, (*path, key))
    yield from _missing(value, spec, path, owner)


def _unknown(
    key: str, spec: Mapping[str, dict], path: Path, owner: str, legacy: Mapping[str, str]
) -> Problem:
    """An error, unless ROS's history or a known spelling says ROS may take it."""
    if key in legacy:
        message = (
            f"{owner} property {key!r} is not in ROS's current spec (seen in {legacy[key]}): "
            "ROS may ignore it"
        )
        return Problem(LEGACY_PROPERTY, path, message)
    spelled = _spelling(key, spec)
    if spelled:
        message = f"{owner} spells this property {spelled!r}, not {key!r}"
        return Problem(LEGACY_PROPERTY, path, message)
    return Problem(UNKNOWN_PROPERTY, path, f"{owner} has no property {key!r}{_hint(key, spec)}")


def _spelling(key: str, spec: Mapping[str, dict]) -> str | None:
    """The known property ``key`` differs from only in case or underscores."""
    folded = key.replace("_", "").lower()
    return next((name for name in spec if name.replace("_", "").lower() == folded), None)


def _missing(value: dict, spec: Mapping[str, dict], path: Path, owner: str) -> Iterator[Problem]:
    absent = [
        name
        for name, described in spec.items()
        if described.get("required") and value.get(name) is None
    ]
    if absent:
        names = ", ".join(absent)
        plural = "properties" if len(absent) > 1 else "property"
        yield Problem(MISSING, path, f"{owner} needs the required {plural} {names}")


def _value(value: Any, described: dict, path: Path) -> Iterator[Problem]:
    if value is None:
        return
    if is_function(value):
        yield from _branches(value, described, path)
        return
    kind = described.get("type", "any")
    if kind == "union":
        fitting = [d for d in described.get("of", []) if _fits(value, d)]
        if fitting:
            yield from _value(value, fitting[0], path)
        else:
            wanted = " or ".join(sorted({_noun(d) for d in described.get("of", [])}))
            yield _shape(path, wanted, value)
    elif kind in ("any", "json"):
        return
    elif not _fits(value, described):
        yield _shape(path, _noun(described), value)
    elif kind == "list":
        yield from _length(value, described, path)
        items = described.get("items", {"type": "any"})
        for index, item in enumerate(value):
            yield from _value(item, items, (*path, index))
    elif kind == "map":
        items = described.get("items", {"type": "any"})
        for key, item in value.items():
            yield from _value(item, items, (*path, key))
    elif kind == "struct" and described.get("properties"):  # a struct of no keys: any
        yield from _struct(value, described["properties"], path, _last_name(path))
    else:
        yield from _literal(value, described, path)


def _branches(value: dict, described: dict, path: Path) -> Iterator[Problem]:
    """Each Fn::If branch stands where the function is; other functions may be anything."""
    arg = value.get("Fn::If")
    if isinstance(arg, list) and len(arg) == 3:
        for index in (1, 2):
            branch = arg[index]
            if not (isinstance(branch, dict) and branch.get("Ref") == NO_VALUE):
                yield from _value(branch, described, (*path, "Fn::If", index))


def _fits(value: Any, described: dict) -> bool:
    kind = described.get("type", "any")
    if kind in ("list",):
        return isinstance(value, list)
    if kind in ("map", "struct"):
        return isinstance(value, dict)
    if kind in ("string", "number", "boolean"):
        return not isinstance(value, list | dict)
    if kind == "union":
        return any(_fits(value, d) for d in described.get("of", []))
    return True


def _noun(described: dict) -> str:
    kind = described.get("type", "any")
    if kind == "list":
        return "a list"
    if kind in ("map", "struct"):
        return "a mapping"
    if kind in ("string", "number", "boolean"):
        return "a single value"
    return "any value"


def _shape(path: Path, wanted: str, value: Any) -> Problem:
    given = "a single value"
    if isinstance(value, list | dict):
        given = "a list" if isinstance(value, list) else "a mapping"
    return Problem(SHAPE, path, f"{_last_name(path)} takes {wanted}, not {given}", True)


def _literal(value: Any, described: dict, path: Path) -> Iterator[Problem]:
    if isinstance(value, str) and "{{" in value and "computenest::" in value:
        return
    name = _last_name(path)
    allowed = described.get("allowed")
    if isinstance(allowed, list) and not any(_same(value, a) for a in allowed):
        shown = ", ".join(map(_show, allowed[:ALLOWED_SHOWN]))
        more = ", ..." if len(allowed) > ALLOWED_SHOWN else ""
        message = f"{name} is {_show(value)}; ROS allows {shown}{more}"
        yield Problem(VALUE, path, message, True)
        return
    number = _number(value)
    low, high = described.get("min"), described.get("max")
    if number is not None and (
        (low is not None and number < low) or (high is not None and number > high)
    ):
        message = f"{name} is {_show(value)}; ROS allows {_bounds(low, high)}"
        yield Problem(VALUE, path, message, True)
    if isinstance(value, str):
        yield from _length(value, described, path)
        pattern = described.get("pattern")
        if isinstance(pattern, str) and not _matches(pattern, value):
            yield Problem(VALUE, path, f"{name} {_show(value)} does not match {pattern}", True)


def _length(value: str | list, described: dict, path: Path) -> Iterator[Problem]:
    low, high = described.get("minLength"), described.get("maxLength")
    size = len(value)
    if (low is not None and size < low) or (high is not None and size > high):
        unit = "item" if isinstance(value, list) else "character"
        unit += "" if size == 1 else "s"
        message = f"{_last_name(path)} has {size} {unit}; ROS allows {_bounds(low, high)}"
        yield Problem(VALUE, path, message, True)


def _matches(pattern: str, text: str) -> bool:
    import re

    from nestgen.patterns import pattern_matches

    try:
        return pattern_matches(pattern, text)
    except re.error:
        return True  # a JavaScript-only pattern: not checked


def _bounds(low: Any, high: Any) -> str:
    if low is not None and high is not None:
        return f"{low} to {high}"
    return f"at least {low}" if low is not None else f"at most {high}"


def _same(value: Any, allowed: Any) -> bool:
    """ROS compares after converting the text: 'true' is true, '12' is 12."""
    if isinstance(allowed, bool) or isinstance(value, bool):
        return str(value).lower() == str(allowed).lower()
    if isinstance(allowed, int | float):
        return _number(value) == allowed
    return str(value) == str(allowed)


def _number(value: Any) -> float | None:
    """A literal as ROS reads a number (the parameters' reading, nestgen.rosvalues)."""
    return as_number(value)


def _show(value: Any) -> str:
    if isinstance(value, str):
        return repr(value)
    return str(value).lower() if isinstance(value, bool) else str(value)


def _last_name(path: Path) -> str:
    names = [str(p) for p in path[3:] if not isinstance(p, int) and p != "Fn::If"]
    return ".".join(names) or str(path[1])


def _hint(name: str, known: Any, cutoff: float = 0.6) -> str:
    close = closest(name, known, cutoff=cutoff)
    return f" (did you mean {close!r}?)" if close and close != name else ""


def check_attributes(
    getatts: list[tuple[Path, str, str]], resources: Mapping[Any, Any], spec: Spec
) -> Iterator[Problem]:
    """``Fn::GetAtt`` / ``${Res.Attr}`` naming an attribute the resource's type lacks."""
    for path, target, attribute in getatts:
        resource = resources.get(target) if isinstance(target, str) else None
        type_name = resource.get("Type") if isinstance(resource, dict) else None
        if not isinstance(type_name, str) or type_name in OPEN_ATTRIBUTES:
            continue
        if type_name.startswith("Custom::"):
            continue
        known = spec.get(type_name)
        if known is None or known.attributes is None or attribute in known.attributes:
            continue
        hint = _hint(attribute, sorted(known.attributes))
        if known.observed:
            message = (
                f"{type_name} {target!r}: no published use of the module reads attribute "
                f"{attribute!r}{hint}"
            )
            yield Problem(MODULE_NAME, path, message, True)
        elif not type_name.startswith("MODULE::"):
            message = f"{type_name} {target!r} has no attribute {attribute!r}{hint}"
            yield Problem(ATTRIBUTE, path, message, True)
