"""The four guias a prestador bills in a lote: consulta, SP/SADT, resumo de internação and
honorários (``ctm_*Guia`` types of the TISS XSD)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, ClassVar, Literal, Self

from pydantic import Field, model_validator

from tissbill.models.base import TissModel, exactly_one
from tissbill.models.common import (
    DESPESA_TOTAL_FIELD,
    AutorizacaoInternacao,
    AutorizacaoSADT,
    Beneficiario,
    CabecalhoGuia,
    CabecalhoGuiaSADT,
    CodigoProfissional,
    ContratadoDados,
    ContratadoExecutanteConsulta,
    DadosExecutante,
    Despesa,
    ProcedimentoExecutadoInternacao,
    ProcedimentoExecutadoSADT,
    Profissional,
    ValorTotalGuia,
    _ProcedimentoExecutadoBase,
)
from tissbill.models.enums import (
    UF,
    AusenciaCodValidacao,
    CaraterAtendimento,
    CoberturaEspecial,
    ConselhoProfissional,
    GrauParticipacao,
    IndicadorAcidente,
    MotivoEncerramento,
    MotivoSaidaObito,
    RegimeAtendimento,
    RegimeInternacao,
    SaudeOcupacional,
    SimNao,
    Tabela,
    TipoAtendimento,
    TipoConsulta,
    TipoFaturamento,
    TipoInternacao,
)
from tissbill.models.types import (
    CBOS,
    CID,
    CNES,
    CNPJ,
    Data,
    DeclaracaoNascidoObito,
    Hora,
    Items,
    Since,
    Texto10,
    Texto14,
    Texto15,
    Texto20,
    Texto70,
    Texto500,
    ValorItem,
    ValorTotal,
)
from tissbill.versions import TissVersion

# --- guia de consulta -----------------------------------------------------------------------


class ProcedimentoConsulta(TissModel):
    codigo_tabela: Tabela = Field(default=Tabela.TUSS_PROCEDIMENTOS, alias="codigoTabela")
    codigo_procedimento: Texto10 = Field(alias="codigoProcedimento")
    valor_procedimento: ValorItem = Field(alias="valorProcedimento")


class DadosAtendimentoConsulta(TissModel):
    """ctm_consultaAtendimento."""

    cobertura_especial: CoberturaEspecial | None = Field(default=None, alias="coberturaEspecial")
    regime_atendimento: RegimeAtendimento = Field(
        default=RegimeAtendimento.AMBULATORIAL, alias="regimeAtendimento"
    )
    saude_ocupacional: SaudeOcupacional | None = Field(default=None, alias="saudeOcupacional")
    data_atendimento: Data = Field(alias="dataAtendimento")
    tipo_consulta: TipoConsulta = Field(alias="tipoConsulta")
    procedimento: ProcedimentoConsulta = Field(alias="procedimento")


class GuiaConsulta(TissModel):
    """Guia de consulta (ctm_consultaGuia)."""

    __tiss_element__: ClassVar[str] = "guiaConsulta"
    __xml_exclude__: ClassVar[frozenset[str]] = frozenset({"tipo_guia"})

    tipo_guia: Literal["consulta"] = "consulta"
    cabecalho_consulta: CabecalhoGuia = Field(alias="cabecalhoConsulta")
    numero_guia_operadora: Texto20 | None = Field(default=None, alias="numeroGuiaOperadora")
    ausencia_cod_validacao: AusenciaCodValidacao | None = Field(
        default=None, alias="ausenciaCodValidacao"
    )
    cod_validacao: Texto10 | None = Field(default=None, alias="codValidacao")
    dados_beneficiario: Beneficiario = Field(alias="dadosBeneficiario")
    contratado_executante: ContratadoExecutanteConsulta = Field(alias="contratadoExecutante")
    profissional_executante: Profissional = Field(alias="profissionalExecutante")
    indicacao_acidente: IndicadorAcidente = Field(
        default=IndicadorAcidente.NAO_ACIDENTE, alias="indicacaoAcidente"
    )
    dados_atendimento: DadosAtendimentoConsulta = Field(alias="dadosAtendimento")
    observacao: Texto500 | None = Field(default=None, alias="observacao")

    @property
    def numero_guia_prestador(self) -> str:
        return self.cabecalho_consulta.numero_guia_prestador

    @property
    def registro_ans(self) -> str:
        return self.cabecalho_consulta.registro_ans

    @property
    def valor_total_geral(self) -> Decimal:
        return self.dados_atendimento.procedimento.valor_procedimento

    def completed(self) -> GuiaConsulta:
        """A guia de consulta has nothing to compute; returned as is."""
        return self


# --- guia SP/SADT ---------------------------------------------------------------------------


class DadosSolicitante(TissModel):
    contratado_solicitante: ContratadoDados = Field(alias="contratadoSolicitante")
    nome_contratado_solicitante: Texto70 = Field(alias="nomeContratadoSolicitante")
    profissional_solicitante: Profissional = Field(alias="profissionalSolicitante")


class DadosSolicitacao(TissModel):
    data_solicitacao: Data | None = Field(default=None, alias="dataSolicitacao")
    carater_atendimento: CaraterAtendimento = Field(alias="caraterAtendimento")
    indicacao_clinica: Texto500 | None = Field(default=None, alias="indicacaoClinica")
    ind_cob_especial: CoberturaEspecial | None = Field(default=None, alias="indCobEspecial")


class DadosAtendimentoSADT(TissModel):
    """ctm_sp-sadtAtendimento."""

    tipo_atendimento: TipoAtendimento = Field(alias="tipoAtendimento")
    indicacao_acidente: IndicadorAcidente = Field(
        default=IndicadorAcidente.NAO_ACIDENTE, alias="indicacaoAcidente"
    )
    tipo_consulta: TipoConsulta | None = Field(default=None, alias="tipoConsulta")
    motivo_encerramento: MotivoSaidaObito | None = Field(default=None, alias="motivoEncerramento")
    regime_atendimento: RegimeAtendimento = Field(
        default=RegimeAtendimento.AMBULATORIAL, alias="regimeAtendimento"
    )
    saude_ocupacional: SaudeOcupacional | None = Field(default=None, alias="saudeOcupacional")


def _sequencer(used: set[int]) -> Callable[[], int]:
    """Hands out 1, 2, 3... skipping the sequencialItem values the user already gave."""
    counter = 0

    def next_free() -> int:
        nonlocal counter
        counter += 1
        while counter in used:
            counter += 1
        return counter

    return next_free


class _GuiaComDespesas(TissModel):
    """Behaviour shared by SP/SADT and resumo de internação: numbering and totals."""

    if TYPE_CHECKING:
        # Declared by each subclass in its XSD position; here only for the type checker.
        cabecalho_guia: CabecalhoGuia
        procedimentos_executados: Sequence[_ProcedimentoExecutadoBase]
        outras_despesas: list[Despesa]
        valor_total: ValorTotalGuia | None

    @property
    def numero_guia_prestador(self) -> str:
        return self.cabecalho_guia.numero_guia_prestador

    @property
    def registro_ans(self) -> str:
        return self.cabecalho_guia.registro_ans

    @property
    def valor_total_geral(self) -> Decimal:
        return (self.valor_total or self.completed().valor_total or _ZERO_TOTAL).valor_total_geral

    def _items(self) -> Iterator[_ProcedimentoExecutadoBase | Despesa]:
        yield from self.procedimentos_executados
        yield from self.outras_despesas

    def _completed_items(self) -> tuple[list[_ProcedimentoExecutadoBase], list[Despesa]]:
        next_free = _sequencer(
            {i.sequencial_item for i in self._items() if i.sequencial_item is not None}
        )
        procedimentos = [
            p.model_copy(
                update={
                    "sequencial_item": p.sequencial_item or next_free(),
                    "valor_total": p.valor_total
                    if p.valor_total is not None
                    else p.computed_total(),
                }
            )
            for p in self.procedimentos_executados
        ]
        despesas = []
        for d in self.outras_despesas:
            servico = d.servicos_executados
            if servico.valor_total is None:
                servico = servico.model_copy(update={"valor_total": servico.computed_total()})
            despesas.append(
                d.model_copy(
                    update={
                        "sequencial_item": d.sequencial_item or next_free(),
                        "servicos_executados": servico,
                    }
                )
            )
        return procedimentos, despesas

    @staticmethod
    def totals_for(
        procedimentos: Sequence[_ProcedimentoExecutadoBase], despesas: Sequence[Despesa]
    ) -> ValorTotalGuia:
        """The valor total block implied by the items: one field per category present."""
        sums: dict[str, Decimal] = {}
        if procedimentos:
            sums["valor_procedimentos"] = sum(
                (p.valor_total or p.computed_total() for p in procedimentos), Decimal("0.00")
            )
        for d in despesas:
            field = DESPESA_TOTAL_FIELD[d.codigo_despesa]
            servico = d.servicos_executados
            value = (
                servico.valor_total if servico.valor_total is not None else servico.computed_total()
            )
            sums[field] = sums.get(field, Decimal("0.00")) + value
        geral = sum(sums.values(), Decimal("0.00"))
        return ValorTotalGuia.model_validate({**sums, "valor_total_geral": geral})

    def completed(self) -> Self:
        """A copy with sequencialItem numbered (unique across procedures and despesas), line
        totals computed and the valor total block computed, wherever they were not given."""
        procedimentos, despesas = self._completed_items()
        total = self.valor_total or self.totals_for(procedimentos, despesas)
        return self.model_copy(
            update={
                "procedimentos_executados": procedimentos,
                "outras_despesas": despesas,
                "valor_total": total,
            }
        )


class GuiaSPSADT(_GuiaComDespesas):
    """Guia de SP/SADT: serviço profissional / serviço auxiliar de diagnóstico e terapia."""

    __tiss_element__: ClassVar[str] = "guiaSP-SADT"
    __xml_exclude__: ClassVar[frozenset[str]] = frozenset({"tipo_guia"})

    tipo_guia: Literal["sp_sadt"] = "sp_sadt"
    cabecalho_guia: CabecalhoGuiaSADT = Field(alias="cabecalhoGuia")
    dados_autorizacao: AutorizacaoSADT | None = Field(default=None, alias="dadosAutorizacao")
    dados_beneficiario: Beneficiario = Field(alias="dadosBeneficiario")
    dados_solicitante: DadosSolicitante = Field(alias="dadosSolicitante")
    dados_solicitacao: DadosSolicitacao = Field(alias="dadosSolicitacao")
    dados_executante: DadosExecutante = Field(alias="dadosExecutante")
    dados_atendimento: DadosAtendimentoSADT = Field(alias="dadosAtendimento")
    procedimentos_executados: Annotated[
        list[ProcedimentoExecutadoSADT], Items("procedimentoExecutado")
    ] = Field(default_factory=list, alias="procedimentosExecutados")
    outras_despesas: Annotated[list[Despesa], Items("despesa")] = Field(
        default_factory=list, alias="outrasDespesas"
    )
    observacao: Texto500 | None = Field(default=None, alias="observacao")
    valor_total: ValorTotalGuia | None = Field(default=None, alias="valorTotal")


# --- resumo de internação -------------------------------------------------------------------


class Declaracao(TissModel):
    """One entry of ``declaracoes``: declaração de nascido vivo and/or de óbito."""

    declaracao_nascido: DeclaracaoNascidoObito | None = Field(
        default=None, alias="declaracaoNascido"
    )
    diagnostico_obito: CID | None = Field(default=None, alias="diagnosticoObito")
    declaracao_obito: DeclaracaoNascidoObito | None = Field(default=None, alias="declaracaoObito")
    indicador_dorn: SimNao | None = Field(default=None, alias="indicadorDORN")


class DadosInternacao(TissModel):
    """ctm_internacaoDados: caráter, tipo de faturamento and the billing window."""

    carater_atendimento: CaraterAtendimento = Field(alias="caraterAtendimento")
    tipo_faturamento: TipoFaturamento = Field(alias="tipoFaturamento")
    data_inicio_faturamento: Data = Field(alias="dataInicioFaturamento")
    hora_inicio_faturamento: Hora = Field(alias="horaInicioFaturamento")
    data_final_faturamento: Data = Field(alias="dataFinalFaturamento")
    hora_final_faturamento: Hora = Field(alias="horaFinalFaturamento")
    tipo_internacao: TipoInternacao = Field(alias="tipoInternacao")
    regime_internacao: RegimeInternacao = Field(alias="regimeInternacao")
    declaracoes: list[Declaracao] = Field(default_factory=list, max_length=8, alias="declaracoes")


class DadosSaidaInternacao(TissModel):
    """ctm_internacaoDadosSaida."""

    diagnostico: list[CID] = Field(default_factory=list, max_length=4, alias="diagnostico")
    indicador_acidente: IndicadorAcidente = Field(
        default=IndicadorAcidente.NAO_ACIDENTE, alias="indicadorAcidente"
    )
    motivo_encerramento: MotivoEncerramento = Field(alias="motivoEncerramento")


class GuiaResumoInternacao(_GuiaComDespesas):
    """Resumo de internação (ctm_internacaoResumoGuia)."""

    __tiss_element__: ClassVar[str] = "guiaResumoInternacao"
    __xml_exclude__: ClassVar[frozenset[str]] = frozenset({"tipo_guia"})

    tipo_guia: Literal["resumo_internacao"] = "resumo_internacao"
    cabecalho_guia: CabecalhoGuia = Field(alias="cabecalhoGuia")
    numero_guia_solicitacao_internacao: Texto20 = Field(alias="numeroGuiaSolicitacaoInternacao")
    dados_autorizacao: AutorizacaoInternacao = Field(alias="dadosAutorizacao")
    dados_beneficiario: Beneficiario = Field(alias="dadosBeneficiario")
    dados_executante: DadosExecutante = Field(alias="dadosExecutante")
    dados_internacao: DadosInternacao = Field(alias="dadosInternacao")
    dados_saida_internacao: DadosSaidaInternacao = Field(alias="dadosSaidaInternacao")
    procedimentos_executados: Annotated[
        list[ProcedimentoExecutadoInternacao], Items("procedimentoExecutado")
    ] = Field(default_factory=list, alias="procedimentosExecutados")
    valor_total: ValorTotalGuia | None = Field(default=None, alias="valorTotal")
    outras_despesas: Annotated[list[Despesa], Items("despesa")] = Field(
        default_factory=list, alias="outrasDespesas"
    )
    observacao: Texto500 | None = Field(default=None, alias="observacao")


# --- guia de honorários ---------------------------------------------------------------------


class BeneficiarioHonorarios(TissModel):
    numero_carteira: Texto20 = Field(alias="numeroCarteira")
    atendimento_rn: SimNao = Field(default=SimNao.NAO, alias="atendimentoRN")


class CodigoContratadoLocal(TissModel):
    """codigoContratado of the local de execução: code at the operadora or CNPJ (one of)."""

    codigo_na_operadora: Texto14 | None = Field(default=None, alias="codigoNaOperadora")
    cnpj_local_executante: CNPJ | None = Field(default=None, alias="cnpjLocalExecutante")

    @model_validator(mode="after")
    def _one_identifier(self) -> CodigoContratadoLocal:
        exactly_one(self, ("codigo_na_operadora", "cnpj_local_executante"), "codigoContratado")
        return self


class LocalContratado(TissModel):
    """Hospital/clinic where the procedures were done."""

    codigo_contratado: CodigoContratadoLocal = Field(alias="codigoContratado")
    nome_contratado: Texto70 = Field(alias="nomeContratado")
    cnes: CNES = Field(alias="cnes")


class DadosContratadoExecutante(TissModel):
    """The professional or team billing the honorários, by its code at the operadora."""

    codigona_operadora: Texto14 = Field(alias="codigonaOperadora")
    cnes_contratado_executante: CNES = Field(alias="cnesContratadoExecutante")


class DadosInternacaoHonorarios(TissModel):
    data_inicio_faturamento: Data = Field(alias="dataInicioFaturamento")
    data_fim_faturamento: Data = Field(alias="dataFimFaturamento")
    carater_atendimento: Annotated[
        CaraterAtendimento | None, Since(TissVersion.V4_03_00, required=True)
    ] = Field(default=None, alias="caraterAtendimento")
    """Mandatory from 4.03.00; does not exist in 4.01.00 and 4.02.00."""


class ProfissionalHonorarios(TissModel):
    """A professional of an honorários procedure (``profissionais``)."""

    grau_participacao: GrauParticipacao = Field(alias="grauParticipacao")
    cod_profissional: CodigoProfissional = Field(alias="codProfissional")
    nome_profissional: Texto70 = Field(alias="nomeProfissional")
    conselho_profissional: ConselhoProfissional = Field(alias="conselhoProfissional")
    numero_conselho_profissional: Texto15 = Field(alias="numeroConselhoProfissional")
    uf: UF = Field(alias="UF")
    cbo: CBOS = Field(alias="CBO")


class ProcedimentoRealizado(_ProcedimentoExecutadoBase):
    """ct_procedimentoExecutadoHonorIndiv."""

    profissionais: list[ProfissionalHonorarios] = Field(min_length=1, alias="profissionais")


class GuiaHonorarios(TissModel):
    """Guia de honorários (ctm_honorarioIndividualGuia)."""

    __tiss_element__: ClassVar[str] = "guiaHonorarios"
    __xml_exclude__: ClassVar[frozenset[str]] = frozenset({"tipo_guia"})

    tipo_guia: Literal["honorarios"] = "honorarios"
    cabecalho_guia: CabecalhoGuia = Field(alias="cabecalhoGuia")
    guia_solic_internacao: Texto20 = Field(alias="guiaSolicInternacao")
    senha: Texto20 | None = Field(default=None, alias="senha")
    numero_guia_operadora: Texto20 | None = Field(default=None, alias="numeroGuiaOperadora")
    beneficiario: BeneficiarioHonorarios = Field(alias="beneficiario")
    local_contratado: LocalContratado = Field(alias="localContratado")
    dados_contratado_executante: DadosContratadoExecutante = Field(
        alias="dadosContratadoExecutante"
    )
    dados_internacao: DadosInternacaoHonorarios = Field(alias="dadosInternacao")
    procedimentos_realizados: Annotated[
        list[ProcedimentoRealizado], Items("procedimentoRealizado")
    ] = Field(min_length=1, alias="procedimentosRealizados")
    observacao: Texto500 | None = Field(default=None, alias="observacao")
    valor_total_honorarios: ValorTotal | None = Field(default=None, alias="valorTotalHonorarios")
    data_emissao_guia: Data = Field(alias="dataEmissaoGuia")

    @property
    def numero_guia_prestador(self) -> str:
        return self.cabecalho_guia.numero_guia_prestador

    @property
    def registro_ans(self) -> str:
        return self.cabecalho_guia.registro_ans

    @property
    def valor_total_geral(self) -> Decimal:
        return self.completed().valor_total_honorarios or Decimal("0.00")

    def completed(self) -> GuiaHonorarios:
        """A copy with sequencialItem, line totals and valorTotalHonorarios filled where missing."""
        next_free = _sequencer(
            {p.sequencial_item for p in self.procedimentos_realizados if p.sequencial_item}
        )
        procedimentos = []
        for p in self.procedimentos_realizados:
            numero = p.sequencial_item or next_free()
            total = p.valor_total if p.valor_total is not None else p.computed_total()
            procedimentos.append(
                p.model_copy(update={"sequencial_item": numero, "valor_total": total})
            )
        valor = self.valor_total_honorarios
        if valor is None:
            valor = sum((p.valor_total or Decimal(0) for p in procedimentos), Decimal("0.00"))
        return self.model_copy(
            update={"procedimentos_realizados": procedimentos, "valor_total_honorarios": valor}
        )


_ZERO_TOTAL = ValorTotalGuia(valor_total_geral=Decimal("0.00"))

Guia = Annotated[
    GuiaConsulta | GuiaSPSADT | GuiaResumoInternacao | GuiaHonorarios,
    Field(discriminator="tipo_guia"),
]
"""Any guia; ``tipo_guia`` says which: consulta, sp_sadt, resumo_internacao or honorarios."""

GUIA_CLASSES: tuple[type[TissModel], ...] = (
    GuiaConsulta,
    GuiaSPSADT,
    GuiaResumoInternacao,
    GuiaHonorarios,
)

__all__ = [
    "GUIA_CLASSES",
    "BeneficiarioHonorarios",
    "CodigoContratadoLocal",
    "CodigoProfissional",
    "DadosAtendimentoConsulta",
    "DadosAtendimentoSADT",
    "DadosContratadoExecutante",
    "DadosInternacao",
    "DadosInternacaoHonorarios",
    "DadosSaidaInternacao",
    "DadosSolicitacao",
    "DadosSolicitante",
    "Declaracao",
    "Guia",
    "GuiaConsulta",
    "GuiaHonorarios",
    "GuiaResumoInternacao",
    "GuiaSPSADT",
    "LocalContratado",
    "ProcedimentoConsulta",
    "ProcedimentoRealizado",
    "ProfissionalHonorarios",
]
