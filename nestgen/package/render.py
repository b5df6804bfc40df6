"""Render a whole Compute Nest package in memory: relative path -> exact bytes."""

from __future__ import annotations

from pathlib import Path

from nestgen import yamlio
from nestgen.errors import InputError
from nestgen.package.config import (
    LOGO,
    TEMPLATES_DIR,
    TESTS_DIR,
    file_artifact_path,
    render_config,
)
from nestgen.package.docs import LOCALES, render_parameter_doc
from nestgen.package.guide import GUIDE_PATHS, render_guide
from nestgen.package.values import chart_values, startup_file
from nestgen.ros.build import compose
from nestgen.ros.groups import BuildContext
from nestgen.ros.model import Output, Parameter, RawOutput, RawParameter, Template, Text
from nestgen.ros.patch import apply_patch
from nestgen.ros.values import plain
from nestgen.spec.images import compose_owner, owned
from nestgen.spec.model import ExtraParameter, Spec, TemplateSpec

DEFAULT_LOGO = Path(__file__).resolve().parent.parent / "data" / "service_logo.png"
OTHER_LABEL = Text("Other settings", "其他配置")
_PROPERTY_NAMES = {
    "description": "description",
    "default": "default",
    "allowed_values": "allowed_values",
    "allowed_pattern": "allowed_pattern",
    "constraint": "constraint",
    "min_length": "min_length",
    "max_length": "max_length",
    "min_value": "min_value",
    "max_value": "max_value",
    "no_echo": "no_echo",
}


def _parameter(extra: ExtraParameter) -> Parameter:
    fields = {_PROPERTY_NAMES[k]: v for k, v in extra.properties.items()}
    for key in ("description", "constraint"):
        if key in fields:
            fields[key] = Text.from_mapping(fields[key])
    return Parameter(name=extra.name, type=extra.type, label=extra.label, **fields)


def build_template(spec: Spec, template: TemplateSpec) -> Template:
    """The ROS template of one template spec."""
    context = BuildContext(
        chart_values=chart_values(spec, template),
        startup_file=startup_file(spec, template),
        images=owned(spec, template.groups.get("helm", {}).get("artifact") or "-"),
        compose_images=owned(spec, compose_owner(template.name)),
    )
    outputs = [Output(o.name, o.description, o.value) for o in template.outputs]
    built = compose(template.description, template.groups, context, outputs)
    raw = template.raw
    apply_patch(built, raw.patch)
    own: list[Parameter | RawParameter] = [_parameter(p) for p in template.parameters]
    own += [RawParameter(name, body) for name, body in raw.parameters.items()]
    if own:
        built.add_group(template.parameters_label or OTHER_LABEL, own)
    for name, body in raw.mappings.items():
        built.add_mapping(name, body)
    for name, body in raw.conditions.items():
        built.add_condition(name, body)
    built.locals.update(raw.locals)
    for name, body in raw.resources.items():
        built.add_resource(name, body)
    for name, body in raw.outputs.items():
        built.add_output(RawOutput(name, body))
    built.raw_description, built.raw_metadata = raw.description, raw.metadata
    return built


def render_package(spec: Spec) -> dict[str, bytes]:
    """Every file of the package (POSIX relative path -> bytes); pure and deterministic."""
    files: dict[str, bytes] = {"config.yaml": render_config_yaml(spec)}
    bodies = {t.name: plain(build_template(spec, t).to_dict()) for t in spec.templates}
    for template in spec.templates:
        files[f"{TEMPLATES_DIR}/{template.file}"] = _yaml(bodies[template.name])
    for locale, key in LOCALES.items():
        page = render_parameter_doc(spec, bodies, key)
        files[f"docs/parameters.{locale}.md"] = page.encode("utf-8")
        files[GUIDE_PATHS[locale]] = render_guide(spec, bodies, locale).encode("utf-8")
    for artifact in spec.artifacts:
        if artifact.path is not None:  # a File artifact or a chart archive
            files[file_artifact_path(artifact)] = artifact.path.read_bytes()
    for test in spec.tests:  # computenest-cli's layout, read back by publish
        case = {"templateName": test.template, "regionId": test.region}
        files[f"{TESTS_DIR}/{test.name}.yaml"] = _yaml(case | {"parameters": test.parameters})
    logo = spec.service.logo or DEFAULT_LOGO
    files[LOGO] = logo.read_bytes()
    for relative, source in spec.files.items():
        if relative in files:
            raise InputError(f"{relative} is written by nestgen itself", field=f"files.{relative}")
        files[relative] = source.read_bytes()
    return dict(sorted(files.items()))


def render_config_yaml(spec: Spec, templates_dir: str = TEMPLATES_DIR) -> bytes:
    """config.yaml's bytes, its template Urls under ``templates_dir``."""
    return _yaml(render_config(spec, templates_dir))


def _yaml(data: object) -> bytes:
    # plain() rebuilds every container, so no object is shared and no YAML alias appears
    return yamlio.dumps(plain(data)).encode("utf-8")
