"""The store survives a killed install and concurrent ones, and any table written as CSV in
either encoding reads back identical (issue #14, item 5)."""

from __future__ import annotations

import signal
import subprocess
import sys
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.tabelas.helpers import EXEMPLO, csv_bytes, write
from tissbill.tabelas import TabelaStore, descricao_glosa

# Runs ``tissbill tabelas install`` killed (SIGKILL, nothing cleaned up) when it is about to
# replace the file named by the first argument's suffix: ``.csv`` leaves a temporary file of the
# new rows, ``.json`` leaves the whole new rows file that no record points to yet.
_KILLED = """
import os, signal, sys
real_replace = os.replace
killed_at = sys.argv[1]
def replace(source, target, *args, **kwargs):
    if str(target).endswith(killed_at):
        os.kill(os.getpid(), signal.SIGKILL)
    return real_replace(source, target, *args, **kwargs)
os.replace = replace
sys.argv = ["tissbill", "tabelas", "install", *sys.argv[2:]]
from tissbill.cli import main
main()
"""


# Left behind: the temporary rows file; or the new rows file and the temporary record.
@pytest.mark.parametrize(("killed_at", "leftovers"), [(".csv", 1), (".json", 2)])
def test_a_killed_install_leaves_the_previous_table_and_is_cleaned_up(
    tmp_path: Path, killed_at: str, leftovers: int
) -> None:
    store = TabelaStore(tmp_path / "store")
    store.install(EXEMPLO)
    novo = write(tmp_path, "novo.csv", csv_bytes({"1705": "Texto novo"}))

    killed = subprocess.run(
        [sys.executable, "-c", _KILLED, killed_at, str(novo), "--store", str(store.root)],
        capture_output=True,
    )

    assert killed.returncode == -signal.SIGKILL, killed.stderr.decode()
    left = sorted(p.name for p in store.root.iterdir())
    assert len(left) == 2 + leftovers, left  # the record, its rows, what the run left
    # Readers still see the previous table, whole and verified.
    assert store.verify(38) == []
    assert descricao_glosa("1705", store=store.root) == "Valor cobrado acima do contratado"

    store.install(novo)

    record = store.installed(38)
    assert record is not None
    assert sorted(p.name for p in store.root.iterdir()) == [record.file, "tabela-38.json"]
    assert descricao_glosa("1705", store=store.root) == "Texto novo"


def test_concurrent_installs_and_lookups_always_see_a_whole_table(tmp_path: Path) -> None:
    store = TabelaStore(tmp_path / "store")
    tables = [{"1001": f"Versão {n}", "1705": f"Valor {n}", "1308": f"Guia {n}"} for n in range(2)]
    sources = [write(tmp_path, f"{n}.csv", csv_bytes(t)) for n, t in enumerate(tables)]
    store.install(sources[0])
    done = threading.Event()
    seen: list[tuple[str | None, str | None]] = []

    def look() -> None:
        while not done.is_set():
            seen.append(
                (
                    descricao_glosa("1001", store=store.root),
                    descricao_glosa("1705", store=store.root),
                )
            )

    def install(n: int) -> None:
        for _ in range(8):
            store.install(sources[n])

    with ThreadPoolExecutor(3) as pool:
        reader = pool.submit(look)
        installs = [pool.submit(install, n) for n in (0, 1, 0, 1)]
        for future in installs:
            future.result()
        done.set()
        reader.result()

    assert seen
    # Each lookup finds the text of one table or the other, never nothing.
    assert {a for a, _ in seen} <= {"Versão 0", "Versão 1"}
    assert {b for _, b in seen} <= {"Valor 0", "Valor 1"}
    assert store.verify(38) == []
    assert len(list(store.root.iterdir())) == 2


_LETTERS = st.sampled_from(
    list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:/()-%\"'")
    # The letters of Portuguese: in ISO-8859-1 each is a byte UTF-8 would need followed by a
    # continuation byte, which none of them is, so such text is never mistaken for UTF-8.
    + list("áàâãéêíóôõúüçÁÀÂÃÉÊÍÓÔÕÚÜÇ")
)
_DESCRICAO = st.text(_LETTERS, min_size=1, max_size=60).map(str.strip).filter(bool)
_TABLES = st.dictionaries(st.from_regex(r"[0-9]{4}", fullmatch=True), _DESCRICAO, min_size=1)


@settings(max_examples=40, deadline=None)
@given(rows=_TABLES, encoding=st.sampled_from(["utf-8", "utf-8-sig", "latin-1", "cp1252"]))
def test_any_table_in_either_encoding_reads_back_identical(
    rows: dict[str, str], encoding: str
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = TabelaStore(Path(folder) / "store")
        source = write(Path(folder), "t.csv", csv_bytes(rows, encoding))

        report = store.install(source)

        found = store.read(38)
        assert found is not None and found[1] == rows
        assert list(found[1]) == list(rows)  # the file's order is kept
        assert report.installed.rows == len(rows)
        code = next(iter(rows))
        assert descricao_glosa(code, store=store.root) == rows[code]
