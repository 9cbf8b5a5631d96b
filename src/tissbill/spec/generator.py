"""Reading the facts of one TISS version out of its official XSD files (with ``xmlschema``).

Only the generator imports ``xmlschema``: validation keeps compiling the XSD with libxml2,
which is faster, and reads these facts from the checked-in data (see :mod:`tissbill.spec`).
The output holds facts only (names, types, facets, occurrences, enumeration values), never
XSD text, annotations or comments.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import xmlschema
from xmlschema.validators import (
    XsdAnyElement,
    XsdAtomic,
    XsdAtomicRestriction,
    XsdComplexType,
    XsdElement,
    XsdGroup,
    XsdSimpleType,
    XsdType,
)

from tissbill.errors import SpecError
from tissbill.schemas.manifest import load_manifest
from tissbill.schemas.store import SchemaStore
from tissbill.spec import VersionSpec, diff
from tissbill.versions import VERSION_FORM, TissVersion
from tissbill.xml.namespaces import DS_NS, TISS_NS, q

XS_NS = "http://www.w3.org/2001/XMLSchema"
_FOREIGN_PREFIX = {DS_NS: "ds:", XS_NS: "xs:"}

_KINDS = {
    "date": "date",
    "time": "time",
    "dateTime": "datetime",
    "boolean": "boolean",
    "base64Binary": "binary",
    "string": "text",
}
_FACETS = {
    "length": "length",
    "minLength": "min_length",
    "maxLength": "max_length",
    "totalDigits": "total_digits",
    "fractionDigits": "fraction_digits",
    "minInclusive": "min_inclusive",
    "maxInclusive": "max_inclusive",
    "minExclusive": "min_exclusive",
    "maxExclusive": "max_exclusive",
}


def schema_file(folder: Path) -> Path:
    """The XSD that includes every message of the version in ``folder``: the web services one,
    which includes the ``mensagemTISS`` root and the SOAP messages."""
    found = sorted(p for p in folder.glob("tissWebServicesV*.xsd") if "Monitoramento" not in p.name)
    if len(found) != 1:
        raise SpecError(
            f"Esperado exatamente um tissWebServicesV*.xsd em {folder}, "
            f"encontrado(s) {len(found)}: instale os schemas oficiais da versão."
        )
    return found[0]


def generate_facts(folder: Path, version: str) -> dict[str, Any]:
    """The facts of the TISS ``version`` whose official XSD files are in ``folder``."""
    try:
        schema = xmlschema.XMLSchema(str(schema_file(folder)), allow="sandbox")
    except (xmlschema.XMLSchemaException, OSError) as exc:
        raise SpecError(f"Não foi possível ler os schemas de {folder}: {exc}") from None
    collector = _Collector()
    roots = {}
    for qname, element in schema.maps.elements.items():
        if qname.startswith(q("")):
            roots[element.local_name] = collector.type_of(element, owner="")
    for qname, xsd_type in schema.maps.types.items():
        if qname.startswith(q("")):
            collector.named(xsd_type)
    return {
        "version": version,
        "roots": dict(sorted(roots.items())),
        "simple": dict(sorted(collector.simple.items())),
        "complex": dict(sorted(collector.complex.items())),
        "signature": sorted(collector.signature),
    }


class _Collector:
    """Gathers every simple and complex type reachable from the TISS declarations."""

    def __init__(self) -> None:
        self.simple: dict[str, dict[str, Any]] = {}
        self.complex: dict[str, list[list[Any]]] = {}
        self.signature: set[str] = set()
        """Types of the W3C signature (or TISS types extending one): named, not expanded."""

    def named(self, xsd_type: XsdType) -> str:
        name = _type_name(xsd_type)
        if name is None:
            raise SpecError(f"tipo sem nome: {xsd_type!r}")
        self._add(name, xsd_type)
        return name

    def type_of(self, element: XsdElement, owner: str) -> str:
        """The name under which ``element``'s type is kept; an anonymous type is named after
        its place, ``owner/element`` (``/`` cannot appear in an XSD name)."""
        xsd_type = element.type
        name = _type_name(xsd_type)
        if name is None:
            name = f"{owner}/{element.local_name}"
        self._add(name, xsd_type)
        return name

    def _add(self, name: str, xsd_type: XsdType) -> None:
        if name in self.simple or name in self.complex or name in self.signature:
            return
        if _from_signature(xsd_type):
            self.signature.add(name)
            return
        if isinstance(xsd_type, XsdSimpleType):
            self.simple[name] = _simple_facts(xsd_type)
            return
        if not isinstance(xsd_type, XsdComplexType):
            raise SpecError(f"tipo não suportado em {name}: {xsd_type!r}")
        if xsd_type.has_simple_content() or xsd_type.attributes or xsd_type.mixed:
            raise SpecError(f"tipo complexo com texto ou atributos não suportado: {name}")
        children: list[list[Any]] = []
        self.complex[name] = children  # placed first: a recursive type meets itself
        content = xsd_type.content
        if isinstance(content, XsdGroup):
            choices = [0]
            self._walk(name, content, 1, 1, None, children, choices)
        seen: dict[str, list[Any]] = {}
        for row in children:
            earlier = seen.setdefault(row[0], row)
            if earlier is not row and earlier[1] != row[1]:
                raise SpecError(f"{name}/{row[0]} declarado duas vezes com tipos diferentes")

    def _walk(
        self,
        owner: str,
        group: XsdGroup,
        low: int,
        high: int | None,
        choice: int | None,
        rows: list[list[Any]],
        choices: list[int],
    ) -> None:
        low *= group.min_occurs
        high = _times(high, group.max_occurs)
        if group.model == "choice" and len(group) > 1:
            # An alternative keeps the minimum it has when its branch is taken: GEN-001 grades
            # a blank chosen CNPJ as missing. ElementFacts.required reads the choice number too.
            choices[0] += 1
            choice = choices[0]
        for particle in group:
            if isinstance(particle, XsdGroup):
                self._walk(owner, particle, low, high, choice, rows, choices)
            elif isinstance(particle, XsdAnyElement) and not isinstance(particle, XsdElement):
                raise SpecError(f"xs:any não suportado em {owner}")
            elif isinstance(particle, XsdElement):
                row: list[Any] = [
                    particle.local_name,
                    self.type_of(particle, owner),
                    low * particle.min_occurs,
                    _times(high, particle.max_occurs),
                ]
                if choice is not None:
                    row.append(choice)
                rows.append(row)


def _times(a: int | None, b: int | None) -> int | None:
    return None if a is None or b is None else a * b


def _from_signature(xsd_type: XsdType) -> bool:
    current: XsdType | None = xsd_type
    while current is not None:
        if current.target_namespace == DS_NS:
            return True
        current = getattr(current, "base_type", None)
    return False


def _type_name(xsd_type: XsdType) -> str | None:
    if xsd_type.name is None:
        return None
    namespace = xsd_type.target_namespace
    if namespace == TISS_NS:
        return str(xsd_type.local_name)
    return f"{_FOREIGN_PREFIX.get(namespace, '?:')}{xsd_type.local_name}"


def _simple_facts(xsd_type: XsdType) -> dict[str, Any]:
    """Kind and effective facets of a simple type, its restriction chain merged."""
    if not isinstance(xsd_type, XsdAtomic):
        raise SpecError(f"tipo simples não atômico não suportado: {xsd_type!r}")
    chain: list[XsdAtomicRestriction] = []
    names: set[str] = set()
    current: XsdType | None = xsd_type
    while current is not None:
        names.add(str(current.name))
        if isinstance(current, XsdAtomicRestriction):
            chain.append(current)
        current = getattr(current, "base_type", None)
    primitive = str(xsd_type.primitive_type.local_name)
    facts: dict[str, Any] = {"kind": _KINDS.get(primitive, primitive)}
    if f"{{{XS_NS}}}integer" in names:
        facts["kind"] = "integer"
    patterns: list[str] = []
    for step in reversed(chain):  # from the primitive down: derived facets win
        for qname, facet in step.facets.items():
            local = str(qname).rsplit("}", 1)[-1]
            if local in _FACETS:
                value = getattr(facet, "value", None)
                # Lengths and digit counts stay numbers; bounds keep their XSD lexical form.
                facts[_FACETS[local]] = value if type(value) is int else str(value)
        if step.patterns is not None:
            patterns.extend(str(p) for p in step.patterns.regexps)
        if step.enumeration is not None:
            facts["kind"] = "enum"
            # dict.fromkeys: dm_CBOS lists a few codes twice; a code is a member once.
            facts["values"] = list(dict.fromkeys(str(v) for v in step.enumeration))
    if patterns:
        facts["patterns"] = patterns
    return facts


def render(data: Any) -> str:
    """Stable JSON: sorted keys, one entry per line, short lists and rows on a single line."""
    return _render(data, "") + "\n"


def _render(data: Any, indent: str) -> str:
    inner = indent + " "
    if isinstance(data, dict):
        if not data:
            return "{}"
        if all(not isinstance(v, dict | list) for v in data.values()):
            return json.dumps(data, ensure_ascii=False, sort_keys=True)
        items = [
            f"{inner}{json.dumps(k, ensure_ascii=False)}: {_render(data[k], inner)}"
            for k in sorted(data)
        ]
        return "{\n" + ",\n".join(items) + "\n" + indent + "}"
    if isinstance(data, list) and any(isinstance(v, dict | list) for v in data):
        items = [inner + _render(v, inner) for v in data]
        return "[\n" + ",\n".join(items) + "\n" + indent + "]"
    return json.dumps(data, ensure_ascii=False)


def generate_all(store_root: Path) -> dict[str, str]:
    """The text of every data file (``<version>.json`` and ``changes.json``) generated from the
    official XSD files under ``store_root`` (one folder per version, as in the store)."""
    store = SchemaStore(store_root)
    files: dict[str, str] = {}
    specs: list[VersionSpec] = []
    for version in TissVersion:
        if not store.is_installed(version):
            raise store.not_installed(load_manifest().release(version))
    # A folder named like a version that tissbill does not ship is a new version: its facts
    # are generated too, and make it supported (see docs/contributing.md).
    shipped = {version.value for version in TissVersion}
    newer = {
        folder.name
        for folder in (store_root.iterdir() if store_root.is_dir() else ())
        if folder.is_dir() and VERSION_FORM.fullmatch(folder.name) and folder.name not in shipped
    }
    for value in sorted(shipped | newer):
        facts = generate_facts(store_root / value, value)
        files[f"{value}.json"] = render(facts)
        specs.append(VersionSpec(facts))
    files["changes.json"] = render(changes_between(specs))
    return files


def changes_between(specs: list[VersionSpec]) -> dict[str, list[dict[str, Any]]]:
    """The changes between each pair of consecutive versions, keyed ``"old..new"``."""
    return {
        f"{old.version}..{new.version}": [change.to_dict() for change in diff(old, new)]
        for old, new in itertools.pairwise(specs)
    }
