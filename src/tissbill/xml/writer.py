"""Writes models as TISS XML: ``ans`` namespace, XSD element order, compact, ISO-8859-1.

Decimals get the lexical form the XSD expects (2 places for money, 4 for despesa quantities),
dates ``YYYY-MM-DD`` and times ``HH:MM:SS``. Text that the output encoding cannot carry is an
error naming the field — it is never replaced — and so is a field the chosen TISS version
does not have.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from decimal import Decimal
from enum import Enum, auto
from functools import cache
from typing import Any, NamedTuple, TypeVar, cast

from lxml import etree

from tissbill.errors import EncodingError, VersionFieldError
from tissbill.models.base import TissModel
from tissbill.models.mensagem import Epilogo, MensagemTISS
from tissbill.models.retornos import Mensagem
from tissbill.money import digits_error, total_digits
from tissbill.versions import TissVersion
from tissbill.xml import epilogo
from tissbill.xml.namespaces import NSMAP, q
from tissbill.xml.plan import (
    FieldSpec,
    Kind,
    added_in,
    alternative_patterns,
    facts_of,
    plan,
    required_since,
)

_ENCODINGS = {"iso-8859-1": "ISO-8859-1", "latin-1": "ISO-8859-1", "utf-8": "UTF-8"}
_QUANTA = {places: Decimal(1).scaleb(-places) for places in range(5)}
_SubElement = etree.SubElement


class _FieldError(Exception):
    """Internal: carries the failing field's path up to where the message is written."""

    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error
        self.path: list[str] = []


def _located(error: Exception, step: str) -> _FieldError:
    """``error`` with ``step`` (a field name or ``[index]``) put before the path it carries up;
    an error raised by a value is wrapped first."""
    located = error if isinstance(error, _FieldError) else _FieldError(error)
    located.path.insert(0, step)
    return located


# Characters XML 1.0 cannot carry: C0 controls but tab/newline/return, surrogates, U+FFFE/FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _check_text(value: str, latin1: bool) -> None:
    if latin1 and not value.isascii():
        try:
            value.encode("iso-8859-1")
        except UnicodeEncodeError as exc:
            bad = value[exc.start]
            raise EncodingError(
                f"o caractere {bad!r} (U+{ord(bad):04X}) em {value!r} não existe em "
                "ISO-8859-1, a codificação do padrão TISS; substitua-o (ex.: aspas retas, "
                "hífen simples)"
            ) from None
    found = _NOT_XML.search(value)
    if found is not None:
        raise EncodingError(
            f"o caractere de controle U+{ord(found.group()):04X} em {value!r} não é permitido "
            "em XML"
        )


_Format = Callable[[Any], str]


def _text_format(
    model: type[TissModel], spec: FieldSpec, version: TissVersion, latin1: bool
) -> _Format:
    own, later = alternative_patterns(model, spec.element, version)
    # Only a pattern that a later version changes is checked here (the alphanumeric CNPJ of
    # 4.03.00): a value the model accepts that fits no version is the XSD's to report.
    own_res = [re.compile(p) for p in own]
    later_res = [(v, [re.compile(p) for p in patterns]) for v, patterns in later]

    def text(value: Any) -> str:
        # Printable ASCII, the common case, needs neither the encoding nor the control check.
        if not (value.isascii() and value.isprintable()):
            _check_text(value, latin1)
        if later_res and not any(r.fullmatch(value) for r in own_res):
            since = next((v for v, res in later_res if any(r.fullmatch(value) for r in res)), None)
            if since is not None:
                raise VersionFieldError(
                    f"o valor {value} do campo '{spec.name}' só é aceito a partir da versão "
                    f"TISS {since.value}; a versão {version.value} aceita só o formato "
                    f"{' ou '.join(own)} (expressão regular do schema). Gere o arquivo na versão "
                    f"{since.value} ou corrija o valor"
                )
        return str(value)

    return text


def _decimal_format(model: type[TissModel], spec: FieldSpec, version: TissVersion) -> _Format:
    places = spec.places if spec.places is not None else 2
    facts = facts_of(model, spec.element, version)
    digits: int | None = facts.facets.get("total_digits") if facts is not None else None
    quantum = _QUANTA[places]

    def decimal(value: Any) -> str:
        # Totals computed by completed() never went through the model's check, and a version
        # may be narrower than the model: the XSD facet of this version decides.
        if digits is not None and total_digits(value) > digits:
            raise VersionFieldError(
                f"campo '{spec.name}' na versão TISS {version.value}: "
                + digits_error(value, digits, places)
            )
        quantized = value.quantize(quantum)
        # Decimal("-0.00") passes ge=0 (and a sum of them stays -0.00): zero has no sign in TISS.
        return f"{quantized.copy_abs() if quantized.is_zero() else quantized:f}"

    return decimal


def _enum_text(value: Any) -> str:
    # ``_value_`` is the member's plain attribute; ``.value`` is a much slower property.
    return str(value._value_) if isinstance(value, Enum) else str(value)


def _enum_format(spec: FieldSpec, version: TissVersion) -> _Format:
    since: dict[str, TissVersion] = getattr(spec.enum, "__since__", {})
    later = {code: first for code, first in since.items() if version < first}
    if not later:
        return _enum_text

    def enum(value: Any) -> str:
        code = _enum_text(value)
        first = later.get(code)
        if first is not None:
            raise VersionFieldError(
                f"o código {code} de '{spec.name}' só existe a partir da versão TISS "
                f"{first.value}; o arquivo está sendo gerado na versão {version.value}"
            )
        return code

    return enum


def _date_text(value: Any) -> str:
    return str(value.isoformat())


def _time_text(value: Any) -> str:
    return str(value.strftime("%H:%M:%S"))


def _base64_text(value: Any) -> str:
    return base64.b64encode(value).decode("ascii")


def _format(model: type[TissModel], spec: FieldSpec, version: TissVersion, latin1: bool) -> _Format:
    kind = spec.kind
    if kind is Kind.TEXT:
        return _text_format(model, spec, version, latin1)
    if kind is Kind.DECIMAL:
        return _decimal_format(model, spec, version)
    if kind is Kind.ENUM:
        return _enum_format(spec, version)
    if kind is Kind.INT:
        return str
    if kind is Kind.DATE:
        return _date_text
    if kind is Kind.TIME:
        return _time_text
    if kind is Kind.BASE64:
        return _base64_text
    raise AssertionError(kind)


class _Action(Enum):
    LEAF = auto()
    MODEL = auto()
    LEAVES = auto()
    """A repeated element with a value each (``diagnostico``)."""
    MODELS = auto()
    """A repeated element with a model each (``equipeSadt``)."""
    WRAPPED = auto()
    """Models inside a wrapper element (``outrasDespesas/despesa``, ``guiasTISS/*``)."""


class _Step(NamedTuple):
    """How one field is written in one TISS version and encoding (see :func:`_steps`).

    A tuple, so the writer's inner loop unpacks it in one go.
    """

    name: str
    tag: str
    action: _Action
    listed: bool
    """A list field: an empty list is absent."""
    format: _Format | None
    item_tag: str | None
    """For wrapped lists: the item element, or None to take it from each item's class."""
    missing: str | None
    """The error when the field is absent (mandatory from this version on), else None."""
    unavailable: str | None
    """The error when the field is present (not in this version), else None."""


@cache
def _steps(model: type[TissModel], version: TissVersion, latin1: bool) -> tuple[_Step, ...]:
    """The field plan of ``model`` with every version and encoding decision taken once."""
    steps = []
    for spec in plan(model):
        missing = unavailable = None
        if facts_of(model, spec.element, version) is None:
            since = added_in(model, spec.element, version)
            unavailable = (
                f"o campo '{spec.name}' só existe a partir da versão TISS {since.value}; "
                f"o arquivo está sendo gerado na versão {version.value}"
                if since is not None
                else f"o campo '{spec.name}' não existe na versão TISS {version.value}"
            )
        elif (required := required_since(model, spec.element, version)) is not None:
            missing = (
                f"o campo '{spec.name}' é obrigatório a partir da versão TISS {required.value}"
            )
        is_model = spec.kind is Kind.MODEL
        if spec.wrapped:
            action = _Action.WRAPPED
        elif spec.repeated:
            action = _Action.MODELS if is_model else _Action.LEAVES
        else:
            action = _Action.MODEL if is_model else _Action.LEAF
        steps.append(
            _Step(
                name=spec.name,
                tag=q(spec.element),
                action=action,
                listed=spec.wrapped or spec.repeated,
                format=None if is_model else _format(model, spec, version, latin1),
                item_tag=q(spec.item_element) if spec.item_element is not None else None,
                missing=missing,
                unavailable=unavailable,
            )
        )
    return tuple(steps)


class _Writer:
    def __init__(self, version: TissVersion, latin1: bool) -> None:
        self.version = version
        self.latin1 = latin1

    def model(self, model: TissModel, parent: etree._Element) -> None:
        values = model.__dict__
        name = ""
        try:
            for name, tag, action, listed, format_, item_tag, missing, unavailable in _steps(
                type(model), self.version, self.latin1
            ):
                value = values[name]
                if value is None or (listed and not value):
                    if missing is not None:
                        raise VersionFieldError(missing)
                    continue
                if unavailable is not None:
                    raise VersionFieldError(unavailable)
                if action is _Action.LEAF:
                    assert format_ is not None
                    _SubElement(parent, tag).text = format_(value)
                elif action is _Action.MODEL:
                    self.model(value, _SubElement(parent, tag))
                else:
                    self.items(action, tag, item_tag, format_, value, parent)
        except (_FieldError, EncodingError, VersionFieldError) as exc:
            raise _located(exc, name) from None

    def items(
        self,
        action: _Action,
        tag: str,
        item_tag: str | None,
        format_: _Format | None,
        values: list[Any],
        parent: etree._Element,
    ) -> None:
        container = _SubElement(parent, tag) if action is _Action.WRAPPED else parent
        for index, item in enumerate(values):
            try:
                if action is _Action.LEAVES:
                    assert format_ is not None
                    _SubElement(parent, tag).text = format_(item)
                elif action is _Action.MODELS:
                    self.model(item, _SubElement(parent, tag))
                else:
                    self.model(item, _SubElement(container, item_tag or q(item.__tiss_element__)))
            except (_FieldError, EncodingError, VersionFieldError) as exc:
                raise _located(exc, f"[{index}]") from None


def build_tree(
    message: Mensagem, *, encoding: str = "iso-8859-1", complete: bool = True
) -> etree._Element:
    """The message as an lxml tree with the epílogo hash computed and filled in.

    The guias of a lote are completed first (see ``completed()`` on each guia): sequencialItem
    numbering, line totals and guia totals are filled where the model leaves them empty. A
    caller whose guias are already completed (the lote builder) passes ``complete=False``.
    """
    version = message.cabecalho.padrao
    latin1 = _xml_encoding(encoding) == "ISO-8859-1"
    update: dict[str, Any] = {"epilogo": message.epilogo.model_copy(update={"hash": ""})}
    if complete and isinstance(message, MensagemTISS):
        ppo = message.prestador_para_operadora
        lote = ppo.lote_guias
        guias = [g.completed() for g in lote.guias_tiss]
        update["prestador_para_operadora"] = ppo.model_copy(
            update={"lote_guias": lote.model_copy(update={"guias_tiss": guias})}
        )
    writer = _Writer(version, latin1)
    root = etree.Element(q("mensagemTISS"), nsmap=NSMAP)
    try:
        writer.model(message.model_copy(update=update), root)
    except _FieldError as exc:
        where = _format_path(exc.path)
        error = exc.error
        raise type(error)(f"{where}: {error}") from None
    hash_element = root.find(f"{q('epilogo')}/{q('hash')}")
    assert hash_element is not None
    # The writer puts text only in leaf elements and writes no comments, PIs or signature, and
    # the hash is still empty: the text serialisation is exactly the hash payload, in C.
    payload = etree.tostring(root, method="text", encoding="unicode")
    hash_element.text = epilogo.checked(epilogo.digest(payload))
    return root


def write_message(message: Mensagem, *, encoding: str = "iso-8859-1") -> bytes:
    """Serialise ``message`` as compact TISS XML bytes (ISO-8859-1 unless ``encoding="utf-8"``)."""
    return serialize(build_tree(message, encoding=encoding), encoding=encoding)


M = TypeVar("M", bound=Mensagem)


def write_hashed(
    message: M, *, encoding: str = "iso-8859-1", complete: bool = True
) -> tuple[M, bytes]:
    """The message with its epílogo hash filled in, and its bytes (see :func:`build_tree`):
    for a builder that hands both back, so the model says what the file says."""
    root = build_tree(message, encoding=encoding, complete=complete)
    digest = root.findtext(f"{q('epilogo')}/{q('hash')}") or ""
    # model_copy keeps the class; mypy only sees the union the TypeVar is bound to.
    hashed = cast(M, message.model_copy(update={"epilogo": Epilogo(hash=digest)}))
    return hashed, serialize(root, encoding=encoding)


def serialize(root: etree._Element, *, encoding: str = "iso-8859-1") -> bytes:
    """Compact bytes of a tree made by :func:`build_tree`, with the XML declaration."""
    xml_encoding = _xml_encoding(encoding)
    body = etree.tostring(root, xml_declaration=False, encoding=xml_encoding)
    assert isinstance(body, bytes)  # an explicit encoding always gives bytes
    # Written by hand for the double-quoted form that TISS tooling conventionally expects.
    return f'<?xml version="1.0" encoding="{xml_encoding}"?>\n'.encode("ascii") + body


def _xml_encoding(encoding: str) -> str:
    xml_encoding = _ENCODINGS.get(encoding.lower())
    if xml_encoding is None:
        raise EncodingError(f"codificação {encoding!r} não suportada; use 'iso-8859-1' ou 'utf-8'")
    return xml_encoding


def _format_path(parts: list[str]) -> str:
    out = ""
    for part in parts:
        out += part if part.startswith("[") or not out else f".{part}"
    return out
