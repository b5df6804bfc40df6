"""Load a service spec: YAML with positions, JSON Schema, cross-checks, then the model."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from nestgen import yamlio
from nestgen.errors import InputError, InputErrors, Location
from nestgen.imageinfo import MAX_LOGO_BYTES, logo_problem
from nestgen.ros.model import Text
from nestgen.ros.values import plain
from nestgen.spec.checks import group_entries, semantic_problems, valid_items
from nestgen.spec.images import KEEP, pinned_images, with_images
from nestgen.spec.lock import read_compose_pins, read_digests
from nestgen.spec.model import (
    LOCALES,
    RAW_SECTIONS,
    Artifact,
    ExtraParameter,
    GuideText,
    Link,
    Operation,
    OutputSpec,
    Permission,
    RawRos,
    Service,
    ServiceInfo,
    Spec,
    TemplateSpec,
    TestCase,
)
from nestgen.spec.placeholders import placeholder_problems
from nestgen.spec.problems import duplicate_key_problems, problem, sort_problems
from nestgen.spec.schema import invalid_prefixes, schema_problems, spec_schema

FILE_OPTIONS = {"helm": ("values",), "startup": ("compose", "script")}
DATA_DIR = Path(__file__).resolve().parent.parent / "data"
EMBEDDED_SPEC = DATA_DIR / "service_config" / "jupyterhub.yaml"


def load_spec(path: Path | None = None) -> Spec:
    """Load and check a spec (``None``: the embedded JupyterHub spec).

    Raises :class:`InputErrors` listing every problem as ``file:line:col: field: message``.
    """
    path = Path(path) if path is not None else EMBEDDED_SPEC
    try:
        doc = yamlio.load_file(path)
    except InputError as exc:
        raise InputErrors([exc]) from None
    problems = duplicate_key_problems(doc) + _document_problems(doc)
    if problems:
        raise InputErrors(sort_problems(problems))
    spec = _build(doc, path)
    problems = _config_clashes(doc, spec)
    if problems:
        raise InputErrors(problems)
    return spec


def _config_clashes(doc: yamlio.Document, spec: Spec) -> list[InputError]:
    """Raw ``config:`` fields may add to config.yaml, never repeat what the spec generates."""
    if not spec.config:
        return []
    from nestgen.package.config import config_clashes, render_config  # builds on the spec

    generated = render_config(replace(spec, config={}))
    found = []
    for path in config_clashes(generated, spec.config):
        dotted = ".".join(str(p) for p in path)
        message = f"{dotted} is generated from the spec; set it there, not under config"
        found.append(problem(doc, ("config", *path), message))
    return found


def _document_problems(doc: yamlio.Document) -> list[InputError]:
    if not isinstance(doc.data, dict):
        where = Location(doc.filename, 1, 1)
        return [InputError("a spec must be a YAML mapping", location=where)]
    found = schema_problems(doc, doc.data, spec_schema())
    invalid = invalid_prefixes(doc.data, spec_schema())
    found += semantic_problems(doc, invalid)
    base = Path(doc.filename).parent
    found += _file_problems(doc, base, invalid)
    return found + placeholder_problems(doc, base, invalid, clean=not found)


def _file_problems(
    doc: yamlio.Document, base: Path, invalid: set[tuple[Any, ...]]
) -> list[InputError]:
    """Files the spec names must exist (where the schema accepted the names)."""
    data = doc.data
    named: list[tuple[tuple[Any, ...], str]] = []
    if "hub_settings" in data and ("hub_settings",) not in invalid:
        named.append((("hub_settings",), data["hub_settings"]))
    service = data.get("service")
    if isinstance(service, dict) and "logo" in service and ("service", "logo") not in invalid:
        named.append((("service", "logo"), service["logo"]))
    for a_index, artifact in valid_items(data, "artifacts", invalid)[0]:
        if artifact.get("type") in ("file", "helmchart") and "path" in artifact:
            named.append((("artifacts", a_index, "path"), artifact["path"]))
    bad_targets = []
    if isinstance(data.get("files"), dict) and ("files",) not in invalid:
        named += [(("files", key), source) for key, source in data["files"].items()]
        bad_targets = [
            problem(doc, ("files", key), f"{key!r} is not a relative path inside the package")
            for key in data["files"]
            if key.startswith("/") or "\\" in key or ".." in key.split("/")
        ]
    for t_index, template in valid_items(data, "templates", invalid)[0]:
        for index, name, options in group_entries(template):
            for key in FILE_OPTIONS.get(name, ()):
                if key in options and isinstance(options[key], str):
                    path = ("templates", t_index, "groups", index, name, key)
                    named.append((path, options[key]))
    found = bad_targets + [
        problem(doc, path, f"no such file: {relative}", value=True)
        for path, relative in named
        if not (base / relative).is_file()
    ]
    logo = next((r for p, r in named if p == ("service", "logo")), None)
    if logo is not None and (base / logo).is_file():
        why = _logo_problem(base / logo)
        if why:
            found.append(problem(doc, ("service", "logo"), why, value=True))
    return found


def _logo_problem(path: Path) -> str | None:
    """Read no more than a logo may hold, then check its bytes."""
    with path.open("rb") as handle:
        data = handle.read(MAX_LOGO_BYTES + 1)
    return logo_problem(data, path.stat().st_size)


def _build(doc: yamlio.Document, path: Path) -> Spec:
    data = doc.data
    base = path.resolve().parent
    digests = read_digests(path.with_name(f"{path.stem}.lock.yaml"))
    compose = read_compose_pins(path.with_name(f"{path.stem}.lock.yaml"))
    spec = Spec(
        path=path.resolve(),
        name=data["name"],
        service=_service(data["service"], base),
        artifacts=tuple(_artifact(item, digests, base) for item in data.get("artifacts", [])),
        templates=tuple(
            _template(item, _origins(doc, index, item), compose.get(item["name"], {}))
            for index, item in enumerate(data["templates"])
        ),
        operations=tuple(_operation(item) for item in data.get("operations", [])),
        tests=tuple(
            TestCase(
                t["name"],
                t["template"],
                t.get("region", "cn-hangzhou"),
                dict(t["parameters"]),
                doc.locate(("tests", index)),
            )
            for index, t in enumerate(data.get("tests", []))
        ),
        hub_settings=(base / data["hub_settings"]).resolve() if "hub_settings" in data else None,
        docs=tuple(_guide(locale, data["docs"][locale]) for locale in LOCALES if "docs" in data),
        config=plain(data.get("config", {})),
        files={k: (base / v).resolve() for k, v in data.get("files", {}).items()},
        images=data.get("images", KEEP),
    )
    return with_images(spec, pinned_images(spec))


def _service(data: dict[str, Any], base: Path) -> Service:
    info = tuple(
        ServiceInfo(
            locale,
            data["info"][locale].get("name", ""),
            data["info"][locale].get("short_description", ""),
        )
        for locale in LOCALES
        if locale in data["info"]
    )
    return Service(
        type=data.get("type", "private"),
        deploy_type=data.get("deploy_type", "ros"),
        region=data.get("region", "cn-hangzhou"),
        info=info,
        logo=(base / data["logo"]).resolve() if "logo" in data else None,
    )


def _artifact(data: dict[str, Any], digests: dict[str, dict[str, str]], base: Path) -> Artifact:
    if "artifact_id" in data:
        return Artifact(
            key=data["key"],
            type=data["type"],
            artifact_id=data["artifact_id"],
            artifact_version=data.get("artifact_version", ""),
        )
    if data["type"] != "helmchart":
        return Artifact(
            key=data["key"],
            type=data["type"],
            image_id=data.get("image_id", ""),
            region=data.get("region", ""),
            regions=tuple(data.get("regions", ())),
            path=(base / data["path"]).resolve() if "path" in data else None,
            image=data.get("image", ""),
        )
    pinned = digests.get(data["key"], {})
    same = pinned.get("chart") == data["chart"] and str(pinned.get("version")) == data["version"]
    return Artifact(
        key=data["key"],
        type=data["type"],
        chart=data["chart"],
        version=data["version"],
        repository=data.get("repository", ""),
        digest=pinned.get("digest") if same else None,
        path=(base / data["path"]).resolve() if "path" in data else None,
        images=_lock_images(pinned.get("images")) if same else (),
    )


def _lock_images(found: Any) -> tuple[tuple[str, str], ...]:
    """The lock's ``images`` of a chart: (values path, pinned image), sorted."""
    if not isinstance(found, dict):
        return ()
    return tuple(sorted((str(path), str(image)) for path, image in found.items()))


def _origins(
    doc: yamlio.Document, index: int, data: dict[str, Any]
) -> dict[tuple[str, str], Location]:
    """Where each raw ROS part of template ``index`` is written in the spec."""
    return {
        (section.capitalize(), name): doc.locate(("templates", index, "ros", section, name))
        for section, body in data.get("ros", {}).items()
        if section in (*RAW_SECTIONS, "metadata")
        for name in body
    }


def _template(
    data: dict[str, Any], origins: dict[tuple[str, str], Location], pins: dict[str, str]
) -> TemplateSpec:
    label = data.get("parameters_label")
    return TemplateSpec(
        name=data["name"],
        file=data["file"],
        description=Text.from_mapping(data["description"]),
        regions=tuple(data.get("regions", ())),
        supplier=bool(data.get("supplier", False)),
        groups={name: plain(options) for _, name, options in group_entries(data)},
        parameters=tuple(_parameter(item) for item in data.get("parameters", [])),
        parameters_label=Text.from_mapping(label) if label else None,
        outputs=tuple(
            OutputSpec(o["name"], Text.from_mapping(o["description"]), plain(o["value"]))
            for o in data.get("outputs", [])
        ),
        raw=RawRos(**{k: plain(v) for k, v in data.get("ros", {}).items()}, origins=origins),
        label=Text.from_mapping(data["label"]) if "label" in data else None,
        images=tuple(sorted(pins.items())),
    )


def _parameter(data: dict[str, Any]) -> ExtraParameter:
    rest = {k: plain(v) for k, v in data.items() if k not in ("name", "type", "label")}
    return ExtraParameter(data["name"], data["type"], Text.from_mapping(data["label"]), rest)


def _guide(locale: str, data: dict[str, Any]) -> GuideText:
    prose = {k: data[k] for k in ("overview", "billing", "verification", "advanced") if k in data}
    return GuideText(
        locale=locale,
        permissions=tuple(Permission(p["policy"], p["note"]) for p in data.get("permissions", [])),
        links=tuple(Link(item["title"], item["url"]) for item in data.get("links", [])),
        **prose,
    )


def _operation(data: dict[str, Any]) -> Operation:
    described = data.get("description", data["name"])
    text = Text.from_mapping(described) if isinstance(described, dict) else None
    return Operation(
        template=data["template"],
        name=data["name"],
        description=text.en if text else described,
        parameters=tuple(data["parameters"]),
        label=Text.from_mapping(data["label"]) if "label" in data else None,
        description_text=text,
    )
