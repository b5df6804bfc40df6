"""Start the application on the ECS instances: a RunCommand, and a WaitCondition on its signal.

The command writes the spec's docker compose file (or runs its shell script), exports the
spec's ``env`` values (base64 in the template, so any character survives the shell), starts
the application, optionally waits for a local port to answer, and signals the WaitCondition
handle: ``SUCCESS`` when all went well, ``FAILURE`` with the failing line otherwise, so the
stack fails when the application does not come up.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from nestgen import yamlio
from nestgen.errors import InputError
from nestgen.ros.groups.base import INSTANCES_RESOURCE, BuildContext, Group, get_att, ref, text
from nestgen.ros.model import Template

LABEL = text("Application start-up", "应用启动")
COMMAND_RESOURCE = "InstallApplication"
HANDLE_RESOURCE = "ApplicationWaitConditionHandle"
WAIT_RESOURCE = "ApplicationWaitCondition"
APP_DIR = "/opt/application"
DELIMITER = "NESTGEN_EOF"

_HEAD = """\
#!/bin/bash
set -eo pipefail
notify() { ${CurlCli} -d "{\\"status\\": \\"$1\\", \\"reason\\": \\"$2\\"}"; }
trap 'notify FAILURE "start-up failed at line $LINENO"' ERR
mkdir -p APP_DIR && cd APP_DIR
"""
_COMPOSE = """\
docker compose version >/dev/null 2>&1 ||
  { notify FAILURE "docker compose is not installed"; exit 1; }
docker compose -f docker-compose.yaml up -d
"""
# Images in Compute Nest's registry: log in with the registry's docker config, which
# Compute Nest fills in (base64 of a docker config.json, as computenest-cli's ECS templates
# decode it; that it is base64 of config.json is what those templates show, not documented).
_LOGIN = """\
export DOCKER_CONFIG=APP_DIR/.docker
mkdir -p "$DOCKER_CONFIG"
echo '{{ computenest::acr::dockerconfigjson }}' | base64 -d > "$DOCKER_CONFIG/config.json"
"""
_WAIT_PORT = """\
for i in $(seq 1 TRIES); do curl -s -o /dev/null http://127.0.0.1:PORT/ && break; sleep 5; done
curl -s -o /dev/null http://127.0.0.1:PORT/ ||
  { notify FAILURE "nothing answers on port PORT"; exit 1; }
"""
_TAIL = 'notify SUCCESS "the application is running"\n'


def escape_sub(content: str) -> str:
    """``content`` as literal text inside ``Fn::Sub`` (``${`` becomes ``${!``)."""
    return content.replace("${", "${!")


def _heredoc(name: str, content: str) -> str:
    if any(line == DELIMITER for line in content.splitlines()):
        raise InputError(f"the start-up file may not contain a line {DELIMITER!r}")
    body = escape_sub(content if content.endswith("\n") else content + "\n")
    return f"cat > {name} <<'{DELIMITER}'\n{body}{DELIMITER}\n"


def _exports(env: dict[str, Any]) -> str:
    return "".join(
        f"export {name}=\"$(echo '${{Env{name}}}' | base64 -d)\"\n" for name in sorted(env)
    )


def _quoted(placeholder: str) -> Callable[[re.Match[str]], str]:
    return lambda match: f"{match.group(1)}'{placeholder}'"


def compose_images(content: str) -> dict[str, str]:
    """``services.<name>.image`` -> image, for every service of a compose file that names
    one (a ``{{ computenest::... }}`` placeholder, an artifact already, is left out)."""
    data = yamlio.loads(content, "the compose file").data
    services = (data.get("services") if isinstance(data, dict) else None) or {}
    return {
        f"services.{name}.image": body["image"]
        for name, body in services.items()
        if isinstance(body, dict)
        and isinstance(body.get("image"), str)
        and body["image"]
        and "computenest::" not in body["image"]
    }


def rehost_compose(content: str, images: tuple[tuple[str, str, str], ...]) -> str:
    """The compose file with each re-hosted service's ``image:`` set to its placeholder
    (``services.<name>.image`` paths; the same reference elsewhere is the same image)."""
    if not images:
        return content
    found = compose_images(content)
    for path, placeholder, _ in images:
        reference = found.get(path)
        if not reference:
            continue
        pattern = re.compile(
            r"(\bimage:[ \t]*)(['\"]?)" + re.escape(reference) + r"\2(?=[ \t]*(?:[,}#\n]|$))",
            re.MULTILINE,
        )
        content = pattern.sub(_quoted(placeholder), content)
    return content


def command_script(context: BuildContext, options: dict[str, Any]) -> str:
    """The shell script the RunCommand runs (before ``Fn::Sub``)."""
    script = _HEAD.replace("APP_DIR", APP_DIR) + _exports(options.get("env", {}))
    if "compose" in options:
        compose = rehost_compose(context.startup_file, context.compose_images)
        if context.compose_images:  # images: acr (keep builds what it built before)
            script += _LOGIN.replace("APP_DIR", APP_DIR)
        script += _heredoc("docker-compose.yaml", compose) + _COMPOSE
    else:
        script += _heredoc("start.sh", context.startup_file) + "bash ./start.sh\n"
    if "wait_port" in options:
        tries = max(1, options.get("timeout", 1200) // 10)
        script += _WAIT_PORT.replace("PORT", str(options["wait_port"])).replace("TRIES", str(tries))
    return script + _TAIL


def _variables(options: dict[str, Any]) -> dict[str, Any]:
    variables: dict[str, Any] = {"CurlCli": get_att(HANDLE_RESOURCE, "CurlCli")}
    for name in sorted(options.get("env", {})):
        variables[f"Env{name}"] = {"Fn::Base64Encode": options["env"][name]}
    return variables


def apply(template: Template, context: BuildContext, options: dict[str, Any]) -> None:
    """The WaitCondition handle, the WaitCondition and the RunCommand that signals it."""
    timeout = options.get("timeout", 1200)
    template.add_resource(HANDLE_RESOURCE, {"Type": "ALIYUN::ROS::WaitConditionHandle"})
    template.add_resource(
        WAIT_RESOURCE,
        {
            "Type": "ALIYUN::ROS::WaitCondition",
            "DependsOn": [INSTANCES_RESOURCE],
            "Properties": {
                "Handle": ref(HANDLE_RESOURCE),
                "Count": template.resource(INSTANCES_RESOURCE)["Properties"]["MaxAmount"],
                "Timeout": timeout,
            },
        },
    )
    template.add_resource(
        COMMAND_RESOURCE,
        {
            "Type": "ALIYUN::ECS::RunCommand",
            "Properties": {
                "Type": "RunShellScript",
                "InstanceIds": get_att(INSTANCES_RESOURCE, "InstanceIds"),
                "CommandContent": {
                    "Fn::Sub": [command_script(context, options), _variables(options)]
                },
                "Timeout": timeout,
                "Sync": True,
            },
        },
    )


_FILE = {"type": "string", "minLength": 1}
GROUP = Group(
    name="startup",
    label=LABEL,
    apply=apply,
    requires=("ecs",),
    options={
        "compose": _FILE,
        "script": _FILE,
        "env": {
            "type": "object",
            "additionalProperties": False,
            "patternProperties": {"^[A-Z_][A-Z0-9_]*$": {}},
        },
        "wait_port": {"type": "integer", "minimum": 1, "maximum": 65535},
        "timeout": {"type": "integer", "minimum": 60, "maximum": 43200},
    },
)
