"""Namespaces of TISS messages."""

from __future__ import annotations

TISS_NS = "http://www.ans.gov.br/padroes/tiss/schemas"
DS_NS = "http://www.w3.org/2000/09/xmldsig#"
NSMAP = {"ans": TISS_NS}


def q(local: str) -> str:
    """Clark notation for an element of the TISS namespace: ``{ns}local``."""
    return f"{{{TISS_NS}}}{local}"
