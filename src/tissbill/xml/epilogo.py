"""The epílogo hash of a ``mensagemTISS``.

ANS (Componente Organizacional, hash section) defines it as the MD5, in hexadecimal, of the
values of the message's elements read left to right and juxtaposed, without tags, encoded in
ISO-8859-1. We take the text of every leaf element in document order, skipping the ``hash``
element itself and the message-level ``ds:Signature`` (computed after the hash, so it cannot be
part of it). Values are taken literally: no trimming, whitespace inside values counts, but
whitespace between tags does not (it belongs to no leaf element).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from itertools import islice
from typing import Protocol, cast

from lxml import etree

from tissbill.errors import EncodingError
from tissbill.xml.namespaces import ds_tag, q

_HASH_TAG = q("hash")
_EPILOGO_TAG = q("epilogo")
_SIGNATURE_TAG = ds_tag("Signature")


_CHUNK = 8192
"""Elements walked per payload chunk: digests are fed chunk by chunk, so a 100 MB lote never
holds all its values (millions of small strings) at once."""


def _excluded(root: etree._Element) -> set[etree._Element]:
    """The elements whose values are not hashed: epílogo/hash and the message signature."""
    excluded: set[etree._Element] = set()
    for signature in root.iterchildren(_SIGNATURE_TAG):
        excluded.update(signature.iter())
    for element in root.iter(_HASH_TAG):
        parent = element.getparent()
        if parent is not None and parent.tag == _EPILOGO_TAG:
            excluded.add(element)
    return excluded


_XML_SPACE = " \t\r\n"
_SUSPECT = re.compile("[^\x00-\x7f\xa0-\xff]")
"""A character outside ISO-8859-1, or a C1 control (U+0080-U+009F: Windows-1252 punctuation
read as ISO-8859-1)."""


class LeafHook(Protocol):
    """What the hash walk tells its caller about leaf values while reading them (see
    :func:`verify`), so that the caller needs no second walk of a big tree.

    The walk calls it only for the rare candidate leaves, never once per leaf (a 100 MB lote has
    about 2 million); what to record, and why, is the caller's business.
    """

    namespace: str
    """Clark prefix (``{uri}``) of the leaves reported; others are never reported."""
    edges: str
    """Characters that, at the start or end of a value, make the walk report the leaf."""
    indented: bool
    """Once true, leaves with a tail are no longer reported."""

    def edge_leaf(self, element: etree._Element) -> None:
        """A leaf whose value starts or ends with one of :attr:`edges`."""

    def suspect_leaf(self, element: etree._Element) -> None:
        """A leaf whose value holds a character outside ISO-8859-1 or a C1 control character
        (U+0080-U+009F)."""

    def tail_leaf(self, element: etree._Element) -> None:
        """A leaf followed by text (a tail), as in an indented file."""


def payload_chunks(root: etree._Element, scan: LeafHook | None = None) -> Iterator[str]:
    """The hash payload (see :func:`hash_payload`) in consecutive pieces; tells ``scan`` about
    its candidate leaves on the way."""
    excluded = _excluded(root)
    # Elements only (comments and processing instructions carry no value); one C-level walk
    # instead of iterwalk's start/end events, which cost a Python round trip per node.
    elements = root.iter(etree.Element)
    while batch := list(islice(elements, _CHUNK)):
        parts: list[str] = []
        append = parts.append
        for element in batch:
            if len(element):
                # Children of any kind; a leaf may still hold only comments/PIs.
                if isinstance(element[0].tag, str) or any(
                    isinstance(child.tag, str) for child in element
                ):
                    continue
                if element not in excluded:
                    append(_leaf_text(element))
                continue
            value = element.text
            if element not in excluded:
                append(value or "")
            # For the scan the tag is read only on the rare candidates: .tag costs more than
            # the text tests on every leaf.
            if scan is not None:
                if value:
                    if (value[0] in scan.edges or value[-1] in scan.edges) and (
                        element.tag.startswith(scan.namespace)
                    ):
                        scan.edge_leaf(element)
                    if (
                        not value.isascii()
                        and _SUSPECT.search(value)
                        and element.tag.startswith(scan.namespace)
                    ):
                        scan.suspect_leaf(element)
                if not scan.indented and element.tail and element.tag.startswith(scan.namespace):
                    scan.tail_leaf(element)
        yield "".join(parts)


def hash_payload(root: etree._Element) -> str:
    """The concatenated leaf values that the epílogo hash is computed over."""
    return "".join(payload_chunks(root))


def _leaf_text(element: etree._Element) -> str:
    if len(element) == 0:
        return element.text or ""
    # A leaf with only comments/PIs inside: its value is the text around them.
    chunks = [element.text or ""]
    chunks.extend(child.tail or "" for child in element)
    return "".join(chunks)


class HashEncoding(StrEnum):
    """Byte encoding of the payload before MD5."""

    ISO_8859_1 = "iso-8859-1"
    UTF_8 = "utf-8"


def digest(payload: str, encoding: HashEncoding = HashEncoding.ISO_8859_1) -> str | None:
    """MD5 hex digest of ``payload`` in ``encoding``; None if the text cannot be encoded."""
    try:
        data = payload.encode(encoding.value)
    except UnicodeEncodeError:
        return None
    return hashlib.md5(data, usedforsecurity=False).hexdigest()


class _Digest:
    """MD5 of a payload fed in pieces; ``value`` is None once a piece cannot be encoded."""

    __slots__ = ("_encoding", "_md5")

    def __init__(self, encoding: HashEncoding) -> None:
        self._encoding = encoding.value
        self._md5: hashlib._Hash | None = hashlib.md5(usedforsecurity=False)

    def update(self, chunk: str) -> None:
        if self._md5 is not None:
            try:
                self._md5.update(chunk.encode(self._encoding))
            except UnicodeEncodeError:
                self._md5 = None

    @property
    def value(self) -> str | None:
        return None if self._md5 is None else self._md5.hexdigest()


def compute(root: etree._Element, encoding: HashEncoding = HashEncoding.ISO_8859_1) -> str:
    """The epílogo hash of the message rooted at ``root`` (lowercase hex).

    Raises :class:`tissbill.errors.EncodingError` when a value cannot be encoded in ISO-8859-1.
    """
    md5 = _Digest(encoding)
    for chunk in payload_chunks(root):
        md5.update(chunk)
    return checked(md5.value)


def checked(result: str | None) -> str:
    """``result`` of :func:`digest`; :class:`tissbill.errors.EncodingError` when it is None."""
    if result is None:
        raise EncodingError(
            "A mensagem contém caracteres fora do ISO-8859-1; o hash TISS não pode ser calculado."
        )
    return result


def declared_hash(root: etree._Element) -> str | None:
    """The value of ``epilogo/hash`` in the message, or None when absent."""
    element = root.find(f"{_EPILOGO_TAG}/{_HASH_TAG}")
    if element is None:
        return None
    return element.text or ""


class HashStatus(StrEnum):
    """Outcome of :func:`verify`."""

    VALID = "valid"
    """The declared hash equals the ISO-8859-1 digest (letter case ignored)."""
    UTF8_VARIANT = "utf8-variant"
    """The declared hash only matches the digest computed over UTF-8 bytes."""
    INVALID = "invalid"
    MISSING = "missing"


@dataclass(frozen=True, slots=True)
class HashCheck:
    """Result of checking the epílogo hash of a message."""

    status: HashStatus
    declared: str | None
    expected: str | None
    """The ISO-8859-1 digest (None when the content is not encodable in ISO-8859-1)."""
    utf8: str | None

    @property
    def ok(self) -> bool:
        return self.status is HashStatus.VALID


def verify(
    root: etree._Element, scan: LeafHook | None = None, *, text_in_leaves: bool = False
) -> HashCheck:
    """Compare the declared epílogo hash with the computed one (filling ``scan`` on the way).

    Letter case is tolerated. When the ISO-8859-1 digest does not match but the UTF-8 one does,
    the status says so, because some operadoras compute it that way.

    ``text_in_leaves`` is the caller's word that no text outside the leaves is anything but
    whitespace and that ``epilogo`` is a child of ``root`` holding only ``hash``: true of a file
    that passed the TISS XSD and holds no signature (xmldsig allows mixed content). The values
    are then read in C, a guia at a time, instead of creating a Python object per element; a
    value ``scan`` must hear about (see :class:`LeafHook`), or any whitespace between tags, makes it
    walk the elements after all, because ``scan`` needs them.
    """
    digests = _fast_digests(root, scan) if text_in_leaves else None
    if digests is None:
        iso, utf = _Digest(HashEncoding.ISO_8859_1), _Digest(HashEncoding.UTF_8)
        for chunk in payload_chunks(root, scan):
            iso.update(chunk)
            utf.update(chunk)
        digests = iso.value, utf.value
    expected, utf8 = digests
    declared = declared_hash(root)
    if declared is None or not declared.strip():
        status = HashStatus.MISSING
    else:
        normalized = declared.strip().lower()
        if normalized == expected:
            status = HashStatus.VALID
        elif normalized == utf8:
            status = HashStatus.UTF8_VARIANT
        else:
            status = HashStatus.INVALID
    return HashCheck(status=status, declared=declared, expected=expected, utf8=utf8)


_TEXT_NODES = etree.XPath("descendant::text()", smart_strings=False)
_HAS_TEXT = etree.XPath("boolean(text())")
_PIECE_DEPTH = 4
"""Pieces of the fast reading, from the root's children down to the guias
(prestadorParaOperadora/loteGuias/guiasTISS/guia...): a 100 MB lote is read a guia at a time."""


def _pieces(element: etree._Element, depth: int = 1) -> list[etree._Element] | None:
    """The elements to read one by one; None when text sits directly in a level above them
    (whitespace between tags), which no piece would read."""
    if _HAS_TEXT(element):
        return None
    pieces: list[etree._Element] = []
    for child in element.iterchildren(etree.Element):
        if depth < _PIECE_DEPTH and next(child.iterchildren(etree.Element), None) is not None:
            inner = _pieces(child, depth + 1)
            if inner is None:
                return None
            pieces.extend(inner)
        else:
            pieces.append(child)
    return pieces


def _fast_digests(
    root: etree._Element, scan: LeafHook | None
) -> tuple[str | None, str | None] | None:
    """The ISO-8859-1 and UTF-8 digests read from the text nodes (see :func:`verify`); None
    when the elements must be walked."""
    # Whitespace between tags would be read as a value here: any edge space sends to the walk.
    padding = tuple(set(_XML_SPACE + (scan.edges if scan is not None else "")))
    # Values joined with NUL (never in XML text): a padded value has padding next to a NUL.
    edges = tuple(f"\x00{c}" for c in padding) + tuple(f"{c}\x00" for c in padding)
    pieces = _pieces(root)
    if pieces is None:
        return None
    iso, utf = hashlib.md5(usedforsecurity=False), hashlib.md5(usedforsecurity=False)
    for piece in pieces:
        values = cast("list[str]", _TEXT_NODES(piece))  # smart_strings=False: plain strings
        joined = "\x00".join(values)
        if (
            joined.startswith(padding)
            or joined.endswith(padding)
            or any(edge in joined for edge in edges)
            or (not joined.isascii() and _SUSPECT.search(joined))
        ):
            return None
        if piece.tag == _HASH_TAG:  # the epílogo's hash (see text_in_leaves)
            continue
        payload = "".join(values)
        iso.update(payload.encode("iso-8859-1"))  # no suspect character: always encodable
        utf.update(payload.encode("utf-8"))
    return iso.hexdigest(), utf.hexdigest()
