"""Namespaces of TISS messages."""

from __future__ import annotations

from functools import cache

TISS_NS = "http://www.ans.gov.br/padroes/tiss/schemas"
DS_NS = "http://www.w3.org/2000/09/xmldsig#"
NSMAP = {"ans": TISS_NS}


@cache  # the writer asks for the same few hundred tags once per element it builds
def q(local: str) -> str:
    """Clark notation for an element of the TISS namespace: ``{ns}local`` (``q("")`` is the
    namespace prefix of every TISS tag)."""
    return f"{{{TISS_NS}}}{local}"


def ds_tag(local: str) -> str:
    """Clark notation for an element of the XML signature namespace (``ds:Signature``)."""
    return f"{{{DS_NS}}}{local}"
