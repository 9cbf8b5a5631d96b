"""Reads TISS messages (every supported version, see :mod:`tissbill.versions`) back into the
models: the prestador's lote de guias, its other messages (recurso de glosa, solicitações) and
the operadora's messages.

The reader walks the same field plan as the writer, so model → XML → model is lossless. It
never drops data silently: an element the models do not cover (a digital signature, an
odontology guia) is a :class:`ReadError` that names it and its line.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from lxml import etree
from pydantic import ValidationError

from tissbill.errors import ReadError
from tissbill.files import DEFAULT_MAX_BYTES
from tissbill.models.base import TissModel
from tissbill.models.mensagem import MensagemTISS
from tissbill.models.messages import error_text
from tissbill.models.retornos import Mensagem, MensagemOperadora, MensagemPrestador
from tissbill.spec.kinds import KIND_BY_ELEMENT
from tissbill.xml.elements import source_line
from tissbill.xml.namespaces import TISS_NS, q
from tissbill.xml.parser import Source, parse
from tissbill.xml.plan import FieldSpec, Kind, by_element

_NS_PREFIX = q("")
_COLLAPSED = frozenset({Kind.DECIMAL, Kind.INT, Kind.DATE, Kind.TIME})
"""Kinds whose XSD types (xs:decimal, xs:integer, xs:date, xs:time) ignore the XML whitespace
around the value: the XSD accepts a tab before a time, so the reader does too. Texts and codes
(xs:string) keep theirs."""
_XML_SPACE = " \t\r\n"


def _local(element: etree._Element) -> str:
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    if not tag.startswith(_NS_PREFIX):
        raise ReadError(
            f"elemento {tag!r} fora do namespace TISS ({TISS_NS}) não é suportado",
            source_line(element),
        )
    return tag[len(_NS_PREFIX) :]


def _model_dict(element: etree._Element, model: type[TissModel]) -> dict[str, Any]:
    specs = by_element(model)
    data: dict[str, Any] = {}
    for child in element:
        if not isinstance(child.tag, str):
            continue  # comments and processing instructions carry no data
        name = _local(child)
        spec = specs.get(name)
        if spec is None:
            raise ReadError(
                f"elemento '{name}' dentro de '{_local(element)}' não é suportado pelo tissbill",
                source_line(child),
            )
        if spec.wrapped:
            data[spec.name] = [
                _wrapped_item(item, spec) for item in child if isinstance(item.tag, str)
            ]
        elif spec.repeated:
            data.setdefault(spec.name, []).append(_value(child, spec))
        elif spec.name in data:
            raise ReadError(f"elemento '{name}' repetido", source_line(child))
        else:
            data[spec.name] = _value(child, spec)
    return data


def _wrapped_item(element: etree._Element, spec: FieldSpec) -> dict[str, Any]:
    name = _local(element)
    if spec.choices is not None:
        model = spec.choices.get(name)
        if model is None:
            raise ReadError(f"guia '{name}' não é suportada pelo tissbill", source_line(element))
        return {"tipo_guia": KIND_BY_ELEMENT[name].slug, **_model_dict(element, model)}
    if name != spec.item_element:
        raise ReadError(
            f"esperado '{spec.item_element}' dentro de '{spec.element}', encontrado '{name}'",
            source_line(element),
        )
    assert spec.model is not None
    return _model_dict(element, spec.model)


def _value(element: etree._Element, spec: FieldSpec) -> Any:
    if spec.kind is Kind.MODEL:
        assert spec.model is not None
        return _model_dict(element, spec.model)
    if len(element):
        raise ReadError(f"'{spec.element}' deveria conter apenas texto", source_line(element))
    text = element.text or ""
    if spec.kind is Kind.BASE64:
        try:
            # xs:base64Binary allows XML whitespace anywhere (line breaks every 76 characters).
            return base64.b64decode("".join(text.split()), validate=True)
        except (binascii.Error, ValueError):
            raise ReadError(f"'{spec.element}' não é base64 válido", source_line(element)) from None
    if spec.kind in _COLLAPSED:
        return text.strip(_XML_SPACE)
    return text


def message_from_element(root: etree._Element) -> Mensagem:
    """Build the typed message for an already parsed ``mensagemTISS`` element: a
    :class:`MensagemTISS` for the prestador's lote, a :class:`MensagemPrestador` for the
    prestador's other messages, a :class:`MensagemOperadora` for what the operadora sends."""
    if not isinstance(root.tag, str) or root.tag != f"{_NS_PREFIX}mensagemTISS":
        raise ReadError(
            f"o elemento raiz é {root.tag!r}, mas uma mensagem TISS começa com "
            f"'mensagemTISS' no namespace {TISS_NS}",
            source_line(root),
        )
    # The envelope's choice between the two directions, then its content, decides the model.
    model: type[Mensagem] = MensagemTISS
    if root.find(f"{_NS_PREFIX}operadoraParaPrestador") is not None:
        model = MensagemOperadora
    elif (
        root.find(f"{_NS_PREFIX}prestadorParaOperadora") is not None
        and root.find(f"{_NS_PREFIX}prestadorParaOperadora/{_NS_PREFIX}loteGuias") is None
    ):
        model = MensagemPrestador
    data = _model_dict(root, model)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ReadError(_validation_message(exc)) from None


def read_message(source: Source, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Mensagem:
    """Parse ``source`` (bytes, a path, XML text or a binary file object; see
    :data:`tissbill.xml.parser.Source`) safely and return the typed message it holds.

    Raises :class:`tissbill.errors.XMLInputError` for unreadable XML and :class:`ReadError` for
    XML that is not a message tissbill can represent.
    """
    return message_from_element(parse(source, max_bytes=max_bytes).root)


def read_lote(source: Source, *, max_bytes: int = DEFAULT_MAX_BYTES) -> MensagemTISS:
    """Like :func:`read_message`, for callers that need a lote de guias: any other message is a
    :class:`ReadError`."""
    message = read_message(source, max_bytes=max_bytes)
    if not isinstance(message, MensagemTISS):
        direction = (
            "da operadora para o prestador"
            if isinstance(message, MensagemOperadora)
            else "do prestador para a operadora"
        )
        raise ReadError(
            f"o arquivo é uma mensagem {direction} "
            f"({message.cabecalho.identificacao_transacao.tipo_transacao.value}), não um lote "
            "de guias"
        )
    return message


def _validation_message(exc: ValidationError) -> str:
    lines = []
    for error in exc.errors(include_url=False):
        where = ".".join(str(part) for part in error["loc"])
        lines.append(f"{where}: {error_text(error)}")
    return "conteúdo inválido para o modelo TISS:\n  " + "\n  ".join(lines)
