"""``check_parameters``: would this parameter set deploy, as the console and ROS judge it?"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from nestgen.errors import InputError, Location, UsageError
from nestgen.params import helm, messages
from nestgen.params.constraints import check_value
from nestgen.params.model import Param, ParamSet, load_template
from nestgen.params.network import check_networks
from nestgen.params.problem import ERROR, INFO, WARNING, Problem
from nestgen.params.visibility import Form, render
from nestgen.rosvalues import NotOfType, coerce, is_function
from nestgen.suggest import closest

# Keys a `.computenest_parameters.yaml` carries for the Compute Nest build, not for ROS.
BUILD_SETTINGS = frozenset(
    [
        "AllowedRegions",
        "Arch",
        "ArtifactSourceType",
        "Branch",
        "CommandTimeout",
        "CustomParameters",
        "DockerComposeEnvPath",
        "DockerComposeYamlPath",
        "HelmChartPath",
        "ImageId",
        "OutputCmd",
        "OutputType",
        "Owner",
        "Platform",
        "RegionId",
        "RepoName",
        "RunCommand",
        "RuntimeType",
        "SecurityGroupPorts",
        "SecurityPorts",
        "ServiceBuildRegion",
        "ServicePort",
        "ServicePorts",
        "ServiceType",
        "SourceCodePath",
    ]
)


def check_parameters(
    template: Path | Mapping[str, Any],
    values: Mapping[str, Any],
    *,
    locale: str = "en",
    values_schema: Mapping[str, Any] | None = None,
    chart: Path | None = None,
    source: str | None = None,
) -> list[Problem]:
    """Every problem of ``values`` against ``template``'s parameters (empty list: it deploys)."""
    if locale not in messages.LOCALES:
        raise UsageError(f"unknown locale {locale!r} (choose from {', '.join(messages.LOCALES)})")
    if not isinstance(values, Mapping):
        raise InputError("the parameter values are not a mapping")
    params = load_template(template)
    checker = _Checker(params, values, locale, source)
    problems = [*checker.names(), *checker.each_parameter(), *checker.networks()]
    if values_schema is not None or chart is not None:
        loaded = helm.load_chart(chart) if chart is not None else helm.Chart()
        schema = values_schema if values_schema is not None else loaded.schema
        problems.extend(checker.helm_values(loaded, schema))
    problems.extend(checker.condition_warnings())
    return problems


class _Checker:
    """The rules of one check run; each method yields the problems of one family."""

    def __init__(
        self, params: ParamSet, values: Mapping[str, Any], locale: str, source: str | None
    ) -> None:
        self.params = params
        self.values = values
        self.locale = locale
        self.source = source
        self.form = Form(params, values)

    def problem(self, severity: str, name: str, code: str, message: str) -> Problem:
        return Problem(severity, name, message, code, self.location(name))

    def location(self, name: str) -> Location | None:
        """Where the value was given, else where the template declares the parameter."""
        marks = getattr(self.values, "key_marks", None)
        if self.source and marks and name in marks:
            return Location(self.source, marks[name].line, marks[name].column)
        param = self.params.params.get(name)
        return param.location if param else None

    def names(self) -> Iterator[Problem]:
        unknown = [str(key) for key in self.values if str(key) not in self.params]
        settings = [name for name in unknown if name in BUILD_SETTINGS]
        if settings:
            message = self.text("build-setting", names=", ".join(settings))
            yield Problem(INFO, "", message, "build-setting", self.location(settings[0]))
        for name in unknown:
            if name not in BUILD_SETTINGS:
                hint = self.hint(name)
                yield self.problem(ERROR, name, "unknown", self.text("unknown", hint=hint))

    def hint(self, name: str) -> str:
        close = closest(name, self.params.params)
        return self.text("did-you-mean", name=close) if close else ""

    def text(self, key: str, **fields: Any) -> str:
        return messages.text(key, self.locale, **fields)

    def each_parameter(self) -> Iterator[Problem]:
        for param in self.params.params.values():
            yield from self.parameter(param)

    def parameter(self, param: Param) -> Iterator[Problem]:
        name, given = param.name, self.values.get(param.name)
        if not self.form.visible(name):
            if given is not None:
                condition = render(param.visible)
                yield self.problem(
                    WARNING, name, "ignored", self.text("ignored", condition=condition)
                )
            return
        if given is not None:
            yield from self.given(param, given)
            return
        for severity, code, message in when_absent(param, self.locale):
            yield self.problem(severity, name, code, message)

    def given(self, param: Param, value: Any) -> Iterator[Problem]:
        if param.required and value == "":
            yield self.problem(ERROR, param.name, "required", self.text("required-empty"))
            return
        for code, message in check_value(param, value, self.locale):
            yield self.problem(ERROR, param.name, code, message)

    def visible_values(self) -> dict[str, tuple[Param, Any]]:
        """name -> (param, effective value) for every visible parameter."""
        return {
            name: (param, self.form.value(name))
            for name, param in self.params.params.items()
            if self.form.visible(name)
        }

    def networks(self) -> Iterator[Problem]:
        for name, code, message in check_networks(self.visible_values(), self.locale):
            yield self.problem(ERROR, name, code, message)

    def helm_values(self, chart: helm.Chart, schema: Mapping[str, Any] | None) -> Iterator[Problem]:
        param = self.params.params.get(helm.HELM_PARAMETER)
        if param is None or param.type != "Json":
            yield self.problem(WARNING, "", "helm", self.text("helm-no-parameter"))
            return
        if schema is None or not self.form.visible(param.name):
            return
        value = coerce("Json", self.form.value(param.name) or {})
        if isinstance(value, NotOfType):
            return  # already reported as a type problem
        merged = helm.merge(chart.values, value)
        for path, error in helm.validate_values(merged, schema):
            message = self.text("helm-schema", path=path, error=error)
            yield self.problem(ERROR, param.name, "helm", message)

    def condition_warnings(self) -> Iterator[Problem]:
        for name in sorted(self.form.unknown_refs - {"RegionId"}):
            yield self.problem(WARNING, name, "visibility", self.text("visibility-ref", name=name))
        for name, error in sorted(self.form.broken.items()):
            yield self.problem(
                WARNING, name, "visibility", self.text("visibility-shape", error=error)
            )


def when_absent(param: Param, locale: str) -> list[tuple[str, str, str]]:
    """``(severity, code, message)`` for a visible parameter given no value (the preview's
    blank field says the same)."""

    def text(key: str) -> str:
        return messages.text(key, locale)

    if param.required and param.default in (None, ""):
        key = "required" if param.default is None else "required-empty"
        suffix = "" if param.default is None else text("from-default")
        return [(ERROR, "required", text(key) + suffix)]
    if is_function(param.default) and param.type != "Json":
        return [(WARNING, "default-function", text("default-function"))]
    if param.has_default:
        suffix = text("from-default")
        return [
            (ERROR, code, message + suffix)
            for code, message in check_value(param, param.default, locale)
        ]
    if not param.declares_default:
        return [(ERROR, "required", text("no-default"))]
    return []
