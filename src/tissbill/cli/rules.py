"""``tissbill rules``: every finding code with its severity, area and description."""

from __future__ import annotations

import json

import click


@click.command("rules")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
    help="text: lista legível; json: lista de objetos; markdown: o conteúdo de docs/rules.md.",
)
def rules_command(output_format: str) -> None:
    """Lista as regras de validação: código, severidade, área e descrição."""
    # Deferred for start-up time: loaded when the command runs, not for --help.
    from tissbill.validation.docs import entries, render_markdown

    if output_format == "markdown":
        click.echo(render_markdown(), nl=False)
        return
    listed = entries()
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
    width = max(len(e.code) for e in listed)
    for entry in listed:
        click.echo(
            f"{click.style(entry.code.ljust(width), bold=True)}  "
            f"{entry.severity_label:<5}  {entry.area}"
        )
        click.echo(f"{' ' * width}  {entry.description}")
