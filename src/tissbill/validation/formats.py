"""Rendering validation reports: text for people, JSON, GitHub annotations and JUnit for CI."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

import click

from tissbill.spec.kinds import KIND_BY_ELEMENT
from tissbill.validation.findings import Finding, Report, Severity

FORMATS = ("text", "json", "github", "junit")

SEVERITY_LABELS = {Severity.ERROR: "erro", Severity.WARNING: "aviso", Severity.INFO: "info"}

# Characters XML 1.0 cannot carry; a quoted value in a message must not break the JUnit file.
# A pattern, compiled by re on first use: compiling it costs ~5 ms, which only JUnit needs.
_NOT_XML_CHAR = "[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"


def summary(reports: Sequence[Report]) -> dict[str, int]:
    """Counts for the whole run: files, valid files, error findings, warning findings."""
    return {
        "files": len(reports),
        "valid": sum(1 for r in reports if r.valid),
        "errors": sum(len(r.errors) for r in reports),
        "warnings": sum(len(r.warnings) for r in reports),
    }


def render(
    reports: Sequence[Report], output_format: str, *, color: bool = False, quiet: bool = False
) -> str:
    """The whole output of a run in ``output_format`` (one of :data:`FORMATS`)."""
    if output_format == "json":
        return render_json(reports)
    if output_format == "github":
        return render_github(reports)
    if output_format == "junit":
        return render_junit(reports)
    if output_format == "text":
        return render_text(reports, color=color, quiet=quiet)
    raise ValueError(f"unknown format {output_format!r}")


def render_json(reports: Sequence[Report]) -> str:
    """One JSON object: ``{"files": [...], "summary": {...}}``."""
    document: dict[str, Any] = {
        "files": [_json_report(report) for report in reports],
        "summary": summary(reports),
    }
    return indented_json(document)


def indented_json(value: Any) -> str:
    """Exactly ``json.dumps(value, ensure_ascii=False, indent=2)``, several times faster on
    reports: with ``indent`` the standard library leaves its C encoder for a Python generator
    per value, the largest cost of printing 1,000 reports that came from the cache."""
    parts: list[str] = []
    _indented(value, "\n", parts)
    return "".join(parts)


_encode_text = json.encoder.encode_basestring  # what json.dumps uses with ensure_ascii=False


def _indented(value: Any, newline: str, parts: list[str]) -> None:
    """Append ``value`` as JSON indented by two spaces; ``newline`` is a newline followed
    by the indentation of the line ``value`` starts on."""
    kind = type(value)
    if kind is str:
        parts.append(_encode_text(value))
    elif value is None:
        parts.append("null")
    elif value is True:
        parts.append("true")
    elif value is False:
        parts.append("false")
    elif kind is int:
        parts.append(int.__repr__(value))
    elif kind is list and not value:
        parts.append("[]")  # a report without findings
    elif kind is list:
        inner = newline + "  "
        separator = "["
        for item in value:
            parts.append(separator + inner)
            _indented(item, inner, parts)
            separator = ","
        parts.append(newline + "]")
    elif kind is dict and value:
        start = len(parts)
        inner = newline + "  "
        separator = "{"
        for key, item in value.items():
            if type(key) is not str:  # json turns other keys into text its own way
                del parts[start:]
                parts.append(_standard(value, newline))
                return
            parts.append(separator + inner + _encode_text(key) + ": ")
            _indented(item, inner, parts)
            separator = ","
        parts.append(newline + "}")
    else:  # empty mappings, floats, other types
        parts.append(_standard(value, newline))


def _standard(value: Any, newline: str) -> str:
    """The standard library's text for ``value``, indented to start after ``newline``."""
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", newline)


def _json_report(report: Report) -> dict[str, Any]:
    """``report.to_dict()`` with the guia kinds as ``tipo_guia`` slugs (``sp_sadt``), the
    identifiers ``tissbill info`` and the models use."""
    data = report.to_dict()
    if report.guia_type:
        kinds = report.guia_type.split(",")
        data["guia_type"] = ",".join(
            KIND_BY_ELEMENT[kind].slug if kind in KIND_BY_ELEMENT else kind for kind in kinds
        )
    return data


def render_github(reports: Sequence[Report]) -> str:
    """GitHub Actions workflow commands, one annotation per finding."""
    command = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    lines: list[str] = []
    for report in reports:
        for finding in report.findings:
            properties = [f"file={_gh_property(report.path or '-')}"]
            if finding.line is not None:
                properties.append(f"line={finding.line}")
                if finding.column is not None:
                    properties.append(f"col={finding.column}")
            properties.append(f"title={_gh_property(finding.code)}")
            text = _gh_data(_located_message(finding))
            lines.append(f"::{command[finding.severity]} {','.join(properties)}::{text}")
    return "\n".join(lines)


def render_junit(reports: Sequence[Report]) -> str:
    """JUnit XML: one test case per file, failed when the file has an error finding."""
    # Deferred for start-up time: only JUnit output needs an XML writer.
    from xml.etree import ElementTree

    failures = sum(1 for r in reports if not r.valid)
    suites = ElementTree.Element(
        "testsuites",
        name="tissbill validate",
        tests=str(len(reports)),
        failures=str(failures),
        errors="0",
    )
    suite = ElementTree.SubElement(
        suites,
        "testsuite",
        name="tissbill",
        tests=str(len(reports)),
        failures=str(failures),
        errors="0",
        skipped="0",
    )
    for report in reports:
        path = report.path or "-"
        case = ElementTree.SubElement(
            suite,
            "testcase",
            classname="tissbill.validate",
            name=_xml_text(path),
            file=_xml_text(path),
        )
        errors = report.errors
        if errors:
            failure = ElementTree.SubElement(
                case,
                "failure",
                message=_xml_text(_count(len(errors), "erro", "erros")),
                type=errors[0].code,
            )
            failure.text = _xml_text("\n".join(_plain_line(f) for f in errors))
        others = [f for f in report.findings if f.severity is not Severity.ERROR]
        if others:
            out = ElementTree.SubElement(case, "system-out")
            out.text = _xml_text("\n".join(_plain_line(f) for f in others))
    body = ElementTree.tostring(suites, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body


def render_text(reports: Sequence[Report], *, color: bool = False, quiet: bool = False) -> str:
    """Portuguese text grouped per file, for the person who fixes the lote.

    ``quiet`` keeps only errors and warnings (and the files that have them) and drops the
    summary: on hundreds of files, advice such as "no digital signature" would drown them.
    """

    def style(text: str, **kwargs: Any) -> str:
        return click.style(text, **kwargs) if color else text

    severity_style: dict[Severity, dict[str, Any]] = {
        Severity.ERROR: {"fg": "red", "bold": True},
        Severity.WARNING: {"fg": "yellow", "bold": True},
        Severity.INFO: {"fg": "blue"},
    }
    blocks: list[str] = []
    for report in reports:
        findings = [f for f in report.findings if not quiet or f.severity is not Severity.INFO]
        if quiet and not findings:
            continue
        status = (
            style("VÁLIDO", fg="green", bold=True)
            if report.valid
            else style("INVÁLIDO", fg="red", bold=True)
        )
        lines = [f"{style(report.path or '(mensagem)', bold=True)}: {status}{_describe(report)}"]
        for finding in findings:
            label = SEVERITY_LABELS[finding.severity].upper().ljust(5)
            where = _position(finding)
            if finding.guia is not None:
                where.append(f"guia {finding.guia}")
            if finding.item is not None:
                where.append(f"item {finding.item}")
            head = f"  {style(label, **severity_style[finding.severity])} {finding.code}"
            lines.append(head + (f" ({', '.join(where)})" if where else ""))
            lines.append(f"        {finding.message}")
            if finding.snippet:
                lines.append(f"        {finding.snippet}")
            if finding.xpath:
                lines.append(style(f"        em {finding.xpath}", dim=True))
        blocks.append("\n".join(lines))
    if not quiet and len(reports) > 1:  # one file: its own line already says it all
        totals = summary(reports)
        invalid = totals["files"] - totals["valid"]
        blocks.append(
            f"{_count(totals['files'], 'arquivo', 'arquivos')}: "
            f"{_count(totals['valid'], 'válido', 'válidos')}, "
            f"{_count(invalid, 'inválido', 'inválidos')}; "
            f"{_count(totals['errors'], 'erro', 'erros')}, "
            f"{_count(totals['warnings'], 'aviso', 'avisos')}."
        )
    return "\n\n".join(blocks)


def _describe(report: Report) -> str:
    parts: list[str] = []
    if report.version:
        parts.append(f"TISS {report.version}")
    if report.guia_type:
        kinds = ", ".join(
            KIND_BY_ELEMENT[k].label if k in KIND_BY_ELEMENT else k
            for k in report.guia_type.split(",")
        )
        parts.append(f"{_count(report.guias, 'guia', 'guias')} de {kinds}")
    counts = []
    if report.errors:
        counts.append(_count(len(report.errors), "erro", "erros"))
    if report.warnings:
        counts.append(_count(len(report.warnings), "aviso", "avisos"))
    parts.extend(counts)
    return f" ({' · '.join(parts)})" if parts else ""


def _count(n: int, singular: str, plural: str) -> str:
    return f"{n} {singular if n == 1 else plural}"


def _position(finding: Finding) -> list[str]:
    """``["linha 2", "coluna 1045"]``: generated lotes are one line, the column finds it."""
    if finding.line is None:
        return []
    if finding.column is None:
        return [f"linha {finding.line}"]
    return [f"linha {finding.line}", f"coluna {finding.column}"]


def _located_message(finding: Finding) -> str:
    context = []
    if finding.guia is not None:
        context.append(f"guia {finding.guia}")
    if finding.item is not None:
        context.append(f"item {finding.item}")
    if finding.snippet:
        context.append(finding.snippet)
    if finding.xpath:
        context.append(finding.xpath)
    return finding.message + (f" [{'; '.join(context)}]" if context else "")


def _plain_line(finding: Finding) -> str:
    position = _position(finding)
    where = f"{', '.join(position)}: " if position else ""
    label = SEVERITY_LABELS[finding.severity].upper()
    return f"{label} {finding.code} {where}{_located_message(finding)}"


def _gh_data(text: str) -> str:
    # Escaping defined by the GitHub Actions toolkit for command data.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def _xml_text(text: str) -> str:
    return re.sub(_NOT_XML_CHAR, "\ufffd", text)
