"""``tissbill recurso``: the recurso de glosa of a guia, from the glosas in the ledger."""

from __future__ import annotations

from pathlib import Path

import click

from tissbill.cli._support import EXIT_USAGE, OPTIONS_METAVAR, fail, ledger_option, user_errors

HELP = """Monta o recurso de glosa de uma guia a partir do demonstrativo de análise importado
(tissbill retorno importar): sem --item, recorre de todas as glosas da guia; com --item, só
das glosas desses itens. O recurso sai na versão TISS do demonstrativo, numerado pelo ledger
(numeroGuiaRecGlosaPrestador e sequencialTransacao), com o valor total recursado somado, o hash
do epílogo e validado (XSD e regras) antes de ser gravado em DIR e registrado no ledger. Ao
importar a resposta da operadora (respostaRecursoGlosa), o ledger registra o que foi
recuperado.

\b
Exemplo:
  tissbill recurso --lote 58114 --guia 2023110001 --item 1 \\
      --justificativa "Consulta autorizada pela senha 123456" -o recursos/

\b
Recusado, sem gravar nada: lote desconhecido, guia sem glosa, item não glosado, glosa já
contestada em outro recurso (use --force para recorrer de novo), justificativa acima do limite
do XSD (500 caracteres, nunca cortada), arquivo já existente em DIR.

\b
Código de saída: 0 recurso gravado e registrado; 1 pedido recusado (nada foi gravado);
2 uso incorreto ou schemas XSD não instalados.
"""


@click.command("recurso", options_metavar=OPTIONS_METAVAR, help=HELP)
@click.option("--lote", "numero_lote", required=True, metavar="N", help="Número do lote.")
@click.option(
    "--guia", "numero_guia", required=True, metavar="G", help="Número da guia no prestador."
)
@click.option(
    "--item",
    "itens",
    multiple=True,
    type=click.IntRange(min=1, max=9999),
    metavar="S",
    help="sequencialItem de um item glosado (repita para vários); sem ele, a guia inteira.",
)
@click.option(
    "--justificativa",
    required=True,
    metavar="TEXTO",
    help="Justificativa do hospital para o recurso (até 500 caracteres).",
)
@click.option(
    "--output-dir",
    "-o",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Pasta onde o recurso é gravado (criada se não existir).",
)
@ledger_option
@click.option(
    "--operadora",
    metavar="REGISTRO_ANS",
    help="Só quando dois lotes têm o mesmo número: o da operadora com este registro ANS.",
)
@click.option(
    "--prestador",
    metavar="CNPJ|CPF|CÓDIGO",
    help="Só quando dois lotes têm o mesmo número: o deste prestador.",
)
@click.option("--force", is_flag=True, help="Recorre de novo de glosas já contestadas.")
@user_errors
def recurso_command(
    numero_lote: str,
    numero_guia: str,
    itens: tuple[int, ...],
    justificativa: str,
    output_dir: Path,
    ledger_location: str | None,
    operadora: str | None,
    prestador: str | None,
    force: bool,
) -> None:
    # Deferred for start-up time: loaded when the command runs, not for --help.
    from tissbill.billing.workflow import prestador_identification
    from tissbill.errors import BillingError
    from tissbill.formatting import brl
    from tissbill.ledger import Ledger
    from tissbill.ledger.recursos import PedidoRecurso, criar_recurso
    from tissbill.ledger.store import prestador_key
    from tissbill.models.mensagem import IdentificacaoPrestador

    try:
        chave = (
            prestador_key(
                IdentificacaoPrestador.model_validate(prestador_identification(prestador))
            )
            if prestador
            else None
        )
    except BillingError as exc:
        fail(f"--prestador: {exc}", EXIT_USAGE)
    pedido = PedidoRecurso(
        numero_lote=numero_lote,
        numero_guia=numero_guia,
        justificativa=justificativa,
        itens=itens,
        operadora=operadora,
        prestador=chave,
        force=force,
    )
    with Ledger.open(ledger_location) as ledger:
        # A build or recurso killed after its commit is completed first (see Ledger.recover).
        ledger.recover()
        gravado = criar_recurso(ledger, pedido, output_dir)
    recurso = gravado.recurso
    click.echo(
        f"Recurso {recurso.numero_recurso} do lote {gravado.numero_lote} (operadora "
        f"{gravado.operadora}, TISS {recurso.message.version.value}): "
        f"{brl(recurso.valor_total_recursado)} recursados, gravado em {gravado.arquivo}."
    )
    for line in gravado.glosas:
        click.echo(f"  Guia {numero_guia}, {line}")


__all__ = ["recurso_command"]
