"""``validate``: one TISS file (or message) in, one :class:`Report` out.

The pipeline follows the catalog's order of evaluation: safe parse (with the encoding checks),
version from ``cabecalho/Padrao``, official XSD of that version, business rules, epílogo hash
rules last. The file is parsed once and the schema compiled once per process. A file that cannot
be read, or is not a TISS message, stops the pipeline with one finding; any later problem is
reported and the remaining steps still run, so a schema-invalid file also gets its business
findings.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from lxml import etree

from tissbill.errors import XMLInputError
from tissbill.files import DEFAULT_MAX_BYTES
from tissbill.schemas import load_schema
from tissbill.validation import xsd
from tissbill.validation.context import MessageContext, find
from tissbill.validation.engine import (
    SourceIndex,
    XPathIndex,
    element_xpath,
    evaluate,
    guia_locator,
    located,
    source_line,
)
from tissbill.validation.findings import Finding, Report, Severity
from tissbill.validation.profile import STRICT_PROFILE, Profile
from tissbill.versions import TissVersion, supported_versions
from tissbill.xml.elements import local_name
from tissbill.xml.namespaces import TISS_NS, q
from tissbill.xml.parser import (
    ParsedDocument,
    Source,
    parse_bytes,
    read_source,
    source_name,
)

if TYPE_CHECKING:
    from tissbill.models.retornos import Mensagem
    from tissbill.schemas import SchemaStore
    from tissbill.validation.history import History

_ROOT_TAG = q("mensagemTISS")
_LATIN1 = frozenset({"iso-8859-1", "cp1252", "iso-8859-15"})


def validate(
    source: Source,
    *,
    profile: Profile = STRICT_PROFILE,
    max_bytes: int = DEFAULT_MAX_BYTES,
    store: SchemaStore | None = None,
    history: History | None = None,
) -> Report:
    """Validate a TISS message given as bytes, a path (``str`` or :class:`~pathlib.Path`), XML
    text (a ``str`` starting with ``<``) or a binary file object.

    With a ``history`` (the ledger of lotes already billed) the rules also compare the file
    with earlier lotes: numbers reused, guias billed again, internação windows.

    Never raises for a bad file: every problem, including unreadable, unsafe or non-XML input
    and paths that are not regular files, is a finding in the returned report. Raises
    :class:`~tissbill.xml.parser.SourceTypeError` (a ``TypeError``) for a source of any other
    type, and
    :class:`~tissbill.errors.SchemaNotInstalledError` when the XSD of the file's version is not
    in ``store`` (the default store when None), because then nothing meaningful can be said.
    """
    report = Report(path=source_name(source))
    try:
        data = read_source(source, max_bytes=max_bytes)
        document = parse_bytes(data, max_bytes=max_bytes)
    except XMLInputError as exc:
        report.findings.append(Finding(exc.code, Severity.ERROR, exc.message, exc.line))
        return report
    _check_document(
        document, report, profile, store, SourceIndex(data, document.declared_encoding), history
    )
    return report


def validate_message(
    message: Mensagem,
    *,
    profile: Profile = STRICT_PROFILE,
    store: SchemaStore | None = None,
    encoding: str = "iso-8859-1",
) -> Report:
    """Write ``message`` (a model built in memory) as TISS XML and validate those exact bytes.

    Raises what :func:`tissbill.xml.writer.write_message` raises for a model that cannot be
    written at all (e.g. text outside ISO-8859-1); everything else is a finding.
    """
    # Deferred for start-up time: the writer loads the pydantic models, which validating a
    # file never needs.
    from tissbill.xml.writer import write_message

    data = write_message(message, encoding=encoding)
    # The bytes are already in memory, so the input size limit has nothing to protect here.
    return validate(data, profile=profile, max_bytes=max(len(data), DEFAULT_MAX_BYTES), store=store)


def _check_document(
    document: ParsedDocument,
    report: Report,
    profile: Profile,
    store: SchemaStore | None,
    source: SourceIndex,
    history: History | None,
) -> None:
    findings = report.findings
    findings.extend(_encoding_findings(document, profile, source))
    root = document.root
    if root.tag != _ROOT_TAG:
        findings.append(_not_tiss(root, source))
        return
    version, version_problem = _version(root, source)
    message = MessageContext(
        root,
        version=version.value if version is not None else None,
        profile=profile,
        declared_encoding=document.declared_encoding,
        value_markup=document.value_markup,
        history=history,
    )
    report.version = message.version
    report.guias = len(message.guias)
    kinds = list(dict.fromkeys(guia.kind for guia in message.guias))
    report.guia_type = ",".join(kinds) if kinds else None
    guia_of = guia_locator(message)
    xpath_of = XPathIndex()
    issues: list[xsd.SchemaIssue] = []
    if version is not None:
        schema = load_schema(version, store)  # compiled on first use, then cached per process
        issues = xsd.check(document.tree, schema, guia_of=guia_of, xpath_of=xpath_of, source=source)
        message.schema_valid = not issues
    rule_findings = evaluate(message, xpath_of=xpath_of, source=source)
    # A schema error yields to the rule that explains it only when that rule reports it as an
    # error: a profile may soften the friendly finding, never the structural failure.
    explained = {f.code for f in rule_findings if f.severity is Severity.ERROR}
    covered = _covered_by_specific_rules(rule_findings)
    if version_problem is not None and not covered(version_problem):
        findings.append(version_problem)
    for issue in issues:
        if issue.explained_by not in explained:
            _add(findings, issue.finding, profile)
    findings.extend(f for f in rule_findings if f.code not in _GENERIC_RULES or not covered(f))


_GENERIC_RULES = frozenset({"GEN-001"})
"""Rules about any field (blank or padded values) that yield to a rule about that very field."""
_RANK = {Severity.INFO: 1, Severity.WARNING: 2, Severity.ERROR: 3}


def _covered_by_specific_rules(rule_findings: list[Finding]) -> Callable[[Finding], bool]:
    """Whether a generic finding repeats what a specific rule already says about its element.

    One problem, one finding: a blank numeroCarteira is reported by ID-007 ("informe a
    carteira"), not also by GEN-001; an unsupported Padrao by LOT-008, not also by
    XML-VERSION. The specific finding must be at least as severe, so nothing is downgraded on
    the way. Schema errors all stay: the XSD is the authority, and its message names the rule
    of the schema that was broken.
    """
    strongest: dict[str, int] = {}
    for finding in rule_findings:
        if finding.code not in _GENERIC_RULES and finding.xpath is not None:
            rank = _RANK[finding.severity]
            strongest[finding.xpath] = max(rank, strongest.get(finding.xpath, 0))

    def covered(finding: Finding) -> bool:
        found = strongest.get(finding.xpath) if finding.xpath is not None else None
        return found is not None and found >= _RANK[finding.severity]

    return covered


def _add(findings: list[Finding], finding: Finding, profile: Profile) -> None:
    """Append ``finding`` with the severity the profile gives its code (None: switched off)."""
    if finding.code in profile.severities:
        severity = profile.severities[finding.code]
        if severity is None:
            return
        finding = replace(finding, severity=severity)
    findings.append(finding)


def _encoding_findings(
    document: ParsedDocument, profile: Profile, source: SourceIndex
) -> list[Finding]:
    found: list[Finding] = []
    declared = document.declared_encoding
    if document.has_bom:
        if declared is not None and declared != "utf-8":
            message = (
                f"O arquivo começa com a marca BOM do UTF-8, mas o cabeçalho declara '{declared}'; "
                "o arquivo foi lido como UTF-8. Remova o BOM ou corrija a declaração: operadoras "
                "podem ler os acentos de forma diferente."
            )
        else:
            message = (
                "O arquivo começa com a marca BOM do UTF-8 (bytes EF BB BF), que algumas "
                "operadoras e portais rejeitam. Grave o arquivo sem BOM."
            )
        _add(found, Finding("XML-BOM", Severity.WARNING, message, 1), profile)
    line = document.double_encoded_line
    if line is not None:
        if declared in _LATIN1:
            message = (
                f"O cabeçalho declara {declared.upper()}, mas o texto da linha {line} parece "
                "gravado em UTF-8: a operadora verá acentos trocados (ex.: 'CÃ‚NULA' em vez de "
                "'CÂNULA') e o hash não conferirá. Grave o arquivo em ISO-8859-1 ou declare "
                'encoding="UTF-8".'
            )
        else:
            message = (
                f"O texto da linha {line} parece codificado duas vezes (ex.: 'Ã©' no lugar de "
                "'é'): o sistema que gerou o arquivo converteu a codificação a mais. Corrija "
                "a exportação antes de enviar."
            )
        element = _element_on_line(document.root, line)
        if element is None:
            finding = Finding("XML-MOJIBAKE", Severity.WARNING, message, line)
        else:
            finding = _at(element, "XML-MOJIBAKE", Severity.WARNING, message, source)
        _add(found, finding, profile)
    return found


def _element_on_line(root: etree._Element, line: int) -> etree._Element | None:
    """The first element on ``line`` whose text is not plain ASCII (where the mojibake is)."""
    for element in root.iter():
        if source_line(element) == line and isinstance(element.tag, str):
            value = element.text or ""
            if not value.isascii():
                return element
    return None


def _at(
    element: etree._Element, code: str, severity: Severity, message: str, source: SourceIndex
) -> Finding:
    return located(
        code, severity, message, element, xpath=element_xpath(element), guia=None, source=source
    )


def _not_tiss(root: etree._Element, source: SourceIndex) -> Finding:
    tag = root.tag if isinstance(root.tag, str) else ""
    namespace = tag[1:].partition("}")[0] if tag.startswith("{") else ""
    name = local_name(root)
    if name == "mensagemTISS":
        found = f"'{namespace}'" if namespace else "nenhum namespace"
        message = (
            f"O elemento raiz 'mensagemTISS' não está no namespace do padrão TISS ({TISS_NS}); "
            f"encontrado: {found}. Corrija a declaração xmlns do arquivo."
        )
    else:
        message = (
            f"O arquivo é XML, mas não é uma mensagem TISS: o elemento raiz é '{name}', e não "
            "'ans:mensagemTISS'."
        )
    return _at(root, "XML-NOT-TISS", Severity.ERROR, message, source)


def _version(
    root: etree._Element, source: SourceIndex
) -> tuple[TissVersion | None, Finding | None]:
    padrao = find(root, "cabecalho/Padrao")
    if padrao is None:
        return None, _at(
            root,
            "XML-VERSION",
            Severity.ERROR,
            "Não foi possível identificar a versão TISS: falta o elemento cabecalho/Padrao. "
            "O arquivo não foi validado pelo esquema XSD.",
            source,
        )
    value = (padrao.text or "").strip()
    try:
        return TissVersion(value), None
    except ValueError:
        supported = ", ".join(v.value for v in supported_versions())
        return None, _at(
            padrao,
            "XML-VERSION",
            Severity.ERROR,
            f"Versão TISS '{value}' (cabecalho/Padrao) não suportada pelo tissbill; versões "
            f"suportadas: {supported}. O arquivo não foi validado pelo esquema XSD.",
            source,
        )
