"""What rules see: the message and each guia, with the lookups every rule needs done once.

Rules read the lxml tree (so every finding can carry a line and an XPath) through these small
helpers. Paths are written with bare TISS local names, ``"dadosInternacao/tipoFaturamento"``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, TypeVar

from lxml import etree

from tissbill import spec
from tissbill.spec.kinds import KIND_BY_ELEMENT, GuiaKind
from tissbill.versions import spec_file
from tissbill.xml.elements import local_name
from tissbill.xml.epilogo import HashCheck, verify
from tissbill.xml.namespaces import ds_tag, q
from tissbill.xml.parser import ValueMarkup

if TYPE_CHECKING:
    from tissbill.validation.history import History
    from tissbill.validation.itens import GuiaRecords
    from tissbill.validation.profile import Profile

_T = TypeVar("_T")
_ANY_TISS = q("*")
_TISS_PREFIX = q("")
_SIGNATURE = ds_tag("Signature")
_SIGNATURE_ELEMENTS = tuple(q(name) for name in ("assinaturaDigitalGuia", "Signature"))
"""TISS elements of the XSD type ``ans:Signature`` (a ds:SignatureType)."""


@lru_cache(maxsize=1024)
def ns_path(path: str) -> str:
    """``"a/b"`` → ``"{ns}a/{ns}b"`` (``.``, ``..``, ``*`` and ``//`` are kept)."""
    parts = []
    for part in path.split("/"):
        if part in ("", ".", "..", "*") or part.startswith("{"):
            parts.append(part)
        else:
            parts.append(q(part))
    return "/".join(parts)


def find(element: etree._Element, path: str) -> etree._Element | None:
    return element.find(ns_path(path))


def findall(element: etree._Element, path: str) -> list[etree._Element]:
    return element.findall(ns_path(path))


def text(element: etree._Element | None, path: str | None = None) -> str | None:
    """Text of ``element`` (or of its descendant at ``path``), unstripped; None when absent."""
    if element is None:
        return None
    target = element if path is None else element.find(ns_path(path))
    if target is None:
        return None
    return target.text or ""


def stripped(element: etree._Element | None) -> str:
    """Stripped text of ``element``; ``""`` when absent or empty (as :meth:`Fields.text`)."""
    return "" if element is None else (element.text or "").strip()


_XS_DECIMAL = re.compile(r"[+-]?(?:[0-9]{1,15}(?:\.[0-9]{0,15})?|\.[0-9]{1,15})")
"""xs:decimal lexical form, at most 15 digits each side: wider than any TISS number type."""


def decimal(element: etree._Element | None, path: str | None = None) -> Decimal | None:
    """The value as :class:`Decimal`; None when absent or not an xs:decimal (the XSD reports it).

    Exponents, NaN, Infinity and digit separators, which :class:`Decimal` would accept, are
    rejected like the XSD does, so rules never compare or round such values.
    """
    value = text(element, path)
    return None if value is None else _parse_decimal(value)


@lru_cache(maxsize=4096)
def _parse_decimal(value: str) -> Decimal | None:
    # Cached: a lote repeats the same few quantities and prices, and Decimal is immutable.
    value = value.strip()
    return Decimal(value) if _XS_DECIMAL.fullmatch(value) else None


def date(element: etree._Element | None, path: str | None = None) -> dt.date | None:
    return _iso(text(element, path), dt.date.fromisoformat, 10)


def time(element: etree._Element | None, path: str | None = None) -> dt.time | None:
    return _iso(text(element, path), dt.time.fromisoformat, 8)


def _iso(value: str | None, parse: Callable[[str], _T], width: int) -> _T | None:
    """``value`` read by ``parse`` from its first ``width`` characters (a date or time without
    its zone); None when absent or unreadable."""
    if value is None:
        return None
    try:
        return parse(value.strip()[:width])
    except ValueError:
        return None


def date_not_before(element: etree._Element | None, limit: dt.date) -> dt.date | None:
    """The element's date when it is ``limit`` or later; None when earlier, absent or
    unreadable.

    For rules looking for the few late dates among many: a plain AAAA-MM-DD earlier than
    ``limit`` is settled by comparing text (ISO dates sort as text), without making a date.
    """
    value = text(element)
    if value is None or (len(value) == 10 and value < limit.isoformat()):
        return None
    found = _iso(value, dt.date.fromisoformat, 10)
    return None if found is None or found < limit else found


ValueCheck = Callable[[str], bool]
"""Whether a rule lets a field's stripped value through."""


@lru_cache(maxsize=64)
def _declared_by_check(
    version: str | None, check_for: Callable[[str], ValueCheck | None]
) -> dict[ValueCheck, tuple[str, ...]]:
    """The tags the XSD of ``version`` declares that ``check_for`` concerns, by check; none
    for an unknown version (its file never passes the XSD)."""
    if version is None or spec_file(version) is None:
        return {}
    by_check: dict[ValueCheck, list[str]] = {}
    for name in sorted(spec.for_version(version).element_names()):
        check = check_for(name)
        if check is not None:
            by_check.setdefault(check, []).append(q(name))
    return {check: tuple(tags) for check, tags in by_check.items()}


_READ_ONCE = ("cabecalho", "procedimentos", "despesas", "valor_total")
"""Cached properties holding elements of the guia, dropped by :meth:`GuiaContext.release`."""


class GuiaContext:
    """One guia of the lote, with its items located once for all rules."""

    def __init__(self, element: etree._Element, message: MessageContext) -> None:
        self.element = element
        self.message = message
        self.kind = local_name(element)
        """The guia element's local name (:attr:`GuiaKind.element`)."""
        self.guia_kind: GuiaKind = KIND_BY_ELEMENT[self.kind]
        """Where this kind keeps its header, items and totals."""
        self.records: GuiaRecords | None = None
        """What the rules read from the guia (:mod:`tissbill.validation.itens`)."""

    def release(self) -> None:
        """Drop what was read from the guia, once its rules have run, so that a big lote does
        not hold the records of every guia at once (read again if asked for)."""
        self.records = None
        for name in _READ_ONCE:
            self.__dict__.pop(name, None)

    @property
    def profile(self) -> Profile:
        return self.message.profile

    @cached_property
    def cabecalho(self) -> etree._Element | None:
        name = self.guia_kind.cabecalho
        return None if name is None else find(self.element, name)

    @cached_property
    def numero(self) -> str | None:
        """numeroGuiaPrestador, used to label findings."""
        if self.guia_kind.cabecalho is None:
            return text(self.element, "numeroGuiaPrestador")
        return text(self.cabecalho, "numeroGuiaPrestador")

    @cached_property
    def procedimentos(self) -> list[etree._Element]:
        """procedimentoExecutado (resumo, SP/SADT) or procedimentoRealizado (honorários)."""
        path = self.guia_kind.procedimentos
        return [] if path is None else findall(self.element, path)

    @cached_property
    def despesas(self) -> list[etree._Element]:
        """outrasDespesas/despesa elements (resumo and SP/SADT)."""
        path = self.guia_kind.despesas
        return [] if path is None else findall(self.element, path)

    @cached_property
    def valor_total(self) -> etree._Element | None:
        """The ct_guiaValorTotal block (resumo and SP/SADT)."""
        return find(self.element, "valorTotal")

    def named(self, *names: str) -> list[etree._Element]:
        """Elements of the guia, at any depth, with one of these local names, in document order.

        For fields that sit at several depths, e.g. every ``cpfContratado`` of the guia
        (contratado and equipe): one walk of the guia, done by lxml in C.
        """
        return list(self.element.iter(*(q(name) for name in names)))


def spec_path(element: etree._Element) -> str | None:
    """The element's path from ``mensagemTISS`` as :mod:`tissbill.spec` names it (local names
    joined by ``/``); None when it or an ancestor is outside the TISS namespace."""
    names: list[str] = []
    node: etree._Element | None = element
    while node is not None:
        tag = node.tag
        if not isinstance(tag, str) or not tag.startswith(_TISS_PREFIX):
            return None
        names.append(tag[len(_TISS_PREFIX) :])
        node = node.getparent()
    return "/".join(reversed(names))


PADDING = " \t\r\n\xa0"
"""XML whitespace plus the no-break space, which copy-paste brings and the XSD keeps."""


class LeafScan:
    """Document-wide facts about the TISS leaf values, recorded during the hash walk (as its
    :class:`~tissbill.xml.epilogo.LeafHook`) for the value rules: padded values, suspect
    characters, indentation.

    Only these few candidates are kept, never a list of every leaf.
    """

    __slots__ = ("indented", "padded", "suspect")
    namespace = q("")
    edges = PADDING

    def __init__(self) -> None:
        self.padded: list[etree._Element] = []
        """Leaves whose text starts or ends with a character of :data:`PADDING`, in document
        order."""
        self.suspect: list[etree._Element] = []
        """Leaves whose text holds a character outside ISO-8859-1 or a C1 control character
        (U+0080-U+009F), in document order."""
        self.indented = False
        """Whether some leaf has text after it (a tail), as in an indented file."""

    def edge_leaf(self, element: etree._Element) -> None:
        self.padded.append(element)

    def suspect_leaf(self, element: etree._Element) -> None:
        self.suspect.append(element)

    def tail_leaf(self, element: etree._Element) -> None:
        self.indented = True


class MessageContext:
    """The whole ``mensagemTISS`` being validated."""

    def __init__(
        self,
        root: etree._Element,
        *,
        version: str | None,
        profile: Profile,
        declared_encoding: str | None = None,
        value_markup: Sequence[tuple[etree._Element, ValueMarkup]] = (),
        history: History | None = None,
    ) -> None:
        self.root = root
        self.history = history
        """Lotes billed before (the ledger), for the history checks; None: this file only."""
        self.version = version
        """The schema version the file is validated against (its ``Padrao``), when known."""
        self.profile = profile
        self.declared_encoding = declared_encoding
        self.value_markup = value_markup
        """Leaves whose value held a comment, PI or CDATA section when the file was read (see
        :attr:`tissbill.xml.parser.ParsedDocument.value_markup`)."""
        self.schema_valid = False
        """Whether the file passed the XSD of :attr:`version` (set by the validation)."""

    def optional_in_schema(self, element: etree._Element) -> bool | None:
        """Whether the XSD of :attr:`version` lets ``element`` be omitted where it stands (from
        the version's facts, :mod:`tissbill.spec`); None when unknown (no version, or a place
        the XSD does not declare, such as inside a signature)."""
        if self.version is None:
            return None
        path = spec_path(element)
        if path is None:
            return None
        facts = spec.for_version(self.version).find(path)
        return None if facts is None else not facts.required_when_chosen

    @cached_property
    def cabecalho(self) -> etree._Element | None:
        return find(self.root, "cabecalho")

    @property
    def leaf_scan(self) -> LeafScan:
        """Document-wide facts about the TISS leaf values (see :class:`LeafScan`)."""
        return self._hash_walk[1]

    def refused_values(
        self, check_for: Callable[[str], ValueCheck | None]
    ) -> Iterator[tuple[etree._Element, str]]:
        """The leaves whose stripped text their field's check refuses, with that text; by
        field in order of first appearance, then in document order.

        ``check_for(name)`` is the check of the fields with local name ``name``, None for the
        fields the rule does not look at. For rules over every field of a kind (all dates, all
        money), which usually have nothing to report: when the file passed the XSD, the fields
        its version declares are all it can hold, and one C-level walk per check, without
        making Python strings of the tags, shows that every value passes. Otherwise the tags
        of every leaf are read, and only the leaves of the wanted ones are grouped by tag.
        """
        declared = _declared_by_check(self.version, check_for)
        if self._only_declared_tags:
            if all(
                all(accepts((e.text or "").strip()) for e in self.root.iter(*tags))
                for accepts, tags in declared.items()
            ):
                return
            wanted = {tag: accepts for accepts, tags in declared.items() for tag in tags}
        else:
            wanted = {
                tag: accepts
                for tag in self._leaf_tags
                if (accepts := check_for(tag[len(_TISS_PREFIX) :])) is not None
            }
        if not wanted:  # iter() without tags would walk every element
            return
        groups: dict[str, list[etree._Element]] = {}
        for element in self.root.iter(*wanted):
            if len(element) == 0:
                groups.setdefault(element.tag, []).append(element)
        for tag, elements in groups.items():
            accepts = wanted[tag]
            for element in elements:
                value = (element.text or "").strip()
                if not accepts(value):
                    yield element, value

    def all_dates_before(self, name: str, limit: dt.date) -> bool:
        """Whether every ``name`` element of the file holds a plain AAAA-MM-DD before ``limit``.

        One C-level walk comparing text (ISO dates sort as text): the quick way for a rule on
        late dates to skip the most frequent date field when none of its values is late.
        """
        before = limit.isoformat()
        return all(
            len(value := element.text or "") == 10 and value < before
            for element in self.root.iter(q(name))
        )

    @property
    def _only_declared_tags(self) -> bool:
        """Whether the file's TISS elements are all declared by its XSD: it passed the XSD and
        no TISS element sits inside a signature."""
        return self.schema_valid and not self._tiss_inside_signatures

    @cached_property
    def _leaf_tags(self) -> list[str]:
        """The distinct tags of the TISS leaves, in order of first appearance."""
        tags = dict.fromkeys(e.tag for e in self.root.iter(_ANY_TISS) if len(e) == 0)
        return list(tags)

    @cached_property
    def _tiss_inside_signatures(self) -> bool:
        """Whether a TISS element sits inside a signature, where the XSD of the signature
        (``xs:any``, lax) lets elements of any name through."""
        for signature in self._signatures:
            if any(element is not signature for element in signature.iter(_ANY_TISS)):
                return True
        return False

    @cached_property
    def _signatures(self) -> list[etree._Element]:
        """The xmldsig signatures of the file and the TISS elements of signature type."""
        return list(self.root.iter(_SIGNATURE, *_SIGNATURE_ELEMENTS))

    @property
    def hash_check(self) -> HashCheck:
        """The epílogo hash verification, computed once for the hash rules."""
        return self._hash_walk[0]

    @cached_property
    def _hash_walk(self) -> tuple[HashCheck, LeafScan]:
        # One reading of the tree for the hash and for the leaf scan: creating the Python
        # objects of every element is most of the cost of a walk, and a file that passed the
        # XSD without signatures can be read without them (see epilogo.verify).
        scan = LeafScan()
        unsigned = not self._signatures
        return verify(self.root, scan, text_in_leaves=self.schema_valid and unsigned), scan

    @cached_property
    def lote(self) -> etree._Element | None:
        return find(self.root, "prestadorParaOperadora/loteGuias")

    @cached_property
    def guias_tiss(self) -> etree._Element | None:
        return None if self.lote is None else find(self.lote, "guiasTISS")

    @cached_property
    def guias(self) -> list[GuiaContext]:
        if self.guias_tiss is None:
            return []
        return [
            GuiaContext(child, self)
            for child in self.guias_tiss
            if isinstance(child.tag, str) and local_name(child) in KIND_BY_ELEMENT
        ]
