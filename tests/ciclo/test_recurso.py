"""``tissbill recurso``: build → import demonstrativo → recurso (XSD-valid in the demonstrativo's
version, numbered and recorded) → import the operadora's answer → what was recovered. Every
refusal says why and leaves the ledger and the output folder as they were."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from tests.ciclo import factories as f
from tests.ciclo.conftest import Faturado, run
from tests.conftest import assert_valid_xsd, schemas_dir
from tests.retornos import factories as base
from tests.retornos.factories import guia_recurso
from tissbill.ledger import Ledger
from tissbill.ledger.schema import RecursoRow
from tissbill.models.common import ProcedimentoDados
from tissbill.models.enums import ObjetoRecurso, SimNao, TipoTransacao
from tissbill.models.retornos import (
    MensagemOperadora,
    MensagemPrestador,
    MotivoGlosa,
    OpcaoRespostaRecurso,
    ReciboGlosa,
    RelacaoGuia,
    RespostaGlosaGuia,
    RespostaGlosaItem,
    RespostaRecursoGlosa,
    RespostaRecursoGuia,
)
from tissbill.schemas import SchemaStore
from tissbill.validation.api import validate
from tissbill.versions import TissVersion
from tissbill.xml.reader import read_message

PROTOCOLO = "58114001"
JUSTIFICATIVA = "Consulta autorizada pela senha 123456; valor conforme contrato"


def _guias(faturado: Faturado) -> list[RelacaoGuia]:
    """Guias 0 and 1 glosadas in full (1001), guia 2 in part (1705, R$ 20,50); guia 3 with
    a second item, not glosado, besides its first (1705, R$ 10,00)."""
    guias = f.relacao_guias(faturado.lote, {0: None, 1: None, 2: Decimal("20.50")})
    informado = guias[3].valor_informado_guia - Decimal("10.00")
    guias[3] = base.guia(
        guias[3].numero_guia_prestador,
        [
            base.item(1, informado, [(Decimal("10.00"), "1705")]),
            base.item(2, Decimal("10.00"), []),
        ],
    )
    return guias


def _analisado(faturado: Faturado, version: TissVersion, protocolo: str = PROTOCOLO) -> None:
    analise = f.analise(version, faturado.lote, _guias(faturado), protocolo=protocolo)
    code, _, err = faturado.importar(faturado.write("analise.xml", analise))
    assert code == 0, err


def _numero(faturado: Faturado, index: int) -> str:
    return faturado.lote.guias[index].numero_guia_prestador


def _recurso(faturado: Faturado, out: Path, *args: str) -> tuple[int, str, str]:
    return run("recurso", "--lote", "58114", *args, "-o", str(out), "--ledger", faturado.ledger)


def _resposta(
    version: TissVersion,
    numero: str,
    respostas: list[RespostaRecursoGuia],
    recursado: Decimal,
    acatado: Decimal,
) -> MensagemOperadora:
    return base.resposta_message(
        version,
        RespostaRecursoGlosa(
            recibo_glosa=ReciboGlosa(
                registro_ans=f.OPERADORA,
                numero_guia_rec_glosa_prestador=numero,
                numero_guia_rec_glosa_operadora="OP-" + numero,
                nome_operadora="Operadora Exemplo",
                objeto_recurso=ObjetoRecurso.RECURSO_GUIA,
                codigo_prestador=f.PRESTADOR,
                numero_lote="58114",
                numero_protocolo=PROTOCOLO,
                opcao_recurso=OpcaoRespostaRecurso(recurso_guia=respostas),
                data_recurso=dt.date(2024, 1, 20),
                valor_total_recursado=recursado,
                valor_total_acatado=acatado,
            )
        ),
    ).model_copy(update={"cabecalho": f.cabecalho(version, TipoTransacao.RESPOSTA_RECURSO_GLOSA)})


def _item_answer(guia: str, codigo: str, recursado: str, acatado: str) -> RespostaRecursoGuia:
    return RespostaRecursoGuia(
        resposta_guia_itens=RespostaGlosaItem(
            numero_guia_prestador=guia,
            data_realizacao=dt.date(2031, 1, 15),
            sequencial_item=1,
            proc_recurso=ProcedimentoDados(
                codigo_procedimento="10101012", descricao_procedimento="Consulta em consultorio"
            ),
            cod_glosa=codigo,
            valor_recursado=Decimal(recursado),
            justificativa_prestador=JUSTIFICATIVA,
            valor_acatado=Decimal(acatado),
            justificativa_operadora="Acatado em parte conforme tabela vigente",
        )
    )


def _recuperado(faturado: Faturado, numero_guia: str) -> tuple[Decimal, Decimal]:
    """Recursado and recuperado of the guia in ``Ledger.glosas``, checked against its lote's."""
    with Ledger.open(faturado.ledger) as ledger:
        (lote,) = ledger.glosas()
    (guia,) = [g for g in lote.guias if g.numero_guia_prestador == numero_guia]
    assert (lote.valor_recursado, lote.valor_recuperado) == (
        guia.valor_recursado,
        guia.valor_recuperado,
    )  # one guia appealed in these tests
    return guia.valor_recursado, guia.valor_recuperado


def _glosas_json(faturado: Faturado) -> dict[str, Any]:
    code, out, err = run("glosas", "--format", "json", "--ledger", faturado.ledger)
    assert code == 0, err
    parsed: dict[str, Any] = json.loads(out)
    return parsed


@pytest.mark.parametrize("version", list(TissVersion), ids=str)
def test_recurso_of_an_item_then_the_answer_records_what_was_recovered(
    version: TissVersion, faturado: Faturado, tmp_path: Path
) -> None:
    _analisado(faturado, version)
    guia = _numero(faturado, 2)
    out = tmp_path / "recursos"
    code, stdout, err = _recurso(
        faturado, out, "--guia", guia, "--item", "1", "--justificativa", JUSTIFICATIVA
    )
    assert code == 0, err
    arquivo = out / "recurso-1.xml"
    assert f"Recurso 1 do lote 58114 (operadora 331988, TISS {version.value})" in stdout
    assert f"R$ 20,50 recursados, gravado em {arquivo}" in stdout
    assert f"Guia {guia}, item 1, glosa 1705: R$ 20,50" in stdout
    xml = arquivo.read_bytes()
    assert_valid_xsd(xml, version.value)
    assert validate(xml, store=SchemaStore(schemas_dir(version.value))).findings == []
    message = read_message(xml)
    assert isinstance(message, MensagemPrestador) and message.version == version
    body = guia_recurso(message)
    assert (body.numero_guia_rec_glosa_prestador, body.numero_lote, body.numero_protocolo) == (
        "1",
        "58114",
        PROTOCOLO,
    )
    assert body.nome_operadora == "Operadora Exemplo"
    assert body.valor_total_recursado == Decimal("20.50")
    (recursada,) = body.opcao_recurso.recurso_guia or []
    assert recursada.numero_guia_origem == guia
    (item,) = recursada.opcao_recurso_guia.itens_guia or []
    assert (item.sequencial_item, item.cod_glosa_item, item.justificativa_item) == (
        1,
        "1705",
        JUSTIFICATIVA,
    )
    assert item.data_inicio == dt.date(2031, 1, 15)
    assert item.proc_recurso.descricao_procedimento == "Consulta em consultorio"
    assert _recuperado(faturado, guia) == (Decimal("20.50"), Decimal("0.00"))

    answer = _resposta(
        version,
        "1",
        [_item_answer(guia, "1705", "20.50", "15.00")],
        Decimal("20.50"),
        Decimal("15.00"),
    )
    code, stdout, err = faturado.importar(faturado.write("resposta.xml", answer))
    assert code == 0, err
    assert "resposta a recurso de glosa registrado (lote 58114)" in stdout
    assert _recuperado(faturado, guia) == (Decimal("20.50"), Decimal("15.00"))
    (lote,) = _glosas_json(faturado)["lotes"]
    assert (lote["valor_recursado"], lote["valor_recuperado"]) == ("20.50", "15.00")
    (item,) = next(g for g in lote["guias"] if g["numero_guia_prestador"] == guia)["itens"]
    assert (item["valor_glosa"], item["valor_recursado"], item["valor_recuperado"]) == (
        "20.50",
        "20.50",
        "15.00",
    )
    with Ledger.open(faturado.ledger) as ledger, ledger.session(write=False) as session:
        row = session.scalars(select(RecursoRow)).one()
        assert (row.valor_acatado, row.numero_recurso_operadora) == (Decimal("15.00"), "OP-1")
        assert row.arquivo == str(arquivo) and row.versao == version.value


def test_whole_guia_and_numbering_from_the_ledger(faturado: Faturado, tmp_path: Path) -> None:
    _analisado(faturado, TissVersion.V4_03_00)
    out = tmp_path / "recursos"
    first, second = _numero(faturado, 0), _numero(faturado, 3)
    assert _recurso(faturado, out, "--guia", first, "--justificativa", JUSTIFICATIVA)[0] == 0
    code, _, err = _recurso(faturado, out, "--guia", second, "--justificativa", "Devido")
    assert code == 0, err
    messages = [read_message((out / f"recurso-{n}.xml").read_bytes()) for n in (1, 2)]
    assert all(isinstance(m, MensagemPrestador) for m in messages)
    transacoes = [m.cabecalho.identificacao_transacao.sequencial_transacao for m in messages]
    # The build of lote 58114 took its number as sequencialTransacao: the recursos come after.
    assert transacoes == ["58115", "58116"]
    body = guia_recurso(messages[0])  # type: ignore[arg-type]
    assert body.valor_total_recursado == Decimal("93.00")
    # Guia 3: the whole guia is its one glosado item; item 2 (not glosado) stays out.
    (recursada,) = guia_recurso(messages[1]).opcao_recurso.recurso_guia or []  # type: ignore[arg-type]
    assert [i.sequencial_item for i in recursada.opcao_recurso_guia.itens_guia or []] == [1]


def test_answer_to_a_whole_guia_recovers_the_total_acatado(
    faturado: Faturado, tmp_path: Path
) -> None:
    version = TissVersion.V4_02_00
    analise = f.analise(
        version,
        faturado.lote,
        [
            g.model_copy(update={"motivo_glosa_guia": [MotivoGlosa(codigo_glosa="1001")]})
            if i == 0
            else g
            for i, g in enumerate(_guias(faturado))
        ],
        protocolo=PROTOCOLO,
    )
    assert faturado.importar(faturado.write("analise.xml", analise))[0] == 0
    guia = _numero(faturado, 0)
    code, _, err = _recurso(faturado, tmp_path, "--guia", guia, "--justificativa", JUSTIFICATIVA)
    assert code == 0, err
    message = read_message((tmp_path / "recurso-1.xml").read_bytes())
    assert isinstance(message, MensagemPrestador)
    (recursada,) = guia_recurso(message).opcao_recurso.recurso_guia or []
    completa = recursada.opcao_recurso_guia.recurso_guia_completa or []
    assert [c.cod_glosa_guia for c in completa] == ["1001"]
    answer = RespostaRecursoGuia(
        resposta_guia=RespostaGlosaGuia(
            numero_guia_prestador=guia,
            cod_glosa="1001",
            justificativa_prestador=JUSTIFICATIVA,
            recurso_guia_acatado=SimNao.SIM,
        )
    )
    resposta = _resposta(version, "1", [answer], Decimal("93.00"), Decimal("93.00"))
    code, _, err = faturado.importar(faturado.write("resposta.xml", resposta))
    assert code == 0, err
    assert _recuperado(faturado, guia) == (Decimal("93.00"), Decimal("93.00"))


def test_on_postgresql(faturado_any: Faturado, tmp_path: Path) -> None:
    _analisado(faturado_any, TissVersion.V4_01_00)
    guia = _numero(faturado_any, 2)
    code, _, err = _recurso(faturado_any, tmp_path, "--guia", guia, "--justificativa", "Devido")
    assert code == 0, err
    assert_valid_xsd((tmp_path / "recurso-1.xml").read_bytes(), "4.01.00")
    before = faturado_any.dump()
    code, _, err = _recurso(faturado_any, tmp_path / "b", "--guia", guia, "--justificativa", "X")
    assert code == 1 and "já foi contestada no recurso 1" in err
    assert faturado_any.dump() == before


# --- refusals -----------------------------------------------------------------------------------


def _refused(faturado: Faturado, out: Path, args: list[str], expected: str) -> None:
    before = faturado.dump()
    existing = sorted(out.rglob("*")) if out.exists() else []
    code, stdout, err = _recurso(faturado, out, *args)
    assert code == 1, stdout + err
    assert expected in err, err
    assert "Traceback" not in stdout + err
    assert faturado.dump() == before
    assert (sorted(out.rglob("*")) if out.exists() else []) == existing


def test_refusals_say_why_and_change_nothing(faturado: Faturado, tmp_path: Path) -> None:
    out = tmp_path / "recursos"
    parcial, sem_glosa, dois_itens = (_numero(faturado, i) for i in (2, 4, 3))
    j = ["--justificativa", JUSTIFICATIVA]
    # Before any demonstrativo.
    _refused(
        faturado,
        out,
        ["--guia", parcial, *j],
        f"a guia {parcial} do lote 58114 não tem demonstrativo de análise no ledger",
    )
    _analisado(faturado, TissVersion.V4_03_00)
    _refused(
        faturado, out, ["--guia", parcial, *j, "--operadora", "999999"], "o lote 58114 não está"
    )
    _refused(faturado, out, ["--guia", "NAO-EXISTE", *j], "a guia NAO-EXISTE não consta no lote")
    _refused(
        faturado,
        out,
        ["--guia", sem_glosa, *j],
        f"a guia {sem_glosa} não tem glosa no demonstrativo",
    )
    _refused(
        faturado,
        out,
        ["--guia", dois_itens, "--item", "2", *j],
        f"o item 2 da guia {dois_itens} não foi glosado",
    )
    _refused(
        faturado,
        out,
        ["--guia", dois_itens, "--item", "7", *j],
        f"o item 7 não consta na guia {dois_itens}",
    )
    _refused(
        faturado,
        out,
        ["--guia", parcial, "--justificativa", "x" * 501],
        "a justificativa tem 501 caracteres; o máximo na versão TISS 4.03.00 é 500",
    )
    out.mkdir()
    (out / "recurso-1.xml").write_text("do usuário")
    _refused(faturado, out, ["--guia", parcial, *j], "recurso-1.xml já existe")
    assert (out / "recurso-1.xml").read_text() == "do usuário"

    other = tmp_path / "outra"
    assert _recurso(faturado, other, "--guia", parcial, *j)[0] == 0
    _refused(
        faturado,
        tmp_path / "terceira",
        ["--guia", parcial, "--item", "1", *j],
        "a glosa 1705 (item 1, guia " + parcial + ") já foi contestada no recurso 1 de",
    )
    # --force appeals again, with the next number.
    code, stdout, err = _recurso(faturado, tmp_path / "terceira", "--guia", parcial, *j, "--force")
    assert code == 0 and "Recurso 2 do lote 58114" in stdout, err


def test_unknown_lote_is_refused(faturado: Faturado, tmp_path: Path) -> None:
    code, _, err = run(
        "recurso", "--lote", "99999", "--guia", "G", "--justificativa", "X",
        "-o", str(tmp_path), "--ledger", faturado.ledger,
    )  # fmt: skip
    assert code == 1 and "Erro: o lote 99999 não está no ledger" in err


def test_a_protocolo_that_is_not_numeric_is_refused(faturado: Faturado, tmp_path: Path) -> None:
    _analisado(faturado, TissVersion.V4_03_00, protocolo="P58114")
    _refused(
        faturado,
        tmp_path / "r",
        ["--guia", _numero(faturado, 2), "--justificativa", JUSTIFICATIVA],
        "o protocolo P58114 do lote 58114 não é numérico",
    )


def _answered(faturado: Faturado, tmp_path: Path) -> str:
    _analisado(faturado, TissVersion.V4_03_00)
    guia = _numero(faturado, 2)
    code, _, err = _recurso(faturado, tmp_path, "--guia", guia, "--justificativa", JUSTIFICATIVA)
    assert code == 0, err
    return guia


@pytest.mark.parametrize(
    ("numero", "codigo", "acatado", "total", "expected"),
    [
        ("9", "1705", "15.00", "15.00", "a resposta é do recurso 9, que o ledger não conhece"),
        ("1", "1801", "15.00", "15.00", "não foi contestado no recurso 1"),
        ("1", "1705", "25.00", "25.00", "a operadora acatou R$ 25,00, mais que o recursado"),
        ("1", "1705", "15.00", "16.00", "o valor total acatado (R$ 16,00) do recurso 1 não"),
    ],
    ids=["recurso-desconhecido", "glosa-nao-contestada", "acatado-demais", "total-errado"],
)
def test_an_answer_that_does_not_match_a_recurso_is_refused(
    numero: str,
    codigo: str,
    acatado: str,
    total: str,
    expected: str,
    faturado: Faturado,
    tmp_path: Path,
) -> None:
    guia = _answered(faturado, tmp_path)
    answer = _resposta(
        TissVersion.V4_03_00,
        numero,
        [_item_answer(guia, codigo, "20.50", acatado)],
        Decimal("20.50"),
        Decimal(total),
    )
    path = faturado.write("resposta.xml", answer)
    before = faturado.dump()
    code, _, err = faturado.importar(path)
    assert code == 1 and expected in err and "O ledger não mudou." in err, err
    assert faturado.dump() == before
