"""The facts of each TISS version, generated from the official XSD files (see ``docs/spec.md``).

``data/<version>.json`` holds, per version, the global elements (``roots``), every complex type
as its ordered child elements (``[name, type, min, max]``, plus the choice group number for
alternatives; ``max`` is null when unbounded; an anonymous type is named ``owner/element``),
every simple type as its kind and effective facets, and the W3C signature types, which are
named but not expanded. ``data/changes.json`` lists what changed between consecutive versions.
Both are written by ``python -m tissbill.spec generate``; nothing here imports ``xmlschema``.

Loading is lazy (``import tissbill`` reads nothing) and once per version::

    from tissbill import spec

    facts = spec.for_version(TissVersion.V4_03_00)
    facts.element("mensagemTISS/cabecalho/Padrao").values   # ('4.00.00', ..., '4.03.00')
    facts.element_names("date")                               # every date element's name
    spec.diff(spec.for_version("4.02.00"), facts)            # what 4.03.00 changed
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

from tissbill.errors import SpecError, UnsupportedVersionError
from tissbill.spec.kinds import GUIA_KINDS, KIND_BY_ELEMENT, KIND_BY_SLUG, GuiaKind
from tissbill.versions import (
    SHIPPED_SPEC_DATA,
    TissVersion,
    spec_data_dirs,
    spec_file,
    supported_versions,
)

DATA_DIR = SHIPPED_SPEC_DATA

Kind = Literal[
    "complex", "signature", "text", "enum", "date", "time", "datetime", "decimal", "integer",
    "boolean", "binary",
]  # fmt: skip
"""What an element holds: child elements, a signature, or a value of one simple kind."""


@dataclass(frozen=True, slots=True)
class ElementFacts:
    """One element at one path: its type, kind, occurrences and (for values) facets."""

    path: str
    name: str
    type: str
    kind: str
    min_occurs: int
    """For an alternative of a choice: its minimum when its branch is taken."""
    max_occurs: int | None
    """None when unbounded."""
    choice: int | None = None
    """The choice group of the parent type this element is an alternative of."""
    facets: Mapping[str, Any] = field(default_factory=dict)
    """The simple type's facts (empty for a complex type): ``kind`` and its effective facets,
    ``length``, ``min_length``, ``max_length``, ``total_digits``, ``fraction_digits``,
    ``min_inclusive``…, ``patterns``, ``values``."""

    @property
    def required(self) -> bool:
        """Present in every valid document: mandatory and not one alternative of a choice."""
        return self.min_occurs > 0 and self.choice is None

    @property
    def required_when_chosen(self) -> bool:
        """Mandatory where it stands, once its choice branch (if any) is taken."""
        return self.min_occurs > 0

    @property
    def values(self) -> tuple[str, ...]:
        """The enumeration values (empty unless ``kind`` is ``enum``)."""
        return tuple(self.facets.get("values", ()))


class VersionSpec:
    """The facts of one TISS version, answered per path or per type."""

    def __init__(self, facts: Mapping[str, Any]) -> None:
        self.version: str = facts["version"]
        self._roots: dict[str, str] = dict(facts["roots"])
        self._simple: dict[str, dict[str, Any]] = facts["simple"]
        self._complex: dict[str, list[list[Any]]] = facts["complex"]
        self._signature = frozenset(facts["signature"])
        self._children: dict[str, dict[str, list[Any]]] = {}
        self._names: dict[str | None, frozenset[str]] = {}

    @classmethod
    def from_file(cls, path: Path) -> VersionSpec:
        try:
            return cls(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise SpecError(f"Não foi possível ler os fatos TISS de {path}: {exc}") from None

    def __repr__(self) -> str:
        return f"VersionSpec({self.version!r})"

    # --- types ---------------------------------------------------------------------------------

    @property
    def type_names(self) -> frozenset[str]:
        return frozenset(self._simple) | frozenset(self._complex) | self._signature

    def kind_of(self, type_name: str) -> str:
        if type_name in self._complex:
            return "complex"
        if type_name in self._signature:
            return "signature"
        return str(self.simple_facts(type_name)["kind"])

    def simple_facts(self, type_name: str) -> Mapping[str, Any]:
        """Kind and effective facets of a simple type (see :attr:`ElementFacts.facets`)."""
        try:
            return self._simple[type_name]
        except KeyError:
            raise SpecError(
                f"O tipo simples {type_name!r} não existe na versão TISS {self.version}."
            ) from None

    def enum_values(self, type_name: str) -> tuple[str, ...]:
        """The values of an enumerated simple type (``dm_*``), in XSD order."""
        return tuple(self.simple_facts(type_name).get("values", ()))

    def children_of(self, type_name: str) -> tuple[ElementFacts, ...]:
        """The child elements of a complex type, in document order, with paths relative to it."""
        return tuple(self._facts(name, row) for name, row in self._rows(type_name).items())

    # --- elements by path ----------------------------------------------------------------------

    def element(self, path: str) -> ElementFacts:
        """The element at ``path`` (local names joined by ``/``, from a global element such as
        ``mensagemTISS``). :class:`SpecError` when the version has no such element."""
        found = self.find(path)
        if found is None:
            raise SpecError(f"O elemento {path} não existe na versão TISS {self.version}.")
        return found

    def find(self, path: str) -> ElementFacts | None:
        """The element at ``path``, or None when the version has no such element."""
        first, *rest = path.strip("/").split("/")
        type_name = self._roots.get(first)
        if type_name is None:
            return None
        row: list[Any] = [first, type_name, 1, 1]
        for step in rest:
            if row[1] not in self._complex:
                return None
            found = self._rows(row[1]).get(step)
            if found is None:
                return None
            row = found
        return self._facts(path.strip("/"), row)

    def children(self, path: str) -> tuple[ElementFacts, ...]:
        """The child elements of the element at ``path``, with their full paths."""
        parent = self.element(path)
        if parent.kind != "complex":
            return ()
        return tuple(
            self._facts(f"{parent.path}/{name}", row)
            for name, row in self._rows(parent.type).items()
        )

    def paths(self, kind: str | None = None) -> Iterator[ElementFacts]:
        """Every element of every message, depth first in document order (optionally only
        those of one ``kind``). A type met again inside itself is not expanded twice."""
        for name, type_name in sorted(self._roots.items()):
            yield from self._expand(name, [name, type_name, 1, 1], kind, ())

    def element_names(self, kind: str | None = None) -> frozenset[str]:
        """The local names of every TISS element of the version (optionally of one ``kind``)."""
        names = self._names.get(kind)
        if names is None:
            found = {n for n, t in self._roots.items() if kind is None or self.kind_of(t) == kind}
            for rows in self._complex.values():
                found.update(r[0] for r in rows if kind is None or self.kind_of(r[1]) == kind)
            names = self._names[kind] = frozenset(found)
        return names

    def types_of(self, name: str) -> frozenset[str]:
        """The types of every element called ``name``, wherever it stands."""
        found = {type_name for root, type_name in self._roots.items() if root == name}
        for rows in self._complex.values():
            found.update(row[1] for row in rows if row[0] == name)
        return frozenset(found)

    def _expand(
        self, path: str, row: list[Any], kind: str | None, seen: tuple[str, ...]
    ) -> Iterator[ElementFacts]:
        facts = self._facts(path, row)
        if kind is None or facts.kind == kind:
            yield facts
        if facts.kind == "complex" and facts.type not in seen:
            for name, child in self._rows(facts.type).items():
                yield from self._expand(f"{path}/{name}", child, kind, (*seen, facts.type))

    def _rows(self, type_name: str) -> dict[str, list[Any]]:
        rows = self._children.get(type_name)
        if rows is None:
            try:
                # A name declared twice in a type (two choice branches) has one type: the
                # generator checks it; the first declaration wins.
                rows = {}
                for row in self._complex[type_name]:
                    rows.setdefault(row[0], row)
            except KeyError:
                raise SpecError(
                    f"O tipo complexo {type_name!r} não existe na versão TISS {self.version}."
                ) from None
            self._children[type_name] = rows
        return rows

    def _facts(self, path: str, row: list[Any]) -> ElementFacts:
        type_name = row[1]
        kind = self.kind_of(type_name)
        return ElementFacts(
            path=path,
            name=row[0],
            type=type_name,
            kind=kind,
            min_occurs=row[2],
            max_occurs=row[3],
            choice=row[4] if len(row) > 4 else None,
            facets=self._simple[type_name] if kind not in ("complex", "signature") else {},
        )


def available_versions() -> tuple[TissVersion, ...]:
    """The versions with facts: the shipped ones and those of added data folders (see
    :func:`tissbill.versions.spec_data_dirs`)."""
    return supported_versions()


def for_version(version: TissVersion | str) -> VersionSpec:
    """The facts of ``version``, read once per process and file (a few ms)."""
    return _for_version(str(version), spec_data_dirs())


@cache
def _for_version(version: str, _dirs: tuple[Path, ...]) -> VersionSpec:
    # Keyed by the data folders too: a folder added later may hold a version not seen before.
    path = spec_file(version)
    if path is None:
        raise SpecError(
            str(UnsupportedVersionError(version, (v.value for v in supported_versions())))
        )
    return _load(path)


@cache
def _load(path: Path) -> VersionSpec:
    return VersionSpec.from_file(path)


ChangeKind = Literal["added", "removed", "widened", "narrowed", "changed", "enumeration"]


@dataclass(frozen=True, slots=True)
class Change:
    """One difference between two versions.

    ``where`` is a type name (``dm_tabela``, ``st_texto20``) or an element inside a complex
    type (``ct_guiaSP-SADT/dadosAutorizacao``). ``before``/``after`` hold what changed: the
    differing facets or occurrences, the old and new type, or, for ``enumeration``, the values
    removed and the values added.
    """

    kind: ChangeKind
    where: str
    before: Any = None
    after: Any = None

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "where": self.where, "before": self.before, "after": self.after}


# Facets whose larger value accepts more, and those whose smaller value does.
_WIDER_WHEN_LARGER = ("max_length", "total_digits", "fraction_digits")
_WIDER_WHEN_SMALLER = ("min_length",)


def diff(old: VersionSpec, new: VersionSpec) -> tuple[Change, ...]:
    """What changed from ``old`` to ``new``, sorted by place: named types added or removed,
    child elements added, removed or with another type or occurrence, simple types widened,
    narrowed or otherwise changed, enumeration values added or removed."""
    changes: list[Change] = []
    for name in sorted(old.type_names | new.type_names):
        in_old, in_new = name in old.type_names, name in new.type_names
        if not (in_old and in_new):
            if "/" not in name:  # an anonymous type comes and goes with its element
                changes.append(Change("added" if in_new else "removed", name))
            continue
        if name in old._simple and name in new._simple:
            changes.extend(_simple_changes(name, old._simple[name], new._simple[name]))
        elif name in old._complex and name in new._complex:
            changes.extend(_complex_changes(name, old, new))
        elif old.kind_of(name) != new.kind_of(name):
            changes.append(Change("changed", name, old.kind_of(name), new.kind_of(name)))
    return tuple(changes)


def _complex_changes(name: str, old: VersionSpec, new: VersionSpec) -> Iterator[Change]:
    before, after = old._rows(name), new._rows(name)
    for child in before.keys() - after.keys():
        yield Change("removed", f"{name}/{child}", before[child][1], None)
    for child, row in after.items():
        where = f"{name}/{child}"
        was = before.get(child)
        if was is None:
            yield Change("added", where, None, row[1])
            continue
        if was[1] != row[1]:
            old_kind, new_kind = old.kind_of(was[1]), new.kind_of(row[1])
            if old_kind in ("complex", "signature") or new_kind in ("complex", "signature"):
                yield Change("changed", where, was[1], row[1])
            else:
                verdict = _compare(old._simple[was[1]], new._simple[row[1]])
                yield Change(verdict, where, was[1], row[1])
        if was[2:4] != row[2:4]:
            yield Change(_occurs_verdict(was[2:4], row[2:4]), where, was[2:4], row[2:4])


def _occurs_verdict(before: list[Any], after: list[Any]) -> ChangeKind:
    """Whether [min, max] occurrences (max None: unbounded) accept more, fewer or other."""
    (old_min, old_max), (new_min, new_max) = before, after
    unbounded = float("inf")
    old_top = unbounded if old_max is None else old_max
    new_top = unbounded if new_max is None else new_max
    if new_min <= old_min and new_top >= old_top:
        return "widened"
    if new_min >= old_min and new_top <= old_top:
        return "narrowed"
    return "changed"


def _simple_changes(
    name: str, before: Mapping[str, Any], after: Mapping[str, Any]
) -> Iterator[Change]:
    old_values, new_values = before.get("values", []), after.get("values", [])
    if old_values != new_values and set(old_values) != set(new_values):
        removed = [v for v in old_values if v not in set(new_values)]
        added = [v for v in new_values if v not in set(old_values)]
        yield Change("enumeration", name, removed, added)
    rest_before = {k: v for k, v in before.items() if k != "values"}
    rest_after = {k: v for k, v in after.items() if k != "values"}
    if rest_before != rest_after:
        verdict = _compare(rest_before, rest_after)
        keys = rest_before.keys() | rest_after.keys()
        changed = sorted(k for k in keys if rest_before.get(k) != rest_after.get(k))
        yield Change(
            verdict,
            name,
            {k: rest_before.get(k) for k in changed},
            {k: rest_after.get(k) for k in changed},
        )


def _compare(before: Mapping[str, Any], after: Mapping[str, Any]) -> ChangeKind:
    """Whether the value space of ``after`` is wider, narrower or otherwise different."""
    if before.get("kind") != after.get("kind"):
        return "changed"
    wider = narrower = False
    for key in before.keys() | after.keys():
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        if key in _WIDER_WHEN_LARGER or key in _WIDER_WHEN_SMALLER:
            larger = new is None or (old is not None and new > old)
            grew = larger if key in _WIDER_WHEN_LARGER else not larger
            wider |= grew
            narrower |= not grew
        elif key == "values":
            wider |= set(new or ()) >= set(old or ())
            narrower |= set(new or ()) <= set(old or ())
        else:
            return "changed"
    if wider and not narrower:
        return "widened"
    if narrower and not wider:
        return "narrowed"
    return "changed"


def load_changes() -> dict[str, list[dict[str, Any]]]:
    """The checked-in changes between consecutive versions, keyed ``"4.02.00..4.03.00"``."""
    path = DATA_DIR / "changes.json"
    try:
        data: dict[str, list[dict[str, Any]]] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SpecError(f"Não foi possível ler {path}: {exc}") from None
    return data


__all__ = [
    "DATA_DIR",
    "GUIA_KINDS",
    "KIND_BY_ELEMENT",
    "KIND_BY_SLUG",
    "Change",
    "ElementFacts",
    "GuiaKind",
    "Kind",
    "VersionSpec",
    "available_versions",
    "diff",
    "for_version",
    "load_changes",
]
