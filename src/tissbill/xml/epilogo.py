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
from dataclasses import dataclass
from enum import StrEnum

from lxml import etree

from tissbill.xml.namespaces import DS_NS, TISS_NS

_HASH_TAG = f"{{{TISS_NS}}}hash"
_EPILOGO_TAG = f"{{{TISS_NS}}}epilogo"
_SIGNATURE_TAG = f"{{{DS_NS}}}Signature"


def hash_payload(root: etree._Element) -> str:
    """The concatenated leaf values that the epílogo hash is computed over."""
    parts: list[str] = []
    append = parts.append
    skip_until: etree._Element | None = None
    for event, element in etree.iterwalk(root, events=("start", "end")):
        if skip_until is not None:
            if event == "end" and element is skip_until:
                skip_until = None
            continue
        if event != "start":
            continue
        tag = element.tag
        if not isinstance(tag, str):  # comments and processing instructions carry no value
            continue
        if tag == _SIGNATURE_TAG and element.getparent() is root:
            skip_until = element
            continue
        if tag == _HASH_TAG:
            parent = element.getparent()
            if parent is not None and parent.tag == _EPILOGO_TAG:
                continue
        if len(element) == 0 or not any(isinstance(c.tag, str) for c in element):
            append(_leaf_text(element))
    return "".join(parts)


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


def compute(root: etree._Element, encoding: HashEncoding = HashEncoding.ISO_8859_1) -> str:
    """The epílogo hash of the message rooted at ``root`` (lowercase hex).

    Raises :class:`tissbill.errors.EncodingError` when a value cannot be encoded in ISO-8859-1.
    """
    result = digest(hash_payload(root), encoding)
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


def verify(root: etree._Element) -> HashCheck:
    """Compare the declared epílogo hash with the computed one.

    Letter case is tolerated. When the ISO-8859-1 digest does not match but the UTF-8 one does,
    the status says so, because some operadoras compute it that way.
    """
    payload = hash_payload(root)
    expected = digest(payload, HashEncoding.ISO_8859_1)
    utf8 = digest(payload, HashEncoding.UTF_8)
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
