"""Safe parsing of untrusted XML.

Files come from other systems and portals, so the parser never loads DTDs, never resolves
entities and never touches the network. A document with a DOCTYPE is refused outright, before
libxml2 sees it: TISS messages never need one, and refusing it closes XXE, external DTDs and
entity-expansion bombs at the door. Nesting is capped by libxml2's default depth limit (256).

Every failure is an :class:`XMLInputError` with a stable ``XML-*`` code and a Portuguese message
for the person who has to fix the file; nothing else escapes :func:`parse_bytes`.
"""

from __future__ import annotations

import codecs
import io
import os
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from lxml import etree

from tissbill.errors import FileReadError, SourceTypeError, XMLInputError
from tissbill.files import DEFAULT_MAX_BYTES, read_file, read_limited, too_large_message

ISO_8859_1_ADVICE = (
    "o padrão TISS usa ISO-8859-1 (hash e schemas oficiais) e muitas operadoras só aceitam "
    "essa codificação"
)
"""Why a file in another encoding is worth a warning (ENC-001) and is not fixed in place."""

_DECLARED_ENCODING = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")

# "<!DOCTYPE" as it appears in ASCII-compatible encodings and in UTF-16 (both byte orders).
_DOCTYPE_NEEDLES = tuple("<!DOCTYPE".encode(enc) for enc in ("ascii", "utf-16-le", "utf-16-be"))

# UTF-8 text that was decoded as ISO-8859-1 and encoded to UTF-8 again ("Ã\x82", "Ã©"):
# "Â"/"Ã" (C3 82/83) followed by the UTF-8 form of a C1 control or Latin-1 symbol.
_DOUBLE_UTF8 = re.compile(rb"\xc3[\x82\x83]\xc2[\x80-\xbf]")
_NON_ASCII = re.compile(rb"[\x80-\xff]")

_LATIN1_FAMILY = frozenset({"iso-8859-1", "cp1252", "iso-8859-15"})

# How a UTF-32 or UTF-16 file starts: with its BOM, or without one with the NUL bytes of "<"
# (UTF-32 first: its little-endian BOM starts like UTF-16's).
_WIDE_STARTS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00", "utf-16-le"),
    (b"\x00<", "utf-16-be"),
)

_CDATA_NEEDLES = tuple(
    "<![CDATA[".encode(enc) for enc in ("ascii", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
)


def _holds_any(data: bytes, needles: tuple[bytes, ...]) -> bool:
    """Whether one of ``needles`` (markup starting ``<!``, in some encoding) is in ``data``.

    Each full search costs ~0.1 ms per 500 KB; one byte search (memchr) is ~50× cheaper. Every
    needle holds the byte ``!``, rare in TISS files, and the wide encodings' needles hold NULs,
    which an ASCII-compatible file never has: when those bytes are absent, nothing can match.
    """
    if b"!" not in data:
        return False
    wide = b"\x00" in data
    return any(needle in data for needle in needles if wide or b"\x00" not in needle)


_MAGIC = (
    (b"%PDF", "um PDF"),
    (b"PK\x03\x04", "um arquivo compactado ZIP"),
    (b"\x1f\x8b", "um arquivo compactado GZIP"),
    (b"Rar!", "um arquivo compactado RAR"),
    (b"\xd0\xcf\x11\xe0", "um documento do Office (DOC/XLS)"),
    (b"\x89PNG", "uma imagem PNG"),
    (b"\xff\xd8\xff", "uma imagem JPEG"),
)

# libxml2 error codes (xmlParserErrors) that need their own explanation.
_ERR_DOCUMENT_EMPTY = 4
_ERR_DOCUMENT_END = 5
_ERR_INVALID_CHAR = 9
_ERR_UNDECLARED_ENTITY = 26
_ERR_UNSUPPORTED_ENCODING = 32
_ERR_TAG_NAME_MISMATCH = 76
_ERR_INVALID_ENCODING = 81
_ERR_RESOURCE_LIMIT = 114
_NS_ERR_UNDEFINED_NAMESPACE = 201
_NOT_TRUNCATION = frozenset(
    {
        _ERR_DOCUMENT_END,
        _ERR_INVALID_CHAR,
        _ERR_UNDECLARED_ENTITY,
        _ERR_TAG_NAME_MISMATCH,
        _NS_ERR_UNDEFINED_NAMESPACE,
    }
)


_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    dtd_validation=False,
    huge_tree=False,  # keeps libxml2's limits: depth 256, text nodes of 10 MB
    remove_comments=False,
    remove_pis=False,
    collect_ids=False,
)
_CDATA_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    dtd_validation=False,
    huge_tree=False,
    strip_cdata=False,  # keeps CDATA sections apart, only to tell where they are
    collect_ids=False,
)


class ValueMarkup(StrEnum):
    """Markup found inside a value (a leaf element): legal XML, and part of no value."""

    COMMENT = "comentário"
    PI = "instrução de processamento"
    CDATA = "seção CDATA"


@dataclass(frozen=True, slots=True)
class ParsedDocument:
    """A parsed XML document and what was learned about its bytes while reading it."""

    tree: etree._ElementTree
    declared_encoding: str | None
    """The encoding named in the XML declaration, normalised (``iso-8859-1``, ``utf-8``)."""
    has_bom: bool
    size: int
    double_encoded_line: int | None = None
    """Line of the first text that looks UTF-8 read with the wrong encoding (mojibake), or None."""
    value_markup: tuple[tuple[etree._Element, ValueMarkup], ...] = ()
    """Leaves whose value held a comment, a processing instruction or a CDATA section (comments
    and PIs first, then CDATA, each in document order). Comments and PIs are removed from these
    leaves, so that their text is their whole value, the one the XSD and the epílogo hash
    read."""

    @property
    def root(self) -> etree._Element:
        return self.tree.getroot()


def normalize_encoding(name: str) -> str:
    """``"ISO-8859-1"``/``"latin1"`` → ``"iso-8859-1"``, ``"UTF8"`` → ``"utf-8"``.

    Names Python does not know are only lowercased.
    """
    try:
        canonical = codecs.lookup(name).name
    except LookupError:
        return name.lower()
    # codecs spells ISO encodings "iso8859-1"; the documented form has the dash.
    return canonical.replace("iso8859", "iso-8859")


def wide_encoding(data: bytes) -> str | None:
    """The codec of a UTF-16 or UTF-32 ``data`` (from its BOM or its first ``<``); None for the
    ASCII-compatible encodings (ISO-8859-1, UTF-8...)."""
    for start, codec in _WIDE_STARTS:
        if data.startswith(start):
            return codec
    return None


def declared_encoding(data: bytes) -> str | None:
    """The encoding named in the XML declaration of ``data``, normalised.

    A UTF-16 or UTF-32 file needs no declaration: without one, its encoding is returned, so that
    it is never taken for a file in the default encoding.
    """
    wide = wide_encoding(data)
    if wide is not None:
        head = data[:800].decode(wide, "ignore").lstrip("\ufeff").encode("ascii", "replace")
        match = _DECLARED_ENCODING.match(head)
        return normalize_encoding(match.group(1).decode("ascii") if match else wide[:6])
    start = data[3:] if data.startswith(codecs.BOM_UTF8) else data
    match = _DECLARED_ENCODING.match(start[:200])
    if match is None:
        return None
    return normalize_encoding(match.group(1).decode("ascii"))


class BinaryReader(Protocol):
    """A file object opened in binary mode (``open(path, "rb")``, ``io.BytesIO``, an upload)."""

    def read(self, size: int, /) -> bytes: ...


Source = bytes | bytearray | memoryview | str | os.PathLike[str] | BinaryReader
"""What the readers accept: the XML bytes, a path (``str`` or :class:`~pathlib.Path`), XML text
(a ``str`` starting with ``<``) or a binary file object."""

ACCEPTED_SOURCES = (
    "bytes, um caminho (str ou pathlib.Path), o texto XML (str começando com '<') ou um "
    "arquivo aberto em modo binário ('rb')"
)

# Codes of tissbill.files in the reading vocabulary of the XML findings.
_FILE_CODES = {"FILE-TOO-LARGE": "XML-TOO-LARGE"}


def is_xml_text(source: str) -> bool:
    """Whether a ``str`` source is XML text rather than a path: it starts with ``<`` (after a
    BOM and whitespace), which no file name does."""
    return source.lstrip("\ufeff \t\r\n").startswith("<")


def source_name(source: Source) -> str | None:
    """The path a source names, for reports (None for bytes, XML text and unnamed streams)."""
    if isinstance(source, str):
        return None if is_xml_text(source) else source
    if isinstance(source, os.PathLike):
        return os.fspath(source)
    name = getattr(source, "name", None)  # open(path, "rb") knows its path
    return name if isinstance(name, str) else None


def read_source(source: Source, *, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Return the bytes of ``source`` (see :data:`Source`).

    Raises :class:`XMLInputError` (``FILE-NOT-FOUND``, ``FILE-UNREADABLE``, ``XML-TOO-LARGE``,
    ``XML-ENCODING``) for input that cannot be read: only regular files are opened, never more
    than ``max_bytes`` is read. Raises :class:`SourceTypeError` (a ``TypeError``) for a source
    of any other type.
    """
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
    elif isinstance(source, str) and is_xml_text(source):
        data = _encode_text(source)
    elif isinstance(source, str | os.PathLike):
        try:
            data = read_file(source, max_bytes=max_bytes)
        except FileReadError as exc:
            raise XMLInputError(_FILE_CODES.get(exc.code, exc.code), exc.message) from None
    elif isinstance(source, io.TextIOBase):
        raise SourceTypeError(
            f"o arquivo foi aberto em modo texto; abra-o em modo binário ('rb'), pois a "
            f"codificação é a que o XML declara. Aceitos: {ACCEPTED_SOURCES}."
        )
    elif callable(getattr(source, "read", None)):
        data = _read_stream(source, max_bytes)
    else:
        raise SourceTypeError(
            f"origem do XML de tipo {type(source).__name__} não aceita; use {ACCEPTED_SOURCES}."
        )
    if len(data) > max_bytes:
        raise XMLInputError("XML-TOO-LARGE", too_large_message(len(data), max_bytes))
    return data


def _encode_text(text: str) -> bytes:
    """XML text as the bytes its declaration names (UTF-8 without one), as a file would hold."""
    encoding = declared_encoding(text.lstrip("\ufeff")[:200].encode("ascii", "replace")) or "utf-8"
    try:
        return text.encode(encoding)
    except LookupError:
        return text.encode("utf-8")  # the parser then reports the unknown encoding
    except UnicodeEncodeError as exc:
        raise XMLInputError(
            "XML-ENCODING",
            f"O texto XML contém {exc.object[exc.start]!r}, que não existe na codificação "
            f"declarada ('{encoding}'). Corrija o texto ou a declaração de encoding.",
        ) from None


def _read_stream(stream: BinaryReader, max_bytes: int) -> bytes:
    def read(size: int) -> bytes:
        try:
            chunk = stream.read(size)
        except OSError as exc:
            message = f"Não foi possível ler o arquivo: {exc.strerror or exc}"
            raise XMLInputError("FILE-UNREADABLE", message) from None
        if not isinstance(chunk, bytes | bytearray):
            raise SourceTypeError(
                f"o arquivo não devolveu bytes ({type(chunk).__name__}); abra-o em modo binário "
                f"('rb'). Aceitos: {ACCEPTED_SOURCES}."
            )
        return bytes(chunk)

    try:
        return read_limited(read, max_bytes)
    except FileReadError as exc:
        raise XMLInputError(_FILE_CODES.get(exc.code, exc.code), exc.message) from None


def parse_bytes(data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> ParsedDocument:
    """Parse ``data`` safely, raising :class:`XMLInputError` with a clear Portuguese message."""
    if len(data) > max_bytes:
        raise XMLInputError("XML-TOO-LARGE", too_large_message(len(data), max_bytes))
    has_bom = data.startswith(codecs.BOM_UTF8)
    body = data[3:] if has_bom else data
    if not body.strip():
        raise XMLInputError("XML-EMPTY", "O arquivo está vazio: não há XML para ler.")
    if _holds_any(data, _DOCTYPE_NEEDLES):
        raise _doctype_error()
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise _classify_syntax_error(data, body, exc) from None
    except (ValueError, etree.LxmlError) as exc:  # lxml raises ValueError for some encodings
        raise XMLInputError("XML-ENCODING", f"Codificação do arquivo inválida: {exc}") from None
    tree = root.getroottree()
    # Defence in depth: a DOCTYPE in an encoding the byte scan did not foresee.
    # (lxml-stubs do not declare DocInfo.doctype.)
    if getattr(tree.docinfo, "doctype", ""):
        raise _doctype_error()
    encoding = declared_encoding(data)
    return ParsedDocument(
        tree=tree,
        declared_encoding=encoding,
        has_bom=has_bom,
        size=len(data),
        double_encoded_line=_double_encoded_line(data, encoding, has_bom),
        value_markup=_merge_values(root) + _cdata_values(data, root),
    )


def parse(source: Source, *, max_bytes: int = DEFAULT_MAX_BYTES) -> ParsedDocument:
    """Read and parse ``source`` (see :data:`Source`) safely."""
    return parse_bytes(read_source(source, max_bytes=max_bytes), max_bytes=max_bytes)


def _merge_values(root: etree._Element) -> tuple[tuple[etree._Element, ValueMarkup], ...]:
    """Remove the comments and PIs inside leaves, joining the text around them, and say where.

    libxml2 splits a value at a comment (``1<!---->885.00``): ``.text`` would hold only
    ``1``, while the XSD and the hash read ``1885.00``. Comments between elements are no value
    and stay where they are.
    """
    found: dict[etree._Element, list[ValueMarkup]] = {}
    # One C-level walk that makes Python objects of comments and PIs only.
    for node in root.iter(etree.Comment, etree.PI):
        parent = node.getparent()
        if parent is None or next(parent.iterchildren(etree.Element), None) is not None:
            continue
        kind = ValueMarkup.COMMENT if isinstance(node, etree._Comment) else ValueMarkup.PI
        kinds = found.setdefault(parent, [])
        if kind not in kinds:
            kinds.append(kind)
    for leaf in found:
        etree.strip_tags(leaf, etree.Comment, etree.PI)
    return tuple((leaf, kind) for leaf, kinds in found.items() for kind in kinds)


def _cdata_values(
    data: bytes, root: etree._Element
) -> tuple[tuple[etree._Element, ValueMarkup], ...]:
    """The leaves holding a CDATA section (their text already includes it).

    lxml merges CDATA into the text and cannot tell it apart afterwards, so a file that has one
    (rare) is parsed again keeping CDATA, and its leaves are paired with ``root``'s in document
    order.
    """
    if not _holds_any(data, _CDATA_NEEDLES):
        return ()
    try:
        marked = etree.fromstring(data, _CDATA_PARSER)
    except (etree.LxmlError, ValueError):  # pragma: no cover - the same bytes parsed once
        return ()
    return tuple(
        (element, ValueMarkup.CDATA)
        for element, twin in zip(root.iter(etree.Element), marked.iter(etree.Element), strict=False)
        if next(twin.iterchildren(etree.Element), None) is None
        and b"<![CDATA[" in etree.tostring(twin, with_tail=False)
    )


def _doctype_error() -> XMLInputError:
    return XMLInputError(
        "XML-DOCTYPE",
        "O arquivo contém uma declaração DOCTYPE/DTD. Mensagens TISS não usam DTD e ela pode "
        "esconder entidades externas (XXE) ou expansão de entidades; o arquivo foi recusado.",
        1,
    )


def _double_encoded_line(data: bytes, encoding: str | None, has_bom: bool) -> int | None:
    if data.isascii():
        return None
    if encoding in _LATIN1_FAMILY and not has_bom:
        # Portuguese ISO-8859-1 text is never valid UTF-8 as a whole ("Ã" is followed by an ASCII
        # letter, not by a continuation byte), so a file that decodes is really UTF-8. Decoding
        # stops at the first Latin-1 accent, so the usual case costs almost nothing.
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return None
        first = _NON_ASCII.search(data)
        start = first.start() if first is not None else 0
    elif encoding in (None, "utf-8"):
        match = _DOUBLE_UTF8.search(data)
        if match is None:
            return None
        start = match.start()
    else:
        return None
    return data.count(b"\n", 0, start) + 1


def _classify_syntax_error(data: bytes, body: bytes, exc: etree.XMLSyntaxError) -> XMLInputError:
    line = exc.lineno or None
    where = f" (linha {exc.lineno}, coluna {exc.offset})" if exc.lineno else ""
    detail = f" Detalhe do leitor XML: {(exc.msg or str(exc)).strip()}"
    code = _error_code(exc)
    if code == _ERR_DOCUMENT_EMPTY and not body.lstrip().startswith(b"<"):
        return XMLInputError("XML-NOT-XML", _not_xml_message(body), None)
    if code == _ERR_INVALID_ENCODING:
        message = _encoding_message(data, body is not data) + where + "." + detail
        return XMLInputError("XML-ENCODING", message, line)
    if code == _ERR_UNSUPPORTED_ENCODING:
        name = declared_encoding(data) or "?"
        return XMLInputError(
            "XML-ENCODING",
            f"A codificação declarada no cabeçalho XML ('{name}') é desconhecida; "
            'use encoding="ISO-8859-1".' + detail,
            line,
        )
    if code == _ERR_RESOURCE_LIMIT and "depth" in (exc.msg or "").lower():
        return XMLInputError(
            "XML-TOO-DEEP",
            f"Elementos aninhados em profundidade excessiva{where}: o arquivo não é uma mensagem "
            "TISS legítima (nenhuma passa de poucas dezenas de níveis) e foi recusado.",
            line,
        )
    if _is_truncated(data, exc):
        return XMLInputError(
            "XML-TRUNCATED",
            "O arquivo termina antes do fim do XML: está truncado ou incompleto (download ou "
            "gravação interrompidos?). Gere ou baixe o arquivo novamente." + detail,
            line,
        )
    return XMLInputError("XML-MALFORMED", f"XML mal formado{where}: {_hint(exc)}.{detail}", line)


def _is_truncated(data: bytes, exc: etree.XMLSyntaxError) -> bool:
    """True when the parser stopped at the very end of the input: the rest of the file is missing.

    Errors that can sit at the end of a complete file (a wrong closing tag, a bad character, an
    unknown entity or prefix) are excluded.
    """
    if _error_code(exc) in _NOT_TRUNCATION:
        return False
    last_newline = data.rfind(b"\n")
    last_line = data[last_newline + 1 :].decode("utf-8", "replace")
    return exc.lineno == data.count(b"\n") + 1 and (exc.offset or 0) >= len(last_line)


def _not_xml_message(body: bytes) -> str:
    for magic, what in _MAGIC:
        if body.startswith(magic):
            return f"O arquivo não é XML: parece ser {what}. Envie o arquivo XML TISS do lote."
    return (
        "O arquivo não é XML: não começa com '<' (conteúdo binário ou texto comum). "
        "Envie o arquivo XML TISS do lote."
    )


def _encoding_message(data: bytes, has_bom: bool) -> str:
    declared = declared_encoding(data)
    if has_bom:
        return (
            "O arquivo começa com a marca BOM do UTF-8, que obriga a leitura em UTF-8, mas contém "
            "bytes que não são UTF-8 válido (provavelmente ISO-8859-1). Remova o BOM do início "
            "do arquivo"
        )
    if declared in (None, "utf-8"):
        if declared is None:
            said = "não declara codificação (o padrão do XML é UTF-8)"
        else:
            said = "declara UTF-8"
        return (
            f"O arquivo {said}, mas contém bytes que não são UTF-8 válido; provavelmente foi "
            'gravado em ISO-8859-1 (Latin-1). Declare encoding="ISO-8859-1" no cabeçalho XML '
            "ou grave o arquivo em UTF-8"
        )
    return f"Os bytes do arquivo não correspondem à codificação declarada ('{declared}')"


def _error_code(exc: etree.XMLSyntaxError) -> int:
    # libxml2's error number; lxml sets it but lxml-stubs do not declare it.
    code: int = getattr(exc, "code", 0)
    return code


def _hint(exc: etree.XMLSyntaxError) -> str:
    code = _error_code(exc)
    if code == _ERR_TAG_NAME_MISMATCH:
        return "uma tag foi fechada com nome diferente do da tag aberta"
    if code == _ERR_DOCUMENT_END:
        return "há conteúdo depois do fim do elemento raiz (dois documentos no mesmo arquivo?)"
    if code == _ERR_INVALID_CHAR:
        return "há um caractere proibido em XML (caractere de controle ou byte nulo)"
    if code == _ERR_UNDECLARED_ENTITY:
        return (
            "há uma entidade não definida (como &nbsp;); em XML só valem &amp; &lt; &gt; "
            "&quot; &apos; e referências numéricas"
        )
    if code == _NS_ERR_UNDEFINED_NAMESPACE:
        return "um prefixo de namespace é usado sem ser declarado"
    if code == _ERR_RESOURCE_LIMIT:
        return "o arquivo excede um limite de segurança do leitor XML"
    return "a estrutura de tags está incorreta"
