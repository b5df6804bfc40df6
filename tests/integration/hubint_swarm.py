"""A private Docker engine in single-node Swarm mode, and tiny images made by ``docker import``.

The engine has its own data root, exec root and socket (vfs storage, no iptables, no bridge),
so it never touches a system engine. Images are tagged with a loopback registry name so the
engine never looks a name up on a public registry.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hubint_servers import free_port, require_binary, spawned, temp_dir, wait_until

NETWORK = "hubint-net"
GPU_COUNT = 2
# The one program in the test images: a shell that waits until it is told to stop.
IDLE_COMMAND = "/bin/sh -c 'trap \"exit 0\" TERM; while true; do sleep 1; done'"


@dataclass(frozen=True)
class Swarm:
    """A running single-node Swarm: how to reach it and the names the tests use."""

    socket: Path
    registry: str
    network: str

    @property
    def env(self) -> dict[str, str]:
        """Environment for the docker CLI and docker-py to use this engine."""
        return {
            "DOCKER_HOST": f"unix://{self.socket}",
            "DOCKER_CONFIG": str(self.socket.parent / "client"),
        }

    def docker(self, *args: str, check: bool = True, stdin: bytes | None = None) -> str:
        """Run the docker CLI against this engine and return its output."""
        env = {**os.environ, **self.env}
        env.pop("DOCKER_CONTEXT", None)
        done = subprocess.run(
            ["docker", *args], input=stdin, capture_output=True, env=env, timeout=120, check=False
        )
        if check and done.returncode:
            raise RuntimeError(f"docker {' '.join(args)}: {done.stderr.decode(errors='replace')}")
        return done.stdout.decode()

    def inspect(self, kind: str, name: str) -> dict | None:
        """``docker <kind> inspect`` (plain ``docker inspect`` for kind ``inspect``) as a
        dict, or None when the object does not exist."""
        command = ["inspect"] if kind == "inspect" else [kind, "inspect"]
        out = self.docker(*command, name, check=False)
        found = json.loads(out) if out.strip() else []
        return found[0] if found else None

    def label_node(self, key: str, value: str) -> None:
        """Add a label to the one node of the Swarm (for placement constraints)."""
        node = self.docker("info", "--format", "{{.Swarm.NodeID}}").strip()
        self.docker("node", "update", "--label-add", f"{key}={value}", node)

    def image(self, name: str) -> str:
        """A test image name under the loopback registry prefix."""
        return f"{self.registry}/{name}"


@contextlib.contextmanager
def start_swarm(images: tuple[str, ...]) -> Iterator[Swarm]:
    """Start dockerd, init a single-node Swarm on 127.0.0.1, import the test images."""
    dockerd = require_binary("dockerd", "/usr/sbin/dockerd")
    require_binary("docker")
    busybox = require_binary("busybox", "/bin/busybox")
    if not is_static(Path(busybox)):
        pytest.skip(f"{busybox} is linked dynamically: the test images need busybox-static")
    with temp_dir("hubint-dk-") as root:
        sock, log = root / "docker.sock", root / "dockerd.log"
        argv = [
            dockerd,
            "--storage-driver=vfs",
            "--iptables=false",
            "--bridge=none",
            f"--data-root={root / 'data'}",
            f"--exec-root={root / 'x'}",
            f"--host=unix://{sock}",
            f"--pidfile={root / 'dockerd.pid'}",
            "--containerd-namespace=hubint",
            "--containerd-plugins-namespace=hubint-plugins",
            f"--node-generic-resource=GPU={GPU_COUNT}",
        ]
        with spawned(argv, log) as proc:
            swarm = Swarm(sock, f"127.0.0.1:{free_port()}", NETWORK)
            wait_until(lambda: bool(swarm.docker("version")), 60, "dockerd", proc, log)
            init_swarm(swarm)
            for name in images:
                import_image(swarm, name, busybox)
            yield swarm


def init_swarm(swarm: Swarm) -> None:
    """Make the engine a Swarm manager on loopback with an attachable overlay network."""
    swarm.docker(
        "swarm",
        "init",
        "--advertise-addr",
        "127.0.0.1",
        "--listen-addr",
        f"127.0.0.1:{free_port()}",
    )
    swarm.docker("network", "create", "--driver", "overlay", "--attachable", swarm.network)


def import_image(swarm: Swarm, name: str, busybox: str) -> None:
    """``docker import`` a root filesystem holding a static busybox, tagged with ``name``."""
    swarm.docker(
        "import",
        "--change",
        'CMD ["/bin/sh"]',
        "-",
        swarm.image(name),
        stdin=busybox_rootfs(Path(busybox)),
    )


def is_static(program: Path) -> bool:
    """Whether an ELF executable has no program interpreter (so it runs in an empty rootfs)."""
    head = program.read_bytes()[:65536]
    if head[:4] != b"\x7fELF" or head[4] != 2:  # 64-bit ELF only
        return False
    phoff = int.from_bytes(head[0x20:0x28], "little")
    size, count = (int.from_bytes(head[o : o + 2], "little") for o in (0x36, 0x38))
    types = (
        int.from_bytes(head[phoff + i * size : phoff + i * size + 4], "little")
        for i in range(count)
    )
    return 3 not in types  # PT_INTERP


def busybox_rootfs(busybox: Path) -> bytes:
    """A tar of a minimal root filesystem: /bin/busybox and the applets the tests use."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        for folder in ("bin", "tmp", "home", "home/jovyan", "home/jovyan/work"):
            info = tarfile.TarInfo(folder)
            info.type, info.mode = tarfile.DIRTYPE, 0o1777 if folder == "tmp" else 0o755
            tar.addfile(info)
        tar.add(str(busybox), arcname="bin/busybox")
        for applet in ("sh", "sleep", "true"):
            link = tarfile.TarInfo(f"bin/{applet}")
            link.type, link.linkname = tarfile.SYMTYPE, "busybox"
            tar.addfile(link)
    return buf.getvalue()


def wait_for_task_state(swarm: Swarm, service: str, state: str, timeout: float = 60) -> None:
    """Wait until a task of ``service`` reports ``state`` (``running``, ``pending``...)."""

    def reached() -> bool:
        out = swarm.docker("service", "ps", service, "--format", "{{.CurrentState}}")
        return any(line.lower().startswith(state) for line in out.splitlines())

    wait_until(reached, timeout, f"a {state} task of {service}")
