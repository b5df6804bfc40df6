"""The Alibaba Cloud region ids a Compute Nest service can name.

Compute Nest deploys through ROS, so a deploy region must be a ROS region. This list is the
region table of ROS's own SDK (the endpoint map of ``alibabacloud_ros20190910`` 3.8, which
``scripts/venv publish`` installs), plus the special regions real published packages name; a
test compares it with the installed SDK. A region newer
than this list is named in the spec's ``new_regions`` to be accepted.
"""

from __future__ import annotations

from nestgen.suggest import did_you_mean

ROS_REGIONS = frozenset(
    {
        "cn-shanghai-cloudspe",  # not in the SDK's map; named by a real published package
        "ap-northeast-1",
        "ap-northeast-2",
        "ap-south-1",
        "ap-southeast-1",
        "ap-southeast-2",
        "ap-southeast-3",
        "ap-southeast-5",
        "ap-southeast-6",
        "ap-southeast-7",
        "ap-southeast-8",
        "cn-beijing",
        "cn-chengdu",
        "cn-fuzhou",
        "cn-guangzhou",
        "cn-hangzhou",
        "cn-hangzhou-finance",
        "cn-heyuan",
        "cn-heyuan-acdr-1",
        "cn-hongkong",
        "cn-huhehaote",
        "cn-nanjing",
        "cn-qingdao",
        "cn-shanghai",
        "cn-shanghai-finance-1",
        "cn-shenzhen",
        "cn-shenzhen-finance-1",
        "cn-wuhan-lr",
        "cn-wulanchabu",
        "cn-wulanchabu-gic-1",
        "cn-zhangjiakou",
        "cn-zhengzhou-jva",
        "cn-zhongwei",
        "eu-central-1",
        "eu-west-1",
        "eu-west-2",
        "me-central-1",
        "me-east-1",
        "na-south-1",
        "sa-east-1",
        "us-east-1",
        "us-southeast-1",
        "us-west-1",
    }
)


def unknown_region(region: str, also: frozenset[str] | set[str] = frozenset()) -> str | None:
    """Why ``region`` is not a known region (with a did-you-mean), or None when it is."""
    if region in ROS_REGIONS or region in also:
        return None
    hint = did_you_mean(region, sorted(ROS_REGIONS), cutoff=0.75)
    return f"unknown region {region!r}{hint}; a region newer than nestgen goes in new_regions"
