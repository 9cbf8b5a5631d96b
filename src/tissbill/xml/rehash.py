"""Fixing the epílogo hash of an existing file without touching anything else in it.

Re-serialising the tree would change quoting, prefixes, indentation or the XML declaration,
and any of these can make an operadora see a different file from the one the prestador
checked. So the new digest replaces only the bytes of the ``epilogo/hash`` element's content,
located exactly: expat reports the byte offset of each tag, namespace-aware, whatever the
prefix (``ans:``, another one, or a default namespace). An empty ``<ans:hash/>`` becomes
``<ans:hash>…</ans:hash>`` with the same qualified name.
"""

from __future__ import annotations

import re
import xml.parsers.expat
from dataclasses import dataclass

from tissbill.errors import HashRewriteError
from tissbill.xml import epilogo
from tissbill.xml.namespaces import TISS_NS
from tissbill.xml.parser import ISO_8859_1_ADVICE, parse_bytes, wide_encoding

_SEP = " "
_MENSAGEM = f"{TISS_NS}{_SEP}mensagemTISS"
_EPILOGO = f"{TISS_NS}{_SEP}epilogo"
_HASH = f"{TISS_NS}{_SEP}hash"
_QNAME = re.compile(rb"<([^\s/>]+)")


@dataclass(frozen=True, slots=True)
class HashRewrite:
    """Result of :func:`rewrite_hash`."""

    data: bytes
    """The file with the new hash (the same bytes when the declared one was already valid)."""
    old: str | None
    """The hash declared before (None when the element was empty)."""
    new: str
    changed: bool


@dataclass(frozen=True, slots=True)
class _Span:
    tag_start: int
    """Offset of ``<`` of the hash start tag."""
    tag_end: int
    """Offset just after the ``>`` of the start tag."""
    close_start: int | None
    """Offset of ``</`` of the end tag; None for an empty-element tag."""


def _start_tag_end(data: bytes, start: int) -> int:
    """Offset just after the ``>`` that closes the tag starting at ``start`` (quotes skipped)."""
    quote: int | None = None
    for index in range(start + 1, len(data)):
        byte = data[index]
        if quote is not None:
            if byte == quote:
                quote = None
        elif byte in b"\"'":
            quote = byte
        elif byte == ord(">"):
            return index + 1
    raise HashRewriteError("tag do elemento hash sem fechamento")  # pragma: no cover


def _locate(data: bytes) -> _Span:
    """Where ``mensagemTISS/epilogo/hash`` is in ``data``."""
    # Decoding as ISO-8859-1 maps each byte to one character, so expat's offsets are byte
    # offsets whatever the declared (ASCII-compatible) encoding; tags are ASCII in all of them.
    parser = xml.parsers.expat.ParserCreate("iso-8859-1", _SEP)
    stack: list[str] = []
    found: dict[str, int] = {}

    def start(name: str, attributes: object) -> None:
        stack.append(name)
        if stack == [_MENSAGEM, _EPILOGO, _HASH] and "start" not in found:
            found["start"] = parser.CurrentByteIndex

    def end(name: str) -> None:
        if stack == [_MENSAGEM, _EPILOGO, _HASH] and "end" not in found:
            found["end"] = parser.CurrentByteIndex
        stack.pop()

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as exc:  # pragma: no cover - lxml parsed it first
        raise HashRewriteError(f"não foi possível localizar o hash: {exc}") from None
    if "start" not in found:
        raise HashRewriteError(
            "o arquivo não tem o elemento epilogo/hash; não é possível corrigi-lo sem "
            "reescrever o arquivo"
        )
    tag_start = found["start"]
    tag_end = _start_tag_end(data, tag_start)
    empty = data[tag_end - 2 : tag_end] == b"/>"
    return _Span(tag_start, tag_end, None if empty else found["end"])


def rewrite_hash(data: bytes) -> HashRewrite:
    """``data`` with the epílogo hash set to the digest of its content (ISO-8859-1, as ANS
    defines it); every byte outside the hash element's content is kept.

    Raises :class:`~tissbill.errors.XMLInputError` for unreadable XML,
    :class:`~tissbill.errors.EncodingError` when the content is not ISO-8859-1 text, and
    :class:`HashRewriteError` when the hash element is missing or the encoding is not
    ASCII-compatible (UTF-16/32).
    """
    wide = wide_encoding(data)
    if wide is not None:
        # The same policy as ENC-001 in the validator; rewriting the whole file would be needed.
        raise HashRewriteError(
            f"o arquivo está em {wide[:6].upper()} e o hash não é corrigido nessa codificação: "
            f'{ISO_8859_1_ADVICE}. Gere o arquivo com <?xml version="1.0" '
            'encoding="ISO-8859-1"?>.'
        )
    root = parse_bytes(data).root
    check = epilogo.verify(root)
    old = check.declared or None
    if check.ok:  # letter case is tolerated: a valid file is left exactly as it is
        return HashRewrite(data, old, epilogo.compute(root), changed=False)
    new = epilogo.compute(root)
    span = _locate(data)
    digest = new.encode("ascii")
    if span.close_start is None:
        qname = _QNAME.match(data, span.tag_start)
        assert qname is not None  # expat reported a start tag here
        result = (
            data[: span.tag_end - 2]
            + b">"
            + digest
            + b"</"
            + qname.group(1)
            + b">"
            + data[span.tag_end :]
        )
    else:
        result = data[: span.tag_end] + digest + data[span.close_start :]
    if not epilogo.verify(parse_bytes(result).root).ok:  # pragma: no cover - span located wrongly
        raise HashRewriteError("a correção do hash não conferiu; o arquivo não foi alterado")
    return HashRewrite(result, old, new, changed=True)
