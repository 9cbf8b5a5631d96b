"""Rules on the whole document: value forms (GEN), version differences (VER), encoding and
namespace (ENC), epílogo hash (HASH) and signature (SIG).

The value rules about every field start from the candidates of one shared walk
(:attr:`MessageContext.leaf_scan`), and those about every field of a kind from the values their
check refuses (:meth:`MessageContext.refused_values`), so a big lote never has all its leaves
as Python objects.

VER-004 (item values up to 999999.99 in 4.01.00) is not registered here: TOT-012 already checks
the width of every money field per version, and a second code would report each value twice.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from lxml import etree

from tissbill import spec
from tissbill.spec.kinds import HONORARIOS
from tissbill.validation.context import (
    PADDING,
    GuiaContext,
    MessageContext,
    ValueCheck,
    find,
    spec_path,
    stripped,
    text,
)
from tissbill.validation.declaration import Hit, Scope, rule
from tissbill.validation.findings import Severity
from tissbill.versions import spec_data_dirs, spec_file, supported_versions
from tissbill.xml.elements import local_name
from tissbill.xml.epilogo import HashEncoding, HashStatus, digest, hash_payload
from tissbill.xml.namespaces import TISS_NS, ds_tag, q
from tissbill.xml.parser import ISO_8859_1_ADVICE, normalize_encoding


def _shown(value: str, limit: int = 40) -> str:
    """``value`` quoted with its invisible characters made visible, shortened when long."""
    shown = value if len(value) <= limit else value[: limit - 3] + "..."
    return repr(shown)


# --- GEN: generic value rules --------------------------------------------------------------------


@rule(
    "GEN-001",
    Severity.WARNING,
    title="Campos sem espaços em branco sobrando",
    scope=Scope.MESSAGE,
)
def blank_or_padded(message: MessageContext) -> Iterator[Hit]:
    """Nenhum campo obrigatório é preenchido só com espaços (erro); um campo opcional só com
    espaços (alerta: omita o elemento) e espaços no início ou no fim (alerta: eles entram no
    hash e confundem a operadora) também são apontados.

    Os tipos texto do schema só exigem 1 caractere, então ' ' passa no schema. Se o campo é
    obrigatório ou não vem do schema da versão do arquivo; quando isso não pode ser decidido,
    o campo em branco é tratado como obrigatório.
    """
    for element in message.leaf_scan.padded:
        value = element.text or ""
        name = local_name(element)
        if not value.strip(PADDING):
            if message.optional_in_schema(element):
                yield Hit(
                    element,
                    f"{name} está preenchido só com espaços ({_shown(value)}): o campo é "
                    "opcional; omita o elemento quando não houver valor.",
                )
                continue
            yield Hit(
                element,
                f"{name} está preenchido só com espaços ({_shown(value)}): informe o valor ou, "
                "se o campo for opcional, omita o elemento.",
                Severity.ERROR,
            )
        else:
            yield Hit(
                element,
                f"{name} tem espaços no início ou no fim ({_shown(value)}): remova-os; eles "
                "entram no cálculo do hash e podem ser recusados pela operadora.",
            )


_ZONED_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:Z|[+-]\d{2}:\d{2})")
_ZONED_TIME = re.compile(r"\d{2}:\d{2}:\d{2}(?:\.\d+(?:Z|[+-]\d{2}:\d{2})?|Z|[+-]\d{2}:\d{2})")


def _plain_date_or_time(value: str) -> bool:
    """Whether GEN-002 lets ``value`` through: not a date or time with a zone or fraction."""
    # Plain HH:MM:SS or AAAA-MM-DD, the usual case ('10:00:00.5' is 10 characters too).
    if len(value) == 8 or (len(value) == 10 and value[4] == "-"):
        return True
    return not (_ZONED_DATE.fullmatch(value) or _ZONED_TIME.fullmatch(value))


def _date_check(name: str) -> ValueCheck | None:
    """GEN-002 looks at every data* and hora* field."""
    return _plain_date_or_time if name.startswith(("data", "hora")) else None


@rule(
    "GEN-002",
    Severity.WARNING,
    title="Datas e horas sem fuso horário",
    scope=Scope.MESSAGE,
)
def plain_dates(message: MessageContext) -> Iterator[Hit]:
    """Datas vão como AAAA-MM-DD e horas como HH:MM:SS, sem fuso horário nem fração de segundo.

    O schema (xs:date, xs:time) aceita '2025-01-29-03:00', 'Z' e '10:00:00.5', que muitas
    operadoras não leem.
    """
    for element, value in message.refused_values(_date_check):
        if _ZONED_DATE.fullmatch(value):
            yield Hit(
                element,
                f"{local_name(element)} {value} tem fuso horário: envie só a data no formato "
                f"AAAA-MM-DD ({value[:10]}).",
            )
        elif _ZONED_TIME.fullmatch(value):
            yield Hit(
                element,
                f"{local_name(element)} {value} tem fuso horário ou fração de segundo: envie só "
                f"HH:MM:SS ({value[:8]}).",
            )


_OTHER_DECIMALS = frozenset(("quantidadeExecutada", "reducaoAcrescimo", "fatorReducaoAcrescimo"))


_MONEY = re.compile(r"\d+\.\d{2}")
_DECIMAL = re.compile(r"\d+(?:\.\d+)?")
_ZERO = re.compile(r"0+(?:\.0*)?|\.0+")


def _is_zero(value: str) -> bool:
    """Whether ``value`` is a zero in decimal form (``0``, ``0.00``, ``.0``)."""
    return _ZERO.fullmatch(value) is not None


def _form_check(form: re.Pattern[str]) -> ValueCheck:
    """What GEN-003 lets through for values of this ``form``: the form, empty values and
    negatives other than zero (those are other rules' concern; -0.00 passes them)."""

    def in_form(value: str) -> bool:
        if value.startswith("-"):
            return not _is_zero(value[1:])
        return not value or form.fullmatch(value) is not None

    return in_form


_in_money_form = _form_check(_MONEY)
_in_decimal_form = _form_check(_DECIMAL)


def _decimal_check(name: str) -> ValueCheck | None:
    """GEN-003 looks at every valor* field (money) and at the other decimal fields."""
    if name.startswith("valor"):
        return _in_money_form
    return _in_decimal_form if name in _OTHER_DECIMALS else None


@rule(
    "GEN-003",
    Severity.WARNING,
    title="Forma dos valores decimais",
    scope=Scope.MESSAGE,
)
def decimal_form(message: MessageContext) -> Iterator[Hit]:
    """Valores decimais usam ponto como separador, sem separador de milhar nem sinal; valores
    em reais têm exatamente 2 casas decimais (ex.: 1800.00).

    Valores negativos não são tratados aqui: as regras de cada campo (OD-008 a OD-010, TOT-012)
    os recusam. O zero com sinal (-0.00), que elas aceitam por ser igual a zero, é tratado aqui.
    """
    for element, value in message.refused_values(_decimal_check):
        name = local_name(element)
        money = name.startswith("valor")
        if "," in value:
            yield Hit(
                element,
                f"{name} {value} usa vírgula: use ponto como separador decimal e nenhum "
                "separador de milhar (ex.: 1800.00).",
            )
        elif value.startswith("+"):
            yield Hit(element, f"{name} {value} tem sinal '+': envie o número sem sinal.")
        elif value.startswith("-"):
            yield Hit(
                element,
                f"{name} {value} é um zero com sinal '-': envie o zero sem sinal "
                f"({'0.00' if money else '0'}).",
            )
        elif money:
            yield Hit(
                element,
                f"{name} {value}: valores em reais têm exatamente 2 casas decimais, com "
                "ponto (ex.: 1800.00).",
            )
        else:
            yield Hit(
                element,
                f"{name} {value} não está na forma decimal esperada: dígitos, ponto e casas "
                "decimais (ex.: 1.00).",
            )


_PROCEDURE_QUANTITY = q("quantidadeExecutada")
_DESPESA_SERVICOS = q("servicosExecutados")
_INTEGER = re.compile(r"[+-]?\d+")


@rule(
    "GEN-004",
    Severity.ERROR,
    title="Quantidade inteira positiva",
    scope=Scope.MESSAGE,
)
def positive_integers(message: MessageContext) -> Iterator[Hit]:
    """A quantidade executada de procedimentos (número inteiro) é maior ou igual a 1.

    Os tipos numéricos inteiros do schema só limitam o número de dígitos e aceitam 0 e
    negativos. sequencialItem (≥ 1) é verificado por OD-012 e a quantidade decimal das outras
    despesas por OD-008, para não repetir o mesmo problema com dois códigos.
    """
    for element in message.root.iter(_PROCEDURE_QUANTITY):
        if len(element):
            continue
        parent = element.getparent()
        value = stripped(element)
        if parent is None or parent.tag == _DESPESA_SERVICOS or not _INTEGER.fullmatch(value):
            continue
        if int(value) < 1:
            yield Hit(
                element,
                f"quantidadeExecutada {value} do procedimento inválida: deve ser um número "
                "inteiro maior ou igual a 1.",
            )


@rule(
    "GEN-005",
    Severity.WARNING,
    title="Valores sem comentário, instrução ou CDATA",
    scope=Scope.MESSAGE,
)
def markup_in_values(message: MessageContext) -> Iterator[Hit]:
    """Nenhum valor tem comentário (`<!-- -->`), instrução de processamento (`<? ?>`) ou seção
    CDATA no meio: o schema e o hash leem o valor inteiro, mas leitores que param no
    comentário veem só uma parte dele.

    O tissbill verifica o valor inteiro; o alerta é para que a operadora leia o mesmo valor.
    """
    found: dict[etree._Element, list[str]] = {}
    for element, kind in message.value_markup:
        found.setdefault(element, []).append(kind.value)
    for element, kinds in found.items():
        yield Hit(
            element,
            f"{local_name(element)} contém {' e '.join(kinds)} dentro do valor "
            f"({_shown(element.text or '')}): o valor lido é o texto inteiro, mas operadoras "
            "podem ler só uma parte. Remova-o do campo.",
        )


# --- VER: differences between TISS versions ------------------------------------------------------
# The facts come from tissbill.spec: which elements a version has, the patterns of its types and
# the codes of its tables, compared with the later versions that have data files.


def _version(message: MessageContext) -> str | None:
    """The version the file is checked against, else its Padrao when supported."""
    if message.version is not None:
        return message.version
    value = (text(message.cabecalho, "Padrao") or "").strip()
    return value if spec_file(value) is not None else None


def _later(version: str) -> tuple[spec.VersionSpec, ...]:
    """The facts of the supported versions after ``version``, oldest first."""
    return _versions_after(version, spec_data_dirs())


@cache
def _versions_after(version: str, _dirs: tuple[Path, ...]) -> tuple[spec.VersionSpec, ...]:
    # Keyed by the data folders: a folder added later may bring a newer version.
    return tuple(spec.for_version(v) for v in supported_versions() if v > version)


@cache
def _added_later(version: str, _dirs: tuple[Path, ...]) -> dict[str, tuple[str, bool]]:
    """Element name → (the first later version where a place of that name is added, whether
    it is mandatory there), for the elements the versions after ``version`` added."""
    added: dict[str, tuple[str, bool]] = {}
    older = spec.for_version(version)
    for newer in _later(version):
        for change in spec.diff(older, newer):
            if change.kind == "added" and "/" in change.where:
                owner, _, name = change.where.rpartition("/")
                row = {f.name: f for f in newer.children_of(owner)}[name]
                added.setdefault(name, (newer.version, row.required))
    return added


def _first_having(version: str, path: str) -> str | None:
    """The first version after ``version`` with an element at ``path``."""
    return next((later.version for later in _later(version) if later.find(path)), None)


@cache
def _letters_since(version: str, _dirs: tuple[Path, ...]) -> str | None:
    """The first version after ``version`` whose CNPJ (st_CNPJ) takes letters (the
    alphanumeric CNPJ), None when ``version`` already takes them or none does."""
    sample = "AB" * 6 + "00"

    def takes(facts: spec.VersionSpec) -> bool:
        patterns = facts.simple_facts("st_CNPJ").get("patterns", ())
        return any(re.fullmatch(pattern, sample) for pattern in patterns)

    if takes(spec.for_version(version)):
        return None
    return next((later.version for later in _later(version) if takes(later)), None)


@rule(
    "VER-001",
    Severity.ERROR,
    title="CNPJ alfanumérico só a partir da 4.03",
    scope=Scope.MESSAGE,
)
def alphanumeric_cnpj(message: MessageContext) -> Iterator[Hit]:
    """O CNPJ alfanumérico (com letras) só é aceito a partir da versão TISS cujo schema o aceita
    (4.03.00); nas versões anteriores o CNPJ tem 14 dígitos."""
    version = _version(message)
    since = None if version is None else _letters_since(version, spec_data_dirs())
    if since is None:
        return
    elements = [find(message.root, "cabecalho/origem/identificacaoPrestador/CNPJ")]
    for guia in message.guias:
        elements.extend(guia.named("cnpjContratado", "cnpjLocalExecutante"))
    for element in elements:
        value = stripped(element)
        if element is not None and any(c.isalpha() for c in value):
            yield Hit(
                element,
                f"CNPJ {value} ({local_name(element)}) é alfanumérico, aceito só a partir da "
                f"TISS {since}; na versão {version} o CNPJ tem 14 dígitos.",
            )


@rule(
    "VER-002",
    Severity.ERROR,
    title="Elemento opcional de uma versão posterior",
    scope=Scope.GUIA,
)
def element_of_later_version(guia: GuiaContext) -> Iterator[Hit]:
    """Um elemento que só existe numa versão TISS posterior à do arquivo (ex.: centroConsumo,
    incluído na 4.03.00) não pode ser enviado. Os que passaram a ser obrigatórios são da
    VER-003."""
    version = _version(guia.message)
    if version is None:
        return
    added = _added_later(version, spec_data_dirs())
    names = [name for name, (_, required) in added.items() if not required]
    if not names:
        return
    older = spec.for_version(version)
    for element in guia.named(*names):
        path = spec_path(element)
        if path is None or older.find(path):
            continue
        since = _first_having(version, path)
        if since is not None:
            yield Hit(
                element,
                f"{local_name(element)} não existe na TISS {version}: remova-o ou gere o "
                f"arquivo na versão {since}.",
            )


@rule(
    "VER-003",
    Severity.ERROR,
    title="caraterAtendimento dos honorários na 4.03",
    scope=Scope.GUIA,
    guia_types=(HONORARIOS,),
)
def honorarios_carater(guia: GuiaContext) -> Iterator[Hit]:
    """Na guia de honorários, caraterAtendimento (em dadosInternacao) é obrigatório nas versões
    TISS cujo schema o exige (a partir da 4.03.00) e não existe nas anteriores."""
    version = _version(guia.message)
    dados = find(guia.element, "dadosInternacao")
    if version is None or dados is None:
        return
    carater = find(dados, "caraterAtendimento")
    path = f"{spec_path(dados)}/caraterAtendimento"
    facts = spec.for_version(version).find(path)
    if facts is not None and facts.required and carater is None:
        yield Hit(
            dados,
            f"Na TISS {version} a guia de honorários exige caraterAtendimento em "
            "dadosInternacao (1 eletiva, 2 urgência/emergência), depois de dataFimFaturamento.",
        )
    elif facts is None and carater is not None:
        since = _first_having(version, path)
        yield Hit(
            carater,
            f"caraterAtendimento da guia de honorários só existe a partir da TISS {since}; "
            f"remova-o do arquivo na versão {version}.",
        )


@cache
def _codes_added_later(version: str, table: str, _dirs: tuple[Path, ...]) -> dict[str, str]:
    """Code → the first later version whose table ``table`` has it, for the codes that the
    table of ``version`` lacks."""
    known = set(spec.for_version(version).enum_values(table))
    added: dict[str, str] = {}
    for later in _later(version):
        for code in later.enum_values(table):
            if code not in known:
                added.setdefault(code, later.version)
    return added


@rule(
    "VER-005",
    Severity.ERROR,
    title="Código de CBO de uma versão posterior",
    scope=Scope.GUIA,
)
def cbo_of_later_version(guia: GuiaContext) -> Iterator[Hit]:
    """Um CBO (tabela dm_CBOS) incluído numa versão TISS posterior à do arquivo não é aceito
    (ex.: 223575, obstetriz, só a partir da 4.02.00)."""
    version = _version(guia.message)
    if version is None:
        return
    added = _codes_added_later(version, "dm_CBOS", spec_data_dirs())
    if not added:
        return
    for element in guia.named("CBOS", "CBO"):
        code = stripped(element)
        since = added.get(code)
        if since is not None:
            yield Hit(
                element,
                f"CBO {code}{_CBO_NAMES.get(code, '')} não existe na TISS {version}; "
                f"só é aceito a partir da versão {since}.",
            )


_CBO_NAMES = {"223575": " (obstetriz)"}
"""Names shown next to a CBO in the messages (the spec has codes only)."""


# --- ENC: encoding and namespace -----------------------------------------------------------------


@rule(
    "ENC-001",
    Severity.WARNING,
    title="Arquivo em ISO-8859-1",
    scope=Scope.MESSAGE,
)
def iso_8859_1(message: MessageContext) -> Iterator[Hit]:
    """O arquivo declara e usa a codificação ISO-8859-1, a do hash e dos schemas oficiais.

    Um arquivo UTF-8, UTF-16 ou UTF-32 é XML válido, mas muitas operadoras esperam ISO-8859-1
    (UTF-16 e UTF-32 dispensam a declaração: vale a codificação dos bytes). Sem a declaração
    conhecida (árvore montada em memória) a regra não se aplica.
    """
    declared = message.declared_encoding
    if declared is not None and normalize_encoding(declared) != "iso-8859-1":
        yield Hit(
            message.root,
            f"O arquivo declara a codificação {declared.upper()}; {ISO_8859_1_ADVICE}. Gere com "
            '<?xml version="1.0" encoding="ISO-8859-1"?>.',
        )


_LOOKALIKES = {
    "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
    "\u2013": "-", "\u2014": "-", "\u2026": "...", "\u20ac": "EUR",
}  # fmt: skip
"""Usual replacements for what word processors type (curly quotes, dashes, ellipsis, euro)."""
_NOT_LATIN1 = re.compile(r"[^\x00-\xff]")
_C1_CONTROL = re.compile(r"[\x80-\x9f]")


@rule(
    "ENC-002",
    Severity.ERROR,
    title="Só caracteres do ISO-8859-1",
    scope=Scope.MESSAGE,
)
def latin1_only(message: MessageContext) -> Iterator[Hit]:
    """Os valores só têm caracteres do ISO-8859-1: aspas curvas, travessões, emoji e outros
    caracteres fora dele não podem ser gravados no arquivo e impedem o cálculo do hash.

    Caracteres de controle U+0080 a U+009F (em geral texto do Windows-1252 lido como
    ISO-8859-1) são um alerta: chegam à operadora como símbolos estranhos.
    """
    for element in message.leaf_scan.suspect:
        value = element.text or ""
        # Regex scans run in C: accented names are common, so avoid looping per character.
        outside = sorted(set(_NOT_LATIN1.findall(value)))
        if outside:
            listed = ", ".join(f"{c} (U+{ord(c):04X})" for c in outside)
            hints = ", ".join(f"{c} → {_LOOKALIKES[c]}" for c in outside if c in _LOOKALIKES)
            yield Hit(
                element,
                f"{local_name(element)} contém caractere fora do ISO-8859-1: {listed}. Substitua "
                f"por um caractere equivalente{f' ({hints})' if hints else ''}; sem isso o "
                "arquivo não pode ser gravado em ISO-8859-1 nem ter o hash calculado.",
            )
        elif _C1_CONTROL.search(value):
            yield Hit(
                element,
                f"{local_name(element)} contém caractere de controle invisível "
                f"({_shown(value)}), em geral aspas ou travessão do Windows-1252 lidos como "
                "ISO-8859-1; corrija o texto de origem.",
                Severity.WARNING,
            )


@rule(
    "ENC-003",
    Severity.WARNING,
    title="Prefixo 'ans' no namespace TISS",
    scope=Scope.MESSAGE,
)
def ans_prefix(message: MessageContext) -> Iterator[Hit]:
    """Os elementos usam o namespace TISS com o prefixo convencional 'ans'.

    O prefixo não é normativo, mas há operadoras cujo leitor depende dele.
    """
    root = message.root
    if root.tag == q("mensagemTISS") and root.prefix != "ans":
        used = f"o prefixo '{root.prefix}'" if root.prefix else "o namespace padrão (sem prefixo)"
        yield Hit(
            root,
            f"A mensagem usa {used} para o namespace TISS; use o prefixo 'ans' "
            f'(xmlns:ans="{TISS_NS}"), esperado por algumas operadoras.',
        )


# --- HASH and SIG: epílogo hash and signature ----------------------------------------------------

_SIGNATURE = ds_tag("Signature")


@rule(
    "HASH-001",
    Severity.ERROR,
    title="Hash do epílogo confere",
    scope=Scope.MESSAGE,
)
def hash_matches(message: MessageContext) -> Iterator[Hit]:
    """O hash do epílogo é o MD5, em hexadecimal, dos valores de todos os campos da mensagem,
    juntados na ordem do arquivo e codificados em ISO-8859-1 (glosa 5014).

    Os valores entram exatamente como estão, sem tirar espaços; o próprio hash e a assinatura
    digital da mensagem (ds:Signature) ficam de fora.
    """
    check = message.hash_check
    element = find(message.root, "epilogo/hash")
    if check.status is HashStatus.MISSING:
        where = element if element is not None else find(message.root, "epilogo")
        yield Hit(
            where if where is not None else message.root,
            "O epílogo não tem hash: informe em epilogo/hash o MD5 dos valores da mensagem.",
        )
    elif check.status is HashStatus.INVALID:
        if check.expected is None:
            expected = (
                "ele não pode ser calculado em ISO-8859-1 porque há caracteres fora dessa "
                "codificação (veja ENC-002)"
            )
        else:
            expected = f"o valor calculado é {check.expected}"
        yield Hit(
            element,
            f"O hash do epílogo {(check.declared or '').strip()} não confere com o conteúdo da "
            f"mensagem; {expected}. O arquivo foi alterado depois de gerado ou o hash foi "
            "calculado de outra forma.",
            ctx={"found": (check.declared or "").strip(), "expected": check.expected},
        )


@rule(
    "HASH-002",
    Severity.WARNING,
    title="XML compacto, sem indentação",
    scope=Scope.MESSAGE,
)
def compact_xml(message: MessageContext) -> Iterator[Hit]:
    """O arquivo é gerado compacto, sem quebras de linha nem espaços entre as tags.

    O hash oficial ignora esse espaço, mas operadoras que calculam o hash removendo as tags do
    texto do arquivo obtêm outro valor num arquivo indentado.
    """
    if message.leaf_scan.indented:
        yield Hit(
            message.root,
            "O arquivo está indentado (quebras de linha e espaços entre as tags): operadoras "
            "que calculam o hash sobre o texto do arquivo chegam a outro valor. Gere o XML "
            "compacto, sem espaços entre as tags.",
        )


@rule(
    "HASH-003",
    Severity.WARNING,
    title="Hash em UTF-8 ou em maiúsculas",
    scope=Scope.MESSAGE,
)
def hash_variant(message: MessageContext) -> Iterator[Hit]:
    """O hash é comparado sem distinguir maiúsculas de minúsculas; quando só confere com o MD5
    calculado sobre os bytes em UTF-8, e não em ISO-8859-1, a regra avisa.

    Algumas operadoras calculam o hash em UTF-8 e aceitam esse valor; outras o recusam.
    """
    check = message.hash_check
    element = find(message.root, "epilogo/hash")
    declared = (check.declared or "").strip()
    if check.status is HashStatus.UTF8_VARIANT:
        iso = f" ({check.expected})" if check.expected is not None else ""
        yield Hit(
            element,
            f"O hash do epílogo {declared} foi calculado sobre o texto em UTF-8; a ANS manda "
            f"calcular em ISO-8859-1{iso}. Algumas operadoras aceitam, outras recusam o lote.",
        )
    elif check.status is HashStatus.VALID and declared != declared.lower():
        yield Hit(
            element,
            f"O hash do epílogo {declared} está em letras maiúsculas: confere, mas gere-o em "
            "minúsculas, como a maioria das operadoras compara.",
            Severity.INFO,
        )


@rule(
    "HASH-004",
    Severity.INFO,
    title="Assinatura fora do hash",
    scope=Scope.MESSAGE,
)
def hash_without_signature(message: MessageContext) -> Iterator[Hit]:
    """A assinatura digital da mensagem (ds:Signature) fica fora do hash, pois é calculada
    depois dele; a regra avisa quando o hash informado só confere incluindo a assinatura."""
    check = message.hash_check
    signature = message.root.find(_SIGNATURE)
    if check.status is not HashStatus.INVALID or signature is None:
        return
    # The signature is the last child of mensagemTISS: its values come after all the others.
    payload = hash_payload(message.root) + "".join(
        element.text or ""
        for element in signature.iter()
        if isinstance(element.tag, str) and len(element) == 0
    )
    declared = (check.declared or "").strip().lower()
    if declared in (digest(payload, HashEncoding.ISO_8859_1), digest(payload, HashEncoding.UTF_8)):
        yield Hit(
            find(message.root, "epilogo/hash"),
            "O hash do epílogo foi calculado incluindo os valores da assinatura digital "
            "(ds:Signature); a assinatura é feita depois do hash e deve ficar fora dele.",
        )


@rule(
    "SIG-001",
    Severity.INFO,
    title="Assinatura digital recomendada",
    scope=Scope.MESSAGE,
    opt_in=True,
)
def signature_recommended(message: MessageContext) -> Iterator[Hit]:
    """A assinatura digital do prestador (ds:Signature, XAdES AD-RB com certificado ICP-Brasil)
    é recomendada pela ANS, não obrigatória.

    Desligada por padrão, porque a maioria dos portais aceita lotes sem assinatura: um perfil
    que dê severidade a SIG-001 a liga para a operadora que exige a assinatura."""
    if message.root.find(_SIGNATURE) is None:
        yield Hit(
            message.root,
            "A mensagem não tem assinatura digital (ds:Signature). Ela é recomendada pela ANS "
            "(XAdES, política AD-RB, certificado ICP-Brasil) e algumas operadoras a exigem.",
        )
