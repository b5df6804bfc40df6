"""Message texts in the locales ``params check`` speaks (en, zh-cn)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

LOCALES = ("en", "zh-cn")

_TEXTS: dict[str, tuple[str, str]] = {
    "unknown": (
        "not a parameter of this template{hint}",
        "模板中没有这个参数{hint}",
    ),
    "did-you-mean": (" (did you mean {name}?)", "（是否为 {name}？）"),
    "build-setting": (
        "Compute Nest build settings, not template parameters, ignored: {names}",
        "计算巢构建设置（不是模板参数）已忽略：{names}",
    ),
    "ignored": (
        "value ignored: the parameter is hidden for these values ({condition})",
        "该值被忽略：在当前取值下此参数不可见（{condition}）",
    ),
    "required": ("a value is required", "必须填写"),
    "required-empty": ("a value is required (it is empty)", "必须填写（当前为空）"),
    "no-default": (
        "no value and no Default: ROS refuses to create the stack",
        "没有取值也没有默认值：ROS 无法创建资源栈",
    ),
    "default-function": (
        "the Default is a function (Ref/Fn::), not evaluated offline; give a value to check it",
        "默认值是函数（Ref/Fn::），离线无法求值；请给出取值以便检查",
    ),
    "from-default": (" (the template's Default)", "（模板的默认值）"),
    "type-number": ("{value} is not a number", "{value} 不是数字"),
    "type-boolean": (
        "{value} is not a boolean (true or false)",
        "{value} 不是布尔值（true 或 false）",
    ),
    "type-json": ("not valid JSON: {error}", "不是合法的 JSON：{error}"),
    "type-json-kind": ("{value} is not a JSON object or array", "{value} 不是 JSON 对象或数组"),
    "type-string": ("{value} is not a string", "{value} 不是字符串"),
    "type-list": ("{value} is not a comma-delimited list", "{value} 不是逗号分隔的列表"),
    "allowed-values": ("{value} is not one of {allowed}", "{value} 不在允许的取值 {allowed} 中"),
    "pattern": ("{value} does not match {pattern}", "{value} 不匹配 {pattern}"),
    "bad-pattern": (
        "the template's AllowedPattern does not compile: {error}",
        "模板的 AllowedPattern 不是合法的正则表达式：{error}",
    ),
    "min-length": ("{value} is shorter than {limit} characters", "{value} 短于 {limit} 个字符"),
    "max-length": ("{value} is longer than {limit} characters", "{value} 长于 {limit} 个字符"),
    "min-value": ("{value} is less than {limit}", "{value} 小于 {limit}"),
    "max-value": ("{value} is greater than {limit}", "{value} 大于 {limit}"),
    "constraint": ("; {text}", "；{text}"),
    "cidr-syntax": ("{value} is not an IPv4 CIDR block", "{value} 不是 IPv4 CIDR 网段"),
    "cidr-host-bits": (
        "{value} has host bits set (did you mean {network}?)",
        "{value} 的主机位不为零（是否为 {network}？）",
    ),
    "cidr-private": (
        "{value} is not inside {ranges}",
        "{value} 不在 {ranges} 之内",
    ),
    "cidr-prefix": (
        "{value}: the prefix length must be between /{low} and /{high} for {role}",
        "{value}：{role} 的掩码长度必须在 /{low} 到 /{high} 之间",
    ),
    "cidr-overlap": (
        "{value} overlaps {other} {other_value}",
        "{value} 与 {other} {other_value} 重叠",
    ),
    "cidr-outside": (
        "{value} is not inside the VPC {other} {other_value}",
        "{value} 不在专有网络 {other} {other_value} 之内",
    ),
    "visibility-ref": (
        "Visible condition names {name}, which is not a parameter; treated as empty",
        "Visible 条件引用了不存在的参数 {name}，按空值处理",
    ),
    "visibility-shape": (
        "Visible condition cannot be evaluated ({error}); treated as visible",
        "无法计算 Visible 条件（{error}），按可见处理",
    ),
    "helm-schema": ("{path}: {error}", "{path}：{error}"),
    "helm-no-parameter": (
        "a chart schema was given but the template has no Json parameter ChartValues",
        "提供了 chart 的 schema，但模板中没有 Json 类型的 ChartValues 参数",
    ),
}


def template(key: str, locale: str) -> str:
    """The message ``key`` in ``locale`` (English for any other locale), ``{fields}`` unfilled."""
    english, chinese = _TEXTS[key]
    return chinese if locale == "zh-cn" else english


def text(key: str, locale: str, **fields: Any) -> str:
    """The message ``key`` in ``locale`` (English for any other locale), fields filled in."""
    return template(key, locale).format(**fields)


def localized(value: Any, locale: str) -> str:
    """A template text that is a string or an ``{en, zh-cn}`` map, in ``locale`` if present."""
    if isinstance(value, Mapping):
        for key in (locale, "en", "zh-cn", *value.keys()):
            found = value.get(key)
            if isinstance(found, str) and found:
                return found
        return ""
    return "" if value is None else str(value)
