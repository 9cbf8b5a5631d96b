"""Ledger backends for the tests: SQLite always, PostgreSQL from $TISSBILL_TEST_POSTGRES_URL or
a throwaway cluster started here (initdb/pg_ctl as a non-root user) and stopped at the end.

Without PostgreSQL installed the PostgreSQL variants skip, except under CI=1 where they fail.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import unavailable

REPO = Path(__file__).resolve().parents[2]
IPAM = REPO / "examples" / "ipam_consultas"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_user(user: str | None) -> Callable[[], None] | None:
    if user is None:
        return None
    entry = pwd.getpwnam(user)

    def demote() -> None:
        os.setgid(entry.pw_gid)
        os.setuid(entry.pw_uid)

    return demote


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """Base URL (no database) of a PostgreSQL server the tests may create databases on."""
    given = os.environ.get("TISSBILL_TEST_POSTGRES_URL")
    if given:
        yield given
        return
    binaries = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not binaries:
        unavailable("PostgreSQL não instalado (pacote postgresql)")
    bindir = Path(binaries[-1]).parent
    user = "nobody" if os.geteuid() == 0 else None  # initdb refuses to run as root
    folder = Path(tempfile.mkdtemp(prefix="tissbill-pg-"))
    if user is not None:
        shutil.chown(folder, user)
    data = folder / "data"
    port = _free_port()
    demote = _as_user(user)
    subprocess.run(
        [bindir / "initdb", "-D", data, "-U", "tissbill", "--auth=trust", "-E", "UTF8"],
        check=True,
        capture_output=True,
        preexec_fn=demote,
    )
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run(
        [bindir / "pg_ctl", "-D", data, "-o", options, "-l", folder / "log", "-w", "start"],
        check=True,
        capture_output=True,
        preexec_fn=demote,
    )
    try:
        yield f"postgresql://tissbill@127.0.0.1:{port}"
    finally:
        subprocess.run(
            [bindir / "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop"],
            capture_output=True,
            preexec_fn=demote,
        )
        shutil.rmtree(folder, ignore_errors=True)


def _new_database(server: str) -> str:
    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name}")
    return f"{server}/{name}"


@pytest.fixture(params=["sqlite", "postgresql"])
def ledger_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty ledger on each backend (a file path for SQLite)."""
    if request.param == "sqlite":
        return str(tmp_path / "ledger.sqlite")
    server = request.getfixturevalue("postgres_server")
    return _new_database(server)
