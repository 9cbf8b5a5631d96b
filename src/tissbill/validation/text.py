"""How guia items are named in finding messages (``"da despesa (sequencial 3)"``).

Values quoted in messages are formatted by :mod:`tissbill.formatting`.
"""

from __future__ import annotations

from lxml import etree

from tissbill.validation.context import text
from tissbill.xml.elements import local_name

_ITEMS = {
    "despesa": ("despesa", "a"),
    "procedimentoExecutado": ("procedimento", "o"),
    "procedimentoRealizado": ("procedimento", "o"),
}
_CONTRACTIONS = {"de": "d", "em": "n"}


def item_label(item: etree._Element, preposition: str | None = None) -> str:
    """How a guia item is named in messages.

    ``item_label(despesa)`` → ``"despesa (sequencial 3)"``; with ``preposition`` ``"de"`` or
    ``"em"`` the contracted article is prefixed: ``"da despesa (sequencial 3)"``,
    ``"no procedimento (sequencial 1)"``.
    """
    name, article = _ITEMS.get(local_name(item), ("item", "o"))
    sequencial = (text(item, "sequencialItem") or "").strip()
    label = f"{name} (sequencial {sequencial})" if sequencial else name
    if preposition is None:
        return label
    return f"{_CONTRACTIONS[preposition]}{article} {label}"
