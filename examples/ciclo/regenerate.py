"""Regenerate the billing cycle example: the IPAM consultas lote and the operadora's answers.

    python examples/ciclo/regenerate.py

A month of one clinic: the lote of 31 consultas of ``examples/ipam_consultas`` (built as that
example builds it), then what the operadora sends back, built from the models and written with
``tissbill.write_message``: the protocolo de recebimento, the situação do protocolo, the
demonstrativo de análise de conta (guia 5 and guia 12 glosadas in full, guia 20 in part) and the
demonstrativo de pagamento, which pays exactly the liberado total. Then the hospital's side
again, through the ledger exactly as the commands do it (``tissbill retorno importar``,
``tissbill recurso``): two recursos de glosa (guia 5 whole, guia 20's item), the operadora's
answer to the first (accepted in full) and the reconciliation ``tissbill glosas --format json``
prints at the end. Deterministic: the test suite rebuilds every file and compares byte for byte.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import tempfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from tissbill import read_message, write_message
from tissbill.ledger import Ledger
from tissbill.ledger.glosas import to_json_dict
from tissbill.ledger.recursos import PedidoRecurso, criar_recurso
from tissbill.ledger.retornos import IMPORTADO, importar_retornos
from tissbill.models import Beneficiario, ContratadoDados, IdentificacaoTransacao
from tissbill.models.common import ProcedimentoDados
from tissbill.models.enums import (
    FormaPagamento,
    ObjetoRecurso,
    StatusProtocolo,
    TipoPagamento,
    TipoTransacao,
)
from tissbill.models.mensagem import IdentificacaoPrestador
from tissbill.models.retornos import (
    CabecalhoDemonstrativo,
    CabecalhoOperadora,
    DadosConta,
    DadosContratadoDemonstrativo,
    DadosGuiasProtocolo,
    DadosPagamento,
    DadosPrestadorDemonstrativo,
    DadosProtocolo,
    DadosResumo,
    DemonstrativoAnaliseConta,
    DemonstrativoPagamento,
    DemonstrativosRetorno,
    DestinoPrestador,
    DetalheGuia,
    DetalheProtocolo,
    GuiaDoLote,
    GuiaMedica,
    GuiaRecebida,
    GuiasLoteStatus,
    LoteSituacao,
    LoteStatus,
    MensagemOperadora,
    MensagemPrestador,
    MotivoGlosa,
    OpcaoRespostaRecurso,
    OperadoraParaPrestador,
    OrigemOperadora,
    PagamentoPorData,
    Pagamentos,
    ProtocoloRecebimento,
    ProtocoloStatus,
    RecebimentoLote,
    ReciboGlosa,
    RelacaoGlosa,
    RelacaoGuia,
    RelacaoProtocolo,
    RespostaGlosaItem,
    RespostaRecursoGlosa,
    RespostaRecursoGuia,
    SituacaoProtocolo,
    TotaisBrutosDemonstrativo,
    TotaisBrutosPorData,
    TotaisDemonstrativo,
    TotaisLiquidosDemonstrativo,
    TotaisLiquidosPorData,
    ValorTotalAnalise,
)
from tissbill.schemas import SchemaStore
from tissbill.tabelas import parse
from tissbill.versions import TissVersion
from tissbill.xml.reader import read_lote

HERE = Path(__file__).resolve().parent
IPAM = HERE.parent / "ipam_consultas" / "lote.json"
_spec = importlib.util.spec_from_file_location("regenerate", HERE.parent / "regenerate.py")
assert _spec is not None and _spec.loader is not None
examples = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(examples)

VERSION = TissVersion.V4_03_00
OPERADORA = "331988"
NOME_OPERADORA = "Operadora Exemplo de Saúde"
CNPJ_OPERADORA = "99888777000166"
CLINICA = ContratadoDados(cnpj_contratado="11222333000181")
CNES = "2223345"
PROTOCOLO = "202312190042"
ENVIO = dt.date(2023, 12, 19)

GLOSAS: dict[int, tuple[Decimal, str]] = {
    5: (Decimal("93.00"), "1001"),  # carteira do beneficiário inválida: the whole consulta
    12: (Decimal("93.00"), "1308"),  # guia já apresentada: the whole consulta
    20: (Decimal("18.60"), "1705"),  # valor acima do contratado: the difference
}
"""Position of the guia in the lote (1 to 31) → value glosado and tabela 38 code."""


def _cabecalho(sequencial: str, dia: dt.date, tipo: TipoTransacao) -> CabecalhoOperadora:
    return CabecalhoOperadora(
        identificacao_transacao=IdentificacaoTransacao(
            tipo_transacao=tipo,
            sequencial_transacao=sequencial,
            data_registro_transacao=dia,
            hora_registro_transacao=dt.time(10, 0),
        ),
        origem=OrigemOperadora(registro_ans=OPERADORA),
        destino=DestinoPrestador(
            identificacao_prestador=IdentificacaoPrestador(cnpj=CLINICA.cnpj_contratado)
        ),
        padrao=VERSION,
    )


def _message(
    sequencial: str, dia: dt.date, tipo: TipoTransacao, body: OperadoraParaPrestador
) -> bytes:
    return write_message(
        MensagemOperadora(
            cabecalho=_cabecalho(sequencial, dia, tipo), operadora_para_prestador=body
        )
    )


def _consultas(lote: bytes) -> Iterator[tuple[int, str, str, dt.date, Decimal]]:
    """Position, número da guia, carteira, date and value of each consulta of the lote."""
    for position, guia in enumerate(read_lote(lote).guias, start=1):
        atendimento = guia.dados_atendimento
        yield (
            position,
            guia.cabecalho_consulta.numero_guia_prestador,
            guia.dados_beneficiario.numero_carteira,
            atendimento.data_atendimento,
            atendimento.procedimento.valor_procedimento,
        )


def _recebimento(lote: bytes) -> bytes:
    guias = [
        GuiaRecebida(
            numero_guia_prestador=numero,
            dados_beneficiario=Beneficiario(numero_carteira=carteira, atendimento_rn="N"),
            data_realizacao=dia,
        )
        for _, numero, carteira, dia, _ in _consultas(lote)
    ]
    total = sum((valor for *_, valor in _consultas(lote)), Decimal(0))
    protocolo = ProtocoloRecebimento(
        registro_ans=OPERADORA,
        dados_prestador=CLINICA,
        numero_lote="58114",
        data_envio_lote=ENVIO,
        detalhe_protocolo=DetalheProtocolo(
            numero_protocolo=PROTOCOLO,
            valor_total_protocolo=total,
            dados_guias_protocolo=DadosGuiasProtocolo(dados_guias=guias),
        ),
    )
    return _message(
        "770001",
        ENVIO,
        TipoTransacao.PROTOCOLO_RECEBIMENTO,
        OperadoraParaPrestador(recebimento_lote=RecebimentoLote(protocolo_recebimento=protocolo)),
    )


def _relacao_guias(lote: bytes) -> list[RelacaoGuia]:
    guias = []
    for position, numero, carteira, dia, valor in _consultas(lote):
        glosado, codigo = GLOSAS.get(position, (Decimal("0.00"), ""))
        liberado = valor - glosado
        item = DetalheGuia(
            sequencial_item=1,
            data_realizacao=dia,
            procedimento=ProcedimentoDados(
                codigo_procedimento="10101012", descricao_procedimento="Consulta em consultório"
            ),
            valor_informado=valor,
            qtd_executada=Decimal("1"),
            valor_processado=valor,
            valor_liberado=liberado,
            relacao_glosa=[RelacaoGlosa(valor_glosa=glosado, tipo_glosa=codigo)] if codigo else [],
        )
        guias.append(
            RelacaoGuia(
                numero_guia_prestador=numero,
                numero_carteira=carteira,
                data_inicio_fat=dia,
                situacao_guia=(
                    StatusProtocolo.LIBERADO_PARA_PAGAMENTO
                    if liberado
                    else StatusProtocolo.ENCERRADO_SEM_PAGAMENTO
                ),
                detalhes_guia=[item],
                valor_informado_guia=valor,
                valor_processado_guia=valor,
                valor_liberado_guia=liberado,
                valor_glosa_guia=glosado,
            )
        )
    return guias


def _totais(guias: list[RelacaoGuia]) -> tuple[Decimal, Decimal, Decimal]:
    """Informado, liberado and glosa of ``guias``."""
    informado = sum((g.valor_informado_guia for g in guias), Decimal(0))
    liberado = sum((g.valor_liberado_guia for g in guias), Decimal(0))
    return informado, liberado, informado - liberado


def _situacao(lote: bytes) -> bytes:
    guias = _relacao_guias(lote)
    informado, liberado, glosa = _totais(guias)
    recebidas = [
        GuiaMedica(
            guias=GuiaRecebida(
                numero_guia_prestador=g.numero_guia_prestador,
                dados_beneficiario=Beneficiario(
                    numero_carteira=g.numero_carteira, atendimento_rn="N"
                ),
                data_realizacao=g.data_inicio_fat,
                vl_informado_guia=ValorTotalAnalise(
                    valor_processado=g.valor_processado_guia,
                    valor_glosa=g.valor_glosa_guia or Decimal("0.00"),
                    valor_liberado=g.valor_liberado_guia,
                ),
                glosa_guia=[
                    MotivoGlosa(codigo_glosa=r.tipo_glosa)
                    for d in g.detalhes_guia
                    for r in d.relacao_glosa
                ],
            )
        )
        for g in guias
    ]
    situacao = ProtocoloStatus(
        identificacao_operadora=OPERADORA,
        dados_prestador=CLINICA,
        lote=LoteSituacao(
            detalhe_lote=LoteStatus(
                status_protocolo=StatusProtocolo.ANALISADO_AGUARDANDO_LIBERACAO,
                numero_protocolo=PROTOCOLO,
                numero_lote="58114",
                data_envio_lote=ENVIO,
                valor_total_lote=ValorTotalAnalise(
                    valor_processado=informado, valor_glosa=glosa, valor_liberado=liberado
                ),
                guias_tiss=GuiasLoteStatus(guias_medicas=recebidas),
            )
        ),
    )
    return _message(
        "770002",
        dt.date(2024, 1, 10),
        TipoTransacao.SITUACAO_PROTOCOLO,
        OperadoraParaPrestador(
            situacao_protocolo=SituacaoProtocolo(situacao_do_protocolo=situacao)
        ),
    )


def _analise(lote: bytes) -> bytes:
    guias = _relacao_guias(lote)
    informado, liberado, glosa = _totais(guias)
    protocolo = DadosProtocolo(
        numero_lote_prestador="58114",
        numero_protocolo=PROTOCOLO,
        data_protocolo=ENVIO,
        situacao_protocolo=StatusProtocolo.LIBERADO_PARA_PAGAMENTO,
        relacao_guias=guias,
        valor_informado_protocolo=informado,
        valor_processado_protocolo=informado,
        valor_liberado_protocolo=liberado,
        valor_glosa_protocolo=glosa,
    )
    demonstrativo = DemonstrativoAnaliseConta(
        cabecalho_demonstrativo=CabecalhoDemonstrativo(
            registro_ans=OPERADORA,
            numero_demonstrativo="AC-2024-000317",
            nome_operadora=NOME_OPERADORA,
            numero_cnpj=CNPJ_OPERADORA,
            data_emissao=dt.date(2024, 1, 15),
        ),
        dados_prestador=DadosPrestadorDemonstrativo(dados_contratado=CLINICA, cnes=CNES),
        dados_conta=DadosConta(dados_protocolo=[protocolo]),
        valor_informado_geral=informado,
        valor_processado_geral=informado,
        valor_liberado_geral=liberado,
        valor_glosa_geral=glosa,
    )
    return _message(
        "770003",
        dt.date(2024, 1, 15),
        TipoTransacao.DEMONSTRATIVO_ANALISE_CONTA,
        OperadoraParaPrestador(
            demonstrativos_retorno=DemonstrativosRetorno(
                demonstrativo_analise_conta=[demonstrativo]
            )
        ),
    )


def _pagamento(lote: bytes) -> bytes:
    guias = _relacao_guias(lote)
    informado, liberado, glosa = _totais(guias)
    zero = Decimal("0.00")
    pagas = [
        GuiaDoLote(
            numero_guia_prestador=g.numero_guia_prestador,
            tipo_pagamento=TipoPagamento.INICIAL,
            valor_processado_guia=g.valor_processado_guia,
            valor_liberado_guia=g.valor_liberado_guia,
            valor_glosa_guia=g.valor_glosa_guia,
        )
        for g in guias
        if g.valor_liberado_guia
    ]
    pagamento = DemonstrativoPagamento(
        cabecalho_demonstrativo=CabecalhoDemonstrativo(
            registro_ans=OPERADORA,
            numero_demonstrativo="PG-2024-000088",
            nome_operadora=NOME_OPERADORA,
            numero_cnpj=CNPJ_OPERADORA,
            data_emissao=dt.date(2024, 1, 30),
        ),
        dados_contratado=DadosContratadoDemonstrativo(dados_prestador=CLINICA, cnes=CNES),
        pagamentos=Pagamentos(
            pagamentos_por_data=[
                PagamentoPorData(
                    dados_pagamento=DadosPagamento(
                        data_pagamento=dt.date(2024, 1, 31),
                        forma_pagamento=FormaPagamento.DEPOSITO_TRANSFERENCIA,
                        banco="001",
                        agencia="3456",
                        nr_conta_cheque="12345-6",
                    ),
                    dados_resumo=DadosResumo(
                        relacao_protocolos=[
                            RelacaoProtocolo(
                                data_protocolo=ENVIO,
                                numero_protocolo=PROTOCOLO,
                                numero_lote="58114",
                                valor_informado=informado,
                                valor_processado=informado,
                                valor_liberado=liberado,
                                valor_glosa=glosa,
                                guias_do_lote=pagas,
                            )
                        ]
                    ),
                    totais_brutos_por_data=TotaisBrutosPorData(
                        total_informado_por_data=informado,
                        total_processado_por_data=informado,
                        total_liberado_por_data=liberado,
                        total_glosa_por_data=glosa,
                    ),
                    totais_liquidos_por_data=TotaisLiquidosPorData(
                        total_debitos_por_data=zero,
                        total_creditos_por_data=zero,
                        liquido_por_data=liberado,
                    ),
                )
            ]
        ),
        totais_demonstrativo=TotaisDemonstrativo(
            totais_brutos_demonstrativo=TotaisBrutosDemonstrativo(
                valor_informado_bruto=informado,
                valor_processado_bruto=informado,
                valor_liberado_bruto=liberado,
                valor_glosa_bruto=glosa,
            ),
            totais_liquidos_demonstrativo=TotaisLiquidosDemonstrativo(
                total_debitos_demonstrativo=zero,
                total_creditos_demonstrativo=zero,
                valor_liberado_demonstrativo=liberado,
            ),
        ),
    )
    return _message(
        "770004",
        dt.date(2024, 1, 30),
        TipoTransacao.DEMONSTRATIVO_PAGAMENTO,
        OperadoraParaPrestador(
            demonstrativos_retorno=DemonstrativosRetorno(demonstrativo_pagamento=pagamento)
        ),
    )


RECURSOS = (
    PedidoRecurso(
        numero_lote="58114",
        numero_guia="00621210112376000005",
        justificativa="Carteira ativa na data do atendimento; cópia anexada ao prontuário.",
    ),
    PedidoRecurso(
        numero_lote="58114",
        numero_guia="00621210112376000020",
        itens=(1,),
        justificativa="Valor da consulta conforme a tabela contratada vigente em novembro.",
    ),
)
"""What the walk-through appeals: ``tissbill recurso --lote 58114 --guia … [--item 1]``."""
DIA_RECURSO = dt.datetime(2024, 1, 22, 9, 0)
DIA_RESPOSTA = dt.date(2024, 2, 5)


def _resposta(recurso: bytes) -> bytes:
    """The operadora accepts every item of ``recurso`` in full."""
    message = read_message(recurso)
    assert isinstance(message, MensagemPrestador)
    assert message.prestador_para_operadora.recurso_glosa is not None
    pedido = message.prestador_para_operadora.recurso_glosa.guia_recurso_glosa
    respostas = [
        RespostaRecursoGuia(
            resposta_guia_itens=RespostaGlosaItem(
                numero_guia_prestador=guia.numero_guia_origem,
                data_realizacao=item.data_inicio,
                sequencial_item=item.sequencial_item,
                proc_recurso=item.proc_recurso,
                cod_glosa=item.cod_glosa_item,
                valor_recursado=item.valor_recursado,
                justificativa_prestador=item.justificativa_item,
                valor_acatado=item.valor_recursado,
                justificativa_operadora="Carteira confirmada ativa; glosa revertida.",
            )
        )
        for guia in pedido.opcao_recurso.recurso_guia or []
        for item in guia.opcao_recurso_guia.itens_guia or []
    ]
    recibo = ReciboGlosa(
        registro_ans=pedido.registro_ans,
        numero_guia_rec_glosa_prestador=pedido.numero_guia_rec_glosa_prestador,
        numero_guia_rec_glosa_operadora="RG" + pedido.numero_guia_rec_glosa_prestador,
        nome_operadora=pedido.nome_operadora,
        objeto_recurso=ObjetoRecurso.RECURSO_GUIA,
        codigo_prestador=CLINICA.cnpj_contratado,
        numero_lote=pedido.numero_lote,
        numero_protocolo=pedido.numero_protocolo,
        opcao_recurso=OpcaoRespostaRecurso(recurso_guia=respostas),
        data_recurso=DIA_RESPOSTA,
        valor_total_recursado=pedido.valor_total_recursado,
        valor_total_acatado=pedido.valor_total_recursado,
    )
    return _message(
        "770005",
        DIA_RESPOSTA,
        TipoTransacao.RESPOSTA_RECURSO_GLOSA,
        OperadoraParaPrestador(resposta_recurso_glosa=RespostaRecursoGlosa(recibo_glosa=recibo)),
    )


def _pelo_ledger(files: dict[str, bytes], store: SchemaStore | None) -> dict[str, bytes]:
    """The hospital's side, through a scratch ledger: the lote recorded, 02–04 imported, the
    recursos built, the answer imported, the reconciliation printed."""
    tabela = parse((HERE / "tabela38_exemplo.csv").read_bytes(), "tabela38_exemplo.csv").rows
    out: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        for name, data in files.items():
            (folder / name).write_bytes(data)
        with Ledger.open(str(folder / "ciclo.sqlite")) as ledger:
            ledger.importar([folder / name for name in files if name.startswith("01_")])
            retornos = [folder / name for name in files if not name.startswith("01_")]
            for result in importar_retornos(ledger, retornos, store=store):
                assert result.situacao == IMPORTADO, result.mensagem
            for pedido in RECURSOS:
                gravado = criar_recurso(
                    ledger, pedido, folder / "recursos", store=store, agora=DIA_RECURSO
                )
                out[f"05_{gravado.arquivo.name}"] = gravado.arquivo.read_bytes()
            resposta = _resposta(out["05_recurso-1.xml"])
            out["06_resposta_recurso-1.xml"] = resposta
            (folder / "resposta.xml").write_bytes(resposta)
            (result,) = importar_retornos(ledger, [folder / "resposta.xml"], store=store)
            assert result.situacao == IMPORTADO, result.mensagem
            conciliacao = to_json_dict(ledger.glosas(descricao_glosa=tabela.get))
    out["07_conciliacao.json"] = (
        json.dumps(conciliacao, ensure_ascii=False, indent=2) + "\n"
    ).encode("utf-8")
    return out


def build(store: SchemaStore | None = None) -> dict[str, bytes]:
    """File name → bytes of every file of the cycle, in the order of the walk-through."""
    ((lote_name, lote),) = examples.build_expected(IPAM).items()
    operadora = {
        f"01_{lote_name}": lote,
        "02_protocolo_recebimento.xml": _recebimento(lote),
        "02_protocolo_situacao.xml": _situacao(lote),
        "03_demonstrativo_analise.xml": _analise(lote),
        "04_demonstrativo_pagamento.xml": _pagamento(lote),
    }
    return operadora | _pelo_ledger(operadora, store)


def main() -> None:
    for name, data in build().items():
        (HERE / name).write_bytes(data)
        print(name)


if __name__ == "__main__":
    main()
