"""The recurso de glosa builder: the glosas chosen from a demonstrativo in, one ``mensagemTISS``
with ``prestadorParaOperadora/recursoGlosa`` out.

A guia is appealed whole (the glosa codes of the guia, ``recursoGuiaCompleta``) or item by item
(one ``itensGuia`` per glosa code of each item chosen). Every appeal carries the hospital's
justificativa: the item's own, or the guia's when the item has none. A justificativa longer
than the XSD of the version allows is refused with the limit, never cut. valorTotalRecursado is
the exact sum of what is appealed, the epílogo hash is filled in and the message is validated
like ``tissbill validate`` does before it is handed back.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TYPE_CHECKING

from pydantic import Field

from tissbill import spec
from tissbill.errors import RecursoError
from tissbill.models.base import Choice, TissModel
from tissbill.models.common import ContratadoDados, ProcedimentoDados
from tissbill.models.enums import CentroConsumo, GrauParticipacao, ObjetoRecurso, TipoTransacao
from tissbill.models.mensagem import (
    Cabecalho,
    Destino,
    IdentificacaoPrestador,
    IdentificacaoTransacao,
    LoginSenha,
    Origem,
)
from tissbill.models.retornos import (
    EnvioPrestador,
    GuiaRecursoGlosa,
    ItemRecurso,
    MensagemPrestador,
    OpcaoRecurso,
    OpcaoRecursoGuia,
    RecursoGlosa,
    RecursoGuia,
    RecursoGuiaCompleta,
)
from tissbill.models.types import (
    CodigoGlosa,
    Data,
    Numerico12,
    RegistroANS,
    SequencialItem,
    Texto12,
    Texto20,
    Texto70,
    ValorItem,
    ValorTotal,
)
from tissbill.versions import DEFAULT_VERSION, TissVersion
from tissbill.xml.writer import write_hashed

if TYPE_CHECKING:
    from tissbill.schemas import SchemaStore
    from tissbill.validation.findings import Report
    from tissbill.validation.profile import Profile

MAX_GUIAS_POR_RECURSO = 100
"""ANS limit of guias in one recurso (recursoGuia has maxOccurs=100)."""

_GUIA_PATH = "mensagemTISS/prestadorParaOperadora/recursoGlosa/guiaRecursoGlosa"
_OPCAO_GUIA = f"{_GUIA_PATH}/opcaoRecurso/recursoGuia/opcaoRecursoGuia"
_JUSTIFICATIVA_GUIA = f"{_OPCAO_GUIA}/recursoGuiaCompleta/justificativaGuia"
_JUSTIFICATIVA_ITEM = f"{_OPCAO_GUIA}/itensGuia/justificativaItem"


class GlosaRecursada(TissModel):
    """One glosa appealed: its code (tabela 38) and the value asked back."""

    codigo_glosa: CodigoGlosa
    valor_recursado: ValorItem = Field(gt=0)


class ItemRecursado(TissModel):
    """An item of the guia whose glosa(s) are appealed, as the demonstrativo listed it."""

    sequencial_item: SequencialItem
    data_inicio: Data
    """Date the item was performed (dataRealizacao in the demonstrativo)."""
    data_fim: Data | None = None
    procedimento: ProcedimentoDados
    grau_participacao: GrauParticipacao | None = None
    centro_consumo: CentroConsumo | None = None
    """Only from TISS 4.03.00 on."""
    glosas: list[GlosaRecursada] = Field(min_length=1)
    justificativa: str | None = None
    """The hospital's reasons for this item; the guia's justificativa when None."""


class GlosasDaGuia(TissModel):
    """The glosas of a whole guia appealed (recursoGuiaCompleta): their codes and the value asked
    back, which the demonstrativo gives for the guia, not per code."""

    codigos_glosa: list[CodigoGlosa] = Field(min_length=1)
    valor_recursado: ValorTotal = Field(gt=0)


class GuiaRecursada(Choice):
    """A guia appealed: whole (its glosa codes) or item by item (one of)."""

    __choice__ = ("completa", "itens")

    numero_guia_prestador: Texto20
    numero_guia_operadora: Texto20 | None = None
    senha: Texto20 | None = None
    justificativa: str | None = None
    """The hospital's reasons for the guia (and for each item that has none of its own)."""
    completa: GlosasDaGuia | None = None
    """The glosas of the whole guia (recursoGuiaCompleta)."""
    itens: list[ItemRecursado] | None = Field(default=None, min_length=1)
    """The items whose glosas are appealed (itensGuia)."""

    def _choice_label(self) -> str:
        return f"recurso da guia {self.numero_guia_prestador}"

    @property
    def valor_recursado(self) -> Decimal:
        """What is asked back for this guia, summed exactly."""
        if self.completa is not None:
            return self.completa.valor_recursado
        glosas = [g for item in self.itens or () for g in item.glosas]
        return sum((g.valor_recursado for g in glosas), Decimal("0.00"))


class RecursoRequest(TissModel):
    """A recurso de glosa of one protocolo: who, to whom, its numbers and the guias appealed."""

    registro_ans: RegistroANS
    nome_operadora: Texto70
    prestador: IdentificacaoPrestador
    """Who sends the recurso: CNPJ, CPF or code at the operadora (cabeçalho and dadosContratado)."""
    numero_lote: Texto12
    numero_protocolo: Numerico12
    numero_recurso: Texto20
    """numeroGuiaRecGlosaPrestador: the hospital's number of this recurso."""
    sequencial_transacao: Texto12
    versao: TissVersion = DEFAULT_VERSION
    """The operadora's TISS version (the one of the lote and its demonstrativo)."""
    data_registro: dt.datetime | None = None
    """Date and time of the recurso; now (local time) when not given."""
    login_senha_prestador: LoginSenha | None = None
    guias: list[GuiaRecursada] = Field(min_length=1, max_length=MAX_GUIAS_POR_RECURSO)


@dataclass(frozen=True, slots=True)
class RecursoTISS:
    """One built recurso: the message (with hash), its XML bytes and its validation."""

    message: MensagemPrestador
    xml: bytes
    numero_recurso: str
    valor_total_recursado: Decimal
    report: Report | None = None
    """The validation of ``xml`` (None when built with ``validate=False``)."""

    @property
    def hash(self) -> str:
        return self.message.epilogo.hash

    @property
    def filename(self) -> str:
        """``recurso-<número>.xml``, with what a file name cannot hold replaced by ``_``."""
        return f"recurso-{re.sub(r'[^0-9A-Za-z._-]', '_', self.numero_recurso)}.xml"


def build_recurso(
    request: RecursoRequest,
    *,
    encoding: str = "iso-8859-1",
    validate: bool = True,
    profile: Profile | None = None,
    store: SchemaStore | None = None,
) -> RecursoTISS:
    """Write ``request`` as a recurso de glosa in its TISS version (see the module docstring).

    Raises :class:`RecursoError` for a guia or a glosa appealed twice, a missing or too long
    justificativa, and (with ``validate``) for what the XSD or the rules refuse, with the
    findings.
    """
    _check_repeated(request.guias)
    limits = _JustificativaLimits(request.versao)
    total = sum((g.valor_recursado for g in request.guias), Decimal("0.00"))
    when = request.data_registro or dt.datetime.now().replace(microsecond=0)
    message = MensagemPrestador(
        cabecalho=Cabecalho(
            identificacao_transacao=IdentificacaoTransacao(
                tipo_transacao=TipoTransacao.RECURSO_GLOSA,
                sequencial_transacao=request.sequencial_transacao,
                data_registro_transacao=when.date(),
                hora_registro_transacao=when.time().replace(microsecond=0),
            ),
            origem=Origem(identificacao_prestador=request.prestador),
            destino=Destino(registro_ans=request.registro_ans),
            padrao=request.versao,
            login_senha_prestador=request.login_senha_prestador,
        ),
        prestador_para_operadora=EnvioPrestador(
            recurso_glosa=RecursoGlosa(
                guia_recurso_glosa=GuiaRecursoGlosa(
                    registro_ans=request.registro_ans,
                    numero_guia_rec_glosa_prestador=request.numero_recurso,
                    nome_operadora=request.nome_operadora,
                    objeto_recurso=ObjetoRecurso.RECURSO_GUIA,
                    dados_contratado=contratado(request.prestador),
                    numero_lote=request.numero_lote,
                    numero_protocolo=request.numero_protocolo,
                    opcao_recurso=OpcaoRecurso(
                        recurso_guia=[_recurso_guia(g, limits) for g in request.guias]
                    ),
                    valor_total_recursado=total,
                    data_recurso=when.date(),
                )
            )
        ),
    )
    hashed, xml = write_hashed(message, encoding=encoding)
    recurso = RecursoTISS(
        message=hashed, xml=xml, numero_recurso=request.numero_recurso, valor_total_recursado=total
    )
    return _validated(recurso, profile, store) if validate else recurso


def contratado(prestador: IdentificacaoPrestador) -> ContratadoDados:
    """The same prestador as ct_contratadoDados (dadosContratado of the recurso)."""
    return ContratadoDados(
        codigo_prestador_na_operadora=prestador.codigo_prestador_na_operadora,
        cpf_contratado=prestador.cpf,
        cnpj_contratado=prestador.cnpj,
    )


class _JustificativaLimits:
    """The maximum length of the justificativa of a guia and of an item in one version's XSD."""

    def __init__(self, version: TissVersion) -> None:
        facts = spec.for_version(version)
        self.version = version
        self.guia = int(facts.element(_JUSTIFICATIVA_GUIA).facets["max_length"])
        self.item = int(facts.element(_JUSTIFICATIVA_ITEM).facets["max_length"])

    def checked(self, text: str | None, limit: int, where: str) -> str:
        """``text`` as given, or :class:`RecursoError` when it is missing, blank or too long."""
        if text is None or not text.strip():
            raise RecursoError(f"{where}: informe a justificativa do recurso")
        if len(text) > limit:
            raise RecursoError(
                f"{where}: a justificativa tem {len(text)} caracteres; o máximo na versão TISS "
                f"{self.version.value} é {limit}. Resuma o texto (nada é cortado automaticamente)"
            )
        return text


def _recurso_guia(guia: GuiaRecursada, limits: _JustificativaLimits) -> RecursoGuia:
    where = f"guia {guia.numero_guia_prestador}"
    if guia.completa is not None:
        justificativa = limits.checked(guia.justificativa, limits.guia, where)
        opcao = OpcaoRecursoGuia(
            recurso_guia_completa=[
                RecursoGuiaCompleta(cod_glosa_guia=code, justificativa_guia=justificativa)
                for code in guia.completa.codigos_glosa
            ]
        )
    else:
        opcao = OpcaoRecursoGuia(itens_guia=list(_itens(guia, limits)))
    return RecursoGuia(
        numero_guia_origem=guia.numero_guia_prestador,
        numero_guia_operadora=guia.numero_guia_operadora,
        senha=guia.senha,
        opcao_recurso_guia=opcao,
    )


def _itens(guia: GuiaRecursada, limits: _JustificativaLimits) -> Iterator[ItemRecurso]:
    for item in guia.itens or ():
        where = f"guia {guia.numero_guia_prestador}, item {item.sequencial_item}"
        justificativa = limits.checked(item.justificativa or guia.justificativa, limits.item, where)
        for glosa in item.glosas:
            yield ItemRecurso(
                sequencial_item=item.sequencial_item,
                data_inicio=item.data_inicio,
                data_fim=item.data_fim,
                proc_recurso=item.procedimento,
                grau_participacao=item.grau_participacao,
                centro_consumo=item.centro_consumo,
                cod_glosa_item=glosa.codigo_glosa,
                valor_recursado=glosa.valor_recursado,
                justificativa_item=justificativa,
            )


def _check_repeated(guias: list[GuiaRecursada]) -> None:
    """A guia, or a glosa of one, appealed twice in the same recurso is asked back twice."""
    numeros = Counter(g.numero_guia_prestador for g in guias)
    repeated = sorted(numero for numero, n in numeros.items() if n > 1)
    if repeated:
        raise RecursoError("guia repetida no recurso: " + ", ".join(repeated))
    for guia in guias:
        keys = Counter(
            (item.sequencial_item, g.codigo_glosa) for item in guia.itens or () for g in item.glosas
        )
        if guia.completa is not None:
            keys.update((0, code) for code in guia.completa.codigos_glosa)
        twice = [
            f"item {seq}, glosa {code}" if seq else f"glosa {code}"
            for (seq, code), n in sorted(keys.items())
            if n > 1
        ]
        if twice:
            raise RecursoError(
                f"guia {guia.numero_guia_prestador}: glosa contestada mais de uma vez: "
                + "; ".join(twice)
            )


def _validated(
    recurso: RecursoTISS, profile: Profile | None, store: SchemaStore | None
) -> RecursoTISS:
    # Deferred for start-up time: the validation pipeline loads every rule module.
    from tissbill.validation.api import validate
    from tissbill.validation.profile import STRICT_PROFILE

    report = validate(recurso.xml, profile=profile or STRICT_PROFILE, store=store)
    report.path = recurso.filename
    if not report.valid:
        lines = [f"{f.message} [{f.code}]" for f in report.errors]
        raise RecursoError(
            f"{recurso.filename}: recurso com erros de validação:\n  " + "\n  ".join(lines),
            findings=report.errors,
        )
    return replace(recurso, report=report)
