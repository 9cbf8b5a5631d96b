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
from tissbill.versions import DEFAULT_VERSION, TissVersion

# --- envelope -------------------------------------------------------------------------------


class OrigemOperadora(TissModel):
    """origem of a message the operadora sends: its registro ANS."""

    registro_ans: RegistroANSField


class DestinoPrestador(TissModel):
    """destino of a message the operadora sends: the prestador."""

    identificacao_prestador: IdentificacaoPrestador = Field(
        serialization_alias="identificacaoPrestador",
        description="identificacaoPrestador: CNPJ, CPF ou código do prestador na operadora",
    )


class CabecalhoOperadora(TissModel):
    """cabecalhoTransacao of a message from the operadora."""

    identificacao_transacao: IdentificacaoTransacaoField
    falha_negocio: CodigoGlosa | None = Field(
        default=None,
        serialization_alias="falhaNegocio",
        description="falhaNegocio: código da falha de negócio (tabela 38)",
    )
    origem: OrigemOperadora = Field(
        serialization_alias="origem", description="origem: operadora que envia a mensagem"
    )
    destino: DestinoPrestador = Field(
        serialization_alias="destino", description="destino: prestador destinatário"
    )
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

    codigo_glosa: CodigoGlosa = Field(
        serialization_alias="codigoGlosa", description="codigoGlosa: código da glosa (tabela 38)"
    )
    descricao_glosa: Texto500 | None = Field(
        default=None,
        serialization_alias="descricaoGlosa",
        description="descricaoGlosa: descrição da glosa",
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

    motivo_glosa: list[MotivoGlosa] = Field(
        min_length=1, serialization_alias="motivoGlosa", description="motivoGlosa: glosas"
    )
    valor_glosa_procedimento: ValorTotal = Field(
        serialization_alias="valorGlosaProcedimento",
        description="valorGlosaProcedimento: valor glosado do procedimento",
    )


class ProcedimentoRecebido(TissModel):
    """procedimentoRealizado of a protocolo (ct_procedimentoExecutado plus its glosas)."""

    sequencial_item: SequencialItemField
    data_execucao: DataExecucaoField
    hora_inicial: HoraInicialOptional = None
    hora_final: HoraFinalOptional = None
    procedimento: ProcedimentoField
    unidade_medida: UnidadeMedida | None = Field(
        default=None,
        serialization_alias="unidadeMedida",
        description="unidadeMedida: unidade de medida",
    )
    quantidade_executada: QuantidadeAnalisada = Field(
        serialization_alias="quantidadeExecutada",
        description="quantidadeExecutada: quantidade executada",
    )
    via_acesso: ViaAcessoOptional = None
    tecnica_utilizada: TecnicaUtilizadaOptional = None
    valor_unitario: ValorUnitarioField
    valor_total: ValorTotalItemField
    centro_consumo: CentroConsumoOptional = None
    codigo_despesa: CodigoDespesa | None = Field(
        default=None,
        serialization_alias="codigoDespesa",
        description="codigoDespesa: código da despesa",
    )
    fator_reducao_acrescimo: Fator | None = Field(
        default=None,
        serialization_alias="fatorReducaoAcrescimo",
        description="fatorReducaoAcrescimo: fator de redução ou acréscimo",
    )
    glosas_procedimento: GlosasProcedimento | None = Field(
        default=None,
        serialization_alias="glosasProcedimento",
        description="glosasProcedimento: glosas do procedimento",
    )


class GuiaRecebida(TissModel):
    """ct_guiaDados: one guia of a lote as the operadora received it."""

    numero_guia_prestador: NumeroGuiaPrestadorField
    numero_guia_operadora: NumeroGuiaOperadoraOptional = None
    ausencia_cod_validacao: AusenciaCodValidacaoOptional = None
    cod_validacao: CodValidacaoOptional = None
    dados_beneficiario: DadosBeneficiarioField
    data_realizacao: DataRealizacaoOptional = None
    vl_informado_guia: ValorTotalAnalise | None = Field(
        default=None,
        serialization_alias="vlInformadoGuia",
        description="vlInformadoGuia: valores processado, glosado e liberado da guia",
    )
    glosa_guia: Annotated[list[MotivoGlosa], Items("motivoGlosa")] = Field(
        default_factory=list,
        serialization_alias="glosaGuia",
        description="glosaGuia: glosas da guia inteira",
    )
    procedimentos_realizados: Annotated[
        list[ProcedimentoRecebido], Items("procedimentoRealizado")
    ] = Field(
        default_factory=list,
        serialization_alias="procedimentosRealizados",
        description="procedimentosRealizados: procedimentos da guia",
    )


class GlosaProtocolo(TissModel):
    """glosaProtocolo: the glosas of a whole protocolo and their value."""

    motivos_glosa: Annotated[list[MotivoGlosa], Items("motivoGlosa")] = Field(
        min_length=1,
        serialization_alias="motivosGlosa",
        description="motivosGlosa: glosas do protocolo",
    )
    vl_glosa_protocolo: ValorTotal = Field(
        serialization_alias="vlGlosaProtocolo",
        description="vlGlosaProtocolo: valor glosado do protocolo",
    )


class DadosGuiasProtocolo(TissModel):
    """dadosGuiasProtocolo: the guias médicas of the protocolo (odontology is not supported)."""

    dados_guias: list[GuiaRecebida] = Field(
        min_length=1,
        serialization_alias="dadosGuias",
        description="dadosGuias: guias do protocolo",
    )


class DetalheProtocolo(TissModel):
    """ct_protocoloDetalhe."""

    numero_protocolo: NumeroProtocoloField
    valor_total_protocolo: ValorTotal = Field(
        serialization_alias="valorTotalProtocolo",
        description="valorTotalProtocolo: valor total do protocolo",
    )
    glosa_protocolo: GlosaProtocolo | None = Field(
        default=None,
        serialization_alias="glosaProtocolo",
        description="glosaProtocolo: glosas do protocolo inteiro",
    )
    dados_guias_protocolo: DadosGuiasProtocolo = Field(
        serialization_alias="dadosGuiasProtocolo",
        description="dadosGuiasProtocolo: guias do protocolo",
    )


class ProtocoloRecebimento(TissModel):
    """ct_protocoloRecebimento: the protocolo the operadora gives a lote it received."""

    registro_ans: RegistroANSField
    dados_prestador: DadosPrestadorField
    numero_lote: NumeroLoteField
    data_envio_lote: DataEnvioLoteField
    detalhe_protocolo: DetalheProtocolo = Field(
        serialization_alias="detalheProtocolo",
        description="detalheProtocolo: protocolo, valor e guias recebidas",
    )


class RecebimentoLote(Choice):
    """ct_recebimentoLote: the protocolo of a lote, or the error that refused it."""

    __choice__ = ("mensagem_erro", "protocolo_recebimento")
    __choice_label__ = "recebimento do lote"

    mensagem_erro: MensagemErroOptional = None
    protocolo_recebimento: ProtocoloRecebimento | None = Field(
        default=None,
        serialization_alias="protocoloRecebimento",
        description="protocoloRecebimento: protocolo de recebimento do lote",
    )


# --- demonstrativo de análise de conta ------------------------------------------------------


class CabecalhoDemonstrativo(TissModel):
    """ct_demonstrativoCabecalho: the operadora and the demonstrativo's number and date."""

    registro_ans: RegistroANSField
    numero_demonstrativo: Texto20 = Field(
        serialization_alias="numeroDemonstrativo",
        description="numeroDemonstrativo: número do demonstrativo",
    )
    nome_operadora: NomeOperadoraField
    numero_cnpj: CNPJ = Field(
        serialization_alias="numeroCNPJ", description="numeroCNPJ: CNPJ da operadora"
    )
    data_emissao: Data = Field(
        serialization_alias="dataEmissao", description="dataEmissao: data de emissão"
    )


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
    tipo_glosa: CodigoGlosa = Field(
        serialization_alias="tipoGlosa", description="tipoGlosa: código da glosa (tabela 38)"
    )


class DetalheGuia(TissModel):
    """detalhesGuia: one item of a guia as the operadora analysed it."""

    sequencial_item: SequencialItemField
    data_realizacao: DataRealizacaoField
    procedimento: ProcedimentoField
    grau_participacao: GrauParticipacaoOptional = None
    valor_informado: ValorItem = Field(
        serialization_alias="valorInformado",
        description="valorInformado: valor informado pelo prestador",
    )
    qtd_executada: QuantidadeAnalisada = Field(
        serialization_alias="qtdExecutada", description="qtdExecutada: quantidade executada"
    )
    valor_processado: ValorProcessadoItemField
    valor_liberado: ValorLiberadoItemField
    relacao_glosa: list[RelacaoGlosa] = Field(
        default_factory=list,
        serialization_alias="relacaoGlosa",
        description="relacaoGlosa: glosas do item",
    )
    centro_consumo: CentroConsumoOptional = None


class RelacaoGuia(_GuiaReferida):
    """relacaoGuias: one guia of a protocolo, its glosas and its totals."""

    numero_carteira: NumeroCarteiraField
    data_inicio_fat: Data = Field(
        serialization_alias="dataInicioFat",
        description="dataInicioFat: data de início do faturamento",
    )
    hora_inicio_fat: Hora | None = Field(
        default=None,
        serialization_alias="horaInicioFat",
        description="horaInicioFat: hora de início do faturamento",
    )
    data_fim_fat: Data | None = Field(
        default=None,
        serialization_alias="dataFimFat",
        description="dataFimFat: data de fim do faturamento",
    )
    hora_fim_fat: Hora | None = Field(
        default=None,
        serialization_alias="horaFimFat",
        description="horaFimFat: hora de fim do faturamento",
    )
    motivo_glosa_guia: list[MotivoGlosa] = Field(
        default_factory=list,
        serialization_alias="motivoGlosaGuia",
        description="motivoGlosaGuia: glosas da guia inteira",
    )
    situacao_guia: StatusProtocolo = Field(
        serialization_alias="situacaoGuia", description="situacaoGuia: situação da guia"
    )
    detalhes_guia: list[DetalheGuia] = Field(
        default_factory=list,
        serialization_alias="detalhesGuia",
        description="detalhesGuia: itens da guia",
    )
    valor_informado_guia: ValorTotal = Field(
        serialization_alias="valorInformadoGuia",
        description="valorInformadoGuia: valor informado da guia",
    )
    valor_processado_guia: ValorProcessadoGuiaField
    valor_liberado_guia: ValorLiberadoGuiaField
    valor_glosa_guia: ValorGlosaGuiaOptional = None
    observacao: Texto500 | None = Field(
        default=None,
        serialization_alias="observacao",
        description="observacao: observação (a partir da versão 4.03.00)",
    )


class DadosProtocolo(TissModel):
    """dadosProtocolo (ct_contaMedicaResumo): one lote as the operadora analysed it."""

    numero_lote_prestador: Texto12 = Field(
        serialization_alias="numeroLotePrestador",
        description="numeroLotePrestador: número do lote no prestador",
    )
    numero_protocolo: NumeroProtocoloField
    data_protocolo: DataProtocoloField
    glosa_protocolo: MotivoGlosa | None = Field(
        default=None,
        serialization_alias="GlosaProtocolo",
        description="GlosaProtocolo: glosa do protocolo inteiro",
    )
    situacao_protocolo: StatusProtocolo = Field(
        serialization_alias="situacaoProtocolo",
        description="situacaoProtocolo: situação do protocolo",
    )
    relacao_guias: list[RelacaoGuia] = Field(
        default_factory=list,
        serialization_alias="relacaoGuias",
        description="relacaoGuias: guias do protocolo",
    )
    valor_informado_protocolo: ValorTotal = Field(
        serialization_alias="valorInformadoProtocolo",
        description="valorInformadoProtocolo: valor informado do protocolo",
    )
    valor_processado_protocolo: ValorTotal = Field(
        serialization_alias="valorProcessadoProtocolo",
        description="valorProcessadoProtocolo: valor processado do protocolo",
    )
    valor_liberado_protocolo: ValorTotal = Field(
        serialization_alias="valorLiberadoProtocolo",
        description="valorLiberadoProtocolo: valor liberado do protocolo",
    )
    valor_glosa_protocolo: ValorTotal | None = Field(
        default=None,
        serialization_alias="valorGlosaProtocolo",
        description="valorGlosaProtocolo: valor glosado do protocolo",
    )


class DadosConta(TissModel):
    dados_protocolo: list[DadosProtocolo] = Field(
        min_length=1,
        serialization_alias="dadosProtocolo",
        description="dadosProtocolo: protocolos (lotes) analisados",
    )


class DemonstrativoAnaliseConta(TissModel):
    """ctm_demonstrativoAnaliseConta: what the operadora accepted and refused, item by item."""

    cabecalho_demonstrativo: CabecalhoDemonstrativoField
    dados_prestador: DadosPrestadorDemonstrativo = Field(
        serialization_alias="dadosPrestador", description="dadosPrestador: prestador e CNES"
    )
    dados_conta: DadosConta = Field(
        serialization_alias="dadosConta", description="dadosConta: protocolos analisados"
    )
    valor_informado_geral: ValorTotal = Field(
        serialization_alias="valorInformadoGeral",
        description="valorInformadoGeral: valor informado do demonstrativo",
    )
    valor_processado_geral: ValorTotal = Field(
        serialization_alias="valorProcessadoGeral",
        description="valorProcessadoGeral: valor processado do demonstrativo",
    )
    valor_liberado_geral: ValorTotal = Field(
        serialization_alias="valorLiberadoGeral",
        description="valorLiberadoGeral: valor liberado do demonstrativo",
    )
    valor_glosa_geral: ValorTotal | None = Field(
        default=None,
        serialization_alias="valorGlosaGeral",
        description="valorGlosaGeral: valor glosado do demonstrativo",
    )
    observacao: Texto500 | None = Field(
        default=None,
        serialization_alias="observacao",
        description="observacao: observação (a partir da versão 4.02.00)",
    )


# --- demonstrativo de pagamento --------------------------------------------------------------


class DadosContratadoDemonstrativo(TissModel):
    """dadosContratado of a demonstrativo de pagamento."""

    dados_prestador: DadosPrestadorField
    cnes: CNESField


class DadosPagamento(TissModel):
    """ct_pagamentoDados: when and how the operadora paid."""

    data_pagamento: DataPagamentoField
    forma_pagamento: FormaPagamento = Field(
        serialization_alias="formaPagamento", description="formaPagamento: forma de pagamento"
    )
    banco: Texto4 | None = Field(
        default=None, serialization_alias="banco", description="banco: código do banco"
    )
    agencia: Texto7 | None = Field(
        default=None, serialization_alias="agencia", description="agencia: agência"
    )
    nr_conta_cheque: Texto20 | None = Field(
        default=None,
        serialization_alias="nrContaCheque",
        description="nrContaCheque: número da conta ou do cheque",
    )


class GuiaDoLote(_GuiaReferida):
    """guiasDoLote: what was paid for one guia."""

    tipo_pagamento: TipoPagamento = Field(
        serialization_alias="tipoPagamento",
        description="tipoPagamento: pagamento inicial ou de recurso",
    )
    valor_processado_guia: ValorProcessadoGuiaField
    valor_liberado_guia: ValorLiberadoGuiaField
    valor_glosa_guia: ValorGlosaGuiaOptional = None


class RelacaoProtocolo(TissModel):
    """relacaoProtocolos (ct_dadosResumoDemonstrativo): one protocolo paid, with its guias."""

    data_protocolo: DataProtocoloField
    numero_protocolo: NumeroProtocoloField
    numero_lote: NumeroLoteField
    valor_informado: ValorTotal = Field(
        serialization_alias="valorInformado", description="valorInformado: valor informado"
    )
    valor_processado: ValorProcessadoField
    valor_liberado: ValorLiberadoField
    valor_glosa: ValorGlosaOptional = None
    guias_do_lote: list[GuiaDoLote] = Field(
        min_length=1,
        max_length=100,
        serialization_alias="guiasDoLote",
        description="guiasDoLote: guias pagas do lote (até 100)",
    )


class DadosResumo(TissModel):
    relacao_protocolos: list[RelacaoProtocolo] = Field(
        min_length=1,
        serialization_alias="relacaoProtocolos",
        description="relacaoProtocolos: protocolos pagos",
    )


class TotaisBrutosPorData(TissModel):
    total_informado_por_data: ValorTotal = Field(
        serialization_alias="totalInformadoPorData",
        description="totalInformadoPorData: total informado na data",
    )
    total_processado_por_data: ValorTotal = Field(
        serialization_alias="totalProcessadoPorData",
        description="totalProcessadoPorData: total processado na data",
    )
    # "totaLiberadoPorData" (sic) is the element's name in every XSD version.
    total_liberado_por_data: ValorTotal = Field(
        serialization_alias="totaLiberadoPorData",
        description="totaLiberadoPorData: total liberado na data",
    )
    total_glosa_por_data: ValorTotal = Field(
        serialization_alias="totalGlosaPorData",
        description="totalGlosaPorData: total glosado na data",
    )


class DebitoCredito(TissModel):
    """ct_descontos: a débito or crédito of the payment (taxes, adjustments)."""

    indicador: IndicadorDebitoCredito = Field(
        serialization_alias="indicador", description="indicador: débito (1) ou crédito (2)"
    )
    tipo_debito_credito: TipoDebitoCredito = Field(
        serialization_alias="tipoDebitoCredito",
        description="tipoDebitoCredito: tipo do débito ou crédito",
    )
    descricao_db_cr: Texto40 = Field(
        serialization_alias="descricaoDbCr", description="descricaoDbCr: descrição"
    )
    valor_db_cr: ValorItem = Field(
        serialization_alias="valorDbCr", description="valorDbCr: valor do débito ou crédito"
    )


class DebitosCreditosPorData(TissModel):
    debitos_creditos: list[DebitoCredito] = Field(
        min_length=1,
        serialization_alias="debitosCreditos",
        description="debitosCreditos: débitos e créditos da data",
    )


class TotaisLiquidosPorData(TissModel):
    total_debitos_por_data: ValorTotal = Field(
        serialization_alias="totalDebitosPorData",
        description="totalDebitosPorData: total de débitos na data",
    )
    total_creditos_por_data: ValorTotal = Field(
        serialization_alias="totalCreditosPorData",
        description="totalCreditosPorData: total de créditos na data",
    )
    liquido_por_data: ValorTotal = Field(
        serialization_alias="liquidoPorData", description="liquidoPorData: valor líquido na data"
    )


class PagamentoPorData(TissModel):
    """pagamentosPorData: one payment date, its protocolos and totals."""

    dados_pagamento: DadosPagamento = Field(
        serialization_alias="dadosPagamento", description="dadosPagamento: dados do pagamento"
    )
    dados_resumo: DadosResumo = Field(
        serialization_alias="dadosResumo", description="dadosResumo: protocolos pagos"
    )
    totais_brutos_por_data: TotaisBrutosPorData = Field(
        serialization_alias="totaisBrutosPorData",
        description="totaisBrutosPorData: totais brutos da data",
    )
    debitos_creditos_por_data: DebitosCreditosPorData | None = Field(
        default=None,
        serialization_alias="debitosCreditosPorData",
        description="debitosCreditosPorData: débitos e créditos da data",
    )
    totais_liquidos_por_data: TotaisLiquidosPorData = Field(
        serialization_alias="totaisLiquidosPorData",
        description="totaisLiquidosPorData: totais líquidos da data",
    )


class Pagamentos(TissModel):
    pagamentos_por_data: list[PagamentoPorData] = Field(
        min_length=1,
        serialization_alias="pagamentosPorData",
        description="pagamentosPorData: pagamentos, por data",
    )


class TotaisBrutosDemonstrativo(TissModel):
    valor_informado_bruto: ValorTotal = Field(
        serialization_alias="valorInformadoBruto",
        description="valorInformadoBruto: valor informado bruto",
    )
    valor_processado_bruto: ValorTotal = Field(
        serialization_alias="valorProcessadoBruto",
        description="valorProcessadoBruto: valor processado bruto",
    )
    valor_liberado_bruto: ValorTotal = Field(
        serialization_alias="valorLiberadoBruto",
        description="valorLiberadoBruto: valor liberado bruto",
    )
    valor_glosa_bruto: ValorTotal = Field(
        serialization_alias="valorGlosaBruto", description="valorGlosaBruto: valor glosado bruto"
    )


class TotaisLiquidosDemonstrativo(TissModel):
    total_debitos_demonstrativo: ValorTotal = Field(
        serialization_alias="totalDebitosDemonstrativo",
        description="totalDebitosDemonstrativo: total de débitos",
    )
    # "totalCreditosdemonstrativo" (sic, lowercase d) is the element's name in every version.
    total_creditos_demonstrativo: ValorTotal = Field(
        serialization_alias="totalCreditosdemonstrativo",
        description="totalCreditosdemonstrativo: total de créditos",
    )
    valor_liberado_demonstrativo: ValorTotal = Field(
        serialization_alias="valorLiberadoDemonstrativo",
        description="valorLiberadoDemonstrativo: valor líquido liberado",
    )


class TotaisDemonstrativo(TissModel):
    totais_brutos_demonstrativo: TotaisBrutosDemonstrativo = Field(
        serialization_alias="totaisBrutosDemonstrativo",
        description="totaisBrutosDemonstrativo: totais brutos",
    )
    debitos_creditos_demonstrativo: list[DebitoCredito] = Field(
        default_factory=list,
        serialization_alias="debitosCreditosDemonstrativo",
        description="debitosCreditosDemonstrativo: débitos e créditos do demonstrativo",
    )
    totais_liquidos_demonstrativo: TotaisLiquidosDemonstrativo = Field(
        serialization_alias="totaisLiquidosDemonstrativo",
        description="totaisLiquidosDemonstrativo: totais líquidos",
    )


class DemonstrativoPagamento(TissModel):
    """ctm_demonstrativoPagamento: what the operadora paid, per date and protocolo."""

    cabecalho_demonstrativo: CabecalhoDemonstrativoField
    dados_contratado: DadosContratadoDemonstrativo = Field(
        serialization_alias="dadosContratado", description="dadosContratado: prestador e CNES"
    )
    pagamentos: Pagamentos = Field(
        serialization_alias="pagamentos", description="pagamentos: pagamentos por data"
    )
    totais_demonstrativo: TotaisDemonstrativo = Field(
        serialization_alias="totaisDemonstrativo",
        description="totaisDemonstrativo: totais do demonstrativo",
    )
    observacao: Texto500 | None = Field(
        default=None, serialization_alias="observacao", description="observacao: observação"
    )


class DemonstrativosRetorno(Choice):
    """ct_demonstrativoRetorno: an error, up to 30 demonstrativos de análise de conta, or a
    demonstrativo de pagamento (one of; the odontology one is not supported)."""

    __choice__ = ("mensagem_erro", "demonstrativo_analise_conta", "demonstrativo_pagamento")
    __choice_label__ = "demonstrativos de retorno"

    mensagem_erro: MensagemErroOptional = None
    demonstrativo_analise_conta: list[DemonstrativoAnaliseConta] | None = Field(
        default=None,
        min_length=1,
        max_length=30,
        serialization_alias="demonstrativoAnaliseConta",
        description="demonstrativoAnaliseConta: demonstrativos de análise de conta (até 30)",
    )
    demonstrativo_pagamento: DemonstrativoPagamento | None = Field(
        default=None,
        serialization_alias="demonstrativoPagamento",
        description="demonstrativoPagamento: demonstrativo de pagamento",
    )


# --- situação do protocolo -------------------------------------------------------------------


class GuiaMedica(TissModel):
    """guiasMedicas: one guia of the lote whose situação is asked."""

    guias: GuiaRecebida = Field(serialization_alias="guias", description="guias: dados da guia")


class GuiasLoteStatus(TissModel):
    """guiasTISS of ct_loteStatus: the guias médicas (odontology is not supported)."""

    guias_medicas: list[GuiaMedica] = Field(
        min_length=1, serialization_alias="guiasMedicas", description="guiasMedicas: guias"
    )


class LoteStatus(TissModel):
    """ct_loteStatus: the situação of a lote and of its guias."""

    status_protocolo: StatusProtocolo = Field(
        serialization_alias="statusProtocolo", description="statusProtocolo: situação"
    )
    numero_protocolo: NumeroProtocoloField
    numero_lote: NumeroLoteField
    data_envio_lote: DataEnvioLoteField
    valor_total_lote: ValorTotalAnalise = Field(
        serialization_alias="valorTotalLote",
        description="valorTotalLote: valores processado, glosado e liberado do lote",
    )
    guias_tiss: GuiasLoteStatus = Field(
        serialization_alias="guiasTISS", description="guiasTISS: guias do lote"
    )


class LoteSituacao(Choice):
    """lote of ct_protocoloStatus: the lote's situação, or the error (one of)."""

    __choice__ = ("detalhe_lote", "mensagem_erro")
    __choice_label__ = "situação do lote"

    detalhe_lote: LoteStatus | None = Field(
        default=None,
        serialization_alias="detalheLote",
        description="detalheLote: situação do lote",
    )
    mensagem_erro: MensagemErroOptional = None


class ProtocoloStatus(TissModel):
    """ct_protocoloStatus: the situação of a protocolo the prestador asked about."""

    identificacao_operadora: RegistroANS = Field(
        serialization_alias="identificacaoOperadora",
        description="identificacaoOperadora: registro da operadora na ANS (6 dígitos)",
    )
    dados_prestador: DadosPrestadorField
    lote: LoteSituacao = Field(
        serialization_alias="lote", description="lote: situação do lote, ou o erro"
    )


class SituacaoProtocolo(Choice):
    """ct_situacaoProtocolo: the answer to a solicitação de status do protocolo (the situação
    of a protocolo de anexos is not supported)."""

    __choice__ = ("mensagem_erro", "situacao_do_protocolo")
    __choice_label__ = "situação do protocolo"

    mensagem_erro: MensagemErroOptional = None
    situacao_do_protocolo: ProtocoloStatus | None = Field(
        default=None,
        serialization_alias="situacaoDoProtocolo",
        description="situacaoDoProtocolo: situação do protocolo",
    )


# --- resposta ao recurso de glosa ------------------------------------------------------------


class RespostaRecursoProtocolo(TissModel):
    """recursoProtocolo of a reciboGlosa: the answer to the recurso of a whole protocolo."""

    codigo_glosa_protocolo: CodigoGlosaProtocoloField
    justificativa_protocolo: JustificativaProtocoloField
    recurso_acatado: SimNao = Field(
        serialization_alias="recursoAcatado", description="recursoAcatado: recurso acatado"
    )
    justificativa_ops_nao_acatado_prot: Texto500 | None = Field(
        default=None,
        serialization_alias="justificativaOPSnaoAcatadoProt",
        description="justificativaOPSnaoAcatadoProt: justificativa da operadora para recusar",
    )


class RespostaGlosaGuia(_GuiaReferida):
    """ct_respostaGlosaGuiaMedica: the answer to the recurso of a whole guia."""

    cod_glosa: CodGlosaField
    justificativa_prestador: JustificativaPrestadorField
    recurso_guia_acatado: SimNao = Field(
        serialization_alias="recursoGuiaAcatado",
        description="recursoGuiaAcatado: recurso da guia acatado",
    )
    justificativa_ops_nao_acatado_guia: Texto500 | None = Field(
        default=None,
        serialization_alias="justificativaOPSnaoAcatadoGuia",
        description="justificativaOPSnaoAcatadoGuia: justificativa da operadora para recusar",
    )


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
    valor_acatado: ValorItem = Field(
        serialization_alias="valorAcatadado",
        description="valorAcatadado: valor acatado pela operadora",
    )
    justificativa_operadora: Texto500 | None = Field(
        default=None,
        serialization_alias="justificativaOperadora",
        description="justificativaOperadora: justificativa da operadora",
    )


class RespostaRecursoGuia(Choice):
    """recursoGuia of a reciboGlosa: the answer for a whole guia or for items (one of)."""

    __choice__ = ("resposta_guia", "resposta_guia_itens")
    __choice_label__ = "resposta do recurso"

    resposta_guia: RespostaGlosaGuia | None = Field(
        default=None,
        serialization_alias="respostaGuia",
        description="respostaGuia: resposta ao recurso da guia inteira",
    )
    resposta_guia_itens: RespostaGlosaItem | None = Field(
        default=None,
        serialization_alias="respostaGuiaItens",
        description="respostaGuiaItens: resposta ao recurso de um item",
    )


class OpcaoRespostaRecurso(Choice):
    """opcaoRecurso of a reciboGlosa: the protocolo, or guias (one of)."""

    __choice__ = ("recurso_protocolo", "recurso_guia")
    __choice_label__ = "opção de recurso"

    recurso_protocolo: RespostaRecursoProtocolo | None = Field(
        default=None,
        serialization_alias="recursoProtocolo",
        description="recursoProtocolo: resposta ao recurso do protocolo inteiro",
    )
    recurso_guia: list[RespostaRecursoGuia] | None = Field(
        default=None,
        min_length=1,
        serialization_alias="recursoGuia",
        description="recursoGuia: respostas aos recursos de guias",
    )


class ReciboGlosa(TissModel):
    """ct_glosaRecibo: the operadora's answer to a recurso de glosa, with what it accepted."""

    registro_ans: RegistroANSField
    numero_guia_rec_glosa_prestador: NumeroGuiaRecGlosaPrestadorField
    numero_guia_rec_glosa_operadora: NumeroGuiaRecGlosaOperadoraOptional = None
    nome_operadora: NomeOperadoraField
    objeto_recurso: ObjetoRecursoField
    codigo_prestador: Texto14 = Field(
        serialization_alias="codigoPrestador",
        description="codigoPrestador: código do prestador na operadora",
    )
    numero_lote: Numerico12 = Field(
        serialization_alias="numeroLote", description="numeroLote: número do lote (até 12 dígitos)"
    )
    numero_protocolo: NumeroProtocoloNumericoField
    opcao_recurso: OpcaoRespostaRecurso = Field(
        serialization_alias="opcaoRecurso",
        description="opcaoRecurso: respostas do protocolo ou das guias",
    )
    data_recurso: DataRecursoField
    valor_total_recursado: ValorTotalRecursadoField
    valor_total_acatado: ValorTotal = Field(
        serialization_alias="valorTotalAcatado",
        description="valorTotalAcatado: valor total acatado",
    )


class ReciboGlosaStatus(TissModel):
    """reciboGlosaStatus: the situação of a recurso de glosa."""

    nr_protocolo_recurso_glosa: Texto12 = Field(
        serialization_alias="nrProtocoloRecursoGlosa",
        description="nrProtocoloRecursoGlosa: protocolo do recurso",
    )
    data_envio_recurso: Data = Field(
        serialization_alias="dataEnvioRecurso",
        description="dataEnvioRecurso: data de envio do recurso",
    )
    data_recebimento_recurso: Data = Field(
        serialization_alias="dataRecebimentoRecurso",
        description="dataRecebimentoRecurso: data de recebimento do recurso",
    )
    numero_lote: NumeroLoteField
    registro_ans: RegistroANSField
    dados_prestador: DadosPrestadorField
    nr_protocolo_situacao_recurso_glosa: Texto12 = Field(
        serialization_alias="nrProtocoloSituacaoRecursoGlosa",
        description="nrProtocoloSituacaoRecursoGlosa: protocolo da consulta de situação",
    )
    data_situacao: Data = Field(
        serialization_alias="dataSituacao", description="dataSituacao: data da situação"
    )
    situacao_protocolo: StatusProtocolo = Field(
        serialization_alias="situacaoProtocolo",
        description="situacaoProtocolo: situação do recurso",
    )


class RespostaRecursoGlosa(Choice):
    """ct_respostaGlosa: the answer to a recurso de glosa, its situação, or the error (one of;
    the odontology answer is not supported)."""

    __choice__ = ("recibo_glosa", "recibo_glosa_status", "mensagem_erro")
    __choice_label__ = "resposta ao recurso de glosa"

    recibo_glosa: ReciboGlosa | None = Field(
        default=None,
        serialization_alias="reciboGlosa",
        description="reciboGlosa: resposta ao recurso de glosa",
    )
    recibo_glosa_status: ReciboGlosaStatus | None = Field(
        default=None,
        serialization_alias="reciboGlosaStatus",
        description="reciboGlosaStatus: situação do recurso de glosa",
    )
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

    recebimento_lote: RecebimentoLote | None = Field(
        default=None,
        serialization_alias="recebimentoLote",
        description="recebimentoLote: protocolo de recebimento de um lote, ou o erro",
    )
    demonstrativos_retorno: DemonstrativosRetorno | None = Field(
        default=None,
        serialization_alias="demonstrativosRetorno",
        description="demonstrativosRetorno: demonstrativos de análise de conta ou de pagamento",
    )

    situacao_protocolo: SituacaoProtocolo | None = Field(
        default=None,
        serialization_alias="situacaoProtocolo",
        description="situacaoProtocolo: situação de um protocolo, ou o erro",
    )

    resposta_recurso_glosa: RespostaRecursoGlosa | None = Field(
        default=None,
        serialization_alias="respostaRecursoGlosa",
        description="respostaRecursoGlosa: resposta a um recurso de glosa",
    )


class MensagemOperadora(TissModel):
    """A complete message of an operadora to a prestador (``mensagemTISS`` with
    ``operadoraParaPrestador``)."""

    cabecalho: CabecalhoOperadora = Field(
        serialization_alias="cabecalho", description="cabecalho: cabeçalho da transação"
    )
    operadora_para_prestador: OperadoraParaPrestador = Field(
        serialization_alias="operadoraParaPrestador",
        description="operadoraParaPrestador: conteúdo enviado pela operadora ao prestador",
    )
    epilogo: EpilogoField = Field(default_factory=Epilogo)

    @property
    def version(self) -> TissVersion:
        return self.cabecalho.padrao


# --- recurso de glosa (prestador → operadora) -----------------------------------------------


class RecursoProtocolo(TissModel):
    """recursoProtocolo: appeal of the glosa of a whole protocolo."""

    codigo_glosa_protocolo: CodigoGlosaProtocoloField
    justificativa_protocolo: JustificativaProtocoloField


class RecursoGuiaCompleta(TissModel):
    """recursoGuiaCompleta: appeal of a glosa of a whole guia."""

    cod_glosa_guia: CodigoGlosa = Field(
        serialization_alias="codGlosaGuia",
        description="codGlosaGuia: código da glosa contestada (tabela 38)",
    )
    justificativa_guia: Texto500 = Field(
        serialization_alias="justificativaGuia",
        description="justificativaGuia: justificativa do prestador",
    )


class ItemRecurso(TissModel):
    """itensGuia: appeal of the glosa of one item."""

    sequencial_item: SequencialItemField
    data_inicio: Data = Field(
        serialization_alias="dataInicio", description="dataInicio: data de início"
    )
    data_fim: DataFimOptional = None
    proc_recurso: ProcRecursoField
    grau_participacao: GrauParticipacaoOptional = None
    centro_consumo: CentroConsumoOptional = None
    cod_glosa_item: CodigoGlosa = Field(
        serialization_alias="codGlosaItem",
        description="codGlosaItem: código da glosa contestada (tabela 38)",
    )
    valor_recursado: ValorRecursadoField
    justificativa_item: Texto500 = Field(
        serialization_alias="justificativaItem",
        description="justificativaItem: justificativa do prestador",
    )


class OpcaoRecursoGuia(Choice):
    """opcaoRecursoGuia: the glosas of the whole guia, or of items (one of)."""

    __choice__ = ("recurso_guia_completa", "itens_guia")
    __choice_label__ = "recurso da guia"

    recurso_guia_completa: list[RecursoGuiaCompleta] | None = Field(
        default=None,
        min_length=1,
        serialization_alias="recursoGuiaCompleta",
        description="recursoGuiaCompleta: glosas da guia inteira contestadas",
    )
    itens_guia: list[ItemRecurso] | None = Field(
        default=None,
        min_length=1,
        serialization_alias="itensGuia",
        description="itensGuia: itens contestados",
    )


class RecursoGuia(TissModel):
    """recursoGuia: the appeal of one guia."""

    numero_guia_origem: Texto20 = Field(
        serialization_alias="numeroGuiaOrigem",
        description="numeroGuiaOrigem: número da guia no prestador",
    )
    numero_guia_operadora: NumeroGuiaOperadoraOptional = None
    senha: SenhaOptional = None
    opcao_recurso_guia: OpcaoRecursoGuia = Field(
        serialization_alias="opcaoRecursoGuia",
        description="opcaoRecursoGuia: guia inteira ou itens contestados",
    )


class OpcaoRecurso(Choice):
    """opcaoRecurso: the whole protocolo, or up to 100 guias (one of)."""

    __choice__ = ("recurso_protocolo", "recurso_guia")
    __choice_label__ = "opção de recurso"

    recurso_protocolo: RecursoProtocolo | None = Field(
        default=None,
        serialization_alias="recursoProtocolo",
        description="recursoProtocolo: recurso da glosa do protocolo inteiro",
    )
    recurso_guia: list[RecursoGuia] | None = Field(
        default=None,
        min_length=1,
        max_length=100,
        serialization_alias="recursoGuia",
        description="recursoGuia: guias contestadas (até 100)",
    )


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
    opcao_recurso: OpcaoRecurso = Field(
        serialization_alias="opcaoRecurso",
        description="opcaoRecurso: protocolo inteiro ou guias contestadas",
    )
    valor_total_recursado: ValorTotalRecursadoField
    data_recurso: DataRecursoField


class RecursoGlosa(TissModel):
    """ct_guiaRecursoLote: a recurso de glosa (the odontology one is not supported)."""

    guia_recurso_glosa: GuiaRecursoGlosa = Field(
        serialization_alias="guiaRecursoGlosa",
        description="guiaRecursoGlosa: recurso de glosa",
    )


class Periodo(Choice):
    """periodo of a solicitação de demonstrativo de pagamento (one of)."""

    __choice__ = ("data_pagamento", "competencia")
    __choice_label__ = "período"

    data_pagamento: DataPagamentoOptional = None
    competencia: Competencia | None = Field(
        default=None,
        serialization_alias="competencia",
        description="competencia: competência (AAAAMM)",
    )


class SolicitacaoDemonstrativoPagamento(TissModel):
    """demonstrativoPagamento of ct_demonstrativoSolicitacao."""

    dados_prestador: DadosPrestadorField
    data_solicitacao: DataSolicitacaoPedidoField
    tipo_demonstrativo: TipoDemonstrativoPagamento = Field(
        default=TipoDemonstrativoPagamento.PAGAMENTO,
        serialization_alias="tipoDemonstrativo",
        description="tipoDemonstrativo: demonstrativo pedido",
    )
    periodo: Periodo = Field(
        serialization_alias="periodo", description="periodo: data de pagamento ou competência"
    )


class Protocolos(TissModel):
    numero_protocolo: list[Texto12] = Field(
        min_length=1,
        max_length=30,
        serialization_alias="numeroProtocolo",
        description="numeroProtocolo: números dos protocolos (até 30)",
    )


class SolicitacaoDemonstrativoAnalise(TissModel):
    """demonstrativoAnalise of ct_demonstrativoSolicitacao."""

    dados_prestador: DadosPrestadorField
    data_solicitacao: DataSolicitacaoPedidoField
    protocolos: Protocolos = Field(
        serialization_alias="protocolos", description="protocolos: protocolos pedidos"
    )


class SolicitacaoDemonstrativoRetorno(Choice):
    """ct_demonstrativoSolicitacao: a demonstrativo de pagamento or de análise (one of)."""

    __choice__ = ("demonstrativo_pagamento", "demonstrativo_analise")
    __choice_label__ = "solicitação de demonstrativo"

    demonstrativo_pagamento: SolicitacaoDemonstrativoPagamento | None = Field(
        default=None,
        serialization_alias="demonstrativoPagamento",
        description="demonstrativoPagamento: pedido de demonstrativo de pagamento",
    )
    demonstrativo_analise: SolicitacaoDemonstrativoAnalise | None = Field(
        default=None,
        serialization_alias="demonstrativoAnalise",
        description="demonstrativoAnalise: pedido de demonstrativo de análise de conta",
    )


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

    solicitacao_demonstrativo_retorno: SolicitacaoDemonstrativoRetorno | None = Field(
        default=None,
        serialization_alias="solicitacaoDemonstrativoRetorno",
        description="solicitacaoDemonstrativoRetorno: pedido de demonstrativo",
    )
    solicitacao_status_protocolo: SolicitacaoStatusProtocolo | None = Field(
        default=None,
        serialization_alias="solicitacaoStatusProtocolo",
        description="solicitacaoStatusProtocolo: pedido da situação de um protocolo",
    )
    recurso_glosa: RecursoGlosa | None = Field(
        default=None,
        serialization_alias="recursoGlosa",
        description="recursoGlosa: recurso de glosa",
    )


class MensagemPrestador(TissModel):
    """A message of the prestador to the operadora that is not a lote de guias (``mensagemTISS``
    with ``prestadorParaOperadora``): a recurso de glosa or a solicitação (demonstrativo,
    status do protocolo)."""

    cabecalho: CabecalhoField
    prestador_para_operadora: EnvioPrestador = Field(
        serialization_alias="prestadorParaOperadora",
        description="prestadorParaOperadora: conteúdo enviado pelo prestador à operadora",
    )
    epilogo: EpilogoField = Field(default_factory=Epilogo)

    @property
    def version(self) -> TissVersion:
        return self.cabecalho.padrao


Mensagem = MensagemTISS | MensagemOperadora | MensagemPrestador
"""Any message tissbill reads and writes: the prestador's lote, another message of the
prestador or a message of the operadora."""
