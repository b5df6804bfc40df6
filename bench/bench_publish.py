"""Publish against the fake Compute Nest with 50 ms added per request: calls, uploads, time.

Run: ``PYTHONPATH=. python3 bench/bench_publish.py [RUNS]`` (needs ``docker-registry``).
Two packages: the tests' small demo package and the JupyterHub package generated from
the embedded spec. For each: first publish, unchanged republish, a one-line template
edit, a rerun after a first publish that failed at CreateService, ``plan --validate``,
``publish --launch`` (release + pre-launch + launch) and its unchanged rerun, and a saved
plan (``plan -o``, then ``publish PLAN``). Every path runs RUNS times (default 3) on a
fresh fake; the calls are the same each time, the wall time is given as min-max.
computenest-cli 1.9.17 for the same work (measured against a local fake, see issue 15):
first publish 12 calls + chart push + 2 uploads; unchanged republish 8 calls + 1 upload +
1 download; it has no dry run, criteria check, launch or saved plan.
"""

from __future__ import annotations

import contextlib
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "publish"))

from fakecloud import FakeCloud, Server
from publish_helpers import env_for, plan, publish, write_package
from publish_servers import RegistryProcess, chart_archive

from nestgen.errors import NestgenError
from nestgen.package import build_package
from nestgen.publish.run import Target, from_saved, run_plan, run_publish
from nestgen.publish.saved import load
from nestgen.publish.source import Source
from nestgen.publish.steps.base import ApplyOptions
from nestgen.publish.wait import Progress
from nestgen.spec import load_spec

LATENCY = 0.05
OFFICIAL = {
    "first publish": "12 calls + 1 chart push + 2 uploads",
    "no-op republish": "8 calls + 1 upload + 1 download",
}
Step = Callable[[Path, dict[str, str], Path, Path], int]  # returns the chart pushes


def _chart(root: Path, name: str, version: str) -> Path:
    path = root / f"{name}-{version}.tgz"
    path.write_bytes(chart_archive(name, version))
    return path


def _package(root: Path, which: str) -> tuple[Path, Path]:
    if which == "demo":
        return write_package(root / "demo"), _chart(root, "demo", "0.1.0")
    build_package(load_spec(None), root / "jupyterhub")
    return root / "jupyterhub", _chart(root, "jupyterhub", "4.0.0")


def _template(pkg: Path) -> Path:
    return next((pkg / "ros_templates").glob("*.yaml"))


def _edit(pkg: Path, env: dict[str, str], chart: Path, _: Path) -> int:
    path = _template(pkg)
    path.write_text(path.read_text() + "\n# edited\n")
    return 0


def _saved_publish(pkg: Path, env: dict[str, str], chart: Path, tmp: Path) -> int:
    saved = tmp / "plan.json"
    run_plan(
        Source(path=pkg, charts={"": chart}),
        Target(region="cn-hangzhou"),
        env,
        lambda _: None,
        save_to=saved,
    )
    expected = load(saved)
    source, target = from_saved(expected)
    outcome = run_publish(
        source,
        target,
        env,
        lambda _: None,
        options=ApplyOptions(),
        confirm=lambda _: True,
        progress=Progress(sys.stderr),
        expected=expected,
    )
    return len(outcome.log.pushes)


def _first_fails(fake: FakeCloud) -> Step:
    def run(pkg: Path, env: dict[str, str], chart: Path, _: Path) -> int:
        fake.fail_next("CreateService", "400")
        with contextlib.suppress(NestgenError):
            publish(pkg, env, charts={"": chart})
        return 0

    return run


def _publish(**kw: object) -> Step:
    def run(pkg: Path, env: dict[str, str], chart: Path, _: Path) -> int:
        return len(publish(pkg, env, charts={"": chart}, **kw).log.pushes)  # type: ignore[arg-type]

    return run


def _validate(pkg: Path, env: dict[str, str], chart: Path, _: Path) -> int:
    plan(pkg, env, charts={"": chart}, validate=True)
    return 0


# (label, setup steps (not measured), the measured step)
PATHS: list[tuple[str, Callable[[FakeCloud], list[Step]], Callable[[FakeCloud], Step]]] = [
    ("first publish", lambda f: [], lambda f: _publish()),
    ("no-op republish", lambda f: [_publish()], lambda f: _publish()),
    ("one-line template edit", lambda f: [_publish(), _edit], lambda f: _publish()),
    ("rerun after a failed first publish", lambda f: [_first_fails(f)], lambda f: _publish()),
    ("plan --validate", lambda f: [_publish()], lambda f: _validate),
    ("publish --launch", lambda f: [_publish()], lambda f: _publish(launch=True)),
    ("no-op publish --launch", lambda f: [_publish(launch=True)], lambda f: _publish(launch=True)),
    ("plan -o, publish PLAN", lambda f: [_publish(), _edit], lambda f: _saved_publish),
]


def _measure(
    registry: RegistryProcess, root: Path, which: str, path: tuple, runs: int
) -> tuple[str, list[float]]:
    label, setup, measured = path
    walls, figures = [], ""
    for index in range(runs):
        tmp = root / f"{which}-{label.replace(' ', '_')}-{index}"
        tmp.mkdir(parents=True)
        pkg, chart = _package(tmp, which)
        fake = FakeCloud(
            registry_path=f"{registry.host}/computenest/bench",
            registry_user=registry.user,
            registry_password=registry.password,
            latency=LATENCY,
            settle_reads=0,
        )
        with Server(fake) as server:
            env = env_for(fake, server, tmp)
            for step in setup(fake):
                step(pkg, env, chart, tmp)
            calls, writes = len(fake.calls()), len(fake.writes())
            heads = sum(e.action.startswith("HEAD") for e in fake.journal)
            puts = len(fake.puts())
            started = time.perf_counter()
            pushes = measured(fake)(pkg, env, chart, tmp)
            walls.append(time.perf_counter() - started)
            figures = (
                f"{len(fake.calls()) - calls} calls ({len(fake.writes()) - writes} writes) + "
                f"{pushes} chart push + "
                f"{sum(e.action.startswith('HEAD') for e in fake.journal) - heads} HEAD + "
                f"{len(fake.puts()) - puts} uploads"
            )
    return figures, walls


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        registry = RegistryProcess(root / "registry")
        registry.root.mkdir()
        registry.start()
        try:
            for which in ("demo", "jupyterhub"):
                for path in PATHS:
                    figures, walls = _measure(registry, root, which, path, runs)
                    official = OFFICIAL.get(path[0], "-")
                    rows.append(
                        f"| {which} | {path[0]} | {figures} | "
                        f"{min(walls):.2f}-{max(walls):.2f} s | {official} |"
                    )
        finally:
            registry.stop()
    print(
        f"fake Compute Nest + OSS with {LATENCY * 1000:.0f} ms per request; real "
        f"docker-registry on 127.0.0.1 (no added latency); {runs} runs each, in-process"
    )
    print("| package | path | nestgen | wall | computenest-cli 1.9.17 |")
    print("|---|---|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
