"""``tissbill rules``: every finding code with its severity, area and description, or one code
in detail."""

from __future__ import annotations

import json
import re
import textwrap
from typing import TYPE_CHECKING

import click

from tissbill.cli._support import (
    EXIT_USAGE,
    command,
    fail,
    format_option,
)

if TYPE_CHECKING:
    from tissbill.validation.docs import Entry

_EPILOG = """\b
Exemplos:
  tissbill rules
  tissbill rules OD-004
  tissbill rules --format json
"""

_SCOPES = {"message": "o arquivo inteiro", "guia": "cada guia", "file": "a leitura do arquivo"}
_EXAMPLE = re.compile(r"\b(?:ex\.:|por exemplo)\s+([^)]+)")
_WIDTH = 88


@command(
    "rules", epilog=_EPILOG, short_help="Lista as regras de validação, ou mostra uma em detalhe."
)
@click.argument("code", metavar="[CÓDIGO]", required=False)
@format_option(
    "text",
    "json",
    "markdown",
    help="text: lista legível; json: lista de objetos; markdown: o conteúdo de docs/rules.md.",
)
def rules_command(code: str | None, output_format: str) -> None:
    """Lista as regras de validação: código, severidade, área, título e descrição.

    Com um CÓDIGO (ex.: OD-004), mostra só essa regra em detalhe: o que ela confere, como
    corrigir e um exemplo, quando a regra tem um.
    """
    # Deferred for start-up time: loaded when the command runs, not for --help.
    from tissbill.validation.docs import entries, render_markdown

    listed = entries()
    if code is not None:
        wanted = code.strip().upper()
        listed = [e for e in listed if e.code == wanted]
        if not listed:
            fail(f"código desconhecido: {code}. Veja a lista com: tissbill rules", EXIT_USAGE)
        if output_format == "markdown":
            fail("--format markdown é a página inteira; não use com um CÓDIGO", EXIT_USAGE)
    if output_format == "markdown":
        click.echo(render_markdown(), nl=False)
        return
    if output_format == "json":
        data = [
            {
                "code": e.code,
                "severity": e.severity.value,
                "area": e.area,
                "scope": e.scope,
                "title": e.title,
                "description": e.description,
                "opt_in": e.opt_in,
            }
            for e in listed
        ]
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    if code is not None:
        _print_detail(listed[0])
        return
    width = max(len(e.code) for e in listed)
    for entry in listed:
        click.echo(
            f"{click.style(entry.code.ljust(width), bold=True)}  "
            f"{entry.severity_label:<5}  {entry.area:<9}  {entry.title}"
        )
        if entry.description != entry.title:
            click.echo(f"{' ' * width}  {entry.description}")


def _print_detail(entry: Entry) -> None:
    paragraphs = _explanation(entry)
    click.echo(click.style(f"{entry.code} — {entry.title}", bold=True))
    click.echo(f"Severidade: {entry.severity_label}")
    click.echo(f"Área: {entry.area}")
    click.echo(f"Confere: {_SCOPES.get(entry.scope, entry.scope)}")
    click.echo()
    click.echo("O que confere:")
    for paragraph in paragraphs:
        click.echo(_indent(paragraph))
    click.echo()
    click.echo("Como corrigir:")
    if entry.scope == "file":  # the pipeline's own codes: the file itself is the problem
        advice = (
            "Confira o arquivo indicado na mensagem do achado e gere-o de novo no sistema de "
            "origem (ou copie de novo o original): o problema está no próprio arquivo, não "
            "em um campo de uma guia."
        )
    else:
        advice = (
            "Corrija no sistema de origem o campo apontado na mensagem do achado (`tissbill "
            "validate` mostra o arquivo, a linha, a guia e o item) e gere o lote de novo; não "
            "edite o XML à mão, que muda o hash do epílogo."
        )
    if entry.opt_in:
        advice += " Esta regra é opcional: só roda quando o perfil da operadora a liga."
    advice += (
        " Se a operadora aceita o caso, um perfil (--profile, veja docs/profiles.md) muda a "
        f"severidade de {entry.code} ou a desliga."
    )
    click.echo(_indent(advice))
    examples = [m.group(1).strip().rstrip(".,;") for m in _EXAMPLE.finditer(" ".join(paragraphs))]
    if examples:
        click.echo()
        click.echo("Exemplo:")
        for example in dict.fromkeys(examples):
            click.echo(_indent(example))


def _explanation(entry: Entry) -> list[str]:
    """Every paragraph of the rule's docstring (the listing shows only the first)."""
    # Deferred for start-up time: loaded when the command runs, not for --help.
    import inspect

    from tissbill.validation.catalogue import all_rules

    for rule in all_rules():
        if rule.code == entry.code and rule.check.__doc__:
            text = inspect.cleandoc(rule.check.__doc__)
            text = text.replace("``", "`")  # reStructuredText literals read as Markdown ones
            return [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]
    return [entry.description]


def _indent(text: str) -> str:
    return textwrap.fill(text, width=_WIDTH, initial_indent="  ", subsequent_indent="  ")
