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
import time
from collections.abc import Callable, Iterator
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

    def objects(self) -> dict[str, set[str]]:
        """The ids of the engine's containers, services, networks and volumes, by kind."""
        return {
            kind: set(self.docker(*listing).split())
            for kind, (listing, _) in ENGINE_OBJECTS.items()
        }


# How to list each kind of engine object and how to remove one, in removal order: services
# first (their tasks hold containers), networks last (containers hold them).
ENGINE_OBJECTS = {
    "service": (("service", "ls", "-q"), ("service", "rm")),
    "container": (("ps", "-aq", "--no-trunc"), ("rm", "-f", "-v")),
    "volume": (("volume", "ls", "-q"), ("volume", "rm", "-f")),
    "network": (("network", "ls", "-q", "--no-trunc"), ("network", "rm")),
}


def _poll(check: Callable[[], bool], timeout: float) -> bool:
    """Whether ``check`` became true within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.5)
    return False


@contextlib.contextmanager
def engine_left_clean(swarm: Swarm) -> Iterator[None]:
    """Remove the services, containers, volumes and networks (``docker_gwbridge`` too) made in
    the block, also when it failed; then fail if any of them is still there."""
    before = swarm.objects()
    try:
        yield
    finally:
        for kind, (_, remove) in ENGINE_OBJECTS.items():
            for ident in sorted(swarm.objects()[kind] - before[kind]):
                swarm.docker(*remove, ident, check=False)
            if kind == "service":  # Swarm stops the tasks itself; whatever is left: rm -f
                _poll(lambda: not swarm.objects()["container"] - before["container"], 120)
    now = swarm.objects()
    left = {kind: sorted(now[kind] - before[kind]) for kind in ENGINE_OBJECTS}
    assert not any(left.values()), f"left in the engine: {left}"


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
        with host_left_clean(), spawned(argv, log) as proc:
            swarm = Swarm(sock, f"127.0.0.1:{free_port()}", NETWORK)
            wait_until(lambda: bool(swarm.docker("version")), 60, "dockerd", proc, log)
            init_swarm(swarm)
            for name in images:
                import_image(swarm, name, busybox)
            yield swarm


# dockerd writes here whatever --data-root and --exec-root say (libnetwork's fixed paths).
FIXED_DOCKER_PATHS = (Path("/var/lib/docker"), Path("/run/docker"))


@dataclass(frozen=True)
class HostState:
    """What a Docker engine can leave on the host: interfaces, fixed-path files, mounts."""

    interfaces: frozenset[str]
    paths: frozenset[str]
    mounts: frozenset[str]

    def new_since(self, before: HostState) -> dict[str, list[str]]:
        """What is here now and was not ``before``, by kind (empty kinds left out)."""
        found = {
            "interfaces": sorted(self.interfaces - before.interfaces),
            "paths": sorted(self.paths - before.paths),
            "mounts": sorted(self.mounts - before.mounts),
        }
        return {kind: items for kind, items in found.items() if items}


def host_state() -> HostState:
    """The host's network interfaces, files below the fixed Docker paths, and mount points."""
    paths = set()
    for top in FIXED_DOCKER_PATHS:
        if top.exists():
            paths.add(str(top))
            paths.update(str(p) for p in top.rglob("*"))
    with open("/proc/self/mounts") as table:
        mounts = {line.split()[1] for line in table}
    return HostState(frozenset(os.listdir("/sys/class/net")), frozenset(paths), frozenset(mounts))


@contextlib.contextmanager
def host_left_clean() -> Iterator[None]:
    """Remove what the engine left on the host (after it stopped), then fail if anything new
    remains: ``docker_gwbridge`` and the load balancers' sandbox files outlive dockerd."""
    before = host_state()
    try:
        yield
    finally:
        left = host_state().new_since(before)
        for name in left.get("interfaces", []):
            subprocess.run(["ip", "link", "delete", name], check=False, capture_output=True)
        for target in reversed(left.get("mounts", [])):
            subprocess.run(["umount", "-l", target], check=False, capture_output=True)
        for path in sorted(left.get("paths", []), key=len, reverse=True):
            with contextlib.suppress(OSError):
                entry = Path(path)
                entry.rmdir() if entry.is_dir() and not entry.is_symlink() else entry.unlink()
    remaining = host_state().new_since(before)
    assert not remaining, f"the Docker engine left these on the host: {remaining}"


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
