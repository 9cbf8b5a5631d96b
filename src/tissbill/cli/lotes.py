"""``tissbill lotes``: what the ledger recorded, uploads, and imports of older files."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from tissbill.cli._support import (
    EXIT_ERRORS,
    EXIT_OK,
    OPTIONS_METAVAR,
    ledger_option,
    parse_periodo,
    user_errors,
)

if TYPE_CHECKING:
    from tissbill.billing.workflow import Periodo
    from tissbill.ledger import LoteInfo


@click.group(
    "lotes",
    options_metavar=OPTIONS_METAVAR,
    subcommand_metavar="[COMANDO] [ARGUMENTOS]...",
    invoke_without_command=True,
)
@ledger_option
@click.option(
    "--operadora", metavar="REGISTRO_ANS", help="Só os lotes desta operadora (registro ANS)."
)
@click.option(
    "--periodo",
    callback=parse_periodo,
    metavar="INICIO:FIM",
    help="Só os lotes gerados ou importados no período, ex.: 2023-11-01:2023-11-30.",
)
@click.option(
    "--estado",
    type=click.Choice(["gerado", "enviado", "protocolado", "analisado", "pago", "importado"]),
    help="Só os lotes neste estado.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "csv"]),
    default="text",
    show_default=True,
)
@click.pass_context
@user_errors
def lotes_command(
    ctx: click.Context,
    ledger_location: str | None,
    operadora: str | None,
    periodo: Periodo | None,
    estado: str | None,
    output_format: str,
) -> None:
    """Lista os lotes registrados no ledger (gerados pelo build ou importados)."""
    ctx.obj = ledger_location
    if ctx.invoked_subcommand is not None:
        return
    # Deferred for start-up time: loaded when the command runs, not for --help.
    from tissbill.ledger import Ledger

    with Ledger.open(ledger_location) as ledger:
        ledger.recover()
        found = ledger.lotes(
            operadora=operadora,
            desde=periodo.inicio if periodo else None,
            ate=periodo.fim if periodo else None,
            estado=estado,
        )
    click.echo(_render(found, output_format), nl=False)


def _render(found: list[LoteInfo], output_format: str) -> str:
    if output_format == "json":
        return json.dumps([info.to_dict() for info in found], ensure_ascii=False, indent=2) + "\n"
    if output_format == "csv":
        buffer = io.StringIO()
        columns = list(found[0].to_dict()) if found else ["numero_lote"]
        writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(info.to_dict() for info in found)
        return buffer.getvalue()
    if not found:
        return "Nenhum lote registrado.\n"
    # Deferred for start-up time: loaded when the command runs, not for --help.
    from tissbill.formatting import brl

    lines = []
    for info in found:
        enviado = f", enviado em {info.enviado_em:%d/%m/%Y %H:%M}" if info.enviado_em else ""
        lines.append(
            f"lote {info.numero_lote} (transação {info.sequencial_transacao}) · operadora "
            f"{info.operadora} · {info.guias} guia(s) de {info.tipo_guia} · "
            f"{brl(info.valor_total)} · {info.estado}{enviado} · "
            f"{info.criado_em:%d/%m/%Y %H:%M} · {info.arquivo}"
        )
    return "\n".join(lines) + "\n"


@lotes_command.command("marcar-enviado", options_metavar=OPTIONS_METAVAR)
@click.argument("numero_lote", metavar="NUMERO_LOTE")
@click.option(
    "--operadora",
    metavar="REGISTRO_ANS",
    help="Registro ANS, quando o mesmo número existe em duas operadoras.",
)
@click.pass_obj
@user_errors
def marcar_enviado(ledger_location: str | None, numero_lote: str, operadora: str | None) -> None:
    """Registra que o lote NUMERO_LOTE foi enviado (upload no portal da operadora)."""
    # Deferred for start-up time: loaded when the command runs, not for --help.
    from tissbill.ledger import Ledger

    with Ledger.open(ledger_location) as ledger:
        info = ledger.marcar_enviado(numero_lote, operadora=operadora)
    assert info.enviado_em is not None
    click.echo(f"Lote {info.numero_lote} marcado como enviado em {info.enviado_em:%d/%m/%Y %H:%M}.")


@lotes_command.command("importar", options_metavar=OPTIONS_METAVAR)
@click.argument(
    "folder", metavar="PASTA", type=click.Path(exists=True, file_okay=False, path_type=Path)
)
@click.pass_obj
@user_errors
def importar(ledger_location: str | None, folder: Path) -> None:
    """Registra no ledger os lotes XML de PASTA gerados por outro sistema (ou por um tissbill
    anterior), para que numeração e histórico partam do que já foi enviado. Um arquivo já
    registrado é ignorado."""
    # Deferred for start-up time: loaded when the command runs, not for --help.
    from tissbill.ledger import Ledger

    files = sorted(p for p in folder.rglob("*") if p.suffix.lower() == ".xml" and p.is_file())
    with Ledger.open(ledger_location) as ledger:
        result = ledger.importar(files)
    click.echo(
        f"{len(result.registrados)} lote(s) registrado(s), {len(result.ja_registrados)} já "
        f"estava(m) no ledger, {len(result.recusados)} recusado(s)."
    )
    for path, reason in result.recusados:
        click.echo(f"Recusado: {path}: {reason}", err=True)
    raise click.exceptions.Exit(EXIT_ERRORS if result.recusados else EXIT_OK)


__all__ = ["lotes_command"]
