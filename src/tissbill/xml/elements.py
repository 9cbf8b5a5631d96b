"""Small typed helpers over lxml elements."""

from __future__ import annotations

from lxml import etree


def source_line(element: etree._Element) -> int | None:
    """The line where ``element`` starts in its source, or None for built trees."""
    line = element.sourceline
    return line if isinstance(line, int) else None


def local_name(element: etree._Element) -> str:
    """The tag without its namespace (``numeroLote``); empty for comments and PIs."""
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
