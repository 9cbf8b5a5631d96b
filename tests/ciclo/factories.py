"""Operadora messages answering the IPAM consultas lote built by ``tissbill build``: protocolo,
situação, demonstrativo de análise (two guias glosadas in full, one in part) and pagamento.

Built from the lote itself (guia numbers and values), in any TISS version, with the helpers of
tests/retornos/factories.py re-addressed to the IPAM prestador."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from tests.retornos import factories as base
from tissbill.models import ContratadoDados, IdentificacaoPrestador
from tissbill.models.enums import FormaPagamento, StatusProtocolo, TipoPagamento, TipoTransacao
from tissbill.models.mensagem import MensagemTISS
from tissbill.models.retornos import (
    CabecalhoOperadora,
    DadosPagamento,
    DadosProtocolo,
    DadosResumo,
    DemonstrativoAnaliseConta,
    DemonstrativoPagamento,
    DemonstrativosRetorno,
    DestinoPrestador,
    GuiaDoLote,
    MensagemOperadora,
    OperadoraParaPrestador,
    PagamentoPorData,
    Pagamentos,
    RelacaoGuia,
    RelacaoProtocolo,
    TotaisBrutosDemonstrativo,
    TotaisBrutosPorData,
    TotaisDemonstrativo,
    TotaisLiquidosDemonstrativo,
    TotaisLiquidosPorData,
)
from tissbill.versions import TissVersion

OPERADORA = "331988"
PRESTADOR = "00621"
PROTOCOLO = "P58114"


def cabecalho(
    version: TissVersion, tipo: TipoTransacao, *, prestador: str = PRESTADOR
) -> CabecalhoOperadora:
    return base.cabecalho(version, tipo).model_copy(
        update={
            "destino": DestinoPrestador(
                identificacao_prestador=IdentificacaoPrestador(
                    codigo_prestador_na_operadora=prestador
                )
            )
        }
    )


def relacao_guias(lote: MensagemTISS, glosas: dict[int, Decimal | None]) -> list[RelacaoGuia]:
    """One RelacaoGuia per billed guia; ``glosas`` maps a guia's index to the amount glosado
    on its item (None: all of it); the others are released in full."""
    guias = []
    for index, billed in enumerate(lote.guias):
        informado = billed.valor_total_geral
        glosado = glosas.get(index, Decimal("0.00"))
        valor = informado if glosado is None else glosado
        codigo = "1001" if glosado is None else "1705"
        item = base.item(1, informado, [(valor, codigo)] if valor else [])
        guias.append(base.guia(billed.numero_guia_prestador, [item]))
    return guias


def analise(
    version: TissVersion,
    lote: MensagemTISS,
    guias: list[RelacaoGuia],
    *,
    numero: str = "DA-2023-12",
    numero_lote: str | None = None,
    protocolo: str = PROTOCOLO,
    prestador: str = PRESTADOR,
    operadora: str = OPERADORA,
) -> MensagemOperadora:
    dados: DadosProtocolo = base.protocolo(
        numero_lote or lote.prestador_para_operadora.lote_guias.numero_lote, guias
    ).model_copy(update={"numero_protocolo": protocolo})
    demonstrativo: DemonstrativoAnaliseConta = base.demonstrativo([dados])
    demonstrativo = demonstrativo.model_copy(
        update={
            "cabecalho_demonstrativo": demonstrativo.cabecalho_demonstrativo.model_copy(
                update={"numero_demonstrativo": numero, "registro_ans": operadora}
            ),
            "dados_prestador": demonstrativo.dados_prestador.model_copy(
                update={
                    "dados_contratado": ContratadoDados(codigo_prestador_na_operadora=prestador)
                }
            ),
        }
    )
    head = cabecalho(version, TipoTransacao.DEMONSTRATIVO_ANALISE_CONTA, prestador=prestador)
    head = head.model_copy(
        update={"origem": head.origem.model_copy(update={"registro_ans": operadora})}
    )
    return MensagemOperadora(
        cabecalho=head,
        operadora_para_prestador=OperadoraParaPrestador(
            demonstrativos_retorno=DemonstrativosRetorno(
                demonstrativo_analise_conta=[demonstrativo]
            )
        ),
    )


def sample_analise(version: TissVersion, lote: MensagemTISS) -> MensagemOperadora:
    """Guias 0 and 1 glosadas in full (1001), guia 2 in part (1705, R$ 20,50)."""
    return analise(version, lote, relacao_guias(lote, {0: None, 1: None, 2: Decimal("20.50")}))


def pagamento(
    version: TissVersion,
    numero_lote: str,
    liberado: Decimal,
    informado: Decimal,
    guias: list[RelacaoGuia],
    *,
    numero: str = "PG-2024-01",
    tipo: TipoPagamento = TipoPagamento.INICIAL,
) -> MensagemOperadora:
    glosa = informado - liberado
    pagamento = DemonstrativoPagamento(
        cabecalho_demonstrativo=base.sample_analise(version)
        .operadora_para_prestador.demonstrativos_retorno.demonstrativo_analise_conta[0]  # type: ignore[union-attr,index]
        .cabecalho_demonstrativo.model_copy(update={"numero_demonstrativo": numero}),
        dados_contratado=base.sample_pagamento(
            version
        ).operadora_para_prestador.demonstrativos_retorno.demonstrativo_pagamento.dados_contratado.model_copy(  # type: ignore[union-attr]
            update={"dados_prestador": ContratadoDados(codigo_prestador_na_operadora=PRESTADOR)}
        ),
        pagamentos=Pagamentos(
            pagamentos_por_data=[
                PagamentoPorData(
                    dados_pagamento=DadosPagamento(
                        data_pagamento=dt.date(2024, 1, 10),
                        forma_pagamento=FormaPagamento.DEPOSITO_TRANSFERENCIA,
                    ),
                    dados_resumo=DadosResumo(
                        relacao_protocolos=[
                            RelacaoProtocolo(
                                data_protocolo=dt.date(2023, 12, 5),
                                numero_protocolo=PROTOCOLO,
                                numero_lote=numero_lote,
                                valor_informado=informado,
                                valor_processado=informado,
                                valor_liberado=liberado,
                                valor_glosa=glosa,
                                guias_do_lote=[
                                    GuiaDoLote(
                                        numero_guia_prestador=g.numero_guia_prestador,
                                        tipo_pagamento=tipo,
                                        valor_processado_guia=g.valor_processado_guia,
                                        valor_liberado_guia=g.valor_liberado_guia,
                                        valor_glosa_guia=g.valor_glosa_guia,
                                    )
                                    for g in guias
                                ],
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
                        total_debitos_por_data=Decimal("0.00"),
                        total_creditos_por_data=Decimal("0.00"),
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
                total_debitos_demonstrativo=Decimal("0.00"),
                total_creditos_demonstrativo=Decimal("0.00"),
                valor_liberado_demonstrativo=liberado,
            ),
        ),
    )
    return MensagemOperadora(
        cabecalho=cabecalho(version, TipoTransacao.DEMONSTRATIVO_PAGAMENTO),
        operadora_para_prestador=OperadoraParaPrestador(
            demonstrativos_retorno=DemonstrativosRetorno(demonstrativo_pagamento=pagamento)
        ),
    )


def recebimento(
    version: TissVersion, numero_lote: str, guias: list[str], protocolo: str = PROTOCOLO
) -> MensagemOperadora:
    """The protocolo of a lote, listing ``guias`` (numeroGuiaPrestador) as received."""
    message = base.sample_protocolo(version)
    recebimento = message.operadora_para_prestador.recebimento_lote
    assert recebimento is not None and recebimento.protocolo_recebimento is not None
    protocolo_recebimento = recebimento.protocolo_recebimento
    detalhe = protocolo_recebimento.detalhe_protocolo.model_copy(
        update={"numero_protocolo": protocolo, "glosa_protocolo": None}
    )
    modelo = detalhe.dados_guias_protocolo.dados_guias[1]
    detalhe.dados_guias_protocolo = detalhe.dados_guias_protocolo.model_copy(
        update={
            "dados_guias": [modelo.model_copy(update={"numero_guia_prestador": n}) for n in guias]
        }
    )
    return base.recebimento_message(
        version,
        recebimento.model_copy(
            update={
                "protocolo_recebimento": protocolo_recebimento.model_copy(
                    update={
                        "numero_lote": numero_lote,
                        "dados_prestador": ContratadoDados(codigo_prestador_na_operadora=PRESTADOR),
                        "detalhe_protocolo": detalhe,
                    }
                )
            }
        ),
    ).model_copy(update={"cabecalho": cabecalho(version, TipoTransacao.PROTOCOLO_RECEBIMENTO)})


def situacao(
    version: TissVersion, numero_lote: str, status: StatusProtocolo, guias: list[str]
) -> MensagemOperadora:
    """The situação of a lote's protocolo, with two guias (numeroGuiaPrestador)."""
    message = base.sample_situacao(version)
    situacao = message.operadora_para_prestador.situacao_protocolo
    assert situacao is not None and situacao.situacao_do_protocolo is not None
    status_row = situacao.situacao_do_protocolo
    assert status_row.lote.detalhe_lote is not None
    detalhe = status_row.lote.detalhe_lote.model_copy(
        update={
            "numero_lote": numero_lote,
            "numero_protocolo": PROTOCOLO,
            "status_protocolo": status,
        }
    )
    detalhe.guias_tiss = detalhe.guias_tiss.model_copy(
        update={
            "guias_medicas": [
                g.model_copy(
                    update={"guias": g.guias.model_copy(update={"numero_guia_prestador": n})}
                )
                for g, n in zip(detalhe.guias_tiss.guias_medicas, guias, strict=True)
            ]
        }
    )
    return base.situacao_message(
        version,
        situacao.model_copy(
            update={
                "situacao_do_protocolo": status_row.model_copy(
                    update={
                        "dados_prestador": ContratadoDados(codigo_prestador_na_operadora=PRESTADOR),
                        "lote": status_row.lote.model_copy(update={"detalhe_lote": detalhe}),
                    }
                )
            }
        ),
    ).model_copy(update={"cabecalho": cabecalho(version, TipoTransacao.SITUACAO_PROTOCOLO)})
