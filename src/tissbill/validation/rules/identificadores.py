"""Rules: identifiers of operadora, prestador, profissional and beneficiário, ID-001..ID-009.

Identifier values are checked without surrounding spaces: padding is reported once, by GEN-001.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from lxml import etree

from tissbill.identifiers import IdentifierProblem, cnpj_problem, cpf_problem
from tissbill.spec.kinds import CONSULTA
from tissbill.validation.context import GuiaContext, MessageContext, find, stripped
from tissbill.validation.declaration import Hit, Scope, rule
from tissbill.validation.findings import Severity
from tissbill.validation.itens import section
from tissbill.xml.elements import local_name
from tissbill.xml.namespaces import q

_REGISTRO_ANS = re.compile(r"[0-9]{6}")
_CNES = re.compile(r"[0-9]{7}")
CNES_SEM_CADASTRO = "9999999"
"""CCE value for a prestador that has no CNES yet."""
CBO_DESCONHECIDO = "999999"
"""dm_CBOS: 'CBO-S desconhecido ou não informado pelo solicitante'."""

_ROLES = {
    "contratadoExecutante": "do contratado executante",
    "contratadoSolicitante": "do contratado solicitante",
    "codigoContratado": "do local de execução (localContratado)",
    "codProfissional": "do profissional",
    "identificacaoPrestador": "do prestador na origem da mensagem",
}


def _role(element: etree._Element) -> str:
    """Whose identifier ``element`` is, from its parent, e.g. ``"do contratado executante"``."""
    parent = element.getparent()
    name = local_name(parent) if parent is not None else ""
    return _ROLES.get(name, f"em {name}")


def _shown(value: str) -> str:
    """The value as quoted in a message; a blank one is said so, not left as a double space."""
    return value or "(em branco)"


def cnpj_hits(elements: Iterable[etree._Element]) -> Iterator[Hit]:
    """Hits for CNPJ elements whose format or check digits are wrong (ID-002, LOT-013).

    The alphanumeric form is accepted in every version here; VER-001 reports it before 4.03.00.
    """
    return _identifier_hits(
        elements,
        "CNPJ",
        lambda value: cnpj_problem(value, alphanumeric=True),
        "são 14 dígitos, sem pontos nem barras (a partir da TISS 4.03.00, 12 letras maiúsculas "
        "ou dígitos seguidos de 2 dígitos verificadores).",
        "prestador",
    )


def cpf_hits(elements: Iterable[etree._Element]) -> Iterator[Hit]:
    """Hits for CPF elements whose format or check digits are wrong (ID-003, LOT-013)."""
    return _identifier_hits(
        elements, "CPF", cpf_problem, "são 11 dígitos, sem pontos nem traço.", "profissional"
    )


def _identifier_hits(
    elements: Iterable[etree._Element],
    name: str,
    problem_of: Callable[[str], IdentifierProblem | None],
    expected_format: str,
    registry: str,
) -> Iterator[Hit]:
    """Hits for the ``name`` (CNPJ or CPF) elements that ``problem_of`` finds wrong;
    ``expected_format`` says what a valid one looks like and ``registry`` whose cadastro to check.
    """
    for element in elements:
        value = stripped(element)
        problem = problem_of(value)
        if problem is IdentifierProblem.FORMAT:
            message = (
                f"{name} {_shown(value)} {_role(element)} tem formato inválido: {expected_format}"
            )
        elif problem is IdentifierProblem.REPEATED:
            message = f"{name} {value} {_role(element)} é inválido: todos os dígitos são iguais."
        elif problem is IdentifierProblem.CHECK_DIGITS:
            message = (
                f"{name} {value} {_role(element)} tem dígito verificador inválido; confira o "
                f"número no cadastro do {registry}."
            )
        else:
            continue
        yield Hit(element, message, ctx={"found": value, "problem": problem.value})


@rule(
    "ID-001",
    Severity.ERROR,
    title="registroANS com 6 dígitos",
    scope=Scope.MESSAGE,
)
def registro_ans(message: MessageContext) -> Iterator[Hit]:
    """O registroANS da operadora (destino da mensagem e cabeçalho de cada guia) tem 6 dígitos.

    O 6º dígito é verificador (ANS nº 33198-8 → 331988), mas o algoritmo não é público: só o
    formato é verificado.
    """
    elements = [find(message.root, "cabecalho/destino/registroANS")]
    for guia in message.guias:
        parent = guia.cabecalho if guia.cabecalho is not None else guia.element
        elements.append(find(parent, "registroANS"))
    for element in elements:
        if element is not None and not _REGISTRO_ANS.fullmatch(stripped(element)):
            yield Hit(
                element,
                f"registroANS {stripped(element)} inválido: o registro da operadora na ANS tem 6 "
                "dígitos, sem traço (ex.: ANS nº 33198-8 → 331988).",
                ctx={"found": stripped(element), "length": 6},
            )


@rule(
    "ID-002",
    Severity.ERROR,
    title="CNPJ com dígitos verificadores",
    scope=Scope.GUIA,
)
def cnpj(guia: GuiaContext) -> Iterator[Hit]:
    """Todo CNPJ da guia (contratado, local de execução) tem formato e dígitos verificadores
    válidos, numérico ou, a partir da 4.03.00, alfanumérico (glosa 1206).

    Dígitos verificadores por módulo 11 com cada caractere valendo ord(c) - 48 (IN RFB
    2.229/2024); 14 caracteres iguais são recusados.
    """
    yield from cnpj_hits(guia.named("cnpjContratado", "cnpjLocalExecutante"))


@rule(
    "ID-003",
    Severity.ERROR,
    title="CPF com dígitos verificadores",
    scope=Scope.GUIA,
)
def cpf(guia: GuiaContext) -> Iterator[Hit]:
    """Todo CPF da guia (contratado, profissionais da equipe) tem 11 dígitos e dígitos
    verificadores válidos; 11 dígitos iguais são recusados (glosa 1206)."""
    yield from cpf_hits(guia.named("cpfContratado"))


@rule("ID-004", Severity.ERROR, title="CNES com 7 dígitos", scope=Scope.GUIA)
def cnes(guia: GuiaContext) -> Iterator[Hit]:
    """O CNES do executante tem 7 dígitos; 9999999 (prestador sem CNES) é aceito com alerta.

    O schema só exige de 1 a 7 caracteres quaisquer, então ' ' ou '123' passam nele (glosa 1202).
    """
    for element in guia.named("CNES", "cnes", "cnesContratadoExecutante"):
        value = stripped(element)
        if value == CNES_SEM_CADASTRO:
            yield Hit(
                element,
                f"CNES {value} ({local_name(element)}) indica prestador sem cadastro no CNES; "
                "confirme que o estabelecimento realmente não tem CNES.",
                Severity.WARNING,
            )
        elif not _CNES.fullmatch(value):
            yield Hit(
                element,
                f"CNES {value} ({local_name(element)}) inválido: o CNES tem 7 dígitos "
                f"(use {CNES_SEM_CADASTRO} se o prestador não tiver CNES).",
                ctx={"found": value, "length": 7},
            )


CONSELHOS = {
    "01": "CRESS", "02": "COREN", "03": "CRF", "04": "CRFa", "05": "CREFITO",
    "06": "CRM", "07": "CRN", "08": "CRO", "09": "CRP", "10": "outros conselhos",
    "11": "CRBio", "12": "CRBM", "13": "CREF", "14": "CRMV", "15": "CRTR",
}  # fmt: skip
"""dm_conselhoProfissional (TUSS tabela 26)."""

CBO_FAMILIES = {
    "01": ("2516",),  # assistentes sociais
    "02": ("2235", "3222"),  # enfermeiros; técnicos e auxiliares de enfermagem
    "03": ("2234",),  # farmacêuticos
    "04": ("2238",),  # fonoaudiólogos
    "05": ("2236", "2239"),  # fisioterapeutas; terapeutas ocupacionais
    "06": ("225",),  # médicos (2251, 2252, 2253)
    "07": ("2237",),  # nutricionistas
    "08": ("2232",),  # cirurgiões-dentistas
    "09": ("2515",),  # psicólogos
    "11": ("2211",),  # biólogos
    "12": ("2212",),  # biomédicos
    "13": ("2241",),  # profissionais de educação física
}
"""CBO 2002 (MTE) family prefixes expected for each conselho.

Domain knowledge, not an ANS table, hence only a warning. CRMV (14), CRTR (15) and 'outros'
(10) have no fixed family and are not checked.
"""

UF_IBGE = {
    "RO": "11", "AC": "12", "AM": "13", "RR": "14", "PA": "15", "AP": "16", "TO": "17",
    "MA": "21", "PI": "22", "CE": "23", "RN": "24", "PB": "25", "PE": "26", "AL": "27",
    "SE": "28", "BA": "29", "MG": "31", "ES": "32", "RJ": "33", "SP": "35", "PR": "41",
    "SC": "42", "RS": "43", "MS": "50", "MT": "51", "GO": "52", "DF": "53",
}  # fmt: skip
"""dm_UF uses IBGE codes; a sigla ('SP') is a common mistake worth a precise hint."""

_CONSELHO, _CONSELHO_EQUIPE, _CBOS, _CBO, _UF, _NUMERO_CONSELHO = (
    q(name)
    for name in (
        "conselhoProfissional",
        "conselho",
        "CBOS",
        "CBO",
        "UF",
        "numeroConselhoProfissional",
    )
)
_PROFISSIONAIS = (
    "profissionalExecutante",
    "profissionalSolicitante",
    "equipeSadt",
    "identificacaoEquipe",
    "profissionais",
)


@rule(
    "ID-005",
    Severity.WARNING,
    title="Conselho, UF e CBO coerentes",
    scope=Scope.GUIA,
)
def conselho_uf_cbo(guia: GuiaContext) -> Iterator[Hit]:
    """Conselho profissional, UF e CBO de cada profissional são coerentes: CBO da família do
    conselho (ex.: CRM → 225xxx), UF como código IBGE (35, não 'SP') e número do conselho só com
    dígitos (glosas 1213, 3267, 3269).

    A família de CBO por conselho vem da CBO 2002 (MTE), não de uma tabela ANS; CRMV, CRTR e
    'outros conselhos' não são verificados.
    """
    for profissional in guia.named(*_PROFISSIONAIS):
        who = local_name(profissional)
        # Field names differ by guia type (conselho/conselhoProfissional, CBO/CBOS).
        fields = {child.tag: child for child in profissional}
        conselho = fields.get(_CONSELHO, fields.get(_CONSELHO_EQUIPE))
        cbo = fields.get(_CBOS, fields.get(_CBO))
        if conselho is not None and cbo is not None:
            code, value = stripped(conselho), stripped(cbo)
            families = CBO_FAMILIES.get(code, ())
            if families and value != CBO_DESCONHECIDO and not value.startswith(families):
                expected = " ou ".join(family.ljust(6, "x") for family in families)
                yield Hit(
                    cbo,
                    f"CBO {value} ({who}) não é da família esperada para o conselho {code} "
                    f"({CONSELHOS[code]}): esperado um CBO {expected}. Confira o conselho e o "
                    "CBO informados.",
                    ctx={"found": value, "conselho": code, "expected": list(families)},
                )
        uf = fields.get(_UF)
        sigla = stripped(uf).upper()
        if uf is not None and sigla in UF_IBGE:
            yield Hit(
                uf,
                f"UF {stripped(uf)} ({who}) deve ser o código IBGE do estado, não a sigla: "
                f"use {UF_IBGE[sigla]}.",
                ctx={"found": stripped(uf), "expected": UF_IBGE[sigla]},
            )
        numero = fields.get(_NUMERO_CONSELHO)
        if numero is not None and stripped(numero) and not stripped(numero).isdigit():
            yield Hit(
                numero,
                f"numeroConselhoProfissional {stripped(numero)} ({who}) contém caracteres que não "
                "são dígitos; informe só o número de registro no conselho.",
            )


@rule(
    "ID-006",
    Severity.WARNING,
    title="CBO 999999 só para solicitante",
    scope=Scope.GUIA,
)
def cbo_desconhecido(guia: GuiaContext) -> Iterator[Hit]:
    """O CBO 999999 ('desconhecido ou não informado pelo solicitante') só é usado para o
    profissional solicitante, nunca para quem executou o atendimento."""
    for element in guia.named("CBOS", "CBO"):
        parent = element.getparent()
        if (
            stripped(element) == CBO_DESCONHECIDO
            and parent is not None
            and (local_name(parent) != "profissionalSolicitante")
        ):
            yield Hit(
                element,
                f"CBO {CBO_DESCONHECIDO} ({local_name(parent)}) só é aceito para o profissional "
                "solicitante; informe o CBO do profissional que executou o atendimento.",
            )


@rule(
    "ID-007",
    Severity.ERROR,
    title="Identificação do beneficiário",
    scope=Scope.GUIA,
)
def beneficiario(guia: GuiaContext) -> Iterator[Hit]:
    """O beneficiário tem numeroCarteira preenchido, atendimentoRN S ou N e, se
    identificadorBeneficiario (biometria) for enviado, tipoIdent (glosa 1001)."""
    name = guia.guia_kind.beneficiario
    dados = section(guia, name)
    carteira = dados.get("numeroCarteira")
    if carteira is not None and not dados.text("numeroCarteira"):
        yield Hit(carteira, "numeroCarteira do beneficiário está em branco: informe a carteira.")
    rn = dados.get("atendimentoRN")
    if rn is not None and dados.text("atendimentoRN") not in ("S", "N"):
        yield Hit(
            rn,
            f"atendimentoRN {dados.text('atendimentoRN')} inválido: use S (recém-nascido "
            "atendido no plano do responsável) ou N.",
        )
    if "identificadorBeneficiario" in dados and "tipoIdent" not in dados:
        yield Hit(
            section(guia, ".")[name],
            "identificadorBeneficiario informado sem tipoIdent: informe o tipo de identificação "
            "usado (01 a 09, tabela 72).",
        )


@rule(
    "ID-008",
    Severity.ERROR,
    title="Nome do profissional com contratado PJ (consulta)",
    scope=Scope.GUIA,
    guia_types=(CONSULTA,),
)
def nome_profissional_consulta(guia: GuiaContext) -> Iterator[Hit]:
    """Na guia de consulta, quando o contratado executante é pessoa jurídica (cnpjContratado), o
    nome do profissional executante (nomeProfissional) é obrigatório.

    Com codigoPrestadorNaOperadora não se sabe se o contratado é PJ: a falta do nome é um alerta.
    """
    contratado = find(guia.element, "contratadoExecutante")
    profissional = find(guia.element, "profissionalExecutante")
    if contratado is None or profissional is None:
        return
    nome = find(profissional, "nomeProfissional")
    if nome is not None and stripped(nome):
        return
    if find(contratado, "cnpjContratado") is not None:
        yield Hit(
            profissional,
            "nomeProfissional do profissional executante é obrigatório quando o contratado "
            "executante é pessoa jurídica (cnpjContratado).",
        )
    elif find(contratado, "codigoPrestadorNaOperadora") is not None:
        yield Hit(
            profissional,
            "nomeProfissional do profissional executante não informado; ele é obrigatório se o "
            "contratado (codigoPrestadorNaOperadora) for pessoa jurídica.",
            Severity.WARNING,
        )


@rule(
    "ID-009",
    Severity.WARNING,
    title="codValidacao ou ausenciaCodValidacao",
    scope=Scope.GUIA,
)
def cod_validacao(guia: GuiaContext) -> Iterator[Hit]:
    """A guia informa o código de validação (codValidacao) ou o motivo da ausência
    (ausenciaCodValidacao), nunca os dois."""
    for element in guia.named("codValidacao"):
        parent = element.getparent()
        if parent is not None and find(parent, "ausenciaCodValidacao") is not None:
            yield Hit(
                element,
                "codValidacao e ausenciaCodValidacao informados juntos: envie o código de "
                "validação ou o motivo da ausência, não os dois.",
            )
