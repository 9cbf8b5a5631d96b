"""Rules: guia de consulta (CON-*), SP/SADT (SADT-*) and honorários (HON-*)."""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from tissbill.validation.context import (
    GuiaContext,
    date,
    decimal,
    find,
    findall,
    local_name,
    text,
    time,
)
from tissbill.validation.findings import Severity
from tissbill.validation.registry import Hit, Scope, rule
from tissbill.validation.text import day, item_label

CONSULTA = "guiaConsulta"
SADT = "guiaSP-SADT"
HONORARIOS = "guiaHonorarios"

_REGIMES = {
    "01": "ambulatorial",
    "02": "domiciliar",
    "03": "internação",
    "04": "pronto-socorro",
    "05": "telessaúde",
}
"""Tabela 76 (dm_regimeAtendimento)."""
_TIPOS_ATENDIMENTO = frozenset({"01", "02", "03", "04", "08", "09", "10", "13", "23"})
"""Tabela 50 (dm_tipoAtendimento) as enumerated in 4.01-4.03."""
_OBITO = frozenset({"41", "42", "43"})
_CODIGO_DESCONHECIDO = "99999999999999"
_CBO_DESCONHECIDO = "999999"


def _value(element: etree._Element | None, path: str | None = None) -> str:
    return (text(element, path) or "").strip()


@rule(
    "CON-001",
    Severity.ERROR,
    area="CON",
    title="Dados do atendimento da consulta",
    scope=Scope.GUIA,
)
def consulta_obrigatorios(guia: GuiaContext) -> Iterator[Hit]:
    """A consulta informa regime de atendimento, data, tipo de consulta, procedimento e acidente.

    O procedimento tem código de tabela, código e valor; a indicação de acidente (0, 1, 2 ou 9)
    também é obrigatória. O XSD já exige esses campos; a regra nomeia o que falta.
    """
    if guia.kind != CONSULTA:
        return
    atendimento = find(guia.element, "dadosAtendimento")
    required = [
        (guia.element, "indicacaoAcidente", "indicação de acidente"),
    ]
    if atendimento is not None:
        required += [
            (atendimento, "regimeAtendimento", "regime de atendimento"),
            (atendimento, "dataAtendimento", "data do atendimento"),
            (atendimento, "tipoConsulta", "tipo de consulta"),
            (atendimento, "procedimento/codigoTabela", "código da tabela do procedimento"),
            (atendimento, "procedimento/codigoProcedimento", "código do procedimento"),
            (atendimento, "procedimento/valorProcedimento", "valor do procedimento"),
        ]
    else:
        yield Hit(guia.element, "Guia de consulta sem dados do atendimento.")
    for parent, path, name in required:
        if not _value(parent, path):
            yield Hit(parent, f"Campo obrigatório da consulta não informado: {name}.")


@rule("CON-002", Severity.WARNING, area="CON", title="Consulta eletiva", scope=Scope.GUIA)
def consulta_eletiva(guia: GuiaContext) -> Iterator[Hit]:
    """Guia de consulta é para consultas eletivas; atendimento de pronto-socorro vai na SP/SADT.

    Consultas com taxas, materiais ou outros itens também são cobradas em SP/SADT (a guia de
    consulta não tem onde informá-los).
    """
    if guia.kind != CONSULTA:
        return
    element = find(guia.element, "dadosAtendimento/regimeAtendimento")
    if _value(element) == "04":
        yield Hit(
            element,
            "Consulta em regime de pronto-socorro (04): cobre o atendimento em guia SP/SADT, "
            "a guia de consulta é para consultas eletivas.",
        )


@rule(
    "CON-003",
    Severity.INFO,
    area="CON",
    title="Código do procedimento da consulta",
    scope=Scope.GUIA,
)
def consulta_codigo(guia: GuiaContext) -> Iterator[Hit]:
    """A consulta usa a tabela 22 com um código TUSS de consulta (ex.: 10101012) ou a tabela 00.

    Sem a tabela TUSS, "código de consulta" é aproximado pelo grupo 1.01 da TUSS/CBHPM
    (consultas e visitas, códigos que começam com 101).
    """
    if guia.kind != CONSULTA:
        return
    procedimento = find(guia.element, "dadosAtendimento/procedimento")
    tabela = _value(procedimento, "codigoTabela")
    codigo = _value(procedimento, "codigoProcedimento")
    if procedimento is None or not tabela:
        return
    if tabela not in ("22", "00"):
        yield Hit(
            find(procedimento, "codigoTabela"),
            f"Código de tabela {tabela} na consulta; o usual é 22 (TUSS procedimentos) ou 00 "
            "(tabela própria).",
        )
    elif tabela == "22" and codigo and not codigo.startswith("101"):
        yield Hit(
            find(procedimento, "codigoProcedimento"),
            f"Código {codigo} não parece ser de consulta (TUSS 1.01, ex.: 10101012 consulta em "
            "consultório); outros procedimentos vão em guia SP/SADT.",
        )


@rule(
    "CON-004",
    Severity.INFO,
    area="CON",
    title="Cobertura especial e saúde ocupacional",
    scope=Scope.GUIA,
)
def consulta_qualificadores(guia: GuiaContext) -> Iterator[Hit]:
    """Cobertura especial e saúde ocupacional só nos casos a que se destinam.

    Cobertura especial (gestante, pré ou pós-operatório) é para atendimento ambulatorial em
    plano hospitalar; saúde ocupacional, para consultas de medicina do trabalho. Se o plano e o
    motivo justificam, só a operadora sabe; a regra aponta o que o XML mostra como incoerente:
    cobertura especial fora do regime ambulatorial/telessaúde e saúde ocupacional em internação
    ou pronto-socorro.
    """
    if guia.kind != CONSULTA:
        return
    atendimento = find(guia.element, "dadosAtendimento")
    regime = _value(atendimento, "regimeAtendimento")
    nome = _REGIMES.get(regime, regime)
    cobertura = find(atendimento, "coberturaEspecial") if atendimento is not None else None
    if cobertura is not None and regime not in ("01", "05"):
        yield Hit(
            cobertura,
            f"Cobertura especial {_value(cobertura)} em regime {regime} ({nome}); ela se "
            "aplica a atendimento ambulatorial.",
        )
    ocupacional = find(atendimento, "saudeOcupacional") if atendimento is not None else None
    if ocupacional is not None and regime in ("03", "04"):
        yield Hit(
            ocupacional,
            f"Saúde ocupacional {_value(ocupacional)} em regime {regime} ({nome}); ela se "
            "aplica a consultas de medicina do trabalho.",
        )


def _atendimento(guia: GuiaContext) -> etree._Element | None:
    return find(guia.element, "dadosAtendimento") if guia.kind == SADT else None


@rule(
    "SADT-001", Severity.ERROR, area="SADT", title="Tipo de consulta na SP/SADT", scope=Scope.GUIA
)
def sadt_tipo_consulta(guia: GuiaContext) -> Iterator[Hit]:
    """Tipo de atendimento 04 (consulta) exige o tipo de consulta; em outros tipos ele sobra."""
    atendimento = _atendimento(guia)
    if atendimento is None:
        return
    tipo = _value(atendimento, "tipoAtendimento")
    consulta = find(atendimento, "tipoConsulta")
    if tipo == "04" and consulta is None:
        yield Hit(
            find(atendimento, "tipoAtendimento"),
            "Tipo de atendimento 04 (consulta) exige o tipo de consulta (1 primeira, "
            "2 seguimento, 3 pré-natal, 4 por encaminhamento).",
        )
    elif tipo and tipo != "04" and consulta is not None:
        yield Hit(
            consulta,
            f"Tipo de consulta informado com tipo de atendimento {tipo}; ele só se aplica ao "
            "tipo de atendimento 04 (consulta).",
            Severity.WARNING,
        )


@rule("SADT-002", Severity.ERROR, area="SADT", title="Tipo de atendimento válido", scope=Scope.GUIA)
def sadt_tipo_atendimento(guia: GuiaContext) -> Iterator[Hit]:
    """Tipo de atendimento da tabela 50: 01, 02, 03, 04, 08, 09, 10, 13 ou 23.

    05 (exames) ainda aparece em comentário do XSD mas não é aceito: exames usam 23. O XSD já
    rejeita valores fora do domínio; a regra explica.
    """
    atendimento = _atendimento(guia)
    element = find(atendimento, "tipoAtendimento") if atendimento is not None else None
    tipo = _value(element)
    if element is None or tipo in _TIPOS_ATENDIMENTO:
        return
    if tipo in ("05", "5"):
        message = "Tipo de atendimento 05 (exames) foi retirado da tabela 50: para exames use 23."
    else:
        message = (
            f"Tipo de atendimento '{tipo}' não existe na tabela 50; valores válidos: "
            f"{', '.join(sorted(_TIPOS_ATENDIMENTO))}."
        )
    yield Hit(element, message)


@rule(
    "SADT-003",
    Severity.ERROR,
    area="SADT",
    title="Motivo de encerramento só em óbito",
    scope=Scope.GUIA,
)
def sadt_motivo_encerramento(guia: GuiaContext) -> Iterator[Hit]:
    """Na SP/SADT o motivo de encerramento só é informado em caso de óbito (41, 42 ou 43)."""
    atendimento = _atendimento(guia)
    element = find(atendimento, "motivoEncerramento") if atendimento is not None else None
    motivo = _value(element)
    if element is not None and motivo not in _OBITO:
        yield Hit(
            element,
            f"Motivo de encerramento '{motivo}' na SP/SADT: o campo só é usado em óbito "
            "(41, 42 ou 43); nos demais casos não o informe.",
        )


def _sadt_carater(guia: GuiaContext) -> str:
    return _value(guia.element, "dadosSolicitacao/caraterAtendimento")


@rule(
    "SADT-004",
    Severity.WARNING,
    area="SADT",
    title="Horários em SP/SADT de urgência",
    scope=Scope.GUIA,
)
def sadt_horarios_urgencia(guia: GuiaContext) -> Iterator[Hit]:
    """Em SP/SADT de urgência/emergência (caráter 2) cada procedimento traz hora inicial e final."""
    if guia.kind != SADT or _sadt_carater(guia) != "2":
        return
    for item in guia.procedimentos:
        if time(item, "horaInicial") is None or time(item, "horaFinal") is None:
            yield Hit(
                item,
                f"Atendimento de urgência/emergência: informe hora inicial e hora final "
                f"{item_label(item, 'de')}.",
            )


@rule("SADT-005", Severity.INFO, area="SADT", title="Uso da guia principal", scope=Scope.GUIA)
def sadt_guia_principal(guia: GuiaContext) -> Iterator[Hit]:
    """A guia principal aponta outra guia (solicitação de internação ou SP/SADT principal).

    Ela nunca é o número da própria guia. Se a guia apontada existe, só a operadora confere.
    """
    if guia.kind != SADT:
        return
    element = find(guia.element, "cabecalhoGuia/guiaPrincipal")
    principal = _value(element)
    if element is not None and principal and principal == (guia.numero or "").strip():
        yield Hit(
            element,
            f"Guia principal {principal} é o número da própria guia; informe o número da guia "
            "principal (solicitação de internação ou SP/SADT principal) ou omita o campo.",
        )


def _item_dates(guia: GuiaContext) -> Iterator[tuple[etree._Element, etree._Element]]:
    """(item, dataExecucao element) for the procedures and despesas of the guia."""
    for item in (*guia.procedimentos, *guia.despesas):
        holder = find(item, "servicosExecutados") if local_name(item) == "despesa" else item
        element = find(holder, "dataExecucao") if holder is not None else None
        if element is not None:
            yield item, element


@rule(
    "SADT-006",
    Severity.WARNING,
    area="SADT",
    title="Datas da autorização da SP/SADT",
    scope=Scope.GUIA,
)
def sadt_autorizacao(guia: GuiaContext) -> Iterator[Hit]:
    """Itens eletivos são executados depois da autorização e até a validade da senha.

    Com caráter 1 (eletiva), a data de execução de cada item não é anterior à data da
    autorização; em qualquer caráter, não é posterior à data de validade da senha.
    """
    if guia.kind != SADT:
        return
    autorizacao = find(guia.element, "dadosAutorizacao")
    if autorizacao is None:
        return
    autorizada = date(autorizacao, "dataAutorizacao")
    validade = date(autorizacao, "dataValidadeSenha")
    eletiva = _sadt_carater(guia) == "1"
    for item, element in _item_dates(guia):
        execucao = date(element)
        if execucao is None:
            continue
        if eletiva and autorizada is not None and execucao < autorizada:
            yield Hit(
                element,
                f"Data de execução {item_label(item, 'de')} ({day(execucao)}) é anterior à "
                f"autorização ({day(autorizada)}) em atendimento eletivo.",
            )
        elif validade is not None and execucao > validade:
            yield Hit(
                element,
                f"Data de execução {item_label(item, 'de')} ({day(execucao)}) é posterior à "
                f"validade da senha ({day(validade)}).",
            )


@rule(
    "SADT-007",
    Severity.WARNING,
    area="SADT",
    title="Grau de participação da equipe",
    scope=Scope.GUIA,
)
def sadt_grau_participacao(guia: GuiaContext) -> Iterator[Hit]:
    """Membros da equipe SADT em procedimento com valor cobrado informam o grau de participação.

    O XSD deixa o grau opcional; sem ele a operadora não sabe que honorário pagar.
    """
    if guia.kind != SADT:
        return
    for item in guia.procedimentos:
        total = decimal(item, "valorTotal")
        if total is None or total <= 0:
            continue
        for membro in findall(item, "equipeSadt"):
            if not _value(membro, "grauPart"):
                nome = _value(membro, "nomeProf")
                yield Hit(
                    membro,
                    f"Grau de participação não informado para {nome or 'membro da equipe'} "
                    f"{item_label(item, 'em')}, que tem valor cobrado.",
                )


@rule("SADT-008", Severity.ERROR, area="SADT", title="Regime de atendimento", scope=Scope.GUIA)
def sadt_regime(guia: GuiaContext) -> Iterator[Hit]:
    """Regime de atendimento obrigatório na SP/SADT desde a 4.00: 01 a 05 (tabela 76).

    O XSD já o exige; a regra nomeia o campo e os valores.
    """
    atendimento = _atendimento(guia)
    if atendimento is None:
        return
    element = find(atendimento, "regimeAtendimento")
    regime = _value(element)
    if regime not in _REGIMES:
        valid = ", ".join(f"{k} {v}" for k, v in _REGIMES.items())
        found = "não informado" if element is None else f"'{regime}' não existe na tabela 76"
        yield Hit(
            atendimento if element is None else element,
            f"Regime de atendimento {found}; valores: {valid}.",
        )


@rule("SADT-009", Severity.INFO, area="SADT", title="Solicitante desconhecido", scope=Scope.GUIA)
def sadt_solicitante_desconhecido(guia: GuiaContext) -> Iterator[Hit]:
    """Códigos de solicitante desconhecido (99999999999999, CBO 999999) são aceitos, com aviso.

    O executante pode usá-los quando não obtém os dados do solicitante; não são identificadores
    inválidos, mas a operadora pode pedir o solicitante real.
    """
    if guia.kind != SADT:
        return
    solicitante = find(guia.element, "dadosSolicitante")
    codigo = (
        find(solicitante, "contratadoSolicitante/codigoPrestadorNaOperadora")
        if solicitante is not None
        else None
    )
    if _value(codigo) == _CODIGO_DESCONHECIDO:
        yield Hit(
            codigo,
            "Código do contratado solicitante 99999999999999 (solicitante desconhecido): aceito, "
            "mas a operadora pode exigir o solicitante.",
        )
    cbo = find(solicitante, "profissionalSolicitante/CBOS") if solicitante is not None else None
    if _value(cbo) == _CBO_DESCONHECIDO:
        yield Hit(
            cbo,
            "CBO do profissional solicitante 999999 (desconhecido ou não informado pelo "
            "solicitante): aceito, com aviso.",
        )


@rule(
    "HON-001", Severity.ERROR, area="HON", title="Período e datas dos honorários", scope=Scope.GUIA
)
def honorarios_periodo(guia: GuiaContext) -> Iterator[Hit]:
    """Honorários: início do faturamento não posterior ao fim, procedimentos dentro do período.

    O caráter de atendimento obrigatório da 4.03 é verificado por VER-003; se a guia de
    solicitação de internação é a principal, só a operadora sabe (RI-012 confere o
    beneficiário entre guias do lote).
    """
    if guia.kind != HONORARIOS:
        return
    dados = find(guia.element, "dadosInternacao")
    inicio = date(dados, "dataInicioFaturamento")
    fim_element = find(dados, "dataFimFaturamento") if dados is not None else None
    fim = date(fim_element)
    if inicio is None or fim is None:
        return
    if inicio > fim:
        yield Hit(
            fim_element,
            f"Data final do faturamento ({day(fim)}) é anterior à data inicial ({day(inicio)}).",
        )
        return
    for item in guia.procedimentos:
        element = find(item, "dataExecucao")
        execucao = date(element)
        if execucao is not None and not inicio <= execucao <= fim:
            yield Hit(
                element,
                f"Data de execução {item_label(item, 'de')} é {day(execucao)}, fora do período "
                f"de faturamento ({day(inicio)} a {day(fim)}).",
            )
