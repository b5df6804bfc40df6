"""The README's set-up and tour: the commands exist and run in order as written."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
README = (REPO / "README.md").read_text(encoding="utf-8")
COPIED = ("pyproject.toml", "service_config", "ros_templates", "helm", "examples")


def _section(title: str) -> str:
    start = README.index(f"## {title}")
    end = README.find("\n## ", start + 1)
    return README[start : end if end > 0 else None]


def _blocks(text: str) -> list[list[str]]:
    return [block.strip().splitlines() for block in re.findall(r"```sh\n(.*?)```", text, re.S)]


def _expected_exit(line: str) -> int:
    """A tour comment starting with ``1:`` says the command answers "no"."""
    comment = line.partition("  # ")[2]
    return 1 if comment.startswith("1:") else 0


def test_setup_commands_use_the_scripts_not_the_system_pip() -> None:
    setup = _blocks(_section("Set-up on a fresh machine"))
    assert setup == [["scripts/build --out build/jupyterhub"], ["scripts/test"]]
    for script in ("build", "test", "venv", "install-test-deps"):
        text = (REPO / "scripts" / script).read_text(encoding="utf-8")
        assert "pip install" not in text.replace(".venv/bin/python -m pip install", "")
    assert "scripts/test -q" in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_publish_extra_install_line_is_given() -> None:
    tour = _section("A tour")
    plan_block = next(b for b in _blocks(tour) if any("nestgen plan" in line for line in b))
    assert plan_block[0] == "scripts/venv publish"
    assert "publish =" in (REPO / "setup.cfg").read_text(encoding="utf-8")


def test_tour_runs_in_order_as_written(tmp_path: Path) -> None:
    tour = _blocks(_section("A tour"))[0]
    assert tour[0].startswith(". .venv/bin/activate")
    for name in COPIED:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name)
        else:
            shutil.copy2(source, tmp_path / name)
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    for line in tour[1:]:
        done = subprocess.run(
            ["bash", "-c", line], cwd=tmp_path, env=env, capture_output=True, text=True
        )
        assert done.returncode == _expected_exit(line), (line, done.stderr[-2000:])
        assert "Traceback" not in done.stderr, line
    assert (tmp_path / "my-params.yaml").is_file()
    assert (tmp_path / "stack.yml").read_text(encoding="utf-8").startswith(("services", "version"))


@pytest.mark.parametrize("line", _blocks(_section("A tour"))[0][1:])
def test_tour_inputs_exist_or_are_made_earlier(line: str) -> None:
    tour = _blocks(_section("A tour"))[0]
    made = " ".join(tour[: tour.index(line)])
    for name in re.findall(r"--env-file (\S+)|(\S+\.yaml)\b", line.partition("  #")[0]):
        path = next(n for n in name if n)
        if path.startswith("build/") or line.split(">")[-1].strip() == path:
            continue
        if "-o " + path in line:
            continue
        assert (REPO / path).exists() or path in made, f"{path} is used before it is made"
