"""``tissbill report``: the printable lote summary (HTML with A4 print CSS)."""

from __future__ import annotations

from pathlib import Path

import click

from tissbill.cli._support import quiet_option, user_errors

_EPILOG = """\b
Exemplos:
  tissbill report lotes/lote-58114-consulta.xml -o lote-58114.html
  tissbill report lotes/*.xml -o lotes.html

\b
Abra o HTML no navegador e imprima (A4); cada lote começa em uma página nova. Para PDF:
  chromium --headless --no-sandbox --print-to-pdf=lote.pdf lote-58114.html

\b
Código de saída: 0 relatório gravado; 1 algum arquivo ilegível ou que não é um lote TISS;
2 uso incorreto ou arquivo inexistente.
"""


@click.command("report", epilog=_EPILOG, short_help="Resumo impresso do lote (HTML para A4).")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--output",
    "-o",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Arquivo HTML a gravar.",
)
@quiet_option
@user_errors
def report_command(files: tuple[Path, ...], output: Path, quiet: bool) -> None:
    """Gera o resumo impresso do lote (como o "Imprimir" do portal da operadora): prestador,
    operadora, lote, período, campos de protocolo em branco, uma linha por guia ou item,
    totais por categoria e espaço para assinaturas, pronto para imprimir em A4.
    """
    from tissbill.report import render_files

    html = render_files(files)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(html, encoding="utf-8")
    if not quiet:
        click.echo(f"Relatório gravado em {output}")
