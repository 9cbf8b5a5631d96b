"""What a lote contains, as the operadora portals show it: identification, guias, período and
totals per category (procedimentos, diárias, taxas e aluguéis, materiais, medicamentos, OPME,
gases medicinais, total geral), plus one line per guia or item for the printed summary.

Everything is computed from the models (:func:`tissbill.xml.reader.read_message`), reusing each
guia's ``completed()`` for line totals and its declared (or implied) totals block.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from tissbill.errors import SourceTypeError
from tissbill.models.common import DESPESA_TOTAL_FIELD, _ProcedimentoExecutadoBase
from tissbill.models.guias import (
    Guia,
    GuiaConsulta,
    GuiaHonorarios,
    GuiaResumoInternacao,
    GuiaSPSADT,
)
from tissbill.models.mensagem import MensagemTISS
from tissbill.spec.kinds import KIND_BY_SLUG, RESUMO_INTERNACAO
from tissbill.xml.reader import read_lote

_ZERO = Decimal("0.00")

CATEGORIES: dict[str, str] = {
    "procedimentos": "Procedimentos",
    "diarias": "Diárias",
    "taxas_alugueis": "Taxas e aluguéis",
    "materiais": "Materiais",
    "medicamentos": "Medicamentos",
    "opme": "OPME",
    "gases_medicinais": "Gases medicinais",
    "total_geral": "Total geral",
}
"""Category key → label, in the order of the portals' totals block."""

# ValorTotalGuia field → category key (the same names without the "valor_" prefix).
_TOTAL_FIELDS = {f"valor_{key}": key for key in CATEGORIES}
# Category of each outra despesa, derived from the field its código feeds in the totals block.
_DESPESA_CATEGORY = {code: _TOTAL_FIELDS[name] for code, name in DESPESA_TOTAL_FIELD.items()}


def atendimento_dates(guia: Guia) -> list[dt.date]:
    """Dates on which the guia's care happened: the consulta's date, or each procedure's and
    despesa's execution date. A guia without items falls back to its billing window."""
    if isinstance(guia, GuiaConsulta):
        return [guia.dados_atendimento.data_atendimento]
    if isinstance(guia, GuiaHonorarios):
        dates = [p.data_execucao for p in guia.procedimentos_realizados]
        window = [guia.dados_internacao.data_inicio_faturamento]
        return dates or [*window, guia.dados_internacao.data_fim_faturamento]
    dates = [p.data_execucao for p in guia.procedimentos_executados]
    dates += [d.servicos_executados.data_execucao for d in guia.outras_despesas]
    if not dates and isinstance(guia, GuiaResumoInternacao):
        internacao = guia.dados_internacao
        return [internacao.data_inicio_faturamento, internacao.data_final_faturamento]
    return dates


def periodo_dates(guia: Guia) -> list[dt.date]:
    """Dates that bound a lote's period on the portals' lote screen: a resumo de internação's
    billing window (dataInicioFaturamento → dataFinalFaturamento), which is what the operadora
    pays for even when the items fall on its last day; the care dates of any other guia."""
    if isinstance(guia, GuiaResumoInternacao):
        internacao = guia.dados_internacao
        return [internacao.data_inicio_faturamento, internacao.data_final_faturamento]
    return atendimento_dates(guia)


def carteira(guia: Guia) -> str:
    """The beneficiário's card number (honorários name the block differently)."""
    if isinstance(guia, GuiaHonorarios):
        return guia.beneficiario.numero_carteira
    return guia.dados_beneficiario.numero_carteira


@dataclass(frozen=True, slots=True)
class ItemLine:
    """One line of the printed summary: a consulta, a procedure or an outra despesa."""

    guia: str
    carteira: str
    data: dt.date
    codigo: str
    descricao: str
    categoria: str
    quantidade: Decimal
    valor: Decimal
    sequencial_item: int | None = None
    codigo_tabela: str | None = None


def _procedure_line(numero: str, card: str, p: _ProcedimentoExecutadoBase) -> ItemLine:
    return ItemLine(
        numero,
        card,
        p.data_execucao,
        p.procedimento.codigo_procedimento,
        p.procedimento.descricao_procedimento,
        "procedimentos",
        Decimal(p.quantidade_executada),
        p.valor_total if p.valor_total is not None else p.computed_total(),
        p.sequencial_item,
        p.procedimento.codigo_tabela,
    )


def item_lines(guia: Guia) -> list[ItemLine]:
    """The guia's lines, with line totals computed where the guia leaves them empty."""
    numero, card = guia.numero_guia_prestador, carteira(guia)
    if isinstance(guia, GuiaConsulta):
        atendimento = guia.dados_atendimento
        procedimento = atendimento.procedimento
        return [
            ItemLine(
                numero,
                card,
                atendimento.data_atendimento,
                procedimento.codigo_procedimento,
                "Consulta",
                "procedimentos",
                Decimal(1),
                procedimento.valor_procedimento,
                codigo_tabela=procedimento.codigo_tabela,
            )
        ]
    if isinstance(guia, GuiaHonorarios):
        done = guia.completed().procedimentos_realizados
        return [_procedure_line(numero, card, p) for p in done]
    full = guia.completed()
    lines = [_procedure_line(numero, card, p) for p in full.procedimentos_executados]
    for despesa in full.outras_despesas:
        servico = despesa.servicos_executados
        valor = servico.valor_total
        lines.append(
            ItemLine(
                numero,
                card,
                servico.data_execucao,
                servico.codigo_procedimento,
                servico.descricao_procedimento,
                _DESPESA_CATEGORY[despesa.codigo_despesa],
                servico.quantidade_executada,
                valor if valor is not None else servico.computed_total(),
                despesa.sequencial_item,
                servico.codigo_tabela,
            )
        )
    return lines


def guia_totals(guia: Guia) -> dict[str, Decimal]:
    """The guia's totals per category (keys of :data:`CATEGORIES`), as the guia declares them;
    computed from the items only where the guia has no totals block."""
    totals = dict.fromkeys(CATEGORIES, _ZERO)
    if isinstance(guia, GuiaSPSADT | GuiaResumoInternacao):
        block = guia.completed().valor_total
        assert block is not None  # completed() always fills the block
        for name, value in block:
            if value is not None:
                totals[_TOTAL_FIELDS[name]] = value
        return totals
    totals["procedimentos"] = totals["total_geral"] = guia.valor_total_geral
    return totals


@dataclass(slots=True)
class LoteSummary:
    """What the portals' lote screen shows about one ``mensagemTISS``."""

    versao: str
    operadora: str
    prestador: str
    numero_lote: str
    sequencial_transacao: str
    data_registro: dt.datetime
    tipo_guia: str
    quantidade_guias: int
    periodo_inicio: dt.date | None
    periodo_fim: dt.date | None
    totais: dict[str, Decimal]
    hash: str
    itens: list[ItemLine] = field(default_factory=list)
    path: str | None = None

    @property
    def tipo_guia_label(self) -> str:
        kind = KIND_BY_SLUG.get(self.tipo_guia)
        return self.tipo_guia if kind is None else kind.label

    @property
    def periodo_label(self) -> str:
        """What the period is: a resumo's billing window, or the dates of the care."""
        if KIND_BY_SLUG.get(self.tipo_guia) is RESUMO_INTERNACAO:
            return "Período de faturamento"
        return "Período dos atendimentos"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: money as strings with 2 places (``"7200.00"``), dates in ISO format.

        The keys are those of ``tissbill validate --format json`` for the same facts (``path``,
        ``version``, ``guia_type`` as a ``tipo_guia`` slug, ``guias``); TISS fields keep their
        snake_case TISS names.
        """
        return {
            "path": self.path,
            "version": self.versao,
            "registro_ans": self.operadora,
            "prestador": self.prestador,
            "numero_lote": self.numero_lote,
            "sequencial_transacao": self.sequencial_transacao,
            "data_registro": self.data_registro.isoformat(),
            "guia_type": self.tipo_guia,
            "guias": self.quantidade_guias,
            "period": {
                "start": self.periodo_inicio.isoformat() if self.periodo_inicio else None,
                "end": self.periodo_fim.isoformat() if self.periodo_fim else None,
            },
            "totals": {key: f"{value:.2f}" for key, value in self.totais.items()},
            "hash": self.hash,
        }


def describe_prestador(message: MensagemTISS) -> str:
    """``"CNPJ 11222333000181"``, ``"CPF ..."`` or ``"código na operadora 00621"``."""
    ident = message.cabecalho.origem.identificacao_prestador
    if ident.cnpj is not None:
        return f"CNPJ {ident.cnpj}"
    if ident.cpf is not None:
        return f"CPF {ident.cpf}"
    return f"código na operadora {ident.codigo_prestador_na_operadora}"


def summarise(message: MensagemTISS, *, path: str | Path | None = None) -> LoteSummary:
    """The :class:`LoteSummary` of ``message``."""
    guias = message.guias
    totals = dict.fromkeys(CATEGORIES, _ZERO)
    dates: list[dt.date] = []
    lines: list[ItemLine] = []
    for guia in guias:
        for key, value in guia_totals(guia).items():
            totals[key] += value
        dates.extend(periodo_dates(guia))
        lines.extend(item_lines(guia))
    transacao = message.cabecalho.identificacao_transacao
    return LoteSummary(
        versao=message.version.value,
        operadora=message.cabecalho.destino.registro_ans,
        prestador=describe_prestador(message),
        numero_lote=message.prestador_para_operadora.lote_guias.numero_lote,
        sequencial_transacao=transacao.sequencial_transacao,
        data_registro=dt.datetime.combine(
            transacao.data_registro_transacao, transacao.hora_registro_transacao
        ),
        tipo_guia=guias[0].tipo_guia,
        quantidade_guias=len(guias),
        periodo_inicio=min(dates, default=None),
        periodo_fim=max(dates, default=None),
        totais=totals,
        hash=message.epilogo.hash,
        itens=lines,
        path=str(path) if path is not None else None,
    )


def summarise_file(path: str | Path) -> LoteSummary:
    """Read a TISS lote file safely and summarise it (raises what ``read_lote`` raises)."""
    if not isinstance(path, str | os.PathLike):
        raise SourceTypeError(
            f"caminho de tipo {type(path).__name__} não aceito; use str ou pathlib.Path."
        )
    return summarise(read_lote(Path(path)), path=path)


__all__ = [
    "CATEGORIES",
    "ItemLine",
    "LoteSummary",
    "atendimento_dates",
    "carteira",
    "guia_totals",
    "item_lines",
    "periodo_dates",
    "summarise",
    "summarise_file",
]
