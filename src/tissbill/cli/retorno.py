"""``tissbill retorno importar``: record the operadora's returns in the ledger."""

from __future__ import annotations

from pathlib import Path

import click

from tissbill.cli._support import EXIT_ERRORS, EXIT_OK, OPTIONS_METAVAR, ledger_option, user_errors


@click.group(
    "retorno", options_metavar=OPTIONS_METAVAR, subcommand_metavar="COMANDO [ARGUMENTOS]..."
)
def retorno_command() -> None:
    """Retornos da operadora: protocolo, situação, demonstrativos de análise e de pagamento."""


@retorno_command.command("importar", options_metavar=OPTIONS_METAVAR)
@click.argument(
    "arquivos",
    metavar="ARQUIVO...",
    nargs=-1,
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
)
@ledger_option
@user_errors
def importar(arquivos: tuple[Path, ...], ledger_location: str | None) -> None:
    """Valida cada ARQUIVO da operadora (XSD, hash, regras) e o registra no ledger, casando-o
    com o lote, as guias e os itens faturados. Cada arquivo é importado sozinho: um arquivo
    recusado não altera nada, e os outros são registrados. Um arquivo (ou demonstrativo) já
    importado é ignorado. Sai com 1 se algum arquivo foi recusado."""
    # Deferred for start-up time: loaded when the command runs, not for --help.
    from tissbill.ledger import Ledger
    from tissbill.ledger.retornos import IMPORTADO, JA_IMPORTADO, importar_retornos

    with Ledger.open(ledger_location) as ledger:
        results = importar_retornos(ledger, arquivos)
    for result in results:
        if result.situacao == IMPORTADO:
            click.echo(f"Importado: {result.arquivo}: {result.mensagem}.")
            for text in result.nao_casados:
                click.echo(f"  Não casado com o faturado: {text}")
        elif result.situacao == JA_IMPORTADO:
            click.echo(f"Já importado: {result.arquivo}: {result.mensagem}.")
        else:
            click.echo(
                f"Recusado: {result.arquivo}: {result.mensagem}. O ledger não mudou.", err=True
            )
    refused = sum(1 for r in results if r.situacao not in (IMPORTADO, JA_IMPORTADO))
    raise click.exceptions.Exit(EXIT_ERRORS if refused else EXIT_OK)


__all__ = ["retorno_command"]
