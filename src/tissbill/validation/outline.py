"""Which elements of a TISS message the official XSD lets be omitted where they stand.

GEN-001 grades a field filled only with spaces by it: an error for a mandatory field (the
operadora reads it as missing), a warning for an optional one (it should just be omitted).
The answer comes from the content models of the XSD files of the message's version: an element
is optional when its declaration, or a sequence/choice around it, has ``minOccurs="0"``.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from pathlib import Path

from lxml import etree

from tissbill.errors import TissBillError
from tissbill.schemas.store import SchemaStore
from tissbill.xml.elements import local_name
from tissbill.xml.namespaces import TISS_NS, q

_XS = "{http://www.w3.org/2001/XMLSchema}"
_GROUPS = frozenset({f"{_XS}sequence", f"{_XS}choice", f"{_XS}all"})
_DERIVATIONS = frozenset({f"{_XS}extension", f"{_XS}restriction"})
_CONTENTS = frozenset({f"{_XS}complexContent", f"{_XS}simpleContent"})
_TISS_PREFIX = q("")

_Found = tuple[etree._Element, bool]
"""An element declaration and whether it may be omitted in its parent."""


class SchemaOutline:
    """The element declarations of one TISS version, to ask whether an element is optional."""

    def __init__(self, files: Mapping[str, bytes]) -> None:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
        self._types: dict[str, etree._Element] = {}
        self._roots: dict[str, etree._Element] = {}
        for data in files.values():
            schema = etree.fromstring(data, parser)
            if schema.get("targetNamespace") != TISS_NS:
                continue  # xmldsig: signatures are not graded
            for child in schema:
                name = child.get("name")
                if name is None:
                    continue
                if child.tag == f"{_XS}complexType":
                    self._types.setdefault(name, child)
                elif child.tag == f"{_XS}element":
                    self._roots.setdefault(name, child)
        self._answers: dict[tuple[str, ...], bool | None] = {}

    def optional(self, element: etree._Element) -> bool | None:
        """Whether the XSD lets ``element`` be omitted where it stands; None when its place is
        not in the XSD (an element the schema already rejects, or inside a signature)."""
        names: list[str] = []
        node: etree._Element | None = element
        while node is not None:
            tag = node.tag
            if not isinstance(tag, str) or not tag.startswith(_TISS_PREFIX):
                return None
            names.append(local_name(node))
            node = node.getparent()
        path = tuple(reversed(names))
        if path not in self._answers:
            self._answers[path] = self._lookup(path)
        return self._answers[path]

    def _lookup(self, path: tuple[str, ...]) -> bool | None:
        declaration = self._roots.get(path[0])
        optional = False
        for name in path[1:]:
            if declaration is None:
                return None
            content = self._complex_type(declaration)
            found = None if content is None else self._search(content, name, False)
            if found is None:
                return None
            declaration, optional = found
        return optional if declaration is not None else None

    def _complex_type(self, declaration: etree._Element) -> etree._Element | None:
        type_name = declaration.get("type")
        if type_name is not None:
            return self._types.get(type_name.rpartition(":")[2])
        return declaration.find(f"{_XS}complexType")

    def _search(self, node: etree._Element, name: str, optional: bool) -> _Found | None:
        """The declaration of child ``name`` in the content model under ``node``."""
        for child in node:
            tag = child.tag
            if tag == f"{_XS}element":
                if child.get("name") == name:
                    return child, optional or child.get("minOccurs") == "0"
                continue
            found: _Found | None = None
            if tag in _GROUPS:
                found = self._search(child, name, optional or child.get("minOccurs") == "0")
            elif tag in _CONTENTS:
                found = self._search(child, name, optional)
            elif tag in _DERIVATIONS:
                # An extension holds its base's content first, then its own.
                base = self._types.get((child.get("base") or "").rpartition(":")[2])
                if tag == f"{_XS}extension" and base is not None:
                    found = self._search(base, name, optional)
                found = found or self._search(child, name, optional)
            if found is not None:
                return found
        return None


_outlines: dict[tuple[Path, str], SchemaOutline | None] = {}
_lock = threading.Lock()


def outline(version: str | None, store: SchemaStore | None = None) -> SchemaOutline | None:
    """The outline of ``version`` from ``store`` (default store when None), read once per
    process; None when the version is unknown or its XSD files are not installed."""
    if version is None:
        return None
    store = store or SchemaStore()
    key = (store.root.resolve(), version)
    with _lock:
        if key not in _outlines:
            try:
                _outlines[key] = SchemaOutline(store.read_verified(version))
            except (TissBillError, ValueError, etree.XMLSyntaxError):
                _outlines[key] = None
        return _outlines[key]
