"""The JupyterHub package against the real zero-to-jupyterhub chart, JupyterHub and KubeSpawner.

The generated template's Helm values (ChartValues default plus what the template adds, ROS
functions resolved with sample values) are merged over the real chart's defaults and checked
with its own values.schema.json; the chart's own hub config is loaded with real JupyterHub,
KubeSpawner and the configured authenticator; the user pod KubeSpawner builds offline is
checked, and a real jupyterhub-singleuser is started with that pod's environment and volumes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from z2jh_env import (
    IMAGE_WORKDIR,
    emulate_volumes,
    extract_chart,
    hub_api,
    hub_etc,
    probe,
    start_singleuser,
    wait_for_status,
)

from nestgen import yamlio
from nestgen.params.deployed import (
    ImageUse,
    chart_images,
    chart_values,
    check_against_chart,
    deployed_values,
)
from nestgen.params.helm import load_chart
from nestgen.ros.sample import PSEUDO_SAMPLES
from nestgen.ros.values import plain

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[3]
TEMPLATE = REPO / "ros_templates" / "template.yaml"
CHOICES = {"default form": {}, "ECI + Spot": {"EnableEciSpot": True}}
ECI_LABEL = ("alibabacloud.com/eci", "true")
SPOT_ANNOTATION = ("k8s.aliyun.com/eci-spot-strategy", "SpotAsPriceGo")


def _chart_archive() -> Path:
    for parent in REPO.parents:
        candidate = parent / "shared" / "charts" / "jupyterhub-4.0.0.tgz"
        if candidate.is_file():
            return candidate
    pytest.skip("the real chart archive (shared/charts/jupyterhub-4.0.0.tgz) is not here")


@pytest.fixture(scope="module")
def template() -> dict[str, Any]:
    return dict(plain(yamlio.load_file(TEMPLATE).data))


@pytest.fixture(scope="module")
def chart_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return extract_chart(_chart_archive(), tmp_path_factory.mktemp("chart"))


def _merged(chart_dir: Path, template: dict[str, Any], choices: dict[str, Any]) -> dict:
    return chart_values(load_chart(chart_dir), deployed_values(template, choices))


def test_merged_values_pass_the_charts_own_schema(template: dict[str, Any]) -> None:
    chart = load_chart(_chart_archive())
    assert chart.schema is not None
    assert check_against_chart(chart, template, CHOICES) == []


def test_a_bad_value_is_caught_by_the_charts_schema(template: dict[str, Any]) -> None:
    chart = load_chart(_chart_archive())
    broken = {**template, "Parameters": dict(template["Parameters"])}
    broken["Parameters"]["ChartValues"] = {
        **broken["Parameters"]["ChartValues"],
        "Default": '{"singleuser": {"storage": {"type": "dynamc"}}}',
    }
    problems = check_against_chart(chart, broken, {"default form": {}})
    assert [p.path for p in problems] == ["singleuser.storage.type"]


@pytest.fixture(scope="module", params=list(CHOICES))
def choice(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def hub(
    choice: str, chart_dir: Path, template: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    values = _merged(chart_dir, template, CHOICES[choice])
    etc = hub_etc(chart_dir, values, tmp_path_factory.mktemp("hubpod"))
    extra_env = {k: str(v) for k, v in (values["hub"].get("extraEnv") or {}).items()}
    return {"values": values, **probe(etc, extra_env)}


def _container(pod: dict[str, Any]) -> dict[str, Any]:
    return dict(pod["spec"]["containers"][0])


def _env(pod: dict[str, Any]) -> dict[str, str]:
    return {e["name"]: e.get("value", "") for e in _container(pod).get("env", [])}


def test_notebook_root_lies_inside_a_mounted_volume(hub: dict[str, Any]) -> None:
    pod = hub["pod"]
    root = (
        _env(pod).get("JUPYTERHUB_ROOT_DIR") or _container(pod).get("workingDir") or (IMAGE_WORKDIR)
    )
    mounts = [m["mountPath"].rstrip("/") for m in _container(pod)["volumeMounts"]]
    # A new disk holds nothing but its root: the notebook root must be a mount point itself.
    assert root.rstrip("/") in mounts, (root, mounts)


def test_user_disk_storage_class_size_image_and_resources(hub: dict[str, Any]) -> None:
    values, pod, pvc = hub["values"], hub["pod"], hub["pvc"]
    single = values["singleuser"]
    assert hub["storage_pvc_ensure"] is True
    assert pvc["spec"]["storageClassName"] == single["storage"]["dynamic"]["storageClass"]
    assert pvc["spec"]["resources"]["requests"]["storage"] == single["storage"]["capacity"]
    assert pvc["spec"]["storageClassName"] == "alicloud-disk-topology-alltype"
    container = _container(pod)
    assert container["image"] == f"{single['image']['name']}:{single['image']['tag']}"
    resources = container["resources"]
    assert float(resources["limits"]["cpu"]) == float(single["cpu"]["limit"])
    assert int(resources["requests"]["memory"]) == _bytes(single["memory"]["guarantee"])
    assert int(resources["limits"]["memory"]) == _bytes(single["memory"]["limit"])


def _bytes(text: str) -> int:
    """KubeSpawner's reading of ``4G``: binary multiples."""
    return int(text[:-1]) * 1024 ** "KMGT".index(text[-1].upper()) * 1024


def test_eci_label_and_spot_annotation_only_when_chosen(choice: str, hub: dict) -> None:
    meta = hub["pod"]["metadata"]
    chosen = choice == "ECI + Spot"
    assert (meta["labels"].get(ECI_LABEL[0]) == ECI_LABEL[1]) is chosen
    assert ((meta.get("annotations") or {}).get(SPOT_ANNOTATION[0]) == SPOT_ANNOTATION[1]) is (
        chosen
    )


def test_oauth_authenticator_resolves_and_loads_its_settings(hub: dict[str, Any]) -> None:
    assert hub["authenticator"] == "oauthenticator.generic.GenericOAuthenticator"
    assert hub["spawner_class"] == "kubespawner.spawner.KubeSpawner"
    settings = hub["settings"]
    assert settings["client_id"] == "sample-OAuthApplication-AppId"
    assert settings["oauth_callback_url"] == "http://jupyter.example.com/hub/oauth_callback"
    assert settings["username_claim"] == "uid"
    assert sorted(settings["admin_users"]) == sorted(
        [PSEUDO_SAMPLES["ALIYUN::AccountId"], PSEUDO_SAMPLES["ALIYUN::TenantId"]]
    )


def test_the_real_singleuser_server_starts_and_serves_status(
    hub: dict[str, Any], tmp_path: Path
) -> None:
    root = tmp_path / "pod"
    emulate_volumes(hub["pod"], root)
    with hub_api() as api_url, start_singleuser(hub["pod"], root, api_url) as server:
        status = wait_for_status(server)
        assert status is not None, f"jupyterhub-singleuser exited:\n{server.output()}"
        assert "started" in status


def _pulled(use: ImageUse) -> str:
    if use.enabled:
        return f"yes (needs `{use.needs}`, on)" if use.needs else "yes"
    return f"no: only with `{use.needs}`"


def test_the_docs_list_every_image_pulled(chart_dir: Path, template: dict) -> None:
    """docs/flagship.md's image table is chart_images of the built values, for every choice."""
    tables = {
        choice: [
            f"| `{u.path}` | `{u.reference}` | {_pulled(u)} |"
            for u in chart_images(_merged(chart_dir, template, choices))
        ]
        for choice, choices in CHOICES.items()
    }
    assert tables["default form"] == tables["ECI + Spot"]
    text = (REPO / "docs" / "flagship.md").read_text(encoding="utf-8")
    block = text.split("<!-- images: begin -->\n")[1].split("<!-- images: end -->")[0]
    assert block.splitlines()[2:] == tables["default form"]


def test_every_image_the_chart_pulls_is_listed(chart_dir: Path, template: dict) -> None:
    uses = [u for u in chart_images(_merged(chart_dir, template, {})) if u.enabled]
    pulled = {u.path: u.reference for u in uses}
    assert pulled["singleuser.image"].startswith("quay.io/jupyter/base-notebook:")
    assert pulled["hub.image"] == "quay.io/jupyterhub/k8s-hub:4.0.0"
    assert "proxy.chp.image" in pulled
    assert "singleuser.networkTools.image" not in pulled  # blockWithIptables is off


def test_build_checks_the_values_against_the_cached_real_chart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the real chart in nestgen's chart cache, a bad overlay value fails the build."""
    import shutil

    from nestgen.errors import CheckFailed
    from nestgen.package import build_package
    from nestgen.spec import load_spec

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    charts = tmp_path / "cache" / "nestgen" / "charts"
    charts.mkdir(parents=True)
    shutil.copy(_chart_archive(), charts / "jupyterhub-4.0.0.tgz")
    for name in ("service_config", "helm"):
        shutil.copytree(REPO / name, tmp_path / name)
    assert build_package(load_spec(tmp_path / "service_config" / "jupyterhub.yaml"), tmp_path / "a")
    overlay = tmp_path / "helm" / "jupyterhub-ack-values.yaml"
    lines = overlay.read_text().splitlines(keepends=True)
    (line,) = [i for i, text in enumerate(lines, 1) if text.strip() == "type: dynamic"]
    overlay.write_text(overlay.read_text().replace("type: dynamic", "type: dynamc"))
    with pytest.raises(CheckFailed) as caught:
        build_package(load_spec(tmp_path / "service_config" / "jupyterhub.yaml"), tmp_path / "b")
    assert f"{overlay}:{line}:5: singleuser.storage.type: 'dynamc' is not one of" in str(
        caught.value
    )
    assert not (tmp_path / "b").exists()
