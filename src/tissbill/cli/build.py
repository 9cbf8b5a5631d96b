"""``tissbill build``: guias (JSON, YAML or CSV) in, validated lote XML files out.

The workflow lives in :mod:`tissbill.billing` and :mod:`tissbill.csv_input`; this module only
parses options and prints.
"""

from __future__ import annotations

from contextlib import nullcontext
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from tissbill.cli._support import (
    EXIT_ERRORS,
    EXIT_OK,
    EXIT_USAGE,
    console,
    fail,
    profile_option,
    quiet_option,
    user_errors,
)
from tissbill.versions import DEFAULT_VERSION, SUPPORTED_VERSIONS

if TYPE_CHECKING:
    from rich.console import Console

    from tissbill.billing import Collected, Periodo, Removed
    from tissbill.builder import LoteSettings, LoteTISS, Numbering
    from tissbill.ledger import Ledger
    from tissbill.validation.findings import Report
    from tissbill.validation.profile import Profile

_EPILOG = """\b
Exemplos:
  tissbill build atendimentos.csv --config config.yaml --periodo 2023-11-01:2023-11-30 -o lotes/
  tissbill build lote.yaml -o lotes/
  tissbill build guias.json --prestador 11222333000181 --operadora 331988 -o lotes/

\b
Código de saída: 0 todos os lotes gravados sem erros; 1 algum lote com erros de validação
(não gravado, ou gravado com --force), entrada inválida ou lote já existente na pasta (nada
é gravado); 2 uso incorreto ou schemas XSD não instalados.
"""


def _periodo(ctx: click.Context, param: click.Parameter, value: str | None) -> Periodo | None:
    if value is None:
        return None
    # Deferred for start-up time: loaded when the command runs, not for --help.
    from tissbill.billing import Periodo

    try:
        return Periodo.parse(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@click.command("build", epilog=_EPILOG)
@click.argument(
    "inputs", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--output-dir",
    "-o",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Pasta onde os lotes são gravados (criada se não existir).",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Arquivo YAML/JSON com prestador, registro_ans, versao, numeração e 'padroes' "
    "(valores das colunas ausentes no CSV).",
)
@click.option(
    "--prestador",
    help="Quem envia o lote: CNPJ ou CPF, com ou sem pontuação (dígitos verificadores "
    "conferidos), ou o código na operadora; um código de 11 ou 14 dígitos vai como codigo:….",
)
@click.option("--operadora", "registro_ans", help="Registro ANS da operadora (6 dígitos).")
@click.option(
    "--version",
    "--versao",
    "versao",
    type=click.Choice([v.value for v in SUPPORTED_VERSIONS]),
    help=f"Versão TISS dos arquivos (padrão: a da configuração, ou {DEFAULT_VERSION.value}).",
)
@click.option(
    "--periodo",
    callback=_periodo,
    metavar="INICIO:FIM",
    help="Só atendimentos dentro do período (como Dt. Inicial/Dt. Final do portal), "
    "ex.: 2023-11-01:2023-11-30 ou 01/11/2023:30/11/2023.",
)
@click.option(
    "--max-guias",
    type=click.IntRange(1, 100),
    help="Máximo de guias por lote (até 100, o limite da ANS).",
)
@click.option("--numero-lote-inicial", type=click.IntRange(min=1), help="Número do primeiro lote.")
@click.option(
    "--force",
    is_flag=True,
    help="Grava também os lotes com erros de validação (saída 1), aceita um --numero-lote-inicial "
    "já usado e substitui lotes de mesmo nome já existentes na pasta.",
)
@click.option(
    "--ledger",
    "ledger_location",
    metavar="CAMINHO|URL",
    help="Registro dos lotes faturados, que dá a numeração (padrão: $TISSBILL_LEDGER ou "
    "ledger.sqlite na pasta de dados do usuário). Veja docs/ledger.md.",
)
@click.option(
    "--store",
    type=click.Path(file_okay=False, path_type=Path),
    help="Pasta dos schemas XSD (padrão: $TISSBILL_SCHEMAS ou a pasta de dados do usuário).",
)
@profile_option
@quiet_option
@user_errors
def build_command(
    inputs: tuple[Path, ...],
    output_dir: Path,
    config_path: Path | None,
    prestador: str | None,
    registro_ans: str | None,
    versao: str | None,
    periodo: Periodo | None,
    max_guias: int | None,
    numero_lote_inicial: int | None,
    force: bool,
    ledger_location: str | None,
    store: Path | None,
    profile: Profile,
    quiet: bool,
) -> None:
    """Gera os lotes XML TISS a partir de guias em JSON, YAML ou CSV.

    Cada lote tem até 100 guias de um só tipo e uma só operadora. Nos CSV só entram as
    linhas com status conferido/confirmado e, com --periodo, só os atendimentos do período;
    o que fica de fora é listado com o motivo. Cada lote é validado (XSD oficial e regras)
    antes de ser gravado: um lote com erros não é gravado, a não ser com --force. Os lotes
    são gravados todos ou nenhum, e um lote já existente na pasta não é substituído, a não ser
    com --force.
    """
    # Deferred for start-up time: loaded when the command runs, not for --help.
    from tissbill import billing

    config = billing.BuildConfig.load(config_path) if config_path else billing.BuildConfig()
    collected = billing.collect(inputs, config=config, periodo=periodo, registro_ans=registro_ans)
    try:
        identification = billing.prestador_identification(prestador) if prestador else None
    except billing.BillingError as exc:
        fail(f"--prestador: {exc}", EXIT_USAGE)
    options: dict[str, Any] = {
        "prestador": identification,
        "registro_ans": registro_ans,
        "versao": versao,
        "max_guias": max_guias,
        "numero_lote_inicial": numero_lote_inicial,
    }
    try:
        settings = billing.resolve_settings(collected.documents, config, options)
    except billing.MissingSettingError as exc:
        fail(str(exc), EXIT_USAGE)
    out = console()
    err = console(stderr=True)
    if collected.removed:
        if quiet:
            click.echo(
                f"Aviso: {len(collected.removed)} atendimento(s) deixado(s) de fora; "
                "rode sem --quiet para ver a lista.",
                err=True,
            )
        else:
            _print_removed(out, collected.removed)
    # Deferred for start-up time: loaded when the command runs, not for --help.
    from tissbill.ledger import Ledger, prestador_key

    # Numbers come from the ledger, and the lotes written are recorded in the same transaction:
    # a build that fails anywhere leaves neither rows nor files.
    with Ledger.open(ledger_location) as ledger:
        ledger.recover()
        with ledger.billing(
            prestador_key(settings.prestador),
            primeiro_lote=settings.numero_lote_inicial,
            primeira_transacao=settings.sequencial_transacao_inicial,
            explicito=numero_lote_inicial is not None,
            force=force,
        ) as run:
            results = _build(
                collected,
                settings,
                store,
                profile,
                ledger=ledger,
                numbering=run.next_numbers,
                show_progress=not quiet and err.is_terminal,
            )
            chosen = [lote for lote, report in results if report.valid or force]
            billing.refuse_existing(chosen, output_dir, replace=force)
            written = {lote.filename: run.write(lote, output_dir) for lote in chosen}
    problems = [report for _, report in results if report.findings]
    if problems:
        # Deferred for start-up time: loaded when the command runs, not for --help.
        from tissbill.validation.formats import render_text

        click.echo(render_text(problems, color=err.is_terminal, quiet=True), err=True)
    if not quiet:
        _print_summary(out, results, written)
    failed = [lote.filename for lote, report in results if not report.valid]
    if failed:
        if force:
            message = "gravado(s) com --force apesar dos erros"
        else:
            message = "não gravado(s); corrija as entradas ou use --force"
        click.echo(f"Erro: {len(failed)} lote(s) com erros de validação, {message}.", err=True)
    raise click.exceptions.Exit(EXIT_ERRORS if failed else EXIT_OK)


def _build(
    collected: Collected,
    settings: LoteSettings,
    store: Path | None,
    profile: Profile,
    *,
    ledger: Ledger,
    numbering: Numbering,
    show_progress: bool,
) -> list[tuple[LoteTISS, Report]]:
    """Each lote with its validation report (made by the builder, named after the file)."""
    # Deferred for start-up time: loaded when the command runs, not for --help.
    from tissbill import billing
    from tissbill.schemas import SchemaStore

    schema_store = SchemaStore(store) if store is not None else None
    status = console(stderr=True).status("Gerando e validando os lotes") if show_progress else None
    with status or nullcontext():
        lotes = billing.build(
            collected,
            settings,
            profile=profile,
            store=schema_store,
            history=ledger,
            numbering=numbering,
        )
    results = []
    for lote in lotes:
        assert lote.report is not None  # billing.build always validates
        results.append((lote, lote.report))
    return results


def _print_removed(out: Console, removed: list[Removed]) -> None:
    # Deferred for start-up time: loaded when the command runs, not for --help.
    from rich.table import Table

    from tissbill.validation.text import brl

    table = Table(title=f"Deixados de fora do lote ({len(removed)})", title_justify="left")
    for header in ("Origem", "Guia", "Data", "Procedimento/item", "Valor", "Motivo"):
        table.add_column(header, justify="right" if header == "Valor" else "left")
    for item in removed:
        table.add_row(
            item.origem,
            item.guia,
            f"{item.data:%d/%m/%Y}" if item.data else "",
            item.descricao,
            brl(item.valor) if item.valor is not None else "",
            item.motivo,
        )
    out.print(table)


def _print_summary(
    out: Console, results: list[tuple[LoteTISS, Report]], written: dict[str, Path]
) -> None:
    # Deferred for start-up time: loaded when the command runs, not for --help.
    from rich.table import Table

    from tissbill.summary import GUIA_LABELS
    from tissbill.validation.text import brl

    table = Table(title="Lotes", title_justify="left")
    for header in ("Lote", "Tipo de guia", "Guias", "Valor total", "Situação", "Arquivo"):
        table.add_column(header, justify="right" if header in ("Guias", "Valor total") else "left")
    total = Decimal("0.00")
    guias = 0
    for lote, report in results:
        path = written.get(lote.filename)
        if not report.valid:
            situacao = "[red]com erros[/red]"
        elif report.warnings:
            situacao = f"[yellow]válido, {len(report.warnings)} aviso(s)[/yellow]"
        else:
            situacao = "[green]válido[/green]"
        table.add_row(
            lote.numero_lote,
            GUIA_LABELS[lote.guia_type],
            str(len(lote.guias)),
            brl(lote.valor_total),
            situacao,
            str(path) if path else "(não gravado)",
        )
        total += lote.valor_total
        guias += len(lote.guias)
    if len(results) > 1:
        table.add_section()
        table.add_row("Total", "", str(guias), brl(total), "", "")
    out.print(table)
