"""Group 7, Compute Nest cross-file: a service config.yaml against the templates it names."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from nestgen.lint.context import Context, PackageTemplate
from nestgen.lint.rule import CONFIG, Hit, rule
from nestgen.lint.walk import PLACEHOLDER, get_path, has, hashable
from nestgen.regions import unknown_region

SUPPLIER = ("Service", "DeployMetadata", "SupplierDeployMetadata")
ARTIFACT_ID = re.compile(r"\$\{Artifact\.([^.}]+)\.")
REFERENCE = re.compile(r"^\$\{Artifact\.([^.}]+)\.(ArtifactId|ArtifactVersion)\}$")
BUILT_IN = re.compile(r"::dockerconfigjson\}\}$")  # filled by Compute Nest itself
SPACES = re.compile(r"\s+")


def normalise(placeholder: str) -> str:
    """``{{ computenest::kind::name }}`` without its spaces."""
    return SPACES.sub("", placeholder)


def _relations(ctx: Context) -> Iterator[tuple[tuple, str, Any]]:
    """(path, placeholder, relation) for every ``*ArtifactRelation`` entry."""
    supplier = get_path(ctx.data, SUPPLIER)
    for kind, relations in supplier.items() if isinstance(supplier, dict) else ():
        if (
            isinstance(kind, str)
            and kind.endswith("ArtifactRelation")
            and isinstance(relations, dict)
        ):
            for key, relation in relations.items():
                yield (*SUPPLIER, kind, key), str(key), relation


def _loaded(ctx: Context) -> Iterator[tuple[PackageTemplate, Context]]:
    """The config's templates that loaded, each with its context."""
    for template in ctx.package:
        if template.context is not None:
            yield template, template.context


@rule(
    "E6001",
    "Every {{ computenest::... }} placeholder in a template is declared; else it is never filled",
    kinds=(CONFIG,),
)
def undeclared_placeholder(ctx: Context) -> Iterator[Hit]:
    declared = {normalise(key) for _, key, _ in _relations(ctx)}
    for template, context in _loaded(ctx):
        doc = template.source.doc if template.source else None
        for path, text in context.usage.placeholders:
            if normalise(text) not in declared and not BUILT_IN.search(normalise(text)):
                yield Hit(
                    path,
                    f"{text} is not declared in the config's artifact relations",
                    value=True,
                    doc=doc,
                )


@rule(
    "W6002",
    "Every declared artifact relation is used by a template; else it is published for nothing",
    kinds=(CONFIG,),
)
def unused_relation(ctx: Context) -> Iterator[Hit]:
    templates, relations = list(_loaded(ctx)), list(_relations(ctx))
    if not relations or not templates or len(templates) < len(ctx.package):
        return  # a missing template might be the one that uses it
    used = {normalise(t) for _, context in templates for t in _strings(context.data)}
    for path, key, _ in relations:
        if normalise(key) not in used:
            yield Hit(path, f"artifact relation {key} is used by no template")


def _strings(value: Any) -> Iterator[str]:
    """Every string in a template: placeholders and bare artifact names (image ids)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield from PLACEHOLDER.findall(item) if "{{" in item else (item,)
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


@rule(
    "E6003",
    "Every TemplateConfigs[].Url names an existing file; the service cannot be built otherwise",
    kinds=(CONFIG,),
)
def template_url_exists(ctx: Context) -> Iterator[Hit]:
    for template in ctx.package:
        if template.source is None:
            yield Hit(
                (*template.path_in_config, "Url"),
                f"template file {template.url!r} does not exist",
                value=True,
            )


def _operations(ctx: Context) -> Iterator[tuple[tuple, Any, list]]:
    configs = get_path(ctx.data, ("Service", "OperationMetadata", "ModifyParametersConfig"))
    for index, entry in enumerate(configs if isinstance(configs, list) else []):
        if not isinstance(entry, dict):
            continue
        operations = entry.get("Operation")
        for op_index, op in enumerate(operations if isinstance(operations, list) else []):
            names = op.get("Parameters") if isinstance(op, dict) else None
            path = (
                "Service",
                "OperationMetadata",
                "ModifyParametersConfig",
                index,
                "Operation",
                op_index,
                "Parameters",
            )
            yield path, entry.get("TemplateName"), names if isinstance(names, list) else []


@rule(
    "W6004",
    "ModifyParametersConfig names parameters of its template; else the change operation fails",
    kinds=(CONFIG,),
)
def modify_parameters_exist(ctx: Context) -> Iterator[Hit]:
    templates = list(_loaded(ctx))
    if not templates or len(templates) < len(ctx.package):
        return
    for path, template_name, names in _operations(ctx):
        chosen = [(t, c) for t, c in templates if t.name == template_name] or templates
        known = set().union(*(set(c.parameters) for _, c in chosen))
        shown = template_name or chosen[0][0].name
        for index, name in enumerate(names):
            if isinstance(name, str) and name not in known:
                yield Hit(
                    (*path, index),
                    f"{name!r} is not a parameter of template {shown!r}",
                    value=True,
                )


def _artifact_regions(ctx: Context) -> set[str] | None:
    """Regions every related artifact supports (None when none declares any)."""
    artifacts, regions = ctx.data.get("Artifact"), None
    for _, _, relation in _relations(ctx):
        match = ARTIFACT_ID.search(
            str(relation.get("ArtifactId", "")) if isinstance(relation, dict) else ""
        )
        artifact = artifacts.get(match.group(1)) if match and isinstance(artifacts, dict) else None
        supported = artifact.get("SupportRegionIds") if isinstance(artifact, dict) else None
        if isinstance(supported, list):
            regions = hashable(supported) if regions is None else regions & hashable(supported)
    return regions


@rule(
    "E6005",
    "TemplateConfigs AllowedRegions lie within the artifacts' SupportRegionIds; else deploys fail",
    kinds=(CONFIG,),
)
def regions_supported(ctx: Context) -> Iterator[Hit]:
    supported = _artifact_regions(ctx)
    if supported is None:
        return
    for template in ctx.package:
        config = get_path(ctx.data, template.path_in_config)
        regions = config.get("AllowedRegions") if isinstance(config, dict) else None
        for index, region in enumerate(regions if isinstance(regions, list) else []):
            if not has(supported, region):
                yield Hit(
                    (*template.path_in_config, "AllowedRegions", index),
                    f"region {region!r} is not in the artifacts' SupportRegionIds",
                    value=True,
                )


@rule(
    "W6006",
    "AllowedRegions and SupportRegionIds name known Alibaba Cloud regions (typos fail deploys)",
    kinds=(CONFIG,),
)
def regions_known(ctx: Context) -> Iterator[Hit]:
    places: list[tuple[tuple, Any]] = []
    for template in ctx.package:
        config = get_path(ctx.data, template.path_in_config)
        if isinstance(config, dict):
            places.append(
                ((*template.path_in_config, "AllowedRegions"), config.get("AllowedRegions"))
            )
    artifacts = ctx.data.get("Artifact")
    for name, artifact in artifacts.items() if isinstance(artifacts, dict) else ():
        if isinstance(artifact, dict):
            places.append(
                (("Artifact", name, "SupportRegionIds"), artifact.get("SupportRegionIds"))
            )
    for path, regions in places:
        for index, region in enumerate(regions if isinstance(regions, list) else []):
            if isinstance(region, str) and "${" not in region:
                why = unknown_region(region)
                if why:
                    yield Hit((*path, index), why.split(";")[0], value=True)


@rule(
    "E6007",
    "Every ${Artifact.X.ArtifactId|ArtifactVersion} in an artifact relation names an artifact "
    "of the Artifact section; else the literal text reaches Compute Nest",
    kinds=(CONFIG,),
)
def unresolved_relation(ctx: Context) -> Iterator[Hit]:
    artifacts = ctx.data.get("Artifact")
    declared = set(artifacts) if isinstance(artifacts, dict) else set()
    for path, key, relation in _relations(ctx):
        for name, value in relation.items() if isinstance(relation, dict) else ():
            if not isinstance(value, str) or "${" not in value:
                continue
            match = REFERENCE.match(value)
            if match is None:
                yield Hit(
                    (*path, name),
                    f"{value!r} in relation {key} is not ${{Artifact.<name>.{name}}}",
                    value=True,
                )
            elif match.group(1) not in declared:
                yield Hit(
                    (*path, name),
                    f"{value} in relation {key} names no artifact of the Artifact section",
                    value=True,
                )


RULES = (
    undeclared_placeholder,
    unused_relation,
    template_url_exists,
    modify_parameters_exist,
    regions_supported,
    regions_known,
    unresolved_relation,
)
