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
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from itertools import islice

from lxml import etree

from tissbill.xml.namespaces import DS_NS, TISS_NS

_HASH_TAG = f"{{{TISS_NS}}}hash"
_EPILOGO_TAG = f"{{{TISS_NS}}}epilogo"
_SIGNATURE_TAG = f"{{{DS_NS}}}Signature"


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


class LeafScan:
    """Leaves of one namespace (elements without children of any kind) whose text is padded or
    not ASCII, and whether one has a tail: noted during the hash walk (see :func:`verify`) so
    that validation walks the tree once for the hash and for its document-wide value rules.

    Only these few candidates are kept, never a list of every leaf (a 100 MB lote has about
    2 million).
    """

    __slots__ = ("indented", "namespace", "non_ascii", "padded", "padding")

    def __init__(self, namespace: str, padding: str) -> None:
        self.namespace = f"{{{namespace}}}"
        self.padding = padding
        self.padded: list[etree._Element] = []
        """Leaves whose text starts or ends with a character of ``padding``, in document order."""
        self.non_ascii: list[etree._Element] = []
        """Leaves whose text is not plain ASCII, in document order."""
        self.indented = False
        """Whether some leaf has text after it (a tail), as in an indented file."""


def payload_chunks(root: etree._Element, scan: LeafScan | None = None) -> Iterator[str]:
    """The hash payload (see :func:`hash_payload`) in consecutive pieces; fills ``scan`` too."""
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
                    if (value[0] in scan.padding or value[-1] in scan.padding) and (
                        element.tag.startswith(scan.namespace)
                    ):
                        scan.padded.append(element)
                    if not value.isascii() and element.tag.startswith(scan.namespace):
                        scan.non_ascii.append(element)
                if not scan.indented and element.tail and element.tag.startswith(scan.namespace):
                    scan.indented = True
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
        from tissbill.errors import EncodingError

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


def verify(root: etree._Element, scan: LeafScan | None = None) -> HashCheck:
    """Compare the declared epílogo hash with the computed one (filling ``scan`` on the way).

    Letter case is tolerated. When the ISO-8859-1 digest does not match but the UTF-8 one does,
    the status says so, because some operadoras compute it that way.
    """
    iso, utf = _Digest(HashEncoding.ISO_8859_1), _Digest(HashEncoding.UTF_8)
    for chunk in payload_chunks(root, scan):
        iso.update(chunk)
        utf.update(chunk)
    expected, utf8 = iso.value, utf.value
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
