"""The messages after the lote.

From the operadora to the prestador (``operadoraParaPrestador``): the protocolo of a lote, the
demonstrativos de retorno with each glosa item by item (tabela 38 codes), the situação of a
protocolo and the answer to a recurso de glosa. From the prestador to the operadora besides
lotes (``prestadorParaOperadora``): the solicitações of a demonstrativo and of a protocolo's
status, and the recurso de glosa.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from tissbill.models.base import Choice, TissModel
from tissbill.models.common import (
    DadosBeneficiarioField,
    DadosContratadoField,
    DadosPrestadorField,
    ProcedimentoField,
    ProcRecursoField,
)
from tissbill.models.enums import (
    CodigoDespesa,
    FormaPagamento,
    IndicadorDebitoCredito,
    SimNao,
    StatusProtocolo,
    TipoDebitoCredito,
    TipoDemonstrativoPagamento,
    TipoPagamento,
    UnidadeMedida,
)
from tissbill.models.fields import (
    AusenciaCodValidacaoOptional,
    CentroConsumoOptional,
    CNESField,
    CodGlosaField,
    CodigoGlosaProtocoloField,
    CodValidacaoOptional,
    DataEnvioLoteField,
    DataExecucaoField,
    DataFimOptional,
    DataPagamentoField,
    DataPagamentoOptional,
    DataProtocoloField,
    DataRealizacaoField,
    DataRealizacaoOptional,
    DataRecursoField,
    DataSolicitacaoPedidoField,
    GrauParticipacaoOptional,
    HoraFinalOptional,
    HoraInicialOptional,
    JustificativaPrestadorField,
    JustificativaProtocoloField,
    NomeOperadoraField,
    NumeroCarteiraField,
    NumeroGuiaOperadoraOptional,
    NumeroGuiaPrestadorField,
    NumeroGuiaRecGlosaOperadoraOptional,
    NumeroGuiaRecGlosaPrestadorField,
    NumeroLoteField,
    NumeroProtocoloField,
    NumeroProtocoloNumericoField,
    ObjetoRecursoField,
    PadraoField,
    RegistroANSField,
    SenhaOptional,
    SequencialItemField,
    TecnicaUtilizadaOptional,
    ValorGlosaField,
    ValorGlosaGuiaOptional,
    ValorGlosaItemField,
    ValorGlosaOptional,
    ValorLiberadoField,
    ValorLiberadoGuiaField,
    ValorLiberadoItemField,
    ValorProcessadoField,
    ValorProcessadoGuiaField,
    ValorProcessadoItemField,
    ValorRecursadoField,
    ValorTotalItemField,
    ValorTotalRecursadoField,
    ValorUnitarioField,
    ViaAcessoOptional,
    element,
)
from tissbill.models.mensagem import (
    CabecalhoField,
    Epilogo,
    EpilogoField,
    IdentificacaoPrestador,
    IdentificacaoTransacaoField,
    LoginSenhaPrestadorOptional,
    MensagemTISS,
    _Mensagem,
)
from tissbill.models.types import (
    CNPJ,
    CodigoGlosa,
    Competencia,
    Data,
    Fator,
    Hora,
    Items,
    Numerico12,
    QuantidadeAnalisada,
    RegistroANS,
    Texto4,
    Texto7,
    Texto12,
    Texto14,
    Texto20,
    Texto40,
    Texto500,
    ValorItem,
    ValorTotal,
)
from tissbill.versions import DEFAULT_VERSION

# --- envelope -------------------------------------------------------------------------------


class OrigemOperadora(TissModel):
    """origem of a message the operadora sends: its registro ANS."""

    registro_ans: RegistroANSField


class DestinoPrestador(TissModel):
    """destino of a message the operadora sends: the prestador."""

    identificacao_prestador: Annotated[
        IdentificacaoPrestador,
        element("identificacaoPrestador", "CNPJ, CPF ou código do prestador na operadora"),
    ]


class CabecalhoOperadora(TissModel):
    """cabecalhoTransacao of a message from the operadora."""

    identificacao_transacao: IdentificacaoTransacaoField
    falha_negocio: Annotated[
        CodigoGlosa | None, element("falhaNegocio", "código da falha de negócio (tabela 38)")
    ] = None
    origem: Annotated[OrigemOperadora, element("origem", "operadora que envia a mensagem")]
    destino: Annotated[DestinoPrestador, element("destino", "prestador destinatário")]
    padrao: PadraoField = DEFAULT_VERSION
    login_senha_prestador: LoginSenhaPrestadorOptional = None


class _GuiaReferida(TissModel):
    """How the operadora's messages name a guia of the prestador: its number at the prestador,
    its number at the operadora and the senha. The guias of the demonstrativos and the answers
    to a recurso begin with these three elements, in this order."""

    numero_guia_prestador: NumeroGuiaPrestadorField
    numero_guia_operadora: NumeroGuiaOperadoraOptional = None
    senha: SenhaOptional = None


# --- glosas ---------------------------------------------------------------------------------


class MotivoGlosa(TissModel):
    """ct_motivoGlosa: a glosa (or an error) with its tabela 38 code."""

    codigo_glosa: Annotated[CodigoGlosa, element("codigoGlosa", "código da glosa (tabela 38)")]
    descricao_glosa: Annotated[Texto500 | None, element("descricaoGlosa", "descrição da glosa")] = (
        None
    )


MensagemErroOptional = Annotated[
    MotivoGlosa | None, element("mensagemErro", "erro que impediu a resposta")
]
"""mensagemErro: the error that stands instead of the answer (one of the choice's options)."""


# --- recebimento do lote (protocolo) -------------------------------------------------------


class ValorTotalAnalise(TissModel):
    """ct_valorTotal: a guia's value as the operadora processed it."""

    valor_processado: ValorProcessadoField
    valor_glosa: ValorGlosaField
    valor_liberado: ValorLiberadoField


class GlosasProcedimento(TissModel):
    """glosasProcedimento: the glosas of one procedure received in the lote."""

    motivo_glosa: Annotated[list[MotivoGlosa], element("motivoGlosa", "glosas")] = Field(
        min_length=1
    )
    valor_glosa_procedimento: Annotated[
        ValorTotal, element("valorGlosaProcedimento", "valor glosado do procedimento")
    ]


class ProcedimentoRecebido(TissModel):
    """procedimentoRealizado of a protocolo (ct_procedimentoExecutado plus its glosas)."""

    sequencial_item: SequencialItemField
    data_execucao: DataExecucaoField
    hora_inicial: HoraInicialOptional = None
    hora_final: HoraFinalOptional = None
    procedimento: ProcedimentoField
    unidade_medida: Annotated[
        UnidadeMedida | None, element("unidadeMedida", "unidade de medida")
    ] = None
    quantidade_executada: Annotated[
        QuantidadeAnalisada, element("quantidadeExecutada", "quantidade executada")
    ]
    via_acesso: ViaAcessoOptional = None
    tecnica_utilizada: TecnicaUtilizadaOptional = None
    valor_unitario: ValorUnitarioField
    valor_total: ValorTotalItemField
    centro_consumo: CentroConsumoOptional = None
    codigo_despesa: Annotated[
        CodigoDespesa | None, element("codigoDespesa", "código da despesa")
    ] = None
    fator_reducao_acrescimo: Annotated[
        Fator | None, element("fatorReducaoAcrescimo", "fator de redução ou acréscimo")
    ] = None
    glosas_procedimento: Annotated[
        GlosasProcedimento | None, element("glosasProcedimento", "glosas do procedimento")
    ] = None


class GuiaRecebida(TissModel):
    """ct_guiaDados: one guia of a lote as the operadora received it."""

    numero_guia_prestador: NumeroGuiaPrestadorField
    numero_guia_operadora: NumeroGuiaOperadoraOptional = None
    ausencia_cod_validacao: AusenciaCodValidacaoOptional = None
    cod_validacao: CodValidacaoOptional = None
    dados_beneficiario: DadosBeneficiarioField
    data_realizacao: DataRealizacaoOptional = None
    vl_informado_guia: Annotated[
        ValorTotalAnalise | None,
        element("vlInformadoGuia", "valores processado, glosado e liberado da guia"),
    ] = None
    glosa_guia: Annotated[
        list[MotivoGlosa], Items("motivoGlosa"), element("glosaGuia", "glosas da guia inteira")
    ] = Field(default_factory=list)
    procedimentos_realizados: Annotated[
        list[ProcedimentoRecebido],
        Items("procedimentoRealizado"),
        element("procedimentosRealizados", "procedimentos da guia"),
    ] = Field(default_factory=list)


class GlosaProtocolo(TissModel):
    """glosaProtocolo: the glosas of a whole protocolo and their value."""

    motivos_glosa: Annotated[
        list[MotivoGlosa], Items("motivoGlosa"), element("motivosGlosa", "glosas do protocolo")
    ] = Field(min_length=1)
    vl_glosa_protocolo: Annotated[
        ValorTotal, element("vlGlosaProtocolo", "valor glosado do protocolo")
    ]


class DadosGuiasProtocolo(TissModel):
    """dadosGuiasProtocolo: the guias médicas of the protocolo (odontology is not supported)."""

    dados_guias: Annotated[list[GuiaRecebida], element("dadosGuias", "guias do protocolo")] = Field(
        min_length=1
    )


class DetalheProtocolo(TissModel):
    """ct_protocoloDetalhe."""

    numero_protocolo: NumeroProtocoloField
    valor_total_protocolo: Annotated[
        ValorTotal, element("valorTotalProtocolo", "valor total do protocolo")
    ]
    glosa_protocolo: Annotated[
        GlosaProtocolo | None, element("glosaProtocolo", "glosas do protocolo inteiro")
    ] = None
    dados_guias_protocolo: Annotated[
        DadosGuiasProtocolo, element("dadosGuiasProtocolo", "guias do protocolo")
    ]


class ProtocoloRecebimento(TissModel):
    """ct_protocoloRecebimento: the protocolo the operadora gives a lote it received."""

    registro_ans: RegistroANSField
    dados_prestador: DadosPrestadorField
    numero_lote: NumeroLoteField
    data_envio_lote: DataEnvioLoteField
    detalhe_protocolo: Annotated[
        DetalheProtocolo, element("detalheProtocolo", "protocolo, valor e guias recebidas")
    ]


class RecebimentoLote(Choice):
    """ct_recebimentoLote: the protocolo of a lote, or the error that refused it."""

    __choice__ = ("mensagem_erro", "protocolo_recebimento")
    __choice_label__ = "recebimento do lote"

    mensagem_erro: MensagemErroOptional = None
    protocolo_recebimento: Annotated[
        ProtocoloRecebimento | None,
        element("protocoloRecebimento", "protocolo de recebimento do lote"),
    ] = None


# --- demonstrativo de análise de conta ------------------------------------------------------


class CabecalhoDemonstrativo(TissModel):
    """ct_demonstrativoCabecalho: the operadora and the demonstrativo's number and date."""

    registro_ans: RegistroANSField
    numero_demonstrativo: Annotated[
        Texto20, element("numeroDemonstrativo", "número do demonstrativo")
    ]
    nome_operadora: NomeOperadoraField
    numero_cnpj: Annotated[CNPJ, element("numeroCNPJ", "CNPJ da operadora")]
    data_emissao: Annotated[Data, element("dataEmissao", "data de emissão")]


CabecalhoDemonstrativoField = Annotated[
    CabecalhoDemonstrativo,
    element("cabecalhoDemonstrativo", "operadora, número e data do demonstrativo"),
]


class DadosPrestadorDemonstrativo(TissModel):
    """dadosPrestador of a demonstrativo de análise de conta."""

    dados_contratado: DadosContratadoField
    cnes: CNESField


class RelacaoGlosa(TissModel):
    """relacaoGlosa: one glosa of an item, with its value."""

    valor_glosa: ValorGlosaItemField
    tipo_glosa: Annotated[CodigoGlosa, element("tipoGlosa", "código da glosa (tabela 38)")]


class DetalheGuia(TissModel):
    """detalhesGuia: one item of a guia as the operadora analysed it."""

    sequencial_item: SequencialItemField
    data_realizacao: DataRealizacaoField
    procedimento: ProcedimentoField
    grau_participacao: GrauParticipacaoOptional = None
    valor_informado: Annotated[
        ValorItem, element("valorInformado", "valor informado pelo prestador")
    ]
    qtd_executada: Annotated[QuantidadeAnalisada, element("qtdExecutada", "quantidade executada")]
    valor_processado: ValorProcessadoItemField
    valor_liberado: ValorLiberadoItemField
    relacao_glosa: Annotated[list[RelacaoGlosa], element("relacaoGlosa", "glosas do item")] = Field(
        default_factory=list
    )
    centro_consumo: CentroConsumoOptional = None


class RelacaoGuia(_GuiaReferida):
    """relacaoGuias: one guia of a protocolo, its glosas and its totals."""

    numero_carteira: NumeroCarteiraField
    data_inicio_fat: Annotated[Data, element("dataInicioFat", "data de início do faturamento")]
    hora_inicio_fat: Annotated[
        Hora | None, element("horaInicioFat", "hora de início do faturamento")
    ] = None
    data_fim_fat: Annotated[Data | None, element("dataFimFat", "data de fim do faturamento")] = None
    hora_fim_fat: Annotated[Hora | None, element("horaFimFat", "hora de fim do faturamento")] = None
    motivo_glosa_guia: Annotated[
        list[MotivoGlosa], element("motivoGlosaGuia", "glosas da guia inteira")
    ] = Field(default_factory=list)
    situacao_guia: Annotated[StatusProtocolo, element("situacaoGuia", "situação da guia")]
    detalhes_guia: Annotated[list[DetalheGuia], element("detalhesGuia", "itens da guia")] = Field(
        default_factory=list
    )
    valor_informado_guia: Annotated[
        ValorTotal, element("valorInformadoGuia", "valor informado da guia")
    ]
    valor_processado_guia: ValorProcessadoGuiaField
    valor_liberado_guia: ValorLiberadoGuiaField
    valor_glosa_guia: ValorGlosaGuiaOptional = None
    observacao: Annotated[
        Texto500 | None, element("observacao", "observação (a partir da versão 4.03.00)")
    ] = None


class DadosProtocolo(TissModel):
    """dadosProtocolo (ct_contaMedicaResumo): one lote as the operadora analysed it."""

    numero_lote_prestador: Annotated[
        Texto12, element("numeroLotePrestador", "número do lote no prestador")
    ]
    numero_protocolo: NumeroProtocoloField
    data_protocolo: DataProtocoloField
    glosa_protocolo: Annotated[
        MotivoGlosa | None, element("GlosaProtocolo", "glosa do protocolo inteiro")
    ] = None
    situacao_protocolo: Annotated[
        StatusProtocolo, element("situacaoProtocolo", "situação do protocolo")
    ]
    relacao_guias: Annotated[list[RelacaoGuia], element("relacaoGuias", "guias do protocolo")] = (
        Field(default_factory=list)
    )
    valor_informado_protocolo: Annotated[
        ValorTotal, element("valorInformadoProtocolo", "valor informado do protocolo")
    ]
    valor_processado_protocolo: Annotated[
        ValorTotal, element("valorProcessadoProtocolo", "valor processado do protocolo")
    ]
    valor_liberado_protocolo: Annotated[
        ValorTotal, element("valorLiberadoProtocolo", "valor liberado do protocolo")
    ]
    valor_glosa_protocolo: Annotated[
        ValorTotal | None, element("valorGlosaProtocolo", "valor glosado do protocolo")
    ] = None


class DadosConta(TissModel):
    dados_protocolo: Annotated[
        list[DadosProtocolo], element("dadosProtocolo", "protocolos (lotes) analisados")
    ] = Field(min_length=1)


class DemonstrativoAnaliseConta(TissModel):
    """ctm_demonstrativoAnaliseConta: what the operadora accepted and refused, item by item."""

    cabecalho_demonstrativo: CabecalhoDemonstrativoField
    dados_prestador: Annotated[
        DadosPrestadorDemonstrativo, element("dadosPrestador", "prestador e CNES")
    ]
    dados_conta: Annotated[DadosConta, element("dadosConta", "protocolos analisados")]
    valor_informado_geral: Annotated[
        ValorTotal, element("valorInformadoGeral", "valor informado do demonstrativo")
    ]
    valor_processado_geral: Annotated[
        ValorTotal, element("valorProcessadoGeral", "valor processado do demonstrativo")
    ]
    valor_liberado_geral: Annotated[
        ValorTotal, element("valorLiberadoGeral", "valor liberado do demonstrativo")
    ]
    valor_glosa_geral: Annotated[
        ValorTotal | None, element("valorGlosaGeral", "valor glosado do demonstrativo")
    ] = None
    observacao: Annotated[
        Texto500 | None, element("observacao", "observação (a partir da versão 4.02.00)")
    ] = None


# --- demonstrativo de pagamento --------------------------------------------------------------


class DadosContratadoDemonstrativo(TissModel):
    """dadosContratado of a demonstrativo de pagamento."""

    dados_prestador: DadosPrestadorField
    cnes: CNESField


class DadosPagamento(TissModel):
    """ct_pagamentoDados: when and how the operadora paid."""

    data_pagamento: DataPagamentoField
    forma_pagamento: Annotated[FormaPagamento, element("formaPagamento", "forma de pagamento")]
    banco: Annotated[Texto4 | None, element("banco", "código do banco")] = None
    agencia: Annotated[Texto7 | None, element("agencia", "agência")] = None
    nr_conta_cheque: Annotated[
        Texto20 | None, element("nrContaCheque", "número da conta ou do cheque")
    ] = None


class GuiaDoLote(_GuiaReferida):
    """guiasDoLote: what was paid for one guia."""

    tipo_pagamento: Annotated[
        TipoPagamento, element("tipoPagamento", "pagamento inicial ou de recurso")
    ]
    valor_processado_guia: ValorProcessadoGuiaField
    valor_liberado_guia: ValorLiberadoGuiaField
    valor_glosa_guia: ValorGlosaGuiaOptional = None


class RelacaoProtocolo(TissModel):
    """relacaoProtocolos (ct_dadosResumoDemonstrativo): one protocolo paid, with its guias."""

    data_protocolo: DataProtocoloField
    numero_protocolo: NumeroProtocoloField
    numero_lote: NumeroLoteField
    valor_informado: Annotated[ValorTotal, element("valorInformado", "valor informado")]
    valor_processado: ValorProcessadoField
    valor_liberado: ValorLiberadoField
    valor_glosa: ValorGlosaOptional = None
    guias_do_lote: Annotated[
        list[GuiaDoLote], element("guiasDoLote", "guias pagas do lote (até 100)")
    ] = Field(min_length=1, max_length=100)


class DadosResumo(TissModel):
    relacao_protocolos: Annotated[
        list[RelacaoProtocolo], element("relacaoProtocolos", "protocolos pagos")
    ] = Field(min_length=1)


class TotaisBrutosPorData(TissModel):
    total_informado_por_data: Annotated[
        ValorTotal, element("totalInformadoPorData", "total informado na data")
    ]
    total_processado_por_data: Annotated[
        ValorTotal, element("totalProcessadoPorData", "total processado na data")
    ]
    # "totaLiberadoPorData" (sic) is the element's name in every XSD version.
    total_liberado_por_data: Annotated[
        ValorTotal, element("totaLiberadoPorData", "total liberado na data")
    ]
    total_glosa_por_data: Annotated[
        ValorTotal, element("totalGlosaPorData", "total glosado na data")
    ]


class DebitoCredito(TissModel):
    """ct_descontos: a débito or crédito of the payment (taxes, adjustments)."""

    indicador: Annotated[IndicadorDebitoCredito, element("indicador", "débito (1) ou crédito (2)")]
    tipo_debito_credito: Annotated[
        TipoDebitoCredito, element("tipoDebitoCredito", "tipo do débito ou crédito")
    ]
    descricao_db_cr: Annotated[Texto40, element("descricaoDbCr", "descrição")]
    valor_db_cr: Annotated[ValorItem, element("valorDbCr", "valor do débito ou crédito")]


class DebitosCreditosPorData(TissModel):
    debitos_creditos: Annotated[
        list[DebitoCredito], element("debitosCreditos", "débitos e créditos da data")
    ] = Field(min_length=1)


class TotaisLiquidosPorData(TissModel):
    total_debitos_por_data: Annotated[
        ValorTotal, element("totalDebitosPorData", "total de débitos na data")
    ]
    total_creditos_por_data: Annotated[
        ValorTotal, element("totalCreditosPorData", "total de créditos na data")
    ]
    liquido_por_data: Annotated[ValorTotal, element("liquidoPorData", "valor líquido na data")]


class PagamentoPorData(TissModel):
    """pagamentosPorData: one payment date, its protocolos and totals."""

    dados_pagamento: Annotated[DadosPagamento, element("dadosPagamento", "dados do pagamento")]
    dados_resumo: Annotated[DadosResumo, element("dadosResumo", "protocolos pagos")]
    totais_brutos_por_data: Annotated[
        TotaisBrutosPorData, element("totaisBrutosPorData", "totais brutos da data")
    ]
    debitos_creditos_por_data: Annotated[
        DebitosCreditosPorData | None,
        element("debitosCreditosPorData", "débitos e créditos da data"),
    ] = None
    totais_liquidos_por_data: Annotated[
        TotaisLiquidosPorData, element("totaisLiquidosPorData", "totais líquidos da data")
    ]


class Pagamentos(TissModel):
    pagamentos_por_data: Annotated[
        list[PagamentoPorData], element("pagamentosPorData", "pagamentos, por data")
    ] = Field(min_length=1)


class TotaisBrutosDemonstrativo(TissModel):
    valor_informado_bruto: Annotated[
        ValorTotal, element("valorInformadoBruto", "valor informado bruto")
    ]
    valor_processado_bruto: Annotated[
        ValorTotal, element("valorProcessadoBruto", "valor processado bruto")
    ]
    valor_liberado_bruto: Annotated[
        ValorTotal, element("valorLiberadoBruto", "valor liberado bruto")
    ]
    valor_glosa_bruto: Annotated[ValorTotal, element("valorGlosaBruto", "valor glosado bruto")]


class TotaisLiquidosDemonstrativo(TissModel):
    total_debitos_demonstrativo: Annotated[
        ValorTotal, element("totalDebitosDemonstrativo", "total de débitos")
    ]
    # "totalCreditosdemonstrativo" (sic, lowercase d) is the element's name in every version.
    total_creditos_demonstrativo: Annotated[
        ValorTotal, element("totalCreditosdemonstrativo", "total de créditos")
    ]
    valor_liberado_demonstrativo: Annotated[
        ValorTotal, element("valorLiberadoDemonstrativo", "valor líquido liberado")
    ]


class TotaisDemonstrativo(TissModel):
    totais_brutos_demonstrativo: Annotated[
        TotaisBrutosDemonstrativo, element("totaisBrutosDemonstrativo", "totais brutos")
    ]
    debitos_creditos_demonstrativo: Annotated[
        list[DebitoCredito],
        element("debitosCreditosDemonstrativo", "débitos e créditos do demonstrativo"),
    ] = Field(default_factory=list)
    totais_liquidos_demonstrativo: Annotated[
        TotaisLiquidosDemonstrativo, element("totaisLiquidosDemonstrativo", "totais líquidos")
    ]


class DemonstrativoPagamento(TissModel):
    """ctm_demonstrativoPagamento: what the operadora paid, per date and protocolo."""

    cabecalho_demonstrativo: CabecalhoDemonstrativoField
    dados_contratado: Annotated[
        DadosContratadoDemonstrativo, element("dadosContratado", "prestador e CNES")
    ]
    pagamentos: Annotated[Pagamentos, element("pagamentos", "pagamentos por data")]
    totais_demonstrativo: Annotated[
        TotaisDemonstrativo, element("totaisDemonstrativo", "totais do demonstrativo")
    ]
    observacao: Annotated[Texto500 | None, element("observacao", "observação")] = None


class DemonstrativosRetorno(Choice):
    """ct_demonstrativoRetorno: an error, up to 30 demonstrativos de análise de conta, or a
    demonstrativo de pagamento (one of; the odontology one is not supported)."""

    __choice__ = ("mensagem_erro", "demonstrativo_analise_conta", "demonstrativo_pagamento")
    __choice_label__ = "demonstrativos de retorno"

    mensagem_erro: MensagemErroOptional = None
    demonstrativo_analise_conta: Annotated[
        list[DemonstrativoAnaliseConta] | None,
        element("demonstrativoAnaliseConta", "demonstrativos de análise de conta (até 30)"),
    ] = Field(default=None, min_length=1, max_length=30)
    demonstrativo_pagamento: Annotated[
        DemonstrativoPagamento | None,
        element("demonstrativoPagamento", "demonstrativo de pagamento"),
    ] = None


# --- situação do protocolo -------------------------------------------------------------------


class GuiaMedica(TissModel):
    """guiasMedicas: one guia of the lote whose situação is asked."""

    guias: Annotated[GuiaRecebida, element("guias", "dados da guia")]


class GuiasLoteStatus(TissModel):
    """guiasTISS of ct_loteStatus: the guias médicas (odontology is not supported)."""

    guias_medicas: Annotated[list[GuiaMedica], element("guiasMedicas", "guias")] = Field(
        min_length=1
    )


class LoteStatus(TissModel):
    """ct_loteStatus: the situação of a lote and of its guias."""

    status_protocolo: Annotated[StatusProtocolo, element("statusProtocolo", "situação")]
    numero_protocolo: NumeroProtocoloField
    numero_lote: NumeroLoteField
    data_envio_lote: DataEnvioLoteField
    valor_total_lote: Annotated[
        ValorTotalAnalise,
        element("valorTotalLote", "valores processado, glosado e liberado do lote"),
    ]
    guias_tiss: Annotated[GuiasLoteStatus, element("guiasTISS", "guias do lote")]


class LoteSituacao(Choice):
    """lote of ct_protocoloStatus: the lote's situação, or the error (one of)."""

    __choice__ = ("detalhe_lote", "mensagem_erro")
    __choice_label__ = "situação do lote"

    detalhe_lote: Annotated[LoteStatus | None, element("detalheLote", "situação do lote")] = None
    mensagem_erro: MensagemErroOptional = None


class ProtocoloStatus(TissModel):
    """ct_protocoloStatus: the situação of a protocolo the prestador asked about."""

    identificacao_operadora: Annotated[
        RegistroANS, element("identificacaoOperadora", "registro da operadora na ANS (6 dígitos)")
    ]
    dados_prestador: DadosPrestadorField
    lote: Annotated[LoteSituacao, element("lote", "situação do lote, ou o erro")]


class SituacaoProtocolo(Choice):
    """ct_situacaoProtocolo: the answer to a solicitação de status do protocolo (the situação
    of a protocolo de anexos is not supported)."""

    __choice__ = ("mensagem_erro", "situacao_do_protocolo")
    __choice_label__ = "situação do protocolo"

    mensagem_erro: MensagemErroOptional = None
    situacao_do_protocolo: Annotated[
        ProtocoloStatus | None, element("situacaoDoProtocolo", "situação do protocolo")
    ] = None


# --- resposta ao recurso de glosa ------------------------------------------------------------


class RespostaRecursoProtocolo(TissModel):
    """recursoProtocolo of a reciboGlosa: the answer to the recurso of a whole protocolo."""

    codigo_glosa_protocolo: CodigoGlosaProtocoloField
    justificativa_protocolo: JustificativaProtocoloField
    recurso_acatado: Annotated[SimNao, element("recursoAcatado", "recurso acatado")]
    justificativa_ops_nao_acatado_prot: Annotated[
        Texto500 | None,
        element("justificativaOPSnaoAcatadoProt", "justificativa da operadora para recusar"),
    ] = None


class RespostaGlosaGuia(_GuiaReferida):
    """ct_respostaGlosaGuiaMedica: the answer to the recurso of a whole guia."""

    cod_glosa: CodGlosaField
    justificativa_prestador: JustificativaPrestadorField
    recurso_guia_acatado: Annotated[
        SimNao, element("recursoGuiaAcatado", "recurso da guia acatado")
    ]
    justificativa_ops_nao_acatado_guia: Annotated[
        Texto500 | None,
        element("justificativaOPSnaoAcatadoGuia", "justificativa da operadora para recusar"),
    ] = None


class RespostaGlosaItem(_GuiaReferida):
    """ct_respostaGlosaItemMedico: the answer to the recurso of one item."""

    data_realizacao: DataRealizacaoField
    data_fim: DataFimOptional = None
    sequencial_item: SequencialItemField
    proc_recurso: ProcRecursoField
    cod_glosa: CodGlosaField
    valor_recursado: ValorRecursadoField
    justificativa_prestador: JustificativaPrestadorField
    # "valorAcatadado" (sic) is the element's name in every XSD version.
    valor_acatado: Annotated[ValorItem, element("valorAcatadado", "valor acatado pela operadora")]
    justificativa_operadora: Annotated[
        Texto500 | None, element("justificativaOperadora", "justificativa da operadora")
    ] = None


class RespostaRecursoGuia(Choice):
    """recursoGuia of a reciboGlosa: the answer for a whole guia or for items (one of)."""

    __choice__ = ("resposta_guia", "resposta_guia_itens")
    __choice_label__ = "resposta do recurso"

    resposta_guia: Annotated[
        RespostaGlosaGuia | None, element("respostaGuia", "resposta ao recurso da guia inteira")
    ] = None
    resposta_guia_itens: Annotated[
        RespostaGlosaItem | None, element("respostaGuiaItens", "resposta ao recurso de um item")
    ] = None


class OpcaoRespostaRecurso(Choice):
    """opcaoRecurso of a reciboGlosa: the protocolo, or guias (one of)."""

    __choice__ = ("recurso_protocolo", "recurso_guia")
    __choice_label__ = "opção de recurso"

    recurso_protocolo: Annotated[
        RespostaRecursoProtocolo | None,
        element("recursoProtocolo", "resposta ao recurso do protocolo inteiro"),
    ] = None
    recurso_guia: Annotated[
        list[RespostaRecursoGuia] | None, element("recursoGuia", "respostas aos recursos de guias")
    ] = Field(default=None, min_length=1)


class ReciboGlosa(TissModel):
    """ct_glosaRecibo: the operadora's answer to a recurso de glosa, with what it accepted."""

    registro_ans: RegistroANSField
    numero_guia_rec_glosa_prestador: NumeroGuiaRecGlosaPrestadorField
    numero_guia_rec_glosa_operadora: NumeroGuiaRecGlosaOperadoraOptional = None
    nome_operadora: NomeOperadoraField
    objeto_recurso: ObjetoRecursoField
    codigo_prestador: Annotated[
        Texto14, element("codigoPrestador", "código do prestador na operadora")
    ]
    numero_lote: Annotated[Numerico12, element("numeroLote", "número do lote (até 12 dígitos)")]
    numero_protocolo: NumeroProtocoloNumericoField
    opcao_recurso: Annotated[
        OpcaoRespostaRecurso, element("opcaoRecurso", "respostas do protocolo ou das guias")
    ]
    data_recurso: DataRecursoField
    valor_total_recursado: ValorTotalRecursadoField
    valor_total_acatado: Annotated[ValorTotal, element("valorTotalAcatado", "valor total acatado")]


class ReciboGlosaStatus(TissModel):
    """reciboGlosaStatus: the situação of a recurso de glosa."""

    nr_protocolo_recurso_glosa: Annotated[
        Texto12, element("nrProtocoloRecursoGlosa", "protocolo do recurso")
    ]
    data_envio_recurso: Annotated[Data, element("dataEnvioRecurso", "data de envio do recurso")]
    data_recebimento_recurso: Annotated[
        Data, element("dataRecebimentoRecurso", "data de recebimento do recurso")
    ]
    numero_lote: NumeroLoteField
    registro_ans: RegistroANSField
    dados_prestador: DadosPrestadorField
    nr_protocolo_situacao_recurso_glosa: Annotated[
        Texto12, element("nrProtocoloSituacaoRecursoGlosa", "protocolo da consulta de situação")
    ]
    data_situacao: Annotated[Data, element("dataSituacao", "data da situação")]
    situacao_protocolo: Annotated[
        StatusProtocolo, element("situacaoProtocolo", "situação do recurso")
    ]


class RespostaRecursoGlosa(Choice):
    """ct_respostaGlosa: the answer to a recurso de glosa, its situação, or the error (one of;
    the odontology answer is not supported)."""

    __choice__ = ("recibo_glosa", "recibo_glosa_status", "mensagem_erro")
    __choice_label__ = "resposta ao recurso de glosa"

    recibo_glosa: Annotated[
        ReciboGlosa | None, element("reciboGlosa", "resposta ao recurso de glosa")
    ] = None
    recibo_glosa_status: Annotated[
        ReciboGlosaStatus | None, element("reciboGlosaStatus", "situação do recurso de glosa")
    ] = None
    mensagem_erro: MensagemErroOptional = None


# --- message --------------------------------------------------------------------------------


class OperadoraParaPrestador(Choice):
    """operadoraPrestador: what the operadora sends (one of)."""

    __choice__ = (
        "recebimento_lote",
        "demonstrativos_retorno",
        "situacao_protocolo",
        "resposta_recurso_glosa",
    )
    __choice_label__ = "mensagem da operadora"

    recebimento_lote: Annotated[
        RecebimentoLote | None,
        element("recebimentoLote", "protocolo de recebimento de um lote, ou o erro"),
    ] = None
    demonstrativos_retorno: Annotated[
        DemonstrativosRetorno | None,
        element("demonstrativosRetorno", "demonstrativos de análise de conta ou de pagamento"),
    ] = None

    situacao_protocolo: Annotated[
        SituacaoProtocolo | None,
        element("situacaoProtocolo", "situação de um protocolo, ou o erro"),
    ] = None

    resposta_recurso_glosa: Annotated[
        RespostaRecursoGlosa | None,
        element("respostaRecursoGlosa", "resposta a um recurso de glosa"),
    ] = None


class MensagemOperadora(_Mensagem):
    """A complete message of an operadora to a prestador (``mensagemTISS`` with
    ``operadoraParaPrestador``)."""

    cabecalho: Annotated[CabecalhoOperadora, element("cabecalho", "cabeçalho da transação")]
    operadora_para_prestador: Annotated[
        OperadoraParaPrestador,
        element("operadoraParaPrestador", "conteúdo enviado pela operadora ao prestador"),
    ]
    epilogo: EpilogoField = Field(default_factory=Epilogo)


# --- recurso de glosa (prestador → operadora) -----------------------------------------------


class RecursoProtocolo(TissModel):
    """recursoProtocolo: appeal of the glosa of a whole protocolo."""

    codigo_glosa_protocolo: CodigoGlosaProtocoloField
    justificativa_protocolo: JustificativaProtocoloField


class RecursoGuiaCompleta(TissModel):
    """recursoGuiaCompleta: appeal of a glosa of a whole guia."""

    cod_glosa_guia: Annotated[
        CodigoGlosa, element("codGlosaGuia", "código da glosa contestada (tabela 38)")
    ]
    justificativa_guia: Annotated[
        Texto500, element("justificativaGuia", "justificativa do prestador")
    ]


class ItemRecurso(TissModel):
    """itensGuia: appeal of the glosa of one item."""

    sequencial_item: SequencialItemField
    data_inicio: Annotated[Data, element("dataInicio", "data de início")]
    data_fim: DataFimOptional = None
    proc_recurso: ProcRecursoField
    grau_participacao: GrauParticipacaoOptional = None
    centro_consumo: CentroConsumoOptional = None
    cod_glosa_item: Annotated[
        CodigoGlosa, element("codGlosaItem", "código da glosa contestada (tabela 38)")
    ]
    valor_recursado: ValorRecursadoField
    justificativa_item: Annotated[
        Texto500, element("justificativaItem", "justificativa do prestador")
    ]


class OpcaoRecursoGuia(Choice):
    """opcaoRecursoGuia: the glosas of the whole guia, or of items (one of)."""

    __choice__ = ("recurso_guia_completa", "itens_guia")
    __choice_label__ = "recurso da guia"

    recurso_guia_completa: Annotated[
        list[RecursoGuiaCompleta] | None,
        element("recursoGuiaCompleta", "glosas da guia inteira contestadas"),
    ] = Field(default=None, min_length=1)
    itens_guia: Annotated[list[ItemRecurso] | None, element("itensGuia", "itens contestados")] = (
        Field(default=None, min_length=1)
    )


class RecursoGuia(TissModel):
    """recursoGuia: the appeal of one guia."""

    numero_guia_origem: Annotated[
        Texto20, element("numeroGuiaOrigem", "número da guia no prestador")
    ]
    numero_guia_operadora: NumeroGuiaOperadoraOptional = None
    senha: SenhaOptional = None
    opcao_recurso_guia: Annotated[
        OpcaoRecursoGuia, element("opcaoRecursoGuia", "guia inteira ou itens contestados")
    ]


class OpcaoRecurso(Choice):
    """opcaoRecurso: the whole protocolo, or up to 100 guias (one of)."""

    __choice__ = ("recurso_protocolo", "recurso_guia")
    __choice_label__ = "opção de recurso"

    recurso_protocolo: Annotated[
        RecursoProtocolo | None,
        element("recursoProtocolo", "recurso da glosa do protocolo inteiro"),
    ] = None
    recurso_guia: Annotated[
        list[RecursoGuia] | None, element("recursoGuia", "guias contestadas (até 100)")
    ] = Field(default=None, min_length=1, max_length=100)


class GuiaRecursoGlosa(TissModel):
    """ctm_recursoGlosa: the recurso de glosa of one protocolo."""

    registro_ans: RegistroANSField
    numero_guia_rec_glosa_prestador: NumeroGuiaRecGlosaPrestadorField
    nome_operadora: NomeOperadoraField
    objeto_recurso: ObjetoRecursoField
    numero_guia_rec_glosa_operadora: NumeroGuiaRecGlosaOperadoraOptional = None
    dados_contratado: DadosContratadoField
    numero_lote: NumeroLoteField
    numero_protocolo: NumeroProtocoloNumericoField
    opcao_recurso: Annotated[
        OpcaoRecurso, element("opcaoRecurso", "protocolo inteiro ou guias contestadas")
    ]
    valor_total_recursado: ValorTotalRecursadoField
    data_recurso: DataRecursoField


class RecursoGlosa(TissModel):
    """ct_guiaRecursoLote: a recurso de glosa (the odontology one is not supported)."""

    guia_recurso_glosa: Annotated[GuiaRecursoGlosa, element("guiaRecursoGlosa", "recurso de glosa")]


class Periodo(Choice):
    """periodo of a solicitação de demonstrativo de pagamento (one of)."""

    __choice__ = ("data_pagamento", "competencia")
    __choice_label__ = "período"

    data_pagamento: DataPagamentoOptional = None
    competencia: Annotated[Competencia | None, element("competencia", "competência (AAAAMM)")] = (
        None
    )


class SolicitacaoDemonstrativoPagamento(TissModel):
    """demonstrativoPagamento of ct_demonstrativoSolicitacao."""

    dados_prestador: DadosPrestadorField
    data_solicitacao: DataSolicitacaoPedidoField
    tipo_demonstrativo: Annotated[
        TipoDemonstrativoPagamento, element("tipoDemonstrativo", "demonstrativo pedido")
    ] = TipoDemonstrativoPagamento.PAGAMENTO
    periodo: Annotated[Periodo, element("periodo", "data de pagamento ou competência")]


class Protocolos(TissModel):
    numero_protocolo: Annotated[
        list[Texto12], element("numeroProtocolo", "números dos protocolos (até 30)")
    ] = Field(min_length=1, max_length=30)


class SolicitacaoDemonstrativoAnalise(TissModel):
    """demonstrativoAnalise of ct_demonstrativoSolicitacao."""

    dados_prestador: DadosPrestadorField
    data_solicitacao: DataSolicitacaoPedidoField
    protocolos: Annotated[Protocolos, element("protocolos", "protocolos pedidos")]


class SolicitacaoDemonstrativoRetorno(Choice):
    """ct_demonstrativoSolicitacao: a demonstrativo de pagamento or de análise (one of)."""

    __choice__ = ("demonstrativo_pagamento", "demonstrativo_analise")
    __choice_label__ = "solicitação de demonstrativo"

    demonstrativo_pagamento: Annotated[
        SolicitacaoDemonstrativoPagamento | None,
        element("demonstrativoPagamento", "pedido de demonstrativo de pagamento"),
    ] = None
    demonstrativo_analise: Annotated[
        SolicitacaoDemonstrativoAnalise | None,
        element("demonstrativoAnalise", "pedido de demonstrativo de análise de conta"),
    ] = None


class SolicitacaoStatusProtocolo(TissModel):
    """ct_protocoloSolicitacaoStatus: asks the situação of a protocolo."""

    dados_prestador: DadosPrestadorField
    numero_protocolo: NumeroProtocoloField


class EnvioPrestador(Choice):
    """prestadorOperadora other than a lote de guias: what else the prestador sends (one of)."""

    __choice__ = (
        "solicitacao_demonstrativo_retorno",
        "solicitacao_status_protocolo",
        "recurso_glosa",
    )
    __choice_label__ = "mensagem do prestador"

    solicitacao_demonstrativo_retorno: Annotated[
        SolicitacaoDemonstrativoRetorno | None,
        element("solicitacaoDemonstrativoRetorno", "pedido de demonstrativo"),
    ] = None
    solicitacao_status_protocolo: Annotated[
        SolicitacaoStatusProtocolo | None,
        element("solicitacaoStatusProtocolo", "pedido da situação de um protocolo"),
    ] = None
    recurso_glosa: Annotated[RecursoGlosa | None, element("recursoGlosa", "recurso de glosa")] = (
        None
    )


class MensagemPrestador(_Mensagem):
    """A message of the prestador to the operadora that is not a lote de guias (``mensagemTISS``
    with ``prestadorParaOperadora``): a recurso de glosa or a solicitação (demonstrativo,
    status do protocolo)."""

    cabecalho: CabecalhoField
    prestador_para_operadora: Annotated[
        EnvioPrestador,
        element("prestadorParaOperadora", "conteúdo enviado pelo prestador à operadora"),
    ]
    epilogo: EpilogoField = Field(default_factory=Epilogo)


Mensagem = MensagemTISS | MensagemOperadora | MensagemPrestador
"""Any message tissbill reads and writes: the prestador's lote, another message of the
prestador or a message of the operadora."""
