"""Rules: resumo de internação (RI-*): billing window, tipo de faturamento, saída, declarações.

The resumo carries the billing window and tipo de faturamento in ``dadosInternacao`` and the
exit data in ``dadosSaidaInternacao``. Cross-guia rules (RI-012, RI-014, RI-015) compare the
guias of one lote; without a history of lotes already sent they cannot see earlier guias.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterator
from typing import NamedTuple

from lxml import etree

from tissbill.formatting import day, instant
from tissbill.spec import kinds
from tissbill.validation.context import GuiaContext, MessageContext, findall, stripped
from tissbill.validation.declaration import Hit, Scope, rule
from tissbill.validation.findings import Severity
from tissbill.validation.itens import NO_FIELDS, Fields, Item, children, items, section
from tissbill.validation.rules import historico
from tissbill.xml.elements import local_name

RESUMO = kinds.RESUMO_INTERNACAO.element
HONORARIOS = kinds.HONORARIOS.element

TIPOS_FATURAMENTO = {"1": "Parcial", "2": "Final", "3": "Complementar", "4": "Total"}
"""Tabela 55 (dm_tipoFaturamento)."""

_PERMANENCIA = frozenset({"21", "22", "23", "24", "25", "26", "27", "28"})
_OBSTETRICOS = frozenset({"61", "62", "63", "64", "65", "66", "67"})
_NASCIDO_VIVO = frozenset({"61", "62", "63", "66", "67"})
"""Obstetric exits in which a child was born alive (a declaração de nascido vivo is expected)."""
_ADMINISTRATIVO = "51"
_CID10 = re.compile(r"[A-Z][0-9]{2}[0-9A-Z]?")
_SURGICAL_CODE = re.compile(r"3[0-9]{7}")
"""TUSS/CBHPM chapter 3 (procedimentos cirúrgicos e invasivos) of tabela 22."""


class Janela(NamedTuple):
    """The billing window of a resumo (dataInicio/horaInicio → dataFinal/horaFinal)."""

    inicio: dt.datetime
    fim: dt.datetime

    def __str__(self) -> str:
        return f"{instant(self.inicio)} a {instant(self.fim)}"


def _dados(guia: GuiaContext) -> Fields:
    """dadosInternacao fields of a resumo (none for other guias)."""
    return section(guia, "dadosInternacao") if guia.kind == RESUMO else NO_FIELDS


def _saida(guia: GuiaContext) -> Fields:
    """dadosSaidaInternacao fields of a resumo (none for other guias)."""
    return section(guia, "dadosSaidaInternacao") if guia.kind == RESUMO else NO_FIELDS


def _janela(guia: GuiaContext) -> Janela | None:
    """The resumo's window when all four fields are readable (the XSD reports the others)."""
    dados = _dados(guia)
    d1 = dados.date("dataInicioFaturamento")
    t1 = dados.time("horaInicioFaturamento")
    d2 = dados.date("dataFinalFaturamento")
    t2 = dados.time("horaFinalFaturamento")
    if d1 is None or t1 is None or d2 is None or t2 is None:
        return None
    return Janela(dt.datetime.combine(d1, t1), dt.datetime.combine(d2, t2))


def _dados_element(guia: GuiaContext) -> etree._Element | None:
    """The dadosInternacao element, where window-level findings point."""
    return section(guia, ".").get("dadosInternacao")


def _tipo(guia: GuiaContext) -> str:
    return _dados(guia).text("tipoFaturamento")


def _motivo(guia: GuiaContext) -> str:
    return _saida(guia).text("motivoEncerramento")


def _tipo_label(tipo: str) -> str:
    return f"{tipo} ({TIPOS_FATURAMENTO[tipo]})" if tipo in TIPOS_FATURAMENTO else tipo


def _solicitacao(guia: GuiaContext) -> str:
    """numeroGuiaSolicitacaoInternacao (resumo) or guiaSolicInternacao (honorários)."""
    name = "guiaSolicInternacao" if guia.kind == HONORARIOS else "numeroGuiaSolicitacaoInternacao"
    return section(guia, ".").text(name)


def _is_surgical(item: Item) -> bool:
    """Heuristic: tabela 22 code in the TUSS chapter 3 (the XML has no surgical flag)."""
    return item.tabela == "22" and bool(_SURGICAL_CODE.fullmatch(item.text("codigoProcedimento")))


@rule(
    "RI-001",
    Severity.ERROR,
    title="Tipo de faturamento válido",
    scope=Scope.GUIA,
)
def tipo_faturamento(guia: GuiaContext) -> Iterator[Hit]:
    """O tipo de faturamento é da tabela 55: 1 Parcial, 2 Final, 3 Complementar ou 4 Total.

    O XSD já rejeita outros valores; esta regra explica o domínio.
    """
    element = _dados(guia).get("tipoFaturamento")
    tipo = _tipo(guia)
    if element is not None and tipo not in TIPOS_FATURAMENTO:
        yield Hit(
            element,
            f"Tipo de faturamento '{tipo}' não existe na tabela 55; use 1 (Parcial), 2 (Final), "
            "3 (Complementar) ou 4 (Total).",
        )


@rule(
    "RI-002",
    Severity.ERROR,
    title="Período de faturamento coerente",
    scope=Scope.GUIA,
)
def periodo_faturamento(guia: GuiaContext) -> Iterator[Hit]:
    """O início do faturamento (data e hora) não pode ser posterior ao fim.

    Início e fim no mesmo instante só fazem sentido em internações de um dia: alerta.
    """
    janela = _janela(guia)
    if janela is None:
        return
    final = _dados(guia).get("dataFinalFaturamento")
    if janela.inicio > janela.fim:
        yield Hit(
            final,
            f"Data/hora final do faturamento ({instant(janela.fim)}) é anterior à data/hora "
            f"inicial ({instant(janela.inicio)}).",
        )
    elif janela.inicio == janela.fim:
        yield Hit(
            final,
            f"Data/hora inicial e final do faturamento são iguais ({instant(janela.inicio)}); "
            "confira o período cobrado.",
            Severity.WARNING,
        )


@rule(
    "RI-003",
    Severity.ERROR,
    title="Itens dentro do período de faturamento",
    scope=Scope.GUIA,
)
def itens_no_periodo(guia: GuiaContext) -> Iterator[Hit]:
    """Todo procedimento e despesa do resumo tem data de execução dentro do período faturado.

    Data fora do período é erro (alguns perfis de operadora aceitam exames pré-internação e
    rebaixam para alerta). Na data inicial ou final, quando o item tem horas, elas também são
    comparadas com as horas do período (alerta).
    """
    janela = _janela(guia)
    if janela is None or janela.inicio > janela.fim:
        return  # RI-002 reports the window itself
    inicio, fim = janela.inicio.date(), janela.fim.date()
    for item in items(guia).all:
        data = item.date("dataExecucao")
        if data is None:
            continue
        if not inicio <= data <= fim:
            yield Hit(
                item.get("dataExecucao"),
                f"Data de execução {item.label('de')} é {day(data)}, fora do período de "
                f"faturamento ({janela}).",
            )
            continue
        # An item with one hour only is compared at both bounds with that hour.
        first = "horaInicial" if item.get("horaInicial") is not None else "horaFinal"
        last = "horaFinal" if item.get("horaFinal") is not None else "horaInicial"
        first_time, last_time = item.time(first), item.time(last)
        if data == inicio and first_time is not None and first_time < janela.inicio.time():
            yield Hit(
                item.get(first),
                f"Hora {first_time:%H:%M:%S} {item.label('de')} em {day(data)} é anterior ao "
                f"início do faturamento ({instant(janela.inicio)}).",
                Severity.WARNING,
            )
        if data == fim and last_time is not None and last_time > janela.fim.time():
            yield Hit(
                item.get(last),
                f"Hora {last_time:%H:%M:%S} {item.label('de')} em {day(data)} é posterior ao "
                f"fim do faturamento ({instant(janela.fim)}).",
                Severity.WARNING,
            )


@rule(
    "RI-004",
    Severity.WARNING,
    title="Motivo de encerramento coerente com o tipo de faturamento",
    scope=Scope.GUIA,
)
def motivo_e_tipo(guia: GuiaContext) -> Iterator[Hit]:
    """O motivo de encerramento deve combinar com o tipo de faturamento.

    Parcial: paciente continua internado, motivo de permanência (21 a 28); 51 (encerramento
    administrativo) é só informativo. Final e Total: motivo diferente de permanência.
    Complementar: o mesmo motivo da guia complementada, conferido quando ela está no mesmo lote
    (mesmo número da guia de solicitação de internação). Regra inferida da tabela 39; perfis
    podem torná-la erro.
    """
    element = _saida(guia).get("motivoEncerramento")
    tipo, motivo = _tipo(guia), _motivo(guia)
    if element is None or not motivo:
        return
    if tipo == "1":
        if motivo == _ADMINISTRATIVO:
            yield Hit(
                element,
                "Motivo de encerramento 51 (encerramento administrativo) em faturamento "
                "Parcial: confirme com a operadora se é aceito.",
                Severity.INFO,
            )
        elif motivo not in _PERMANENCIA:
            yield Hit(
                element,
                f"Motivo de encerramento {motivo} indica saída do paciente, mas o tipo de "
                "faturamento é Parcial (paciente ainda internado): use um motivo de permanência "
                "(21 a 28).",
            )
    elif tipo in ("2", "4") and motivo in _PERMANENCIA:
        yield Hit(
            element,
            f"Motivo de encerramento {motivo} é de permanência, mas o tipo de faturamento é "
            f"{_tipo_label(tipo)}: informe o motivo da saída do paciente.",
        )
    elif tipo == "3":
        numero = _solicitacao(guia)
        motivos = {
            _motivo(other)
            for other in guia.message.guias
            if other.kind == RESUMO and _tipo(other) != "3" and _solicitacao(other) == numero
        }
        if motivos and motivo not in motivos:
            yield Hit(
                element,
                f"Motivo de encerramento {motivo} da guia Complementar difere do motivo "
                f"{', '.join(sorted(motivos))} da guia complementada (solicitação {numero}).",
            )


@rule(
    "RI-005",
    Severity.INFO,
    title="Motivo 19 e o comentário 17 do XSD",
    scope=Scope.GUIA,
)
def motivo_19(guia: GuiaContext) -> Iterator[Hit]:
    """Motivo 17 (Alta da puérpera e recém-nascido) só existe em comentário do XSD: não é aceito.

    O código enumerado é 19 (Alta de paciente agudo em psiquiatria, tabela 39), que o XSD não
    descreve; a regra explica o 17 (erro) e identifica o 19 (informativo).
    """
    element = _saida(guia).get("motivoEncerramento")
    motivo = _motivo(guia)
    if motivo == "17":
        yield Hit(
            element,
            "Motivo de encerramento 17 não existe na tabela 39 (consta só em comentário do XSD); "
            "para alta da mãe e do recém-nascido use 61.",
            Severity.ERROR,
        )
    elif motivo == "19":
        yield Hit(
            element,
            "Motivo de encerramento 19 = alta de paciente agudo em psiquiatria (tabela 39); "
            "confira se é esse o motivo da saída.",
        )


@rule(
    "RI-006",
    Severity.WARNING,
    title="Saída obstétrica em internação obstétrica",
    scope=Scope.GUIA,
)
def saida_obstetrica(guia: GuiaContext) -> Iterator[Hit]:
    """Motivos de encerramento obstétricos (61 a 67) exigem tipo de internação 3 (Obstétrica)."""
    motivo = _motivo(guia)
    tipo_internacao = _dados(guia).text("tipoInternacao")
    if motivo in _OBSTETRICOS and tipo_internacao and tipo_internacao != "3":
        yield Hit(
            _dados(guia).get("tipoInternacao"),
            f"Motivo de encerramento {motivo} é obstétrico, mas o tipo de internação é "
            f"{tipo_internacao}; esperado 3 (Obstétrica).",
            ctx={"found": tipo_internacao, "expected": "3"},
        )


class _Declaracao(NamedTuple):
    """One ``declaracoes`` group of a resumo and its fields by name."""

    element: etree._Element
    fields: Fields

    def value(self, name: str) -> str:
        return self.fields.text(name)


def _declaracoes(guia: GuiaContext) -> list[_Declaracao]:
    """The declaracoes groups (0..8) of a resumo."""
    if "declaracoes" not in _dados(guia):
        return []
    dados = _dados_element(guia)
    groups = [] if dados is None else findall(dados, "declaracoes")
    return [_Declaracao(group, Fields(children(group))) for group in groups]


@rule(
    "RI-007",
    Severity.ERROR,
    title="Declaração de óbito no motivo 41",
    scope=Scope.GUIA,
)
def declaracao_obito(guia: GuiaContext) -> Iterator[Hit]:
    """Motivo 41 (óbito com declaração do médico assistente) exige declaração de óbito.

    No motivo 63 (alta da mãe e óbito do recém-nascido) espera-se a declaração de óbito do
    recém-nascido com indicador DO de RN = S (alerta).
    """
    motivo = _motivo(guia)
    if motivo not in ("41", "63"):
        return
    obitos = [d for d in _declaracoes(guia) if d.value("declaracaoObito")]
    element = _saida(guia).get("motivoEncerramento")
    if motivo == "41" and not obitos:
        yield Hit(
            element,
            "Motivo de encerramento 41 (óbito com declaração do médico assistente) exige o "
            "número da declaração de óbito em dados da internação/declarações.",
        )
    elif motivo == "63" and not any(d.value("indicadorDORN") == "S" for d in obitos):
        yield Hit(
            element,
            "Motivo de encerramento 63 (óbito do recém-nascido): informe a declaração de óbito "
            "do recém-nascido com indicador DO de RN = S.",
            Severity.WARNING,
        )


@rule(
    "RI-008",
    Severity.ERROR,
    title="Indicador DO de RN com a declaração de óbito",
    scope=Scope.GUIA,
)
def indicador_dorn(guia: GuiaContext) -> Iterator[Hit]:
    """Cada declaração de óbito vem com o indicador DO de RN (S: recém-nascido, N: paciente).

    Indicador sem declaração de óbito no mesmo grupo de declarações é alerta.
    """
    for declaracao in _declaracoes(guia):
        obito = declaracao.value("declaracaoObito")
        indicador = declaracao.fields.get("indicadorDORN")
        if obito and indicador is None:
            yield Hit(
                declaracao.element,
                f"Declaração de óbito {obito} sem o indicador DO de RN: informe S (óbito do "
                "recém-nascido) ou N (óbito da paciente).",
            )
        elif not obito and indicador is not None:
            yield Hit(
                indicador,
                "Indicador DO de RN informado sem número de declaração de óbito no mesmo grupo.",
                Severity.WARNING,
            )


@rule(
    "RI-009",
    Severity.WARNING,
    title="Declaração de nascido vivo",
    scope=Scope.GUIA,
)
def declaracao_nascido(guia: GuiaContext) -> Iterator[Hit]:
    """Declaração de nascido vivo só em internação obstétrica (tipo 3).

    É esperada quando o motivo de encerramento indica nascimento com vida (61, 62, 63, 66, 67).
    """
    tipo_internacao = _dados(guia).text("tipoInternacao")
    nascidos = [
        element
        for d in _declaracoes(guia)
        if (element := d.fields.get("declaracaoNascido")) is not None
    ]
    if tipo_internacao != "3":
        for element in nascidos:
            yield Hit(
                element,
                f"Declaração de nascido vivo {stripped(element)} em internação do "
                f"tipo {tipo_internacao}; só cabe em internação obstétrica (3).",
            )
    motivo = _motivo(guia)
    if not nascidos and motivo in _NASCIDO_VIVO:
        yield Hit(
            _saida(guia).get("motivoEncerramento"),
            f"Motivo de encerramento {motivo} indica nascimento com vida: informe o número da "
            "declaração de nascido vivo.",
        )


@rule(
    "RI-010",
    Severity.WARNING,
    title="Declarações preenchidas",
    scope=Scope.GUIA,
)
def declaracoes_preenchidas(guia: GuiaContext) -> Iterator[Hit]:
    """Cada grupo de declarações tem ao menos um campo; no máximo 8 grupos.

    O diagnóstico de óbito (CID) só acompanha uma declaração de óbito.
    """
    declaracoes = _declaracoes(guia)
    if len(declaracoes) > 8:
        yield Hit(
            declaracoes[8].element,
            f"O resumo tem {len(declaracoes)} grupos de declarações; o máximo é 8.",
            Severity.ERROR,
            ctx={"found": len(declaracoes), "limit": 8},
        )
    for declaracao in declaracoes:
        if not any(declaracao.value(name) for name in declaracao.fields.names()):
            yield Hit(
                declaracao.element, "Grupo de declarações vazio: informe ao menos uma declaração."
            )
        elif declaracao.value("diagnosticoObito") and not declaracao.value("declaracaoObito"):
            yield Hit(
                declaracao.fields["diagnosticoObito"],
                "Diagnóstico de óbito informado sem número de declaração de óbito.",
            )


@rule(
    "RI-011",
    Severity.WARNING,
    title="Diagnósticos CID-10",
    scope=Scope.GUIA,
)
def diagnosticos(guia: GuiaContext) -> Iterator[Hit]:
    """Diagnósticos de saída no formato CID-10 sem ponto (ex.: K802), sem repetição na guia.

    Formato fora do padrão é alerta; CID repetido é erro.
    """
    if "diagnostico" not in _saida(guia):
        return
    saida = section(guia, ".").get("dadosSaidaInternacao")
    seen: set[str] = set()
    for element in findall(saida, "diagnostico") if saida is not None else []:
        cid = stripped(element)
        if not _CID10.fullmatch(cid):
            yield Hit(
                element,
                f"Diagnóstico '{cid}' não está no formato CID-10 (letra maiúscula e 2 ou 3 "
                "dígitos, sem ponto, ex.: K802).",
            )
        elif cid in seen:
            yield Hit(element, f"Diagnóstico {cid} repetido na guia.", Severity.ERROR)
        seen.add(cid)


def _carteira(guia: GuiaContext) -> etree._Element | None:
    return section(guia, guia.guia_kind.beneficiario).get("numeroCarteira")


@rule(
    "RI-012",
    Severity.WARNING,
    title="Mesma solicitação de internação, mesmo beneficiário",
    scope=Scope.MESSAGE,
)
def solicitacao_principal(message: MessageContext) -> Iterator[Hit]:
    """Guias do lote com a mesma guia de solicitação de internação são do mesmo beneficiário.

    Resumos e honorários de uma internação usam o número da solicitação original, mesmo após
    prorrogação. Se esse número é o da solicitação principal só a operadora sabe; no lote,
    a regra confere que as guias que o compartilham têm a mesma carteira.
    """
    first: dict[str, tuple[str, GuiaContext]] = {}
    for guia in message.guias:
        if guia.kind not in (RESUMO, HONORARIOS):
            continue
        numero = _solicitacao(guia)
        element = _carteira(guia)
        if not numero or element is None:
            continue
        carteira = stripped(element)
        reference, reference_guia = first.setdefault(numero, (carteira, guia))
        if reference != carteira:
            yield Hit(
                element,
                f"Número da carteira {carteira} difere do da guia {reference_guia.numero} "
                f"({reference}), que tem a mesma guia de solicitação de internação {numero}.",
            )


@rule(
    "RI-013",
    Severity.WARNING,
    title="Datas da autorização",
    scope=Scope.GUIA,
)
def datas_autorizacao(guia: GuiaContext) -> Iterator[Hit]:
    """Validade da senha não anterior à autorização; internação eletiva autorizada antes.

    Com caráter de atendimento 1 (eletiva), a data da autorização não pode ser posterior ao
    início do faturamento.
    """
    autorizacao = section(guia, "dadosAutorizacao")
    data_autorizacao = autorizacao.date("dataAutorizacao")
    if data_autorizacao is None:
        return
    validade = autorizacao.date("dataValidadeSenha")
    if validade is not None and validade < data_autorizacao:
        yield Hit(
            autorizacao.get("dataValidadeSenha"),
            f"Data de validade da senha ({day(validade)}) é anterior à data da autorização "
            f"({day(data_autorizacao)}).",
        )
    dados = _dados(guia)
    inicio = dados.date("dataInicioFaturamento")
    eletiva = dados.text("caraterAtendimento") == "1"
    if eletiva and inicio is not None and data_autorizacao > inicio:
        yield Hit(
            autorizacao.get("dataAutorizacao"),
            f"Internação eletiva autorizada em {day(data_autorizacao)}, depois do início do "
            f"faturamento ({day(inicio)}): a autorização deve ser prévia.",
        )


def _resumos_by_solicitacao(message: MessageContext) -> dict[str, list[GuiaContext]]:
    groups: dict[str, list[GuiaContext]] = defaultdict(list)
    for guia in message.guias:
        if guia.kind == RESUMO and (numero := _solicitacao(guia)):
            groups[numero].append(guia)
    return groups


@rule(
    "RI-014",
    Severity.WARNING,
    title="Complementar repete o período complementado",
    scope=Scope.MESSAGE,
)
def complementar_periodo(message: MessageContext) -> Iterator[Hit]:
    """Guia Complementar (3) repete as datas e horas de faturamento da guia complementada.

    A guia complementada é outra do mesmo lote, ou, com o ledger, de um lote anterior do mesmo
    prestador, com o mesmo número de guia de solicitação de internação. Sem o ledger, uma
    complementada enviada antes não é conferida.
    """
    groups = _resumos_by_solicitacao(message)
    earlier = _earlier_windows(message, groups)
    for numero, group in groups.items():
        complementadas = {
            janela for guia in group if _tipo(guia) != "3" and (janela := _janela(guia)) is not None
        }
        complementadas |= {janela for tipo, janela, _ in earlier.get(numero, ()) if tipo != "3"}
        if not complementadas:
            continue
        for guia in group:
            janela = _janela(guia)
            if _tipo(guia) != "3" or janela is None or janela in complementadas:
                continue
            periodos = "; ".join(str(j) for j in sorted(complementadas))
            yield Hit(
                _dados_element(guia),
                f"Período da guia Complementar ({janela}) difere do período da guia "
                f"complementada ({periodos}); a Complementar repete as mesmas datas e horas.",
            )


def _prestador(guia: GuiaContext) -> str:
    """The executante's identification (kind and value), to group guias by prestador."""
    contratado = section(guia, "dadosExecutante").get("contratadoExecutante")
    if contratado is None:
        return ""
    return "|".join(f"{local_name(c)}={stripped(c)}" for c in contratado if isinstance(c.tag, str))


@rule(
    "RI-015",
    Severity.WARNING,
    title="Períodos parciais sem sobreposição",
    scope=Scope.MESSAGE,
)
def periodos_sem_sobreposicao(message: MessageContext) -> Iterator[Hit]:
    """Parciais, Final e Total do mesmo prestador e internação não se sobrepõem.

    Para o mesmo executante e número de guia de solicitação de internação, no lote: períodos
    que se sobrepõem são erro (glosa 3232, período já apresentado); uma Total junto de
    Parcial/Final, ou uma Final que termina antes de uma Parcial, é alerta. Complementares
    repetem o período de propósito e ficam de fora; prestadores diferentes (hospital e
    fornecedor de OPME) podem cada um enviar sua Total. Com o ledger, as guias de lotes
    anteriores do mesmo prestador entram na comparação, e um período que pula dias depois da
    última Parcial também é alerta.
    """
    groups: dict[tuple[str, str], list[tuple[GuiaContext, str, Janela]]] = defaultdict(list)
    for numero, resumos in _resumos_by_solicitacao(message).items():
        for guia in resumos:
            tipo, janela = _tipo(guia), _janela(guia)
            if tipo in ("1", "2", "4") and janela is not None:
                groups[(_prestador(guia), numero)].append((guia, tipo, janela))
    for (_, numero), entries in groups.items():
        for index, (guia, tipo, janela) in enumerate(entries):
            for other, other_tipo, other_janela in entries[:index]:
                hit = _period_conflict(
                    numero, tipo, janela, f"guia {other.numero}", other_tipo, other_janela
                )
                if hit is not None:
                    yield Hit(_dados_element(guia), hit[0], hit[1])
    yield from _conflicts_with_earlier_lotes(message)


_Earlier = dict[str, list[tuple[str, Janela, str]]]
"""Internação number → (tipoFaturamento, window, description) of resumos in earlier lotes."""


def _earlier_windows(message: MessageContext, groups: dict[str, list[GuiaContext]]) -> _Earlier:
    scope = historico.sender(message)
    if scope is None or not groups:
        return {}
    earlier: _Earlier = defaultdict(list)
    for prior in historico.prior_guias(scope, (), list(groups)):
        tipo, numero = prior.tipo_faturamento, prior.numero_guia_solicitacao
        if tipo and numero and prior.inicio is not None and prior.fim is not None:
            where = f"guia {prior.numero_guia_prestador} do lote {prior.numero_lote}"
            earlier[numero].append((tipo, Janela(prior.inicio, prior.fim), where))
    return earlier


def _conflicts_with_earlier_lotes(message: MessageContext) -> Iterator[Hit]:
    """RI-015 against the resumos of the same internação billed in earlier lotes."""
    groups = _resumos_by_solicitacao(message)
    earlier = _earlier_windows(message, groups)
    for numero, resumos in groups.items():
        previous = [entry for entry in earlier.get(numero, ()) if entry[0] in ("1", "2", "4")]
        if not previous:
            continue
        for guia in resumos:
            tipo, janela = _tipo(guia), _janela(guia)
            if tipo not in ("1", "2", "4") or janela is None:
                continue
            hits = [
                hit
                for other_tipo, other_janela, where in previous
                if (
                    hit := _period_conflict(
                        numero, tipo, janela, where, other_tipo, other_janela, "depois da"
                    )
                )
            ]
            for message_text, severity in hits[:1]:
                yield Hit(_dados_element(guia), message_text, severity)
            if hits or tipo == "4":
                continue
            parciais = [j.fim for t, j, _ in previous if t == "1"]
            fim = max(parciais) if parciais else None
            if fim is not None and janela.inicio.date() > fim.date() + dt.timedelta(days=1):
                yield Hit(
                    _dados_element(guia),
                    f"Período {janela} desta guia {TIPOS_FATURAMENTO[tipo]} começa depois de "
                    f"dias sem faturamento: a última Parcial da internação {numero} terminou em "
                    f"{instant(fim)}. Fature o período intermediário ou corrija as datas.",
                )


def _period_conflict(
    numero: str,
    tipo: str,
    janela: Janela,
    other: str,
    other_tipo: str,
    other_janela: Janela,
    relation: str = "no mesmo lote que a",
) -> tuple[str, Severity | None] | None:
    """Message and severity when two resumos of one internação conflict, else None.

    ``other`` names the other guia (``guia 123`` or ``guia 123 do lote 9``).
    """
    nome, other_nome = TIPOS_FATURAMENTO[tipo], TIPOS_FATURAMENTO[other_tipo]
    where = f"{other} ({other_nome}, {other_janela})"
    if janela.inicio < other_janela.fim and other_janela.inicio < janela.fim:
        return (
            f"Período {janela} desta guia {nome} se sobrepõe ao da {where} da mesma "
            f"internação {numero}: período já apresentado.",
            Severity.ERROR,
        )
    if "4" in (tipo, other_tipo) and tipo != other_tipo:
        return (
            f"Guia {nome} {relation} {where} da mesma internação {numero}: uma "
            "Total cobre a internação inteira e não convive com Parcial/Final.",
            None,
        )
    if {tipo, other_tipo} == {"1", "2"}:
        final, parcial = (janela, other_janela) if tipo == "2" else (other_janela, janela)
        if final.fim <= parcial.inicio:
            return (
                f"Guia Final termina antes de uma Parcial da mesma internação {numero} "
                f"({where}): a Final é a última conta.",
                None,
            )
    return None


@rule(
    "RI-016",
    Severity.WARNING,
    title="Resumo com itens cobrados",
    scope=Scope.GUIA,
)
def resumo_cobra_algo(guia: GuiaContext) -> Iterator[Hit]:
    """O resumo traz procedimentos ou outras despesas (basta um dos dois) e total geral positivo.

    Total geral zero só quando todos os valores unitários são zero por contrato. Um resumo só
    com outras despesas é legítimo (fluxo do fornecedor de OPME).
    """
    guia_items = items(guia).all
    if not guia_items:
        yield Hit(
            guia.element,
            "Resumo de internação sem procedimentos executados e sem outras despesas: não há o "
            "que cobrar.",
        )
        return
    block = section(guia, "valorTotal")
    if block.number("valorTotalGeral") != 0:
        return
    if any(
        (unitario := item.number("valorUnitario")) is not None and unitario != 0
        for item in guia_items
    ):
        yield Hit(
            block.get("valorTotalGeral"),
            "Total geral é R$ 0,00, mas há itens com valor unitário: confira os valores cobrados.",
        )


@rule(
    "RI-017",
    Severity.WARNING,
    title="Hospital executante é pessoa jurídica",
    scope=Scope.GUIA,
)
def executante_pj(guia: GuiaContext) -> Iterator[Hit]:
    """O contratado executante do resumo é o hospital: CNPJ ou código na operadora, não CPF."""
    cpf = section(guia, "dadosExecutante/contratadoExecutante").get("cpfContratado")
    if cpf is not None:
        yield Hit(
            cpf,
            f"Contratado executante do resumo identificado por CPF ({stripped(cpf)}); "
            "o executante da internação é o hospital: use o CNPJ ou o código na operadora.",
        )


@rule(
    "RI-018",
    Severity.WARNING,
    title="Horários dos procedimentos de urgência",
    scope=Scope.GUIA,
)
def horarios_urgencia(guia: GuiaContext) -> Iterator[Hit]:
    """Na internação de urgência/emergência (caráter 2) procedimentos trazem hora inicial e final.

    Hora final anterior à inicial é alerta em qualquer caráter (pode ser procedimento que
    atravessou a meia-noite).
    """
    urgencia = _dados(guia).text("caraterAtendimento") == "2"
    for item in items(guia).procedimentos:
        inicial, final = item.time("horaInicial"), item.time("horaFinal")
        if urgencia and (inicial is None or final is None):
            yield Hit(
                item.element,
                f"Internação de urgência/emergência: informe hora inicial e hora final "
                f"{item.label('de')}.",
            )
        elif inicial is not None and final is not None and final < inicial:
            yield Hit(
                item.get("horaFinal"),
                f"Hora final {final:%H:%M:%S} {item.label('de')} é anterior à hora inicial "
                f"{inicial:%H:%M:%S}; se atravessou a meia-noite, confira a data de execução.",
            )


@rule(
    "RI-019",
    Severity.INFO,
    title="Via de acesso e técnica em cirurgias",
    scope=Scope.GUIA,
    guia_types=kinds.ITEMIZED_KINDS,
)
def via_e_tecnica(guia: GuiaContext) -> Iterator[Hit]:
    """Procedimentos cirúrgicos informam via de acesso e técnica utilizada.

    Saber se um procedimento é cirúrgico exige a classificação TUSS, que não vem no XML. A regra
    usa o que o XML permite: códigos da tabela 22 no capítulo 3 da TUSS/CBHPM (procedimentos
    cirúrgicos e invasivos). Vale para resumo, SP/SADT e honorários.
    """
    for item in items(guia).procedimentos:
        if not _is_surgical(item):
            continue
        missing = [
            name
            for name, field in (
                ("via de acesso", "viaAcesso"),
                ("técnica utilizada", "tecnicaUtilizada"),
            )
            if not item.text(field)
        ]
        if missing:
            yield Hit(
                item.element,
                f"Procedimento cirúrgico {item.text('codigoProcedimento')} (sequencial "
                f"{item.text('sequencialItem')}) sem {' e '.join(missing)}.",
            )


@rule(
    "RI-020",
    Severity.WARNING,
    title="Equipe em procedimentos cirúrgicos",
    scope=Scope.GUIA,
)
def equipe_cirurgica(guia: GuiaContext) -> Iterator[Hit]:
    """Procedimentos cirúrgicos do resumo identificam a equipe (identEquipe).

    Cirúrgico é, como em RI-019, código da tabela 22 no capítulo 3 da TUSS (sem a tabela TUSS
    não há classificação exata). Os campos de cada membro são obrigatórios no XSD; CPF e
    conselho/UF/CBO são conferidos por ID-003 e ID-005.
    """
    for item in items(guia).procedimentos:
        if _is_surgical(item) and item.get("identEquipe") is None:
            yield Hit(
                item.element,
                f"Procedimento cirúrgico {item.text('codigoProcedimento')} (sequencial "
                f"{item.text('sequencialItem')}) sem equipe identificada (glosa 1310, equipe "
                "não informada).",
            )
