"""The chart digest lock file beside a spec: optional, read when present."""

from __future__ import annotations

import pytest

from nestgen.errors import InputErrors
from nestgen.spec import load_spec

DIGEST = "sha256:" + "ab" * 32


def test_absent_lock_means_no_digest(write_spec, minimal_spec_text):
    spec = load_spec(write_spec(minimal_spec_text))
    assert spec.artifacts[0].digest is None
    assert spec.lock_path.name == "spec.lock.yaml"


def test_lock_digest_is_exposed(write_spec, minimal_spec_text):
    write_spec(
        f"charts:\n  app: {{chart: app, version: 1.2.3, digest: '{DIGEST}'}}\n", "spec.lock.yaml"
    )
    artifact = load_spec(write_spec(minimal_spec_text)).artifacts[0]
    assert (artifact.key, artifact.chart, artifact.version) == ("app", "app", "1.2.3")
    assert artifact.repository == "https://example.com/charts"
    assert artifact.digest == DIGEST
    assert artifact.placeholder == "{{ computenest::helmchart::app }}"


def test_stale_lock_entry_is_ignored(write_spec, minimal_spec_text):
    write_spec(
        f"charts:\n  app: {{chart: app, version: 1.0.0, digest: '{DIGEST}'}}\n", "spec.lock.yaml"
    )
    assert load_spec(write_spec(minimal_spec_text)).artifacts[0].digest is None


def test_broken_lock_is_an_input_error(write_spec, minimal_spec_text):
    write_spec("charts: [\n", "spec.lock.yaml")
    with pytest.raises(InputErrors, match=r"spec\.lock\.yaml:2"):
        load_spec(write_spec(minimal_spec_text))
