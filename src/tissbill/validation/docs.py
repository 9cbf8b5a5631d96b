"""docs/rules.md, generated from the rule catalogue so the documentation cannot drift.

Regenerate with ``python -m tissbill.validation.docs > docs/rules.md``; a test fails when the
committed file differs from what this module produces.
"""

from __future__ import annotations

from dataclasses import dataclass

from tissbill.validation.catalogue import PIPELINE_CODES, all_rules
from tissbill.validation.findings import Severity

REGENERATE = "python -m tissbill.validation.docs > docs/rules.md"

SEVERITY_NAMES = {Severity.ERROR: "erro", Severity.WARNING: "aviso", Severity.INFO: "info"}


@dataclass(frozen=True, slots=True)
class Entry:
    """One line of ``tissbill rules``: a business rule or a code of the pipeline itself."""

    code: str
    severity: Severity
    area: str
    title: str
    description: str
    scope: str
    opt_in: bool = False
    """Off unless an operadora profile switches it on (see docs/profiles.md)."""

    @property
    def severity_label(self) -> str:
        """Portuguese severity name, marked when the rule is off by default."""
        label = SEVERITY_NAMES[self.severity]
        return f"{label} (opcional)" if self.opt_in else label


def entries() -> list[Entry]:
    """Every finding code tissbill can report: pipeline codes first, then the rules by code."""
    found = [
        Entry(c.code, c.severity, c.area, c.description, c.description, "file")
        for c in PIPELINE_CODES
    ]
    found.extend(
        Entry(r.code, r.severity, r.area, r.title, r.description, r.scope.value, r.opt_in)
        for r in all_rules()
    )
    return found


def render_markdown() -> str:
    """The content of docs/rules.md."""
    lines = [
        "# Regras de validação do tissbill",
        "",
        f"<!-- Gerado por `{REGENERATE}`; não edite à mão. -->",
        "",
        "Cada achado (finding) tem um código estável, uma severidade e uma mensagem em português.",
        "Só achados de severidade **erro** tornam um arquivo inválido; **aviso** e **info**",
        "não impedem o envio. Um perfil de operadora (`tissbill validate --profile`, veja",
        "[profiles.md](profiles.md)) pode mudar a severidade de um código, desligá-lo ou ligar",
        "uma regra **opcional**, que fica desligada quando nenhum perfil a pede.",
        "",
        "## Leitura, esquema e execução",
        "",
        "Códigos emitidos pelo próprio pipeline de validação (leitura segura do arquivo, escolha",
        "da versão, validação pelo XSD oficial da ANS).",
        "",
        "| Código | Severidade | Área | Descrição |",
        "| --- | --- | --- | --- |",
    ]
    listed = entries()
    builtin = len(PIPELINE_CODES)
    rules = listed[builtin:]
    for entry in listed[:builtin]:
        lines.append(_row(entry.code, entry.severity, entry.area, entry.description))
    lines += [
        "",
        "## Regras de negócio",
        "",
        f"{len(rules)} regras, com os códigos do catálogo de regras TISS.",
        "",
        "| Código | Severidade | Área | Escopo | Regra |",
        "| --- | --- | --- | --- | --- |",
    ]
    for entry in rules:
        text = f"**{entry.title}**" + (
            f" — {entry.description}" if entry.description != entry.title else ""
        )
        lines.append(
            f"| {entry.code} | {entry.severity_label} | {_cell(entry.area)} "
            f"| {entry.scope} | {_cell(text)} |"
        )
    return "\n".join(lines) + "\n"


def _row(code: str, severity: Severity, area: str, description: str) -> str:
    return f"| {code} | {SEVERITY_NAMES[severity]} | {_cell(area)} | {_cell(description)} |"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


if __name__ == "__main__":
    import sys

    sys.stdout.write(render_markdown())
