"""Each parameter group's parameters, properties and resources."""

from __future__ import annotations

import re

import pytest

from nestgen.errors import InputError
from nestgen.ros.build import compose, missing_requirements
from nestgen.ros.groups import GROUPS, BuildContext
from nestgen.ros.groups.cidr import POD, SERVICE, VPC, VSWITCH
from nestgen.ros.groups.domain import HOST_PATTERN
from nestgen.ros.model import Text

BASE = {"cluster": {}, "network": {}, "workers": {}, "password": {}}
HELM = {"helm": {"artifact": "app", "service": "app-svc", "release": "app"}}


def _template(groups, values=None):
    context = BuildContext(chart_values=values or {})
    return compose(Text("d", "描述"), groups, context).to_dict()


def _group_of(template, name):
    groups = template["Metadata"]["ALIYUN::ROS::Interface"]["ParameterGroups"]
    return next(g for g in groups if name in g["Parameters"])


def test_library_has_the_issue_groups():
    assert {"cluster", "billing", "network", "workers", "password", "domain", "helm", "eci"} <= set(
        GROUPS
    )
    for group in GROUPS.values():
        assert group.label.en and group.label.zh


def test_cluster_group():
    template = _template(BASE)
    parameters = template["Parameters"]
    assert parameters["CsOptions"]["AllowedValues"] == ["ExistCs", "NewAck"]
    assert set(parameters["CsOptions"]["AssociationPropertyMetadata"]["ValueLabelMapping"]) == {
        "ExistCs",
        "NewAck",
    }
    assert parameters["ClusterId"]["AssociationProperty"] == "ALIYUN::CS::Cluster::ClusterId"
    module = template["Resources"]["AckOrAcsClusterModule"]
    assert module["Type"] == "MODULE::ACS::ComputeNest::AckOrAcsCluster"
    assert module["Properties"]["CsOptions"] == {"Ref": "CsOptions"}
    assert module["DependsOn"] == ["VpcModule"]


def test_billing_group():
    template = _template({**BASE, "billing": {}})
    parameters = template["Parameters"]
    assert parameters["PayType"]["AllowedValues"] == ["PostPaid", "PrePaid"]
    assert parameters["PayType"]["AssociationProperty"] == "ChargeType"
    assert parameters["PayPeriodUnit"]["AllowedValues"] == ["Month", "Year"]
    assert parameters["PayPeriod"]["AssociationProperty"] == "PayPeriod"
    assert parameters["PayPeriod"]["Default"] in parameters["PayPeriod"]["AllowedValues"]
    assert parameters["PayPeriodYears"]["AllowedValues"] == [1, 2, 3, 4, 5]
    properties = template["Resources"]["AckOrAcsClusterModule"]["Properties"]
    assert properties["PayPeriod"] == {
        "Fn::If": ["PayByYearCondition", {"Ref": "PayPeriodYears"}, {"Ref": "PayPeriod"}]
    }
    assert template["Conditions"]["PayByYearCondition"] == {
        "Fn::Equals": [{"Ref": "PayPeriodUnit"}, "Year"]
    }
    assert _group_of(template, "PayType")["Parameters"] == [
        "PayType",
        "PayPeriodUnit",
        "PayPeriod",
        "PayPeriodYears",
    ]


def test_network_group():
    template = _template(BASE)
    parameters = template["Parameters"]
    for name in ("ZoneId", "VpcOption", "VpcId", "VSwitchId", "VpcCidrBlock", "VSwitchCidrBlock",
                 "AckNetworkPlugin", "PodCidr", "PodVSwitchId", "ServiceCidr"):  # fmt: skip
        assert name in _group_of(template, "ZoneId")["Parameters"]
    assert parameters["ZoneId"]["AssociationProperty"] == "ALIYUN::ECS::Instance::ZoneId"
    assert parameters["AckNetworkPlugin"]["AllowedValues"] == ["Flannel", "Terway"]
    vpc = template["Resources"]["VpcModule"]
    assert vpc["Type"] == "MODULE::ACS::ComputeNest::VpcAndVSwitch"
    properties = template["Resources"]["AckOrAcsClusterModule"]["Properties"]
    assert properties["AckNetworkPlugin"] == {
        "Fn::If": ["FlannelPluginCondition", "flannel", "terway"]
    }
    assert properties["PodVSwitchId"]["Fn::If"][0] == "PodVSwitchGivenCondition"
    for name in ("VpcCidrBlock", "VSwitchCidrBlock", "PodCidr", "ServiceCidr"):
        body = parameters[name]
        assert re.fullmatch(body["AllowedPattern"], body["Default"]), name


def test_worker_disk_category_has_the_association_its_filter_needs():
    body = _template(BASE)["Parameters"]["WorkerSystemDiskCategory"]
    assert body["AssociationProperty"] == "ALIYUN::ECS::Disk::SystemDiskCategory"
    assert body["AssociationPropertyMetadata"]["InstanceType"] == "${WorkerInstanceType}"


def test_cluster_id_states_the_kubernetes_floor():
    plain = _template(BASE)["Parameters"]["ClusterId"]["Description"]
    assert "Kubernetes" not in plain["en"]
    template = _template({**BASE, "cluster": {"min_kubernetes": "1.28"}})
    description = template["Parameters"]["ClusterId"]["Description"]
    assert "Kubernetes 1.28 or later" in description["en"]
    assert "1.28 或更高" in description["zh-cn"]


def test_workers_group_options():
    template = _template({**BASE, "workers": {"instance_type": "ecs.c7.large", "count": 5}})
    parameters = template["Parameters"]
    assert parameters["WorkerInstanceType"]["Default"] == "ecs.c7.large"
    assert parameters["WorkerInstanceCount"]["Default"] == 5
    properties = template["Resources"]["AckOrAcsClusterModule"]["Properties"]
    assert properties["WorkerInstanceTypes"] == [{"Ref": "WorkerInstanceType"}]


def test_domain_group():
    template = _template({"domain": {"default": "hub.example.org"}})
    body = template["Parameters"]["DomainAddress"]
    assert body["Default"] == "hub.example.org"
    assert template["Resources"] == {}


@pytest.mark.parametrize("host", ["jupyter.example.com", "a.b.co", "x-1.example.io"])
def test_domain_pattern_accepts(host):
    assert re.fullmatch(HOST_PATTERN, host)


@pytest.mark.parametrize(
    "host", ["localhost", "-bad.example.com", "bad-.example.com", "a..b.com", "exa mple.com",
             "http://x.com", "x.c0m", ("a" * 64) + ".com"],
)  # fmt: skip
def test_domain_pattern_rejects(host):
    assert not re.fullmatch(HOST_PATTERN, host)


def test_helm_group():
    template = _template({**BASE, **HELM}, values={"a": {"b": 1}, "name": "数据"})
    body = template["Parameters"]["ChartValues"]
    assert body["Type"] == "Json"
    assert body["Default"] == '{"a": {"b": 1}, "name": "数据"}'
    deploy = template["Resources"]["FluxHelmApplicationModule"]
    assert deploy["Type"] == "MODULE::ACS::ComputeNest::FluxOciHelmDeploy"
    assert deploy["Properties"]["HelmChartUrl"] == "{{ computenest::helmchart::app }}"
    assert deploy["Properties"]["ChartValues"] == {"Fn::MergeMap": [{"Ref": "ChartValues"}]}
    assert deploy["Properties"]["WaitUntil"][0]["Name"] == "app-svc"
    lookup = template["Resources"]["ClusterApplicationResources"]
    assert lookup["Type"] == "DATASOURCE::CS::ClusterApplicationResources"


def test_eci_group_adds_label_and_annotation_under_a_condition():
    template = _template({**BASE, **HELM, "eci": {}})
    assert template["Parameters"]["EnableEciSpot"]["Type"] == "Boolean"
    assert template["Parameters"]["EnableEciSpot"]["Default"] is False
    assert "Virtual Node" in template["Parameters"]["EnableEciSpot"]["Description"]["en"]
    assert template["Conditions"]["EciSpotCondition"] == {
        "Fn::Equals": [{"Ref": "EnableEciSpot"}, True]
    }
    merged = template["Resources"]["FluxHelmApplicationModule"]["Properties"]["ChartValues"]
    condition, values, otherwise = merged["Fn::MergeMap"][-1]["Fn::If"]
    assert condition == "EciSpotCondition" and otherwise == {}
    assert values == {
        "singleuser": {
            "extraLabels": {"alibabacloud.com/eci": "true"},
            "extraAnnotations": {"k8s.aliyun.com/eci-spot-strategy": "SpotAsPriceGo"},
        }
    }


def test_eci_paths_are_configurable():
    options = {"labels_path": ["podLabels"], "annotations_path": ["podAnnotations"]}
    template = _template({**BASE, **HELM, "eci": options})
    merged = template["Resources"]["FluxHelmApplicationModule"]["Properties"]["ChartValues"]
    values = merged["Fn::MergeMap"][-1]["Fn::If"][1]
    assert values == {
        "podLabels": {"alibabacloud.com/eci": "true"},
        "podAnnotations": {"k8s.aliyun.com/eci-spot-strategy": "SpotAsPriceGo"},
    }


def test_oauth_group():
    template = _template({"domain": {}, "oauth": {"callback_path": "/cb"}})
    app = template["Resources"]["OAuthApplication"]
    assert app["Type"] == "ALIYUN::RAM::Application"
    assert app["Properties"]["RedirectUris"][0]["Fn::Sub"][0] == "http://${DomainAddress}/cb"
    assert template["Resources"]["OAuthSecret"]["Type"] == "ALIYUN::RAM::AppSecret"


def test_requirements_and_unknown_groups():
    assert missing_requirements(["billing"]) == []  # billing serves ECS services too
    assert missing_requirements(["startup"]) == [("startup", "ecs")]
    with pytest.raises(InputError, match="cannot be combined"):
        compose(Text("d", "d"), {**BASE, "ecs": {}}, BuildContext())
    with pytest.raises(InputError, match="needs group"):
        compose(Text("d", "d"), {"eci": {}}, BuildContext())
    with pytest.raises(InputError, match="unknown parameter group"):
        compose(Text("d", "d"), {"bogus": {}}, BuildContext())


@pytest.mark.parametrize(
    ("pattern", "good", "bad"),
    [
        (VPC, ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "172.31.5.0/24"],
         ["172.15.0.0/16", "11.0.0.0/8", "192.169.0.0/16", "10.0.0.0/7", "10.0.0.0/25"]),
        (VSWITCH, ["192.168.0.0/24", "10.1.2.0/29"], ["192.168.0.0/30", "8.8.8.0/24"]),
        (POD, ["10.0.0.0/16", "172.20.0.0/16", "192.168.0.0/16"], ["172.32.0.0/16", "10.0.0.0/25"]),
        (SERVICE, ["172.16.0.0/16", "10.0.0.0/24", "192.168.1.0/24"],
         ["10.0.0.0/8", "172.16.0.0/12", "10.0.0.0/25", "1.2.3.4/16"]),
    ],
    ids=["vpc", "vswitch", "pod", "service"],
)  # fmt: skip
def test_cidr_patterns(pattern, good, bad):
    for value in good:
        assert re.fullmatch(pattern, value), value
    for value in bad:
        assert not re.fullmatch(pattern, value), value


@pytest.mark.parametrize(("low", "high"), [(8, 24), (12, 24), (16, 24), (16, 29), (8, 9), (10, 19)])
def test_mask_ranges_match_exactly_their_numbers(low, high):
    from nestgen.ros.groups.cidr import _mask

    pattern = _mask(low, high)
    assert [n for n in range(40) if re.fullmatch(pattern, str(n))] == list(range(low, high + 1))
