"""The ledger through the CLI: numbering, refusals, listing, import, faults, kill -9."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import assert_valid_xsd
from tests.ledger.conftest import IPAM
from tests.retornos.factories import sample_analise
from tissbill.cli import cli
from tissbill.ledger import Ledger
from tissbill.versions import TissVersion
from tissbill.xml.writer import write_message

BUILD = [
    "build",
    str(IPAM / "atendimentos_novembro.csv"),
    "--config",
    str(IPAM / "config.yaml"),
    "--periodo",
    "2023-11-01:2023-11-30",
    "-q",
]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), result.exception
    return result.exit_code, result.stdout, result.stderr


def build(ledger: str, out: Path, *extra: str) -> tuple[int, str, str]:
    return run(*BUILD, "-o", str(out), "--ledger", ledger, *extra)


def lote_files(out: Path) -> list[str]:
    return sorted(p.name for p in out.glob("lote-*.xml")) if out.exists() else []


def test_ipam_built_twice_gets_58114_then_58115(ledger_url: str, tmp_path: Path) -> None:
    out = tmp_path / "lotes"
    assert build(ledger_url, out)[0] == 0
    first = (out / "lote-58114-consulta.xml").read_bytes()
    assert build(ledger_url, out)[0] == 0
    assert lote_files(out) == ["lote-58114-consulta.xml", "lote-58115-consulta.xml"]
    assert (out / "lote-58114-consulta.xml").read_bytes() == first  # never overwritten
    second = (out / "lote-58115-consulta.xml").read_bytes()
    assert_valid_xsd(second, "4.03.00")
    assert b"<ans:sequencialTransacao>58115<" in second
    with Ledger.open(ledger_url) as ledger:
        rows = ledger.lotes()
    assert [(r.numero_lote, r.sequencial_transacao, r.guias) for r in rows] == [
        ("58114", "58114", 31),
        ("58115", "58115", 31),
    ]
    assert not list(out.glob(".*parcial"))


def test_four_parallel_builds_get_four_numbers(ledger_url: str, tmp_path: Path) -> None:
    env = {**os.environ, "TISSBILL_LEDGER": ledger_url}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "tissbill", *BUILD, "-o", str(tmp_path / f"o{i}")],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for i in range(4)
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err.decode()
    names = [name for i in range(4) for name in lote_files(tmp_path / f"o{i}")]
    assert sorted(names) == [f"lote-{n}-consulta.xml" for n in range(58114, 58118)]
    with Ledger.open(ledger_url) as ledger:
        assert sorted(r.numero_lote for r in ledger.lotes()) == [
            str(n) for n in range(58114, 58118)
        ]


def test_number_already_used_is_refused_unless_force(ledger_url: str, tmp_path: Path) -> None:
    assert build(ledger_url, tmp_path / "a")[0] == 0
    code, _, err = build(ledger_url, tmp_path / "b", "--numero-lote-inicial", "58114")
    assert code == 1
    assert "58114 já foi usado" in err and "lote-58114-consulta.xml" in err
    assert lote_files(tmp_path / "b") == []
    code, _, _ = build(ledger_url, tmp_path / "b", "--numero-lote-inicial", "58114", "--force")
    # Written; exit 1 when LOT-003 sees the reuse (an identical file is the same lote).
    assert code in (0, 1) and lote_files(tmp_path / "b") == ["lote-58114-consulta.xml"]


def test_existing_file_is_not_overwritten_and_failed_build_leaves_nothing(
    tmp_path: Path,
) -> None:
    ledger = str(tmp_path / "l.sqlite")
    out = tmp_path / "out"
    out.mkdir()
    (out / "lote-58115-consulta.xml").write_text("de outro sistema")
    code, _, err = build(ledger, out, "--max-guias", "20")  # two lotes: 58114 and 58115
    assert code == 1 and "já existe" in err
    assert lote_files(out) == ["lote-58115-consulta.xml"]
    assert (out / "lote-58115-consulta.xml").read_text() == "de outro sistema"
    assert not list(out.glob(".*"))
    with Ledger.open(ledger) as opened:
        assert opened.lotes() == []


def test_validate_with_ledger_flags_reused_numero_lote(tmp_path: Path) -> None:
    ledger = str(tmp_path / "l.sqlite")
    assert build(ledger, tmp_path / "a")[0] == 0
    # Another file with the same number, built elsewhere (another ledger): different content.
    assert build(str(tmp_path / "outro.sqlite"), tmp_path / "b", "--max-guias", "30")[0] == 0
    other = tmp_path / "b" / "lote-58114-consulta.xml"
    code, out, _ = run("validate", str(other), "--ledger", ledger, "--format", "json")
    assert code == 1
    assert '"LOT-003"' in out and "já foi usado" in out
    code, out, _ = run("validate", str(other), "--format", "json")
    assert '"LOT-003"' not in out  # without a ledger: as before
    # The file recorded itself is not a reuse of its own number.
    code, out, _ = run(
        "validate", str(tmp_path / "a" / "lote-58114-consulta.xml"), "--ledger", ledger
    )
    assert "LOT-003" not in out


def test_lotes_list_filters_and_marcar_enviado(tmp_path: Path) -> None:
    ledger = str(tmp_path / "l.sqlite")
    assert build(ledger, tmp_path / "a", "--max-guias", "20")[0] == 0
    code, out, _ = run("lotes", "--ledger", ledger)
    assert code == 0 and "lote 58114" in out and "lote 58115" in out
    assert run("lotes", "--ledger", ledger, "marcar-enviado", "58115")[0] == 0
    code, out, _ = run("lotes", "--ledger", ledger, "--estado", "enviado", "--format", "csv")
    lines = out.splitlines()
    assert lines[0].startswith("numero_lote,") and len(lines) == 2
    assert lines[1].startswith("58115,")
    code, out, _ = run("lotes", "--ledger", ledger, "--operadora", "999999", "--format", "json")
    assert out.strip() == "[]"
    code, _, err = run("lotes", "--ledger", ledger, "marcar-enviado", "1")
    assert code == 1 and "não está no ledger" in err


def test_import_records_once_and_numbering_continues(ledger_url: str, tmp_path: Path) -> None:
    assert build(str(tmp_path / "velho.sqlite"), tmp_path / "velho")[0] == 0
    code, out, _ = run("lotes", "--ledger", ledger_url, "importar", str(tmp_path / "velho"))
    assert code == 0 and out.startswith("1 lote(s) registrado(s)")
    code, out, _ = run("lotes", "--ledger", ledger_url, "importar", str(tmp_path / "velho"))
    assert out.startswith("0 lote(s) registrado(s), 1 já")
    assert build(ledger_url, tmp_path / "novo")[0] == 0
    assert lote_files(tmp_path / "novo") == ["lote-58115-consulta.xml"]


def test_newer_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "l.sqlite"
    Ledger.open(str(path)).close()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    before = path.read_bytes()
    code, _, err = build(str(path), tmp_path / "out")
    assert code == 2 and "versão mais nova do tissbill" in err
    assert path.read_bytes() == before and lote_files(tmp_path / "out") == []


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        ("corrupt", "corrompido"),
        ("locked", "bloqueado por outro faturamento"),
        ("unwritable", "não foi possível criar a pasta"),
    ],
)
def test_ledger_faults_exit_2_without_lotes(
    setup: str, expected: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "l.sqlite"
    holder = None
    if setup == "corrupt":
        path.write_bytes(b"isto nao e um banco sqlite" * 100)
    elif setup == "locked":
        Ledger.open(str(path)).close()
        monkeypatch.setenv("TISSBILL_LEDGER_TIMEOUT", "0.2")
        holder = sqlite3.connect(path, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
    else:
        (tmp_path / "arquivo").write_text("")
        path = tmp_path / "arquivo" / "sub" / "l.sqlite"
    try:
        code, _, err = build(str(path), tmp_path / "out")
    finally:
        if holder is not None:
            holder.close()
    assert code == 2 and expected in err and "Traceback" not in err
    assert lote_files(tmp_path / "out") == []


def test_database_password_never_shown(tmp_path: Path) -> None:
    url = "postgresql://faturista:S3nh4-Secreta@127.0.0.1:1/tiss"
    for args in (
        [*BUILD, "-o", str(tmp_path / "out"), "--ledger", url],
        ["lotes", "--ledger", url],
    ):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 2
        assert "S3nh4-Secreta" not in result.output + result.stderr
        assert "faturista:***@" in result.stderr


@pytest.mark.parametrize("point", ["antes-commit", "depois-commit"])
def test_kill_9_during_build_leaves_ledger_consistent(
    point: str, ledger_url: str, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    env = {**os.environ, "TISSBILL_LEDGER": ledger_url, "TISSBILL_TEST_KILL_AT": point}
    cmd = [sys.executable, "-m", "tissbill", *BUILD, "-o", str(out), "--max-guias", "20"]
    proc = subprocess.run(cmd, env=env, capture_output=True, timeout=300)
    assert proc.returncode == -9
    # The next use of the ledger completes what was committed; nothing else remains.
    assert run("lotes", "--ledger", ledger_url)[0] == 0
    with Ledger.open(ledger_url) as ledger:
        rows = ledger.lotes()
    recorded = sorted(Path(r.arquivo).name for r in rows)
    assert recorded == lote_files(out)
    assert recorded == (
        [] if point == "antes-commit" else ["lote-58114-consulta.xml", "lote-58115-consulta.xml"]
    )
    for row in rows:
        assert f"<ans:hash>{row.hash}</ans:hash>".encode() in Path(row.arquivo).read_bytes()
    # And numbering goes on from what really exists.
    env.pop("TISSBILL_TEST_KILL_AT")
    assert subprocess.run(cmd, env=env, capture_output=True, timeout=300).returncode == 0
    expected_next = "58114" if point == "antes-commit" else "58116"
    assert f"lote-{expected_next}-consulta.xml" in lote_files(out)


def test_an_operadora_message_is_not_imported_as_a_lote(tmp_path: Path) -> None:
    # read_message now returns the operadora's messages typed; the lote import must still
    # refuse them, saying what they are, and record nothing.
    folder = tmp_path / "retornos"
    folder.mkdir()
    (folder / "demonstrativo.xml").write_bytes(write_message(sample_analise(TissVersion.V4_03_00)))
    ledger = str(tmp_path / "l.sqlite")
    code, out, err = run("lotes", "--ledger", ledger, "importar", str(folder))
    assert code == 1 and out.startswith("0 lote(s) registrado(s), 0 já")
    assert "(DEMONSTRATIVO_ANALISE_CONTA), não um lote de guias" in err
    assert run("lotes", "--ledger", ledger, "--format", "json")[1].strip() == "[]"
