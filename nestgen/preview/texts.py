"""The preview page's own texts (en, zh-cn); parameter messages come from nestgen.params."""

from __future__ import annotations

from typing import Any

_TEXTS: dict[str, tuple[str, str]] = {
    "page-title": ("Deploy form preview", "部署表单预览"),
    "region": ("Region", "地域"),
    "your-region": ("your region", "您的地域"),
    "chosen-from": (
        "chosen from your {kind}s in {region}",
        "从您在 {region} 的 {kind} 中选择",
    ),
    "no-group": ("Parameters in no group", "未分组的参数"),
    "in-no-group": ("{name} is in no ParameterGroup", "{name} 不在任何参数分组中"),
    "never-visible": (
        "{name} is never visible: no combination of the form's choices shows it",
        "{name} 永远不可见：表单的任何选项组合都不会显示它",
    ),
    "untranslated": ("{where} has no text in this locale", "{where} 缺少当前语言的文本"),
    "free-text-condition": (
        "a Visible condition reads {name}, a free-text field: the preview uses its Default",
        "Visible 条件引用了自由输入的参数 {name}：预览按其默认值计算",
    ),
    "too-many": (
        "{count} combinations of choices: visibility shown for the defaults only",
        "选项组合共 {count} 种：仅按默认值显示可见性",
    ),
    "warnings": ("Warnings", "警告"),
    "values": ("Parameter values", "参数取值"),
    "values-help": (
        "The file this form submits; save it and run nestgen params check TEMPLATE FILE.",
        "本表单提交的参数文件；保存后可运行 nestgen params check TEMPLATE FILE 检查。",
    ),
    "confirm": ("Confirm {label}", "确认{label}"),
    "confirm-differs": ("the two entries differ", "两次输入不一致"),
    "required-mark": ("required", "必填"),
    "not-filled": ("not filled", "未填写"),
    "switch-on": ("On", "开启"),
    "switch-off": ("Off", "关闭"),
    "default": ("Default", "默认值"),
}


def text(key: str, locale: str, **fields: Any) -> str:
    """The preview text ``key`` in ``locale`` (English for any other locale), fields filled in."""
    english, chinese = _TEXTS[key]
    return (chinese if locale == "zh-cn" else english).format(**fields)
