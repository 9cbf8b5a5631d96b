"""Parts shared by the guias: cabeçalho, beneficiário, contratado, profissional, procedures,
outras despesas and the valor total block (``ct_*`` complex types of the TISS XSD)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import Field

from tissbill.models.base import Choice, TissModel
from tissbill.models.enums import (
    CodigoDespesa,
    ConselhoProfissional,
    GrauParticipacao,
    SimNao,
    Tabela,
    TipoIdentificacao,
    UnidadeMedida,
)
from tissbill.models.fields import (
    AtendimentoRNField,
    AusenciaCodValidacaoOptional,
    CBOSField,
    CentroConsumoOptional,
    CNESField,
    CodigoPrestadorNaOperadoraOptional,
    CodigoProcedimentoField,
    CodigoTabelaField,
    CodValidacaoOptional,
    ConselhoProfissionalField,
    CpfContratadoOptional,
    DataExecucaoField,
    DescricaoProcedimentoField,
    HoraFinalOptional,
    HoraInicialOptional,
    NumeroCarteiraField,
    NumeroConselhoProfissionalField,
    NumeroGuiaOperadoraOptional,
    NumeroGuiaPrestadorField,
    ReducaoAcrescimoField,
    RegistroANSField,
    SenhaField,
    SenhaOptional,
    SequencialItemOptional,
    TecnicaUtilizadaOptional,
    UFField,
    ValorTotalItemOptional,
    ValorUnitarioField,
    ViaAcessoOptional,
    element,
)
from tissbill.models.types import (
    CNPJ,
    Data,
    Items,
    QuantidadeDespesa,
    QuantidadeProcedimento,
    SequencialItem,
    Texto15,
    Texto20,
    Texto30,
    Texto60,
    Texto70,
    ValorTotal,
)
from tissbill.money import line_total


class CabecalhoGuia(TissModel):
    """ct_guiaCabecalho: operadora and the prestador's own guia number."""

    registro_ans: RegistroANSField
    numero_guia_prestador: NumeroGuiaPrestadorField


CabecalhoGuiaField = Annotated[CabecalhoGuia, element("cabecalhoGuia", "cabeçalho da guia")]


class CabecalhoGuiaSADT(CabecalhoGuia):
    guia_principal: Annotated[
        Texto20 | None, element("guiaPrincipal", "número da guia principal")
    ] = None


class Beneficiario(TissModel):
    """ct_beneficiarioDados."""

    numero_carteira: NumeroCarteiraField
    atendimento_rn: AtendimentoRNField = SimNao.NAO
    tipo_ident: Annotated[
        TipoIdentificacao | None, element("tipoIdent", "tipo de identificação do beneficiário")
    ] = None
    identificador_beneficiario: Annotated[
        bytes | None, element("identificadorBeneficiario", "identificador biométrico (em base64)")
    ] = None
    """Biometric/identifier payload, written base64-encoded."""


DadosBeneficiarioField = Annotated[
    Beneficiario, element("dadosBeneficiario", "dados do beneficiário")
]


class ContratadoDados(Choice):
    """ct_contratadoDados: the contratado by its code at the operadora, CPF or CNPJ (one of)."""

    __choice__ = ("codigo_prestador_na_operadora", "cpf_contratado", "cnpj_contratado")
    __choice_label__ = "contratado"

    codigo_prestador_na_operadora: CodigoPrestadorNaOperadoraOptional = None
    cpf_contratado: CpfContratadoOptional = None
    cnpj_contratado: Annotated[CNPJ | None, element("cnpjContratado", "CNPJ do contratado")] = None


DadosPrestadorField = Annotated[
    ContratadoDados,
    element("dadosPrestador", "código na operadora, CPF ou CNPJ do prestador"),
]
"""dadosPrestador where it is the prestador's identifier alone (no CNES)."""
DadosContratadoField = Annotated[
    ContratadoDados,
    element("dadosContratado", "código na operadora, CPF ou CNPJ do prestador"),
]
"""dadosContratado where it is the prestador's identifier alone (no CNES)."""


class ContratadoExecutanteConsulta(ContratadoDados):
    """Contratado executante of a guia de consulta: identifier plus CNES."""

    cnes: CNESField


class DadosExecutante(TissModel):
    """dadosExecutante of SP/SADT and resumo de internação."""

    contratado_executante: Annotated[
        ContratadoDados, element("contratadoExecutante", "contratado executante")
    ]
    cnes: CNESField


DadosExecutanteField = Annotated[
    DadosExecutante, element("dadosExecutante", "dados do contratado executante")
]


class Profissional(TissModel):
    """ct_contratadoProfissionalDados: the professional by council registration."""

    nome_profissional: Annotated[
        Texto70 | None, element("nomeProfissional", "nome do profissional")
    ] = None
    conselho_profissional: ConselhoProfissionalField
    numero_conselho_profissional: NumeroConselhoProfissionalField
    uf: UFField
    cbos: CBOSField


class CodigoProfissional(Choice):
    """codProfissional of an equipe member: code at the operadora or CPF (one of)."""

    __choice__ = ("codigo_prestador_na_operadora", "cpf_contratado")
    __choice_label__ = "codProfissional"

    codigo_prestador_na_operadora: CodigoPrestadorNaOperadoraOptional = None
    cpf_contratado: CpfContratadoOptional = None


CodProfissionalField = Annotated[
    CodigoProfissional,
    element("codProfissional", "identificação do profissional: código na operadora ou CPF"),
]


class _Autorizacao(TissModel):
    """The autorização of SP/SADT and internação: the same elements, in the same order."""

    numero_guia_operadora: NumeroGuiaOperadoraOptional = None
    data_autorizacao: Annotated[Data, element("dataAutorizacao", "data da autorização")]
    senha: SenhaOptional = None
    data_validade_senha: Annotated[
        Data | None, element("dataValidadeSenha", "data de validade da senha")
    ] = None
    ausencia_cod_validacao: AusenciaCodValidacaoOptional = None
    cod_validacao: CodValidacaoOptional = None


class AutorizacaoSADT(_Autorizacao):
    """ct_autorizacaoSADT."""


class AutorizacaoInternacao(_Autorizacao):
    """ct_autorizacaoInternacao: like SP/SADT but the senha is mandatory."""

    # Redefining the field keeps its position, so the XSD order is unchanged.
    senha: SenhaField


class ProcedimentoDados(TissModel):
    """ct_procedimentoDados: tabela, código and descrição of a procedure."""

    codigo_tabela: CodigoTabelaField = Tabela.TUSS_PROCEDIMENTOS
    codigo_procedimento: CodigoProcedimentoField
    descricao_procedimento: DescricaoProcedimentoField


ProcedimentoField = Annotated[ProcedimentoDados, element("procedimento", "procedimento ou item")]
"""procedimento of the operadora's messages (an executed procedure says "realizado")."""
ProcRecursoField = Annotated[ProcedimentoDados, element("procRecurso", "procedimento ou item")]


class _ProcedimentoExecutadoBase(TissModel):
    """Fields common to executed procedures. ``sequencial_item`` and ``valor_total`` are
    filled by :meth:`completed` (and by the lote builder) when not given."""

    sequencial_item: SequencialItemOptional = None
    data_execucao: DataExecucaoField
    hora_inicial: HoraInicialOptional = None
    hora_final: HoraFinalOptional = None
    procedimento: Annotated[ProcedimentoDados, element("procedimento", "procedimento realizado")]
    quantidade_executada: Annotated[
        QuantidadeProcedimento, element("quantidadeExecutada", "quantidade executada")
    ]
    via_acesso: ViaAcessoOptional = None
    tecnica_utilizada: TecnicaUtilizadaOptional = None
    reducao_acrescimo: ReducaoAcrescimoField = Decimal("1.00")
    valor_unitario: ValorUnitarioField
    valor_total: ValorTotalItemOptional = None

    def computed_total(self) -> Decimal:
        """quantidade × valor unitário × fator, rounded to cents."""
        return line_total(self.quantidade_executada, self.valor_unitario, self.reducao_acrescimo)


class EquipeSADT(TissModel):
    """ct_identEquipeSADT: a member of the team of an SP/SADT procedure."""

    grau_part: Annotated[
        GrauParticipacao | None, element("grauPart", "grau de participação do profissional")
    ] = None
    cod_profissional: CodProfissionalField
    nome_prof: Annotated[Texto70, element("nomeProf", "nome do profissional")]
    conselho: Annotated[
        ConselhoProfissional, element("conselho", "conselho (código ou sigla: 06 ou CRM)")
    ]
    numero_conselho_profissional: NumeroConselhoProfissionalField
    uf: UFField
    cbos: CBOSField


class IdentificacaoEquipe(EquipeSADT):
    """ct_identEquipe: a member of the team of an internação procedure. The same fields as an
    SP/SADT team member, but the grau de participação is required."""

    # Redefining the field keeps its position (first), so the XSD order is unchanged.
    grau_part: Annotated[
        GrauParticipacao, element("grauPart", "grau de participação do profissional")
    ]


class IdentEquipe(TissModel):
    """One ``identEquipe`` entry (it wraps a single identificacaoEquipe in the XSD)."""

    identificacao_equipe: Annotated[
        IdentificacaoEquipe, element("identificacaoEquipe", "membro da equipe")
    ]


class ProcedimentoExecutadoSADT(_ProcedimentoExecutadoBase):
    """ct_procedimentoExecutadoSadt."""

    equipe_sadt: Annotated[list[EquipeSADT], element("equipeSadt", "equipe do procedimento")] = (
        Field(default_factory=list)
    )


class ProcedimentoExecutadoInternacao(_ProcedimentoExecutadoBase):
    """ct_procedimentoExecutadoInt (resumo de internação)."""

    centro_consumo: CentroConsumoOptional = None
    ident_equipe: Annotated[list[IdentEquipe], element("identEquipe", "equipe do procedimento")] = (
        Field(default_factory=list)
    )


class ServicosExecutados(TissModel):
    """ct_procedimentoExecutadoOutras: what an outra despesa is (material, OPME, diária...)."""

    data_execucao: DataExecucaoField
    hora_inicial: HoraInicialOptional = None
    hora_final: HoraFinalOptional = None
    codigo_tabela: CodigoTabelaField
    codigo_procedimento: CodigoProcedimentoField
    quantidade_executada: Annotated[
        QuantidadeDespesa, element("quantidadeExecutada", "quantidade executada")
    ]
    unidade_medida: Annotated[
        UnidadeMedida, element("unidadeMedida", "unidade de medida (tabela 60)")
    ]
    reducao_acrescimo: ReducaoAcrescimoField = Decimal("1.00")
    valor_unitario: ValorUnitarioField
    valor_total: ValorTotalItemOptional = None
    centro_consumo: CentroConsumoOptional = None
    descricao_procedimento: DescricaoProcedimentoField
    registro_anvisa: Annotated[
        Texto15 | None, element("registroANVISA", "registro ANVISA do material ou medicamento")
    ] = None
    codigo_ref_fabricante: Annotated[
        Texto60 | None, element("codigoRefFabricante", "código de referência do fabricante")
    ] = None
    autorizacao_funcionamento: Annotated[
        Texto30 | None,
        element("autorizacaoFuncionamento", "autorização de funcionamento da empresa (AFE)"),
    ] = None

    def computed_total(self) -> Decimal:
        return line_total(self.quantidade_executada, self.valor_unitario, self.reducao_acrescimo)


class Despesa(TissModel):
    """One outra despesa (``outrasDespesas/despesa``): gases, medicamentos, materiais, diárias,
    taxas e aluguéis or OPME."""

    sequencial_item: SequencialItemOptional = None
    codigo_despesa: Annotated[
        CodigoDespesa, element("codigoDespesa", "código da despesa (tabela 25)")
    ]
    servicos_executados: Annotated[
        ServicosExecutados, element("servicosExecutados", "serviço executado (o item da despesa)")
    ]
    item_vinculado: Annotated[
        SequencialItem | None,
        element("itemVinculado", "sequencialItem do item a que esta despesa se vincula"),
    ] = None


OutrasDespesasField = Annotated[
    list[Despesa],
    Items("despesa"),
    element("outrasDespesas", "outras despesas (materiais, OPME...)"),
]


class ValorTotalGuia(TissModel):
    """ct_guiaValorTotal: totals of a resumo de internação or SP/SADT by category."""

    valor_procedimentos: Annotated[
        ValorTotal | None, element("valorProcedimentos", "total de procedimentos")
    ] = None
    valor_diarias: Annotated[ValorTotal | None, element("valorDiarias", "total de diárias")] = None
    valor_taxas_alugueis: Annotated[
        ValorTotal | None, element("valorTaxasAlugueis", "total de taxas e aluguéis")
    ] = None
    valor_materiais: Annotated[
        ValorTotal | None, element("valorMateriais", "total de materiais")
    ] = None
    valor_medicamentos: Annotated[
        ValorTotal | None, element("valorMedicamentos", "total de medicamentos")
    ] = None
    valor_opme: Annotated[ValorTotal | None, element("valorOPME", "total de OPME")] = None
    valor_gases_medicinais: Annotated[
        ValorTotal | None, element("valorGasesMedicinais", "total de gases medicinais")
    ] = None
    valor_total_geral: Annotated[
        ValorTotal, element("valorTotalGeral", "valor total geral da guia")
    ]


ValorTotalGuiaOptional = Annotated[ValorTotalGuia | None, element("valorTotal", "valor total")]


DESPESA_TOTAL_FIELD: dict[CodigoDespesa, str] = {
    CodigoDespesa.DIARIAS: "valor_diarias",
    CodigoDespesa.TAXAS_E_ALUGUEIS: "valor_taxas_alugueis",
    CodigoDespesa.MATERIAIS: "valor_materiais",
    CodigoDespesa.MEDICAMENTOS: "valor_medicamentos",
    CodigoDespesa.OPME: "valor_opme",
    CodigoDespesa.GASES_MEDICINAIS: "valor_gases_medicinais",
}
"""Which field of the valor total block each código de despesa feeds."""
