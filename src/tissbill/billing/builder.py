"""The lote builder: any number of guias in, one ``mensagemTISS`` per lote out.

Guias are grouped by operadora (registro ANS) and guia type — a lote goes to one operadora
and carries one type of guia (Componente Organizacional) — then split into lotes of at most
100 guias (a smaller maximum can be configured, never a larger one). Lotes and transactions
are numbered sequentially, each guia is completed (sequencialItem, line totals, totals block)
and the XML is written once, with the epílogo hash filled in. Every lote is then validated
like ``tissbill validate`` does (official XSD, business rules, hash), so what the XSD or the
rules refuse is never handed back as a finished lote.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TYPE_CHECKING

from pydantic import Field

from tissbill.errors import BuildError
from tissbill.models.base import TissModel
from tissbill.models.guias import (
    Guia,
)
from tissbill.models.mensagem import (
    Cabecalho,
    Destino,
    IdentificacaoPrestador,
    IdentificacaoTransacao,
    LoginSenha,
    LoteGuias,
    MensagemTISS,
    Origem,
    PrestadorParaOperadora,
)
from tissbill.models.types import RegistroANS
from tissbill.spec.kinds import KIND_BY_ELEMENT
from tissbill.versions import DEFAULT_VERSION, TissVersion
from tissbill.xml.writer import write_hashed

if TYPE_CHECKING:
    from tissbill.schemas import SchemaStore
    from tissbill.validation.findings import Report
    from tissbill.validation.history import History
    from tissbill.validation.profile import Profile

MAX_GUIAS_POR_LOTE = 100
"""ANS limit of guias in one loteGuias (each choice of guiasTISS has maxOccurs=100)."""


class LoteSettings(TissModel):
    """How lotes are numbered and addressed; every field has a sensible default but the sender."""

    prestador: IdentificacaoPrestador
    """Who sends the lotes (cabecalho/origem): CNPJ, CPF or code at the operadora."""
    registro_ans: RegistroANS | None = None
    """Operadora of every lote; None groups the guias by the registro ANS in their cabeçalho."""
    versao: TissVersion = DEFAULT_VERSION
    numero_lote_inicial: int = Field(default=1, ge=1)
    sequencial_transacao_inicial: int | None = Field(default=None, ge=1)
    """First sequencialTransacao; by default each lote uses its own número do lote."""
    max_guias: int = Field(default=MAX_GUIAS_POR_LOTE, ge=1, le=MAX_GUIAS_POR_LOTE)
    data_registro: dt.datetime | None = None
    """Date and time of the transaction; now (local time) when not given."""
    login_senha_prestador: LoginSenha | None = None


class LoteRequest(LoteSettings):
    """A whole billing request as written in a JSON/YAML input: settings plus the guias."""

    guias: list[Guia] = Field(min_length=1)

    @property
    def settings(self) -> LoteSettings:
        return LoteSettings.model_validate(self.model_dump(exclude={"guias"}))


@dataclass(frozen=True, slots=True)
class LoteTISS:
    """One built lote: the message (with hash), its XML bytes and a summary."""

    message: MensagemTISS
    xml: bytes
    numero_lote: str
    guia_type: str
    registro_ans: str
    report: Report | None = None
    """The validation of ``xml`` (None when built with ``validate=False``)."""

    @property
    def hash(self) -> str:
        return self.message.epilogo.hash

    @property
    def guias(self) -> Sequence[Guia]:
        return self.message.guias

    @property
    def valor_total(self) -> Decimal:
        """Sum of the guias' totals (valorTotalGeral, valorProcedimento, valorTotalHonorarios)."""
        return sum((g.valor_total_geral for g in self.guias), Decimal("0.00"))

    @property
    def filename(self) -> str:
        """A predictable file name: ``lote-<número>-<tipo>.xml``."""
        return f"lote-{self.numero_lote}-{self.guia_type}.xml"


def group_guias(
    guias: Iterable[Guia], *, registro_ans: str | None, max_guias: int
) -> list[tuple[str, str, list[Guia]]]:
    """Split guias into (registro ANS, guia type, guias) chunks of at most ``max_guias``.

    Groups keep the order in which their first guia appeared; guias keep their input order.
    """
    if not 1 <= max_guias <= MAX_GUIAS_POR_LOTE:
        raise BuildError(
            f"máximo de guias por lote deve estar entre 1 e {MAX_GUIAS_POR_LOTE} "
            f"(limite da ANS); recebido {max_guias}"
        )
    groups: dict[tuple[str, str], list[Guia]] = {}
    for guia in guias:
        operadora = guia.registro_ans
        if registro_ans is not None and operadora != registro_ans:
            raise BuildError(
                f"guia {guia.numero_guia_prestador} é da operadora {operadora}, mas o lote é "
                f"para a operadora {registro_ans}"
            )
        kind = KIND_BY_ELEMENT[guia.__tiss_element__].slug
        groups.setdefault((operadora, kind), []).append(guia)
    chunks = []
    for (operadora, kind), members in groups.items():
        for start in range(0, len(members), max_guias):
            chunks.append((operadora, kind, members[start : start + max_guias]))
    return chunks


def _check_duplicates(guias: Sequence[Guia]) -> None:
    counts = Counter((g.registro_ans, g.numero_guia_prestador) for g in guias)
    repeated = sorted(numero for (_, numero), n in counts.items() if n > 1)
    if repeated:
        raise BuildError(
            "número da guia no prestador repetido (a operadora glosa como guia já apresentada): "
            + ", ".join(repeated)
        )


Numbering = Callable[[str], tuple[str, str]]
"""Operadora → (numeroLote, sequencialTransacao) of its next lote, e.g. from the ledger."""


def build_lotes(
    guias: Iterable[Guia],
    settings: LoteSettings,
    *,
    encoding: str = "iso-8859-1",
    validate: bool = True,
    profile: Profile | None = None,
    store: SchemaStore | None = None,
    history: History | None = None,
    numbering: Numbering | None = None,
) -> list[LoteTISS]:
    """Put ``guias`` into lotes and write each one as TISS XML (see the module docstring).

    ``numbering`` gives each lote its numbers (the ledger's); by default they follow the
    settings' first numbers. With ``validate`` (the default) each lote's bytes are validated as
    ``tissbill validate`` does, with ``profile`` (strict when None), the XSD from ``store`` (the
    default store when None) and the lotes billed before (``history``, the ledger; None: this
    lote only); any error raises :class:`BuildError` with the findings. ``validate=False``
    skips this for a caller that validates the files itself.
    """
    guias = list(guias)
    if not guias:
        raise BuildError("nenhuma guia para faturar")
    _check_duplicates(guias)
    when = settings.data_registro or dt.datetime.now().replace(microsecond=0)
    lotes = []
    chunks = group_guias(guias, registro_ans=settings.registro_ans, max_guias=settings.max_guias)
    for offset, (operadora, kind, members) in enumerate(chunks):
        if numbering is not None:
            numero_lote, sequencial = numbering(operadora)
        else:
            numero_lote = str(settings.numero_lote_inicial + offset)
            sequencial = (
                str(settings.sequencial_transacao_inicial + offset)
                if settings.sequencial_transacao_inicial is not None
                else numero_lote
            )
        message = MensagemTISS(
            cabecalho=Cabecalho(
                identificacao_transacao=IdentificacaoTransacao(
                    sequencial_transacao=sequencial,
                    data_registro_transacao=when.date(),
                    hora_registro_transacao=when.time().replace(microsecond=0),
                ),
                origem=Origem(identificacao_prestador=settings.prestador),
                destino=Destino(registro_ans=operadora),
                padrao=settings.versao,
                login_senha_prestador=settings.login_senha_prestador,
            ),
            prestador_para_operadora=PrestadorParaOperadora(
                lote_guias=LoteGuias(
                    numero_lote=numero_lote, guias_tiss=[g.completed() for g in members]
                )
            ),
        )
        # The guias were completed just above.
        hashed, xml = write_hashed(message, encoding=encoding, complete=False)
        lotes.append(
            LoteTISS(
                message=hashed,
                xml=xml,
                numero_lote=numero_lote,
                guia_type=kind,
                registro_ans=operadora,
            )
        )
    if validate:
        lotes = _validated(lotes, profile, store, history)
    return lotes


def _validated(
    lotes: list[LoteTISS],
    profile: Profile | None,
    store: SchemaStore | None,
    history: History | None,
) -> list[LoteTISS]:
    """The lotes with their reports; :class:`BuildError` when any of them has an error."""
    # Deferred for start-up time: the validation pipeline loads every rule module, and the
    # ledger commands that only need LoteTISS never validate.
    from tissbill.validation.api import validate
    from tissbill.validation.profile import STRICT_PROFILE

    checked = []
    for lote in lotes:
        report = validate(lote.xml, profile=profile or STRICT_PROFILE, store=store, history=history)
        report.path = lote.filename
        checked.append(replace(lote, report=report))
    failed = [lote.report for lote in checked if lote.report is not None and not lote.report.valid]
    if not failed:
        return checked
    errors = [finding for report in failed for finding in report.errors]
    lines = [
        f"{report.path}{f', guia {f.guia}' if f.guia else ''}: {f.message} [{f.code}]"
        for report in failed
        for f in report.errors
    ]
    raise BuildError(
        f"{len(failed)} lote(s) com erros de validação; corrija as guias:\n  " + "\n  ".join(lines),
        findings=errors,
        lotes=checked,
    )
