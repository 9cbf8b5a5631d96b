"""Builds each guia type with snake_case keywords, as a hospital developer writes it.

Checked by ``mypy --strict`` without the pydantic plugin and by ``pyright`` (see
``test_typing.py``): the constructor signature every checker and IDE sees is the snake_case
one. It also runs, so the keywords are the ones the models accept.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from tissbill.billing.builder import LoteSettings, LoteTISS, build_lotes
from tissbill.models import (
    UF,
    AutorizacaoInternacao,
    Beneficiario,
    BeneficiarioHonorarios,
    CabecalhoGuia,
    CabecalhoGuiaSADT,
    CaraterAtendimento,
    CodigoContratadoLocal,
    CodigoDespesa,
    CodigoProfissional,
    ConselhoProfissional,
    ContratadoDados,
    ContratadoExecutanteConsulta,
    DadosAtendimentoConsulta,
    DadosAtendimentoSADT,
    DadosContratadoExecutante,
    DadosExecutante,
    DadosInternacao,
    DadosInternacaoHonorarios,
    DadosSaidaInternacao,
    DadosSolicitacao,
    DadosSolicitante,
    Despesa,
    GrauParticipacao,
    Guia,
    GuiaConsulta,
    GuiaHonorarios,
    GuiaResumoInternacao,
    GuiaSPSADT,
    IdentificacaoPrestador,
    LocalContratado,
    MotivoEncerramento,
    ProcedimentoConsulta,
    ProcedimentoDados,
    ProcedimentoExecutadoSADT,
    ProcedimentoRealizado,
    Profissional,
    ProfissionalHonorarios,
    RegimeInternacao,
    ServicosExecutados,
    Tabela,
    TipoAtendimento,
    TipoConsulta,
    TipoFaturamento,
    TipoInternacao,
    UnidadeMedida,
)

DIA = dt.date(2025, 1, 29)
CONTRATADO = ContratadoDados(codigo_prestador_na_operadora="00621")
PROFISSIONAL = Profissional(
    nome_profissional="Ana Souza",
    conselho_profissional=ConselhoProfissional.CRM,
    numero_conselho_profissional="23456",
    uf=UF.RS,
    cbos="225125",
)


def consulta() -> GuiaConsulta:
    return GuiaConsulta(
        cabecalho_consulta=CabecalhoGuia(registro_ans="331988", numero_guia_prestador="C1"),
        dados_beneficiario=Beneficiario(numero_carteira="002265901"),
        contratado_executante=ContratadoExecutanteConsulta(
            codigo_prestador_na_operadora="00621", cnes="2223345"
        ),
        profissional_executante=PROFISSIONAL,
        dados_atendimento=DadosAtendimentoConsulta(
            data_atendimento=DIA,
            tipo_consulta=TipoConsulta.PRIMEIRA,
            procedimento=ProcedimentoConsulta(
                codigo_procedimento="10101012", valor_procedimento=Decimal("93.00")
            ),
        ),
    )


def sp_sadt() -> GuiaSPSADT:
    return GuiaSPSADT(
        cabecalho_guia=CabecalhoGuiaSADT(registro_ans="331988", numero_guia_prestador="S1"),
        dados_beneficiario=Beneficiario(numero_carteira="002265901"),
        dados_solicitante=DadosSolicitante(
            contratado_solicitante=CONTRATADO,
            nome_contratado_solicitante="Clínica Exemplo",
            profissional_solicitante=PROFISSIONAL,
        ),
        dados_solicitacao=DadosSolicitacao(carater_atendimento=CaraterAtendimento.ELETIVO),
        dados_executante=DadosExecutante(contratado_executante=CONTRATADO, cnes="2223345"),
        dados_atendimento=DadosAtendimentoSADT(tipo_atendimento=TipoAtendimento.EXAME),
        procedimentos_executados=[
            ProcedimentoExecutadoSADT(
                data_execucao=DIA,
                procedimento=ProcedimentoDados(
                    codigo_procedimento="40302040", descricao_procedimento="Hemograma"
                ),
                quantidade_executada=1,
                valor_unitario=Decimal("12.50"),
            )
        ],
    )


def resumo_internacao() -> GuiaResumoInternacao:
    return GuiaResumoInternacao(
        cabecalho_guia=CabecalhoGuia(registro_ans="331988", numero_guia_prestador="R1"),
        numero_guia_solicitacao_internacao="19083103",
        dados_autorizacao=AutorizacaoInternacao(
            data_autorizacao=dt.date(2024, 10, 7), senha="229081436"
        ),
        dados_beneficiario=Beneficiario(numero_carteira="0150148203"),
        dados_executante=DadosExecutante(contratado_executante=CONTRATADO, cnes="3340903"),
        dados_internacao=DadosInternacao(
            carater_atendimento=CaraterAtendimento.ELETIVO,
            tipo_faturamento=TipoFaturamento.TOTAL,
            data_inicio_faturamento=dt.date(2024, 10, 8),
            hora_inicio_faturamento=dt.time(0, 0),
            data_final_faturamento=DIA,
            hora_final_faturamento=dt.time(16, 44, 22),
            tipo_internacao=TipoInternacao.CIRURGICA,
            regime_internacao=RegimeInternacao.HOSPITALAR,
        ),
        dados_saida_internacao=DadosSaidaInternacao(
            motivo_encerramento=MotivoEncerramento.ALTA_CURADO
        ),
        outras_despesas=[
            Despesa(
                codigo_despesa=CodigoDespesa.OPME,
                servicos_executados=ServicosExecutados(
                    data_execucao=DIA,
                    codigo_tabela=Tabela.TUSS_MATERIAIS_OPME,
                    codigo_procedimento="74760220",
                    quantidade_executada=Decimal(4),
                    unidade_medida=UnidadeMedida.UNIDADE,
                    valor_unitario=Decimal("1800.00"),
                    descricao_procedimento="CÂNULA",
                ),
            )
        ],
    )


def honorarios() -> GuiaHonorarios:
    return GuiaHonorarios(
        cabecalho_guia=CabecalhoGuia(registro_ans="331988", numero_guia_prestador="H1"),
        guia_solic_internacao="19083103",
        beneficiario=BeneficiarioHonorarios(numero_carteira="0150148203"),
        local_contratado=LocalContratado(
            codigo_contratado=CodigoContratadoLocal(codigo_na_operadora="00777"),
            nome_contratado="Hospital Exemplo",
            cnes="3340903",
        ),
        dados_contratado_executante=DadosContratadoExecutante(
            codigona_operadora="00621", cnes_contratado_executante="2223345"
        ),
        dados_internacao=DadosInternacaoHonorarios(
            data_inicio_faturamento=dt.date(2024, 10, 8),
            data_fim_faturamento=DIA,
            carater_atendimento=CaraterAtendimento.ELETIVO,
        ),
        procedimentos_realizados=[
            ProcedimentoRealizado(
                data_execucao=DIA,
                procedimento=ProcedimentoDados(
                    codigo_procedimento="31009166", descricao_procedimento="Cirurgia"
                ),
                quantidade_executada=1,
                valor_unitario=Decimal("950.00"),
                profissionais=[
                    ProfissionalHonorarios(
                        grau_participacao=GrauParticipacao.CIRURGIAO,
                        cod_profissional=CodigoProfissional(cpf_contratado="52998224725"),
                        nome_profissional="Ana Souza",
                        conselho_profissional=ConselhoProfissional.CRM,
                        numero_conselho_profissional="23456",
                        uf=UF.RS,
                        cbo="225125",
                    )
                ],
            )
        ],
        data_emissao_guia=DIA,
    )


def build_all() -> list[LoteTISS]:
    """One lote per guia type, written but not validated (the test validates the XSD)."""
    settings = LoteSettings(
        prestador=IdentificacaoPrestador(codigo_prestador_na_operadora="00621"),
        numero_lote_inicial=1,
        data_registro=dt.datetime(2025, 2, 5, 10, 0),
    )
    guias: list[Guia] = [consulta(), sp_sadt(), resumo_internacao(), honorarios()]
    return build_lotes(guias, settings, validate=False)
