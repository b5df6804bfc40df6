"""Parsers for single variable values: each returns the typed value or raises BadValue."""

from __future__ import annotations

import ipaddress
import re
import shlex
from urllib.parse import urlsplit

from nestgen.hubconfig.errors import BadValue
from nestgen.hubconfig.model import Constraint, Gpu, SuffixRule

_TRUE = {"true", "yes", "on", "1"}
_FALSE = {"false", "no", "off", "0"}
_BYTES = re.compile(r"^(\d+(?:\.\d+)?)([KMGT])$")
_UNITS = {"K": 1024, "M": 1024**2, "G": 1024**3, "T": 1024**4}
_HOST_LABEL = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_LABEL_KEY = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?$")
_IMAGE = re.compile(
    r"^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*(?::\d+)?/)?"  # optional registry host[:port]/
    r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*"
    r"(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$"
)
_FIXED_KEYS = ("node.id", "node.hostname", "node.role", "node.platform.os", "node.platform.arch")
_LABEL_PREFIXES = ("node.labels.", "engine.labels.")
_DEVICE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9:._-]*$")

CONSTRAINT_KEYS = ", ".join((*_FIXED_KEYS, "node.labels.KEY", "engine.labels.KEY"))


def boolean(text: str) -> bool:
    """true/false, yes/no, on/off, 1/0 (any case); nothing else."""
    lowered = text.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise BadValue("a boolean: true or false (also yes/no, on/off, 1/0)")


def integer(text: str, minimum: int | None = None, maximum: int | None = None) -> int:
    """A whole number within the given bounds."""
    bounds = _bounds_text(minimum, maximum)
    try:
        value = int(text.strip(), 10)
    except ValueError:
        raise BadValue(f"a whole number{bounds}") from None
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        raise BadValue(f"a whole number{bounds}")
    return value


def _bounds_text(minimum: int | None, maximum: int | None) -> str:
    if minimum is not None and maximum is not None:
        return f" from {minimum} to {maximum}"
    if minimum is not None:
        return f" >= {minimum}"
    return ""


def port(text: str) -> int:
    """A TCP port."""
    return integer(text, 1, 65535)


def cpu(text: str) -> float:
    """A CPU count: a number >= 0 (fractions allowed)."""
    try:
        value = float(text.strip())
    except ValueError:
        raise BadValue("a number of CPUs >= 0, such as 2 or 0.5") from None
    if not value >= 0 or value == float("inf"):
        raise BadValue("a number of CPUs >= 0, such as 2 or 0.5")
    return value


def byte_size(text: str) -> str:
    """A size in JupyterHub's grammar: a number and an upper-case K, M, G or T."""
    value = text.strip()
    if not _BYTES.match(value):
        raise BadValue("a size such as 512M, 4G or 1.5G (upper-case K, M, G or T; no 'i' or 'B')")
    return value


def byte_count(size: str) -> int:
    """The number of bytes a valid size stands for (as JupyterHub computes it)."""
    match = _BYTES.match(size)
    if match is None:
        raise BadValue("a size such as 4G")
    return int(float(match.group(1)) * _UNITS[match.group(2)])


def choice(text: str, options: tuple[str, ...]) -> str:
    """One of ``options`` (case-insensitive), returned in its canonical spelling."""
    lowered = text.strip().lower()
    if lowered not in options:
        raise BadValue("one of " + ", ".join(options))
    return lowered


def host(text: str) -> str:
    """A host name (RFC 1123) or an IP address."""
    value = text.strip()
    if is_host(value):
        return value
    raise BadValue("a host name or IP address, such as 10.0.0.10 or nas.example.com")


def is_host(value: str) -> bool:
    """Whether ``value`` is an IP address or a valid host name."""
    try:
        ipaddress.ip_address(value)
        return True
    except ValueError:
        pass
    labels = value.rstrip(".").split(".")
    return bool(value) and len(value) <= 253 and all(_HOST_LABEL.match(p) for p in labels)


def http_url(text: str) -> str:
    """An http(s) URL with a host, such as http://proxy:8001."""
    value = text.strip()
    expected = "an http:// or https:// URL with a host, such as http://proxy:8001"
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError:
        raise BadValue(expected) from None
    if parts.scheme not in ("http", "https") or not parts.hostname or not is_host(parts.hostname):
        raise BadValue(expected)
    return value


def absolute_path(text: str) -> str:
    """An absolute path inside the container."""
    value = text.strip()
    if not value.startswith("/") or "\n" in value or "\x00" in value:
        raise BadValue("an absolute path inside the container, such as /data/file")
    return value


def directory(text: str) -> str:
    """An absolute directory inside the container, without a trailing '/'."""
    return absolute_path(text).rstrip("/") or "/"


def subpath(text: str) -> str:
    """A path below the notebook directory: starts with '/', no '..' parts."""
    value = text.strip()
    if not value.startswith("/") or ".." in value.split("/"):
        raise BadValue("a path starting with '/' and without '..', such as /persistence")
    return value.rstrip("/") or "/"


def image(text: str) -> str:
    """A Docker image reference such as jupyter/base-notebook:notebook-6.5.4."""
    value = text.strip()
    if not _IMAGE.match(value):
        raise BadValue("a Docker image reference such as jupyter/base-notebook:notebook-6.5.4")
    return value


def name_list(text: str) -> tuple[str, ...]:
    """Comma-separated names without spaces; at least one."""
    names = tuple(part.strip() for part in text.split(",") if part.strip())
    if not names or any(any(ch.isspace() for ch in n) for n in names):
        raise BadValue("one or more names separated by ',', such as admin,alice")
    return names


def constraint(text: str) -> Constraint:
    """One placement constraint with a full key: node.labels.K==V, node.role!=worker, ..."""
    expected = f"a constraint KEY==VALUE or KEY!=VALUE with a full key ({CONSTRAINT_KEYS})"
    value = text.strip()
    match = re.match(r"^([^=!]+?)\s*(==|!=)\s*(.+)$", value)
    if match is None:
        raise BadValue(expected)
    key, op, wanted = match.group(1).strip(), match.group(2), match.group(3).strip()
    if not _valid_constraint_key(key):
        hint = f" (did you mean node.labels.{key}?)" if "." not in key else ""
        raise BadValue(f"{expected}; got key {key!r}{hint}")
    if "=" in wanted or "!" in wanted or any(ch.isspace() for ch in wanted):
        raise BadValue(expected)
    if key == "node.role" and wanted not in ("manager", "worker"):
        raise BadValue("node.role is compared with manager or worker")
    return Constraint(key, op, wanted)


def _valid_constraint_key(key: str) -> bool:
    if key in _FIXED_KEYS:
        return True
    return any(
        key.startswith(prefix) and bool(_LABEL_KEY.match(key[len(prefix) :]))
        for prefix in _LABEL_PREFIXES
    )


def constraints(text: str) -> tuple[Constraint, ...]:
    """Comma-separated constraints."""
    return tuple(constraint(part) for part in text.split(",") if part.strip())


def preferences(text: str) -> tuple[tuple[str, str], ...]:
    """Comma-separated ``spread:LABEL`` placement preferences."""
    expected = "preferences spread:LABEL separated by ',', such as spread:node.labels.zone"
    result = []
    for part in (p.strip() for p in text.split(",") if p.strip()):
        strategy, _, label = part.partition(":")
        if strategy.strip() != "spread" or not _label_descriptor(label.strip()):
            raise BadValue(expected)
        result.append(("spread", label.strip()))
    return tuple(result)


def _label_descriptor(label: str) -> bool:
    return any(
        label.startswith(p) and bool(_LABEL_KEY.match(label[len(p) :])) for p in _LABEL_PREFIXES
    )


def platforms(text: str) -> tuple[tuple[str, str], ...]:
    """Comma-separated ``arch:os`` platforms, such as x86_64:linux."""
    expected = "platforms ARCH:OS separated by ',', such as x86_64:linux,aarch64:linux"
    result = []
    for part in (p.strip() for p in text.split(",") if p.strip()):
        arch, sep, os_name = (s.strip() for s in part.partition(":"))
        if not sep or not re.match(r"^[a-z0-9_]+$", arch) or not re.match(r"^[a-z0-9_]+$", os_name):
            raise BadValue(expected)
        result.append((arch, os_name))
    return tuple(result)


def gpu(text: str) -> Gpu:
    """A GPU request: a positive count, all (or -1), or device_id=ID[,ID...]."""
    value = text.strip()
    expected = "GPUs as a positive count, all (or -1), or device_id=ID[,ID...]"
    if value.lower() in ("all", "-1"):
        return Gpu("all")
    if value.startswith("device_id="):
        ids = tuple(i.strip() for i in value[len("device_id=") :].split(","))
        if not ids or not all(_DEVICE_ID.match(i) for i in ids):
            raise BadValue(expected)
        return Gpu("devices", devices=ids)
    try:
        count = int(value, 10)
    except ValueError:
        raise BadValue(expected) from None
    if count < 1:
        raise BadValue(f"{expected}; 0 and negative counts never schedule")
    return Gpu("count", count=count)


def environment(text: str) -> tuple[tuple[str, str], ...]:
    """``A:1;B:2``: split on ';', then on the first ':' so URLs in values survive."""
    result: dict[str, str] = {}
    for part in (p for p in text.split(";") if p.strip()):
        name, sep, value = part.partition(":")
        name = name.strip()
        if not sep or not _ENV_NAME.match(name) or name in result:
            raise BadValue("NAME:VALUE pairs separated by ';' with distinct names, such as A:1;B:2")
        result[name] = value
    return tuple(result.items())


def command(text: str) -> tuple[str, ...]:
    """A command line split with shell rules."""
    try:
        parts = tuple(shlex.split(text))
    except ValueError:
        raise BadValue("a command line with balanced quotes, such as start-singleuser.sh") from None
    if not parts:
        raise BadValue("a non-empty command, such as start-singleuser.sh")
    return parts


def token(text: str) -> str:
    """A shared secret: non-empty, no whitespace."""
    value = text.strip()
    if not value or any(ch.isspace() for ch in value):
        raise BadValue("a token without spaces (such as the output of: openssl rand -hex 32)")
    return value


def network(text: str) -> str:
    """A Docker network name."""
    value = text.strip()
    if not re.match(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", value):
        raise BadValue("a Docker network name such as jupyterhub_network")
    return value


TEMPLATE_FIELDS = ("username", "safe_username", "raw_username", "servername", "prefix", "imagename")


def template(text: str, pattern: str, expected: str) -> str:
    """A string with DockerSpawner fields ({username}, ...) that, rendered, matches ``pattern``."""
    value = text.strip()
    sample = {name: "bob-2dtorch" for name in TEMPLATE_FIELDS}
    try:
        rendered = value.format(**sample)
    except (KeyError, IndexError, ValueError):
        fields = ", ".join("{" + f + "}" for f in TEMPLATE_FIELDS)
        raise BadValue(f"{expected}; the only fields are {fields}") from None
    if not re.match(pattern, rendered):
        raise BadValue(expected)
    return value


def volume_name(text: str) -> str:
    """A volume name template such as jupyterhub-user-{username}."""
    return template(
        text, r"^[A-Za-z0-9][A-Za-z0-9_.-]+$", "a volume name such as jupyterhub-user-{username}"
    )


def nfs_device(text: str) -> str:
    """The exported path, with the leading ':' Docker's local driver wants."""
    return template(
        text, r"^:/\S*$", "an NFS export path with a leading ':', such as :/exports/{username}"
    )


def cifs_device(text: str) -> str:
    """The share as //HOST/SHARE[/PATH]."""
    return template(text, r"^//[^/\s]+/\S+$", "a CIFS share such as //server.example.com/backup")


def mount_options(text: str) -> str:
    """Extra mount options appended to addr=HOST: ',opt1,opt2=v' (a leading ',' is added)."""
    value = text.strip()
    if any(ch.isspace() for ch in value) or ",," in f",{value.lstrip(',')}":
        raise BadValue("mount options separated by ',' without spaces, such as ,rw,vers=3,nolock")
    return value if value.startswith(",") else f",{value}"


def _suffix(text: str) -> str:
    value = text.strip().lower()
    if not re.match(r"^[a-z0-9_.]+$", value):
        raise BadValue("a suffix of letters, digits, '_' or '.' (no '-')")
    return value


def suffix_rules(text: str) -> tuple[SuffixRule, ...]:
    """``suffix[:c1,c2]->image;...``."""
    expected = "rules SUFFIX[:CONSTRAINT,...]->IMAGE separated by ';'"
    rules: dict[str, SuffixRule] = {}
    for part in (p.strip() for p in text.split(";") if p.strip()):
        left, arrow, target = part.partition("->")
        if not arrow:
            raise BadValue(f"{expected}; {part!r} has no '->'")
        name, _, spec = left.partition(":")
        suffix = _suffix(name)
        if suffix in rules:
            raise BadValue(f"{expected}; suffix {suffix!r} appears twice")
        rules[suffix] = SuffixRule(suffix, image(target), constraints(spec) if spec else ())
    return tuple(rules.values())


def suffix_gpus(text: str) -> tuple[tuple[str, Gpu], ...]:
    """``suffix->gpus;...``."""
    result: dict[str, Gpu] = {}
    for part in (p.strip() for p in text.split(";") if p.strip()):
        name, arrow, spec = part.partition("->")
        suffix = _suffix(name)
        if not arrow or suffix in result:
            raise BadValue(
                "rules SUFFIX->GPUS separated by ';' with distinct suffixes, such as torch->1"
            )
        result[suffix] = gpu(spec)
    return tuple(result.items())
