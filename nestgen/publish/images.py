"""Pin the images a spec's charts and compose files pull (``images: acr``), before the build.

For each chart: the images its deployed values pull (the generated template's values over
the chart's ``values.yaml``, as :mod:`nestgen.params.deployed` resolves them; parts the
values leave disabled are not pulled, so not re-hosted) are pinned by digest in the lock.
An image already pinned at the same name and tag is not looked up again (``--update-lock``
looks again); a new one costs one anonymous manifest read at its registry. The spec that
comes back carries one AcrImage artifact per image (:func:`nestgen.spec.images.with_images`).
A compose file's images are its services' ``image:`` entries.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

from nestgen.cloud.chart import ChartArchive
from nestgen.cloud.deadline import Deadline
from nestgen.cloud.oci import image_digest
from nestgen.cloud.retry import RetryPolicy
from nestgen.errors import InputError, RemoteError
from nestgen.package.render import build_template
from nestgen.package.values import startup_file
from nestgen.params.deployed import chart_images, chart_values, deployed_values
from nestgen.params.helm import load_chart
from nestgen.publish.lock import ChartLock
from nestgen.ros.groups.startup import compose_images
from nestgen.ros.sample import SampleError
from nestgen.ros.values import plain
from nestgen.spec import Artifact, Spec
from nestgen.spec.images import ACR, compose_owner, split_reference, with_images

Fetch = Callable[[Artifact], ChartArchive]  # a spec chart's archive, checked against the lock


def pulled(spec: Spec, chart: Artifact, archive: ChartArchive) -> dict[str, str]:
    """Values path -> image, for every enabled image the chart's templates make it pull."""
    with tempfile.TemporaryDirectory(prefix="nestgen-chart-") as tmp:
        path = Path(tmp) / f"{archive.name}-{archive.version}.tgz"
        path.write_bytes(archive.data)
        defaults = load_chart(path)
    plain_spec = with_images(spec, {})  # the values as the chart would get them today
    found: dict[str, str] = {}
    for template in spec.templates:
        if template.groups.get("helm", {}).get("artifact") != chart.key:
            continue
        body = plain(build_template(plain_spec, template).to_dict())
        try:
            values = chart_values(defaults, deployed_values(body))
        except (SampleError, ValueError) as exc:
            raise InputError(
                f"template {template.name}: cannot resolve the Helm values: {exc}"
            ) from None
        for use in chart_images(values):
            if use.enabled and found.setdefault(use.path, use.reference) != use.reference:
                raise InputError(
                    f"chart {chart.key}: templates pull different images at {use.path} "
                    f"({found[use.path]}, {use.reference}); images: acr needs one"
                )
    return found


def pin(
    wanted: Mapping[str, str],
    known: Mapping[str, str],
    update: bool,
    policy: RetryPolicy,
    timeout: float,
    deadline: Deadline | None = None,
) -> dict[str, str]:
    """Each wanted image pinned by digest: the lock's pin when it names the same image."""
    pinned: dict[str, str] = {}
    digests: dict[str, str] = {}  # one look-up per image, however many paths pull it
    for path, reference in sorted(wanted.items()):
        name, tag, digest = split_reference(reference)
        if digest:
            pinned[path] = reference
            continue
        old = known.get(path, "")
        if old and split_reference(old)[:2] == (name, tag) and not update:
            pinned[path] = old
            continue
        if reference not in digests:
            try:
                digests[reference] = image_digest(reference, policy, timeout, deadline)
            except RemoteError as exc:
                raise RemoteError(f"image {reference} (at {path}): {exc}") from None
        pinned[path] = f"{reference}@{digests[reference]}"
    return pinned


def pin_images(
    spec: Spec,
    lock: ChartLock,
    fetch: Fetch,
    update: bool,
    policy: RetryPolicy,
    timeout: float,
    deadline: Deadline | None = None,
) -> Spec:
    """``spec`` with its charts' images pinned (in ``lock``) and re-hosted; as is for keep."""
    if spec.images != ACR:
        return spec
    pinned: dict[str, dict[str, str]] = {}
    for chart in spec.artifacts:
        if chart.type != "helmchart" or chart.artifact_id:  # an existing artifact: no chart
            continue
        archive = fetch(chart)
        lock.check(chart.key, archive, update)
        wanted = pulled(spec, chart, archive)
        images = pin(wanted, lock.images(chart.key), update, policy, timeout, deadline)
        lock.pin_images(chart.key, images)
        pinned[chart.key] = images
    for template in spec.templates:
        if "compose" not in template.groups.get("startup", {}):
            continue
        wanted = compose_images(startup_file(spec, template))
        known = lock.compose_images(template.name)
        images = pin(wanted, known, update, policy, timeout, deadline)
        lock.pin_compose(template.name, images)
        pinned[compose_owner(template.name)] = images
    return with_images(spec, pinned)
