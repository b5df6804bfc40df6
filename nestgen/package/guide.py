"""The deployment guide (``docs/index.md``, ``docs/index.en-US.md``), generated per locale.

Facts come from the spec and the generated templates (resources, parameters, conditions,
outputs, operations); service-specific prose comes from the spec's optional ``docs:``
section. The parameter tables are those of the parameter pages (same function).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import quote

from nestgen.package.docs import LOCALES, condition_text, parameter_tables, text_in
from nestgen.spec.model import GuideText, Spec

GUIDE_PATHS = {"zh-CN": "docs/index.md", "en-US": "docs/index.en-US.md"}
RAM_GRANT_URL = "https://help.aliyun.com/document_detail/121945.html"
DEPLOY_URL = (
    "https://computenest.console.aliyun.com/service/instance/create/{region}"
    "?type=user&ServiceName={name}"
)

_WORDS: dict[str, dict[str, Any]] = {
    "en": {
        "title": "{0}: deployment guide", "sep": ", ", "overview": "Overview", "billing": "Billing",
        "permissions": "RAM permissions", "architecture": "Architecture",
        "deployment": "Deployment", "parameters": "Deployment parameters",
        "verification": "Verification", "advanced": "Advanced options",
        "links": "More information", "template": "Template", "always": "always",
        "any_region": "any region the console offers",
        "estimate": "The console shows the estimated cost before you confirm the deployment.",
        "existing": "Deploying into an existing ACK cluster creates no cluster: you pay only for "
                    "the resources the application adds to it (for example a load balancer or "
                    "cloud disks).",
        "new": "A new ACK cluster is billed as its own resources: the cluster, worker instances, "
               "disks and network.",
        "methods": "Billing methods for new resources: {0}.",
        "charge": {"PostPaid": "pay-as-you-go (hourly)", "PrePaid": "subscription (monthly or "
                   "yearly)"},
        "grant": "If you deploy as a RAM user, grant it these policies before creating the service "
                 f"instance ([how to grant permissions to a RAM user]({RAM_GRANT_URL})):",
        "grant_any": "If you deploy as a RAM user, it needs permission to create the resources "
                     "listed under Architecture through ROS and Compute Nest "
                     f"([how to grant permissions to a RAM user]({RAM_GRANT_URL})).",
        "policy": ("Policy", "Note"),
        "charts": "Helm charts it deploys:", "chart": "`{0}` {1} from {2}",
        "archive": "the archive in the package",
        "resources": "Resources the ROS stack creates:",
        "resource": ("Resource", "Type", "Created when"),
        "steps": [
            "Open the deployment page in the Compute Nest console: [{name}]({url}).",
            "Enter a service instance name and choose a region ({regions}).",
            "Make the choices first (see below which parameters each one shows), then fill in "
            "the parameters the form shows.",
            "Confirm the order and create the instance. Compute Nest deploys it as a ROS stack; "
            "wait until the instance is deployed, then continue with Verification.",
        ],
        "choices": "Choices that show or hide parameters",
        "choices_intro": "The form shows a parameter only when its condition holds (column "
                         "'Shown when'). These choices decide it:",
        "choice": ("Choice", "Value", "Shows"),
        "outputs": "When the instance is deployed, open its details page. Its outputs:",
        "output": ("Output", "Description", "Value format"),
        "switches": "Switches in the form",
        "switch": "**{label}** (`{name}`, default `{default}`): {description}",
        "operations": "Changing settings after deployment",
        "operations_intro": "On the service instance, run one of these operations:",
        "operation": "**{name}**: {description} (parameters: {parameters}).",
    },
    "zh-cn": {
        "title": "{0}部署文档", "sep": "、", "overview": "概述", "billing": "计费说明",
        "permissions": "RAM 账号所需权限", "architecture": "部署架构",
        "deployment": "部署流程", "parameters": "部署参数说明",
        "verification": "验证结果", "advanced": "高级选项",
        "links": "更多信息", "template": "模板", "always": "始终",
        "any_region": "控制台提供的任一地域",
        "estimate": "创建实例时，控制台会在确认订单前显示预估费用。",
        "existing": "部署到已有 ACK 集群时不会新建集群，只需为应用在集群中新增的资源"
                    "（例如负载均衡、云盘）付费。",
        "new": "新建 ACK 集群时，按集群自身的资源计费：集群、Worker 实例、磁盘和网络。",
        "methods": "新建资源的付费方式：{0}。",
        "charge": {"PostPaid": "按量付费（小时）", "PrePaid": "包年包月"},
        "grant": "如果使用 RAM 用户创建服务实例，请先为该 RAM 用户授予以下权限策略"
                 f"（[为 RAM 用户授权]({RAM_GRANT_URL})）：",
        "grant_any": "如果使用 RAM 用户创建服务实例，该用户需要有通过资源编排（ROS）和计算巢"
                     "创建“部署架构”中所列资源的权限"
                     f"（[为 RAM 用户授权]({RAM_GRANT_URL})）。",
        "policy": ("权限策略名称", "备注"),
        "charts": "部署的 Helm Chart：", "chart": "`{0}` {1}，来源 {2}",
        "archive": "服务包中的归档文件",
        "resources": "ROS 资源栈创建的资源：",
        "resource": ("资源", "类型", "创建条件"),
        "steps": [
            "打开计算巢控制台的部署页面：[{name}]({url})。",
            "填写服务实例名称并选择地域（{regions}）。",
            "先完成各项选择（下文列出每个选项会显示哪些参数），再填写表单中显示的参数。",
            "确认订单并创建实例。计算巢以 ROS 资源栈部署实例；等待实例部署完成后，"
            "按“验证结果”检查。",
        ],
        "choices": "选项与参数的显示",
        "choices_intro": "表单只在条件成立时显示参数（“显示条件”列）。决定条件的选项如下：",
        "choice": ("选项", "取值", "显示的参数"),
        "outputs": "实例部署完成后，打开实例详情页，可以看到以下输出：",
        "output": ("输出", "说明", "格式"),
        "switches": "表单开关",
        "switch": "**{label}**（`{name}`，默认 `{default}`）：{description}",
        "operations": "部署后修改配置",
        "operations_intro": "在服务实例上执行以下运维操作：",
        "operation": "**{name}**：{description}（参数：{parameters}）。",
    },
}  # fmt: skip


def render_guide(spec: Spec, templates: dict[str, dict[str, Any]], page: str) -> str:
    """The guide for one page locale (``zh-CN`` or ``en-US``) from the built templates."""
    key = LOCALES[page]
    words = _WORDS[key]
    text = spec.guide_text(page)
    info = spec.service.info_for(page)
    name = info.name or spec.name
    lines = [f"# {words['title'].format(name)}", ""]
    lines += _section(words["overview"], [info.short_description, text.overview])
    lines += _section(words["billing"], [text.billing, *_billing(spec, templates, key)])
    lines += _section(words["permissions"], _permissions(text, words))
    lines += _section(words["architecture"], _architecture(spec, templates, key))
    lines += _section(words["deployment"], [_steps(spec, name, words)])
    shown = {t.name: t.shown_name(key) for t in spec.templates}
    lines += _section(words["parameters"], _parameters(templates, key, shown))
    lines += _section(words["verification"], [text.verification, *_outputs(templates, key)])
    lines += _section(words["advanced"], _advanced(spec, templates, key, text.advanced))
    lines += _section(words["links"], [_list(f"[{k.title}]({k.url})" for k in text.links)])
    return "\n".join(lines)


def _section(title: str, blocks: list[str]) -> list[str]:
    """``## title`` and the non-empty blocks, or nothing when all are empty."""
    parts = [block.strip() for block in blocks if block and block.strip()]
    return [f"## {title}", "", *("\n\n".join(parts).splitlines()), ""] if parts else []


def _list(items: Iterable[str], ordered: bool = False) -> str:
    return "\n".join(f"{i}. {t}" if ordered else f"- {t}" for i, t in enumerate(items, 1))


def _table(head: tuple[str, ...], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    cells = ([str(c).replace("|", "\\|").replace("\n", " ") for c in row] for row in rows)
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in cells])


Blocks = Callable[[dict[str, Any]], list[str]]


def _by_template(templates: dict[str, dict[str, Any]], key: str, blocks: Blocks) -> list[str]:
    """Per-template blocks, headed by the template's name when there are several."""
    found = []
    for name, template in templates.items():
        body = "\n\n".join(b for b in blocks(template) if b)
        if body and len(templates) > 1:
            body = f"### {_WORDS[key]['template']}: {name}\n\n{body}"
        found.append(body)
    return found


def _billing(spec: Spec, templates: dict[str, dict[str, Any]], key: str) -> list[str]:
    words = _WORDS[key]
    groups = {g for t in spec.templates for g in t.groups}
    notes = [words["existing"], words["new"]] if "cluster" in groups else []
    methods = sorted({v for t in templates.values() for v in _charge_values(t)})
    if methods:
        charges = (words["charge"].get(m, m) for m in methods)
        notes.append(words["methods"].format(words["sep"].join(charges)))
    return [_list([*notes, words["estimate"]])]


def _charge_values(template: dict[str, Any]) -> list[str]:
    return [
        value
        for body in template["Parameters"].values()
        if body.get("AssociationProperty") == "ChargeType"
        for value in body.get("AllowedValues", [])
    ]


def _permissions(text: GuideText, words: dict[str, Any]) -> list[str]:
    if not text.permissions:
        return [words["grant_any"]]
    rows = [[f"`{p.policy}`", p.note] for p in text.permissions]
    return [words["grant"], _table(words["policy"], rows)]


def _architecture(spec: Spec, templates: dict[str, dict[str, Any]], key: str) -> list[str]:
    words = _WORDS[key]

    def blocks(template: dict[str, Any]) -> list[str]:
        conditions = template.get("Conditions", {})
        rows = [
            [f"`{name}`", f"`{body['Type']}`", _created_when(body, conditions, key)]
            for name, body in template["Resources"].items()
        ]
        charts = [
            words["chart"].format(a.chart, a.version, a.repository or words["archive"])
            for a in spec.artifacts
            if a.type == "helmchart" and not a.artifact_id and a.placeholder in repr(template)
        ]
        return [
            text_in(template.get("Description"), key),
            f"{words['charts']}\n\n{_list(charts)}" if charts else "",
            words["resources"],
            _table(words["resource"], rows),
        ]

    return _by_template(templates, key, blocks)


def _created_when(body: dict[str, Any], conditions: dict[str, Any], key: str) -> str:
    name = body.get("Condition")
    return condition_text(conditions[name], key) if name else _WORDS[key]["always"]


def _steps(spec: Spec, name: str, words: dict[str, Any]) -> str:
    url = DEPLOY_URL.format(region=spec.service.region, name=quote(name))
    regions = words["sep"].join(dict.fromkeys(r for t in spec.templates for r in t.regions))
    regions = regions or words["any_region"]
    steps = [s.format(name=name, url=url, regions=regions) for s in words["steps"]]
    return _list(steps, ordered=True)


def _parameters(templates: dict[str, dict[str, Any]], key: str, shown: dict[str, str]) -> list[str]:
    words = _WORDS[key]
    found = []
    for name, template in templates.items():
        heading = f"### {words['template']}: {shown.get(name, name)}"
        lines = [heading, "", *parameter_tables(template, key, 4)]
        choices = _choices(template, key)
        if choices:
            lines += [f"#### {words['choices']}", "", words["choices_intro"], "", choices]
        found.append("\n".join(lines))
    return found


def _choices(template: dict[str, Any], key: str) -> str:
    """One row per choice value that brings up parameters (a positive ``Fn::Equals`` term)."""
    parameters = template["Parameters"]
    shown: dict[tuple[str, str], list[str]] = {}
    for body in parameters.values():
        visible = body.get("AssociationPropertyMetadata", {}).get("Visible")
        for choice, value in _equals_terms(visible["Condition"]) if visible else []:
            shown.setdefault((choice, value), []).append(text_in(body.get("Label"), key))
    rows = []
    for choice, body in parameters.items():
        mapping = body.get("AssociationPropertyMetadata", {}).get("ValueLabelMapping", {})
        for value in body.get("AllowedValues", []):
            if (choice, str(value)) in shown:
                label = text_in(mapping.get(value), key) or value  # a raw mapping may hold str
                rows.append([f"{text_in(body.get('Label'), key)} (`{choice}`)",
                             f"{label} (`{value}`)" if label != value else f"`{value}`",
                             _WORDS[key]["sep"].join(shown[choice, str(value)])])  # fmt: skip
    return _table(_WORDS[key]["choice"], rows) if rows else ""


def _equals_terms(node: Any) -> list[tuple[str, str]]:
    """The ``(parameter, value)`` pairs a condition requires (ignoring negated parts)."""
    ((name, argument),) = node.items()
    if name == "Fn::Equals":
        left, right = argument
        return [(str(left).strip("${}"), str(right))]
    if name in ("Fn::And", "Fn::Or"):
        return [term for part in argument for term in _equals_terms(part)]
    return []


def _outputs(templates: dict[str, dict[str, Any]], key: str) -> list[str]:
    words = _WORDS[key]

    def blocks(template: dict[str, Any]) -> list[str]:
        outputs = template.get("Outputs", {})
        rows = [
            [f"`{name}`", text_in(body.get("Description"), key), _form(body.get("Value"))]
            for name, body in outputs.items()
        ]
        return [words["outputs"], _table(words["output"], rows)] if rows else []

    return _by_template(templates, key, blocks)


def _form(value: Any) -> str:
    """What an output looks like: the ``Fn::Sub`` pattern, or the attribute it reads."""
    if isinstance(value, dict) and len(value) == 1:
        ((name, argument),) = value.items()
        if name == "Fn::Sub":
            return f"`{argument[0] if isinstance(argument, list) else argument}`"
        if name == "Fn::GetAtt":
            return f"`{'.'.join(map(str, argument))}`"
        if name == "Ref":
            return f"`${{{argument}}}`"
    return f"`{value}`" if isinstance(value, str) else ""


def _advanced(spec: Spec, templates: dict[str, dict[str, Any]], key: str, prose: str) -> list[str]:
    """The form's switches, the spec's prose, then the operations after deployment."""
    words = _WORDS[key]
    switches = [
        words["switch"].format(label=text_in(body.get("Label"), key), name=name,
                               description=text_in(body.get("Description"), key),
                               default=str(body.get("Default", False)).lower())
        for template in templates.values()
        for name, body in template["Parameters"].items()
        if body.get("Type") == "Boolean"
    ]  # fmt: skip
    blocks = [f"### {words['switches']}\n\n{_list(switches)}" if switches else "", prose]
    if spec.operations:
        labels = {
            name: text_in(body.get("Label"), key)
            for template in templates.values()
            for name, body in template["Parameters"].items()
        }
        items = [
            words["operation"].format(
                name=op.shown_name(key),
                description=op.shown_description(key).rstrip(".。"),
                parameters=words["sep"].join(labels.get(p, p) for p in op.parameters),
            )
            for op in spec.operations
        ]
        blocks.append(f"### {words['operations']}\n\n{words['operations_intro']}\n\n{_list(items)}")
    return blocks
