"""Parts shared by the guias: cabeçalho, beneficiário, contratado, profissional, procedures,
outras despesas and the valor total block (``ct_*`` complex types of the TISS XSD)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

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
    Since,
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
from tissbill.versions import TissVersion


class CabecalhoGuia(TissModel):
    """ct_guiaCabecalho: operadora and the prestador's own guia number."""

    registro_ans: RegistroANS = Field(alias="registroANS")
    numero_guia_prestador: Texto20 = Field(alias="numeroGuiaPrestador")


class CabecalhoGuiaSADT(CabecalhoGuia):
    guia_principal: Texto20 | None = Field(default=None, alias="guiaPrincipal")


class Beneficiario(TissModel):
    """ct_beneficiarioDados."""

    numero_carteira: Texto20 = Field(alias="numeroCarteira")
    atendimento_rn: SimNao = Field(default=SimNao.NAO, alias="atendimentoRN")
    tipo_ident: TipoIdentificacao | None = Field(default=None, alias="tipoIdent")
    identificador_beneficiario: bytes | None = Field(
        default=None, alias="identificadorBeneficiario"
    )
    """Biometric/identifier payload, written base64-encoded."""


class ContratadoDados(TissModel):
    """ct_contratadoDados: the contratado by its code at the operadora, CPF or CNPJ (one of)."""

    codigo_prestador_na_operadora: Texto14 | None = Field(
        default=None, alias="codigoPrestadorNaOperadora"
    )
    cpf_contratado: CPF | None = Field(default=None, alias="cpfContratado")
    cnpj_contratado: CNPJ | None = Field(default=None, alias="cnpjContratado")

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

    cnes: CNES = Field(alias="CNES")


class DadosExecutante(TissModel):
    """dadosExecutante of SP/SADT and resumo de internação."""

    contratado_executante: ContratadoDados = Field(alias="contratadoExecutante")
    cnes: CNES = Field(alias="CNES")


class Profissional(TissModel):
    """ct_contratadoProfissionalDados: the professional by council registration."""

    nome_profissional: Texto70 | None = Field(default=None, alias="nomeProfissional")
    conselho_profissional: ConselhoProfissional = Field(alias="conselhoProfissional")
    numero_conselho_profissional: Texto15 = Field(alias="numeroConselhoProfissional")
    uf: UF = Field(alias="UF")
    cbos: CBOS = Field(alias="CBOS")


class CodigoProfissional(TissModel):
    """codProfissional of an equipe member: code at the operadora or CPF (one of)."""

    codigo_prestador_na_operadora: Texto14 | None = Field(
        default=None, alias="codigoPrestadorNaOperadora"
    )
    cpf_contratado: CPF | None = Field(default=None, alias="cpfContratado")

    @model_validator(mode="after")
    def _one_identifier(self) -> CodigoProfissional:
        exactly_one(self, ("codigo_prestador_na_operadora", "cpf_contratado"), "codProfissional")
        return self


class _Autorizacao(TissModel):
    numero_guia_operadora: Texto20 | None = Field(default=None, alias="numeroGuiaOperadora")
    data_autorizacao: Data = Field(alias="dataAutorizacao")


class AutorizacaoSADT(_Autorizacao):
    """ct_autorizacaoSADT."""

    senha: Texto20 | None = Field(default=None, alias="senha")
    data_validade_senha: Data | None = Field(default=None, alias="dataValidadeSenha")
    ausencia_cod_validacao: AusenciaCodValidacao | None = Field(
        default=None, alias="ausenciaCodValidacao"
    )
    cod_validacao: Texto10 | None = Field(default=None, alias="codValidacao")


class AutorizacaoInternacao(_Autorizacao):
    """ct_autorizacaoInternacao: like SP/SADT but the senha is mandatory."""

    senha: Texto20 = Field(alias="senha")
    data_validade_senha: Data | None = Field(default=None, alias="dataValidadeSenha")
    ausencia_cod_validacao: AusenciaCodValidacao | None = Field(
        default=None, alias="ausenciaCodValidacao"
    )
    cod_validacao: Texto10 | None = Field(default=None, alias="codValidacao")


class ProcedimentoDados(TissModel):
    """ct_procedimentoDados: tabela, código and descrição of a procedure."""

    codigo_tabela: Tabela = Field(default=Tabela.TUSS_PROCEDIMENTOS, alias="codigoTabela")
    codigo_procedimento: Texto10 = Field(alias="codigoProcedimento")
    descricao_procedimento: Texto150 = Field(alias="descricaoProcedimento")


class _ProcedimentoExecutadoBase(TissModel):
    """Fields common to executed procedures. ``sequencial_item`` and ``valor_total`` are
    filled by :meth:`completed` (and by the lote builder) when not given."""

    sequencial_item: SequencialItem | None = Field(default=None, alias="sequencialItem")
    data_execucao: Data = Field(alias="dataExecucao")
    hora_inicial: Hora | None = Field(default=None, alias="horaInicial")
    hora_final: Hora | None = Field(default=None, alias="horaFinal")
    procedimento: ProcedimentoDados = Field(alias="procedimento")
    quantidade_executada: QuantidadeProcedimento = Field(alias="quantidadeExecutada")
    via_acesso: ViaAcesso | None = Field(default=None, alias="viaAcesso")
    tecnica_utilizada: TecnicaUtilizada | None = Field(default=None, alias="tecnicaUtilizada")
    reducao_acrescimo: Fator = Field(default=Decimal("1.00"), alias="reducaoAcrescimo")
    valor_unitario: ValorItem = Field(alias="valorUnitario")
    valor_total: ValorItem | None = Field(default=None, alias="valorTotal")

    def computed_total(self) -> Decimal:
        """quantidade × valor unitário × fator, rounded to cents."""
        return line_total(self.quantidade_executada, self.valor_unitario, self.reducao_acrescimo)


class EquipeSADT(TissModel):
    """ct_identEquipeSADT: a member of the team of an SP/SADT procedure."""

    grau_part: GrauParticipacao | None = Field(default=None, alias="grauPart")
    cod_profissional: CodigoProfissional = Field(alias="codProfissional")
    nome_prof: Texto70 = Field(alias="nomeProf")
    conselho: ConselhoProfissional = Field(alias="conselho")
    numero_conselho_profissional: Texto15 = Field(alias="numeroConselhoProfissional")
    uf: UF = Field(alias="UF")
    cbos: CBOS = Field(alias="CBOS")


class IdentificacaoEquipe(EquipeSADT):
    """ct_identEquipe: a member of the team of an internação procedure. The same fields as an
    SP/SADT team member, but the grau de participação is required."""

    # Redefining the field keeps its position (first), so the XSD order is unchanged.
    grau_part: GrauParticipacao = Field(alias="grauPart")


class IdentEquipe(TissModel):
    """One ``identEquipe`` entry (it wraps a single identificacaoEquipe in the XSD)."""

    identificacao_equipe: IdentificacaoEquipe = Field(alias="identificacaoEquipe")


class ProcedimentoExecutadoSADT(_ProcedimentoExecutadoBase):
    """ct_procedimentoExecutadoSadt."""

    equipe_sadt: list[EquipeSADT] = Field(default_factory=list, alias="equipeSadt")


class ProcedimentoExecutadoInternacao(_ProcedimentoExecutadoBase):
    """ct_procedimentoExecutadoInt (resumo de internação)."""

    centro_consumo: Annotated[CentroConsumo | None, Since(TissVersion.V4_03_00)] = Field(
        default=None, alias="centroConsumo"
    )
    ident_equipe: list[IdentEquipe] = Field(default_factory=list, alias="identEquipe")


class ServicosExecutados(TissModel):
    """ct_procedimentoExecutadoOutras: what an outra despesa is (material, OPME, diária...)."""

    data_execucao: Data = Field(alias="dataExecucao")
    hora_inicial: Hora | None = Field(default=None, alias="horaInicial")
    hora_final: Hora | None = Field(default=None, alias="horaFinal")
    codigo_tabela: Tabela = Field(alias="codigoTabela")
    codigo_procedimento: Texto10 = Field(alias="codigoProcedimento")
    quantidade_executada: QuantidadeDespesa = Field(alias="quantidadeExecutada")
    unidade_medida: UnidadeMedida = Field(alias="unidadeMedida")
    reducao_acrescimo: Fator = Field(default=Decimal("1.00"), alias="reducaoAcrescimo")
    valor_unitario: ValorItem = Field(alias="valorUnitario")
    valor_total: ValorItem | None = Field(default=None, alias="valorTotal")
    centro_consumo: Annotated[CentroConsumo | None, Since(TissVersion.V4_03_00)] = Field(
        default=None, alias="centroConsumo"
    )
    descricao_procedimento: Texto150 = Field(alias="descricaoProcedimento")
    registro_anvisa: Texto15 | None = Field(default=None, alias="registroANVISA")
    codigo_ref_fabricante: Texto60 | None = Field(default=None, alias="codigoRefFabricante")
    autorizacao_funcionamento: Texto30 | None = Field(
        default=None, alias="autorizacaoFuncionamento"
    )

    def computed_total(self) -> Decimal:
        return line_total(self.quantidade_executada, self.valor_unitario, self.reducao_acrescimo)


class Despesa(TissModel):
    """One outra despesa (``outrasDespesas/despesa``): gases, medicamentos, materiais, diárias,
    taxas e aluguéis or OPME."""

    sequencial_item: SequencialItem | None = Field(default=None, alias="sequencialItem")
    codigo_despesa: CodigoDespesa = Field(alias="codigoDespesa")
    servicos_executados: ServicosExecutados = Field(alias="servicosExecutados")
    item_vinculado: SequencialItem | None = Field(default=None, alias="itemVinculado")


class ValorTotalGuia(TissModel):
    """ct_guiaValorTotal: totals of a resumo de internação or SP/SADT by category."""

    valor_procedimentos: ValorTotal | None = Field(default=None, alias="valorProcedimentos")
    valor_diarias: ValorTotal | None = Field(default=None, alias="valorDiarias")
    valor_taxas_alugueis: ValorTotal | None = Field(default=None, alias="valorTaxasAlugueis")
    valor_materiais: ValorTotal | None = Field(default=None, alias="valorMateriais")
    valor_medicamentos: ValorTotal | None = Field(default=None, alias="valorMedicamentos")
    valor_opme: ValorTotal | None = Field(default=None, alias="valorOPME")
    valor_gases_medicinais: ValorTotal | None = Field(default=None, alias="valorGasesMedicinais")
    valor_total_geral: ValorTotal = Field(alias="valorTotalGeral")


DESPESA_TOTAL_FIELD: dict[CodigoDespesa, str] = {
    CodigoDespesa.DIARIAS: "valor_diarias",
    CodigoDespesa.TAXAS_E_ALUGUEIS: "valor_taxas_alugueis",
    CodigoDespesa.MATERIAIS: "valor_materiais",
    CodigoDespesa.MEDICAMENTOS: "valor_medicamentos",
    CodigoDespesa.OPME: "valor_opme",
    CodigoDespesa.GASES_MEDICINAIS: "valor_gases_medicinais",
}
"""Which field of the valor total block each código de despesa feeds."""
