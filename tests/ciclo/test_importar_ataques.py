"""``tissbill retorno importar`` under attack: two processes importing the same file at once,
kill -9 in the middle of an import, and mutated bytes of the example operadora files. Every
outcome is a clean import or a Portuguese refusal; a refusal or a killed import leaves every
table as it was."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.ciclo.conftest import Faturado, run
from tests.conftest import REPO
from tissbill.errors import TissBillError
from tissbill.ledger import resolve_url
from tissbill.xml.rehash import rewrite_hash

CICLO = REPO / "examples" / "ciclo"
LOTE = CICLO / "01_lote-58114-consulta.xml"
RETORNOS = [
    CICLO / "02_protocolo_recebimento.xml",
    CICLO / "02_protocolo_situacao.xml",
    CICLO / "03_demonstrativo_analise.xml",
    CICLO / "04_demonstrativo_pagamento.xml",
]
ANALISE = CICLO / "03_demonstrativo_analise.xml"


def _exemplo(ledger: str, folder: Path) -> Faturado:
    """A ledger holding the example's lote 58114 (imported, as a hospital would)."""
    lotes = folder.parent / "lotes"
    lotes.mkdir(exist_ok=True)
    shutil.copyfile(LOTE, lotes / LOTE.name)
    code, _, err = run("lotes", "--ledger", ledger, "importar", str(lotes))
    assert code == 0, err
    folder.mkdir(exist_ok=True)
    from tissbill.xml.reader import read_lote  # on first use: only these tests need it

    return Faturado(ledger, read_lote(LOTE), folder)


def _importar(ledger: str, path: Path, **env: str) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "tissbill", "retorno", "importar", str(path), "--ledger", ledger]
    return subprocess.Popen(
        cmd,
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


# --- two imports at once -----------------------------------------------------------------------


def _waiting_on_sqlite(path: Path, pids: list[int]) -> bool:
    """Both processes have the ledger open and keep it open (blocked in BEGIN IMMEDIATE: the
    read of the first check opens and closes it at once)."""
    target = str(path.resolve())

    def holds(pid: int) -> bool:
        try:
            fds = os.listdir(f"/proc/{pid}/fd")
        except FileNotFoundError:
            return False
        for fd in fds:
            try:
                if os.readlink(f"/proc/{pid}/fd/{fd}") == target:
                    return True
            except OSError:
                continue
        return False

    return all(holds(pid) for pid in pids)


@contextmanager
def _write_lock(ledger: str) -> Iterator[None]:
    """Hold the ledger's write lock (SQLite) or the counters' row locks (PostgreSQL)."""
    url = resolve_url(ledger)
    if url.get_backend_name() == "sqlite":
        holder = sqlite3.connect(str(url.database), isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            holder.close()
        return
    import psycopg  # on first use: the PostgreSQL variant only

    with psycopg.connect(ledger) as connection:
        connection.execute("SELECT * FROM numeracao FOR UPDATE")
        yield


def _both_waiting(ledger: str, pids: list[int]) -> bool:
    url = resolve_url(ledger)
    if url.get_backend_name() == "sqlite":
        return _waiting_on_sqlite(Path(str(url.database)), pids)
    import psycopg  # on first use: the PostgreSQL variant only

    with psycopg.connect(ledger, autocommit=True) as probe:
        row = probe.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock'"
        ).fetchone()
    return row is not None and row[0] == 2


def test_two_processes_import_the_same_file_at_once(ledger_url: str, tmp_path: Path) -> None:
    faturado = _exemplo(ledger_url, tmp_path / "retornos")
    before = faturado.dump()
    with _write_lock(ledger_url):
        procs = [_importar(ledger_url, ANALISE) for _ in range(2)]
        # Both have read that the file is new and wait for the write lock: the worst case.
        stable = 0
        for _ in range(600):
            if any(p.poll() is not None for p in procs):
                break
            stable = stable + 1 if _both_waiting(ledger_url, [p.pid for p in procs]) else 0
            if stable >= 3:
                break
            time.sleep(0.2)
        assert stable >= 3, "as duas importações não chegaram a esperar o ledger"
    outputs = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        outputs.append((proc.returncode, out.decode(), err.decode()))
    assert all(code == 0 for code, _, _ in outputs), outputs
    assert all("Traceback" not in out + err for _, out, err in outputs)
    texts = sorted(out.split(":")[0] for _, out, _ in outputs)
    assert texts == ["Importado", "Já importado"], outputs
    after = faturado.dump()
    assert len(after["retorno_arquivo"]) == 1 and len(after["retorno_documento"]) == 1
    assert len(after["analise_guia"]) == 31
    assert after["lote"] != before["lote"]  # analisado, once


# --- kill -9 ------------------------------------------------------------------------------------


def test_kill_9_during_an_import_leaves_the_ledger_as_before(
    ledger_url: str, tmp_path: Path
) -> None:
    faturado = _exemplo(ledger_url, tmp_path / "retornos")
    before = faturado.dump()
    proc = _importar(ledger_url, ANALISE, TISSBILL_TEST_KILL_AT="antes-commit")
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == -9, err.decode()
    assert faturado.dump() == before
    code, out, err_text = faturado.importar(ANALISE)
    assert code == 0 and out.startswith("Importado:"), err_text
    assert len(faturado.dump()["analise_guia"]) == 31


# --- fuzz ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def base_ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("base")
    _exemplo(str(folder / "ledger.sqlite"), folder / "retornos")
    return folder / "ledger.sqlite"


_EDIT = st.tuples(
    st.sampled_from(["flip", "delete", "insert", "truncate", "duplicate"]),
    st.floats(min_value=0, max_value=1, exclude_max=True),
    st.integers(min_value=1, max_value=40),
    st.binary(min_size=1, max_size=8),
)


def _mutate(data: bytes, edits: list[tuple[str, float, int, bytes]]) -> bytes:
    for kind, where, size, extra in edits:
        at = int(where * len(data)) if data else 0
        if kind == "flip" and data:
            data = data[:at] + bytes([data[at] ^ (1 << (size % 8))]) + data[at + 1 :]
        elif kind == "delete":
            data = data[:at] + data[at + size :]
        elif kind == "insert":
            data = data[:at] + extra + data[at:]
        elif kind == "truncate":
            data = data[:at]
        else:
            data = data[:at] + data[at : at + size] + data[at:]
    return data


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    source=st.sampled_from(RETORNOS),
    edits=st.lists(_EDIT, min_size=1, max_size=3),
    rehash=st.booleans(),
)
def test_mutated_operadora_files_import_cleanly_or_are_refused(
    base_ledger: Path,
    tmp_path_factory: pytest.TempPathFactory,
    source: Path,
    edits: list[tuple[str, float, int, bytes]],
    rehash: bool,
) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    ledger = folder / "ledger.sqlite"
    shutil.copyfile(base_ledger, ledger)
    data = _mutate(source.read_bytes(), edits)
    if rehash:
        # Past the hash check too: the mutation reaches the XSD, the rules and the import.
        with suppress(TissBillError):
            data = rewrite_hash(data).data
    path = folder / source.name
    path.write_bytes(data)
    faturado = Faturado(str(ledger), None, folder)  # type: ignore[arg-type]
    before = faturado.dump()
    code, out, err = faturado.importar(path)  # run() fails on any exception but SystemExit
    assert "Traceback" not in out + err
    assert code in (0, 1, 2), (code, out, err)
    if code == 0:
        assert out.startswith(("Importado:", "Já importado:")), out
    else:
        assert err.startswith(("Recusado:", "Erro:")), err
        assert "O ledger não mudou" in err or code == 2, err
        assert faturado.dump() == before
