"""The node login password: NoEcho, confirmed, no default value, three of four classes.

``Default: null`` is ROS's "empty, and not validated" (not a committed secret): the form hides
the password when deploying into an existing cluster, and without it ROS would reject such a
deployment for a missing required value.  When the form shows it, ``Required`` makes the
console ask for it, and the pattern then applies.
"""

from __future__ import annotations

from typing import Any

from nestgen.ros.groups.base import CLUSTER_RESOURCE, NEW_CLUSTER, BuildContext, Group, ref, text
from nestgen.ros.model import Parameter, Template

LABEL = text("Login password", "登录密码")
SPECIALS = "()~!@#$%^&*-+={}[]:;'<>,.?/"
_SPECIAL_CLASS = r"[()~!@#$%^&*+={}\[\]:;'<>,.?/-]"
_CLASSES = ("[A-Z]", "[a-z]", "[0-9]", _SPECIAL_CLASS)


def _three_of_four(classes: tuple[str, ...] = _CLASSES) -> str:
    """Lookahead alternatives: every way to pick three of the four character classes."""
    picks = []
    for skip in range(len(classes)):
        picks.append("".join(f"(?=.*{c})" for i, c in enumerate(classes) if i != skip))
    return "(?:" + "|".join(picks) + ")"


def three_of_four_pattern(special_class: str, low: int, high: int) -> str:
    """A whole-value pattern: ``low``-``high`` characters, three of upper/lower/digit/special."""
    classes = (*_CLASSES[:3], special_class)
    allowed = "[A-Za-z0-9" + special_class[1:-1] + "]"
    return f"^(?=.{{{low},{high}}}$)" + _three_of_four(classes) + allowed + "+$"


PATTERN = "^(?=.{8,30}$)" + _three_of_four() + r"[A-Za-z0-9()~!@#$%^&*+={}\[\]:;'<>,.?/-]+$"
RULE = text(
    f"8 to 30 characters, with at least three of: upper-case letters, lower-case letters,"
    f" digits and special characters {SPECIALS}",
    f"长度 8～30 个字符，必须包含大写字母、小写字母、数字和特殊字符 {SPECIALS} 中的至少三项",
)


def _login_password() -> Parameter:
    return Parameter(
        name="LoginPassword",
        type="String",
        label=text("Node login password", "节点登录密码"),
        description=text(
            f"The login password of the worker nodes. {RULE.en}.",
            f"Worker 节点的登录密码。{RULE.zh}。",
        ),
        allowed_pattern=PATTERN,
        min_length=8,
        max_length=30,
        no_echo=True,
        confirm=True,
        default=None,
        constraint=RULE,
        required=True,
        association="ALIYUN::ECS::Instance::Password",
        visible=NEW_CLUSTER,
    )


def apply(template: Template, context: BuildContext, options: dict[str, Any]) -> None:
    """LoginPassword and the cluster module property that takes it."""
    template.add_group(LABEL, [_login_password()])
    template.resource(CLUSTER_RESOURCE)["Properties"]["LoginPassword"] = ref("LoginPassword")


GROUP = Group(name="password", label=LABEL, apply=apply, requires=("cluster",))
