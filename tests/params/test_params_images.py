"""chart_images: every image the merged values name, and whether (and by what) its part is on."""

from __future__ import annotations

from nestgen.params.deployed import chart_images


def _image(name: str) -> dict[str, str]:
    return {"name": name, "tag": "1"}


VALUES = {
    "hub": {"image": _image("hub")},
    "proxy": {"https": {"enabled": False}, "traefik": {"image": _image("traefik")}},
    "prePuller": {
        "hook": {"enabled": False, "image": _image("awaiter")},
        "continuous": {"enabled": True},
        "pause": {"image": _image("pause")},
    },
    "singleuser": {"image": {"name": "notebook"}, "cloudMetadata": {"blockWithIptables": True},
                   "networkTools": {"image": _image("tools")}},
}  # fmt: skip


def test_each_image_with_its_switch() -> None:
    found = {u.path: (u.reference, u.enabled, u.needs) for u in chart_images(VALUES)}
    assert found == {
        "hub.image": ("hub:1", True, ""),
        "proxy.traefik.image": ("traefik:1", False, "proxy.https.enabled"),
        # the innermost part decides: the hook's own switch, not the pre-puller's either-or
        "prePuller.hook.image": ("awaiter:1", False, "prePuller.hook.enabled"),
        "prePuller.pause.image": (
            "pause:1",
            True,
            "prePuller.hook.enabled or prePuller.continuous.enabled",
        ),
        "singleuser.image": ("notebook", True, ""),
        "singleuser.networkTools.image": (
            "tools:1",
            True,
            "singleuser.cloudMetadata.blockWithIptables",
        ),
    }
    assert [u.path for u in chart_images(VALUES)] == sorted(found)
