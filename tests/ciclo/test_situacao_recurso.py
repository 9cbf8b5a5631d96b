"""reciboGlosaStatus (the situação of a recurso de glosa) carries no recurso number, only the
lote and the operadora's protocolo of the recurso: it is recorded on the recurso when that is
unambiguous, and refused (ledger unchanged) when it is not."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select

from tests.ciclo import factories as f
from tests.ciclo.conftest import Faturado
from tests.ciclo.test_recurso import _analisado, _numero, _recurso
from tests.retornos import factories as base
from tissbill.ledger import Ledger
from tissbill.ledger.schema import RecursoRow
from tissbill.models import ContratadoDados
from tissbill.models.enums import StatusProtocolo, TipoTransacao
from tissbill.models.retornos import MensagemOperadora, ReciboGlosaStatus, RespostaRecursoGlosa
from tissbill.versions import TissVersion

V = TissVersion.V4_03_00


def _status(
    protocolo: str, situacao: str, codigo: StatusProtocolo, dia: int, numero_lote: str = "58114"
) -> MensagemOperadora:
    return base.resposta_message(
        V,
        RespostaRecursoGlosa(
            recibo_glosa_status=ReciboGlosaStatus(
                nr_protocolo_recurso_glosa=protocolo,
                data_envio_recurso=dt.date(2024, 1, 15),
                data_recebimento_recurso=dt.date(2024, 1, 16),
                numero_lote=numero_lote,
                registro_ans=f.OPERADORA,
                dados_prestador=ContratadoDados(codigo_prestador_na_operadora=f.PRESTADOR),
                nr_protocolo_situacao_recurso_glosa=situacao,
                data_situacao=dt.date(2024, 1, dia),
                situacao_protocolo=codigo,
            )
        ),
    ).model_copy(update={"cabecalho": f.cabecalho(V, TipoTransacao.RESPOSTA_RECURSO_GLOSA)})


def _recursos(faturado: Faturado) -> list[tuple[str, str | None, str | None]]:
    with Ledger.open(faturado.ledger) as ledger, ledger.session(write=False) as session:
        return [
            (r.numero_recurso, r.protocolo_recurso, r.situacao)
            for r in session.scalars(select(RecursoRow).order_by(RecursoRow.id))
        ]


def _recorrer(faturado: Faturado, out: Path, guia: int) -> None:
    args = ("--guia", _numero(faturado, guia), "--justificativa", "Devido")
    code, _, err = _recurso(faturado, out, *args)
    assert code == 0, err


def test_situacao_is_matched_to_the_recurso_when_unambiguous(
    faturado: Faturado, tmp_path: Path
) -> None:
    _analisado(faturado, V)
    out = tmp_path / "recursos"
    _recorrer(faturado, out, 0)
    em_analise = _status("RG1", "S1", StatusProtocolo.EM_ANALISE, 20)
    code, stdout, err = faturado.importar(faturado.write("s1.xml", em_analise))
    assert code == 0 and "situação de recurso" not in err, err
    assert stdout.startswith("Importado:"), stdout
    assert _recursos(faturado) == [("1", "RG1", StatusProtocolo.EM_ANALISE.value)]
    # The same situação again is a no-op; a later one moves it on.
    code, stdout, _ = faturado.importar(faturado.write("s1b.xml", em_analise, encoding="utf-8"))
    assert code == 0 and stdout.startswith("Já importado:"), stdout
    _recorrer(faturado, out, 3)
    # Recurso 2 is the only one without a protocolo: RG2 is its; RG1 stays recurso 1's.
    liberado = StatusProtocolo.LIBERADO_PARA_PAGAMENTO
    for name, message in (
        ("s2.xml", _status("RG2", "S2", StatusProtocolo.EM_ANALISE, 21)),
        ("s3.xml", _status("RG1", "S3", liberado, 22)),
    ):
        code, _, err = faturado.importar(faturado.write(name, message))
        assert code == 0, err
    assert _recursos(faturado) == [
        ("1", "RG1", liberado.value),
        ("2", "RG2", StatusProtocolo.EM_ANALISE.value),
    ]


def test_an_ambiguous_or_unknown_situacao_is_refused_and_changes_nothing(
    faturado: Faturado, tmp_path: Path
) -> None:
    _analisado(faturado, V)
    status = faturado.write("s.xml", _status("RG9", "S9", StatusProtocolo.EM_ANALISE, 20))
    before = faturado.dump()
    code, _, err = faturado.importar(status)
    assert code == 1 and "o ledger não tem recurso desse lote" in err, err
    assert faturado.dump() == before
    out = tmp_path / "recursos"
    _recorrer(faturado, out, 0)
    _recorrer(faturado, out, 3)
    before = faturado.dump()
    code, _, err = faturado.importar(status)
    assert code == 1, err
    assert "o lote 58114 tem 2 recursos (1, 2)" in err
    assert "não traz o número do recurso (numeroGuiaRecGlosaPrestador)" in err
    assert "Traceback" not in err and faturado.dump() == before
