"""Rules: guia de consulta (CON-*), SP/SADT (SADT-*) and honorários (HON-*)."""

from __future__ import annotations

from collections.abc import Iterator

from tissbill.formatting import day
from tissbill.validation.context import GuiaContext, stripped
from tissbill.validation.declaration import Hit, Scope, rule
from tissbill.validation.findings import Severity
from tissbill.validation.itens import items, section
from tissbill.xml.namespaces import q

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
_EQUIPE_SADT, _GRAU_PART, _NOME_PROF = (q(name) for name in ("equipeSadt", "grauPart", "nomeProf"))


@rule(
    "CON-001",
    Severity.ERROR,
    title="Dados do atendimento da consulta",
    scope=Scope.GUIA,
)
def consulta_obrigatorios(guia: GuiaContext) -> Iterator[Hit]:
    """A consulta informa regime de atendimento, data, tipo de consulta, procedimento e acidente.

    O procedimento tem código de tabela, código e valor; a indicação de acidente (0, 1, 2 ou 9)
    também é obrigatória. O XSD já exige esses campos; a regra nomeia o que falta.
    """
    if not section(guia, ".").text("indicacaoAcidente"):
        yield Hit(
            guia.element, "Campo obrigatório da consulta não informado: indicação de acidente."
        )
    atendimento = section(guia, ".").get("dadosAtendimento")
    if atendimento is None:
        yield Hit(guia.element, "Guia de consulta sem dados do atendimento.")
        return
    fields = section(guia, "dadosAtendimento")
    procedimento = section(guia, "dadosAtendimento/procedimento")
    required = (
        (fields, "regimeAtendimento", "regime de atendimento"),
        (fields, "dataAtendimento", "data do atendimento"),
        (fields, "tipoConsulta", "tipo de consulta"),
        (procedimento, "codigoTabela", "código da tabela do procedimento"),
        (procedimento, "codigoProcedimento", "código do procedimento"),
        (procedimento, "valorProcedimento", "valor do procedimento"),
    )
    for group, name, label in required:
        if not group.text(name):
            yield Hit(atendimento, f"Campo obrigatório da consulta não informado: {label}.")


@rule(
    "CON-002",
    Severity.WARNING,
    title="Consulta eletiva",
    scope=Scope.GUIA,
)
def consulta_eletiva(guia: GuiaContext) -> Iterator[Hit]:
    """Guia de consulta é para consultas eletivas; atendimento de pronto-socorro vai na SP/SADT.

    Consultas com taxas, materiais ou outros itens também são cobradas em SP/SADT (a guia de
    consulta não tem onde informá-los).
    """
    fields = section(guia, "dadosAtendimento")
    if fields.text("regimeAtendimento") == "04":
        yield Hit(
            fields["regimeAtendimento"],
            "Consulta em regime de pronto-socorro (04): cobre o atendimento em guia SP/SADT, "
            "a guia de consulta é para consultas eletivas.",
        )


@rule(
    "CON-003",
    Severity.INFO,
    title="Código do procedimento da consulta",
    scope=Scope.GUIA,
)
def consulta_codigo(guia: GuiaContext) -> Iterator[Hit]:
    """A consulta usa a tabela 22 com um código TUSS de consulta (ex.: 10101012) ou a tabela 00.

    Sem a tabela TUSS, "código de consulta" é aproximado pelo grupo 1.01 da TUSS/CBHPM
    (consultas e visitas, códigos que começam com 101).
    """
    procedimento = section(guia, "dadosAtendimento/procedimento")
    tabela = procedimento.text("codigoTabela")
    codigo = procedimento.text("codigoProcedimento")
    if tabela and tabela not in ("22", "00"):
        yield Hit(
            procedimento["codigoTabela"],
            f"Código de tabela {tabela} na consulta; o usual é 22 (TUSS procedimentos) ou 00 "
            "(tabela própria).",
        )
    elif tabela == "22" and codigo and not codigo.startswith("101"):
        yield Hit(
            procedimento["codigoProcedimento"],
            f"Código {codigo} não parece ser de consulta (TUSS 1.01, ex.: 10101012 consulta em "
            "consultório); outros procedimentos vão em guia SP/SADT.",
        )


@rule(
    "CON-004",
    Severity.INFO,
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
    fields = section(guia, "dadosAtendimento")
    regime = fields.text("regimeAtendimento")
    nome = _REGIMES.get(regime, regime)
    if "coberturaEspecial" in fields and regime not in ("01", "05"):
        yield Hit(
            fields["coberturaEspecial"],
            f"Cobertura especial {fields.text('coberturaEspecial')} em regime {regime} "
            f"({nome}); ela se aplica a atendimento ambulatorial.",
        )
    if "saudeOcupacional" in fields and regime in ("03", "04"):
        yield Hit(
            fields["saudeOcupacional"],
            f"Saúde ocupacional {fields.text('saudeOcupacional')} em regime {regime} "
            f"({nome}); ela se aplica a consultas de medicina do trabalho.",
        )


@rule(
    "SADT-001",
    Severity.ERROR,
    title="Tipo de consulta na SP/SADT",
    scope=Scope.GUIA,
)
def sadt_tipo_consulta(guia: GuiaContext) -> Iterator[Hit]:
    """Tipo de atendimento 04 (consulta) exige o tipo de consulta; em outros tipos ele sobra."""
    fields = section(guia, "dadosAtendimento")
    tipo = fields.text("tipoAtendimento")
    consulta = fields.get("tipoConsulta")
    if tipo == "04" and consulta is None:
        yield Hit(
            fields["tipoAtendimento"],
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


@rule(
    "SADT-002",
    Severity.ERROR,
    title="Tipo de atendimento válido",
    scope=Scope.GUIA,
)
def sadt_tipo_atendimento(guia: GuiaContext) -> Iterator[Hit]:
    """Tipo de atendimento da tabela 50: 01, 02, 03, 04, 08, 09, 10, 13 ou 23.

    05 (exames) ainda aparece em comentário do XSD mas não é aceito: exames usam 23. O XSD já
    rejeita valores fora do domínio; a regra explica.
    """
    fields = section(guia, "dadosAtendimento")
    tipo = fields.text("tipoAtendimento")
    if "tipoAtendimento" not in fields or tipo in _TIPOS_ATENDIMENTO:
        return
    if tipo in ("05", "5"):
        message = "Tipo de atendimento 05 (exames) foi retirado da tabela 50: para exames use 23."
    else:
        message = (
            f"Tipo de atendimento '{tipo}' não existe na tabela 50; valores válidos: "
            f"{', '.join(sorted(_TIPOS_ATENDIMENTO))}."
        )
    yield Hit(fields["tipoAtendimento"], message)


@rule(
    "SADT-003",
    Severity.ERROR,
    title="Motivo de encerramento só em óbito",
    scope=Scope.GUIA,
)
def sadt_motivo_encerramento(guia: GuiaContext) -> Iterator[Hit]:
    """Na SP/SADT o motivo de encerramento só é informado em caso de óbito (41, 42 ou 43)."""
    fields = section(guia, "dadosAtendimento")
    motivo = fields.text("motivoEncerramento")
    if "motivoEncerramento" in fields and motivo not in _OBITO:
        yield Hit(
            fields["motivoEncerramento"],
            f"Motivo de encerramento '{motivo}' na SP/SADT: o campo só é usado em óbito "
            "(41, 42 ou 43); nos demais casos não o informe.",
        )


def _sadt_carater(guia: GuiaContext) -> str:
    return section(guia, "dadosSolicitacao").text("caraterAtendimento")


@rule(
    "SADT-004",
    Severity.WARNING,
    title="Horários em SP/SADT de urgência",
    scope=Scope.GUIA,
)
def sadt_horarios_urgencia(guia: GuiaContext) -> Iterator[Hit]:
    """Em SP/SADT de urgência/emergência (caráter 2) cada procedimento traz hora inicial e final."""
    if _sadt_carater(guia) != "2":
        return
    for item in items(guia).procedimentos:
        if item.time("horaInicial") is None or item.time("horaFinal") is None:
            yield Hit(
                item.element,
                f"Atendimento de urgência/emergência: informe hora inicial e hora final "
                f"{item.label('de')}.",
            )


@rule(
    "SADT-005",
    Severity.INFO,
    title="Uso da guia principal",
    scope=Scope.GUIA,
)
def sadt_guia_principal(guia: GuiaContext) -> Iterator[Hit]:
    """A guia principal aponta outra guia (solicitação de internação ou SP/SADT principal).

    Ela nunca é o número da própria guia. Se a guia apontada existe, só a operadora confere.
    """
    cabecalho = section(guia, "cabecalhoGuia")
    principal = cabecalho.text("guiaPrincipal")
    if principal and principal == cabecalho.text("numeroGuiaPrestador"):
        yield Hit(
            cabecalho["guiaPrincipal"],
            f"Guia principal {principal} é o número da própria guia; informe o número da guia "
            "principal (solicitação de internação ou SP/SADT principal) ou omita o campo.",
        )


@rule(
    "SADT-006",
    Severity.WARNING,
    title="Datas da autorização da SP/SADT",
    scope=Scope.GUIA,
)
def sadt_autorizacao(guia: GuiaContext) -> Iterator[Hit]:
    """Itens eletivos são executados depois da autorização e até a validade da senha.

    Com caráter 1 (eletiva), a data de execução de cada item não é anterior à data da
    autorização; em qualquer caráter, não é posterior à data de validade da senha.
    """
    autorizacao = section(guia, "dadosAutorizacao")
    autorizada = autorizacao.date("dataAutorizacao")
    validade = autorizacao.date("dataValidadeSenha")
    if autorizada is None and validade is None:
        return
    eletiva = _sadt_carater(guia) == "1"
    for item in items(guia).all:
        execucao = item.date("dataExecucao")
        if execucao is None:
            continue
        if eletiva and autorizada is not None and execucao < autorizada:
            yield Hit(
                item.get("dataExecucao"),
                f"Data de execução {item.label('de')} é {day(execucao)}, anterior à data da "
                f"autorização ({day(autorizada)}) em atendimento eletivo.",
            )
        elif validade is not None and execucao > validade:
            yield Hit(
                item.get("dataExecucao"),
                f"Data de execução {item.label('de')} é {day(execucao)}, posterior à data de "
                f"validade da senha ({day(validade)}).",
            )


@rule(
    "SADT-007",
    Severity.WARNING,
    title="Grau de participação da equipe",
    scope=Scope.GUIA,
)
def sadt_grau_participacao(guia: GuiaContext) -> Iterator[Hit]:
    """Membros da equipe SADT em procedimento com valor cobrado informam o grau de participação.

    O XSD deixa o grau opcional; sem ele a operadora não sabe que honorário pagar.
    """
    for item in items(guia).procedimentos:
        total = item.number("valorTotal")
        if total is None or total <= 0 or item.get("equipeSadt") is None:
            continue
        # C-level child lookups: ElementPath (find/findall) costs ~1 µs a call.
        for membro in item.element.iterchildren(_EQUIPE_SADT):
            grau = next(membro.iterchildren(_GRAU_PART), None)
            if grau is None or not stripped(grau):
                nome_element = next(membro.iterchildren(_NOME_PROF), None)
                nome = stripped(nome_element)
                yield Hit(
                    membro,
                    f"Grau de participação não informado para {nome or 'membro da equipe'} "
                    f"{item.label('em')}, que tem valor cobrado.",
                )


@rule(
    "SADT-008",
    Severity.ERROR,
    title="Regime de atendimento",
    scope=Scope.GUIA,
)
def sadt_regime(guia: GuiaContext) -> Iterator[Hit]:
    """Regime de atendimento obrigatório na SP/SADT desde a 4.00: 01 a 05 (tabela 76).

    O XSD já o exige; a regra nomeia o campo e os valores.
    """
    fields = section(guia, "dadosAtendimento")
    regime = fields.text("regimeAtendimento")
    if regime in _REGIMES:
        return
    element = fields.get("regimeAtendimento")
    found = "não informado" if element is None else f"'{regime}' não existe na tabela 76"
    valid = ", ".join(f"{k} {v}" for k, v in _REGIMES.items())
    yield Hit(
        element if element is not None else section(guia, ".").get("dadosAtendimento"),
        f"Regime de atendimento {found}; valores: {valid}.",
    )


@rule(
    "SADT-009",
    Severity.INFO,
    title="Solicitante desconhecido",
    scope=Scope.GUIA,
)
def sadt_solicitante_desconhecido(guia: GuiaContext) -> Iterator[Hit]:
    """Códigos de solicitante desconhecido (99999999999999, CBO 999999) são aceitos, com aviso.

    O executante pode usá-los quando não obtém os dados do solicitante; não são identificadores
    inválidos, mas a operadora pode pedir o solicitante real.
    """
    contratado = section(guia, "dadosSolicitante/contratadoSolicitante")
    if contratado.text("codigoPrestadorNaOperadora") == _CODIGO_DESCONHECIDO:
        yield Hit(
            contratado["codigoPrestadorNaOperadora"],
            "Código do contratado solicitante 99999999999999 (solicitante desconhecido): aceito, "
            "mas a operadora pode exigir o solicitante.",
        )
    profissional = section(guia, "dadosSolicitante/profissionalSolicitante")
    if profissional.text("CBOS") == _CBO_DESCONHECIDO:
        yield Hit(
            profissional["CBOS"],
            "CBO do profissional solicitante 999999 (desconhecido ou não informado pelo "
            "solicitante): aceito, com aviso.",
        )


@rule(
    "HON-001",
    Severity.ERROR,
    title="Período e datas dos honorários",
    scope=Scope.GUIA,
)
def honorarios_periodo(guia: GuiaContext) -> Iterator[Hit]:
    """Honorários: início do faturamento não posterior ao fim, procedimentos dentro do período.

    O caráter de atendimento obrigatório da 4.03 é verificado por VER-003; se a guia de
    solicitação de internação é a principal, só a operadora sabe (RI-012 confere o
    beneficiário entre guias do lote).
    """
    dados = section(guia, "dadosInternacao")
    inicio = dados.date("dataInicioFaturamento")
    fim = dados.date("dataFimFaturamento")
    if inicio is None or fim is None:
        return
    if inicio > fim:
        yield Hit(
            dados["dataFimFaturamento"],
            f"Data final do faturamento ({day(fim)}) é anterior à data inicial ({day(inicio)}).",
        )
        return
    for item in items(guia).procedimentos:
        execucao = item.date("dataExecucao")
        if execucao is not None and not inicio <= execucao <= fim:
            yield Hit(
                item.get("dataExecucao"),
                f"Data de execução {item.label('de')} é {day(execucao)}, fora do período "
                f"de faturamento ({day(inicio)} a {day(fim)}).",
            )
