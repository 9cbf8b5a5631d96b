"""Small typed helpers over lxml elements."""

from __future__ import annotations

from lxml import etree


def source_line(element: etree._Element) -> int | None:
    """The line where ``element`` starts in its source, or None for built trees."""
    line = element.sourceline
    return line if isinstance(line, int) else None
