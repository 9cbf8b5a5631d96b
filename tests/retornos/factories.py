"""Operadora messages for the tests: a hand-built demonstrativo and a hypothesis strategy of
demonstrativos whose totals are consistent (informado = liberado + glosa at every level)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import strategies as st

from tissbill.models import (
    Beneficiario,
    Cabecalho,
    ContratadoDados,
    Destino,
    IdentificacaoPrestador,
    IdentificacaoTransacao,
    Origem,
)
from tissbill.models.common import ProcedimentoDados
from tissbill.models.enums import (
    FormaPagamento,
    IndicadorDebitoCredito,
    ObjetoRecurso,
    SimNao,
    StatusProtocolo,
    TipoDebitoCredito,
    TipoPagamento,
    TipoTransacao,
)
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
    DebitoCredito,
    DebitosCreditosPorData,
    DemonstrativoAnaliseConta,
    DemonstrativoPagamento,
    DemonstrativosRetorno,
    DestinoPrestador,
    DetalheGuia,
    DetalheProtocolo,
    EnvioPrestador,
    GlosaProtocolo,
    GlosasProcedimento,
    GuiaDoLote,
    GuiaMedica,
    GuiaRecebida,
    GuiaRecursoGlosa,
    GuiasLoteStatus,
    ItemRecurso,
    LoteSituacao,
    LoteStatus,
    MensagemOperadora,
    MensagemPrestador,
    MotivoGlosa,
    OpcaoRecurso,
    OpcaoRecursoGuia,
    OpcaoRespostaRecurso,
    OperadoraParaPrestador,
    OrigemOperadora,
    PagamentoPorData,
    Pagamentos,
    Periodo,
    ProcedimentoRecebido,
    ProtocoloRecebimento,
    Protocolos,
    ProtocoloStatus,
    RecebimentoLote,
    ReciboGlosa,
    ReciboGlosaStatus,
    RecursoGlosa,
    RecursoGuia,
    RecursoGuiaCompleta,
    RecursoProtocolo,
    RelacaoGlosa,
    RelacaoGuia,
    RelacaoProtocolo,
    RespostaGlosaGuia,
    RespostaGlosaItem,
    RespostaRecursoGlosa,
    RespostaRecursoGuia,
    SituacaoProtocolo,
    SolicitacaoDemonstrativoAnalise,
    SolicitacaoDemonstrativoPagamento,
    SolicitacaoDemonstrativoRetorno,
    SolicitacaoStatusProtocolo,
    TotaisBrutosDemonstrativo,
    TotaisBrutosPorData,
    TotaisDemonstrativo,
    TotaisLiquidosDemonstrativo,
    TotaisLiquidosPorData,
    ValorTotalAnalise,
)
from tissbill.versions import TissVersion

CENT = Decimal("0.01")


def cabecalho(version: TissVersion, tipo: TipoTransacao) -> CabecalhoOperadora:
    return CabecalhoOperadora(
        identificacao_transacao=IdentificacaoTransacao(
            tipo_transacao=tipo,
            sequencial_transacao="9001",
            data_registro_transacao=dt.date(2031, 2, 10),
            hora_registro_transacao=dt.time(8, 30),
        ),
        origem=OrigemOperadora(registro_ans="331988"),
        destino=DestinoPrestador(
            identificacao_prestador=IdentificacaoPrestador(codigo_prestador_na_operadora="123")
        ),
        padrao=version,
    )


def operadora_message(
    version: TissVersion, tipo: TipoTransacao, conteudo: OperadoraParaPrestador
) -> MensagemOperadora:
    return MensagemOperadora(cabecalho=cabecalho(version, tipo), operadora_para_prestador=conteudo)


def item(sequencial: int, informado: Decimal, glosas: list[tuple[Decimal, str]]) -> DetalheGuia:
    glosado = sum((valor for valor, _ in glosas), Decimal(0))
    return DetalheGuia(
        sequencial_item=sequencial,
        data_realizacao=dt.date(2031, 1, 15),
        procedimento=ProcedimentoDados(
            codigo_procedimento="10101012", descricao_procedimento="Consulta em consultorio"
        ),
        valor_informado=informado,
        qtd_executada=Decimal("1"),
        valor_processado=informado,
        valor_liberado=informado - glosado,
        relacao_glosa=[RelacaoGlosa(valor_glosa=v, tipo_glosa=c) for v, c in glosas],
    )


def guia(numero: str, itens: list[DetalheGuia]) -> RelacaoGuia:
    informado = sum((i.valor_informado for i in itens), Decimal(0))
    liberado = sum((i.valor_liberado for i in itens), Decimal(0))
    return RelacaoGuia(
        numero_guia_prestador=numero,
        numero_carteira="0012345678",
        data_inicio_fat=dt.date(2031, 1, 15),
        situacao_guia=StatusProtocolo.LIBERADO_PARA_PAGAMENTO,
        detalhes_guia=itens,
        valor_informado_guia=informado,
        valor_processado_guia=informado,
        valor_liberado_guia=liberado,
        valor_glosa_guia=informado - liberado,
    )


def protocolo(numero_lote: str, guias: list[RelacaoGuia]) -> DadosProtocolo:
    informado = sum((g.valor_informado_guia for g in guias), Decimal(0))
    liberado = sum((g.valor_liberado_guia for g in guias), Decimal(0))
    return DadosProtocolo(
        numero_lote_prestador=numero_lote,
        numero_protocolo="P" + numero_lote,
        data_protocolo=dt.date(2031, 2, 1),
        situacao_protocolo=StatusProtocolo.LIBERADO_PARA_PAGAMENTO,
        relacao_guias=guias,
        valor_informado_protocolo=informado,
        valor_processado_protocolo=informado,
        valor_liberado_protocolo=liberado,
        valor_glosa_protocolo=informado - liberado,
    )


def demonstrativo(protocolos: list[DadosProtocolo]) -> DemonstrativoAnaliseConta:
    informado = sum((p.valor_informado_protocolo for p in protocolos), Decimal(0))
    liberado = sum((p.valor_liberado_protocolo for p in protocolos), Decimal(0))
    return DemonstrativoAnaliseConta(
        cabecalho_demonstrativo=CabecalhoDemonstrativo(
            registro_ans="331988",
            numero_demonstrativo="D2031-02",
            nome_operadora="Operadora Exemplo",
            numero_cnpj="11222333000181",
            data_emissao=dt.date(2031, 2, 10),
        ),
        dados_prestador=DadosPrestadorDemonstrativo(
            dados_contratado=ContratadoDados(codigo_prestador_na_operadora="123"),
            cnes="1234567",
        ),
        dados_conta=DadosConta(dados_protocolo=protocolos),
        valor_informado_geral=informado,
        valor_processado_geral=informado,
        valor_liberado_geral=liberado,
        valor_glosa_geral=informado - liberado,
    )


def analise_message(
    version: TissVersion, demonstrativos: list[DemonstrativoAnaliseConta]
) -> MensagemOperadora:
    return operadora_message(
        version,
        TipoTransacao.DEMONSTRATIVO_ANALISE_CONTA,
        OperadoraParaPrestador(
            demonstrativos_retorno=DemonstrativosRetorno(demonstrativo_analise_conta=demonstrativos)
        ),
    )


def sample_analise(version: TissVersion) -> MensagemOperadora:
    """Two guias: one glosada in part (two codes on one item), one in full."""
    parcial = guia(
        "G1",
        [
            item(1, Decimal("150.00"), [(Decimal("20.00"), "1705"), (Decimal("10.50"), "1801")]),
            item(2, Decimal("80.00"), []),
        ],
    )
    total = guia("G2", [item(1, Decimal("150.00"), [(Decimal("150.00"), "1001")])])
    return analise_message(version, [demonstrativo([protocolo("1", [parcial, total])])])


_money = st.integers(min_value=0, max_value=5_000_00).map(lambda c: Decimal(c) * CENT)
_codes = st.sampled_from(["1001", "1705", "1801", "2001", "3052"])


@st.composite
def _item(draw: st.DrawFn, sequencial: int) -> DetalheGuia:
    informado = draw(_money)
    cents = int(informado / CENT)
    glosas = []
    remaining = cents
    for _ in range(draw(st.integers(0, 3))):
        part = draw(st.integers(0, remaining))
        remaining -= part
        glosas.append((Decimal(part) * CENT, draw(_codes)))
    return item(sequencial, informado, glosas)


@st.composite
def _guia(draw: st.DrawFn, numero: int) -> RelacaoGuia:
    count = draw(st.integers(1, 4))
    return guia(f"G{numero}", [draw(_item(s)) for s in range(1, count + 1)])


@st.composite
def demonstrativos(draw: st.DrawFn, version: TissVersion) -> MensagemOperadora:
    """A consistent demonstrativo de análise: 1–2 protocolos of 1–3 guias of 1–4 items."""
    protocolos = [
        protocolo(str(lote), [draw(_guia(n)) for n in range(1, draw(st.integers(1, 3)) + 1)])
        for lote in range(1, draw(st.integers(1, 2)) + 1)
    ]
    return analise_message(version, [demonstrativo(protocolos)])


def recebimento_message(version: TissVersion, recebimento: RecebimentoLote) -> MensagemOperadora:
    return operadora_message(
        version,
        TipoTransacao.PROTOCOLO_RECEBIMENTO,
        OperadoraParaPrestador(recebimento_lote=recebimento),
    )


def sample_protocolo(version: TissVersion) -> MensagemOperadora:
    """The protocolo of lote 1: two guias, one with a glosa on a procedure."""
    glosado = ProcedimentoRecebido(
        sequencial_item=1,
        data_execucao=dt.date(2031, 1, 15),
        procedimento=ProcedimentoDados(
            codigo_procedimento="40301010", descricao_procedimento="Hemograma completo"
        ),
        quantidade_executada=Decimal("2"),
        valor_unitario=Decimal("15.00"),
        valor_total=Decimal("30.00"),
        glosas_procedimento=GlosasProcedimento(
            motivo_glosa=[MotivoGlosa(codigo_glosa="1705", descricao_glosa="Valor cobrado acima")],
            valor_glosa_procedimento=Decimal("15.00"),
        ),
    )
    guias = [
        GuiaRecebida(
            numero_guia_prestador="G1",
            dados_beneficiario=Beneficiario(numero_carteira="0012345678", atendimento_rn="N"),
            data_realizacao=dt.date(2031, 1, 15),
            vl_informado_guia=ValorTotalAnalise(
                valor_processado=Decimal("30.00"),
                valor_glosa=Decimal("15.00"),
                valor_liberado=Decimal("15.00"),
            ),
            procedimentos_realizados=[glosado],
        ),
        GuiaRecebida(
            numero_guia_prestador="G2",
            dados_beneficiario=Beneficiario(numero_carteira="0099999999", atendimento_rn="N"),
            glosa_guia=[MotivoGlosa(codigo_glosa="1001")],
        ),
    ]
    return recebimento_message(
        version,
        RecebimentoLote(
            protocolo_recebimento=ProtocoloRecebimento(
                registro_ans="331988",
                dados_prestador=ContratadoDados(codigo_prestador_na_operadora="123"),
                numero_lote="1",
                data_envio_lote=dt.date(2031, 1, 31),
                detalhe_protocolo=DetalheProtocolo(
                    numero_protocolo="P1",
                    valor_total_protocolo=Decimal("180.00"),
                    glosa_protocolo=GlosaProtocolo(
                        motivos_glosa=[MotivoGlosa(codigo_glosa="1001")],
                        vl_glosa_protocolo=Decimal("150.00"),
                    ),
                    dados_guias_protocolo=DadosGuiasProtocolo(dados_guias=guias),
                ),
            )
        ),
    )


def sample_recebimento_erro(version: TissVersion) -> MensagemOperadora:
    return recebimento_message(
        version,
        RecebimentoLote(
            mensagem_erro=MotivoGlosa(codigo_glosa="5001", descricao_glosa="Mensagem invalida")
        ),
    )


def guia_recurso(message: MensagemPrestador) -> GuiaRecursoGlosa:
    """The guiaRecursoGlosa of a recurso de glosa message."""
    recurso = message.prestador_para_operadora.recurso_glosa
    assert recurso is not None
    return recurso.guia_recurso_glosa


def recurso_message(version: TissVersion, opcao: OpcaoRecurso, total: Decimal) -> MensagemPrestador:
    return envio_message(
        version,
        TipoTransacao.RECURSO_GLOSA,
        EnvioPrestador(
            recurso_glosa=RecursoGlosa(
                guia_recurso_glosa=GuiaRecursoGlosa(
                    registro_ans="331988",
                    numero_guia_rec_glosa_prestador="R1",
                    nome_operadora="Operadora Exemplo",
                    objeto_recurso=(
                        ObjetoRecurso.RECURSO_PROTOCOLO
                        if opcao.recurso_protocolo is not None
                        else ObjetoRecurso.RECURSO_GUIA
                    ),
                    dados_contratado=ContratadoDados(codigo_prestador_na_operadora="123"),
                    numero_lote="1",
                    numero_protocolo="000123",
                    opcao_recurso=opcao,
                    valor_total_recursado=total,
                    data_recurso=dt.date(2031, 3, 1),
                )
            )
        ),
        sequencial="77",
    )


def sample_recurso_guias(version: TissVersion) -> MensagemPrestador:
    """One guia appealed item by item, another appealed whole."""
    itens = RecursoGuia(
        numero_guia_origem="G1",
        opcao_recurso_guia=OpcaoRecursoGuia(
            itens_guia=[
                ItemRecurso(
                    sequencial_item=1,
                    data_inicio=dt.date(2031, 1, 15),
                    proc_recurso=ProcedimentoDados(
                        codigo_procedimento="10101012",
                        descricao_procedimento="Consulta em consultorio",
                    ),
                    cod_glosa_item="1705",
                    valor_recursado=Decimal("20.00"),
                    justificativa_item="Valor conforme tabela contratada, anexo II",
                )
            ]
        ),
    )
    completa = RecursoGuia(
        numero_guia_origem="G2",
        opcao_recurso_guia=OpcaoRecursoGuia(
            recurso_guia_completa=[
                RecursoGuiaCompleta(cod_glosa_guia="1001", justificativa_guia="Carteira ativa")
            ]
        ),
    )
    return recurso_message(version, OpcaoRecurso(recurso_guia=[itens, completa]), Decimal("170.00"))


def sample_recurso_protocolo(version: TissVersion) -> MensagemPrestador:
    return recurso_message(
        version,
        OpcaoRecurso(
            recurso_protocolo=RecursoProtocolo(
                codigo_glosa_protocolo="1001", justificativa_protocolo="Lote enviado no prazo"
            )
        ),
        Decimal("380.00"),
    )


def situacao_message(version: TissVersion, situacao: SituacaoProtocolo) -> MensagemOperadora:
    return operadora_message(
        version,
        TipoTransacao.SITUACAO_PROTOCOLO,
        OperadoraParaPrestador(situacao_protocolo=situacao),
    )


def sample_situacao(version: TissVersion) -> MensagemOperadora:
    """The situação of lote 1, with its guias as in the protocolo."""
    protocolo = sample_protocolo(version).operadora_para_prestador.recebimento_lote
    assert protocolo is not None and protocolo.protocolo_recebimento is not None
    guias = protocolo.protocolo_recebimento.detalhe_protocolo.dados_guias_protocolo.dados_guias
    return situacao_message(
        version,
        SituacaoProtocolo(
            situacao_do_protocolo=ProtocoloStatus(
                identificacao_operadora="331988",
                dados_prestador=ContratadoDados(codigo_prestador_na_operadora="123"),
                lote=LoteSituacao(
                    detalhe_lote=LoteStatus(
                        status_protocolo=StatusProtocolo.EM_ANALISE,
                        numero_protocolo="P1",
                        numero_lote="1",
                        data_envio_lote=dt.date(2031, 1, 31),
                        valor_total_lote=ValorTotalAnalise(
                            valor_processado=Decimal("180.00"),
                            valor_glosa=Decimal("165.00"),
                            valor_liberado=Decimal("15.00"),
                        ),
                        guias_tiss=GuiasLoteStatus(
                            guias_medicas=[GuiaMedica(guias=g) for g in guias]
                        ),
                    )
                ),
            )
        ),
    )


def sample_situacao_erro(version: TissVersion) -> MensagemOperadora:
    return situacao_message(
        version, SituacaoProtocolo(mensagem_erro=MotivoGlosa(codigo_glosa="5002"))
    )


def envio_message(
    version: TissVersion, tipo: TipoTransacao, envio: EnvioPrestador, *, sequencial: str = "78"
) -> MensagemPrestador:
    return MensagemPrestador(
        cabecalho=Cabecalho(
            identificacao_transacao=IdentificacaoTransacao(
                tipo_transacao=tipo,
                sequencial_transacao=sequencial,
                data_registro_transacao=dt.date(2031, 3, 1),
                hora_registro_transacao=dt.time(9, 0),
            ),
            origem=Origem(
                identificacao_prestador=IdentificacaoPrestador(codigo_prestador_na_operadora="123")
            ),
            destino=Destino(registro_ans="331988"),
            padrao=version,
        ),
        prestador_para_operadora=envio,
    )


_PRESTADOR = ContratadoDados(codigo_prestador_na_operadora="123")


def sample_solicitacao_analise(version: TissVersion) -> MensagemPrestador:
    return envio_message(
        version,
        TipoTransacao.SOLIC_DEMONSTRATIVO_RETORNO,
        EnvioPrestador(
            solicitacao_demonstrativo_retorno=SolicitacaoDemonstrativoRetorno(
                demonstrativo_analise=SolicitacaoDemonstrativoAnalise(
                    dados_prestador=_PRESTADOR,
                    data_solicitacao=dt.date(2031, 3, 1),
                    protocolos=Protocolos(numero_protocolo=["P1", "P2"]),
                )
            )
        ),
    )


def sample_solicitacao_pagamento(version: TissVersion) -> MensagemPrestador:
    return envio_message(
        version,
        TipoTransacao.SOLIC_DEMONSTRATIVO_RETORNO,
        EnvioPrestador(
            solicitacao_demonstrativo_retorno=SolicitacaoDemonstrativoRetorno(
                demonstrativo_pagamento=SolicitacaoDemonstrativoPagamento(
                    dados_prestador=_PRESTADOR,
                    data_solicitacao=dt.date(2031, 3, 1),
                    periodo=Periodo(competencia="203102"),
                )
            )
        ),
    )


def sample_solicitacao_status(version: TissVersion) -> MensagemPrestador:
    return envio_message(
        version,
        TipoTransacao.SOLIC_STATUS_PROTOCOLO,
        EnvioPrestador(
            solicitacao_status_protocolo=SolicitacaoStatusProtocolo(
                dados_prestador=_PRESTADOR, numero_protocolo="P1"
            )
        ),
    )


def sample_pagamento(version: TissVersion) -> MensagemOperadora:
    """The payment of lote 1 on one date, with the ISS withheld."""
    iss = DebitoCredito(
        indicador=IndicadorDebitoCredito.DEBITO,
        tipo_debito_credito=TipoDebitoCredito.ISS,
        descricao_db_cr="ISS retido",
        valor_db_cr=Decimal("9.98"),
    )
    pagamento = DemonstrativoPagamento(
        cabecalho_demonstrativo=CabecalhoDemonstrativo(
            registro_ans="331988",
            numero_demonstrativo="PG2031-03",
            nome_operadora="Operadora Exemplo",
            numero_cnpj="11222333000181",
            data_emissao=dt.date(2031, 3, 5),
        ),
        dados_contratado=DadosContratadoDemonstrativo(
            dados_prestador=ContratadoDados(codigo_prestador_na_operadora="123"), cnes="1234567"
        ),
        pagamentos=Pagamentos(
            pagamentos_por_data=[
                PagamentoPorData(
                    dados_pagamento=DadosPagamento(
                        data_pagamento=dt.date(2031, 3, 10),
                        forma_pagamento=FormaPagamento.DEPOSITO_TRANSFERENCIA,
                        banco="001",
                        agencia="1234",
                        nr_conta_cheque="55555-5",
                    ),
                    dados_resumo=DadosResumo(
                        relacao_protocolos=[
                            RelacaoProtocolo(
                                data_protocolo=dt.date(2031, 2, 1),
                                numero_protocolo="P1",
                                numero_lote="1",
                                valor_informado=Decimal("380.00"),
                                valor_processado=Decimal("380.00"),
                                valor_liberado=Decimal("199.50"),
                                valor_glosa=Decimal("180.50"),
                                guias_do_lote=[
                                    GuiaDoLote(
                                        numero_guia_prestador="G1",
                                        tipo_pagamento=TipoPagamento.INICIAL,
                                        valor_processado_guia=Decimal("230.00"),
                                        valor_liberado_guia=Decimal("199.50"),
                                        valor_glosa_guia=Decimal("30.50"),
                                    )
                                ],
                            )
                        ]
                    ),
                    totais_brutos_por_data=TotaisBrutosPorData(
                        total_informado_por_data=Decimal("380.00"),
                        total_processado_por_data=Decimal("380.00"),
                        total_liberado_por_data=Decimal("199.50"),
                        total_glosa_por_data=Decimal("180.50"),
                    ),
                    debitos_creditos_por_data=DebitosCreditosPorData(debitos_creditos=[iss]),
                    totais_liquidos_por_data=TotaisLiquidosPorData(
                        total_debitos_por_data=Decimal("9.98"),
                        total_creditos_por_data=Decimal("0.00"),
                        liquido_por_data=Decimal("189.52"),
                    ),
                )
            ]
        ),
        totais_demonstrativo=TotaisDemonstrativo(
            totais_brutos_demonstrativo=TotaisBrutosDemonstrativo(
                valor_informado_bruto=Decimal("380.00"),
                valor_processado_bruto=Decimal("380.00"),
                valor_liberado_bruto=Decimal("199.50"),
                valor_glosa_bruto=Decimal("180.50"),
            ),
            debitos_creditos_demonstrativo=[iss],
            totais_liquidos_demonstrativo=TotaisLiquidosDemonstrativo(
                total_debitos_demonstrativo=Decimal("9.98"),
                total_creditos_demonstrativo=Decimal("0.00"),
                valor_liberado_demonstrativo=Decimal("189.52"),
            ),
        ),
    )
    return MensagemOperadora(
        cabecalho=cabecalho(version, TipoTransacao.DEMONSTRATIVO_PAGAMENTO),
        operadora_para_prestador=OperadoraParaPrestador(
            demonstrativos_retorno=DemonstrativosRetorno(demonstrativo_pagamento=pagamento)
        ),
    )


def resposta_message(version: TissVersion, resposta: RespostaRecursoGlosa) -> MensagemOperadora:
    return operadora_message(
        version,
        TipoTransacao.RESPOSTA_RECURSO_GLOSA,
        OperadoraParaPrestador(resposta_recurso_glosa=resposta),
    )


def sample_resposta_recurso(version: TissVersion) -> MensagemOperadora:
    """The answer to sample_recurso_guias: the item accepted in part, the guia refused."""
    item = RespostaGlosaItem(
        numero_guia_prestador="G1",
        data_realizacao=dt.date(2031, 1, 15),
        sequencial_item=1,
        proc_recurso=ProcedimentoDados(
            codigo_procedimento="10101012", descricao_procedimento="Consulta em consultorio"
        ),
        cod_glosa="1705",
        valor_recursado=Decimal("20.00"),
        justificativa_prestador="Valor conforme tabela contratada, anexo II",
        valor_acatado=Decimal("15.00"),
        justificativa_operadora="Acatado conforme tabela vigente",
    )
    guia = RespostaGlosaGuia(
        numero_guia_prestador="G2",
        cod_glosa="1001",
        justificativa_prestador="Carteira ativa",
        recurso_guia_acatado=SimNao.NAO,
        justificativa_ops_nao_acatado_guia="Carteira cancelada em 31/12/2030",
    )
    return resposta_message(
        version,
        RespostaRecursoGlosa(
            recibo_glosa=ReciboGlosa(
                registro_ans="331988",
                numero_guia_rec_glosa_prestador="R1",
                nome_operadora="Operadora Exemplo",
                objeto_recurso=ObjetoRecurso.RECURSO_GUIA,
                codigo_prestador="123",
                numero_lote="0001",
                numero_protocolo="000123",
                opcao_recurso=OpcaoRespostaRecurso(
                    recurso_guia=[
                        RespostaRecursoGuia(resposta_guia_itens=item),
                        RespostaRecursoGuia(resposta_guia=guia),
                    ]
                ),
                data_recurso=dt.date(2031, 3, 1),
                valor_total_recursado=Decimal("170.00"),
                valor_total_acatado=Decimal("15.00"),
            )
        ),
    )


def sample_resposta_status(version: TissVersion) -> MensagemOperadora:
    return resposta_message(
        version,
        RespostaRecursoGlosa(
            recibo_glosa_status=ReciboGlosaStatus(
                nr_protocolo_recurso_glosa="RG1",
                data_envio_recurso=dt.date(2031, 3, 1),
                data_recebimento_recurso=dt.date(2031, 3, 2),
                numero_lote="1",
                registro_ans="331988",
                dados_prestador=ContratadoDados(codigo_prestador_na_operadora="123"),
                nr_protocolo_situacao_recurso_glosa="S1",
                data_situacao=dt.date(2031, 3, 9),
                situacao_protocolo=StatusProtocolo.EM_ANALISE,
            )
        ),
    )
