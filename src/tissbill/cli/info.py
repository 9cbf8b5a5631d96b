"""``tissbill info``: what a lote file contains, like the lote screen of the portals."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from tissbill.cli._support import (
    EXIT_ERRORS,
    EXIT_OK,
    command,
    console,
    format_option,
    input_files,
    quiet_option,
    user_errors,
)

if TYPE_CHECKING:
    from rich.console import Console

    from tissbill.billing.summary import LoteSummary

_EPILOG = """\b
Exemplos:
  tissbill info lotes/lote-58114-consulta.xml
  tissbill info --format json lotes/*.xml

\b
Código de saída: 0 todos os arquivos lidos; 1 algum arquivo ilegível ou que não é um lote
TISS; 2 uso incorreto ou arquivo inexistente.
"""


@command("info", epilog=_EPILOG, short_help="Resumo de um lote: guias, período e totais.")
@input_files()
@format_option(
    "text",
    "json",
    help="text: para pessoas; json: uma lista com um objeto por arquivo (valores em texto, "
    "com ponto decimal).",
)
@quiet_option
@user_errors
def info_command(files: tuple[Path, ...], output_format: str, quiet: bool) -> None:
    """Mostra versão, operadora, prestador, número do lote, guias, período e totais por
    categoria (procedimentos, diárias, taxas e aluguéis, materiais, medicamentos, OPME, gases
    medicinais e total geral) de arquivos XML TISS.
    """
    # Deferred for start-up time: loaded when the command runs, not for --help.
    from tissbill.billing.summary import summarise_file
    from tissbill.errors import TissBillError

    summaries: list[LoteSummary] = []
    ok = True
    for path in files:
        try:
            summaries.append(summarise_file(path))
        except TissBillError as exc:
            click.echo(f"Erro: {path}: {exc}", err=True)
            ok = False
    if output_format == "json":
        click.echo(json.dumps([s.to_dict() for s in summaries], ensure_ascii=False, indent=2))
    elif not quiet:
        out = console()
        for summary in summaries:
            _print_text(out, summary)
    raise click.exceptions.Exit(EXIT_OK if ok else EXIT_ERRORS)


def _print_text(out: Console, summary: LoteSummary) -> None:
    # Deferred for start-up time: loaded when the command runs, not for --help.
    from rich.table import Table

    from tissbill.billing.summary import CATEGORIES
    from tissbill.formatting import brl, day

    head = Table.grid(padding=(0, 2))
    head.add_column(style="bold")
    head.add_column()
    inicio, fim = summary.periodo_inicio, summary.periodo_fim
    periodo = f"{day(inicio)} a {day(fim)}" if inicio and fim else "—"
    for label, value in (
        ("Arquivo", summary.path or ""),
        ("Versão TISS", summary.versao),
        ("Operadora (registro ANS)", summary.operadora),
        ("Prestador", summary.prestador),
        ("Número do lote", summary.numero_lote),
        ("Data do envio", summary.data_registro.strftime("%d/%m/%Y %H:%M:%S")),
        ("Guias", f"{summary.quantidade_guias} ({summary.tipo_guia_label})"),
        (summary.periodo_label, periodo),
        ("Hash do epílogo", summary.hash or "(vazio)"),
    ):
        head.add_row(label, value)
    totals = Table(title="Totais", title_justify="left")
    totals.add_column("Categoria")
    totals.add_column("Valor", justify="right")
    for key, label in CATEGORIES.items():
        if key == "total_geral":
            totals.add_section()
            totals.add_row(f"[bold]{label}[/bold]", f"[bold]{brl(summary.totais[key])}[/bold]")
        else:
            totals.add_row(label, brl(summary.totais[key]))
    out.print(head)
    out.print(totals)
    out.print()
