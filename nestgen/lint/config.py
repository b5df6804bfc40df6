"""Lint settings: ignored rules and the locale policy, from files or the command line.

Looked up, nearest first, from the current folder upwards: ``.nestgen.yaml`` (key
``lint``) or ``pyproject.toml`` (table ``[tool.nestgen.lint]``, or the same keys directly in
``[tool.nestgen]``).  A template can add its
own ignores under ``Metadata: {nestgen: {lint: {ignore: [...]}}}``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from nestgen.errors import InputError, Location, UsageError

LOCALE_POLICIES = ("partial", "strict", "off")
LINT_KEYS = frozenset({"ignore", "locales", "locale-policy", "locale_policy"})
# Rules re-graded by what ROS and Compute Nest do (docs/lint.md): a former id in an ignore
# list still means its rule.
FORMER_IDS = {
    "E0001": "W0001",
    "W2010": "I2010",
    "W2011": "I2011",
    "E2012": "W2012",
    "E3009": "W3009",
    "E3011": "W3011",
    "E4001": "W4001",
    "E4002": "W4002",
    "E4003": "W4003",
    "E4006": "W4006",
    "E4008": "W4008",
    "E4009": "W4009",
    "E5003": "W5003",
    "E6004": "W6004",
}


@dataclass(frozen=True)
class LintConfig:
    """What to check and how strictly.

    ``locale_policy``: ``partial`` asks that a text given as a locale map carries every
    locale in ``locales`` (a ``default``-only map and plain strings pass); ``strict`` also
    flags plain strings; ``off`` skips locale completeness.
    """

    ignore: tuple[str, ...] = ()
    locales: tuple[str, ...] = ("en", "zh-cn")
    locale_policy: str = "partial"

    def ignores(self, rule_id: str) -> bool:
        """True when ``rule_id`` matches an ignored id or id prefix."""
        return any(rule_id.startswith(prefix) for prefix in self.ignore)

    def with_ignores(self, extra: Iterable[str]) -> LintConfig:
        """A copy that also ignores ``extra``."""
        return replace(self, ignore=tuple(dict.fromkeys((*self.ignore, *extra))))


def split_ids(values: Iterable[str]) -> list[str]:
    """``["E1,W2", " I0001"]`` -> ``["E1", "W2", "I0001"]`` (upper-cased, blanks dropped).

    A former id of a re-graded rule becomes its current id (``E4001`` -> ``W4001``).
    """
    ids = [part.strip().upper() for value in values for part in value.split(",") if part.strip()]
    return [FORMER_IDS.get(i, i) for i in ids]


def check_ids(ids: Iterable[str], known: Iterable[str], where: str) -> None:
    """Raise :class:`UsageError` for an id (or prefix) that matches no rule."""
    known = list(known)
    unknown = [i for i in ids if not any(k.startswith(i) for k in known)]
    if unknown:
        raise UsageError(f"{where}: unknown rule id(s): {', '.join(unknown)}")


def from_mapping(data: Mapping[str, Any], origin: str) -> LintConfig:
    """Build a config from a ``lint`` settings mapping; bad values are input errors."""
    extra = sorted(set(data) - LINT_KEYS)
    if extra:
        raise InputError(
            f"unknown lint setting(s): {', '.join(map(str, extra))}", location=Location(origin)
        )
    ignore = data.get("ignore", [])
    locales = data.get("locales", ["en", "zh-cn"])
    policy = data.get("locale-policy", data.get("locale_policy", "partial"))
    if not _is_str_list(ignore) or not _is_str_list(locales):
        raise InputError(
            "'ignore' and 'locales' must be lists of strings", location=Location(origin)
        )
    if policy not in LOCALE_POLICIES:
        raise InputError(
            f"locale-policy must be one of {', '.join(LOCALE_POLICIES)}", location=Location(origin)
        )
    return LintConfig(tuple(split_ids(ignore)), tuple(locales), policy)


def _is_str_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _read_pyproject(path: Path) -> Mapping[str, Any] | None:
    import tomllib  # only when a pyproject.toml is read

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"cannot read settings: {exc}", location=Location(str(path))) from None
    tool = data.get("tool", {}).get("nestgen", {})
    section = tool.get("lint") if isinstance(tool, dict) else None
    if isinstance(section, dict):
        return section
    # Lint keys may also sit directly in [tool.nestgen], beside other commands' settings.
    flat = {k: v for k, v in tool.items() if k in LINT_KEYS} if isinstance(tool, dict) else {}
    return flat or None


def _read_nestgen_yaml(path: Path) -> Mapping[str, Any] | None:
    from nestgen.yamlio import load_file

    data = load_file(path).data
    section = data.get("lint") if isinstance(data, dict) else None
    return section if isinstance(section, dict) else None


def load_config(start: Path | None = None, explicit: Path | None = None) -> LintConfig:
    """The settings from ``explicit``, or the nearest settings file above ``start``."""
    if explicit is not None:
        if not explicit.is_file():
            raise UsageError(f"no such settings file: {explicit}")
        reader = _read_pyproject if explicit.suffix == ".toml" else _read_nestgen_yaml
        section = reader(explicit)
        return from_mapping(section or {}, str(explicit))
    folder = (start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        for name, reader in (
            (".nestgen.yaml", _read_nestgen_yaml),
            ("pyproject.toml", _read_pyproject),
        ):
            path = candidate / name
            if path.is_file():
                section = reader(path)
                if section is not None:
                    return from_mapping(section, str(path))
    return LintConfig()
