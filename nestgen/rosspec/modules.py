"""The public Compute Nest ROS modules, as far as published templates show them.

``MODULE::ACS::ComputeNest::*`` are ROS modules Compute Nest publishes; the ROS CDK does not
describe them and their own templates are not public, so their properties (the module's
parameters) and attributes (its outputs) are declared here from the published templates
that use them: every name below is set (or read with ``Fn::GetAtt``) by at least one
aliyun-computenest service in the corpus, counted by template.  The lists are what is
known, not everything the modules take, so a name outside them is a warning (W8009), not
an error; values are not checked (type ``any``: no published source says more).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class ObservedModule:
    """A module's property and attribute names, each with how many published templates use it."""

    source: str
    properties: Mapping[str, int]
    attributes: Mapping[str, int]


_SERVICES = "aliyun-computenest services: "
MODULES: dict[str, ObservedModule] = {
    "MODULE::ACS::ComputeNest::AckOrAcsCluster": ObservedModule(
        _SERVICES + "jupyterhub, quickstart-ChaosMesh, quickstart-airflow, quickstart-harbor, "
        "quickstart-kuberay (5 templates)",
        {
            name: 5
            for name in (
                "AckNetworkPlugin",
                "ClusterId",
                "ClusterSpec",
                "CsOptions",
                "LoginPassword",
                "PayPeriod",
                "PayPeriodUnit",
                "PayType",
                "PodCidr",
                "PodVSwitchId",
                "ServiceCidr",
                "VSwitchId",
                "VpcId",
                "WorkerInstanceCount",
                "WorkerInstanceTypes",
                "WorkerSystemDiskCategory",
                "WorkerSystemDiskSize",
                "ZoneId",
            )
        },
        {"ClusterId": 5},
    ),
    "MODULE::ACS::ComputeNest::FluxOciHelmDeploy": ObservedModule(
        _SERVICES + "argo-workflow, jupyterhub, quickstart-ChaosMesh, quickstart-ack-helm, "
        "quickstart-airflow, quickstart-dify, quickstart-harbor, quickstart-kuberay, "
        "wordpress-acs-helm-demo (10 templates)",
        {
            "ChartValues": 10,
            "ClusterId": 10,
            "DockerConfigJson": 4,
            "HelmChartUrl": 10,
            "Namespace": 10,
            "OutputCmd": 3,
            "ReleaseName": 10,
            "WaitHelmTimeout": 1,
            "WaitUntil": 6,
        },
        {"HelmOutput": 4, "WaitUntilData": 1},
    ),
    "MODULE::ACS::ComputeNest::VpcAndVSwitch": ObservedModule(
        _SERVICES + "app-template-docker-app-instant-deploy, gitlab-runner, jupyterhub, "
        "quickstart-ChaosMesh, quickstart-airflow, quickstart-dify, quickstart-harbor, "
        "quickstart-kuberay, quickstart-open-notebook (9 templates)",
        {
            "EnableDualZones": 1,
            "VSwitchCidrBlock": 9,
            "VSwitchCidrBlockSecondary": 1,
            "VSwitchId": 9,
            "VSwitchIdSecondary": 1,
            "VpcCidrBlock": 9,
            "VpcId": 9,
            "VpcOption": 9,
            "ZoneId": 9,
            "ZoneIdSecondary": 1,
        },
        {"VSwitchId": 9, "VSwitchIdSecondary": 1, "VpcId": 9},
    ),
}
