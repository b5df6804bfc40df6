"""No rule crashes on strangely shaped templates and configs (property-based)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nestgen.lint.config import LintConfig
from nestgen.lint.context import Context, PackageTemplate, SourceFile
from nestgen.lint.engine import _lint_source
from nestgen.yamlio import Document, YMap

KEYS = st.sampled_from(
    [
        "Type",
        "Default",
        "Ref",
        "Fn::GetAtt",
        "Fn::Sub",
        "Fn::If",
        "Fn::Equals",
        "Fn::FindInMap",
        "Condition",
        "DependsOn",
        "Value",
        "Parameters",
        "Label",
        "en",
        "AllowedValues",
        "AllowedPattern",
        "NoEcho",
        "AssociationPropertyMetadata",
        "Visible",
        "ValueLabelMapping",
        "ParameterGroups",
        "Hidden",
        "Outputs",
        "TemplateBody",
        "Properties",
        "MinValue",
        "Url",
        "TemplateConfigs",
        "Service",
        "DeployMetadata",
        "Operation",
        "x",
        "ALIYUN::ROS::Interface",
        "SupplierDeployMetadata",
        "ModifyParametersConfig",
        "OperationMetadata",
        "FileArtifactRelation",
        "ArtifactId",
        "SupportRegionIds",
        "AllowedRegions",
        "Artifact_1",
        "Workspace",
    ]
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.sampled_from(["${A}", "[a-", "A", "{{ computenest::file::x }}", "", "x.y"]),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(KEYS, inner, max_size=4)),
    max_leaves=25,
)
SECTIONS = st.sampled_from(
    [
        "ROSTemplateFormatVersion",
        "Parameters",
        "Resources",
        "Outputs",
        "Conditions",
        "Mappings",
        "Locals",
        "Metadata",
        "Rules",
        "Service",
        "Artifact",
        "Transform",
    ]
)


def _run(data: dict, kind: str) -> list:
    source = SourceFile(
        __import__("pathlib").Path("t.yaml"), "t.yaml", kind, Document(YMap(data), "t.yaml")
    )
    source.doc.data = data
    package = [
        PackageTemplate("Main", "t.yaml", ("Service",), source, Context(source, LintConfig(), data))
    ]
    return list(_lint_source(source, LintConfig(), package if kind == "config" else []))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(SECTIONS, VALUES, max_size=6), st.sampled_from(["template", "config"]))
def test_no_rule_crashes(data: dict, kind: str) -> None:
    crashes = [f for f in _run(data, kind) if f.rule == "E0005"]
    assert crashes == []
