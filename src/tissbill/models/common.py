"""Parts shared by the guias: cabeçalho, beneficiário, contratado, profissional, procedures,
outras despesas and the valor total block (``ct_*`` complex types of the TISS XSD)."""

from __future__ import annotations

from decimal import Decimal

from pydantic import Field, model_validator

from tissbill.models.base import TissModel, exactly_one
from tissbill.models.enums import (
    UF,
    AusenciaCodValidacao,
    CentroConsumo,
    CodigoDespesa,
    ConselhoProfissional,
    GrauParticipacao,
    SimNao,
    Tabela,
    TecnicaUtilizada,
    TipoIdentificacao,
    UnidadeMedida,
    ViaAcesso,
)
from tissbill.models.types import (
    CBOS,
    CNES,
    CNPJ,
    CPF,
    Data,
    Fator,
    Hora,
    QuantidadeDespesa,
    QuantidadeProcedimento,
    RegistroANS,
    SequencialItem,
    Texto10,
    Texto14,
    Texto15,
    Texto20,
    Texto30,
    Texto60,
    Texto70,
    Texto150,
    ValorItem,
    ValorTotal,
)
from tissbill.money import line_total


class CabecalhoGuia(TissModel):
    """ct_guiaCabecalho: operadora and the prestador's own guia number."""

    registro_ans: RegistroANS = Field(
        serialization_alias="registroANS",
        description="registroANS: registro da operadora na ANS (6 dígitos)",
    )
    numero_guia_prestador: Texto20 = Field(
        serialization_alias="numeroGuiaPrestador",
        description="numeroGuiaPrestador: número da guia no prestador",
    )


class CabecalhoGuiaSADT(CabecalhoGuia):
    guia_principal: Texto20 | None = Field(
        default=None,
        serialization_alias="guiaPrincipal",
        description="guiaPrincipal: número da guia principal",
    )


class Beneficiario(TissModel):
    """ct_beneficiarioDados."""

    numero_carteira: Texto20 = Field(
        serialization_alias="numeroCarteira",
        description="numeroCarteira: número da carteira do beneficiário",
    )
    atendimento_rn: SimNao = Field(
        default=SimNao.NAO,
        serialization_alias="atendimentoRN",
        description="atendimentoRN: atendimento a recém-nato (S/N)",
    )
    tipo_ident: TipoIdentificacao | None = Field(
        default=None,
        serialization_alias="tipoIdent",
        description="tipoIdent: tipo de identificação do beneficiário",
    )
    identificador_beneficiario: bytes | None = Field(
        default=None,
        serialization_alias="identificadorBeneficiario",
        description="identificadorBeneficiario: identificador biométrico (em base64)",
    )
    """Biometric/identifier payload, written base64-encoded."""


class ContratadoDados(TissModel):
    """ct_contratadoDados: the contratado by its code at the operadora, CPF or CNPJ (one of)."""

    codigo_prestador_na_operadora: Texto14 | None = Field(
        default=None,
        serialization_alias="codigoPrestadorNaOperadora",
        description="codigoPrestadorNaOperadora: código do prestador na operadora",
    )
    cpf_contratado: CPF | None = Field(
        default=None,
        serialization_alias="cpfContratado",
        description="cpfContratado: CPF do contratado (11 dígitos)",
    )
    cnpj_contratado: CNPJ | None = Field(
        default=None,
        serialization_alias="cnpjContratado",
        description="cnpjContratado: CNPJ do contratado",
    )

    @model_validator(mode="after")
    def _one_identifier(self) -> ContratadoDados:
        exactly_one(
            self,
            ("codigo_prestador_na_operadora", "cpf_contratado", "cnpj_contratado"),
            "contratado",
        )
        return self


class ContratadoExecutanteConsulta(ContratadoDados):
    """Contratado executante of a guia de consulta: identifier plus CNES."""

    cnes: CNES = Field(
        serialization_alias="CNES", description="CNES: código CNES do estabelecimento (7 dígitos)"
    )


class DadosExecutante(TissModel):
    """dadosExecutante of SP/SADT and resumo de internação."""

    contratado_executante: ContratadoDados = Field(
        serialization_alias="contratadoExecutante",
        description="contratadoExecutante: contratado executante",
    )
    cnes: CNES = Field(
        serialization_alias="CNES", description="CNES: código CNES do estabelecimento (7 dígitos)"
    )


class Profissional(TissModel):
    """ct_contratadoProfissionalDados: the professional by council registration."""

    nome_profissional: Texto70 | None = Field(
        default=None,
        serialization_alias="nomeProfissional",
        description="nomeProfissional: nome do profissional",
    )
    conselho_profissional: ConselhoProfissional = Field(
        serialization_alias="conselhoProfissional",
        description="conselhoProfissional: conselho (código ou sigla: 06 ou CRM)",
    )
    numero_conselho_profissional: Texto15 = Field(
        serialization_alias="numeroConselhoProfissional",
        description="numeroConselhoProfissional: número de registro no conselho profissional",
    )
    uf: UF = Field(
        serialization_alias="UF",
        description="UF: UF do conselho (código IBGE ou sigla: 43 ou RS)",
    )
    cbos: CBOS = Field(
        serialization_alias="CBOS", description="CBOS: CBO-S do profissional (6 dígitos)"
    )


class CodigoProfissional(TissModel):
    """codProfissional of an equipe member: code at the operadora or CPF (one of)."""

    codigo_prestador_na_operadora: Texto14 | None = Field(
        default=None,
        serialization_alias="codigoPrestadorNaOperadora",
        description="codigoPrestadorNaOperadora: código do prestador na operadora",
    )
    cpf_contratado: CPF | None = Field(
        default=None,
        serialization_alias="cpfContratado",
        description="cpfContratado: CPF do contratado (11 dígitos)",
    )

    @model_validator(mode="after")
    def _one_identifier(self) -> CodigoProfissional:
        exactly_one(self, ("codigo_prestador_na_operadora", "cpf_contratado"), "codProfissional")
        return self


class _Autorizacao(TissModel):
    numero_guia_operadora: Texto20 | None = Field(
        default=None,
        serialization_alias="numeroGuiaOperadora",
        description="numeroGuiaOperadora: número da guia atribuído pela operadora",
    )
    data_autorizacao: Data = Field(
        serialization_alias="dataAutorizacao", description="dataAutorizacao: data da autorização"
    )


class AutorizacaoSADT(_Autorizacao):
    """ct_autorizacaoSADT."""

    senha: Texto20 | None = Field(
        default=None,
        serialization_alias="senha",
        description="senha: senha de autorização da operadora",
    )
    data_validade_senha: Data | None = Field(
        default=None,
        serialization_alias="dataValidadeSenha",
        description="dataValidadeSenha: data de validade da senha",
    )
    ausencia_cod_validacao: AusenciaCodValidacao | None = Field(
        default=None,
        serialization_alias="ausenciaCodValidacao",
        description="ausenciaCodValidacao: motivo da ausência do código de validação",
    )
    cod_validacao: Texto10 | None = Field(
        default=None,
        serialization_alias="codValidacao",
        description="codValidacao: código de validação (token) do atendimento",
    )


class AutorizacaoInternacao(_Autorizacao):
    """ct_autorizacaoInternacao: like SP/SADT but the senha is mandatory."""

    senha: Texto20 = Field(
        serialization_alias="senha", description="senha: senha de autorização da operadora"
    )
    data_validade_senha: Data | None = Field(
        default=None,
        serialization_alias="dataValidadeSenha",
        description="dataValidadeSenha: data de validade da senha",
    )
    ausencia_cod_validacao: AusenciaCodValidacao | None = Field(
        default=None,
        serialization_alias="ausenciaCodValidacao",
        description="ausenciaCodValidacao: motivo da ausência do código de validação",
    )
    cod_validacao: Texto10 | None = Field(
        default=None,
        serialization_alias="codValidacao",
        description="codValidacao: código de validação (token) do atendimento",
    )


class ProcedimentoDados(TissModel):
    """ct_procedimentoDados: tabela, código and descrição of a procedure."""

    codigo_tabela: Tabela = Field(
        default=Tabela.TUSS_PROCEDIMENTOS,
        serialization_alias="codigoTabela",
        description="codigoTabela: tabela de referência do código (tabela 87)",
    )
    codigo_procedimento: Texto10 = Field(
        serialization_alias="codigoProcedimento",
        description="codigoProcedimento: código do procedimento ou item",
    )
    descricao_procedimento: Texto150 = Field(
        serialization_alias="descricaoProcedimento",
        description="descricaoProcedimento: descrição do procedimento ou item",
    )


class _ProcedimentoExecutadoBase(TissModel):
    """Fields common to executed procedures. ``sequencial_item`` and ``valor_total`` are
    filled by :meth:`completed` (and by the lote builder) when not given."""

    sequencial_item: SequencialItem | None = Field(
        default=None,
        serialization_alias="sequencialItem",
        description="sequencialItem: número sequencial do item na guia",
    )
    data_execucao: Data = Field(
        serialization_alias="dataExecucao", description="dataExecucao: data de execução"
    )
    hora_inicial: Hora | None = Field(
        default=None,
        serialization_alias="horaInicial",
        description="horaInicial: hora inicial da execução",
    )
    hora_final: Hora | None = Field(
        default=None,
        serialization_alias="horaFinal",
        description="horaFinal: hora final da execução",
    )
    procedimento: ProcedimentoDados = Field(
        serialization_alias="procedimento", description="procedimento: procedimento realizado"
    )
    quantidade_executada: QuantidadeProcedimento = Field(
        serialization_alias="quantidadeExecutada",
        description="quantidadeExecutada: quantidade executada",
    )
    via_acesso: ViaAcesso | None = Field(
        default=None, serialization_alias="viaAcesso", description="viaAcesso: via de acesso"
    )
    tecnica_utilizada: TecnicaUtilizada | None = Field(
        default=None,
        serialization_alias="tecnicaUtilizada",
        description="tecnicaUtilizada: técnica utilizada",
    )
    reducao_acrescimo: Fator = Field(
        default=Decimal("1.00"),
        serialization_alias="reducaoAcrescimo",
        description="reducaoAcrescimo: fator de redução ou acréscimo (1.00 quando não há)",
    )
    valor_unitario: ValorItem = Field(
        serialization_alias="valorUnitario", description="valorUnitario: valor unitário"
    )
    valor_total: ValorItem | None = Field(
        default=None, serialization_alias="valorTotal", description="valorTotal: valor total"
    )

    def computed_total(self) -> Decimal:
        """quantidade × valor unitário × fator, rounded to cents."""
        return line_total(self.quantidade_executada, self.valor_unitario, self.reducao_acrescimo)


class EquipeSADT(TissModel):
    """ct_identEquipeSADT: a member of the team of an SP/SADT procedure."""

    grau_part: GrauParticipacao | None = Field(
        default=None,
        serialization_alias="grauPart",
        description="grauPart: grau de participação do profissional",
    )
    cod_profissional: CodigoProfissional = Field(
        serialization_alias="codProfissional",
        description="codProfissional: identificação do profissional: código na operadora ou CPF",
    )
    nome_prof: Texto70 = Field(
        serialization_alias="nomeProf", description="nomeProf: nome do profissional"
    )
    conselho: ConselhoProfissional = Field(
        serialization_alias="conselho",
        description="conselho: conselho (código ou sigla: 06 ou CRM)",
    )
    numero_conselho_profissional: Texto15 = Field(
        serialization_alias="numeroConselhoProfissional",
        description="numeroConselhoProfissional: número de registro no conselho profissional",
    )
    uf: UF = Field(
        serialization_alias="UF",
        description="UF: UF do conselho (código IBGE ou sigla: 43 ou RS)",
    )
    cbos: CBOS = Field(
        serialization_alias="CBOS", description="CBOS: CBO-S do profissional (6 dígitos)"
    )


class IdentificacaoEquipe(EquipeSADT):
    """ct_identEquipe: a member of the team of an internação procedure. The same fields as an
    SP/SADT team member, but the grau de participação is required."""

    # Redefining the field keeps its position (first), so the XSD order is unchanged.
    grau_part: GrauParticipacao = Field(
        serialization_alias="grauPart", description="grauPart: grau de participação do profissional"
    )


class IdentEquipe(TissModel):
    """One ``identEquipe`` entry (it wraps a single identificacaoEquipe in the XSD)."""

    identificacao_equipe: IdentificacaoEquipe = Field(
        serialization_alias="identificacaoEquipe",
        description="identificacaoEquipe: membro da equipe",
    )


class ProcedimentoExecutadoSADT(_ProcedimentoExecutadoBase):
    """ct_procedimentoExecutadoSadt."""

    equipe_sadt: list[EquipeSADT] = Field(
        default_factory=list,
        serialization_alias="equipeSadt",
        description="equipeSadt: equipe do procedimento",
    )


class ProcedimentoExecutadoInternacao(_ProcedimentoExecutadoBase):
    """ct_procedimentoExecutadoInt (resumo de internação)."""

    centro_consumo: CentroConsumo | None = Field(
        default=None,
        serialization_alias="centroConsumo",
        description="centroConsumo: centro de consumo (a partir da versão 4.03.00)",
    )
    ident_equipe: list[IdentEquipe] = Field(
        default_factory=list,
        serialization_alias="identEquipe",
        description="identEquipe: equipe do procedimento",
    )


class ServicosExecutados(TissModel):
    """ct_procedimentoExecutadoOutras: what an outra despesa is (material, OPME, diária...)."""

    data_execucao: Data = Field(
        serialization_alias="dataExecucao", description="dataExecucao: data de execução"
    )
    hora_inicial: Hora | None = Field(
        default=None,
        serialization_alias="horaInicial",
        description="horaInicial: hora inicial da execução",
    )
    hora_final: Hora | None = Field(
        default=None,
        serialization_alias="horaFinal",
        description="horaFinal: hora final da execução",
    )
    codigo_tabela: Tabela = Field(
        serialization_alias="codigoTabela",
        description="codigoTabela: tabela de referência do código (tabela 87)",
    )
    codigo_procedimento: Texto10 = Field(
        serialization_alias="codigoProcedimento",
        description="codigoProcedimento: código do procedimento ou item",
    )
    quantidade_executada: QuantidadeDespesa = Field(
        serialization_alias="quantidadeExecutada",
        description="quantidadeExecutada: quantidade executada",
    )
    unidade_medida: UnidadeMedida = Field(
        serialization_alias="unidadeMedida",
        description="unidadeMedida: unidade de medida (tabela 60)",
    )
    reducao_acrescimo: Fator = Field(
        default=Decimal("1.00"),
        serialization_alias="reducaoAcrescimo",
        description="reducaoAcrescimo: fator de redução ou acréscimo (1.00 quando não há)",
    )
    valor_unitario: ValorItem = Field(
        serialization_alias="valorUnitario", description="valorUnitario: valor unitário"
    )
    valor_total: ValorItem | None = Field(
        default=None, serialization_alias="valorTotal", description="valorTotal: valor total"
    )
    centro_consumo: CentroConsumo | None = Field(
        default=None,
        serialization_alias="centroConsumo",
        description="centroConsumo: centro de consumo (a partir da versão 4.03.00)",
    )
    descricao_procedimento: Texto150 = Field(
        serialization_alias="descricaoProcedimento",
        description="descricaoProcedimento: descrição do procedimento ou item",
    )
    registro_anvisa: Texto15 | None = Field(
        default=None,
        serialization_alias="registroANVISA",
        description="registroANVISA: registro ANVISA do material ou medicamento",
    )
    codigo_ref_fabricante: Texto60 | None = Field(
        default=None,
        serialization_alias="codigoRefFabricante",
        description="codigoRefFabricante: código de referência do fabricante",
    )
    autorizacao_funcionamento: Texto30 | None = Field(
        default=None,
        serialization_alias="autorizacaoFuncionamento",
        description="autorizacaoFuncionamento: autorização de funcionamento da empresa (AFE)",
    )

    def computed_total(self) -> Decimal:
        return line_total(self.quantidade_executada, self.valor_unitario, self.reducao_acrescimo)


class Despesa(TissModel):
    """One outra despesa (``outrasDespesas/despesa``): gases, medicamentos, materiais, diárias,
    taxas e aluguéis or OPME."""

    sequencial_item: SequencialItem | None = Field(
        default=None,
        serialization_alias="sequencialItem",
        description="sequencialItem: número sequencial do item na guia",
    )
    codigo_despesa: CodigoDespesa = Field(
        serialization_alias="codigoDespesa",
        description="codigoDespesa: código da despesa (tabela 25)",
    )
    servicos_executados: ServicosExecutados = Field(
        serialization_alias="servicosExecutados",
        description="servicosExecutados: serviço executado (o item da despesa)",
    )
    item_vinculado: SequencialItem | None = Field(
        default=None,
        serialization_alias="itemVinculado",
        description="itemVinculado: sequencialItem do item a que esta despesa se vincula",
    )


class ValorTotalGuia(TissModel):
    """ct_guiaValorTotal: totals of a resumo de internação or SP/SADT by category."""

    valor_procedimentos: ValorTotal | None = Field(
        default=None,
        serialization_alias="valorProcedimentos",
        description="valorProcedimentos: total de procedimentos",
    )
    valor_diarias: ValorTotal | None = Field(
        default=None,
        serialization_alias="valorDiarias",
        description="valorDiarias: total de diárias",
    )
    valor_taxas_alugueis: ValorTotal | None = Field(
        default=None,
        serialization_alias="valorTaxasAlugueis",
        description="valorTaxasAlugueis: total de taxas e aluguéis",
    )
    valor_materiais: ValorTotal | None = Field(
        default=None,
        serialization_alias="valorMateriais",
        description="valorMateriais: total de materiais",
    )
    valor_medicamentos: ValorTotal | None = Field(
        default=None,
        serialization_alias="valorMedicamentos",
        description="valorMedicamentos: total de medicamentos",
    )
    valor_opme: ValorTotal | None = Field(
        default=None, serialization_alias="valorOPME", description="valorOPME: total de OPME"
    )
    valor_gases_medicinais: ValorTotal | None = Field(
        default=None,
        serialization_alias="valorGasesMedicinais",
        description="valorGasesMedicinais: total de gases medicinais",
    )
    valor_total_geral: ValorTotal = Field(
        serialization_alias="valorTotalGeral",
        description="valorTotalGeral: valor total geral da guia",
    )


DESPESA_TOTAL_FIELD: dict[CodigoDespesa, str] = {
    CodigoDespesa.DIARIAS: "valor_diarias",
    CodigoDespesa.TAXAS_E_ALUGUEIS: "valor_taxas_alugueis",
    CodigoDespesa.MATERIAIS: "valor_materiais",
    CodigoDespesa.MEDICAMENTOS: "valor_medicamentos",
    CodigoDespesa.OPME: "valor_opme",
    CodigoDespesa.GASES_MEDICINAIS: "valor_gases_medicinais",
}
"""Which field of the valor total block each código de despesa feeds."""
