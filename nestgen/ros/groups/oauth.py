"""Sign-in through an Alibaba Cloud RAM OAuth application (no form parameters)."""

from __future__ import annotations

from typing import Any

from nestgen.ros.groups.base import BuildContext, Group, ref, text
from nestgen.ros.model import Template

LABEL = text("Sign-in", "登录")
APPLICATION = "OAuthApplication"
SECRET = "OAuthSecret"
SCOPES = ["aliuid", "profile", "openid"]


def callback_url(path: str) -> dict[str, Any]:
    """``http://<DomainAddress><path>`` as a ROS expression."""
    return {"Fn::Sub": ["http://${DomainAddress}" + path, {"DomainAddress": ref("DomainAddress")}]}


def _application(path: str) -> dict[str, Any]:
    return {
        "Type": "ALIYUN::RAM::Application",
        "Properties": {
            "AppName": ref("ALIYUN::StackName"),
            "DisplayName": ref("ALIYUN::StackName"),
            "AppType": "WebApp",
            "IsMultiTenant": False,
            "SecretRequired": True,
            "PredefinedScopes": list(SCOPES),
            "RequiredScopes": list(SCOPES),
            "RedirectUris": [callback_url(path)],
        },
    }


def apply(template: Template, context: BuildContext, options: dict[str, Any]) -> None:
    """The RAM application and its secret; the callback lives under DomainAddress."""
    template.add_resource(APPLICATION, _application(options.get("callback_path", "/")))
    template.add_resource(
        SECRET, {"Type": "ALIYUN::RAM::AppSecret", "Properties": {"AppId": ref(APPLICATION)}}
    )


GROUP = Group(
    name="oauth",
    label=LABEL,
    apply=apply,
    requires=("domain",),
    options={"callback_path": {"type": "string", "pattern": "^/[^\\s]*$"}},
)
