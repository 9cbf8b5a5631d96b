"""``tissbill glosas``: what the operadora glosou, per lote, guia and item, reconciled."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from tissbill.cli._support import (
    OPTIONS_METAVAR,
    console,
    ledger_option,
    parse_periodo,
    user_errors,
)

if TYPE_CHECKING:
    from decimal import Decimal

    from rich.console import Console

    from tissbill.billing.workflow import Periodo
    from tissbill.ledger.glosas import GlosaInfo, GuiaGlosas, LoteGlosas

CSV_HEADERS = (
    "Lote",
    "Protocolo",
    "Operadora",
    "Guia",
    "Item",
    "Código da glosa",
    "Descrição",
    "Valor glosado",
    "Informado da guia",
    "Liberado da guia",
    "Glosado da guia",
    "Pago da guia",
    "Recursado da guia",
    "Recuperado da guia",
    "Glosa enviada em",
)
ANALISE, RECEBIMENTO = "análise", "recebimento"
"""Last CSV column: the glosa came in the demonstrativo de análise (counted in the totals) or
already at receipt, in the protocolo (outside them)."""


@click.command("glosas", options_metavar=OPTIONS_METAVAR)
@ledger_option
@click.option("--operadora", metavar="REGISTRO_ANS", help="Só os lotes desta operadora.")
@click.option(
    "--periodo",
    callback=parse_periodo,
    metavar="INICIO:FIM",
    help="Só os lotes gerados ou importados no período, ex.: 2023-11-01:2023-11-30.",
)
@click.option("--lote", "numero_lote", metavar="NUMERO", help="Só este lote.")
@click.option(
    "--estado",
    type=click.Choice(["protocolado", "analisado", "pago"]),
    help="Só os lotes nesta situação.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "csv", "html"]),
    default="text",
    show_default=True,
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="ARQUIVO",
    help="Grava no ARQUIVO em vez de mostrar na tela (obrigatório com --format html).",
)
@user_errors
def glosas_command(
    ledger_location: str | None,
    operadora: str | None,
    periodo: Periodo | None,
    numero_lote: str | None,
    estado: str | None,
    output_format: str,
    output: Path | None,
) -> None:
    """Mostra, por lote, guia e item, o que a operadora informou, liberou, glosou (com o código
    da tabela 38) e pagou, conferindo os totais centavo a centavo: cada divergência aparece.
    Só lista lotes com algum retorno importado (`tissbill retorno importar`)."""
    if output_format == "html" and output is None:
        raise click.UsageError("--format html precisa de -o ARQUIVO.html")
    # Deferred for start-up time: loaded when the command runs, not for --help.
    from tissbill import files
    from tissbill.ledger import Ledger
    from tissbill.ledger.glosas import FiltroGlosas, to_json_dict
    from tissbill.tabelas import descricao_glosa

    filtro = FiltroGlosas(
        operadora=operadora,
        desde=periodo.inicio if periodo else None,
        ate=periodo.fim if periodo else None,
        numero_lote=numero_lote,
        estado=estado,
    )
    with Ledger.open(ledger_location) as ledger:
        lotes = ledger.glosas(filtro, descricao_glosa=descricao_glosa)
    if output_format == "json":
        content = json.dumps(to_json_dict(lotes), ensure_ascii=False, indent=2) + "\n"
    elif output_format == "csv":
        content = _csv(lotes)
    elif output_format == "html":
        # Deferred for start-up time: Jinja loads only for the HTML report.
        from tissbill.report.glosas import render_glosas

        content = render_glosas(lotes)
    elif output is None:
        _text(lotes, console())
        return
    else:
        # Deferred for start-up time: rich loads only for the text table.
        from rich.console import Console

        buffer = io.StringIO()
        _text(lotes, Console(file=buffer, width=100, highlight=False, soft_wrap=False))
        content = buffer.getvalue()
    if output is None:
        click.echo(content, nl=False)
        return
    files.atomic_write(output, content.encode("utf-8"))
    click.echo(f"Glosas de {len(lotes)} lote(s) gravadas em {output}.")


def _csv_money(value: Decimal | None) -> str:
    # Decimal comma: the file opens in a Brazilian spreadsheet with `;` as separator.
    return f"{value:.2f}".replace(".", ",") if value is not None else ""


def _csv(lotes: list[LoteGlosas]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(CSV_HEADERS)
    for lote in lotes:
        rows: list[tuple[GuiaGlosas | None, GlosaInfo, str]] = [
            (guia, glosa, ANALISE) for guia in lote.guias for glosa in guia.glosas
        ]
        rows += [(guia, glosa, RECEBIMENTO) for guia, glosa in lote.recebidas]
        for guia, glosa, origem in rows:
            totais = (
                (
                    guia.valor_informado,
                    guia.valor_liberado,
                    guia.valor_glosa,
                    guia.valor_pago,
                    guia.valor_recursado,
                    guia.valor_recuperado,
                )
                if guia is not None
                else (None,) * 6
            )
            writer.writerow(
                (
                    lote.numero_lote,
                    lote.protocolo or "",
                    lote.registro_ans,
                    guia.numero_guia_prestador if guia is not None else "",
                    glosa.sequencial_item if glosa.sequencial_item is not None else "",
                    glosa.codigo_glosa,
                    glosa.descricao or "",
                    _csv_money(glosa.valor_glosa),
                    *map(_csv_money, totais),
                    origem,
                )
            )
    return buffer.getvalue()


def _text(lotes: list[LoteGlosas], out: Console) -> None:
    # Deferred for start-up time: rich and the formatting helpers load only for the text.
    from rich.table import Table

    from tissbill.formatting import brl
    from tissbill.ledger.glosas import DIVERGENCIAS

    if not lotes:
        out.print("Nenhum lote com retorno da operadora no ledger.")
        return
    for lote in lotes:
        out.print(
            f"Lote {lote.numero_lote} · protocolo {lote.protocolo or '—'} · operadora "
            f"{lote.registro_ans} · {lote.estado}",
            soft_wrap=True,
        )
        out.print(
            f"  informado {brl(lote.valor_informado)} · liberado {brl(lote.valor_liberado)} · "
            f"glosado {brl(lote.valor_glosa)} · pago {brl(lote.valor_pago)} · recursado "
            f"{brl(lote.valor_recursado)} · recuperado {brl(lote.valor_recuperado)}",
            soft_wrap=True,
        )
        glosadas = lote.glosadas
        if glosadas:
            table = Table(title=f"Guias com glosa ({len(glosadas)})", title_justify="left")
            # A guia number is typed into the operadora's portal: never cut or wrapped.
            widest = max(len(g.numero_guia_prestador) for g in glosadas)
            table.add_column("Guia", no_wrap=True, min_width=widest)
            table.add_column("Item", justify="right", no_wrap=True)
            table.add_column("Glosa", no_wrap=True)
            table.add_column("Motivo", overflow="fold")
            table.add_column("Valor", justify="right", no_wrap=True)
            for guia in glosadas:
                rows = guia.glosas or ()
                for index, glosa in enumerate(rows):
                    table.add_row(
                        guia.numero_guia_prestador if index == 0 else "",
                        str(glosa.sequencial_item) if glosa.sequencial_item is not None else "guia",
                        glosa.codigo_glosa,
                        glosa.descricao or "",
                        brl(glosa.valor_glosa) if glosa.valor_glosa is not None else "",
                    )
                if not rows:
                    table.add_row(guia.numero_guia_prestador, "", "", "", brl(guia.valor_glosa))
                if guia.valor_recursado:
                    table.add_row(
                        "",
                        "",
                        "",
                        f"recurso: recursado {brl(guia.valor_recursado)} · recuperado "
                        f"{brl(guia.valor_recuperado)}",
                        "",
                    )
            out.print(table)
        for dona, recebida in lote.recebidas:
            onde = f"guia {dona.numero_guia_prestador}" if dona is not None else "protocolo inteiro"
            if recebida.sequencial_item is not None:
                onde += f", item {recebida.sequencial_item}"
            valor = f": {brl(recebida.valor_glosa)}" if recebida.valor_glosa is not None else ""
            motivo = f" ({recebida.descricao})" if recebida.descricao else ""
            out.print(
                f"  Glosa no recebimento: {onde}, glosa {recebida.codigo_glosa}{motivo}{valor}",
                soft_wrap=True,
            )
        for divergencia in lote.divergencias:
            out.print(
                f"  Divergência: {divergencia.onde}: {DIVERGENCIAS[divergencia.tipo]} "
                f"(esperado {brl(divergencia.esperado)}, encontrado "
                f"{brl(divergencia.encontrado)})",
                soft_wrap=True,
            )
        if not lote.divergencias:
            out.print("  Conciliado: informado = liberado + glosado em todas as guias.")


__all__ = ["glosas_command"]
