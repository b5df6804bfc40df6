"""from_env: parse every variable, build the settings, check the cross-field rules."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from difflib import get_close_matches
from typing import Any
from urllib.parse import urlsplit

from nestgen.hubconfig import values
from nestgen.hubconfig.envfile import EnvFile
from nestgen.hubconfig.errors import BadValue, HubConfigError, Problem
from nestgen.hubconfig.model import (
    AuthSettings,
    HubSettings,
    Persistence,
    ProxySettings,
    ServerSettings,
    SpawnerSettings,
    SuffixRule,
    api_port_of,
)
from nestgen.hubconfig.variables import NFS_DEFAULT_OPTS, PREFIXES, VARIABLES, shown

Parsed = dict[str, Any]


def given(environ: Mapping[str, str]) -> dict[str, str]:
    """The recognised variables that are set to something other than blanks."""
    return {name: environ[name] for name in VARIABLES if environ.get(name, "").strip()}


def parse_all(raw: Mapping[str, str]) -> tuple[Parsed, list[Problem]]:
    """Parse each variable (or its default); a bad value is a Problem, never an exception."""
    parsed: Parsed = {}
    problems = []
    for name, var in VARIABLES.items():
        text = raw.get(name, var.default)
        if text is None:
            parsed[name] = None
            continue
        try:
            parsed[name] = var.parse(text)
        except BadValue as exc:
            problems.append(Problem(name, shown(name, text), exc.expected))
    return parsed, problems


def load(environ: Mapping[str, str], *, swarm: bool = True) -> HubSettings:
    """Parse, validate and build; raise HubConfigError naming every bad variable.

    When ``environ`` is an EnvFile, every problem and warning names the line that set it.
    """
    raw = given(environ)
    parsed, problems = parse_all(raw)
    failed = {p.variable for p in problems}
    _resolve_defaults(parsed, raw)
    for rule in (*SWARM_RULES, *RULES) if swarm else RULES:
        problems.extend(p for p in rule(parsed, raw) if not failed & _involved(p))
    misspelt = misspellings(environ)
    if problems:
        problems = [_placed(p, environ, misspelt) for p in problems]
        explained = {p.variable for p in problems}
        rest = {n: s for n, s in misspelt.items() if s not in explained}
        raise HubConfigError(problems, _warnings(environ, parsed, rest))
    return _build(parsed, raw, _warnings(environ, parsed, misspelt))


def misspellings(environ: Mapping[str, str]) -> dict[str, str | None]:
    """Unknown names with a hub prefix -> the declared name they most resemble (or None)."""
    unknown = sorted(n for n in environ if n.startswith(PREFIXES) and n not in VARIABLES)
    return {n: next(iter(get_close_matches(n, VARIABLES, n=1, cutoff=0.8)), None) for n in unknown}


def _where(environ: Mapping[str, str], name: str) -> str:
    return f"{environ.where(name)}: " if isinstance(environ, EnvFile) else ""


def _placed(
    problem: Problem, environ: Mapping[str, str], misspelt: dict[str, str | None]
) -> Problem:
    """The problem with its env file line and, if a misspelt name was set instead, a hint."""
    hints = [
        f"{_where(environ, name)}{name} is not a hub setting: did you mean {meant}?"
        for name, meant in misspelt.items()
        if meant == problem.variable
    ]
    location = environ.where(problem.variable) if isinstance(environ, EnvFile) else None
    return replace(problem, location=location, hint="; ".join(hints))


def _involved(problem: Problem) -> set[str]:
    """The variable and those a rule's message names in `backticks`."""
    return {problem.variable, *problem.expected.split("`")[1::2]}


def _resolve_defaults(parsed: Parsed, raw: Mapping[str, str]) -> None:
    """Defaults that depend on other variables."""
    should_start = parsed.get("PROXY_SHOULD_START", True)
    if parsed.get("HUB_HUB_PORT") is None and "HUB_HUB_PORT" not in raw:
        # the seed's 8001 collides with the proxy's API when the hub starts the proxy
        parsed["HUB_HUB_PORT"] = 8081 if should_start is not False else 8001
    kind = parsed.get("SPAWNER_PERSISTENCE_VOLUME_TYPE")
    if parsed.get("SPAWNER_PERSISTENCE_NFS_OPTS") is None and kind in NFS_DEFAULT_OPTS:
        parsed["SPAWNER_PERSISTENCE_NFS_OPTS"] = NFS_DEFAULT_OPTS[kind]


def _problem(parsed: Parsed, raw: Mapping[str, str], name: str, expected: str) -> Problem:
    text = raw.get(name)
    return Problem(name, None if text is None else shown(name, text), expected)


def _rule_external_proxy(parsed: Parsed, raw: Mapping[str, str]) -> list[Problem]:
    if parsed.get("PROXY_SHOULD_START") is not False:
        return []
    why = "required when `PROXY_SHOULD_START` is False (the proxy runs elsewhere)"
    return [
        _problem(parsed, raw, name, why)
        for name in ("PROXY_API_URL", "CONFIGPROXY_AUTH_TOKEN")
        if name in VARIABLES and parsed.get(name) is None and name not in raw
    ]


def _rule_ports(parsed: Parsed, raw: Mapping[str, str]) -> list[Problem]:
    hub_port, port = parsed.get("HUB_HUB_PORT"), parsed.get("HUB_PORT")
    url = parsed.get("PROXY_API_URL")
    api_port = api_port_of(url)
    problems = []
    if parsed.get("PROXY_SHOULD_START") is not False:
        why = (
            f"a port other than {api_port}: with `PROXY_SHOULD_START` True the proxy's API "
            "listens there (`PROXY_API_URL`)"
        )
        for name, value in (("HUB_HUB_PORT", hub_port), ("HUB_PORT", port)):
            if value == api_port:
                problems.append(_problem(parsed, raw, name, why))
    else:
        problems.extend(_external_proxy_ports(parsed, raw, api_port))
    if hub_port is not None and hub_port == port:
        # blame the one that was set (HUB_HUB_PORT's default follows PROXY_SHOULD_START)
        name, other = (
            ("HUB_HUB_PORT", "HUB_PORT") if "HUB_HUB_PORT" in raw else ("HUB_PORT", "HUB_HUB_PORT")
        )
        problems.append(_problem(parsed, raw, name, f"a port other than `{other}` ({port})"))
    return problems


def _external_proxy_ports(parsed: Parsed, raw: Mapping[str, str], api_port: int) -> list[Problem]:
    """An external proxy serves users on HUB_PORT and its API on PROXY_API_URL's port."""
    problems: list[Problem] = []
    url = parsed.get("PROXY_API_URL")
    if url is None:
        return problems
    if parsed.get("HUB_PORT") == api_port:
        name, other = ("HUB_PORT", "PROXY_API_URL")
        if "HUB_PORT" not in raw:
            name, other = other, name
        problems.append(
            _problem(
                parsed,
                raw,
                name,
                (
                    f"a port other than {api_port}: the proxy serves users on `HUB_PORT` and its "
                    f"API on the port of `PROXY_API_URL`, both {api_port}"
                ),
            )
        )
    host = urlsplit(url).hostname or ""
    hub_hosts = {parsed.get("HUB_CONNECT_IP"), "localhost", "127.0.0.1", "::1"}
    if host in hub_hosts and parsed.get("HUB_HUB_PORT") == api_port:
        name = "PROXY_API_URL"
        if "HUB_HUB_PORT" in raw:
            name = "HUB_HUB_PORT"
        elif "HUB_CONNECT_IP" in raw and host == parsed.get("HUB_CONNECT_IP"):
            name = "HUB_CONNECT_IP"
        problems.append(
            _problem(
                parsed,
                raw,
                name,
                (
                    f"a port other than {api_port}: `PROXY_API_URL` names the hub's own host "
                    f"({host}), where the hub listens on `HUB_HUB_PORT`"
                ),
            )
        )
    return problems


def _rule_ssl_pair(parsed: Parsed, raw: Mapping[str, str]) -> list[Problem]:
    key, cert = parsed.get("HUB_SSL_KEY"), parsed.get("HUB_SSL_CERT")
    if (key is None) == (cert is None):
        return []
    missing, other = (
        ("HUB_SSL_CERT", "HUB_SSL_KEY") if cert is None else ("HUB_SSL_KEY", "HUB_SSL_CERT")
    )
    return [_problem(parsed, raw, missing, f"required together with `{other}`")]


def _rule_guarantees(parsed: Parsed, raw: Mapping[str, str]) -> list[Problem]:
    problems = []
    cpu_limit, cpu_guarantee = parsed.get("SPAWNER_CPU_LIMIT"), parsed.get("SPAWNER_CPU_GUARANTEE")
    if cpu_limit and cpu_guarantee is not None and cpu_guarantee > cpu_limit:
        problems.append(
            _problem(
                parsed, raw, "SPAWNER_CPU_GUARANTEE", f"at most `SPAWNER_CPU_LIMIT` ({cpu_limit:g})"
            )
        )
    mem_limit, mem_guarantee = parsed.get("SPAWNER_MEM_LIMIT"), parsed.get("SPAWNER_MEM_GUARANTEE")
    if (
        mem_limit
        and mem_guarantee
        and values.byte_count(mem_guarantee) > values.byte_count(mem_limit)
    ):
        problems.append(
            _problem(
                parsed, raw, "SPAWNER_MEM_GUARANTEE", f"at most `SPAWNER_MEM_LIMIT` ({mem_limit})"
            )
        )
    return problems


def _rule_volume_options(parsed: Parsed, raw: Mapping[str, str]) -> list[Problem]:
    kind = parsed.get("SPAWNER_PERSISTENCE_VOLUME_TYPE")
    family = {"nfs3": "NFS", "nfs4": "NFS", "cifs": "CIFS"}.get(kind or "")
    if family is None:
        return []
    why = f"required when `SPAWNER_PERSISTENCE_VOLUME_TYPE` is {kind}"
    names = (f"SPAWNER_PERSISTENCE_{family}_HOST", f"SPAWNER_PERSISTENCE_{family}_DEVICE")
    return [_problem(parsed, raw, n, why) for n in names if n not in raw]


def _rule_suffix_gpus(parsed: Parsed, raw: Mapping[str, str]) -> list[Problem]:
    gpus = parsed.get("SPAWNER_CONSTRAINT_WITH_GPUS") or ()
    declared = {rule.suffix for rule in parsed.get("SPAWNER_CONSTRAINT_IMAGES") or ()}
    unknown = sorted(suffix for suffix, _ in gpus if suffix not in declared)
    if not unknown:
        return []
    listed = ", ".join(sorted(declared)) or "none"
    return [
        _problem(
            parsed,
            raw,
            "SPAWNER_CONSTRAINT_WITH_GPUS",
            (
                f"GPU rules only for suffixes declared in `SPAWNER_CONSTRAINT_IMAGES` ({listed}); "
                f"undeclared: {', '.join(unknown)}"
            ),
        )
    ]


def _rule_network(parsed: Parsed, raw: Mapping[str, str]) -> list[Problem]:
    if "SPAWNER_NETWORK_NAME" in raw:
        return []
    return [
        _problem(
            parsed,
            raw,
            "SPAWNER_NETWORK_NAME",
            (
                "required for the Swarm hub: the attachable overlay network the hub and the "
                "users share (Helm values for the ACK service do not use it: check those "
                "settings with 'nestgen hub check --for helm')"
            ),
        )
    ]


Rule = Callable[[Parsed, Mapping[str, str]], list[Problem]]
# the proxy's address and the network only matter to the Swarm hub, not to Helm values
SWARM_RULES: tuple[Rule, ...] = (_rule_external_proxy, _rule_network)
RULES: tuple[Rule, ...] = (
    _rule_ports,
    _rule_ssl_pair,
    _rule_guarantees,
    _rule_volume_options,
    _rule_suffix_gpus,
)


def _warnings(
    environ: Mapping[str, str], parsed: Parsed, misspelt: Mapping[str, str | None]
) -> tuple[str, ...]:
    notes = []
    if parsed.get("SPAWNER_REMOVE") is False:
        notes.append(
            f"{_where(environ, 'SPAWNER_REMOVE')}SPAWNER_REMOVE=False is ignored: SwarmSpawner "
            "always removes the service when a server stops; the named volume and its files persist"
        )
    kind = parsed.get("SPAWNER_PERSISTENCE_VOLUME_TYPE")
    for family, kinds in (("NFS", ("nfs3", "nfs4")), ("CIFS", ("cifs",))):
        unused = [
            n
            for n in VARIABLES
            if n.startswith(f"SPAWNER_PERSISTENCE_{family}_")
            and environ.get(n, "").strip()
            and kind not in kinds
        ]
        notes.extend(
            f"{_where(environ, n)}{n} is ignored: SPAWNER_PERSISTENCE_VOLUME_TYPE is {kind}"
            for n in unused
        )
    for name, meant in misspelt.items():
        guess = f"did you mean {meant}?" if meant else "misspelt?"
        notes.append(f"{_where(environ, name)}{name} is not a hub setting ({guess}); it is ignored")
    return tuple(notes)


SECTIONS = {
    "proxy": ProxySettings,
    "hub": ServerSettings,
    "spawner": SpawnerSettings,
    "auth": AuthSettings,
}


def _build(parsed: Parsed, raw: Mapping[str, str], warnings: tuple[str, ...]) -> HubSettings:
    """Each declared ``field`` gets its parsed value; DERIVED fields combine several."""
    kwargs: dict[str, dict[str, Any]] = {section: {} for section in SECTIONS}
    for var in VARIABLES.values():
        if var.field:
            section, attr = var.field.split(".")
            kwargs[section][attr] = parsed[var.name]
    for path, derive in DERIVED.items():
        section, attr = path.split(".")
        kwargs[section][attr] = derive(parsed)
    return HubSettings(
        **{section: cls(**kwargs[section]) for section, cls in SECTIONS.items()},
        warnings=warnings,
        source=tuple(sorted(raw.items())),
    )


def _build_persistence(p: Parsed) -> Persistence:
    kind = p["SPAWNER_PERSISTENCE_VOLUME_TYPE"]
    family = "CIFS" if kind == "cifs" else "NFS"
    remote = kind != "local"
    return Persistence(
        type=kind,
        source_name=p["SPAWNER_PERSISTENCE_VOLUME_SOURCE_NAME"],
        target_subpath=p["SPAWNER_PERSISTENCE_VOLUME_TARGET_SUBPATH"],
        host=p[f"SPAWNER_PERSISTENCE_{family}_HOST"] if remote else None,
        device=p[f"SPAWNER_PERSISTENCE_{family}_DEVICE"] if remote else None,
        options=(p[f"SPAWNER_PERSISTENCE_{family}_OPTS"] or "") if remote else "",
    )


def _suffix_rules(p: Parsed) -> tuple[SuffixRule, ...]:
    gpus = dict(p["SPAWNER_CONSTRAINT_WITH_GPUS"] or ())
    return tuple(
        SuffixRule(rule.suffix, rule.image, rule.constraints, gpus.get(rule.suffix))
        for rule in p["SPAWNER_CONSTRAINT_IMAGES"] or ()
    )


# fields built from several variables (those variables declare no ``field``)
DERIVED: dict[str, Callable[[Parsed], Any]] = {
    "spawner.persistence": _build_persistence,
    "spawner.suffix_rules": _suffix_rules,
}
