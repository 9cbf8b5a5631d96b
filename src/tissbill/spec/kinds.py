"""The guia kinds of a loteGuias: the one table the models, XML, validation and application
layers read instead of naming guia elements themselves.

It imports nothing of tissbill, so every layer can read it without an import cycle. A test
checks every element and path here against the generated facts of every TISS version, and that
every alternative of ``guiasTISS`` has a row.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class GuiaKind:
    """One alternative of ``guiasTISS``; paths are relative to the guia element."""

    element: str
    """The guia's element name, e.g. ``guiaSP-SADT`` (``GuiaContext.kind``)."""
    slug: str
    """``tipo_guia`` in JSON/YAML/CSV input, the ledger and file names, e.g. ``sp_sadt``."""
    label: str
    """Short Portuguese name, e.g. ``SP/SADT`` (reports, resumo)."""
    guia_label: str
    """The guia named in a sentence, e.g. ``guia de SP/SADT``."""
    cabecalho: str | None = "cabecalhoGuia"
    """The header holding numeroGuiaPrestador; None when it sits on the guia itself."""
    beneficiario: str = "dadosBeneficiario"
    """The block identifying the beneficiário."""
    procedimentos: str | None = None
    """The item path of the billed procedures; None for guias without items we check."""
    despesas: str | None = None
    """The item path of the outras despesas; None when the guia has none."""
    totals: str | None = None
    """The guia's totals: the ct_guiaValorTotal block or the single total field."""
    fim_atendimento: str | None = None
    """The date that closes the care or billing window of the guia, beyond the items' dates."""
    rule_group: str | None = None
    """Code prefix of the rules about this kind only (``SADT`` for SADT-*): they are called for
    guias of this kind only, unless they declare other ``guia_types``."""
    model: str | None = None
    """Name of the :mod:`tissbill.models` class built for it (None: read and validated only)."""

    @property
    def itemized(self) -> bool:
        """Whether the guia bills procedure/despesa items (consulta has a single procedure)."""
        return self.procedimentos is not None


_EXECUTADOS = "procedimentosExecutados/procedimentoExecutado"
_VALOR_TOTAL = "valorTotal"
_ITENS_E_TOTAIS = {
    "procedimentos": _EXECUTADOS, "despesas": "outrasDespesas/despesa", "totals": _VALOR_TOTAL,
}  # fmt: skip
"""Resumo and SP/SADT: procedures, outras despesas and the ct_guiaValorTotal block."""

# fmt: off
CONSULTA = GuiaKind(
    "guiaConsulta", "consulta", "Consulta", "guia de consulta", cabecalho="cabecalhoConsulta",
    fim_atendimento="dadosAtendimento/dataAtendimento", rule_group="CON", model="GuiaConsulta",
)
SP_SADT = GuiaKind(
    "guiaSP-SADT", "sp_sadt", "SP/SADT", "guia de SP/SADT", **_ITENS_E_TOTAIS,
    rule_group="SADT", model="GuiaSPSADT",
)
RESUMO_INTERNACAO = GuiaKind(
    "guiaResumoInternacao", "resumo_internacao", "Resumo de Internação",
    "guia de resumo de internação", **_ITENS_E_TOTAIS,
    fim_atendimento="dadosInternacao/dataFinalFaturamento", rule_group="RI",
    model="GuiaResumoInternacao",
)
HONORARIOS = GuiaKind(
    "guiaHonorarios", "honorarios", "Honorários", "guia de honorários",
    beneficiario="beneficiario", procedimentos="procedimentosRealizados/procedimentoRealizado",
    totals="valorTotalHonorarios", fim_atendimento="dadosInternacao/dataFimFaturamento",
    rule_group="HON", model="GuiaHonorarios",
)
ODONTO = GuiaKind("guiaOdonto", "odonto", "Odontologia", "guia odontológica", cabecalho=None)
# fmt: on

GUIA_KINDS: tuple[GuiaKind, ...] = (CONSULTA, SP_SADT, RESUMO_INTERNACAO, HONORARIOS, ODONTO)
"""Every guia kind (the order of the messages that list them)."""

KIND_BY_ELEMENT: dict[str, GuiaKind] = {kind.element: kind for kind in GUIA_KINDS}
KIND_BY_SLUG: dict[str, GuiaKind] = {kind.slug: kind for kind in GUIA_KINDS}
BUILT_KINDS: tuple[GuiaKind, ...] = tuple(kind for kind in GUIA_KINDS if kind.model)
"""The kinds tissbill builds from input data (those with a model)."""
ITEMIZED_KINDS: tuple[GuiaKind, ...] = tuple(kind for kind in GUIA_KINDS if kind.itemized)
"""The kinds with procedure/despesa items."""
WITH_TOTAL_BLOCK: tuple[GuiaKind, ...] = tuple(k for k in GUIA_KINDS if k.totals == _VALOR_TOTAL)
"""The kinds with the ct_guiaValorTotal block (one total per category of item)."""


def rule_group_kinds(code: str) -> tuple[GuiaKind, ...] | None:
    """The kinds a rule ``code`` is about by its prefix (``SADT-004`` → SP/SADT), or None."""
    prefix = code.split("-", 1)[0]
    found = tuple(kind for kind in GUIA_KINDS if kind.rule_group == prefix)
    return found or None


def slugs_phrase(kinds: tuple[GuiaKind, ...] = BUILT_KINDS) -> str:
    """``consulta, sp_sadt, resumo_internacao ou honorarios``: the ``tipo_guia`` values accepted."""
    slugs = [kind.slug for kind in kinds]
    return ", ".join(slugs[:-1]) + " ou " + slugs[-1] if len(slugs) > 1 else "".join(slugs)
