"""Writes models as TISS XML: ``ans`` namespace, XSD element order, compact, ISO-8859-1.

Decimals get the lexical form the XSD expects (2 places for money, 4 for despesa quantities),
dates ``YYYY-MM-DD`` and times ``HH:MM:SS``. Text that the output encoding cannot carry is an
error naming the field — it is never replaced — and so is a field the chosen TISS version
does not have.
"""

from __future__ import annotations

import base64
import datetime as dt
from decimal import Decimal
from enum import Enum
from typing import Any

from lxml import etree

from tissbill.errors import EncodingError, VersionFieldError
from tissbill.models.base import TissModel
from tissbill.models.mensagem import MensagemTISS
from tissbill.versions import TissVersion
from tissbill.xml import epilogo
from tissbill.xml.namespaces import NSMAP, TISS_NS
from tissbill.xml.plan import FieldSpec, Kind, plan

_ENCODINGS = {"iso-8859-1": "ISO-8859-1", "latin-1": "ISO-8859-1", "utf-8": "UTF-8"}
_QUANTA = {places: Decimal(1).scaleb(-places) for places in range(5)}


class _FieldError(Exception):
    """Internal: carries the failing field's path up to where the message is written."""

    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error
        self.path: list[str] = []


class _Writer:
    def __init__(self, version: TissVersion, latin1: bool) -> None:
        self.version = version
        self.latin1 = latin1
        self.tags: dict[str, str] = {}

    def tag(self, local: str) -> str:
        tag = self.tags.get(local)
        if tag is None:
            tag = self.tags[local] = f"{{{TISS_NS}}}{local}"
        return tag

    def model(self, model: TissModel, parent: etree._Element) -> None:
        for spec in plan(type(model)):
            value = getattr(model, spec.name)
            try:
                self.field(spec, value, parent)
            except _FieldError as exc:
                exc.path.insert(0, spec.name)
                raise
            except (EncodingError, VersionFieldError) as exc:
                wrapped = _FieldError(exc)
                wrapped.path.append(spec.name)
                raise wrapped from None

    def field(self, spec: FieldSpec, value: Any, parent: etree._Element) -> None:
        since = spec.since
        if value is None or (value == [] and not spec.wrapped) or (spec.wrapped and not value):
            if since is not None and since.required and self.version >= since.version:
                raise VersionFieldError(
                    f"o campo '{spec.element}' é obrigatório a partir da versão TISS "
                    f"{since.version.value}"
                )
            return
        if since is not None and self.version < since.version:
            raise VersionFieldError(
                f"o campo '{spec.element}' só existe a partir da versão TISS "
                f"{since.version.value}; o arquivo está sendo gerado na versão {self.version.value}"
            )
        if spec.wrapped:
            wrapper = etree.SubElement(parent, self.tag(spec.element))
            for index, item in enumerate(value):
                element = spec.item_element or type(item).__tiss_element__
                try:
                    self.model(item, etree.SubElement(wrapper, self.tag(element)))
                except _FieldError as exc:
                    exc.path.insert(0, f"[{index}]")
                    raise
            return
        tag = self.tag(spec.element)
        if spec.repeated:
            for index, item in enumerate(value):
                try:
                    self.one(spec, tag, item, parent)
                except _FieldError as exc:
                    exc.path.insert(0, f"[{index}]")
                    raise
                except (EncodingError, VersionFieldError) as exc:
                    wrapped = _FieldError(exc)
                    wrapped.path.append(f"[{index}]")
                    raise wrapped from None
        else:
            self.one(spec, tag, value, parent)

    def one(self, spec: FieldSpec, tag: str, value: Any, parent: etree._Element) -> None:
        element = etree.SubElement(parent, tag)
        if spec.kind is Kind.MODEL:
            self.model(value, element)
            return
        element.text = self.text(spec, value)

    def text(self, spec: FieldSpec, value: Any) -> str:
        kind = spec.kind
        if kind is Kind.TEXT:
            self.check_text(value)
            alnum = spec.alphanumeric_since
            if alnum is not None and self.version < alnum.version and not value.isdigit():
                raise VersionFieldError(
                    f"CNPJ alfanumérico ({value}) só é aceito a partir da versão TISS "
                    f"{alnum.version.value}; na versão {self.version.value} o CNPJ tem 14 dígitos"
                )
            return str(value)
        if kind is Kind.ENUM:
            return str(value.value) if isinstance(value, Enum) else str(value)
        if kind is Kind.DECIMAL:
            limit = spec.limit.limit(self.version) if spec.limit is not None else None
            if limit is not None and value > limit:
                raise VersionFieldError(
                    f"valor {value} excede o máximo {limit} permitido no campo "
                    f"'{spec.element}' na versão TISS {self.version.value}"
                )
            places = spec.places if spec.places is not None else 2
            return f"{value.quantize(_QUANTA[places]):f}"
        if kind is Kind.INT:
            return str(value)
        if kind is Kind.DATE:
            assert isinstance(value, dt.date)
            return value.isoformat()
        if kind is Kind.TIME:
            assert isinstance(value, dt.time)
            return value.strftime("%H:%M:%S")
        if kind is Kind.BASE64:
            return base64.b64encode(value).decode("ascii")
        raise AssertionError(kind)

    def check_text(self, value: str) -> None:
        if self.latin1 and not value.isascii():
            try:
                value.encode("iso-8859-1")
            except UnicodeEncodeError as exc:
                bad = value[exc.start]
                raise EncodingError(
                    f"o caractere {bad!r} (U+{ord(bad):04X}) em {value!r} não existe em "
                    "ISO-8859-1, a codificação do padrão TISS; substitua-o (ex.: aspas retas, "
                    "hífen simples)"
                ) from None
        for char in value:
            code = ord(char)
            if (
                (code < 0x20 and char not in "\t\n\r")
                or 0xD800 <= code <= 0xDFFF
                or code
                in (
                    0xFFFE,
                    0xFFFF,
                )
            ):
                raise EncodingError(
                    f"o caractere de controle U+{code:04X} em {value!r} não é permitido em XML"
                )


def build_tree(message: MensagemTISS, *, encoding: str = "iso-8859-1") -> etree._Element:
    """The message as an lxml tree with the epílogo hash computed and filled in.

    Guias are completed first (see ``completed()`` on each guia): sequencialItem numbering,
    line totals and guia totals are filled where the model leaves them empty.
    """
    version = message.cabecalho.padrao
    latin1 = _xml_encoding(encoding) == "ISO-8859-1"
    lote = message.prestador_para_operadora.lote_guias
    completed = message.model_copy(
        update={
            "prestador_para_operadora": message.prestador_para_operadora.model_copy(
                update={
                    "lote_guias": lote.model_copy(
                        update={"guias_tiss": [g.completed() for g in lote.guias_tiss]}
                    )
                }
            ),
            "epilogo": message.epilogo.model_copy(update={"hash": ""}),
        }
    )
    writer = _Writer(version, latin1)
    root = etree.Element(writer.tag("mensagemTISS"), nsmap=NSMAP)
    try:
        writer.model(completed, root)
    except _FieldError as exc:
        where = _format_path(exc.path)
        error = exc.error
        raise type(error)(f"{where}: {error}") from None
    hash_element = root.find(f"{{{TISS_NS}}}epilogo/{{{TISS_NS}}}hash")
    assert hash_element is not None
    hash_element.text = epilogo.compute(root)
    return root


def write_message(message: MensagemTISS, *, encoding: str = "iso-8859-1") -> bytes:
    """Serialise ``message`` as compact TISS XML bytes (ISO-8859-1 unless ``encoding="utf-8"``)."""
    return serialize(build_tree(message, encoding=encoding), encoding=encoding)


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
        raise ValueError(f"codificação {encoding!r} não suportada; use 'iso-8859-1' ou 'utf-8'")
    return xml_encoding


def _format_path(parts: list[str]) -> str:
    out = ""
    for part in parts:
        out += part if part.startswith("[") or not out else f".{part}"
    return out
