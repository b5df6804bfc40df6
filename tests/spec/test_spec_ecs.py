"""ECS specs: artifact kinds and the ecs/startup group checks, positioned."""

from __future__ import annotations

from spec_helpers import positioned_problems

from nestgen.spec import load_spec

ECS_SPEC = """\
name: demo
service:
  info:
    zh-CN: {name: 演示, short_description: 演示服务}
    en-US: {name: Demo, short_description: A demo service}
artifacts:
  - {key: app-image, type: ecsimage, image_id: m-abc123, regions: [cn-hangzhou]}
  - {key: compose, type: file, path: compose.yaml}
  - {key: web, type: acrimage, image: library/nginx:1.27}
templates:
  - name: Demo
    file: demo.yaml
    description: {en: Demo, zh-cn: 演示}
    regions: [cn-hangzhou]
    groups:
      - billing
      - network
      - ecs: {image: {artifact: app-image}, ports: [80]}
      - startup: {compose: compose.yaml}
"""


USES = (
    "services: {web: {image: '{{ computenest::acrimage::web }}'}}\n"
    "# seed data: {{ computenest::file::compose }}\n"
)


def _spec(write_spec, text=ECS_SPEC):
    path = write_spec(text)
    (path.parent / "compose.yaml").write_text(USES, encoding="utf-8")
    return path


def test_ecs_spec_loads_every_artifact_kind(write_spec):
    spec = load_spec(_spec(write_spec))
    image, file, acr = spec.artifacts
    assert (image.type, image.image_id, image.regions) == ("ecsimage", "m-abc123", ("cn-hangzhou",))
    assert file.path == (spec.base_dir / "compose.yaml").resolve()
    assert acr.image == "library/nginx:1.27"
    assert image.placeholder == "{{ computenest::ecsimage::app-image }}"


def _messages(write_spec, text):
    return [(m["line"], m["field"], m["msg"]) for m in positioned_problems(_spec(write_spec, text))]


def test_artifact_fields_follow_the_type(write_spec):
    text = ECS_SPEC.replace("image_id: m-abc123, ", "chart: x, ")
    found = _messages(write_spec, text)
    assert ("7", "artifacts[0]", "an artifact of type ecsimage needs field 'image_id'") in found
    assert ("7", "artifacts[0].chart", "field 'chart' does not apply to type ecsimage") in found


def test_image_artifact_must_exist_and_be_an_ecs_image(write_spec):
    found = _messages(write_spec, ECS_SPEC.replace("{artifact: app-image}", "{artifact: web}"))
    assert found == [
        (
            "18",
            "templates[0].groups[2].ecs.image.artifact",
            "artifact 'web' has type acrimage, not ecsimage",
        )
    ]
    found = _messages(write_spec, ECS_SPEC.replace("{artifact: app-image}", "{artifact: nope}"))
    assert found[0][2] == "no artifact with key 'nope'"


def test_startup_needs_exactly_one_file_and_the_file_exists(write_spec):
    text = ECS_SPEC.replace("{compose: compose.yaml}", "{compose: compose.yaml, script: s.sh}")
    found = _messages(write_spec, text)
    assert (
        "19",
        "templates[0].groups[3].startup",
        "needs exactly one of 'compose' (a docker compose file) or 'script'",
    ) in found
    found = _messages(
        write_spec, ECS_SPEC.replace("{compose: compose.yaml}", "{compose: gone.yaml}")
    )
    assert found == [("19", "templates[0].groups[3].startup.compose", "no such file: gone.yaml")]


def test_ecs_with_cluster_and_unknown_option(write_spec):
    text = ECS_SPEC.replace(
        "      - billing\n", "      - cluster\n      - workers\n      - password\n"
    )
    found = _messages(write_spec, text)
    assert any(m == "group 'ecs' cannot be combined with group 'cluster'" for _, _, m in found)
    found = _messages(write_spec, ECS_SPEC.replace("ports: [80]", "prots: [80]"))
    assert found == [
        ("18", "templates[0].groups[2].ecs.prots", "unknown key 'prots' (did you mean ports?)")
    ]


def test_placeholders_must_be_declared_and_artifacts_used(write_spec):
    text = ECS_SPEC.replace(
        "      - startup: {compose: compose.yaml}\n",
        "      - startup: {compose: compose.yaml}\n"
        "    outputs:\n"
        "      - {name: Image, description: {en: I, zh-cn: 镜像},"
        " value: '{{ computenest::ecsimage::other }}'}\n",
    ).replace("  - {key: web, type: acrimage, image: library/nginx:1.27}\n", "")
    path = write_spec(text)
    (path.parent / "compose.yaml").write_text("services: {}\n", encoding="utf-8")
    found = [(m["line"], m["field"], m["msg"]) for m in positioned_problems(path)]
    assert found == [
        (
            "20",
            "templates[0].outputs[0].value",
            "{{ computenest::ecsimage::other }} names no declared artifact",
        ),
    ]
    path.write_text(text.replace("::other", "::app-image"), encoding="utf-8")
    found = [(m["line"], m["field"], m["msg"]) for m in positioned_problems(path)]
    assert found == [("8", "artifacts[1].key", "artifact 'compose' is used by no template")]


def test_image_regions_cover_the_templates_regions(write_spec):
    text = ECS_SPEC.replace(
        "regions: [cn-hangzhou]\n    groups", "regions: [cn-hangzhou, cn-beijing]\n    groups"
    )
    found = [
        (m["line"], m["field"], m["msg"]) for m in positioned_problems(_spec(write_spec, text))
    ]
    assert found == [
        (
            "7",
            "artifacts[0].regions",
            "does not cover the regions of the templates using it: cn-beijing",
        )
    ]
