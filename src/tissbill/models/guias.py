"""The four guias a prestador bills in a lote: consulta, SP/SADT, resumo de internação and
honorários (``ctm_*Guia`` types of the TISS XSD)."""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal, Self

from pydantic import Field

from tissbill.models.base import Choice, TissModel
from tissbill.models.common import (
    DESPESA_TOTAL_FIELD,
    AutorizacaoInternacao,
    AutorizacaoSADT,
    CabecalhoGuia,
    CabecalhoGuiaField,
    CabecalhoGuiaSADT,
    CodigoProfissional,
    CodProfissionalField,
    ContratadoDados,
    ContratadoExecutanteConsulta,
    DadosBeneficiarioField,
    DadosExecutanteField,
    Despesa,
    OutrasDespesasField,
    ProcedimentoExecutadoInternacao,
    ProcedimentoExecutadoSADT,
    Profissional,
    ValorTotalGuia,
    ValorTotalGuiaOptional,
    _ProcedimentoExecutadoBase,
)
from tissbill.models.enums import (
    CoberturaEspecial,
    IndicadorAcidente,
    MotivoEncerramento,
    MotivoSaidaObito,
    RegimeAtendimento,
    RegimeInternacao,
    SimNao,
    Tabela,
    TipoAtendimento,
    TipoConsulta,
    TipoFaturamento,
    TipoInternacao,
)
from tissbill.models.fields import (
    AtendimentoRNField,
    AusenciaCodValidacaoOptional,
    CaraterAtendimentoField,
    CaraterAtendimentoOptional,
    CodigoProcedimentoField,
    CodigoTabelaField,
    CodValidacaoOptional,
    ConselhoProfissionalField,
    DataInicioFaturamentoField,
    GrauParticipacaoField,
    IndicacaoAcidenteField,
    NumeroCarteiraField,
    NumeroConselhoProfissionalField,
    NumeroGuiaOperadoraOptional,
    ObservacaoOptional,
    RegimeAtendimentoField,
    SaudeOcupacionalOptional,
    SenhaOptional,
    UFField,
    element,
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
    Texto14,
    Texto20,
    Texto70,
    Texto500,
    ValorItem,
    ValorTotal,
)
from tissbill.spec import kinds


class _Guia(TissModel):
    """Base of the four guias. Each declares ``tipo_guia`` with its own value (the
    discriminator of the :data:`Guia` union in JSON/YAML input); it is not a TISS element, so
    it is never written to the XML."""

    __xml_exclude__: ClassVar[frozenset[str]] = frozenset({"tipo_guia"})

    @abstractmethod
    def _cabecalho(self) -> CabecalhoGuia:
        """The cabeçalho of the guia: cabecalhoConsulta in the consulta, cabecalhoGuia in the
        others."""

    @property
    def numero_guia_prestador(self) -> str:
        return self._cabecalho().numero_guia_prestador

    @property
    def registro_ans(self) -> str:
        return self._cabecalho().registro_ans


def _tipo_guia(slug: str) -> Any:
    """The ``tipo_guia`` field of the guia ``slug``: its value by default."""
    return Field(
        default=slug, description="tipo da guia nas entradas JSON/YAML (não é elemento TISS)"
    )


# --- guia de consulta -----------------------------------------------------------------------


class ProcedimentoConsulta(TissModel):
    codigo_tabela: CodigoTabelaField = Tabela.TUSS_PROCEDIMENTOS
    codigo_procedimento: CodigoProcedimentoField
    valor_procedimento: Annotated[ValorItem, element("valorProcedimento", "valor do procedimento")]


class DadosAtendimentoConsulta(TissModel):
    """ctm_consultaAtendimento."""

    cobertura_especial: Annotated[
        CoberturaEspecial | None, element("coberturaEspecial", "cobertura especial")
    ] = None
    regime_atendimento: RegimeAtendimentoField = RegimeAtendimento.AMBULATORIAL
    saude_ocupacional: SaudeOcupacionalOptional = None
    data_atendimento: Annotated[Data, element("dataAtendimento", "data do atendimento")]
    tipo_consulta: Annotated[TipoConsulta, element("tipoConsulta", "tipo de consulta")]
    procedimento: Annotated[ProcedimentoConsulta, element("procedimento", "procedimento realizado")]


class GuiaConsulta(_Guia):
    """Guia de consulta (ctm_consultaGuia)."""

    __tiss_element__: ClassVar[str] = kinds.CONSULTA.element

    tipo_guia: Literal["consulta"] = _tipo_guia("consulta")
    cabecalho_consulta: Annotated[
        CabecalhoGuia, element("cabecalhoConsulta", "cabeçalho da guia de consulta")
    ]
    numero_guia_operadora: NumeroGuiaOperadoraOptional = None
    ausencia_cod_validacao: AusenciaCodValidacaoOptional = None
    cod_validacao: CodValidacaoOptional = None
    dados_beneficiario: DadosBeneficiarioField
    contratado_executante: Annotated[
        ContratadoExecutanteConsulta, element("contratadoExecutante", "contratado executante")
    ]
    profissional_executante: Annotated[
        Profissional, element("profissionalExecutante", "profissional executante")
    ]
    indicacao_acidente: IndicacaoAcidenteField = IndicadorAcidente.NAO_ACIDENTE
    dados_atendimento: Annotated[
        DadosAtendimentoConsulta, element("dadosAtendimento", "dados do atendimento")
    ]
    observacao: ObservacaoOptional = None

    def _cabecalho(self) -> CabecalhoGuia:
        return self.cabecalho_consulta

    @property
    def valor_total_geral(self) -> Decimal:
        return self.dados_atendimento.procedimento.valor_procedimento

    def completed(self) -> GuiaConsulta:
        """A guia de consulta has nothing to compute; returned as is."""
        return self


# --- guia SP/SADT ---------------------------------------------------------------------------


class DadosSolicitante(TissModel):
    contratado_solicitante: Annotated[
        ContratadoDados, element("contratadoSolicitante", "contratado solicitante")
    ]
    nome_contratado_solicitante: Annotated[
        Texto70, element("nomeContratadoSolicitante", "nome do contratado solicitante")
    ]
    profissional_solicitante: Annotated[
        Profissional, element("profissionalSolicitante", "profissional solicitante")
    ]


class DadosSolicitacao(TissModel):
    data_solicitacao: Annotated[Data | None, element("dataSolicitacao", "data da solicitação")] = (
        None
    )
    carater_atendimento: CaraterAtendimentoField
    indicacao_clinica: Annotated[
        Texto500 | None, element("indicacaoClinica", "indicação clínica")
    ] = None
    ind_cob_especial: Annotated[
        CoberturaEspecial | None, element("indCobEspecial", "indicador de cobertura especial")
    ] = None


class DadosAtendimentoSADT(TissModel):
    """ctm_sp-sadtAtendimento."""

    tipo_atendimento: Annotated[TipoAtendimento, element("tipoAtendimento", "tipo de atendimento")]
    indicacao_acidente: IndicacaoAcidenteField = IndicadorAcidente.NAO_ACIDENTE
    tipo_consulta: Annotated[TipoConsulta | None, element("tipoConsulta", "tipo de consulta")] = (
        None
    )
    motivo_encerramento: Annotated[
        MotivoSaidaObito | None,
        element("motivoEncerramento", "motivo de encerramento do atendimento"),
    ] = None
    regime_atendimento: RegimeAtendimentoField = RegimeAtendimento.AMBULATORIAL
    saude_ocupacional: SaudeOcupacionalOptional = None


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


class _GuiaComDespesas(_Guia):
    """Behaviour shared by SP/SADT and resumo de internação: numbering and totals."""

    if TYPE_CHECKING:
        # Declared by each subclass in its XSD position; here only for the type checker.
        cabecalho_guia: CabecalhoGuia
        procedimentos_executados: Sequence[_ProcedimentoExecutadoBase]
        outras_despesas: list[Despesa]
        valor_total: ValorTotalGuia | None

    def _cabecalho(self) -> CabecalhoGuia:
        return self.cabecalho_guia

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

    __tiss_element__: ClassVar[str] = kinds.SP_SADT.element

    tipo_guia: Literal["sp_sadt"] = _tipo_guia("sp_sadt")
    cabecalho_guia: Annotated[CabecalhoGuiaSADT, element("cabecalhoGuia", "cabeçalho da guia")]
    dados_autorizacao: Annotated[
        AutorizacaoSADT | None, element("dadosAutorizacao", "dados da autorização")
    ] = None
    dados_beneficiario: DadosBeneficiarioField
    dados_solicitante: Annotated[
        DadosSolicitante, element("dadosSolicitante", "dados do solicitante")
    ]
    dados_solicitacao: Annotated[
        DadosSolicitacao, element("dadosSolicitacao", "dados da solicitação")
    ]
    dados_executante: DadosExecutanteField
    dados_atendimento: Annotated[
        DadosAtendimentoSADT, element("dadosAtendimento", "dados do atendimento")
    ]
    procedimentos_executados: Annotated[
        list[ProcedimentoExecutadoSADT],
        Items("procedimentoExecutado"),
        element("procedimentosExecutados", "procedimentos executados"),
    ] = Field(default_factory=list)
    outras_despesas: OutrasDespesasField = Field(default_factory=list)
    observacao: ObservacaoOptional = None
    valor_total: ValorTotalGuiaOptional = None


# --- resumo de internação -------------------------------------------------------------------


class Declaracao(TissModel):
    """One entry of ``declaracoes``: declaração de nascido vivo and/or de óbito."""

    declaracao_nascido: Annotated[
        DeclaracaoNascidoObito | None,
        element("declaracaoNascido", "número da declaração de nascido vivo"),
    ] = None
    diagnostico_obito: Annotated[
        CID | None, element("diagnosticoObito", "CID do diagnóstico de óbito")
    ] = None
    declaracao_obito: Annotated[
        DeclaracaoNascidoObito | None, element("declaracaoObito", "número da declaração de óbito")
    ] = None
    indicador_dorn: Annotated[
        SimNao | None,
        element("indicadorDORN", "indicador de declaração de óbito de recém-nato (S/N)"),
    ] = None


class DadosInternacao(TissModel):
    """ctm_internacaoDados: caráter, tipo de faturamento and the billing window."""

    carater_atendimento: CaraterAtendimentoField
    tipo_faturamento: Annotated[
        TipoFaturamento,
        element("tipoFaturamento", "tipo de faturamento: parcial, final, complementar ou total"),
    ]
    data_inicio_faturamento: DataInicioFaturamentoField
    hora_inicio_faturamento: Annotated[
        Hora, element("horaInicioFaturamento", "hora de início do período faturado")
    ]
    data_final_faturamento: Annotated[
        Data, element("dataFinalFaturamento", "data final do período faturado")
    ]
    hora_final_faturamento: Annotated[
        Hora, element("horaFinalFaturamento", "hora final do período faturado")
    ]
    tipo_internacao: Annotated[TipoInternacao, element("tipoInternacao", "tipo de internação")]
    regime_internacao: Annotated[
        RegimeInternacao, element("regimeInternacao", "regime de internação")
    ]
    declaracoes: Annotated[
        list[Declaracao], element("declaracoes", "declarações de nascido vivo e de óbito (até 8)")
    ] = Field(default_factory=list, max_length=8)


class DadosSaidaInternacao(TissModel):
    """ctm_internacaoDadosSaida."""

    diagnostico: Annotated[list[CID], element("diagnostico", "CIDs do diagnóstico (até 4)")] = (
        Field(default_factory=list, max_length=4)
    )
    indicador_acidente: Annotated[
        IndicadorAcidente, element("indicadorAcidente", "indicação de acidente")
    ] = IndicadorAcidente.NAO_ACIDENTE
    motivo_encerramento: Annotated[
        MotivoEncerramento, element("motivoEncerramento", "motivo de encerramento do atendimento")
    ]


class GuiaResumoInternacao(_GuiaComDespesas):
    """Resumo de internação (ctm_internacaoResumoGuia)."""

    __tiss_element__: ClassVar[str] = kinds.RESUMO_INTERNACAO.element

    tipo_guia: Literal["resumo_internacao"] = _tipo_guia("resumo_internacao")
    cabecalho_guia: CabecalhoGuiaField
    numero_guia_solicitacao_internacao: Annotated[
        Texto20,
        element("numeroGuiaSolicitacaoInternacao", "número da guia de solicitação de internação"),
    ]
    dados_autorizacao: Annotated[
        AutorizacaoInternacao, element("dadosAutorizacao", "dados da autorização")
    ]
    dados_beneficiario: DadosBeneficiarioField
    dados_executante: DadosExecutanteField
    dados_internacao: Annotated[DadosInternacao, element("dadosInternacao", "dados da internação")]
    dados_saida_internacao: Annotated[
        DadosSaidaInternacao, element("dadosSaidaInternacao", "dados da saída da internação")
    ]
    procedimentos_executados: Annotated[
        list[ProcedimentoExecutadoInternacao],
        Items("procedimentoExecutado"),
        element("procedimentosExecutados", "procedimentos executados"),
    ] = Field(default_factory=list)
    valor_total: ValorTotalGuiaOptional = None
    outras_despesas: OutrasDespesasField = Field(default_factory=list)
    observacao: ObservacaoOptional = None


# --- guia de honorários ---------------------------------------------------------------------


class BeneficiarioHonorarios(TissModel):
    numero_carteira: NumeroCarteiraField
    atendimento_rn: AtendimentoRNField = SimNao.NAO


class CodigoContratadoLocal(Choice):
    """codigoContratado of the local de execução: code at the operadora or CNPJ (one of)."""

    __choice__ = ("codigo_na_operadora", "cnpj_local_executante")
    __choice_label__ = "codigoContratado"

    codigo_na_operadora: Annotated[
        Texto14 | None, element("codigoNaOperadora", "código do local de execução na operadora")
    ] = None
    cnpj_local_executante: Annotated[
        CNPJ | None, element("cnpjLocalExecutante", "CNPJ do local de execução")
    ] = None


class LocalContratado(TissModel):
    """Hospital/clinic where the procedures were done."""

    codigo_contratado: Annotated[
        CodigoContratadoLocal, element("codigoContratado", "local: código na operadora ou CNPJ")
    ]
    nome_contratado: Annotated[
        Texto70, element("nomeContratado", "nome do contratado (local de execução)")
    ]
    cnes: Annotated[CNES, element("cnes", "código CNES do estabelecimento (7 dígitos)")]


class DadosContratadoExecutante(TissModel):
    """The professional or team billing the honorários, by its code at the operadora."""

    codigona_operadora: Annotated[
        Texto14, element("codigonaOperadora", "código do contratado na operadora")
    ]
    cnes_contratado_executante: Annotated[
        CNES, element("cnesContratadoExecutante", "CNES do contratado executante")
    ]


class DadosInternacaoHonorarios(TissModel):
    data_inicio_faturamento: DataInicioFaturamentoField
    data_fim_faturamento: Annotated[
        Data, element("dataFimFaturamento", "data final do período faturado")
    ]
    carater_atendimento: CaraterAtendimentoOptional = None
    """Mandatory or absent depending on the version (tissbill.spec): the writer checks it."""


class ProfissionalHonorarios(TissModel):
    """A professional of an honorários procedure (``profissionais``)."""

    grau_participacao: GrauParticipacaoField
    cod_profissional: CodProfissionalField
    nome_profissional: Annotated[Texto70, element("nomeProfissional", "nome do profissional")]
    conselho_profissional: ConselhoProfissionalField
    numero_conselho_profissional: NumeroConselhoProfissionalField
    uf: UFField
    cbo: Annotated[CBOS, element("CBO", "CBO-S do profissional (6 dígitos)")]


class ProcedimentoRealizado(_ProcedimentoExecutadoBase):
    """ct_procedimentoExecutadoHonorIndiv."""

    profissionais: Annotated[
        list[ProfissionalHonorarios],
        element("profissionais", "profissionais que participaram do procedimento"),
    ] = Field(min_length=1)


class GuiaHonorarios(_Guia):
    """Guia de honorários (ctm_honorarioIndividualGuia)."""

    __tiss_element__: ClassVar[str] = kinds.HONORARIOS.element

    tipo_guia: Literal["honorarios"] = _tipo_guia("honorarios")
    cabecalho_guia: CabecalhoGuiaField
    guia_solic_internacao: Annotated[
        Texto20, element("guiaSolicInternacao", "número da guia de solicitação de internação")
    ]
    senha: SenhaOptional = None
    numero_guia_operadora: NumeroGuiaOperadoraOptional = None
    beneficiario: Annotated[
        BeneficiarioHonorarios, element("beneficiario", "dados do beneficiário")
    ]
    local_contratado: Annotated[
        LocalContratado, element("localContratado", "local de execução (hospital ou clínica)")
    ]
    dados_contratado_executante: Annotated[
        DadosContratadoExecutante,
        element("dadosContratadoExecutante", "contratado executante dos honorários"),
    ]
    dados_internacao: Annotated[
        DadosInternacaoHonorarios, element("dadosInternacao", "dados da internação")
    ]
    procedimentos_realizados: Annotated[
        list[ProcedimentoRealizado],
        Items("procedimentoRealizado"),
        element("procedimentosRealizados", "procedimentos realizados"),
    ] = Field(min_length=1)
    observacao: ObservacaoOptional = None
    valor_total_honorarios: Annotated[
        ValorTotal | None, element("valorTotalHonorarios", "valor total dos honorários")
    ] = None
    data_emissao_guia: Annotated[Data, element("dataEmissaoGuia", "data de emissão da guia")]

    def _cabecalho(self) -> CabecalhoGuia:
        return self.cabecalho_guia

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
