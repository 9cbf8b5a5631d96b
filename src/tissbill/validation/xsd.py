"""Validation against the official ANS XSD, with libxml2's messages rewritten in Portuguese.

libxml2 reports, in English and with Clark-notation names, things such as
``Element '{ns}foo': This element is not expected. Expected is one of ( {ns}a, {ns}b ).``
Each error becomes a :class:`~tissbill.validation.findings.Finding` with code ``XSD`` that names
the element, what the schema expected and what the file has, plus the line and a canonical
``/ans:...`` XPath of the element, and the guia it belongs to.

Two schema errors have a business rule that says the same thing better: more than 100 guias in a
lote (LOT-001) and guias of different types in one lote (LOT-002); the XSD only says "this element
is not expected". Such errors are translated into a specific message *and* marked with the rule
that explains them; the pipeline drops the schema finding when that rule reported it as an
error, and keeps it otherwise (rule downgraded or switched off by a profile, or not registered),
so the problem is reported once and never lost nor softened.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Protocol, cast

from lxml import etree

from tissbill.spec.kinds import KIND_BY_ELEMENT
from tissbill.validation.engine import SourceIndex, element_xpath, located
from tissbill.validation.findings import Finding, Severity, shorten, without_long_value
from tissbill.xml.elements import local_name
from tissbill.xml.namespaces import TISS_NS, q

CODE = "XSD"

_GUIAS_TISS = q("guiasTISS")
_MAX_LISTED = 12
"""Enumerations such as dm_tipoGlosa have hundreds of values; list only the first ones."""

# The shapes of libxml2's English messages (xmlschemas.c) that carry the facts we need.
_ELEMENT = re.compile(
    r"^Element '(?P<name>[^']*)'(?:, attribute '(?P<attr>[^']*)')?: (?P<rest>.*)$", re.S
)
_EXPECTED = re.compile(r"Expected is (?:one of )?\( (?P<names>.*?) \)")
_ENUM = re.compile(r"The value '(?P<value>.*)' is not an element of the set \{(?P<set>.*)\}", re.S)
_PATTERN = re.compile(
    r"The value '(?P<value>.*)' is not accepted by the pattern '(?P<pattern>.*)'", re.S
)
_LENGTH = re.compile(
    r"has a length of '(?P<actual>\d+)'; this \w+ the allowed \w* ?length of '(?P<limit>\d+)'"
)
_DIGITS = re.compile(
    r"The value '(?P<value>.*)' has more (?P<frac>fractional )?digits than are allowed "
    r"\('(?P<limit>\d+)'\)",
    re.S,
)
_BOUND = re.compile(
    r"The value '(?P<value>.*)' is (?:less|greater) than .*\('(?P<limit>[^']*)'\)", re.S
)
_DATATYPE = re.compile(
    r"^'(?P<value>.*)' is not a valid value of the (?:local )?(?:atomic|list|union) type"
    r"(?: '(?P<type>[^']*)')?",
    re.S,
)
_ATTRIBUTE_NOT_ALLOWED = re.compile(r"The attribute '(?P<attr>[^']*)' is not allowed")
_ATTRIBUTE_MISSING = re.compile(r"The attribute '(?P<attr>[^']*)' is required but missing")
_DIGIT_PATTERN = re.compile(r"^\[0-9\]\{(?P<low>\d+)(?:,(?P<high>\d+))?\}$")
_DECIMAL_TYPE = re.compile(r"^st_decimal(?P<total>\d+)-(?P<fraction>\d+)$")
_INTEGER_TYPE = re.compile(r"^st_numerico(?P<total>\d+)$")

_VALUE_ERRORS = frozenset(
    {
        "SCHEMAV_CVC_ENUMERATION_VALID",
        "SCHEMAV_CVC_PATTERN_VALID",
        "SCHEMAV_CVC_LENGTH_VALID",
        "SCHEMAV_CVC_MINLENGTH_VALID",
        "SCHEMAV_CVC_MAXLENGTH_VALID",
        "SCHEMAV_CVC_FRACTIONDIGITS_VALID",
        "SCHEMAV_CVC_TOTALDIGITS_VALID",
        "SCHEMAV_CVC_MININCLUSIVE_VALID",
        "SCHEMAV_CVC_MAXINCLUSIVE_VALID",
        "SCHEMAV_CVC_MINEXCLUSIVE_VALID",
        "SCHEMAV_CVC_MAXEXCLUSIVE_VALID",
        "SCHEMAV_CVC_DATATYPE_VALID_1_2_1",
        "SCHEMAV_CVC_DATATYPE_VALID_1_2_2",
        "SCHEMAV_CVC_DATATYPE_VALID_1_2_3",
    }
)

_BUILTIN_TYPES = {
    "date": "uma data no formato AAAA-MM-DD (ex.: 2025-02-05)",
    "time": "uma hora no formato HH:MM:SS (ex.: 14:30:00)",
    "dateTime": "data e hora no formato AAAA-MM-DDTHH:MM:SS",
    "decimal": "um número com ponto como separador decimal (ex.: 1234.56)",
    "integer": "um número inteiro",
    "boolean": "true ou false",
    "base64Binary": "conteúdo em Base64",
}
_NAMED_TYPES = {
    "st_data": _BUILTIN_TYPES["date"],
    "st_dataPadrao": _BUILTIN_TYPES["date"],
    "st_hora": _BUILTIN_TYPES["time"],
    "st_dataHora": _BUILTIN_TYPES["dateTime"],
    "st_logico": _BUILTIN_TYPES["boolean"],
}


class _SchemaError(Protocol):
    message: str
    line: int
    path: str | None
    type_name: str


@dataclass(frozen=True, slots=True)
class SchemaIssue:
    """One schema error as a finding, and the business rule that reports it better, if any."""

    finding: Finding
    explained_by: str | None = None


def check(
    tree: etree._ElementTree,
    schema: etree.XMLSchema,
    *,
    guia_of: Callable[[etree._Element], str | None] = lambda _: None,
    xpath_of: Callable[[etree._Element], str] = element_xpath,
    source: SourceIndex | None = None,
) -> list[SchemaIssue]:
    """Validate ``tree`` with the compiled ``schema`` and translate every error.

    ``guia_of`` labels a finding with the numeroGuiaPrestador of the guia containing the element;
    ``xpath_of`` writes its canonical XPath (share an :class:`XPathIndex` across a run);
    ``source`` indexes the file's text, to give the column of each finding.
    A compiled schema keeps its error log on itself, so one schema object must not validate in
    two threads at once (the CLI runs files in processes).
    """
    if schema.validate(tree):
        return []
    locate = _Locator(tree.getroot())
    source = source or SourceIndex()
    issues: list[SchemaIssue] = []
    value_errors_seen: set[str] = set()
    # lxml-stubs declare the error log as opaque; its entries have these attributes.
    for entry in cast("Iterable[_SchemaError]", schema.error_log):
        raw_path = entry.path or ""
        if entry.type_name in _VALUE_ERRORS:
            # libxml2 sometimes follows a facet error with "not a valid value of the type" for
            # the same element; the first message is the informative one.
            if raw_path in value_errors_seen:
                continue
            value_errors_seen.add(raw_path)
        element = locate(raw_path)
        message, explained_by = _describe(entry, element)
        if element is None:
            finding = Finding(
                CODE,
                Severity.ERROR,
                without_long_value(message, None),
                line=entry.line or None,
                xpath=raw_path or None,
            )
        else:
            finding = located(
                CODE,
                Severity.ERROR,
                message,
                element,
                xpath=xpath_of(element),
                guia=guia_of(element),
                source=source,
            )
            if finding.line is None and entry.line:
                finding = replace(finding, line=entry.line)
        issues.append(SchemaIssue(finding, explained_by))
    return issues


class _Locator:
    """Finds the element a libxml2 error path designates (``/ans:a/ans:b[3]`` or ``/*/*[2]``).

    libxml2 writes each step with the prefix the file uses (``*`` for a default namespace) and
    a position among siblings of that name when there are several. Each path prefix is resolved
    once and each parent's children grouped once, so thousands of errors under one parent stay
    linear, where an XPath query per error would be quadratic.
    """

    def __init__(self, root: etree._Element) -> None:
        self._root = root
        self._found: dict[str, etree._Element | None] = {}
        self._groups: dict[etree._Element, dict[tuple[str | None, str], list[etree._Element]]] = {}

    def __call__(self, path: str) -> etree._Element | None:
        if not path.startswith("/"):
            return None
        if path in self._found:
            return self._found[path]
        parent_path, _, step = path.rpartition("/")
        match = _STEP.match(step)
        element: etree._Element | None = None
        if match is not None:
            key = (match.group("prefix"), match.group("name"))
            position = int(match.group("position") or 1) - 1
            if not parent_path:
                if position == 0 and key in (_ANY, _key(self._root)):
                    element = self._root
            elif (parent := self(parent_path)) is not None:
                candidates = self._group(parent).get(key, [])
                element = candidates[position] if position < len(candidates) else None
        self._found[path] = element
        return element

    def _group(self, parent: etree._Element) -> dict[tuple[str | None, str], list[etree._Element]]:
        groups = self._groups.get(parent)
        if groups is None:
            groups = {}
            for child in parent:
                if isinstance(child.tag, str):
                    # "*[n]" counts every element sibling, "p:name[n]" only those so named.
                    groups.setdefault(_ANY, []).append(child)
                    if (key := _key(child)) != _ANY:
                        groups.setdefault(key, []).append(child)
            self._groups[parent] = groups
        return groups


_STEP = re.compile(r"^(?:(?P<prefix>[^:\[\]/]+):)?(?P<name>[^:\[\]/]+)(?:\[(?P<position>\d+)\])?$")
_ANY: tuple[str | None, str] = (None, "*")


def _key(element: etree._Element) -> tuple[str | None, str]:
    """How libxml2 names ``element`` in a path: (prefix, local name); ``*`` without a prefix."""
    if element.prefix is None and isinstance(element.tag, str) and element.tag.startswith("{"):
        return _ANY
    return (element.prefix, local_name(element))


def _describe(entry: _SchemaError, element: etree._Element | None) -> tuple[str, str | None]:
    parsed = _ELEMENT.match(entry.message or "")
    if parsed is not None:
        name = _short(parsed.group("name"))
    else:
        name = local_name(element) if element is not None else "?"
    attribute = parsed.group("attr") if parsed else None
    rest = (parsed.group("rest") if parsed else entry.message or "").strip()
    return _message(entry.type_name, name, attribute, rest, element)


def _enumeration(subject: str, m: re.Match[str], kind: str) -> str:
    values = [v.strip().strip("'") for v in m.group("set").split(",")]
    listed = ", ".join(values[:_MAX_LISTED])
    if len(values) > _MAX_LISTED:
        listed += f", ... ({len(values)} valores ao todo)"
    return f"{subject}: o valor '{_value(m)}' não está entre os valores permitidos ({listed})."


def _pattern(subject: str, m: re.Match[str], kind: str) -> str:
    pattern = _describe_pattern(m.group("pattern"))
    return f"{subject}: o valor '{_value(m)}' não tem o formato exigido ({pattern})."


def _min_max_length(subject: str, m: re.Match[str], kind: str) -> str:
    actual, limit = int(m.group("actual")), int(m.group("limit"))
    if kind == "SCHEMAV_CVC_MAXLENGTH_VALID":
        return f"{subject}: o valor tem {actual} caracteres; o máximo é {limit}."
    if actual == 0:
        return f"{subject}: está vazio; o campo precisa ser preenchido."
    return f"{subject}: o valor tem {actual} caracteres; o mínimo exigido é {limit}."


def _length(subject: str, m: re.Match[str], kind: str) -> str:
    actual, limit = m.group("actual"), m.group("limit")
    return f"{subject}: o valor tem {actual} caracteres; deve ter exatamente {limit}."


def _digits(subject: str, m: re.Match[str], kind: str) -> str:
    what = "casas decimais" if m.group("frac") else "dígitos"
    limit = m.group("limit")
    return f"{subject}: o valor '{_value(m)}' tem mais {what} do que o permitido (máximo {limit})."


def _bound(subject: str, m: re.Match[str], kind: str) -> str:
    side = "abaixo do mínimo" if "MIN" in kind else "acima do máximo"
    return f"{subject}: o valor '{_value(m)}' está {side} permitido ({m.group('limit')})."


def _datatype(subject: str, m: re.Match[str], kind: str) -> str:
    expected = _describe_type(m.group("type"))
    return f"{subject}: o valor '{_value(m)}' não é válido; esperado {expected}."


@dataclass(frozen=True, slots=True)
class _ValueMessage:
    """A libxml2 error about a value: the error types (or their prefixes) it covers, the shape
    of libxml2's text, and the Portuguese message built from what that shape captured."""

    kinds: tuple[str, ...]
    prefix: bool
    shape: re.Pattern[str]
    text: Callable[[str, re.Match[str], str], str]

    def covers(self, kind: str) -> bool:
        return kind.startswith(self.kinds) if self.prefix else kind in self.kinds


_VALUE_MESSAGES = (
    _ValueMessage(("SCHEMAV_CVC_ENUMERATION_VALID",), False, _ENUM, _enumeration),
    _ValueMessage(("SCHEMAV_CVC_PATTERN_VALID",), False, _PATTERN, _pattern),
    _ValueMessage(
        ("SCHEMAV_CVC_MAXLENGTH_VALID", "SCHEMAV_CVC_MINLENGTH_VALID"), False, _LENGTH,
        _min_max_length,
    ),
    _ValueMessage(("SCHEMAV_CVC_LENGTH_VALID",), False, _LENGTH, _length),
    _ValueMessage(
        ("SCHEMAV_CVC_FRACTIONDIGITS_VALID", "SCHEMAV_CVC_TOTALDIGITS_VALID"), False, _DIGITS,
        _digits,
    ),
    _ValueMessage(("SCHEMAV_CVC_MIN", "SCHEMAV_CVC_MAX"), True, _BOUND, _bound),
    _ValueMessage(("SCHEMAV_CVC_DATATYPE_VALID",), True, _DATATYPE, _datatype),
)  # fmt: skip
"""In order: the first row that covers the error type and matches its text gives the message
(a min/max length error whose text does not match falls to the bound row, as libxml2 shares
the prefix)."""

_FIXED_MESSAGES = {
    "SCHEMAV_CVC_COMPLEX_TYPE_2_3": "não pode conter texto, apenas outros elementos.",
    "SCHEMAV_CVC_COMPLEX_TYPE_2_1": "deve ser vazio, sem texto nem elementos.",
    "SCHEMAV_CVC_ELT_1": (
        f"não é um elemento raiz de mensagem TISS (confira o namespace {TISS_NS})."
    ),
}
"""Errors whose type says it all, after the subject ``Elemento 'x': ``."""


def _message(
    kind: str,
    name: str,
    attribute: str | None,
    rest: str,
    element: etree._Element | None,
) -> tuple[str, str | None]:
    """Portuguese text for one libxml2 schema error, and the rule that explains it better."""
    subject = f"Elemento '{name}'"
    if kind == "SCHEMAV_ELEMENT_CONTENT":
        return _content_message(name, rest, element)
    for row in _VALUE_MESSAGES:
        if row.covers(kind) and (m := row.shape.search(rest)):
            return row.text(subject, m, kind), None
    if attribute is not None and (m := _ATTRIBUTE_NOT_ALLOWED.search(rest)):
        return f"{subject}: o atributo '{m.group('attr')}' não é permitido.", None
    if m := _ATTRIBUTE_MISSING.search(rest):
        return f"{subject}: falta o atributo obrigatório '{m.group('attr')}'.", None
    if kind in _FIXED_MESSAGES:
        return f"{subject}: {_FIXED_MESSAGES[kind]}", None
    if kind in _VALUE_ERRORS and element is not None:
        # libxml2 cuts its message short on a huge value, and the shapes above no longer match.
        value = element.text or ""
        return (
            f"{subject}: o valor '{shorten(value)}' ({len(value)} caracteres) não é válido "
            "para este campo.",
            None,
        )
    # Rare errors keep libxml2's own wording, without the namespace noise.
    return f"{subject}: erro de esquema XSD: {_strip_namespaces(rest)}", None


def _content_message(
    name: str, rest: str, element: etree._Element | None
) -> tuple[str, str | None]:
    expected_match = _EXPECTED.search(rest)
    expected = (
        [_short(n.strip()) for n in expected_match.group("names").split(",")]
        if expected_match
        else []
    )
    if rest.startswith("Missing child element"):
        if len(expected) == 1:
            return f"Elemento '{name}': falta o elemento obrigatório '{expected[0]}'.", None
        return (
            f"Elemento '{name}': falta um elemento obrigatório; esperado um dos elementos "
            f"({', '.join(expected)}).",
            None,
        )
    parent = element.getparent() if element is not None else None
    parent_name = local_name(parent) if parent is not None else None
    if not expected and element is not None and parent is not None and parent.tag == _GUIAS_TISS:
        lote = _lote_message(element, parent)
        if lote is not None:
            return lote
    where = f"Elemento '{parent_name}'" if parent_name else "Elemento"
    if element is not None and isinstance(element.tag, str) and not element.tag.startswith(q("")):
        return (
            f"{where}: o elemento '{name}' está fora do namespace TISS ({TISS_NS}); falta o "
            "prefixo (ex.: ans:) ou a declaração xmlns correspondente.",
            None,
        )
    if len(expected) == 1:
        return (
            f"{where}: encontrado '{name}' onde era esperado '{expected[0]}' (elemento "
            "obrigatório ausente, fora de ordem ou com nome errado).",
            None,
        )
    if expected:
        return (
            f"{where}: encontrado '{name}' onde era esperado um dos elementos "
            f"({', '.join(expected)}).",
            None,
        )
    return (
        f"{where}: o elemento '{name}' não é permitido nesta posição (repetido além do "
        "máximo, fora de ordem ou inexistente nesta versão do padrão).",
        None,
    )


def _lote_message(element: etree._Element, guias: etree._Element) -> tuple[str, str] | None:
    kind = local_name(element)
    if kind not in KIND_BY_ELEMENT:
        return None
    children = [c for c in guias if isinstance(c.tag, str)]
    if children and children[0].tag != element.tag:
        first = local_name(children[0])
        return (
            f"Elemento 'guiasTISS': encontrada '{kind}' num lote de '{first}'; um lote só pode "
            "conter guias de um mesmo tipo.",
            "LOT-002",
        )
    position = children.index(element) + 1
    return (
        f"Elemento 'guiasTISS': a guia nº {position} ('{kind}') ultrapassa o máximo de 100 guias "
        "por lote; divida as guias em mais de um lote.",
        "LOT-001",
    )


def _value(match: re.Match[str]) -> str:
    """The value libxml2 quoted, shortened: a field may hold megabytes."""
    return shorten(match.group("value"))


def _short(name: str) -> str:
    """``{ns}local`` → ``local``."""
    return name.rsplit("}", 1)[-1]


def _strip_namespaces(text: str) -> str:
    return re.sub(r"\{[^}]*\}", "", text)


def _describe_pattern(pattern: str) -> str:
    digits = _DIGIT_PATTERN.match(pattern)
    if digits is None:
        return f"padrão {pattern}"
    low, high = digits.group("low"), digits.group("high")
    if high is None:
        return f"exatamente {low} dígitos"
    return f"de {low} a {high} dígitos"


def _describe_type(type_name: str | None) -> str:
    if not type_name:
        return "um valor do tipo definido no padrão TISS"
    name = _short(type_name)
    if name in _NAMED_TYPES:
        return _NAMED_TYPES[name]
    if name in _BUILTIN_TYPES:
        return _BUILTIN_TYPES[name]
    if m := _DECIMAL_TYPE.match(name):
        total, fraction = int(m.group("total")), int(m.group("fraction"))
        return (
            f"um número com até {total - fraction} dígitos inteiros e {fraction} decimais, "
            "com ponto como separador (ex.: 1234.56)"
        )
    if m := _INTEGER_TYPE.match(name):
        return f"um número inteiro de até {m.group('total')} dígitos"
    return f"um valor do tipo '{name}'"
