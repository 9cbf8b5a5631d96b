"""Runs the registered business rules over a parsed message and produces findings."""

from __future__ import annotations

from lxml import etree

from tissbill.validation.context import GuiaContext, MessageContext
from tissbill.validation.findings import Finding
from tissbill.validation.registry import STRICT_PROFILE, Hit, Profile, Rule, guia_rules, message_rules


def element_xpath(element: etree._Element) -> str:
    """XPath of ``element`` with the ``ans:`` prefix and 1-based positions where needed."""
    steps: list[str] = []
    node: etree._Element | None = element
    while node is not None:
        tag = node.tag
        if not isinstance(tag, str):
            break
        ns, _, local = tag[1:].partition("}") if tag.startswith("{") else ("", "", tag)
        prefix = "ans:" if ns.endswith("/tiss/schemas") else ("ds:" if "xmldsig" in ns else "")
        parent = node.getparent()
        step = prefix + local
        if parent is not None:
            same = [c for c in parent if c.tag == tag]
            if len(same) > 1:
                step += f"[{same.index(node) + 1}]"
        steps.append(step)
        node = parent
    return "/" + "/".join(reversed(steps))


def _finding(rule: Rule, hit: Hit, profile: Profile, guia: str | None) -> Finding | None:
    severity = profile.severity_for(rule, hit.severity)
    if severity is None:
        return None
    element = hit.element
    return Finding(
        code=rule.code,
        severity=severity,
        message=hit.message,
        line=element.sourceline if element is not None else None,
        xpath=element_xpath(element) if element is not None else None,
        guia=guia,
    )


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
    findings: list[Finding] = []
    for rule in message_rules():
        for hit in rule.check(message):
            finding = _finding(rule, hit, profile, _guia_of(hit.element, message))
            if finding is not None:
                findings.append(finding)
    guia_checks = guia_rules()
    for guia in message.guias:
        for rule in guia_checks:
            for hit in rule.check(guia):
                finding = _finding(rule, hit, profile, guia.numero)
                if finding is not None:
                    findings.append(finding)
    return findings


def _guia_of(element: etree._Element | None, message: MessageContext) -> str | None:
    if element is None:
        return None
    for guia in message.guias:
        node: etree._Element | None = element
        while node is not None:
            if node is guia.element:
                return guia.numero
            node = node.getparent()
    return None
