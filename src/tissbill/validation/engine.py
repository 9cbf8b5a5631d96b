"""Runs the registered business rules over a parsed message and produces findings.

Rules run in one pass over the tree, in the catalog's order of evaluation: message rules, then
every guia rule on each guia, and the epílogo hash rules (``HASH-*``) last. A rule that crashes
on an unexpected structure must not take the whole report down, nor let the file pass as checked:
the crash becomes a ``RULE-CRASH`` error finding and the other rules still run.
"""

from __future__ import annotations

import codecs
import re
from collections import Counter
from collections.abc import Callable

from lxml import etree

from tissbill.spec.kinds import KIND_BY_ELEMENT
from tissbill.validation.catalogue import guia_rules, message_rules
from tissbill.validation.context import GuiaContext, MessageContext
from tissbill.validation.declaration import Rule
from tissbill.validation.findings import (
    Finding,
    Severity,
    short_ctx,
    shorten,
    without_long_value,
)
from tissbill.validation.profile import STRICT_PROFILE, Profile
from tissbill.xml.elements import local_name
from tissbill.xml.namespaces import q
from tissbill.xml.parser import wide_encoding


class XPathIndex:
    """Canonical XPaths (``/ans:a/ans:b[2]``) for the elements of one tree.

    Positions among same-name siblings are computed once per parent, so labelling thousands of
    findings under one parent (a pathological lote with 20 000 items) stays linear.
    """

    def __init__(self) -> None:
        self._steps: dict[etree._Element, dict[etree._Element, str]] = {}

    def __call__(self, element: etree._Element) -> str:
        steps: list[str] = []
        node: etree._Element | None = element
        while node is not None and isinstance(node.tag, str):
            parent = node.getparent()
            steps.append(_step_name(node.tag) if parent is None else self._steps_of(parent)[node])
            node = parent
        return "/" + "/".join(reversed(steps))

    def _steps_of(self, parent: etree._Element) -> dict[etree._Element, str]:
        steps = self._steps.get(parent)
        if steps is None:
            # Comments and processing instructions have no name and take no position.
            children = [(tag, c) for c in parent if isinstance(tag := c.tag, str)]
            counts = Counter(tag for tag, _ in children)
            seen: Counter[str] = Counter()
            steps = {}
            for tag, child in children:
                name = _step_name(tag)
                if counts[tag] > 1:
                    seen[tag] += 1
                    name += f"[{seen[tag]}]"
                steps[child] = name
            self._steps[parent] = steps
        return steps


def _step_name(tag: str) -> str:
    ns, _, local = tag[1:].partition("}") if tag.startswith("{") else ("", "", tag)
    prefix = "ans:" if ns.endswith("/tiss/schemas") else ("ds:" if "xmldsig" in ns else "")
    return prefix + local


def element_xpath(element: etree._Element) -> str:
    """XPath of ``element`` with the ``ans:`` prefix and 1-based positions where needed.

    For many elements of the same tree, share one :class:`XPathIndex` instead.
    """
    return XPathIndex()(element)


def source_line(element: etree._Element) -> int | None:
    """The line where ``element`` starts in its file (lxml-stubs mistype ``sourceline``)."""
    line = element.sourceline
    return line if isinstance(line, int) else None


class SourceIndex:
    """Columns of start tags in the source text, computed only for elements with a finding.

    lxml knows the line of an element, not its column. The column is found by counting: the
    element is the n-th element of its name on its line (in document order), so its start tag
    is the n-th ``<prefix:name`` on that line of the text. The text is decoded once, and each
    line's tags of a name, and each name's elements, are indexed once, so the cost stays at
    zero for a valid file and linear for thousands of findings. Columns are in characters
    (not bytes), so accented ISO-8859-1 or UTF-8 text before the tag counts once per letter.
    """

    def __init__(self, data: bytes = b"", encoding: str | None = None) -> None:
        self._data = data
        self._encoding = encoding
        self._text: str | None = None
        self._line_starts: list[int] = []
        self._tags: dict[tuple[str, int], list[int]] = {}
        self._ranks: dict[str, dict[etree._Element, tuple[int, int]]] = {}

    def column(self, element: etree._Element) -> int | None:
        """Column (from 1) where ``element``'s start tag begins on its line; None when unknown."""
        line = source_line(element)
        tag = element.tag
        if not self._data or line is None or not isinstance(tag, str):
            return None
        text = self._decoded()
        if text is None or line > len(self._line_starts):
            return None
        ranks = self._ranks.get(tag)
        if ranks is None:
            ranks = self._ranks[tag] = _ranks_on_line(element.getroottree().getroot(), tag)
        prefix = element.prefix
        name = f"{prefix}:{local_name(element)}" if prefix else local_name(element)
        starts = self._tags.get((name, line))
        if starts is None:
            begin = self._line_starts[line - 1]
            end = self._line_starts[line] if line < len(self._line_starts) else len(text)
            tag_start = re.compile("<" + re.escape(name) + r"(?=[\s/>])")
            starts = [m.start() - begin for m in tag_start.finditer(text, begin, end)]
            self._tags[(name, line)] = starts
        rank = ranks.get(element)
        # A tag inside a comment or CDATA would shift the count: then the column is not known.
        if rank is None or len(starts) != rank[1]:
            return None
        return starts[rank[0]] + 1

    def _decoded(self) -> str | None:
        if self._text is None:
            # A UTF-8 BOM makes the parser read UTF-8 whatever the declaration says.
            bom = self._data.startswith(codecs.BOM_UTF8)
            codec = wide_encoding(self._data) or ("utf-8" if bom else self._encoding) or "utf-8"
            try:
                codecs.lookup(codec)
            except LookupError:
                return None
            start = 3 if bom else 0
            self._text = self._data[start:].decode(codec, "replace").lstrip("\ufeff")
            self._line_starts = [0] + [m.end() for m in re.finditer("\n", self._text)]
        return self._text


def _ranks_on_line(root: etree._Element, tag: str) -> dict[etree._Element, tuple[int, int]]:
    """For each element named ``tag``: its position among the elements of that name and prefix
    on its line, and how many there are."""
    groups: dict[tuple[str | None, int | None], list[etree._Element]] = {}
    for element in root.iter(tag):
        groups.setdefault((element.prefix, source_line(element)), []).append(element)
    return {
        element: (position, len(group))
        for group in groups.values()
        for position, element in enumerate(group)
    }


_SEQUENCIAL = q("sequencialItem")
_GUIAS = frozenset(q(name) for name in KIND_BY_ELEMENT)


def item_of(element: etree._Element) -> str | None:
    """sequencialItem of the guia item (procedimento, despesa...) holding ``element``."""
    node: etree._Element | None = element
    while node is not None and node.tag not in _GUIAS:
        sequencial = node.find(_SEQUENCIAL)
        if sequencial is not None:
            return (sequencial.text or "").strip() or None
        node = node.getparent()
    return None


# XML escapes that also keep the snippet on one line (xml.sax.saxutils would pull in urllib).
_SNIPPET_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}
)


def snippet_of(element: etree._Element) -> str | None:
    """``element`` as one short line: ``<valorTotal>7200.00</valorTotal>``, ``<cabecalhoGuia>…``
    for an element with children; a long value is shortened, never copied whole."""
    if not isinstance(element.tag, str):
        return None
    name = local_name(element)
    if next(element.iterchildren(etree.Element), None) is not None:
        return f"<{name}>…</{name}>"
    value = element.text or ""
    if not value:
        return f"<{name}/>"
    shown = shorten(value).translate(_SNIPPET_ESCAPES)
    return f"<{name}>{shown}</{name}>"


def located(
    code: str,
    severity: Severity,
    message: str,
    element: etree._Element,
    *,
    xpath: str,
    guia: str | None,
    source: SourceIndex,
    ctx: dict[str, object] | None = None,
) -> Finding:
    """A finding about ``element``, with everything that helps find it in the file."""
    return Finding(
        code=code,
        severity=severity,
        message=without_long_value(message, element.text),
        line=source_line(element),
        xpath=xpath,
        guia=guia,
        column=source.column(element),
        item=item_of(element),
        snippet=snippet_of(element),
        ctx=ctx or {},
    )


def guia_locator(message: MessageContext) -> Callable[[etree._Element | None], str | None]:
    """A function giving the numeroGuiaPrestador of the guia that contains an element."""
    container = message.guias_tiss
    numbers = {guia.element: guia.numero for guia in message.guias}

    def guia_of(element: etree._Element | None) -> str | None:
        if element is None or container is None:
            return None
        node: etree._Element | None = element
        while node is not None:
            parent = node.getparent()
            if parent is container:
                return numbers.get(node)
            node = parent
        return None

    return guia_of


def evaluate(
    message: MessageContext,
    *,
    xpath_of: XPathIndex | None = None,
    source: SourceIndex | None = None,
) -> list[Finding]:
    """Run every registered rule over ``message`` (HASH rules last).

    ``xpath_of`` lets the caller share the XPath index with other steps of the same run;
    ``source`` indexes the file's text, to give the column of each finding.
    """
    profile = message.profile
    guia_of = guia_locator(message)
    xpath = xpath_of or XPathIndex()
    located_in = source or SourceIndex()
    message_level = [r for r in message_rules() if profile.enables(r)]
    hash_rules = [r for r in message_level if r.code.startswith("HASH-")]
    findings: list[Finding] = []
    for rule in message_level:
        if rule not in hash_rules:
            _apply(rule, message, profile, findings, guia_of, xpath, located_in, None)
    per_guia = [r for r in guia_rules() if profile.enables(r)]
    by_kind: dict[str, list[Rule]] = {}
    for guia in message.guias:
        rules = by_kind.get(guia.kind)
        if rules is None:
            rules = by_kind[guia.kind] = [r for r in per_guia if r.applies_to(guia.kind)]
        for rule in rules:
            _apply(rule, guia, profile, findings, guia_of, xpath, located_in, guia)
        guia.release()
    for rule in hash_rules:
        _apply(rule, message, profile, findings, guia_of, xpath, located_in, None)
    return findings


def run_rules(
    root: etree._Element,
    *,
    version: str | None = None,
    profile: Profile = STRICT_PROFILE,
    declared_encoding: str | None = None,
) -> list[Finding]:
    """Run every registered rule over the message rooted at ``root``."""
    message = MessageContext(
        root, version=version, profile=profile, declared_encoding=declared_encoding
    )
    return evaluate(message)


def _apply(
    rule: Rule,
    context: MessageContext | GuiaContext,
    profile: Profile,
    findings: list[Finding],
    guia_of: Callable[[etree._Element | None], str | None],
    xpath: XPathIndex,
    source: SourceIndex,
    guia: GuiaContext | None,
) -> None:
    try:
        for hit in rule.check(context):
            severity = profile.severity_for(rule, hit.severity)
            if severity is None:
                continue
            element = hit.element
            numero = guia.numero if guia is not None else guia_of(element)
            if element is None:
                findings.append(
                    Finding(rule.code, severity, hit.message, guia=numero, ctx=short_ctx(hit.ctx))
                )
                continue
            findings.append(
                located(
                    rule.code,
                    severity,
                    hit.message,
                    element,
                    xpath=xpath(element),
                    guia=numero,
                    source=source,
                    ctx=short_ctx(hit.ctx),
                )
            )
    except Exception as exc:  # a bug in one rule must not hide the other findings
        findings.append(
            Finding(
                code="RULE-CRASH",
                severity=Severity.ERROR,
                message=(
                    f"A verificação {rule.code} não pôde ser concluída por um erro interno do "
                    f"tissbill ({type(exc).__name__}: {exc}); o arquivo não foi totalmente "
                    "verificado. Informe o suporte do tissbill."
                ),
                xpath=xpath(guia.element) if guia is not None else None,
                guia=guia.numero if guia is not None else None,
            )
        )
