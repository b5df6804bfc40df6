"""Real servers for the integration tests, started on 127.0.0.1 with free ports and temp dirs.

Each ``start_*`` function is a context manager: it yields once the server answers and stops
the server (and everything it started) when the ``with`` block ends, also on failure.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

DB_USER = "hub"
DB_NAME = "jupyterhub"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def require_binary(name: str, *candidates: str) -> str:
    """The path of a program, or skip the test with the reason when it is absent."""
    for candidate in (name, *candidates):
        found = shutil.which(candidate) or (candidate if os.access(candidate, os.X_OK) else None)
        if found:
            return found
    pytest.skip(f"{name} is not installed (scripts/install-test-deps installs it)")
    raise AssertionError("unreachable")


def wait_until(check: Callable[[], bool], timeout: float, what: str, proc=None, log=None) -> None:
    """Poll ``check`` until it is true; fail with the server's log if it never is."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.returncode}:\n{tail(log)}")
        with contextlib.suppress(Exception):
            if check():
                return
        time.sleep(0.2)
    raise TimeoutError(f"{what} not ready after {timeout:.0f} s:\n{tail(log)}")


def tail(log: Path | None, lines: int = 40) -> str:
    """The last lines of a log file, for error messages."""
    if log is None or not log.exists():
        return ""
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])


def port_open(port: int) -> bool:
    """Whether something accepts TCP connections on 127.0.0.1:port."""
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


@contextlib.contextmanager
def spawned(
    argv: list[str],
    log: Path,
    *,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    user: str | None = None,
    stop_signal: int = signal.SIGTERM,
) -> Iterator[subprocess.Popen]:
    """Run a server process in its own session; stop it and its children on exit."""
    with log.open("ab") as out:
        proc = subprocess.Popen(
            argv,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=cwd,
            start_new_session=True,
            user=user,
        )
    try:
        yield proc
    finally:
        stop_process(proc, stop_signal)


def stop_process(proc: subprocess.Popen, stop_signal: int = signal.SIGTERM) -> None:
    """Ask a process to stop, wait, then kill whatever is left of its process group."""
    if proc.poll() is None:
        proc.send_signal(stop_signal)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=20)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=5)


@contextlib.contextmanager
def temp_dir(prefix: str, owner: str | None = None) -> Iterator[Path]:
    """A fresh directory under /tmp (short paths: sockets), removed on exit."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    if owner:
        entry = pwd.getpwnam(owner)
        os.chown(path, entry.pw_uid, entry.pw_gid)
    try:
        yield path
    finally:
        unmount_below(path)
        shutil.rmtree(path, ignore_errors=True)


def unmount_below(path: Path) -> None:
    """Lazily unmount whatever a server left mounted below ``path`` (dockerd's netns, shm)."""
    prefix = str(path) + "/"
    with open("/proc/self/mounts") as mounts:
        targets = [line.split()[1] for line in mounts if line.split()[1].startswith(prefix)]
    for target in sorted(targets, reverse=True):
        subprocess.run(["umount", "-l", target], check=False, capture_output=True)


def service_user(name: str) -> str | None:
    """The system account a database must run as when the tests run as root."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(name)
    except KeyError:
        pytest.skip(f"running as root needs the system user {name!r} (its Debian package)")
    return name


@dataclass(frozen=True)
class Database:
    """A database server the hub can use: its SQLAlchemy URL and a DB-API connector."""

    kind: str
    port: int
    password: str
    url: str
    connect: Callable[[], object]


def postgres_bin(name: str) -> str:
    """A PostgreSQL server program from the newest /usr/lib/postgresql/*/bin."""
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else require_binary(name)


@contextlib.contextmanager
def start_postgres(password: str) -> Iterator[Database]:
    """PostgreSQL (initdb + postgres) on 127.0.0.1 with a password-protected hub database."""
    initdb, postgres = postgres_bin("initdb"), postgres_bin("postgres")
    user = service_user("postgres")
    with temp_dir("hubint-pg-", owner=user) as root:
        pwfile = root / "pw"
        pwfile.write_text(password + "\n")
        if user:
            shutil.chown(pwfile, user)
        subprocess.run(
            [
                initdb,
                "-D",
                str(root / "data"),
                "-U",
                DB_USER,
                "--pwfile",
                str(pwfile),
                "--auth=scram-sha-256",
                "-E",
                "UTF8",
                "--no-sync",
            ],
            check=True,
            capture_output=True,
            user=user,
            cwd=root,
        )
        pwfile.unlink()
        port, log = free_port(), root / "postgres.log"
        argv = [
            postgres,
            "-D",
            str(root / "data"),
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
            "-k",
            str(root),
            "-c",
            "fsync=off",
        ]
        with spawned(argv, log, cwd=root, user=user, stop_signal=signal.SIGINT) as proc:
            admin = postgres_database(port, password, dbname="postgres")
            wait_until(lambda: bool(admin.connect()), 30, "PostgreSQL", proc, log)
            create_postgres_database(admin)
            yield postgres_database(port, password)


def postgres_database(port: int, password: str, dbname: str = DB_NAME) -> Database:
    """Connection details of the hub database on a local PostgreSQL."""
    import psycopg2

    def connect() -> object:
        return psycopg2.connect(
            host="127.0.0.1",
            port=port,
            user=DB_USER,
            password=password,
            dbname=dbname,
            connect_timeout=3,
        )

    url = f"postgresql://{DB_USER}:{password}@127.0.0.1:{port}/{dbname}"
    return Database("postgresql", port, password, url, connect)


def create_postgres_database(admin_db: Database) -> None:
    """Create the hub's database (initdb only made ``postgres``)."""
    admin = admin_db.connect()
    admin.autocommit = True  # type: ignore[attr-defined]
    with contextlib.closing(admin), admin.cursor() as cur:  # type: ignore[attr-defined]
        cur.execute(f"CREATE DATABASE {DB_NAME}")


@contextlib.contextmanager
def start_mariadb(password: str) -> Iterator[Database]:
    """MariaDB (mariadb-install-db + mariadbd) on 127.0.0.1 with a hub user and database."""
    install = require_binary("mariadb-install-db", "mysql_install_db")
    server = require_binary("mariadbd", "/usr/sbin/mariadbd", "mysqld", "/usr/sbin/mysqld")
    run_as = ["--user=root"] if os.geteuid() == 0 else []
    with temp_dir("hubint-maria-") as root:
        datadir, sock = root / "data", root / "mysqld.sock"
        subprocess.run(
            [
                install,
                "--no-defaults",
                f"--datadir={datadir}",
                *run_as,
                "--auth-root-authentication-method=normal",
                "--skip-test-db",
            ],
            check=True,
            capture_output=True,
        )
        port, log = free_port(), root / "mariadb.log"
        argv = [
            server,
            "--no-defaults",
            f"--datadir={datadir}",
            f"--socket={sock}",
            f"--port={port}",
            "--bind-address=127.0.0.1",
            "--skip-name-resolve",
            f"--pid-file={root / 'mariadb.pid'}",
            "--innodb-buffer-pool-size=32M",
            *run_as,
        ]
        with spawned(argv, log) as proc:
            wait_until(lambda: port_open(port) and sock.exists(), 30, "MariaDB", proc, log)
            create_mariadb_user(sock, password)
            yield mariadb_database(port, password)


def create_mariadb_user(sock: Path, password: str) -> None:
    """Create the hub's database and a password-protected user for TCP on 127.0.0.1."""
    import pymysql

    conn = pymysql.connect(unix_socket=str(sock), user="root", autocommit=True)
    with contextlib.closing(conn), conn.cursor() as cur:
        cur.execute(f"CREATE DATABASE {DB_NAME} CHARACTER SET utf8mb4")
        cur.execute(f"CREATE USER '{DB_USER}'@'127.0.0.1' IDENTIFIED BY %s", (password,))
        cur.execute(f"GRANT ALL ON {DB_NAME}.* TO '{DB_USER}'@'127.0.0.1'")


def mariadb_database(port: int, password: str) -> Database:
    """Connection details of the hub database on a local MariaDB."""
    import pymysql

    def connect() -> object:
        return pymysql.connect(
            host="127.0.0.1",
            port=port,
            user=DB_USER,
            password=password,
            database=DB_NAME,
            connect_timeout=3,
        )

    url = f"mysql://{DB_USER}:{password}@127.0.0.1:{port}/{DB_NAME}"
    return Database("mariadb", port, password, url, connect)
