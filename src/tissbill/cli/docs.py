"""docs/cli.md, generated from the click commands so the reference cannot drift from ``--help``.

Regenerate with ``python -m tissbill.cli.docs > docs/cli.md``; a test fails when the committed
file differs from what this module produces. The output does not depend on the terminal width.
"""

from __future__ import annotations

import inspect

import click

from tissbill.cli import cli

REGENERATE = "python -m tissbill.cli.docs > docs/cli.md"

_TITLE_MAX = 30  # "Exemplos:" is a title; a sentence that ends in ":" is not


def _paragraphs(text: str) -> list[str]:
    """Markdown for click help text: ``\\b`` blocks are kept as written (a title line ending
    in ``:`` becomes bold, the rest a code block); other paragraphs are joined into one line."""
    out: list[str] = []
    for block in inspect.cleandoc(text).split("\n\n"):
        lines = block.splitlines()
        if lines and lines[0].strip() == "\b":
            lines = lines[1:]
            if lines and lines[0].rstrip().endswith(":") and not lines[0].startswith(" "):
                title = lines[0].strip()
                out.append(f"**{title}**" if len(title) <= _TITLE_MAX else title)
                lines = lines[1:]
            if all(line.startswith("  ") for line in lines if line.strip()):
                body = "\n".join(line[2:] for line in lines)
                out.append(f"```\n{body}\n```")
            else:
                out.append(" ".join(line.strip() for line in lines))
        else:
            out.append(" ".join(line.strip() for line in lines))
    return [p for p in out if p]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _options(command: click.Command, ctx: click.Context) -> list[str]:
    rows = []
    for param in command.get_params(ctx):
        if not isinstance(param, click.Option) or "--help" in param.opts:
            continue
        record = param.get_help_record(ctx)
        if record is None:
            continue
        names, help_text = record
        rows.append(f"| `{_cell(names)}` | {_cell(help_text)} |")
    if not rows:
        return []
    return ["| Opção | Descrição |", "| --- | --- |", *rows]


def _command(command: click.Command, ctx: click.Context, level: int) -> list[str]:
    path = ctx.command_path
    usage = " ".join([path, *command.collect_usage_pieces(ctx)])
    parts = [f"{'#' * level} `{path}`", *_paragraphs(command.help or "")]
    parts.append(f"```\n{usage}\n```")
    options = _options(command, ctx)
    if options:
        parts.append("\n".join(options))
    if command.epilog:
        parts.extend(_paragraphs(command.epilog))
    if isinstance(command, click.Group):
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is not None and not sub.hidden:
                child = click.Context(sub, info_name=name, parent=ctx)
                parts.extend(_command(sub, child, level + 1))
    return parts


def render_markdown(group: click.Group | None = None) -> str:
    """The content of docs/cli.md: every command of ``group`` (the ``tissbill`` group)."""
    if group is None:
        group = cli
    ctx = click.Context(group, info_name="tissbill")
    parts = [
        "# Linha de comando (`tissbill`)",
        f"<!-- Gerado por `{REGENERATE}`; não edite à mão. -->",
        "Todos os comandos aceitam `-h`/`--help`. Códigos de saída: **0** sem erros, **1** "
        "erros nos arquivos ou nas entradas, **2** uso incorreto, arquivo inexistente ou "
        "schemas XSD não instalados. `python -m tissbill` funciona como `tissbill`.",
    ]
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if command is not None and not command.hidden:
            parts.extend(_command(command, click.Context(command, info_name=name, parent=ctx), 2))
    return "\n\n".join(parts) + "\n"


if __name__ == "__main__":
    print(render_markdown(), end="")
