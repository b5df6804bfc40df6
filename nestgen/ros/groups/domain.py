"""The host name users reach the application under."""

from __future__ import annotations

from typing import Any

from nestgen.ros.groups.base import BuildContext, Group, text
from nestgen.ros.model import Parameter, Template

LABEL = text("Application", "应用配置")
HOST_PATTERN = r"^(?=.{1,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$"


def _domain(default: str) -> Parameter:
    return Parameter(
        name="DomainAddress",
        type="String",
        label=text("Domain name", "域名"),
        description=text(
            "The host name of the service, e.g. app.example.com; point it at the service IP"
            " with a DNS A record or an /etc/hosts line.",
            "服务的访问域名，例如 app.example.com；请通过 DNS A 记录或 /etc/hosts 指向服务 IP。",
        ),
        default=default,
        allowed_pattern=HOST_PATTERN,
        constraint=text(
            "Must be a valid host name: labels of letters, digits and hyphens, separated by dots.",
            "必须是有效的域名：由字母、数字和连字符组成的标签，以点分隔。",
        ),
        required=True,
    )


def apply(template: Template, context: BuildContext, options: dict[str, Any]) -> None:
    """DomainAddress."""
    template.add_group(LABEL, [_domain(options.get("default", "app.example.com"))])


GROUP = Group(
    name="domain",
    label=LABEL,
    apply=apply,
    options={"default": {"type": "string", "pattern": HOST_PATTERN}},
)
