"""Numbering shared by lotes and recursos, and a recurso killed (SIGKILL) at each point of its
write: the ledger and the output folder are left all-or-nothing, like a build's."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.ciclo.conftest import BUILD, Faturado, run
from tests.ciclo.test_recurso import JUSTIFICATIVA, _analisado, _numero
from tests.conftest import assert_valid_xsd
from tissbill.ledger import Ledger
from tissbill.ledger.schema import RecursoRow
from tissbill.models.mensagem import MensagemTISS
from tissbill.versions import TissVersion
from tissbill.xml.reader import read_message
from tissbill.xml.writer import write_hashed


def _transacao(path: Path) -> str:
    message = read_message(path.read_bytes())
    return message.cabecalho.identificacao_transacao.sequencial_transacao


def _recurso_args(faturado: Faturado, out: Path) -> list[str]:
    guia = _numero(faturado, 0)
    return ["recurso", "--lote", "58114", "--guia", guia, "--justificativa", JUSTIFICATIVA,
            "-o", str(out), "--ledger", faturado.ledger]  # fmt: skip


def test_build_recurso_build_never_reuse_a_transaction_number(
    faturado_any: Faturado, tmp_path: Path
) -> None:
    faturado = faturado_any
    _analisado(faturado, TissVersion.V4_03_00)
    recursos = tmp_path / "recursos"
    code, _, err = run(*_recurso_args(faturado, recursos))
    assert code == 0, err
    lotes = tmp_path / "lotes"
    code, _, err = run(*BUILD, "-o", str(lotes), "--ledger", faturado.ledger)
    assert code == 0, err
    segundo = lotes / "lote-58115-consulta.xml"
    assert_valid_xsd(segundo.read_bytes(), "4.03.00")
    numeros = [
        faturado.lote.cabecalho.identificacao_transacao.sequencial_transacao,
        _transacao(recursos / "recurso-1.xml"),
        _transacao(segundo),
    ]
    # The recurso took 58115 right after lote 58114: lote 58115 cannot take its own number.
    assert numeros == ["58114", "58115", "58116"]
    # And the next recurso goes on after the lote.
    guia = _numero(faturado, 3)
    code, _, err = run("recurso", "--lote", "58114", "--guia", guia, "--justificativa", "Devido",
                       "-o", str(recursos), "--ledger", faturado.ledger)  # fmt: skip
    assert code == 0, err
    assert _transacao(recursos / "recurso-2.xml") == "58117"


def _lote_with_transacao(lote: MensagemTISS, numero_lote: str, transacao: str) -> bytes:
    cabecalho = lote.cabecalho
    ident = cabecalho.identificacao_transacao.model_copy(update={"sequencial_transacao": transacao})
    lote_guias = lote.prestador_para_operadora.lote_guias.model_copy(
        update={"numero_lote": numero_lote}
    )
    message = lote.model_copy(
        update={
            "cabecalho": cabecalho.model_copy(update={"identificacao_transacao": ident}),
            "prestador_para_operadora": lote.prestador_para_operadora.model_copy(
                update={"lote_guias": lote_guias}
            ),
        }
    )
    return write_hashed(message)[1]


def test_a_transaction_number_taken_by_a_recurso_is_refused_like_a_lotes(
    faturado: Faturado, tmp_path: Path
) -> None:
    _analisado(faturado, TissVersion.V4_03_00)
    assert run(*_recurso_args(faturado, tmp_path / "recursos"))[0] == 0
    findings = {}
    for transacao in ("58114", "58115", "58199"):  # the lote's, the recurso's, a free one
        path = tmp_path / f"lote-{transacao}.xml"
        path.write_bytes(_lote_with_transacao(faturado.lote, "70000", transacao))
        code, out, err = run("validate", str(path), "--ledger", faturado.ledger, "--format", "json")
        assert code == 0 and "Traceback" not in out + err  # LOT-007 is a warning
        findings[transacao] = [
            f["message"] for f in json.loads(out)["files"][0]["findings"] if f["code"] == "LOT-007"
        ]
    assert len(findings["58114"]) == 1 and "(lote 58114)" in findings["58114"][0]
    (recurso,) = findings["58115"]
    assert "sequencialTransacao 58115 já foi usado" in recurso
    assert "(recurso de glosa 1 do lote 58114)" in recurso and "recurso-1.xml" in recurso
    assert findings["58199"] == []


# --- kill -9 ------------------------------------------------------------------------------------


@pytest.mark.parametrize("point", ["antes-commit", "depois-commit"])
def test_kill_9_during_recurso_leaves_ledger_and_folder_all_or_nothing(
    point: str, faturado_any: Faturado, tmp_path: Path
) -> None:
    faturado = faturado_any
    _analisado(faturado, TissVersion.V4_03_00)
    out = tmp_path / "recursos"
    before = faturado.dump()
    env = {**os.environ, "TISSBILL_TEST_KILL_AT": point}
    cmd = [sys.executable, "-m", "tissbill", *_recurso_args(faturado, out)]
    killed = subprocess.run(cmd, env=env, capture_output=True, timeout=300)
    assert killed.returncode == -9, killed.stderr.decode()
    visible = sorted(p.name for p in out.glob("recurso-*.xml")) if out.exists() else []
    if point == "antes-commit":
        # Nothing recorded, no recurso file (at most a hidden .parcial, as a build leaves).
        assert faturado.dump() == before
        assert visible == []
    else:
        # Recorded; the file is still under its temporary name until the next use of the
        # ledger: here the next recurso, refused, completes it all the same.
        assert visible == []
        code, _, err = run(*_recurso_args(faturado, out))
        assert code == 1 and "já foi contestada no recurso 1" in err, err
    with Ledger.open(faturado.ledger) as ledger, ledger.session(write=False) as session:
        rows = [
            (r.arquivo, r.hash, r.arquivo_pendente) for r in session.scalars(select(RecursoRow))
        ]
    recorded = sorted(Path(arquivo).name for arquivo, _, _ in rows)
    assert recorded == sorted(p.name for p in out.glob("recurso-*.xml"))
    assert recorded == ([] if point == "antes-commit" else ["recurso-1.xml"])
    for arquivo, hash_, pendente in rows:
        data = Path(arquivo).read_bytes()
        assert not pendente
        assert f"<ans:hash>{hash_}</ans:hash>".encode() in data
        assert_valid_xsd(data, "4.03.00")
    # The next recurso goes on from what really exists.
    env.pop("TISSBILL_TEST_KILL_AT")
    again = subprocess.run(cmd, env=env, capture_output=True, timeout=300)
    if point == "antes-commit":
        assert again.returncode == 0, again.stderr.decode()
        assert sorted(p.name for p in out.glob("recurso-*.xml")) == ["recurso-1.xml"]
    else:
        assert again.returncode == 1 and "já foi contestada no recurso 1" in again.stderr.decode()
    assert "Traceback" not in again.stderr.decode()
