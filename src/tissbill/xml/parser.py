"""Safe parsing of untrusted XML.

Files come from other systems and portals, so the parser never loads DTDs, never resolves
entities and never touches the network. A document with a DOCTYPE is refused outright: TISS
messages never need one, and refusing it closes XXE and entity-expansion attacks at the door.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from tissbill.errors import XMLInputError

DEFAULT_MAX_BYTES = 100 * 1024 * 1024
"""Largest input read by default (100 MB): far above any real lote, small enough to protect memory."""

_DECLARED_ENCODING = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


def _make_parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=False,
        remove_pis=False,
        collect_ids=False,
    )


_PARSER = _make_parser()


@dataclass(frozen=True, slots=True)
class ParsedDocument:
    """A parsed XML document and what was learned about its bytes while reading it."""

    tree: etree._ElementTree
    declared_encoding: str | None
    """The encoding named in the XML declaration, normalised (``iso-8859-1``, ``utf-8``), or None."""
    has_bom: bool
    size: int

    @property
    def root(self) -> etree._Element:
        return self.tree.getroot()


def declared_encoding(data: bytes) -> str | None:
    """The encoding named in the XML declaration of ``data``, normalised by :mod:`codecs`."""
    start = data[3:] if data.startswith(codecs.BOM_UTF8) else data
    match = _DECLARED_ENCODING.match(start[:200])
    if match is None:
        return None
    name = match.group(1).decode("ascii")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return name.lower()


def read_source(source: bytes | str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Return the bytes of ``source`` (bytes, or a path as ``str``/``Path``), enforcing ``max_bytes``."""
    if isinstance(source, bytes):
        data = source
    else:
        path = Path(source)
        try:
            size = path.stat().st_size
        except FileNotFoundError:
            raise XMLInputError("FILE-NOT-FOUND", f"Arquivo não encontrado: {path}") from None
        except OSError as exc:
            raise XMLInputError("FILE-UNREADABLE", f"Não foi possível ler {path}: {exc.strerror}") from None
        if size > max_bytes:
            raise XMLInputError("XML-TOO-LARGE", _too_large(size, max_bytes))
        try:
            data = path.read_bytes()
        except IsADirectoryError:
            raise XMLInputError("FILE-UNREADABLE", f"{path} é uma pasta, não um arquivo XML.") from None
        except OSError as exc:
            raise XMLInputError("FILE-UNREADABLE", f"Não foi possível ler {path}: {exc.strerror}") from None
    if len(data) > max_bytes:
        raise XMLInputError("XML-TOO-LARGE", _too_large(len(data), max_bytes))
    return data


def _too_large(size: int, limit: int) -> str:
    return (
        f"Arquivo de {size / 1_048_576:.1f} MB excede o limite de {limit / 1_048_576:.1f} MB; "
        "um lote TISS real é muito menor. Ajuste o limite se o arquivo for legítimo."
    )


def parse_bytes(data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> ParsedDocument:
    """Parse ``data`` safely, raising :class:`XMLInputError` with a clear Portuguese message."""
    if len(data) > max_bytes:
        raise XMLInputError("XML-TOO-LARGE", _too_large(len(data), max_bytes))
    if not data.strip():
        raise XMLInputError("XML-EMPTY", "O arquivo está vazio: não há XML para ler.")
    try:
        tree = etree.ElementTree(etree.fromstring(data, _PARSER))
    except etree.XMLSyntaxError as exc:
        raise XMLInputError("XML-MALFORMED", _syntax_message(exc), exc.lineno) from None
    except ValueError as exc:  # lxml raises ValueError for some encoding problems
        raise XMLInputError("XML-ENCODING", f"Codificação do arquivo inválida: {exc}") from None
    if tree.docinfo.doctype:
        raise XMLInputError(
            "XML-DOCTYPE",
            "O arquivo contém uma declaração DOCTYPE/DTD. Mensagens TISS não usam DTD e ela pode "
            "esconder entidades externas (XXE) ou expansão de entidades; o arquivo foi recusado.",
            1,
        )
    return ParsedDocument(
        tree=tree,
        declared_encoding=declared_encoding(data),
        has_bom=data.startswith(codecs.BOM_UTF8),
        size=len(data),
    )


def parse(source: bytes | str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> ParsedDocument:
    """Read and parse ``source`` (bytes or a path) safely."""
    return parse_bytes(read_source(source, max_bytes=max_bytes), max_bytes=max_bytes)


def _syntax_message(exc: etree.XMLSyntaxError) -> str:
    raw = (exc.msg or str(exc)).strip()
    lowered = raw.lower()
    if "not proper utf-8" in lowered or "invalid utf-8" in lowered or "encoding" in lowered:
        hint = (
            "os bytes não correspondem à codificação declarada no cabeçalho XML "
            "(ex.: arquivo ISO-8859-1 declarado como UTF-8)"
        )
    elif "premature end" in lowered or "end of data" in lowered or "not closed" in lowered:
        hint = "o arquivo termina antes do fim do XML (truncado ou incompleto)"
    elif "entity" in lowered:
        hint = "referência a entidade não permitida"
    elif "depth" in lowered or "nest" in lowered:
        hint = "aninhamento de elementos profundo demais"
    else:
        hint = "XML mal formado"
    where = f" (linha {exc.lineno}, coluna {exc.offset})" if exc.lineno else ""
    return f"Não foi possível ler o XML{where}: {hint}. Detalhe do parser: {raw}"
