"""The TISS elements of the models: :func:`element` declares one, and the elements that recur
across the models are declared here once, with their type, element name (the
``serialization_alias``) and short description.

A model field is ``name: Annotated[type, element("elementName", "description")]``, or, for a
recurring element, its alias from this vocabulary. An alias is named after its element:
``NumeroGuiaPrestadorField`` is ``numeroGuiaPrestador``. ``…Field`` is the element where it is
mandatory (or has a default, given at the use site); ``…Optional`` is the element where it may
be absent, used as ``name: XOptional = None``. Both forms are needed because pydantic ignores a
``Field`` nested in one arm of ``X | None``: the ``None`` must sit inside the ``Annotated``
that carries the field's metadata.

Elements whose type is a model are declared next to their model class. An element that means
something else in one place (another description, another type) keeps a local declaration
there.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from tissbill.models.enums import (
    UF,
    AusenciaCodValidacao,
    CaraterAtendimento,
    CentroConsumo,
    ConselhoProfissional,
    GrauParticipacao,
    IndicadorAcidente,
    ObjetoRecurso,
    RegimeAtendimento,
    SaudeOcupacional,
    SimNao,
    Tabela,
    TecnicaUtilizada,
    ViaAcesso,
)
from tissbill.models.types import (
    CBOS,
    CNES,
    CPF,
    CodigoGlosa,
    Data,
    Fator,
    Hora,
    Numerico12,
    RegistroANS,
    SequencialItem,
    Texto10,
    Texto12,
    Texto14,
    Texto15,
    Texto20,
    Texto70,
    Texto150,
    Texto500,
    ValorItem,
    ValorTotal,
)
from tissbill.versions import TissVersion


def element(name: str, description: str) -> Any:
    """The ``Field`` of the TISS element ``name``: written under that name, described as
    ``"name: description"`` (the form every field description of the models takes)."""
    return Field(serialization_alias=name, description=f"{name}: {description}")


# --- operadora, prestador and guia numbers ----------------------------------------------------

RegistroANSField = Annotated[
    RegistroANS, element("registroANS", "registro da operadora na ANS (6 dígitos)")
]
NumeroGuiaPrestadorField = Annotated[
    Texto20, element("numeroGuiaPrestador", "número da guia no prestador")
]
NumeroGuiaOperadoraOptional = Annotated[
    Texto20 | None, element("numeroGuiaOperadora", "número da guia atribuído pela operadora")
]
_senha = element("senha", "senha de autorização da operadora")
SenhaField = Annotated[Texto20, _senha]
SenhaOptional = Annotated[Texto20 | None, _senha]
AusenciaCodValidacaoOptional = Annotated[
    AusenciaCodValidacao | None,
    element("ausenciaCodValidacao", "motivo da ausência do código de validação"),
]
CodValidacaoOptional = Annotated[
    Texto10 | None, element("codValidacao", "código de validação (token) do atendimento")
]
NumeroCarteiraField = Annotated[
    Texto20, element("numeroCarteira", "número da carteira do beneficiário")
]
AtendimentoRNField = Annotated[SimNao, element("atendimentoRN", "atendimento a recém-nato (S/N)")]
NomeOperadoraField = Annotated[Texto70, element("nomeOperadora", "nome da operadora")]
ObservacaoOptional = Annotated[Texto500 | None, element("observacao", "observação / justificativa")]
"""observacao of the guias (the demonstrativos describe theirs with the version it came in)."""

# --- atendimento and internação ------------------------------------------------------------

RegimeAtendimentoField = Annotated[
    RegimeAtendimento, element("regimeAtendimento", "regime de atendimento")
]
SaudeOcupacionalOptional = Annotated[
    SaudeOcupacional | None,
    element("saudeOcupacional", "tipo de atendimento de saúde ocupacional"),
]
IndicacaoAcidenteField = Annotated[
    IndicadorAcidente,
    element("indicacaoAcidente", "indicação de acidente ou doença relacionada"),
]
_carater_atendimento = element(
    "caraterAtendimento", "caráter do atendimento: eletivo ou urgência/emergência"
)
CaraterAtendimentoField = Annotated[CaraterAtendimento, _carater_atendimento]
CaraterAtendimentoOptional = Annotated[CaraterAtendimento | None, _carater_atendimento]
DataInicioFaturamentoField = Annotated[
    Data, element("dataInicioFaturamento", "data de início do período faturado")
]

# --- contratado and profissional --------------------------------------------------------------

CodigoPrestadorNaOperadoraOptional = Annotated[
    Texto14 | None,
    element("codigoPrestadorNaOperadora", "código do prestador na operadora"),
]
CpfContratadoOptional = Annotated[
    CPF | None, element("cpfContratado", "CPF do contratado (11 dígitos)")
]
CNESField = Annotated[CNES, element("CNES", "código CNES do estabelecimento (7 dígitos)")]
ConselhoProfissionalField = Annotated[
    ConselhoProfissional,
    element("conselhoProfissional", "conselho (código ou sigla: 06 ou CRM)"),
]
NumeroConselhoProfissionalField = Annotated[
    Texto15,
    element("numeroConselhoProfissional", "número de registro no conselho profissional"),
]
UFField = Annotated[UF, element("UF", "UF do conselho (código IBGE ou sigla: 43 ou RS)")]
CBOSField = Annotated[CBOS, element("CBOS", "CBO-S do profissional (6 dígitos)")]
_grau_participacao = element("grauParticipacao", "grau de participação do profissional")
GrauParticipacaoField = Annotated[GrauParticipacao, _grau_participacao]
GrauParticipacaoOptional = Annotated[GrauParticipacao | None, _grau_participacao]

# --- items: procedures and despesas -----------------------------------------------------------

_sequencial_item = element("sequencialItem", "número sequencial do item na guia")
SequencialItemField = Annotated[SequencialItem, _sequencial_item]
SequencialItemOptional = Annotated[SequencialItem | None, _sequencial_item]
DataExecucaoField = Annotated[Data, element("dataExecucao", "data de execução")]
HoraInicialOptional = Annotated[Hora | None, element("horaInicial", "hora inicial da execução")]
HoraFinalOptional = Annotated[Hora | None, element("horaFinal", "hora final da execução")]
CodigoTabelaField = Annotated[
    Tabela, element("codigoTabela", "tabela de referência do código (tabela 87)")
]
CodigoProcedimentoField = Annotated[
    Texto10, element("codigoProcedimento", "código do procedimento ou item")
]
DescricaoProcedimentoField = Annotated[
    Texto150, element("descricaoProcedimento", "descrição do procedimento ou item")
]
ViaAcessoOptional = Annotated[ViaAcesso | None, element("viaAcesso", "via de acesso")]
TecnicaUtilizadaOptional = Annotated[
    TecnicaUtilizada | None, element("tecnicaUtilizada", "técnica utilizada")
]
ReducaoAcrescimoField = Annotated[
    Fator,
    element("reducaoAcrescimo", "fator de redução ou acréscimo (1.00 quando não há)"),
]
ValorUnitarioField = Annotated[ValorItem, element("valorUnitario", "valor unitário")]
_valor_total = element("valorTotal", "valor total")
ValorTotalItemField = Annotated[ValorItem, _valor_total]
ValorTotalItemOptional = Annotated[ValorItem | None, _valor_total]
CentroConsumoOptional = Annotated[
    CentroConsumo | None,
    element("centroConsumo", "centro de consumo (a partir da versão 4.03.00)"),
]

# --- lotes, protocolos and their values -------------------------------------------------------

NumeroLoteField = Annotated[Texto12, element("numeroLote", "número do lote")]
NumeroProtocoloField = Annotated[Texto12, element("numeroProtocolo", "número do protocolo")]
NumeroProtocoloNumericoField = Annotated[
    Numerico12, element("numeroProtocolo", "número do protocolo (até 12 dígitos)")
]
"""numeroProtocolo where the XSD types it st_numerico12 (the recurso de glosa)."""
DataEnvioLoteField = Annotated[Data, element("dataEnvioLote", "data de envio do lote")]
DataProtocoloField = Annotated[Data, element("dataProtocolo", "data do protocolo")]
DataSolicitacaoPedidoField = Annotated[Data, element("dataSolicitacao", "data do pedido")]
"""dataSolicitacao of a solicitação de demonstrativo (the date of the request)."""
_data_realizacao = element("dataRealizacao", "data de realização")
DataRealizacaoField = Annotated[Data, _data_realizacao]
DataRealizacaoOptional = Annotated[Data | None, _data_realizacao]
DataFimOptional = Annotated[Data | None, element("dataFim", "data de fim")]
_data_pagamento = element("dataPagamento", "data do pagamento")
DataPagamentoField = Annotated[Data, _data_pagamento]
DataPagamentoOptional = Annotated[Data | None, _data_pagamento]
ValorProcessadoGuiaField = Annotated[
    ValorTotal, element("valorProcessadoGuia", "valor processado da guia")
]
ValorLiberadoGuiaField = Annotated[
    ValorTotal, element("valorLiberadoGuia", "valor liberado da guia")
]
ValorGlosaGuiaOptional = Annotated[
    ValorTotal | None, element("valorGlosaGuia", "valor glosado da guia")
]
_valor_processado = element("valorProcessado", "valor processado")
_valor_liberado = element("valorLiberado", "valor liberado")
_valor_glosa = element("valorGlosa", "valor glosado")
ValorProcessadoField = Annotated[ValorTotal, _valor_processado]
ValorLiberadoField = Annotated[ValorTotal, _valor_liberado]
ValorGlosaField = Annotated[ValorTotal, _valor_glosa]
ValorGlosaOptional = Annotated[ValorTotal | None, _valor_glosa]
ValorProcessadoItemField = Annotated[ValorItem, _valor_processado]
ValorLiberadoItemField = Annotated[ValorItem, _valor_liberado]
ValorGlosaItemField = Annotated[ValorItem, _valor_glosa]
"""valorProcessado, valorLiberado and valorGlosa of one item (ValorItem) rather than of a
guia or protocolo (ValorTotal)."""

# --- recurso de glosa -------------------------------------------------------------------------

NumeroGuiaRecGlosaPrestadorField = Annotated[
    Texto20, element("numeroGuiaRecGlosaPrestador", "número do recurso no prestador")
]
NumeroGuiaRecGlosaOperadoraOptional = Annotated[
    Texto20 | None, element("numeroGuiaRecGlosaOperadora", "número do recurso na operadora")
]
ObjetoRecursoField = Annotated[
    ObjetoRecurso, element("objetoRecurso", "recurso do protocolo (1) ou de guias (2)")
]
CodigoGlosaProtocoloField = Annotated[
    CodigoGlosa, element("codigoGlosaProtocolo", "código da glosa contestada (tabela 38)")
]
JustificativaProtocoloField = Annotated[
    Texto500, element("justificativaProtocolo", "justificativa do prestador")
]
CodGlosaField = Annotated[CodigoGlosa, element("codGlosa", "código da glosa (tabela 38)")]
JustificativaPrestadorField = Annotated[
    Texto500, element("justificativaPrestador", "justificativa do prestador")
]
ValorRecursadoField = Annotated[ValorItem, element("valorRecursado", "valor recursado")]
ValorTotalRecursadoField = Annotated[
    ValorTotal, element("valorTotalRecursado", "valor total recursado")
]
DataRecursoField = Annotated[Data, element("dataRecurso", "data do recurso")]

# --- envelope ---------------------------------------------------------------------------------

PadraoField = Annotated[TissVersion, element("Padrao", "versão do padrão TISS")]
