"""The generated deployment-parameter pages."""

from __future__ import annotations

from nestgen import yamlio


def test_pages_list_every_parameter_in_each_locale(embedded_files):
    template = yamlio.loads(embedded_files["ros_templates/template.yaml"]).data
    for page, locale in (("en-US", "en"), ("zh-CN", "zh-cn")):
        text = embedded_files[f"docs/parameters.{page}.md"].decode("utf-8")
        for name, body in template["Parameters"].items():
            (row,) = [line for line in text.splitlines() if line.startswith(f"| `{name}` |")]
            assert body["Label"][locale] in row
        groups = template["Metadata"]["ALIYUN::ROS::Interface"]["ParameterGroups"]
        for group in groups:
            assert f"### {group['Label'][locale]}" in text


def test_visibility_is_spelled_out(embedded_files):
    text = embedded_files["docs/parameters.en-US.md"].decode("utf-8")
    (row,) = [line for line in text.splitlines() if line.startswith("| `PayPeriod` |")]
    assert row.endswith("| CsOptions = NewAck and PayType = PrePaid and PayPeriodUnit = Month |")
    (row,) = [line for line in text.splitlines() if line.startswith("| `PodCidr` |")]
    assert "AckNetworkPlugin = Flannel" in row
    zh = embedded_files["docs/parameters.zh-CN.md"].decode("utf-8")
    assert "CsOptions = NewAck 且 PayType = PrePaid" in zh


def test_secret_and_json_defaults_are_not_printed(embedded_files):
    text = embedded_files["docs/parameters.en-US.md"].decode("utf-8")
    (row,) = [line for line in text.splitlines() if line.startswith("| `ChartValues` |")]
    assert "(JSON)" in row and "alicloud-disk-essd" not in row
    (row,) = [line for line in text.splitlines() if line.startswith("| `LoginPassword` |")]
    assert row.split(" | ")[3] == ""
